# A small synthetic case, written here so that every expected value below can be checked by
# hand: municipality 777 Testrup, district oest, areas a (in oest) and b (no district),
# organisations 601 and 602, four departments, years 2023 and 2024. Line numbers matter to
# the error tests: keep the text as it is.
#
# dept   area  residents  18-64  outside FTE  nonwestern  18+  convicted   (2023 | 2024)
# 601-1  a     200 | 210  100 | 110  10 | 11      20 | 21   -          -
# 601-2  a      50 |  40   25 |  20  20 | 15      40 | 30   -          -
# 602-1  b     300 | 310  150 | 160  30 | 40      60 | 62  240 | 250  6 | 5
# 602-7  b     100 |  90   50 |  50  27.5 | 30    30 | 27   80 |  70  4 | missing
testrup_yaml <- paste(c(
  "format: 1",
  "municipality:",
  "  code: 777",
  "  name: Testrup",
  "  region: Midtjylland",
  "districts:",
  "  - id: oest",
  "    name: \u00d8st",
  "areas:",
  "  - id: a",
  "    name: \u00c5parken",
  "    district: oest",
  "  - id: b",
  "    name: Bakken",
  "organisations:",
  "  - id: \"601\"",
  "    name: Testrup Boligselskab",
  "  - id: \"602\"",
  "    name: Bakkens Boliger",
  "departments:",
  "  - organisation: \"601\"",
  "    number: 1",
  "    name: \u00c5parken I",
  "    area: a",
  "    dwellings:",
  "      family: 100",
  "    floor_area: 8000",
  "    rent: 850",
  "    year_built: 1970",
  "    figures:",
  "      - year: 2023",
  "        residents: 200",
  "        residents_18_64: 100",
  "        outside_labour_fte: 10",
  "        nonwestern: 20",
  "      - year: 2024",
  "        residents: 210",
  "        residents_18_64: 110",
  "        outside_labour_fte: 11",
  "        nonwestern: 21",
  "  - organisation: \"601\"",
  "    number: 2",
  "    name: \u00c5parken II",
  "    area: a",
  "    dwellings:",
  "      family: 20",
  "      elderly: 5",
  "    floor_area: 2000",
  "    figures:",
  "      - year: 2023",
  "        residents: 50",
  "        residents_18_64: 25",
  "        outside_labour_fte: 20",
  "        nonwestern: 40",
  "      - year: 2024",
  "        residents: 40",
  "        residents_18_64: 20",
  "        outside_labour_fte: 15",
  "        nonwestern: 30",
  "  - organisation: \"602\"",
  "    number: 1",
  "    name: Bakken",
  "    area: b",
  "    dwellings:",
  "      family: 150",
  "    floor_area: 12000",
  "    figures:",
  "      - year: 2023",
  "        residents: 300",
  "        residents_18_64: 150",
  "        outside_labour_fte: 30",
  "        nonwestern: 60",
  "        residents_18plus: 240",
  "        convicted: 6",
  "      - year: 2024",
  "        residents: 310",
  "        residents_18_64: 160",
  "        outside_labour_fte: 40",
  "        nonwestern: 62",
  "        residents_18plus: 250",
  "        convicted: 5",
  "  - organisation: \"602\"",
  "    number: 7",
  "    name: Bakkehuse",
  "    area: b",
  "    dwellings:",
  "      youth: 40",
  "    floor_area: 1800",
  "    figures:",
  "      - year: 2023",
  "        residents: 100",
  "        residents_18_64: 50",
  "        outside_labour_fte: 27.5",
  "        nonwestern: 30",
  "        residents_18plus: 80",
  "        convicted: 4",
  "      - year: 2024",
  "        residents: 90",
  "        residents_18_64: 50",
  "        outside_labour_fte: 30",
  "        nonwestern: 27",
  "        residents_18plus: 70",
  "        convicted: ~"
), collapse = "\n")

testrup <- function() almen_from_yaml(testrup_yaml, "testrup.yaml")

# The hand-checked fixture shared with the C and Python tests (tests/data/tiny.yaml in the
# libalmen source tree; stage.sh copies it into the package as fixtures/tiny.yaml).
tiny_path <- function() {
  candidates <- c(
    test_path("fixtures", "tiny.yaml"),
    file.path(Sys.getenv("ALMEN_SOURCE_ROOT", "/nonexistent"), "tests", "data", "tiny.yaml"),
    test_path("..", "..", "..", "..", "tests", "data", "tiny.yaml"))
  found <- candidates[file.exists(candidates)]
  if (length(found) == 0L) skip("tests/data/tiny.yaml not available")
  found[[1L]]
}

# The row of an aggregate for one unit and year.
agg_row <- function(df, unit, year) {
  row <- df[df[[1L]] == unit & df$year == year, , drop = FALSE]
  stopifnot(nrow(row) == 1L)
  row
}
