test_that("YAML text round-trips to an identical case", {
  c <- testrup()
  y <- almen_to_yaml(c)
  expect_type(y, "character")
  expect_length(y, 1L)
  expect_identical(Encoding(y), "UTF-8")            # it contains "\u00c5parken"
  c2 <- almen_from_yaml(y)
  expect_identical(almen_to_yaml(c2), y)
  expect_identical(almen_departments(c2), almen_departments(c))
  expect_identical(almen_figures(c2), almen_figures(c))
  expect_identical(almen_aggregate(c2, "area"), almen_aggregate(c, "area"))
})

test_that("saving to a file and loading it back gives the same case", {
  c <- testrup()
  almen_set_figure(c, "601-1", 2024, "income_sum", 0.1 + 0.2)   # not exactly 0.3
  path <- tempfile(fileext = ".yaml")
  on.exit(unlink(path))
  expect_identical(almen_save(c, path), path)
  expect_true(file.exists(path))
  c2 <- almen_load(path)
  expect_identical(almen_to_yaml(c2), almen_to_yaml(c))
  expect_identical(almen_figure(c2, "601-1", 2024, "income_sum"), 0.1 + 0.2)
  almen_case_save_file(c2, path)
  expect_identical(almen_to_yaml(almen_case_load_file(path)), almen_to_yaml(c))
})

test_that("saving into a missing directory is an almen_error", {
  expect_error(almen_save(testrup(), file.path(tempdir(), "no", "such", "dir.yaml")),
               class = "almen_error")
})

test_that("CSV figures import from a file and from text", {
  c <- testrup()
  csv <- tempfile(fileext = ".csv")
  on.exit(unlink(csv))
  writeLines(c("department,year,residents,residents_18_64,outside_labour_fte",
               "601-1,2025,205,105,10.5",
               "601-2,2025,45,22,"), csv)
  expect_identical(almen_import_csv(c, csv), c)
  expect_identical(almen_figure(c, "601-1", 2025, "outside_labour_fte"), 10.5)
  expect_identical(almen_figure(c, "601-2", 2025, "outside_labour_fte"), NA_real_)
  a <- almen_aggregate(c, "area")
  expect_identical(agg_row(a, "a", 2025)$residents, 250)
  # an empty cell sets missing: the area's FTE sum for 2025 is missing
  expect_identical(agg_row(a, "a", 2025)$outside_labour_fte, NA_real_)

  almen_case_import_csv_file(c, csv)                 # same rows again: same values
  almen_import_csv(c, text = c("department,year,outside_labour_fte", "601-2,2025,11"))
  expect_equal(agg_row(almen_aggregate(c, "area"), "a", 2025)$outside_labour_pct,
               100 * 21.5 / 127)
  expect_error(almen_import_csv(c), "exactly one")
  expect_error(almen_import_csv(c, file.path(tempdir(), "none.csv")), class = "almen_error")
})

test_that("a copy is independent of its original", {
  c <- testrup()
  k <- almen_copy(c)
  almen_set_figure(k, "601-1", 2023, "residents", 300)
  expect_identical(almen_figure(c, "601-1", 2023, "residents"), 200)
  expect_identical(almen_figure(k, "601-1", 2023, "residents"), 300)
  expect_identical(almen_to_yaml(almen_case_copy(c)), almen_to_yaml(c))
})
