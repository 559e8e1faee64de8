# Handles are external pointers whose C finalizer frees the case; results never reference
# their parent, so finalizers may run in any order.

test_that("an explicit free clears the handle; the finalizer and a second free do nothing", {
  c <- testrup()
  expect_null(almen_case_free(c))
  expect_output(print(c), "freed")
  expect_error(almen_case_department_count(c), "freed")
  expect_error(almen_departments(c), "freed")
  expect_error(almen_case_set_figure(c, "601-1", 2023, "residents", 1), "freed")
  expect_null(almen_case_free(c))                    # no double free
  rm(c)
  invisible(gc())
  expect_null(almen_case_free(NULL))
  expect_invisible(almen_case_free(NULL))
  expect_invisible(almen_error_clear())
})

test_that("results outlive their case in any collection order", {
  c <- testrup()
  k <- almen_copy(c)
  d <- almen_departments(c)
  y <- almen_to_yaml(c)
  g <- almen_aggregate(c, "area")
  rm(c)
  invisible(gc())
  expect_identical(d$id, c("601-1", "601-2", "602-1", "602-7"))
  expect_identical(almen_to_yaml(k), y)
  expect_identical(almen_aggregate(k, "area"), g)
  almen_case_free(k)
  invisible(gc())
  expect_identical(nrow(g), 4L)

  # copy first collected, then the original; and the reverse
  for (first in c("orig", "copy")) {
    c <- testrup()
    k <- almen_copy(c)
    if (first == "orig") rm(c) else rm(k)
    invisible(gc())
    left <- if (first == "orig") k else c
    expect_identical(almen_case_department_count(left), 4)
    rm(left)
    if (exists("c", inherits = FALSE)) rm(c)
    if (exists("k", inherits = FALSE)) rm(k)
    invisible(gc())
  }
})

test_that("many handles created and dropped in a loop", {
  for (i in 1:200) {
    c <- testrup()
    k <- almen_copy(c)
    if (i %% 3 == 0) almen_case_free(c)
    if (i %% 5 == 0) almen_case_free(k)
  }
  rm(c, k)
  invisible(gc())
  l <- lapply(1:50, function(i) almen_copy(almen_example()))
  l[seq(1, 50, by = 2)] <- list(NULL)
  invisible(gc())
  expect_true(all(vapply(Filter(Negate(is.null), l), almen_case_department_count, 0) == 30))
  rm(l)
  invisible(gc())
})

test_that("a handle survives serialization only as a freed handle", {
  c <- testrup()
  c2 <- unserialize(serialize(c, NULL))
  expect_error(almen_case_department_count(c2), "freed")
  expect_output(print(c2), "freed")
  expect_identical(almen_case_department_count(c), 4)
})

test_that("wrong handle types are refused", {
  c <- testrup()
  fake <- structure(c, class = c("almen_case", "almen_handle"))
  expect_identical(almen_case_department_count(fake), 4)     # same pointer, same tag
  expect_error(almen_case_department_count(list(c)), "not an almen handle")
  expect_error(almen_case_department_count(new.env()), "not an almen handle")
})

test_that("the wrappers hold up under gctorture", {
  skip_on_cran()
  gctorture(TRUE)
  on.exit(gctorture(FALSE))
  c <- almen_from_yaml(testrup_yaml, "torture.yaml")
  d <- almen_departments(c)
  e <- tryCatch(almen_set_figure(c, "602-7", 2023, "convicted", 81), almen_error = identity)
  almen_set_figure_values(c, "vacancies", 2024, c(1L, 2L, 3L, 4L))
  y <- almen_to_yaml(c)
  v <- almen_figure(c, "602-7", 2024, "vacancies")
  k <- almen_copy(c)
  almen_case_free(c)
  rm(c)
  gctorture(FALSE)
  expect_identical(d$id, c("601-1", "601-2", "602-1", "602-7"))
  expect_identical(e$line, 0L)
  expect_identical(e$field, "convicted")
  expect_identical(v, 4)
  expect_identical(almen_to_yaml(k), y)
})

# Under gctorture R collects at every allocation, so an R object the C side still points at
# (a lent microdata column, a rule set inside options, a temporary vector) is freed at once
# if nothing protects it; the results must equal those computed without torture.
test_that("classification, microdata, mix and a rule set outliving its handle hold up under gctorture", {
  skip_on_cran()
  c <- testrup()
  persons <- data.frame(department = c("601-1", "601-1", "601-2", "602-1", "602-7", "602-7"),
                        year = c(2024, 2024, 2024, 2024, 2023, 2024),
                        age = c(17, 40, 70, 30, 18, 64),
                        convicted = c(0L, 1L, 0L, 0L, 1L, 0L))
  counts <- matrix(c(10, 0, 5, 3, 7, 2), nrow = 3, dimnames = list(c("u1", "u2", "u3"), c("g1", "g2")))
  want_cls <- almen_classify(c, rules = "dk-2021", years = 2024)
  want_md <- almen_microdata_counts(persons, case = c)
  want_mix <- almen_mix_indices(counts)$summary
  rules_yaml <- almen_rules_yaml(almen_rules("dk-2021"))

  gctorture(TRUE)
  on.exit(gctorture(FALSE))
  cls <- almen_classify(c, rules = "dk-2021", years = 2024)
  md <- almen_microdata_counts(persons, case = c)
  mix <- almen_mix_indices(counts)$summary
  # Options keep their own reference to the rule set: its R handle is dropped (and its
  # finalizer run) before the options are used.
  o <- almen_classify_options_new()
  r <- almen_rules_load_string(rules_yaml, "torture-rules.yaml")
  almen_classify_options_set_rules(o, r, 0L, 0L)
  almen_classify_options_set_years(o, 2024L, 2024L)
  rm(r)
  invisible(gc())
  own <- almen_case_classify(c, o)
  gctorture(FALSE)

  expect_identical(cls, want_cls)
  expect_identical(own, want_cls)
  expect_identical(md, want_md)
  expect_identical(mix, want_mix)
  expect_identical(md$residents[md$department == "602-7" & md$year == 2024], 1L)
})

test_that("a simulation holds up under gctorture, with collections inside its progress callback", {
  skip_on_cran()
  want <- almen_simulate(almen_example(), years = 1L, runs = 2L, threads = 1L, seed = 3,
                         progress = FALSE)
  gctorture(TRUE)
  on.exit(gctorture(FALSE))
  got <- almen_simulate(almen_example(), years = 1L, runs = 2L, threads = 1L, seed = 3,
                        progress = function(done, total) invisible(gc()), slices = 2L)
  gctorture(FALSE)
  expect_identical(got$runs, 2)
  expect_identical(got$indicators, want$indicators)
  expect_identical(got$composition, want$composition)
})
