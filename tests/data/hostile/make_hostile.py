#!/usr/bin/env python3
"""Regenerate the hostile inputs in tests/data/hostile/ and EXPECTED.tsv.

    python3 tests/data/hostile/make_hostile.py

Each file is a small valid input (tests/data/minimal.yaml for case files; a CSV of
figures for that case) with one hostile twist: aliases that expand, numbers that
overflow, NaN and infinities, invalid UTF-8, byte-order marks, UTF-16, CR/CRLF line ends,
NUL bytes, quoted separators and line breaks, missing and extra columns. Inputs too large
or too deep to keep as files (100,000 nested brackets, a 1 GB file) are made by
tests/c/test_hostile.c itself.

EXPECTED.tsv columns: file, loader, code, line, column, field, expect.
  loader  case  almen_case_load_file(file)
          csv   almen_case_import_csv_file(file) into minimal.yaml (which must then be
                unchanged on error)
          yaml  every YAML loader (case files, rule sets, scenarios into minimal.yaml,
                agreements): problems below the schema (encoding, NUL, aliases) must give
                the same error from each
  code    OK or the ALMEN_E* name without the prefix
  line, column  1-based, "-" for any; field "" for none, "-" for any
  expect  for an error: a substring of the message; for OK: the file whose result must
          be identical (the case saved as YAML).
Positions are not read from the library: `pos(text, token)` below finds them by counting
characters in the generated text, and the special cases say in a comment how they were
worked out.
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = open(os.path.join(os.path.dirname(HERE), "minimal.yaml"), encoding="utf-8").read()

rows = []


def pos(text, token, nth=1):
    """1-based line and column (in characters) of the nth occurrence of token."""
    i = -1
    for _ in range(nth):
        i = text.index(token, i + 1)
    line = text.count("\n", 0, i) + 1
    col = i - (text.rfind("\n", 0, i) + 1) + 1
    return line, col


def sub(text, old, new):
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


def write(name, data, loader, code, line="-", col="-", field="", expect=""):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
    rows.append((name, loader, code, str(line), str(col), field, expect))


def bad_value(name, old, new, field, expect, code="EINPUT"):
    """minimal.yaml with old replaced by new; the error is at new's value."""
    text = sub(BASE, old, new)
    key, value = new.split(": ", 1)
    line, col = pos(text, new)
    write(name, text, "case", code, line, col + len(key) + 2, field, expect)


# --- Aliases ---------------------------------------------------------------------------
# The classic "billion laughs": 9 levels of 9 aliases, 9^9 strings if expanded. It is
# refused at its first key (the case schema has no 'lol1'), without expanding anything.
lol = ["lol1: &lol1 [" + ", ".join(['"lol"'] * 9) + "]"]
for i in range(2, 10):
    lol.append("lol%d: &lol%d [" % (i, i) + ", ".join(["*lol%d" % (i - 1)] * 9) + "]")
write("billion_laughs.yaml", "\n".join(lol) + "\n", "case", "EINPUT", 1, 1, "lol1", "unknown key")

# The same attack shaped to the schema: a figures list of 300 rows named by 3,000
# departments, 900,000 rows from a 200 KB file. The node-visit budget (8 visits per node
# in the file + 10,000) stops it; where exactly depends on the budget, so no position.
head = BASE.split("departments:")[0]
lines = [head + "departments:",
         '  - {organisation: "401", number: 1, name: D, figures: &F ['
         + ", ".join("{year: %d, residents: 1}" % y for y in range(1900, 2200)) + "]}"]
for i in range(2, 3001):
    lines.append('  - {organisation: "401", number: %d, name: D, figures: *F}' % i)
write("laughs_in_schema.yaml", "\n".join(lines) + "\n", "case", "ELIMIT", "-", "-", "-",
      "aliases")

# An alias naming no anchor, and an anchor defined twice.
text = sub(BASE, "    rent: 850\n", "    rent: *nothing\n")
line, col = pos(text, "*nothing")
write("undefined_alias.yaml", text, "yaml", "EPARSE", line, col, "", "names no earlier anchor")
text = sub(sub(BASE, "family: 40", "family: &n 40"), "family: 20", "family: &n 20")
line, col = pos(text, "&n 20")
write("duplicate_anchor.yaml", text, "yaml", "EPARSE", line, col, "", "defined twice")

# --- Numbers ---------------------------------------------------------------------------
F0 = "departments[0].figures[0]."
bad_value("overflow.yaml", "residents: 90", "residents: 1e999", F0 + "residents", "not finite")
bad_value("overflow_negative.yaml", "households: 39", "households: -1e999", F0 + "households",
          "not finite")
bad_value("nan.yaml", "convicted: 1", "convicted: .NaN", F0 + "convicted", "not finite")
bad_value("inf.yaml", "residents_18plus: 60", "residents_18plus: .inf", F0 + "residents_18plus",
          "not finite")
bad_value("inf_plus.yaml", "residents_18plus: 60", "residents_18plus: +.inf",
          F0 + "residents_18plus", "not finite")
bad_value("inf_minus.yaml", "floor_area: 3200", "floor_area: -.Inf", "departments[0].floor_area",
          "not finite")
bad_value("code_overflow.yaml", "code: 999", "code: 1e999", "municipality.code", "not finite")
bad_value("huge_integer.yaml", "number: 1\n    name: Parken",
          "number: 99999999999999999999999\n    name: Parken", "departments[0].number", "between")

# --- Encodings -------------------------------------------------------------------------
# "  name: Minby" with the 'b' replaced by C3 28 (a lead byte and no continuation): libyaml
# stops at the 0x28, the 13th character of line 4 ("  name: Min" is 11, C3 the 12th).
write("invalid_utf8.yaml", BASE.encode().replace(b"name: Minby", b"name: Min\xc3\x28y", 1),
      "yaml", "EPARSE", 4, 13, "", "utf-8")
# A lone continuation byte 0x80 in the same place: the 12th character.
write("invalid_utf8_continuation.yaml", BASE.encode().replace(b"name: Minby", b"name: Min\x80y", 1),
      "yaml", "EPARSE", 4, 12, "", "utf-8")
# An overlong encoding of '/' (C0 AF) there: C0 is never a valid lead byte.
write("invalid_utf8_overlong.yaml", BASE.encode().replace(b"name: Minby", b"name: Min\xc0\xafy", 1),
      "yaml", "EPARSE", 4, 12, "", "utf-8")
# Valid UTF-8 beyond ASCII is fine (the saved case keeps it; compared with itself).
write("utf8_names.yaml", sub(BASE, "name: Minby", "name: Ærø Søby ÅÉ 日本 😀"), "case", "OK",
      expect="utf8_names.yaml")
write("bom.yaml", b"\xef\xbb\xbf" + BASE.encode(), "case", "OK", expect="../minimal.yaml")
write("utf16le.yaml", b"\xff\xfe" + BASE.encode("utf-16-le"), "yaml", "EINPUT", 1, 1, "", "utf-16")
write("utf16be.yaml", b"\xfe\xff" + BASE.encode("utf-16-be"), "yaml", "EINPUT", 1, 1, "", "utf-16")
# Without a byte-order mark the second byte is a NUL: line 1, column 2.
write("utf16le_nobom.yaml", BASE.encode("utf-16-le"), "yaml", "EPARSE", 1, 2, "", "nul byte")

# --- Line ends -------------------------------------------------------------------------
write("crlf.yaml", BASE.replace("\n", "\r\n"), "case", "OK", expect="../minimal.yaml")
write("cr.yaml", BASE.replace("\n", "\r"), "case", "OK", expect="../minimal.yaml")
text = sub(BASE, "rent: 850", "rent: lots")
line, col = pos(text, "lots")  # CR before LF must not shift the column
write("crlf_error.yaml", text.replace("\n", "\r\n"), "case", "EINPUT", line, col,
      "departments[0].rent", "expected a number")

# --- NUL -------------------------------------------------------------------------------
# "  name: Min" is 11 characters: the NUL is the 12th on line 4.
write("nul_byte.yaml", BASE.encode().replace(b"name: Minby", b"name: Min\x00by", 1),
      "yaml", "EPARSE", 4, 12, "", "nul byte")
text = sub(BASE, "name: Minby", 'name: "Min\\0by"')
line, col = pos(text, '"Min')
write("escaped_nul.yaml", text, "yaml", "EINPUT", line, col, "", "nul character")
text = sub(BASE, "  name: Minby", '  "name\\0x": Minby')
line, col = pos(text, '"name')
write("escaped_nul_key.yaml", text, "yaml", "EINPUT", line, col, "", "nul character")

# --- CSV (imported into minimal.yaml: departments 401-1 and 402-1) ---------------------
CSV = "department,year,residents\n401-1,2024,91\n402-1,2025,30\n"
write("figures.csv", CSV, "csv", "OK", expect="figures.csv")
write("crlf.csv", CSV.replace("\n", "\r\n"), "csv", "OK", expect="figures.csv")
write("cr.csv", CSV.replace("\n", "\r"), "csv", "OK", expect="figures.csv")
write("bom.csv", "\ufeff" + CSV, "csv", "OK", expect="figures.csv")
write("quoted.csv", '"department","year","residents"\r\n"401-1","2024","91"\r\n402-1,2025,"30"\r\n',
      "csv", "OK", expect="figures.csv")
# A Danish decimal comma, quoted: one field "1,5", not two. "401-1,2024," is 11 characters.
write("quoted_separator.csv", 'department,year,residents\n401-1,2024,"1,5"\n', "csv", "EINPUT", 2, 12,
      "residents", "expected a number")
# A line break inside quotes: the field starts on line 2.
write("embedded_newline.csv", 'department,year,residents\n"401-\n1",2024,5\n', "csv", "EINPUT", 2, 1,
      "department", "unknown department")
# The same with CR line ends: lines still counted (line 4, column 2).
write("cr_newline_then_junk.csv", 'department,year,residents\r401-1,2024,"5\r\r"x\r', "csv", "EPARSE",
      4, 2, "", "after a closing quote")
# Lines counted through a quoted line break: line 2 opens "5, line 3 is empty inside the
# quotes, line 4 closes it at column 1 and has an x at column 2.
write("newline_then_junk.csv", 'department,year,residents\n401-1,2024,"5\n\n"x\n', "csv", "EPARSE",
      4, 2, "", "after a closing quote")
write("missing_column.csv", "department,year,residents\n401-1,2024\n", "csv", "EINPUT", 2, 1, "",
      "expected 3 fields")
write("extra_column.csv", "department,year,residents\n401-1,2024,5,\n", "csv", "EINPUT", 2, 1, "",
      "expected 3 fields")
# "department,year,residents," ends in an empty 4th name at column 27 (26 characters before).
write("header_trailing_comma.csv", "department,year,residents,\n401-1,2024,5,\n", "csv", "EINPUT",
      1, 27, "", "unknown column ''")
write("overflow.csv", "department,year,residents\n401-1,2024,1e999\n", "csv", "EINPUT", 2, 12,
      "residents", "not finite")
write("nan.csv", "department,year,residents\n401-1,2024,.nan\n", "csv", "EINPUT", 2, 12,
      "residents", "not finite")
write("crlf_error.csv", "department,year,residents\r\n401-1,2024,91\r\n402-1,2025,x\r\n", "csv",
      "EINPUT", 3, 12, "residents", "expected a number")
# NUL in an unquoted field: "401-1,20" is 8 characters, the NUL the 9th.
write("nul.csv", b"department,year,residents\n401-1,20\x0024,5\n", "csv", "EPARSE", 2, 9, "",
      "nul byte")
# NUL inside quotes (which would otherwise cut "401-1" short silently): quote, 4, 0, 1,
# -, 1, then the NUL as the 7th byte.
write("nul_quoted.csv", b'department,year,residents\n"401-1\x00x",2024,5\n', "csv", "EPARSE", 2, 7,
      "", "nul byte")
# Latin-1 (a spreadsheet's "CSV" export): E9 is not UTF-8. "401-" is 4 bytes.
write("latin1.csv", b"department,year,residents\n401-\xe9,2024,5\n", "csv", "EPARSE", 2, 5, "",
      "invalid utf-8")
write("latin1_quoted.csv", b'department,year,residents\n"401-\xe9",2024,5\n', "csv", "EPARSE", 2, 6,
      "", "invalid utf-8")
write("utf16le.csv", b"\xff\xfe" + CSV.encode("utf-16-le"), "csv", "EPARSE", 1, 1, "", "utf-16")

with open(os.path.join(HERE, "EXPECTED.tsv"), "w", encoding="utf-8") as f:
    f.write("file\tloader\tcode\tline\tcolumn\tfield\texpect\n")
    for r in rows:
        f.write("\t".join(r) + "\n")
