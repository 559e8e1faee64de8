# almen_mix: matrices (column-major, passed as they are) and long data.frames, the index
# tables, inference, change over time and tables from a case. Expected values are the ones
# worked by hand in tests/c/test_mix.c.

# Units A (8, 2), B (2, 8), C (0, 10) of groups x, y: D = 0.7, isolation x 0.68, exposure
# x->y 0.32 and y->x 0.16, E = ln 3 - 2/3 ln 2, M = 1/3 (L_A + L_B + L_C).
hand <- matrix(c(8, 2, 0, 2, 8, 10), nrow = 3, dimnames = list(c("A", "B", "C"), c("x", "y")))
hand_m <- (0.8 * log(2.4) + 0.2 * log(0.3) + 0.2 * log(0.6) + 0.8 * log(1.2) + log(1.5)) / 3
hand_e <- log(3) - 2 / 3 * log(2)

stat <- function(df, name, col = "value", key = "index") df[[col]][df[[key]] == name]

test_that("a matrix gives the hand-worked indices", {
  m <- almen_mix(hand)
  s <- almen_mix_summary(m)
  expect_equal(stat(s, "D"), 0.7, tolerance = 1e-12)
  expect_equal(stat(s, "M"), hand_m, tolerance = 1e-12)
  expect_equal(stat(s, "entropy"), hand_e, tolerance = 1e-12)
  expect_equal(stat(s, "H"), hand_m / hand_e, tolerance = 1e-12)
  p <- almen_mix_pairs(m)
  expect_equal(p$exposure[p$group == "x" & p$other == "y"], 0.32)
  expect_equal(p$exposure[p$group == "y" & p$other == "x"], 0.16)
  expect_equal(p$exposure[p$group == "x" & p$other == "x"], 0.68)
  u <- almen_mix_units(m)
  expect_equal(u$unit, c("A", "B", "C"))
  expect_equal(sum(u$M_contribution), hand_m, tolerance = 1e-12)
  expect_equal(u$local_M[u$unit == "C"], log(1.5))
  expect_true(all(is.na(u$higher)))
  g <- almen_mix_groups(m)
  expect_equal(g$isolation_adjusted[g$group == "x"], 0.52)
  expect_match(format(m), "3 units x 2 groups")
})

test_that("column-major matrices are read in their own order", {
  x <- matrix(as.numeric(1:12), nrow = 4)  # unit 2 is (2, 6, 10)
  counts <- almen_mix_counts(almen_mix(x))
  expect_equal(counts$count[counts$unit == "2"], c(2, 6, 10))
  # an integer matrix is converted, with the same result
  expect_equal(almen_mix_counts(almen_mix(matrix(1:12, nrow = 4)))$count, counts$count)
  expect_equal(almen_mix_unit_count(almen_mix(x)), 4)
})

test_that("a long data.frame with a higher level decomposes exactly", {
  long <- data.frame(
    unit = rep(c("u1", "u2", "u3", "u4"), each = 3),
    group = rep(c("g1", "g2", "g3"), 4),
    n = c(4, 4, 2, 2, 6, 2, 0, 2, 8, 4, 0, 6),
    district = rep(c("north", "north", "south", "south"), each = 3))
  m <- almen_mix(long, unit = "unit", group = "group", count = "n", higher = "district")
  expect_equal(almen_mix_higher_count(m), 2)
  s <- almen_mix_summary(m)
  expect_equal(stat(s, "M_between") + stat(s, "M_within"), stat(s, "M"), tolerance = 1e-14)
  # M_between by hand: districts (.3, .5, .2) and (.2, .1, .7) against (.25, .3, .45)
  between <- 0.5 * (0.3 * log(1.2) + 0.5 * log(5 / 3) + 0.2 * log(4 / 9)) +
    0.5 * (0.2 * log(0.8) + 0.1 * log(1 / 3) + 0.7 * log(14 / 9))
  expect_equal(stat(s, "M_between"), between, tolerance = 1e-12)
  expect_equal(stat(s, "D"), 24 / 51.6, tolerance = 1e-12)
  h <- almen_mix_higher(m)
  expect_equal(h$higher, c("north", "south"))
  expect_equal(sum(h$M_within_contribution), stat(s, "M_within"), tolerance = 1e-13)
  # the same table as a matrix with higher as a vector
  mat <- matrix(long$n, nrow = 4, byrow = TRUE, dimnames = list(paste0("u", 1:4), paste0("g", 1:3)))
  m2 <- almen_mix(mat, higher = c("north", "north", "south", "south"))
  expect_equal(almen_mix_summary(m2), s)
  tabs <- almen_mix_indices(mat, higher = c(1, 1, 2, 2))
  expect_named(tabs, c("summary", "groups", "pairs", "units", "higher"))
  # repeated rows are summed
  twice <- rbind(long, long)
  expect_equal(stat(almen_mix_summary(almen_mix(twice, "unit", "group", "n")), "total"), 80)
  bad <- long
  bad$district[1] <- "south"
  expect_error(almen_mix(bad, "unit", "group", "n", "district"), "more than one")
})

test_that("bad input is an almen_error or an R error", {
  expect_error(almen_mix(matrix(c(1, -1, 2, 3), 2)), class = "almen_error")
  expect_error(almen_mix(matrix(c(1, -1, 2, 3), 2)), "unit 2, group 1")
  expect_error(almen_mix(matrix(c("a", "b"), 1)), "numeric matrix")
  expect_error(almen_mix(hand, higher = c(1, 2)), "2 values for 3 units")
  expect_error(almen_mix(data.frame(a = 1), unit = "a"), "'unit' and 'group'")
  m <- almen_mix(hand)
  expect_error(almen_mix_set_labels(m, "unit", "A\nA\nB"), "repeats")
})

test_that("inference is reproducible and the change decomposes", {
  counts <- matrix(c(40, 12, 5, 20, 10, 30, 9, 20, 5, 8, 41, 20), nrow = 4)
  m <- almen_mix(counts)
  a <- almen_mix_inference(m, 200, 4, 0.95)
  expect_identical(a, almen_mix_inference(m, 200, 4, 0.95))
  expect_false(identical(a, almen_mix_inference(m, 200, 5, 0.95)))
  reps <- almen_mix_replicates(m, "bootstrap", 200, 4)
  expect_equal(mean(reps$M), stat(a, "M", "bootstrap_mean"), tolerance = 1e-13)
  expect_equal(stat(a, "M", "p_value"), 1 / 201)
  expect_error(almen_mix_inference(almen_mix(counts + 0.5), 10, 1, 0.9), class = "almen_error")
  later <- almen_mix(counts * rep(c(1, 2, 1, 3), 3))  # unit margins change, structure not
  ch <- almen_mix_change(m, later, "M", 0)
  v <- setNames(ch$value, ch$stat)
  expect_equal(v[["structural"]], 0, tolerance = 1e-9)
  expect_equal(sum(v[c("additions", "removals", "group_marginal", "unit_marginal", "structural")]),
               v[["difference"]], tolerance = 1e-12)
})

test_that("a case gives its department x group table", {
  ex <- almen_example()
  m <- almen_case_mix(ex, "origin", 2024, "district")
  expect_s3_class(m, "almen_mix")
  expect_equal(almen_mix_unit_count(m), almen_case_department_count(ex))
  g <- almen_mix_groups(m)
  expect_equal(g$group, c("nonwestern", "other"))
  expect_error(almen_case_mix(ex, "height", 2024, NULL), class = "almen_error")
})

test_that("schools00 gives the values the R package segregation publishes", {
  path <- file.path(Sys.getenv("ALMEN_SOURCE_ROOT"), "tests", "data", "mix", "schools00.csv")
  skip_if_not(file.exists(path), "schools00.csv is in the libalmen source tree only")
  schools <- read.csv(path)
  m <- almen_mix(schools, unit = "school", group = "race", count = "n", higher = "state")
  s <- almen_mix_summary(m)
  # README of elbersb/segregation: M 0.426, H 0.419; between states 0.0992 / 0.0977
  expect_equal(stat(s, "M"), 0.426, tolerance = 5e-4 / 0.426)
  expect_equal(stat(s, "H"), 0.419, tolerance = 5e-4 / 0.419)
  expect_equal(stat(s, "M_between"), 0.0992, tolerance = 5e-5 / 0.0992)
  expect_equal(stat(s, "H_between"), 0.0977, tolerance = 5e-5 / 0.0977)
  expect_equal(stat(s, "units"), 2045)
})
