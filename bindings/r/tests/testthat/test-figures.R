test_that("set_figure changes one figure and creates the year", {
  c <- testrup()
  almen_set_figure(c, "602-7", 2024, "convicted", 3)
  expect_identical(almen_figure(c, "602-7", 2024, "convicted"), 3)
  # b 2024 now has convicted 5 + 3 over 250 + 70
  g <- almen_aggregate(c, "area")
  expect_equal(agg_row(g, "b", 2024)$convicted_pct, 100 * 8 / 320)
  # NA (and NaN) clear a value
  almen_set_figure(c, "602-7", 2024, "convicted", NA)
  expect_identical(almen_figure(c, "602-7", 2024, "convicted"), NA_real_)
  almen_set_figure(c, "602-1", 2025, "residents", 320L)
  expect_identical(almen_figure(c, "602-1", 2025, "residents"), 320)
})

test_that("set_figure_values takes a numeric vector in department order", {
  c <- testrup()
  v <- c(3, 1, 0, 2)
  almen_set_figure_values(c, "vacancies", 2024, v)
  f <- almen_figures(c)
  expect_identical(f$vacancies[f$year == 2024], v)
  # the vector itself is not touched (it is read in place, not copied or modified)
  expect_identical(v, c(3, 1, 0, 2))

  # integer vectors are coerced; NA clears
  almen_set_figure_values(c, "vacancies", 2024, c(1L, NA, 2L, 0L))
  f <- almen_figures(c)
  expect_identical(f$vacancies[f$year == 2024], c(1, NA, 2, 0))
  # logical NA vector clears all
  almen_set_figure_values(c, "vacancies", 2024, rep(NA, 4))
  expect_true(all(is.na(almen_figures(c)$vacancies)))

  # a new year is created in every department
  almen_case_set_figure_values(c, "residents", 2025, seq(100, 400, by = 100))
  f <- almen_figures(c)
  expect_identical(f$residents[f$year == 2025], c(100, 200, 300, 400))
  expect_identical(nrow(f), 12L)
  # a department with figures for 2025 now counts for 2025
  m <- almen_aggregate(c)
  expect_identical(m$residents[m$year == 2025], 1000)

  # a long ALTREP-free numeric vector of the wrong length is an error, not a crash
  expect_error(almen_set_figure_values(c, "residents", 2025, numeric(1e5)), class = "almen_error")
  expect_error(almen_set_figure_values(c, "residents", 2025, numeric(0)), class = "almen_error")
})

test_that("fractional full-time equivalents are kept exactly", {
  c <- testrup()
  almen_set_figure_values(c, "outside_labour_fte", 2023, c(10.25, 19.75, 30.5, 27.125))
  f <- almen_figures(c)
  expect_identical(f$outside_labour_fte[f$year == 2023], c(10.25, 19.75, 30.5, 27.125))
  c2 <- almen_from_yaml(almen_to_yaml(c))
  expect_identical(almen_figures(c2), f)
})
