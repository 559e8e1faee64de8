# The statutory classification from R. One area "a", one department, the same figures in
# 2021 and 2022, references 0.5 % (national share convicted: 3 x = 1.5 %) and 200,000 kr.
# With 1,000 residents 18-64, outside 401 is 40.1 %, above 40 ("overstiger"): met, and
# (0.401 + (401 - k)/1000)/2 <= 0.40 needs k = 2 persons more in work: margin +2 persons.
# Income 100e6 over 1,000 taxpayers = 50 % of the region, below 55: met.

classify_case <- function(outside = 401, nonwestern = 100, refs = TRUE) {
  fig <- function(y) sprintf(paste0(
    "       {year: %d, residents: 2000, residents_18_64: 1000, outside_labour_fte: %g, ",
    "residents_18plus: 1000, convicted: 1, residents_30_59: 1000, basic_education: 100, ",
    "taxpayers_15_64: 1000, income_sum: 100000000, nonwestern: %g}"), y, outside, nonwestern)
  text <- c("municipality: {code: 630, name: Testby, region: Syddanmark}",
            "areas: [{id: a, name: Area A}]",
            "organisations: [{id: 1, name: Org}]",
            "departments:",
            "  - {organisation: 1, number: 1, name: D1, area: a, figures: [",
            paste0(fig(2021), ","), fig(2022), "    ]}")
  if (refs) {
    text <- c(text, "references:",
              "  national_convicted_pct: {2021: 0.5, 2022: 0.5}",
              "  regional_average_income: {Syddanmark: {2021: 200000, 2022: 200000}}")
  }
  almen_from_yaml(text)
}

row_of <- function(d, area, year) d[d$area == area & d$year == year, , drop = FALSE]

test_that("rule sets: compiled in, by list year, with positioned errors", {
  expect_identical(almen_rules_for_year(2017), "dk-2013")
  expect_identical(almen_rules_for_year(2018), "dk-2018")
  expect_identical(almen_rules_for_year(2021), "dk-2021")
  expect_error(almen_rules_for_year(2009), class = "almen_error")
  expect_identical(almen_rules_builtins()$id, c("dk-2010", "dk-2013", "dk-2018", "dk-2021"))
  r <- almen_rules("dk-2021")
  expect_identical(almen_rules_id(r), "dk-2021")
  expect_identical(almen_rules_categories(r)$category,
                   c("udsat", "parallelsamfund", "omdannelsesomraade", "forebyggelsesomraade"))
  bad <- sub('udsat: "> 40"', 'udsat: "=> 40"', almen_rules_yaml(r), fixed = TRUE)
  e <- tryCatch(almen_rules(bad), almen_error = function(e) e)
  expect_s3_class(e, "almen_error")
  expect_identical(e$field, "criteria[0].thresholds.udsat")
  expect_match(conditionMessage(e), "bad comparison")
})

test_that("classification: values, margins, NA for unknown", {
  d <- almen_classify(classify_case())
  expect_identical(d$year, c(2021L, 2022L))
  r <- row_of(d, "a", 2022)
  expect_identical(r$rules, "dk-2021")
  expect_equal(r$outside_labour_value, 40.1)
  expect_true(r$outside_labour_udsat_met)
  expect_equal(r$outside_labour_udsat_margin_pp, 0.1)
  expect_identical(r$outside_labour_udsat_margin_persons, 2L)
  expect_equal(r$income_value, 50)
  expect_identical(r$criteria_met, 2L)
  expect_true(r$udsat)
  expect_identical(r$placement, "udsat")
  # 2021's 2-year window lacks 2020: NA, never FALSE
  r21 <- row_of(d, "a", 2021)
  expect_identical(r21$outside_labour_udsat_met, NA)
  expect_match(r21$missing, "figures 2020")
  # exactly 40 %: not above; one more outside meets it
  at <- row_of(almen_classify(classify_case(outside = 400)), "a", 2022)
  expect_false(at$outside_labour_udsat_met)
  expect_identical(at$outside_labour_udsat_margin_persons, -1L)
  long <- almen_classify(classify_case(), years = 2022, details = TRUE)
  expect_identical(nrow(long), 10L)
})

test_that("what-if switches and references as arguments", {
  case <- classify_case(nonwestern = 900)        # 45 % non-western
  expect_false(row_of(almen_classify(case), "a", 2022)$parallelsamfund)
  expect_true(row_of(almen_classify(case, disable = "nonwestern"), "a", 2022)$parallelsamfund)
  r <- row_of(almen_classify(case, thresholds = list(outside_labour.udsat = 41)), "a", 2022)
  expect_identical(r$outside_labour_udsat_threshold, 41)
  expect_identical(r$outside_labour_forebyggelse_threshold, 30)
  expect_false(r$udsat)
  expect_error(almen_classify(case, disable = "no_such"), class = "almen_error")
  # 0.1 % convicted against a national 0.1 %: 1 x
  r <- row_of(almen_classify(case, references = list(national_convicted_pct = 0.1)), "a", 2022)
  expect_equal(r$convicted_value, 1)
  r <- row_of(almen_classify(case, references = list(
    regional_average_income = list(Syddanmark = c(`2022` = 250000)))), "a", 2022)
  expect_equal(r$income_value, 40)
  d <- almen_classify(case, rules = "dk-2010")
  expect_false("udsat" %in% names(d))
})

test_that("references on the case round-trip", {
  case <- classify_case(refs = FALSE)
  expect_identical(nrow(almen_references(case)), 0L)
  expect_identical(row_of(almen_classify(case), "a", 2022)$income_udsat_met, NA)
  almen_set_reference(case, "regional_average_income", 2022, 200000)
  almen_set_reference(case, "national_convicted_pct", 2022, 0.5)
  refs <- almen_references(case)
  expect_identical(refs$reference, c("national_convicted_pct", "regional_average_income"))
  expect_identical(refs$region, c(NA, "Syddanmark"))
  again <- almen_from_yaml(almen_to_yaml(case))
  expect_identical(almen_references(again), refs)
  expect_true(row_of(almen_classify(again), "a", 2022)$income_udsat_met)
})

test_that("Eksempelby as designed", {
  d <- almen_classify(almen_example())
  v <- d[d$area == "vestergaarden" & d$year >= 2021, ]
  expect_identical(v$criteria_met, c(2L, 2L, 2L, 2L, 1L))
  expect_identical(v$placement, c("udsat", "parallelsamfund", "parallelsamfund",
                                  "parallelsamfund", "forebyggelsesomraade"))
  l <- d[d$area == "lindelunden" & d$year >= 2021, ]
  expect_true(all(l$criteria_met == 3L) && !any(l$eligible))
})

test_that("published values from a data.frame", {
  pub <- data.frame(area = "x", year = 2022L, residents = 2500, nonwestern_pct = 51,
                    outside_labour_pct = 40.1, convicted_pct = 2.2,
                    basic_education_pct = 50, income_pct_of_region = 54.9)
  d <- almen_classify_published(pub, references = list(national_convicted_pct = 0.725))
  # 2.2 % against 3 x 0.725 = 2.175 %: met, 0.025 points above
  expect_equal(d$convicted_udsat_margin_pp, 0.025)
  expect_identical(d$criteria_met, 3L)
  expect_true(d$parallelsamfund)
  e <- tryCatch(almen_classify_published("area,year,residents\nx,2022,1\n"),
                almen_error = function(e) e)
  expect_identical(e$field, "outside_labour_pct")
})
