"""Shared fixtures: a small hand-written case whose aggregates are worked out by hand in
test_aggregate.py, and the repository's test data directory."""

import os
import pathlib

import pytest

import almen

# Testby: 2 areas, 4 departments, 2 years. 601-3 lacks nonwestern in 2024; 601-4 is new
# in 2024 (no 2023 figures); 601-3 has no year_built (an NA in an int column).
CASE_YAML = """\
format: 1
municipality:
  code: 997
  name: Testby
  region: Nordjylland
areas:
  - id: a1
    name: Aby
  - id: a2
    name: Bby
organisations:
  - id: "601"
    name: Testby Boligselskab
departments:
  - organisation: "601"
    number: 1
    name: Aby I
    area: a1
    dwellings:
      family: 100
    floor_area: 8000
    rent: 900
    year_built: 1970
    figures:
      - year: 2023
        residents: 200
        residents_18_64: 100
        outside_labour_fte: 10
        nonwestern: 20
      - year: 2024
        residents: 210
        residents_18_64: 100
        outside_labour_fte: 12.5
        nonwestern: 21
  - organisation: "601"
    number: 2
    name: Aby II
    area: a1
    dwellings:
      family: 20
    floor_area: 1500
    year_built: 1975
    figures:
      - year: 2023
        residents: 40
        residents_18_64: 20
        outside_labour_fte: 10
        nonwestern: 30
      - year: 2024
        residents: 40
        residents_18_64: 20
        outside_labour_fte: 9
        nonwestern: 28
  - organisation: "601"
    number: 3
    name: Bby I
    area: a2
    dwellings:
      family: 50
    floor_area: 4000
    rent: 850.5
    figures:
      - year: 2023
        residents: 100
        residents_18_64: 50
        outside_labour_fte: 5
        nonwestern: 10
      - year: 2024
        residents: 100
        residents_18_64: 50
        outside_labour_fte: 5
  - organisation: "601"
    number: 4
    name: Bby Ungdom
    area: a2
    dwellings:
      youth: 30
    floor_area: 1200
    rent: 1000
    year_built: 2023
    figures:
      - year: 2024
        residents: 30
        residents_18_64: 30
        outside_labour_fte: 15
        nonwestern: 3
"""


def data_dir():
    root = os.environ.get("ALMEN_SOURCE_ROOT")
    base = pathlib.Path(root) if root else pathlib.Path(__file__).resolve().parents[3]
    return base / "tests" / "data"


@pytest.fixture
def case():
    with almen.Case.from_yaml(CASE_YAML, "testby.yaml") as c:
        yield c
