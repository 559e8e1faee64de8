replace_line <- function(text, n, new) {
  lines <- strsplit(text, "\n", fixed = TRUE)[[1]]
  lines[n] <- new
  paste(lines, collapse = "\n")
}

test_that("invalid content is an almen_error with source, line, column and field", {
  # line 96 of the case is "        convicted: 4" (602-7, 2023); 90 exceeds residents_18plus 80
  bad <- replace_line(testrup_yaml, 96, "        convicted: 90")
  e <- tryCatch(almen_from_yaml(bad, "bad.yaml"), almen_error = function(e) e)
  expect_s3_class(e, c("almen_error", "error", "condition"), exact = TRUE)
  expect_identical(e$code, -5L)                      # ALMEN_EINPUT
  expect_identical(e$source, "bad.yaml")
  expect_identical(e$line, 96L)
  expect_identical(e$column, 20L)                    # where the value starts
  expect_identical(e$field, "departments[3].figures[0].convicted")
  expect_match(e$description, "exceeds residents_18plus")
  expect_identical(conditionMessage(e),
                   paste0("bad.yaml:96:20: departments[3].figures[0].convicted: ", e$description))
  # the same through the C name, caught as a plain error
  expect_error(almen_case_load_string(bad, "bad.yaml"), "bad.yaml:96:20", class = "almen_error")
  # the documented idiom
  expect_identical(tryCatch(almen_from_yaml(bad), almen_error = function(e) e$line), 96L)
  expect_identical(tryCatch(almen_from_yaml(bad), almen_error = function(e) e$source), "<string>")
})

test_that("range and syntax errors carry their positions", {
  e <- tryCatch(almen_from_yaml(replace_line(testrup_yaml, 3, "  code: 7777")),
                almen_error = identity)
  expect_true(e$code %in% c(-5L, -7L))               # ALMEN_EINPUT or ALMEN_ERANGE
  expect_identical(c(e$line, e$column), c(3L, 9L))
  expect_identical(e$field, "municipality.code")

  e <- tryCatch(almen_from_yaml(replace_line(testrup_yaml, 48, "    floor_area: -5")),
                almen_error = identity)
  expect_identical(c(e$line, e$column), c(48L, 17L))
  expect_identical(e$field, "departments[1].floor_area")

  e <- tryCatch(almen_from_yaml("municipality: [1", "p.yaml"), almen_error = identity)
  expect_identical(e$code, -4L)                      # ALMEN_EPARSE
  expect_identical(e$source, "p.yaml")
  expect_true(e$line >= 1L)
  expect_identical(e$field, "")
})

test_that("a missing file is an almen_error naming the file", {
  path <- file.path(tempdir(), "does-not-exist", "case.yaml")
  e <- tryCatch(almen_load(path), almen_error = identity)
  expect_s3_class(e, "almen_error")
  expect_identical(e$code, -3L)                      # ALMEN_EIO
  expect_identical(e$source, path)
  expect_identical(c(e$line, e$column), c(0L, 0L))
  expect_match(conditionMessage(e), "does-not-exist/case.yaml", fixed = TRUE)
  expect_error(almen_case_load_file(path), class = "almen_error")
})

test_that("the error call is the R call that failed", {
  e <- tryCatch(almen_case_aggregate(testrup(), "galaxy"), almen_error = identity)
  expect_identical(e$code, -2L)                      # ALMEN_EINVAL
  expect_identical(conditionCall(e)[[1]], as.name("almen_case_aggregate"))
  expect_match(e$message, "unknown level 'galaxy'")
})

test_that("a failed set_figure leaves the case unchanged", {
  c <- testrup()
  before <- almen_to_yaml(c)
  # 81 exceeds residents_18plus (80) of 602-7 in 2023
  e <- tryCatch(almen_set_figure(c, "602-7", 2023, "convicted", 81), almen_error = identity)
  expect_s3_class(e, "almen_error")
  expect_identical(e$field, "convicted")
  expect_identical(almen_to_yaml(c), before)
  expect_identical(almen_figure(c, "602-7", 2023, "convicted"), 4)

  # unknown department, year and field
  expect_identical(tryCatch(almen_set_figure(c, "602-9", 2023, "convicted", 1),
                            almen_error = function(e) e$code), -6L)
  expect_identical(tryCatch(almen_set_figure(c, "602-7", 2023, "bogus", 1),
                            almen_error = function(e) e$code), -6L)
  expect_identical(tryCatch(almen_figure(c, "602-7", 2019, "residents"),
                            almen_error = function(e) e$code), -6L)

  # the vector form is all or nothing: the 4th value is invalid, the first 3 are not applied
  expect_error(almen_set_figure_values(c, "convicted", 2023, c(1, 2, 3, 1000)),
               "exceeds residents_18plus", class = "almen_error")
  expect_error(almen_set_figure_values(c, "residents", 2023, c(1, 2, 3)),
               "3 values given for 4 departments", class = "almen_error")
  expect_error(almen_set_figure_values(c, "vacancies", 2025, c(1.5, 2, 3, 4)),
               "whole number", class = "almen_error")
  expect_identical(almen_to_yaml(c), before)
})

test_that("a failed CSV import changes nothing and names line, column and field", {
  c <- testrup()
  before <- almen_to_yaml(c)
  csv <- "department,year,residents\n602-7,2025,95\n602-1,2025,abc\n"
  e <- tryCatch(almen_import_csv(c, text = csv, source = "f.csv"), almen_error = identity)
  expect_identical(e$source, "f.csv")
  expect_identical(c(e$line, e$column), c(3L, 12L))
  expect_identical(e$field, "residents")
  expect_identical(almen_to_yaml(c), before)
})

test_that("bad R arguments are R errors before anything reaches the library", {
  c <- testrup()
  expect_error(almen_case_figure(c, "602-7", integer(0), "residents"), "single number")
  expect_error(almen_case_figure(c, "602-7", c(2023, 2024), "residents"), "single number")
  expect_error(almen_case_figure(c, "602-7", "2023", "residents"), "single number")
  expect_error(almen_case_set_figure(c, "602-7", 2023, "residents", numeric(0)), "single number")
  expect_error(almen_case_figure(c, NA_character_, 2023L, "residents"), "single string")
  expect_error(almen_case_figure(c, c("a", "b"), 2023L, "residents"), "single string")
  expect_error(almen_case_set_figure_values(c, "residents", 2023, "a"), "numeric vector")
  expect_error(almen_case_set_figure_values(c, "residents", 2023, factor(1:4)), "numeric vector")
  expect_error(almen_case_department_count("not a case"), "not an almen handle")
  expect_error(almen_case_to_yaml(NULL), "not an almen handle")
  expect_error(almen_load(3), "single file name")
  expect_error(almen_aggregate("x"), "must be an almen_case")
})

test_that("the last error stays readable from R and can be cleared", {
  try(almen_from_yaml("municipality: [1", "q.yaml"), silent = TRUE)
  expect_identical(almen_error_last_code(), -4L)
  expect_identical(almen_error_last_source(), "q.yaml")
  expect_match(almen_error_last_text(), "^q.yaml:")
  expect_type(almen_error_last_line(), "integer")
  expect_type(almen_error_last_column(), "integer")
  expect_identical(almen_error_last_field(), "")
  expect_type(almen_error_last_message(), "character")
  almen_error_clear()
  expect_identical(almen_error_last_code(), 0L)
  expect_identical(almen_error_last_text(), "")
  expect_identical(almen_strerror(-3L), almen_strerror(-3))
  expect_type(almen_strerror(-1L), "character")
})

test_that("successful calls return values, never a status", {
  c <- testrup()
  expect_null(almen_case_set_figure(c, "602-7", 2023, "convicted", 5))
  expect_invisible(almen_case_set_figure(c, "602-7", 2023, "convicted", 5))
  expect_invisible(almen_set_figure(c, "602-7", 2023, "convicted", 5))
  expect_null(almen_case_import_csv_string(c, "department,year,vacancies\n602-7,2023,1\n", NULL))
})
