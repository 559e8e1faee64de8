# The letting simulation from R: the closed form of the one-channel case computed here,
# determinism over threads, bans, progress and errors.

# The case files shared with the C tests (tests/data/simulate/), when the source tree is
# known (the meson test sets ALMEN_SOURCE_ROOT; R CMD check does not).
sim_data <- function(name) {
  path <- file.path(Sys.getenv("ALMEN_SOURCE_ROOT", "/nonexistent"), "tests", "data",
                    "simulate", name)
  if (!file.exists(path)) skip(paste("tests/data/simulate not available:", name))
  almen_load(path)
}

one_channel <- list(name = "one", channels = list(internal = 0))

test_that("one channel follows p + (s0 - p)(1 - t)^y within 4 standard errors", {
  # pool p = (6, 3, 1) / 10, initial shares (0.2, 0.6, 0.2), turnover 0.104 for every type
  res <- almen_simulate(sim_data("onechannel.yaml"), runs = 1500L, seed = 11,
                        policies = one_channel, progress = FALSE)
  comp <- res$composition
  p <- c(working = 0.6, benefits = 0.3, pensioner = 0.1)
  s0 <- c(working = 0.2, benefits = 0.6, pensioner = 0.2)
  y <- comp$year - 2024
  expected <- p[comp$household_type] + (s0[comp$household_type] - p[comp$household_type]) *
    0.896^y
  later <- y > 0
  z <- (comp$share_mean[later] - expected[later]) / comp$share_se[later]
  expect_length(z, 30L)
  expect_true(all(abs(z) < 4))
  expect_equal(comp$share_mean[!later], unname(expected[!later]))
})

test_that("the same seed gives the same tables whatever the threads", {
  case <- sim_data("udsat.yaml")
  run <- function(threads, seed = 5) {
    almen_simulate(case, runs = 30L, years = 4L, threads = threads, seed = seed,
                   agreements = c("all", "none"), progress = FALSE)
  }
  one <- run(1L)
  two <- run(2L)
  expect_identical(one$indicators, two$indicators)
  expect_identical(one$status, two$status)
  expect_identical(one$composition, two$composition)
  expect_false(identical(one$indicators, run(2L, seed = 6)$indicators))
})

test_that("a ban removes its types from the incoming flow", {
  ban <- list(name = "ban", channels = list(municipal = 50, internal = 0),
              exclude = list(municipal = list("social_assistance_6m")))
  open <- "name: open\nchannels: {municipal: 50, internal: 0}"
  res <- almen_simulate(sim_data("onechannel.yaml"), runs = 100L, years = 3L,
                        policies = list(ban, open), progress = FALSE)
  f <- res$inflow
  mun <- f[f$channel == "municipal" & f$household_type == "benefits", ]
  expect_true(all(mun$mean[mun$variant == "ban"] == 0))
  expect_true(all(mun$mean[mun$variant == "open"] > 1))
})

test_that("progress is reported after every slice and areas' run values match", {
  seen <- integer()
  res <- almen_simulate(sim_data("udsat.yaml"), runs = 40L, years = 3L, slices = 4L,
                        progress = function(done, total) seen <<- c(seen, done))
  expect_equal(seen, c(10L, 20L, 30L, 40L))
  expect_equal(res$runs, 40)
  rv <- res$run_values
  v <- rv$value[rv$indicator == "outside_labour_pct" & rv$year == 2026]
  ind <- res$indicators
  row <- ind[ind$level == "area" & ind$indicator == "outside_labour_pct" & ind$year == 2026, ]
  expect_equal(row$mean, mean(v))
  expect_equal(row$q50, unname(stats::quantile(v, 0.5, type = 7)))
  expect_output(print(res), "almen simulation: 40 runs")
})

test_that("a renovation scenario changes the households", {
  # 100 of 1,000 dwellings demolished in 2025: 900 households from 1 January 2026
  res <- almen_simulate(sim_data("onechannel.yaml"), runs = 20L, years = 3L,
                        scenario = "demolish", policies = one_channel, progress = FALSE)
  ind <- res$indicators
  hh <- ind[ind$indicator == "households" & ind$level == "department", ]
  expect_equal(hh$mean[order(hh$year)], c(1000, 1000, 900, 900))
})

test_that("the parameters are listed with their defaults", {
  params <- almen_simulation_parameters()
  expect_equal(params$default[params$name == "turnover_youth"], 0.399)
  expect_true(all(c("turnover_family", "internal_pct", "residual") %in% params$name))
})

test_that("errors name the field", {
  case <- sim_data("onechannel.yaml")
  err <- tryCatch(almen_simulate(case, household_types = "types:\n  - {id: a, persons: -1}",
                                 progress = FALSE),
                  error = function(e) e)
  expect_match(conditionMessage(err), "household_types.types\\[0\\].persons")
  expect_error(almen_simulate(case, agreements = "nosuch", progress = FALSE),
               "no agreement 'nosuch'")
  expect_error(almen_simulate(case, policies = list(1, 2), progress = FALSE),
               "a policy must be YAML text or a named list")
  expect_error(almen_simulate(case, runs = 0L, progress = FALSE), "runs must be")
})
