# Renovation scenarios from R, with the expected values worked out by hand.

# Area a: 1-1 (100 family, 10,000 m2, 1,000 kr/m2 a year), 1-2 (10 youth, 400 m2, 900 kr/m2:
# 40 m2 each, 900 * 40 / 12 = 3,000 kr a month).
reno_case <- c(
  "municipality: {code: 630, name: Testby, region: Syddanmark}",
  "areas: [{id: a, name: Area A}]",
  "organisations: [{id: \"1\", name: Org}]",
  "departments:",
  "  - {organisation: \"1\", number: 1, name: D1, area: a, dwellings: {family: 100},",
  "     floor_area: 10000, rent: 1000}",
  "  - {organisation: \"1\", number: 2, name: D2, area: a, dwellings: {youth: 10},",
  "     floor_area: 400, rent: 900}")

# The residents' payment is 1 % (resp. 3 %) of the loan: 1 % of 50,000,000 = 500,000 =
# exactly 5 % of 1-1's rent of 10,000,000 (not above it); 50,000,100 is just above.
reno_scenarios <- c(
  "scenarios:",
  "  - id: at5",
  "    departments: [\"1-1\"]",
  "    base_year: 2026",
  "    works: [{name: W, amount: 50000000, year: 2026}]",
  "    financing: {supported_loan: {rate: 0.1, resident_payment_pct: 1}}",
  "  - id: above5",
  "    departments: [\"1-1\"]",
  "    base_year: 2026",
  "    works: [{name: W, amount: 50000100, year: 2026}]",
  "    financing: {supported_loan: {rate: 0.1, resident_payment_pct: 1}}",
  "  - id: capped",
  "    departments: [\"1-1\"]",
  "    base_year: 2026",
  "    works: [{name: W, amount: 5000000, year: 2026}]",
  "    financing: {supported_loan: {rate: 0, term: 20, resident_payment_pct: 10, indexation: 0}}",
  "  - id: convert",
  "    departments: [\"1-1\"]",
  "    base_year: 2026",
  "    changes: [{type: convert, department: \"1-1\", from: family, to: youth, dwellings: 70,",
  "               year: 2027}]")

reno <- function() almen_from_yaml(c(reno_case, reno_scenarios), "reno.yaml")

test_that("the scenarios are listed and every table comes back", {
  k <- reno()
  s <- almen_scenarios(k)
  expect_identical(s$scenario, c("at5", "above5", "capped", "convert"))
  expect_identical(s$first_payment_year, c(2027L, 2027L, 2027L, NA))
  res <- almen_renovate(k)
  expect_named(res, c("comparison", "costs", "financing", "loans", "cashflows", "npv",
                      "rents", "rent_path", "affordability", "family_share"))
  expect_true(all(vapply(res, is.data.frame, logical(1))))
  expect_identical(names(res$comparison), c("metric", "unit", "at5", "above5", "capped", "convert"))
  expect_error(almen_renovate(k, "missing"), class = "almen_error")
  expect_error(almen_renovate(k, table = "nope"), "must be one of")
})

test_that("the 5 % flag is strict: exactly 5 % needs no approval", {
  r <- almen_renovate(reno(), table = "rents")
  at5 <- r[r$scenario == "at5", ]
  expect_identical(at5$rent_m2_after, 1050)            # 1,000 + 500,000 / 10,000
  expect_identical(at5$increase_pct, 5)
  expect_false(at5$municipal_approval_needed)
  expect_false(at5$ballot_may_be_demanded)
  expect_true(r$municipal_approval_needed[r$scenario == "above5"])
})

test_that("the loan repays its principal and the fund's support is never negative", {
  k <- reno()
  l <- almen_renovate(k, "capped", "loans")
  expect_identical(nrow(l), 80L)                       # 20 years, quarterly
  expect_equal(sum(l$principal), 5e6, tolerance = 1e-12)
  expect_identical(l$balance[80], 0)
  cf <- almen_renovate(k, "capped", "cashflows")
  y <- cf[cf$year == 2030, ]
  expect_equal(y$supported_payment, 250000)            # 5,000,000 / 20 at rate 0
  expect_equal(y$residents_payment, 250000)            # 10 % would be 500,000: capped
  expect_identical(y$fund_support, 0)
  expect_true(all(cf$fund_support >= 0))
  # second method: the payment is the annuity of pmt()
  l5 <- almen_renovate(k, "at5", "loans")
  expect_equal(l5$payment[1], -pmt(0.1 / 4, 120, 5e7), tolerance = 1e-12)
})

test_that("conversion lowers the family share of the 168a count", {
  fs <- almen_renovate(reno(), "convert", "family_share")
  expect_identical(fs$year, 2026:2030)
  # 2026: 100 family of 110; from 2028: 30 family of 110 (70 became youth dwellings)
  expect_equal(fs$family_share_pct[fs$year == 2026], 100 * 100 / 110)
  expect_equal(fs$family_share_pct[fs$year == 2028], 100 * 30 / 110)
  expect_identical(fs$within_limit, c(FALSE, FALSE, TRUE, TRUE, TRUE))
  aff <- almen_renovate(reno(), "convert", "affordability")
  expect_identical(aff$band, c(3000, 4000))
  expect_identical(aff$case_before, c(10, 10))          # 1-2's youth dwellings at 3,000 kr
})

test_that("scenarios load on their own, all or nothing, with positions", {
  k <- reno()
  e <- tryCatch(almen_load_scenarios(k, text = c("scenarios:",
    "  - {id: x, departments: [\"1-1\"], base_year: 2026, horizon: 2020}"), source = "s.yaml"),
    almen_error = identity)
  expect_identical(e$line, 2L)
  expect_identical(e$field, "scenarios[0].horizon")
  expect_identical(nrow(almen_scenarios(k)), 4L)
  almen_load_scenarios(k, text = "scenarios: [{id: y, departments: [\"1-2\"], base_year: 2027}]")
  expect_identical(almen_scenarios(k)$scenario, "y")
  expect_error(almen_load_scenarios(k), "exactly one")
})

test_that("the example has scenarios side by side", {
  ex <- almen_example()
  s <- almen_scenarios(ex)
  expect_gte(nrow(s), 2L)
  cmp <- almen_renovate(ex, table = "comparison")
  expect_identical(names(cmp)[-(1:2)], s$scenario)
})
