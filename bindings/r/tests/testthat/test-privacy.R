# Small-cell suppression: exactly 100 persons and 50 households are published, 99 or 49 are
# not; composition becomes NA but rows and sizes stay. Four departments in 2024: at the edge,
# one person short, one household short, households unknown.
edges_yaml <- paste(c(
  "municipality: {code: 630, name: V, region: Syddanmark}",
  "areas: [{id: a, name: A}]",
  "organisations: [{id: \"1\", name: O}]",
  "departments:",
  "  - {organisation: \"1\", number: 1, name: P, area: a, figures: [{year: 2024, residents: 100,",
  "     households: 50, vacancies: 2, residents_18_64: 60, outside_labour_fte: 6, nonwestern: 10}]}",
  "  - {organisation: \"1\", number: 2, name: Q, area: a, figures: [{year: 2024, residents: 99,",
  "     households: 50, vacancies: 1, residents_18_64: 60, outside_labour_fte: 3, nonwestern: 9}]}",
  "  - {organisation: \"1\", number: 3, name: R, figures: [{year: 2024, residents: 100,",
  "     households: 49, vacancies: 0, residents_18_64: 50, outside_labour_fte: 5, nonwestern: 1}]}",
  "  - {organisation: \"1\", number: 4, name: S, figures: [{year: 2024, residents: 120,",
  "     vacancies: 3, residents_18_64: 50, outside_labour_fte: 5, nonwestern: 12}]}"),
  collapse = "\n")

test_that("the rule at its edges", {
  expect_identical(almen_privacy_suppressed(100, 50, 100, 50), 0L)
  expect_identical(almen_privacy_suppressed(99, 50, 100, 50), 1L)
  expect_identical(almen_privacy_suppressed(100, 49, 100, 50), 1L)
  expect_identical(almen_privacy_suppressed(NA, 50, 100, 50), 1L)
  expect_identical(almen_privacy_suppressed(100, NA, 100, 0), 0L)
  expect_error(almen_privacy_suppressed(1, 1, -1, 50), class = "almen_error")
  expect_identical(almen_privacy_is_composition("convicted_pct"), 1L)
  expect_identical(almen_privacy_is_composition("residents"), 0L)
})

test_that("composition of small departments is NA, rows and sizes stay", {
  c <- almen_from_yaml(edges_yaml)
  fig <- almen_aggregate(c, "department")
  pub <- almen_suppress_small_cells(fig)
  expect_identical(pub$suppressed, c(FALSE, TRUE, TRUE, TRUE))
  expect_identical(names(pub), c(names(fig), "suppressed"))
  for (col in c("department", "year", "residents", "households", "vacancies", "dwellings")) {
    expect_identical(pub[[col]], fig[[col]])
  }
  for (col in c("residents_18_64", "outside_labour_fte", "nonwestern", "outside_labour_pct",
                "nonwestern_pct")) {
    expect_true(all(is.na(pub[[col]][2:4])), info = col)
  }
  expect_identical(pub$outside_labour_pct[1], 10)
  # the area (P + Q: 199 persons, 100 households) is published; at 200 persons it is not
  expect_identical(almen_suppress_small_cells(almen_aggregate(c, "area"))$suppressed, FALSE)
  expect_identical(almen_suppress_small_cells(almen_aggregate(c, "area"), 200)$suppressed, TRUE)
  expect_error(almen_suppress_small_cells(pub), "already has a 'suppressed' column")
})

test_that("microdata counts need the households half switched off", {
  counts <- almen_microdata_counts(list(department = c(1L, 2L, 2L), year = rep(2024L, 3),
                                        age = c(40L, 40L, 10L),
                                        nonwestern = c(TRUE, FALSE, TRUE)))
  expect_error(almen_suppress_small_cells(counts), "no 'households' column")
  pub <- almen_suppress_small_cells(counts, min_persons = 2, min_households = 0)
  expect_identical(pub$suppressed, c(TRUE, FALSE))
  expect_identical(pub$nonwestern, c(NA, 1L))
  expect_identical(pub$residents, c(1L, 2L))
})
