test_that("a case loads from a YAML string and describes its municipality", {
  c <- testrup()
  expect_s3_class(c, "almen_case")
  expect_s3_class(c, "almen_handle")
  expect_identical(almen_case_municipality_code(c), 777L)
  expect_identical(almen_case_municipality_name(c), "Testrup")
  expect_identical(almen_case_region(c), "Midtjylland")
  expect_identical(almen_case_department_count(c), 4)
  expect_output(print(c), "<almen_case: Testrup \\(777\\), Midtjylland; 4 departments>")
})

test_that("entity tables are data.frames with typed columns and compact row names", {
  c <- testrup()
  d <- almen_departments(c)
  expect_s3_class(d, "data.frame")
  expect_identical(d$id, c("601-1", "601-2", "602-1", "602-7"))
  expect_identical(d$number, c(1L, 2L, 1L, 7L))
  expect_identical(d$organisation, c("601", "601", "602", "602"))
  expect_identical(d$name[2], "\u00c5parken II")
  expect_identical(Encoding(d$name[2]), "UTF-8")
  # district comes from the area; area b has none: NA, not ""
  expect_identical(d$district, c("oest", "oest", NA, NA))
  expect_identical(d$dwellings, c(100L, 25L, 150L, 40L))
  expect_identical(d$floor_area, c(8000, 2000, 12000, 1800))
  # optional numbers: NA where absent
  expect_identical(d$rent, c(850, NA, NA, NA))
  expect_identical(d$year_built, c(1970L, NA, NA, NA))
  # compact row names c(NA, -n), not a stored character vector
  expect_identical(.row_names_info(d), -4L)
  expect_identical(attr(d, "row.names"), 1:4)
  expect_false(any(vapply(d, is.factor, logical(1))))

  a <- almen_areas(c)
  expect_identical(a$id, c("a", "b"))
  expect_identical(a$district, c("oest", NA))
  expect_identical(almen_districts(c)$name, "\u00d8st")
  expect_identical(almen_organisations(c)$id, c("601", "602"))
})

test_that("departments and figures are selected by level and id", {
  c <- testrup()
  expect_identical(almen_departments(c, "area", "b")$id, c("602-1", "602-7"))
  expect_identical(almen_departments(c, "district", "oest")$id, c("601-1", "601-2"))
  expect_identical(almen_departments(c, "organisation", "601")$id, c("601-1", "601-2"))
  expect_identical(almen_departments(c, "municipality")$id, almen_departments(c)$id)
  expect_identical(almen_case_departments(c, NULL, NULL)$id, almen_departments(c)$id)

  f <- almen_figures(c, "department", "602-7")
  expect_identical(f$department, c("602-7", "602-7"))
  expect_identical(f$year, c(2023L, 2024L))
  expect_identical(f$outside_labour_fte, c(27.5, 30))
  expect_identical(f$convicted, c(4, NA))        # missing is NA, never 0
  expect_identical(f$households, c(NA_real_, NA_real_))
  expect_identical(nrow(almen_figures(c)), 8L)
})

test_that("single figures read as numbers, missing as NA", {
  c <- testrup()
  expect_identical(almen_figure(c, "602-7", 2023, "outside_labour_fte"), 27.5)
  expect_identical(almen_figure(c, "602-7", 2024L, "convicted"), NA_real_)
  expect_identical(almen_case_figure(c, "601-1", 2024, "residents"), 210)
})

test_that("the figure fields are listed", {
  f <- almen_fields()
  expect_s3_class(f, "data.frame")
  expect_identical(names(f), c("name", "kind", "numerator", "denominator", "description"))
  expect_true(all(c("residents", "convicted", "outside_labour_pct", "average_income") %in% f$name))
  expect_identical(f$kind[f$name == "outside_labour_fte"], "fte")
  expect_identical(f$kind[f$name == "convicted_pct"], "share")
  expect_identical(f$numerator[f$name == "convicted_pct"], "convicted")
  expect_identical(f$denominator[f$name == "convicted_pct"], "residents_18plus")
  expect_true(is.na(f$numerator[f$name == "residents"]))
  expect_identical(almen_figure_fields(), f)
})

test_that("the embedded example loads", {
  e <- almen_case_load_example()
  expect_s3_class(e, "almen_case")
  expect_identical(almen_case_municipality_name(e), "Eksempelby")
  expect_identical(almen_case_department_count(e), 30)
  expect_identical(nrow(almen_departments(e)), 30L)
  ex <- almen_example()
  expect_identical(almen_to_yaml(ex), almen_to_yaml(e))
  # the example's text is the one compiled into the library
  y <- almen_example_yaml()
  expect_type(y, "character")
  expect_identical(almen_to_yaml(almen_from_yaml(y)), almen_to_yaml(e))
})

test_that("the version functions agree with the package", {
  expect_match(almen_version(), "^[0-9]+\\.[0-9]+\\.[0-9]+")
  expect_identical(almen_abi_version(), 0L)
  expect_true(almen:::.almen_check_abi(almen_abi_version(), almen:::R_almen_abi_compiled()))
})

test_that("the package refuses a library of another ABI", {
  expect_error(almen:::.almen_check_abi(1L, 0L), "compiled for libalmen ABI 0.*has ABI 1")
})

test_that("library(almen) refuses to load against a libalmen of another ABI", {
  skip_on_cran()
  skip_if_not(Sys.info()[["sysname"]] == "Linux", "needs LD_PRELOAD")
  # A stand-in almen_abi_version() returning 1, preloaded ahead of the real libalmen.
  dir <- tempfile("abi")
  dir.create(dir)
  on.exit(unlink(dir, recursive = TRUE))
  writeLines("int almen_abi_version(void) { return 1; }", file.path(dir, "shim.c"))
  r <- file.path(R.home("bin"), "R")
  out <- suppressWarnings(system2(r, c("CMD", "SHLIB", "-o", shQuote(file.path(dir, "shim.so")),
                                       shQuote(file.path(dir, "shim.c"))),
                                  stdout = TRUE, stderr = TRUE))
  skip_if_not(file.exists(file.path(dir, "shim.so")), "cannot compile the shim")
  lib <- dirname(find.package("almen"))
  code <- sprintf("library(almen, lib.loc = %s)", deparse(lib))
  res <- suppressWarnings(system2(file.path(R.home("bin"), "Rscript"), c("--vanilla", "-e", shQuote(code)),
                                  env = paste0("LD_PRELOAD=", file.path(dir, "shim.so")),
                                  stdout = TRUE, stderr = TRUE))
  expect_false(is.null(attr(res, "status")))
  expect_match(paste(res, collapse = "\n"), "compiled for libalmen ABI 0.*has ABI 1")
})
