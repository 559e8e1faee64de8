# Department-year counts from person-level microdata: the hand-worked table of
# tests/c/test_microdata.c (ten persons of department A in 2024, one at each age edge, and one
# of B in 2023), base R's tapply as a second method on a random table, departments as keys or
# positions, errors with R's row numbers, and writing the counts into a case.
#
#   age  fte    basic conv stud tax nw  income   counts towards
#   14   NA     1     1    0    1   0   1000     residents only
#   15   NA     0     0    0    1   1   2000     taxpayers (15 is in 15-64), nonwestern
#   17   0.5    0     1    0    1   0   3000     taxpayers; not 18+: fte and conviction unused
#   18   0.25   0     1    1    1   0   4000     18-64, 18+, convicted; a student: no taxpayer
#   29   1      1     0    0    0   1   NA       18-64, 18+, nonwestern; 29: basic unused
#   30   0      1     0    0    1   0   5000     18-64, 18+, 30-59, basic, taxpayers
#   59   0.75   1     1    0    1   1   6000     18-64, 18+, convicted, 30-59, basic, taxpayers, nw
#   60   0.5    1     0    0    1   0   7000     18-64, 18+, taxpayers; 60: not 30-59
#   64   0.125  0     0    0    1   0   -500     18-64, 18+, taxpayers
#   65   NA     1     1    0    1   1   8000     18+, convicted, nonwestern; 65: no taxpayer
hand <- function() {
  data.frame(
    department = c(rep("A", 10), "B"),
    year = c(rep(2024L, 10), 2023L),
    age = c(14L, 15L, 17L, 18L, 29L, 30L, 59L, 60L, 64L, 65L, 40L),
    outside_labour_fte = c(NA, NA, 0.5, 0.25, 1, 0, 0.75, 0.5, 0.125, NA, 0.5),
    income = c(1000, 2000, 3000, 4000, NA, 5000, 6000, 7000, -500, 8000, 300000),
    basic_education = c(1, 0, 0, 0, 1, 1, 1, 1, 0, 1, 1) == 1,
    convicted = c(1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0) == 1,
    student = c(0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0) == 1,
    taxpayer = c(1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1) == 1,
    nonwestern = c(0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0) == 1
  )
}

test_that("the hand-worked age edges give the counts worked out by hand", {
  counts <- almen_microdata_counts(hand())
  expect_identical(counts$department, c("A", "B"))
  expect_identical(counts$year, c(2024L, 2023L))
  a <- counts[1, ]
  expect_identical(a$residents, 10L)
  expect_identical(a$residents_18_64, 6L)
  expect_identical(a$outside_labour_fte, 2.625)
  expect_identical(a$residents_18plus, 7L)
  expect_identical(a$convicted, 3L)
  expect_identical(a$residents_30_59, 2L)
  expect_identical(a$basic_education, 2L)
  expect_identical(a$taxpayers_15_64, 6L)
  expect_identical(a$income_sum, 22500)
  expect_identical(a$nonwestern, 4L)
  b <- counts[2, ]
  expect_identical(c(b$residents, b$basic_education, b$taxpayers_15_64), c(1L, 1L, 1L))
  expect_identical(b$income_sum, 3e5)
})

test_that("flags as logical, integer, double or raw give the same counts", {
  want <- almen_microdata_counts(hand())
  flags <- c("basic_education", "convicted", "student", "taxpayer", "nonwestern")
  as_int <- as_dbl <- as_raw <- hand()
  for (f in flags) {
    as_int[[f]] <- as.integer(as_int[[f]])
    as_dbl[[f]] <- as.numeric(as_dbl[[f]])
    as_raw[[f]] <- as.raw(as_raw[[f]])
  }
  as_dbl$age <- as.numeric(as_dbl$age)
  expect_identical(almen_microdata_counts(as_int), want)
  expect_identical(almen_microdata_counts(as_dbl), want)
  expect_identical(almen_microdata_counts(as_raw), want)
  expect_identical(almen_microdata_counts(as.list(hand())), want)
})

test_that("absent optional columns leave their figures NA", {
  counts <- almen_microdata_counts(hand()[, c("department", "year", "age", "taxpayer")])
  expect_identical(counts$residents_18plus[1], 7L)
  expect_true(is.na(counts$taxpayers_15_64[1])) # needs student too
  expect_true(is.na(counts$convicted[1]))
  expect_true(is.na(counts$income_sum[1]))
})

test_that("departments are keys or 1-based positions", {
  d <- list(department = c(3L, 1L, 3L), year = c(2024L, 2024L, 2023L), age = c(30L, 30L, 30L))
  pos <- almen_microdata_counts(d)
  expect_identical(pos$department, c(1L, 3L, 3L))
  expect_identical(pos$year, c(2024L, 2023L, 2024L))
  keyed <- almen_microdata_counts(d, departments = c(3L, 2L, 1L))
  expect_identical(keyed$department, c(3L, 3L, 1L))
  f <- d
  f$department <- factor(c("x", "y", "x"), levels = c("y", "z", "x"))
  expect_identical(almen_microdata_counts(f)$department, c("y", "x", "x"))
  expect_error(almen_microdata_counts(f, departments = c("x", "z")),
               "row 2: 'y' is not a known department")
  expect_error(almen_microdata_counts(list(department = c(1, 0), year = c(2024, 2024),
                                           age = c(1, 1))),
               "row 2: 0 is not a department position")
})

test_that("base R agrees on a random table (second method)", {
  set.seed(11)
  n <- 100003
  p <- data.frame(
    department = sample.int(23, n, replace = TRUE),
    year = sample(2019:2022, n, replace = TRUE),
    age = sample(0:105, n, replace = TRUE),
    outside_labour_fte = sample(0:8, n, replace = TRUE) / 8,
    income = as.numeric(sample(-20000:900000, n, replace = TRUE)),
    basic_education = runif(n) < 0.3, convicted = runif(n) < 0.05,
    student = runif(n) < 0.1, taxpayer = runif(n) < 0.8, nonwestern = runif(n) < 0.2
  )
  got <- almen_microdata_counts(p)
  a <- p$age
  key <- factor(paste(p$department, p$year),
                levels = paste(got$department, got$year))
  sum_by <- function(x) as.vector(tapply(x, key, sum))
  in1864 <- a >= 18 & a <= 64
  in3059 <- a >= 30 & a <= 59
  tax <- a >= 15 & a <= 64 & p$taxpayer & !p$student
  expect_equal(nrow(got), 23 * 4)
  expect_equal(got$residents, sum_by(rep(1L, n)))
  expect_equal(got$residents_18_64, sum_by(in1864))
  expect_equal(got$outside_labour_fte, sum_by(ifelse(in1864, p$outside_labour_fte, 0)))
  expect_equal(got$residents_18plus, sum_by(a >= 18))
  expect_equal(got$convicted, sum_by(a >= 18 & p$convicted))
  expect_equal(got$residents_30_59, sum_by(in3059))
  expect_equal(got$basic_education, sum_by(in3059 & p$basic_education))
  expect_equal(got$taxpayers_15_64, sum_by(tax))
  expect_equal(got$income_sum, sum_by(ifelse(tax, p$income, 0)))
  expect_equal(got$nonwestern, sum_by(p$nonwestern))
})

test_that("bad values name the column and R's row number", {
  bad <- hand()
  bad$age[4] <- 126L
  e <- tryCatch(almen_microdata_counts(bad), almen_error = function(e) e)
  expect_s3_class(e, "almen_error")
  expect_identical(e$field, "age")
  expect_match(conditionMessage(e), "row 4: age 126 is outside 0..125", fixed = TRUE)
  bad <- hand()
  bad$outside_labour_fte[5] <- 1.5
  expect_error(almen_microdata_counts(bad), "row 5: outside_labour_fte 1.5 is outside 0..1")
  bad <- hand()
  bad$convicted <- as.integer(bad$convicted)
  bad$convicted[2] <- 2L
  expect_error(almen_microdata_counts(bad), "row 2: convicted 2 is not 0 or 1")
  bad <- hand()
  bad$convicted[3] <- NA
  expect_error(almen_microdata_counts(bad), "'convicted' has a missing value at row 3")
  expect_error(almen_microdata_counts(list(department = 1L, year = 2024L)), "age is required")
  expect_error(almen_microdata_counts(list(department = c(1L, 1L), year = 2024L, age = 3L)),
               "year has 1 values for 2 rows")
})

test_that("the counts go into a case, all or nothing", {
  c <- testrup()
  before <- almen_to_yaml(c)
  p <- hand()
  p$department <- ifelse(p$department == "A", "601-1", "602-7")
  bad <- p
  bad$age[11] <- -1L
  expect_error(almen_set_figures_from_microdata(c, bad), "row 11: age -1")
  expect_identical(almen_to_yaml(c), before)
  almen_set_figures_from_microdata(c, p)
  expect_identical(almen_figure(c, "601-1", 2024, "residents"), 10)
  expect_identical(almen_figure(c, "601-1", 2024, "outside_labour_fte"), 2.625)
  expect_identical(almen_figure(c, "602-7", 2023, "basic_education"), 1)
  expect_identical(almen_figure(c, "601-2", 2024, "residents"), 40) # no persons: untouched
  # positions in almen_departments(c) work too
  almen_set_figures_from_microdata(c, list(department = 4L, year = 2030L, age = 70L))
  expect_identical(almen_figure(c, almen_departments(c)$id[4], 2030, "residents_18plus"), 1)
})
