# Every expected value is worked out by hand from the table in helper-cases.R.

test_that("areas: sums and shares as ratio of sums, never mean of ratios", {
  g <- almen_aggregate(testrup(), "area")
  expect_identical(names(g)[1:2], c("area", "year"))
  expect_identical(g$area, c("a", "a", "b", "b"))
  expect_identical(g$year, c(2023L, 2024L, 2023L, 2024L))

  a23 <- agg_row(g, "a", 2023)
  expect_identical(a23$departments, 2L)
  expect_identical(a23$dwellings, 125L)               # 100 + 25
  expect_identical(a23$residents, 250)                # 200 + 50
  expect_identical(a23$residents_18_64, 125)          # 100 + 25
  expect_identical(a23$outside_labour_fte, 30)        # 10 + 20
  # 100 * 30 / 125 = 24; the mean of the departments' 10 % and 80 % would be 45
  expect_equal(a23$outside_labour_pct, 24)
  expect_false(isTRUE(all.equal(a23$outside_labour_pct, (10 + 80) / 2)))
  expect_equal(a23$nonwestern_pct, 24)                # 100 * (20 + 40) / 250
  # no department of area a has residents_18plus or convicted: missing, not 0
  expect_identical(a23$residents_18plus, NA_real_)
  expect_identical(a23$convicted_pct, NA_real_)
  expect_identical(a23$households, NA_real_)

  a24 <- agg_row(g, "a", 2024)
  expect_identical(a24$residents_18_64, 130)          # 110 + 20
  expect_equal(a24$outside_labour_pct, 20)            # 100 * 26 / 130 (mean of ratios: 42.5)
  expect_equal(a24$nonwestern_pct, 20.4)              # 100 * 51 / 250

  b23 <- agg_row(g, "b", 2023)
  expect_identical(b23$outside_labour_fte, 57.5)      # 30 + 27.5
  expect_equal(b23$outside_labour_pct, 28.75)         # 100 * 57.5 / 200 (mean: 37.5)
  expect_identical(b23$convicted, 10)                 # 6 + 4
  expect_equal(b23$convicted_pct, 3.125)              # 100 * 10 / 320 (mean: 3.75)
  expect_equal(b23$nonwestern_pct, 22.5)              # 100 * 90 / 400 (mean: 25)

  b24 <- agg_row(g, "b", 2024)
  expect_equal(b24$outside_labour_pct, 100 / 3)       # 100 * 70 / 210
  expect_identical(b24$residents_18plus, 320)         # 250 + 70
  # 602-7 lacks convicted in 2024: the sum and the share are missing
  expect_identical(b24$convicted, NA_real_)
  expect_identical(b24$convicted_pct, NA_real_)
})

test_that("municipality and district levels", {
  c <- testrup()
  m <- almen_aggregate(c)
  expect_identical(m, almen_aggregate(c, "municipality"))
  expect_identical(nrow(m), 2L)
  m23 <- m[m$year == 2023, ]
  expect_identical(m23$departments, 4L)
  expect_identical(m23$dwellings, 315L)
  expect_identical(m23$residents, 650)
  expect_identical(m23$residents_18_64, 325)
  expect_equal(m23$outside_labour_pct, 350 / 13)      # 100 * 87.5 / 325 = 26.923...
  expect_equal(m23$nonwestern_pct, 300 / 13)          # 100 * 150 / 650
  m24 <- m[m$year == 2024, ]
  expect_equal(m24$outside_labour_pct, 480 / 17)      # 100 * 96 / 340
  expect_equal(m24$nonwestern_pct, 280 / 13)          # 100 * 140 / 650

  d <- almen_aggregate(c, "district")
  expect_identical(d$district, c("oest", "oest"))     # area b has no district
  expect_identical(d$residents, c(250, 250))
  expect_equal(d$outside_labour_pct, c(24, 20))

  o <- almen_aggregate(c, "organisation")
  o602 <- agg_row(o, "602", 2023)
  expect_equal(o602$outside_labour_pct, 28.75)
})

test_that("department level reproduces the department shares", {
  g <- almen_case_aggregate(testrup(), "department")
  r <- agg_row(g, "601-2", 2023)
  expect_equal(r$outside_labour_pct, 80)              # 100 * 20 / 25
  expect_equal(r$nonwestern_pct, 80)
})

test_that("tiny.yaml gives the hand-worked values of tiny-expected.md", {
  t <- almen_load(tiny_path())
  expect_identical(almen_case_region(t), "Sj\u00e6lland")

  a <- almen_aggregate(t, "area")
  h24 <- agg_row(a, "hoej", 2024)
  expect_identical(h24$residents, 500)
  expect_identical(h24$outside_labour_fte, 85.5)
  expect_equal(h24$outside_labour_pct, 34.2)          # mean of ratios would be 48
  expect_equal(h24$convicted_pct, 3)
  expect_equal(h24$basic_education_pct, 32)
  expect_equal(h24$nonwestern_pct, 24)
  expect_equal(h24$average_income, 270000)            # not 225,000
  l25 <- agg_row(a, "lav", 2025)
  expect_equal(l25$outside_labour_pct, 42)
  expect_equal(l25$convicted_pct, 4.5)
  expect_equal(l25$average_income, 230000)
  # 502-3 has no area and never appears in an area
  expect_identical(sort(unique(a$area)), c("hoej", "lav"))

  d <- almen_aggregate(t, "district")
  s24 <- agg_row(d, "syd", 2024)                      # 502-3 has no 2024 figures
  expect_identical(s24$residents, 500)
  expect_equal(s24$outside_labour_pct, 44)
  s25 <- agg_row(d, "syd", 2025)                      # 501-2 + 502-2 + 502-3
  expect_identical(s25$residents, 800)
  expect_identical(s25$households, 395)
  expect_equal(s25$outside_labour_pct, 30)            # not 40.0833 nor 26
  expect_equal(s25$convicted_pct, 3.28125)
  expect_equal(s25$basic_education_pct, 28.5)
  expect_equal(s25$nonwestern_pct, 30.25)
  expect_equal(s25$average_income, 256250)

  m <- almen_aggregate(t, "municipality")
  m24 <- m[m$year == 2024, ]
  expect_identical(m24$residents, 1000)
  expect_equal(m24$outside_labour_pct, 39.1)
  expect_equal(m24$convicted_pct, 3.875)
  expect_equal(m24$average_income, 245000)
  m25 <- m[m$year == 2025, ]
  expect_identical(m25$residents, 1300)
  expect_identical(m25$outside_labour_fte, 200.25)
  expect_equal(m25$outside_labour_pct, 801 / 26)
  expect_equal(m25$convicted_pct, 175 / 52)
  expect_equal(m25$basic_education_pct, 376 / 13)
  expect_equal(m25$nonwestern_pct, 368 / 13)
  expect_equal(m25$average_income, 3450000 / 13)

  o <- almen_aggregate(t, "organisation")
  o502 <- agg_row(o, "502", 2025)
  expect_identical(o502$residents, 450)
  expect_equal(o502$outside_labour_pct, 35.1)         # mean of ratios 51.8333
  expect_equal(o502$average_income, 234000)
})
