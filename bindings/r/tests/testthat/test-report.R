# almen_report: the report from R, its options and errors.

test_that("the HTML report is one document with a section per area", {
  case <- almen_example()
  html <- almen_report(case)
  expect_type(html, "character")
  expect_length(html, 1L)
  expect_true(startsWith(html, "<!DOCTYPE html>"))
  expect_true(endsWith(html, "</html>\n"))
  expect_equal(lengths(regmatches(html, gregexpr("<section class=\"unit area\"", html))), 5L)
  # the same bytes twice: no timestamp
  expect_identical(almen_report(case), html)
})

test_that("a file is written as UTF-8 and its name returned", {
  case <- almen_example()
  f <- tempfile(fileext = ".html")
  on.exit(unlink(f))
  expect_identical(almen_report(case, f, sections = "overview"), f)
  text <- readChar(f, file.size(f), useBytes = TRUE)
  Encoding(text) <- "UTF-8"
  expect_identical(text, almen_report(case, sections = "overview"))
  expect_true(grepl("Vesterg\u00e5rden", text, fixed = TRUE))
})

test_that("the text summary matches the aggregate", {
  case <- almen_example()
  text <- almen_report_text(case, sections = "overview")
  expect_true(startsWith(text, "Eksempelby (municipality 999, region Syddanmark)"))
  a <- almen_aggregate(case, "area")
  share <- a$outside_labour_pct[a$area == "engparken" & a$year == 2025]
  expect_true(grepl(sprintf("\n  Engparken +820 +1719 +%.1f ", share), text))
  expect_true(grepl("Figures for 2024;", almen_report_text(case, years = 2024,
                                                          sections = "overview")))
})

test_that("options reach the report", {
  case <- almen_example()
  html <- almen_report(case, title = "Board <paper>", date = "1 December 2025",
                       sections = c("overview", "trends"), years = c(2024, NA))
  expect_true(grepl("<h1>Board &lt;paper&gt;</h1>", html, fixed = TRUE))
  expect_true(grepl("<p class=\"date\">1 December 2025</p>", html, fixed = TRUE))
  expect_false(grepl("data-section=\"figures\"", html, fixed = TRUE))
  points <- unique(regmatches(html, gregexpr("data-points=\"[0-9]+\"", html))[[1]])
  expect_identical(points, "data-points=\"2\"")
  off <- almen_report(case, suppress = FALSE, sections = "overview")
  expect_true(grepl("Small-cell suppression is off.", off, fixed = TRUE))
  # a minimum above the whole municipality: 5 areas, 3 districts and the total
  text <- almen_report_text(case, min_persons = 100000, sections = "overview")
  expect_equal(lengths(regmatches(text, gregexpr("composition suppressed", text))), 9L)
})

test_that("bad options are errors and change nothing", {
  case <- almen_example()
  e <- tryCatch(almen_report(case, sections = "overview,nosuch"), error = identity)
  expect_s3_class(e, "almen_error")
  expect_match(conditionMessage(e), "nosuch")
  expect_error(almen_report_text(case, years = c(2025, 2020)), class = "almen_error")
  expect_error(almen_report_text(case, as_of = "2025-02-30"), class = "almen_error")
  expect_error(almen_report(case, suppress = FALSE, min_persons = 10), "no minimums")
  expect_error(almen_report(1), "almen_case")
  expect_error(almen_report(case, simulation = 1), "almen_simulation")
})

test_that("sections are listed", {
  s <- almen_report_sections()
  expect_s3_class(s, "data.frame")
  expect_identical(names(s), c("id", "title", "description"))
  expect_identical(s$id[1L], "overview")
  expect_true("simulation" %in% s$id)
})

test_that("a simulation adds fan charts and a chapter", {
  case <- almen_example()
  html <- almen_report(case, simulate = TRUE, runs = 20L, agreements = c("all", "none"))
  expect_true(grepl("id=\"chapter-simulation\"", html, fixed = TRUE))
  expect_equal(lengths(regmatches(html, gregexpr("<figure class=\"trend probability\"", html))),
               5L)
  text <- almen_report_text(case, simulate = TRUE, runs = 20L)
  expect_true(grepl("\nLetting simulation, 20 runs:", text, fixed = TRUE))
})
