#!/usr/bin/env python3
"""Regenerate the invalid case files in tests/data/bad/ and EXPECTED.tsv.

Each file is tests/data/minimal.yaml with exactly one problem (a one-line
comment on top names it; the empty and comment-only files have none). The
expected positions are not typed by hand: they are read from libyaml's own
marks through PyYAML's libyaml binding (Debian package python3-yaml), so run
this with the system Python:

    /usr/bin/python3 tests/data/bad/make_bad.py

EXPECTED.tsv columns: file, code, line, column, field, message_contains.
line/column are 1-based (libyaml start_mark + 1; for EPARSE the parser's
problem_mark + 1); "-" means "any" (no position is required). The position
convention: a bad value -> the value node; an unknown or duplicate key -> that
key; a missing required field -> the mapping that lacks it; a duplicate id,
number or year -> the second occurrence's value node; numerator > denominator
-> the numerator's value node; empty input -> "-". field is the path
(0-based indices), empty for parse errors and empty input, "-" for "any".
message_contains is a lowercase substring the message must contain.
"""

import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
BASE_PATH = os.path.join(os.path.dirname(HERE), "minimal.yaml")

Loader = getattr(yaml, "CSafeLoader", None)
if Loader is None:
    sys.exit("make_bad.py needs PyYAML with the libyaml binding (python3-yaml)")


def sub(text, old, new, count=1):
    if text.count(old) < count:
        sys.exit("make_bad.py: %r not found in minimal.yaml" % old)
    return text.replace(old, new, count)


def node_at(root, path, what):
    """The node at path ("a.b[1].c"); what = "value", "key" or "map" (the
    mapping that holds the last key)."""
    parts = []
    for seg in path.split("."):
        while "[" in seg:
            name, rest = seg.split("[", 1)
            if name:
                parts.append(name)
            idx, seg = rest.split("]", 1)
            parts.append(int(idx))
        if seg:
            parts.append(seg)
    node = root
    for i, p in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(p, int):
            node = node.value[p]
            continue
        if last and what == "map":
            return node
        for k, v in node.value:
            if k.value == p:
                node = k if (last and what == "key") else v
                break
        else:
            raise KeyError(path)
    return node


# name, comment, transform, code, (path, what) or None, message_contains
CASES = [
    ("parse_unclosed_bracket.yaml", "malformed YAML: unclosed flow mapping",
     lambda t: sub(t, "    dwellings:\n      family: 40\n", "    dwellings: {family: 40, youth: 2\n"),
     "EPARSE", "parse", ""),
    ("parse_bad_indentation.yaml", "malformed YAML: bad indentation",
     lambda t: sub(t, "  name: Minby\n", "   name: Minby\n"),
     "EPARSE", "parse", ""),
    ("unknown_top_key.yaml", "unknown top-level key 'owner'",
     lambda t: t + "owner: Minby Kommune\n",
     "EINPUT", ("owner", "key"), "unknown key"),
    ("unknown_department_key.yaml", "unknown key 'colour' in a department",
     lambda t: sub(t, "    name: Parken I\n", "    name: Parken I\n    colour: red\n"),
     "EINPUT", ("departments[0].colour", "key"), "unknown key"),
    ("duplicate_key.yaml", "a key given twice in one mapping",
     lambda t: sub(t, "  name: Minby\n", "  name: Minby\n  name: Minby\n"),
     "EINPUT", ("municipality.name", "key2"), "duplicate"),
    ("missing_municipality_code.yaml", "municipality.code is missing",
     lambda t: sub(t, "  code: 999\n", ""),
     "EINPUT", ("municipality.code", "map"), "required"),
    ("missing_department_organisation.yaml", "a department without organisation",
     lambda t: sub(t, '  - organisation: "401"\n    number: 1\n', "  - number: 1\n"),
     "EINPUT", ("departments[0].organisation", "map"), "required"),
    ("quoted_number.yaml", "a number given as a quoted string",
     lambda t: sub(t, "        households: 39\n", '        households: "39"\n'),
     "EINPUT", ("departments[0].figures[0].households", "value"), "expected a number"),
    ("mapping_for_list.yaml", "figures given as a mapping instead of a list",
     lambda t: sub(t, "      - year: 2024\n        residents: 90\n        households: 39\n"
                   "        residents_18plus: 60\n        convicted: 1\n"
                   "      - year: 2025\n        residents: 88\n        households: 40\n"
                   "        residents_18plus: 59\n        convicted: 2\n",
                   "        year: 2024\n        residents: 90\n        households: 39\n"
                   "        residents_18plus: 60\n        convicted: 1\n"),
     "EINPUT", ("departments[0].figures", "value"), "expected a list"),
    ("duplicate_district_id.yaml", "two districts with id 'nord'",
     lambda t: sub(sub(t, "  - id: syd\n", "  - id: nord\n"), "    district: syd\n",
                   "    district: nord\n"),
     "EINPUT", ("districts[1].id", "value"), "duplicate"),
    ("duplicate_department.yaml", "two departments 401-1",
     lambda t: sub(t, '  - organisation: "402"\n    number: 1\n',
                   '  - organisation: "401"\n    number: 1\n'),
     "EINPUT", ("departments[1].number", "value"), "duplicate"),
    ("unknown_area_ref.yaml", "a department in an unknown area",
     lambda t: sub(t, "    area: parken\n", "    area: haven\n"),
     "EINPUT", ("departments[0].area", "value"), "unknown area"),
    ("unknown_organisation_ref.yaml", "a department of an unknown organisation",
     lambda t: sub(t, '  - organisation: "402"\n', '  - organisation: "403"\n'),
     "EINPUT", ("departments[1].organisation", "value"), "unknown organisation"),
    ("unknown_district_in_area.yaml", "an area in an unknown district",
     lambda t: sub(t, "    district: nord\n", "    district: vest\n"),
     "EINPUT", ("areas[0].district", "value"), "unknown district"),
    ("district_conflict.yaml", "department district differs from its area's district",
     lambda t: sub(t, "    area: parken\n", "    area: parken\n    district: syd\n"),
     "EINPUT", ("departments[0].district", "value"), "conflict"),
    ("negative_count.yaml", "a negative count",
     lambda t: sub(t, "        households: 39\n", "        households: -39\n"),
     "EINPUT", ("departments[0].figures[0].households", "value"), "negative"),
    ("non_whole_count.yaml", "a count with decimals",
     lambda t: sub(t, "        residents: 90\n", "        residents: 90.5\n"),
     "EINPUT", ("departments[0].figures[0].residents", "value"), "whole number"),
    ("numerator_exceeds.yaml", "convicted greater than residents_18plus",
     lambda t: sub(t, "        convicted: 2\n", "        convicted: 70\n"),
     "EINPUT", ("departments[0].figures[1].convicted", "value"), "exceeds"),
    ("nan_value.yaml", "a .nan value",
     lambda t: sub(t, "        residents: 88\n", "        residents: .nan\n"),
     "EINPUT", ("departments[0].figures[1].residents", "value"), "not finite"),
    ("inf_value.yaml", "an .inf value",
     lambda t: sub(t, "        households: 40\n", "        households: .inf\n"),
     "EINPUT", ("departments[0].figures[1].households", "value"), "not finite"),
    ("duplicate_year.yaml", "the year 2024 twice in one department",
     lambda t: sub(t, "      - year: 2025\n", "      - year: 2024\n"),
     "EINPUT", ("departments[0].figures[1].year", "value"), "duplicate"),
    ("empty.yaml", None, lambda t: "",
     "EINPUT", None, "empty"),
    ("comment_only.yaml", None,
     lambda t: "# A case file with nothing but this comment.\n",
     "EINPUT", None, "empty"),
    ("format_2.yaml", "an unsupported format version",
     lambda t: sub(t, "format: 1\n", "format: 2\n"),
     "EVERSION", ("format", "value"), "format"),
    ("unknown_region.yaml", "a region that does not exist",
     lambda t: sub(t, "  region: Syddanmark\n", "  region: Fyn\n"),
     "EINPUT", ("municipality.region", "value"), "unknown region"),
    ("municipality_code_42.yaml", "municipality code outside 101..999",
     lambda t: sub(t, "  code: 999\n", "  code: 42\n"),
     "EINPUT", ("municipality.code", "value"), "999"),
    ("alias_expansion.yaml", "aliases that expand far beyond the file (billion laughs)",
     None, "ELIMIT", None, "too many"),
]


def alias_expansion(base):
    """A file that is valid except that 60 departments share one anchored list of
    300 figure rows: ~14 KB of text that the loader must walk as 18,000 rows."""
    head = base.split("departments:\n")[0]
    rows = "".join("  - {year: %d, residents: 1}\n" % (1900 + i) for i in range(300))
    depts = "".join('  - {organisation: "401", number: %d, name: D%d, figures: *rows}\n'
                    % (i + 1, i + 1) for i in range(60))
    # The anchor must come before its aliases: a dummy first department holds it.
    first = ('  - organisation: "402"\n    number: 1\n    name: Anker\n'
             '    figures: &rows\n' + rows.replace("  - ", "      - "))
    return head + "departments:\n" + first + depts


def main():
    base = open(BASE_PATH, encoding="utf-8").read()
    # minimal.yaml must itself be valid YAML with the expected shape.
    yaml.load(base, Loader=Loader)
    lines = ["file\tcode\tline\tcolumn\tfield\tmessage_contains"]
    for name, comment, fn, code, where, msg in CASES:
        if name == "alias_expansion.yaml":
            text = alias_expansion(base)
        else:
            text = fn(base)
        if comment:
            text = "# Invalid on purpose: %s.\n" % comment + text
        with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        line = col = "-"
        field = ""
        if where == "parse":
            try:
                yaml.compose(text, Loader=Loader)
                sys.exit("%s: expected a parse error" % name)
            except yaml.MarkedYAMLError as e:
                m = e.problem_mark
                line, col = str(m.line + 1), str(m.column + 1)
        elif where is not None:
            path, what = where
            root = yaml.compose(text, Loader=Loader)
            if what == "key2":  # the second occurrence of a duplicated key
                parent, key = path.rsplit(".", 1)
                m = node_at(root, parent, "value")
                node = [k for k, _ in m.value if k.value == key][1]
            else:
                node = node_at(root, path, what)
            line, col = str(node.start_mark.line + 1), str(node.start_mark.column + 1)
            field = path
        elif code == "ELIMIT":
            field = "-"
        lines.append("\t".join([name, code, line, col, field, msg]))
    with open(os.path.join(HERE, "EXPECTED.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
