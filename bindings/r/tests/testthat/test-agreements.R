# Agreements from R. A small case written here: area a1 holds 501-1 and 501-2 with
# 600 + 400 = 1,000 residents and 160 + 100 = 260 of 400 + 250 = 650 aged 18-64 outside the
# labour market = 40 % exactly, both §51b stk. 3 edges ("mindst": >=). 502-1 (area a2) has
# 250 family dwellings; family dwellings in all 300 + 200 + 250 = 750.

aftaleby_yaml <- c(
  "municipality: {code: 999, name: Aftaleby, region: Syddanmark}",
  "districts: [{id: nord, name: Nord}, {id: syd, name: Syd}]",
  "areas: [{id: a1, name: A1, district: syd}, {id: a2, name: A2, district: nord}]",
  "organisations: [{id: '501', name: Øst}, {id: '502', name: Vest}]",
  "departments:",
  "  - {organisation: '501', number: 1, name: A, area: a1, dwellings: {family: 300},",
  "     figures: [{year: 2024, residents: 600, residents_18_64: 400, outside_labour_fte: 160}]}",
  "  - {organisation: '501', number: 2, name: B, area: a1, dwellings: {family: 200},",
  "     figures: [{year: 2024, residents: 400, residents_18_64: 250, outside_labour_fte: 100}]}",
  "  - {organisation: '502', number: 1, name: C, area: a2, dwellings: {family: 250},",
  "     figures: [{year: 2024, residents: 999, residents_18_64: 500, outside_labour_fte: 200}]}",
  "agreements:",
  "  - id: k",
  "    name: Kombineret udlejning",
  "    parties: {organisations: ['501']}",
  "    geography: {areas: [a1]}",
  "    period: {start: 2024-06-01, end: 2026-05-31}",
  "    themes: {combined_letting: true}",
  "    instruments: [{type: combined_letting}]")

aftaleby <- function() almen_from_yaml(aftaleby_yaml)

test_that("the agreements of a case as data frames", {
  case <- aftaleby()
  a <- almen_agreements(case)
  expect_identical(a$id, "k")
  expect_identical(a$geography, "areas: a1")
  i <- almen_agreement_instruments(case)
  expect_identical(i$paragraph, "§51b")
  expect_identical(i$groups, "social_assistance_6m")
  th <- almen_agreement_themes(case)
  expect_identical(nrow(th), 11L)
  expect_true(th$on[th$theme == "combined_letting"])
  expect_true(is.na(th$on[th$theme == "homelessness"]))
})

test_that("the policy on dates before, inside and after the period", {
  case <- aftaleby()
  rows <- function(date) {
    p <- almen_letting_policy(case, date, "501-1", classification = FALSE)
    sum(p$source %in% "k")
  }
  expect_identical(rows("2024-05-31"), 0L)
  expect_identical(rows("2024-06-01"), 1L)
  expect_identical(rows(as.Date("2026-05-31")), 1L)
  expect_identical(rows("2026-06-01"), 0L)
})

test_that("statutory instruments by the area's status; the list of 1 December", {
  case <- aftaleby()
  status <- data.frame(area = c("a2", "a2"), year = c(2023, 2024),
                       category = c("none", "omdannelsesomraade"))
  p <- almen_letting_policy(case, "2024-12-01", "502-1", status = status,
                            classification = FALSE)
  expect_identical(p$paragraph, c("§59 stk. 6", "§60", "§51c"))
  expect_true(all(p$source == "statutory"))
  p <- almen_letting_policy(case, "2024-11-30", "502-1", status = status,
                            classification = FALSE)
  expect_identical(p$instrument, "none")
  expect_identical(p$list_year, 2023L)
  s <- almen_area_status(case, "2024-12-01", status = status, classification = FALSE)
  expect_identical(s$source, c("unknown", "explicit"))
})

test_that("§51b findings at the edge of 1,000 residents", {
  case <- aftaleby()
  f <- almen_agreement_findings(case, "2024-06-01", classification = FALSE)
  expect_false(any(startsWith(f$code, "combined_letting")))
  almen_set_figure(case, "501-2", 2024, "residents", 399)
  f <- almen_agreement_findings(case, "2024-06-01", classification = FALSE)
  row <- f[f$code == "combined_letting_residents", ]
  expect_identical(row$severity, "error")
  expect_identical(row$departments, "501-1,501-2")
  f <- almen_agreement_findings(case, "2024-06-01", classification = FALSE,
                                parameters = list(combined_min_residents = 999))
  expect_false(any(f$code == "combined_letting_residents"))
  expect_identical(almen_case_agreement_errors(case, "2024-06-01", almen_agreement_options_new()), 1)
})

test_that("coverage per theme and district", {
  case <- aftaleby()
  cov <- almen_agreement_coverage(case, "2025-01-01", classification = FALSE)
  row <- cov[cov$theme == "any" & cov$level == "municipality", ]
  expect_identical(row$family_dwellings, 500L)
  expect_identical(row$family_dwellings_total, 750L)
  expect_equal(row$family_share_pct, 100 * 500 / 750)
  row <- cov[cov$theme == "any" & cov$level == "district" & cov$district == "nord", ]
  expect_identical(row$departments, 0L)
})

test_that("templates are listed and filled in", {
  t <- almen_agreement_templates()
  expect_identical(t$name, c("hele-byen", "lille-bydel", "bydel-for-bydel", "naalestik",
                             "strategisk-anvisning"))
  expect_match(almen_agreement_template_yaml("bydel-for-bydel"), "Landsbyggefonden")
  case <- aftaleby()
  almen_add_template(case, "bydel-for-bydel", id = "b", start = as.Date("2026-01-01"))
  a <- almen_agreements(case)
  expect_identical(a$end[a$id == "b"], "2029-12-31")
  g <- almen_agreement_governance(case)
  expect_setequal(g$id[g$kind == "board"], c("bestyrelse", "bydel-nord", "bydel-syd"))
  almen_remove_agreement(case, "b")
  expect_identical(almen_agreements(case)$id, "k")
})

test_that("errors carry positions and change nothing", {
  case <- aftaleby()
  bad <- c("agreements:", "  - id: x", "    name: X",
           "    parties: {organisations: ['501', '503']}",
           "    geography: {areas: [a1]}", "    period: {start: 2024-01-01}")
  err <- tryCatch(almen_add_agreements(case, text = bad, source = "x.yaml"),
                  almen_error = function(e) e)
  expect_s3_class(err, "almen_error")
  expect_match(conditionMessage(err), "x.yaml:4:38: agreements\\[0\\].parties.organisations\\[1\\]")
  expect_identical(nrow(almen_agreements(case)), 1L)
  expect_error(almen_letting_policy(case, "2024-02-30"), "YYYY-MM-DD")
  expect_error(almen_letting_policy(case, 20240101), "date")
  expect_error(almen_add_template(case, "nope"), "no agreement template")
})

test_that("the example carries agreements; a standalone file loads", {
  ex <- almen_example()
  expect_identical(nrow(almen_agreements(ex)), 2L)
  case <- aftaleby()
  text <- almen_case_agreements_yaml(case)
  almen_remove_agreement(case, "k")
  path <- tempfile(fileext = ".yaml")
  writeLines(text, path)
  almen_add_agreements(case, path = path)
  expect_identical(almen_case_agreements_yaml(case), text)
  a <- almen_agreements_load_string(text, NULL)
  expect_identical(almen_agreements_count(a), 1)
  expect_identical(almen_agreements_table(a)$id, "k")
  expect_identical(nrow(almen_agreement_parameters()), 8L)
})
