# The municipality report (docs/report.md): one self-contained HTML file for a board, or the
# compact text summary of `almen report`.

# Options from the arguments of almen_report (see its Rd). The options borrow `simulation`:
# the caller keeps it referenced until the report is written.
.report_options <- function(title = NULL, date = NULL, years = NULL, as_of = NULL,
                            sections = NULL, suppress = TRUE, min_persons = NULL,
                            min_households = NULL, simulation = NULL) {
  o <- almen_report_options_new()
  if (!is.null(title)) almen_report_options_set_title(o, as.character(title))
  if (!is.null(date)) almen_report_options_set_date(o, as.character(date))
  if (!is.null(years)) {
    years <- as.integer(years)
    if (length(years) < 1L) stop("'years' must hold at least one year", call. = FALSE)
    almen_report_options_set_years(o, .year0(years[1L]), .year0(years[length(years)]))
  }
  if (!is.null(as_of)) almen_report_options_set_as_of(o, as.character(as_of))
  if (!is.null(sections)) {
    almen_report_options_set_sections(o, paste(as.character(sections), collapse = ","))
  }
  if (!isTRUE(suppress)) {
    if (!is.null(min_persons) || !is.null(min_households)) {
      stop("suppress = FALSE leaves no minimums to set", call. = FALSE)
    }
    almen_report_options_set_suppression(o, 0L, 0L)
  } else if (!is.null(min_persons) || !is.null(min_households)) {
    almen_report_options_set_suppression(o,
      if (is.null(min_persons)) 100L else as.integer(min_persons),
      if (is.null(min_households)) 50L else as.integer(min_households))
  }
  if (!is.null(simulation)) {
    if (!inherits(simulation, "almen_simulation")) {
      stop("'simulation' must be an almen_simulation handle (almen_simulation_new)",
           call. = FALSE)
    }
    almen_report_options_set_simulation(o, simulation)
  }
  o
}

# A simulation of the case for the report, run in slices as almen_simulate does.
.report_simulation <- function(case, runs, seed, agreements) {
  so <- almen_simulation_options_new()
  almen_simulation_options_set_runs(so, as.numeric(runs))
  almen_simulation_options_set_seed(so, as.numeric(seed))
  if (is.null(agreements) && almen_case_agreement_count(case) > 0) {
    agreements <- c("all", "none")
  }
  for (a in as.character(agreements)) almen_simulation_options_add_agreement(so, a)
  sim <- almen_simulation_new(case, so)
  total <- almen_simulation_runs_total(sim)
  while (almen_simulation_runs_done(sim) < total) {
    almen_simulation_step(sim, max(1, ceiling(total / 100)))
  }
  sim
}

almen_report <- function(case, file = NULL, title = NULL, date = NULL, years = NULL,
                         as_of = NULL, sections = NULL, suppress = TRUE, min_persons = NULL,
                         min_households = NULL, simulate = FALSE, runs = 1000L, seed = 1,
                         agreements = NULL, simulation = NULL, text = FALSE) {
  .check_case(case)
  if (isTRUE(simulate) && is.null(simulation)) {
    simulation <- .report_simulation(case, runs, seed, agreements)
  }
  o <- .report_options(title, date, years, as_of, sections, suppress, min_persons,
                       min_households, simulation)
  out <- if (isTRUE(text)) almen_case_report_text(case, o) else almen_case_report_html(case, o)
  force(simulation) # referenced until the report is written
  if (is.null(file)) return(out)
  con <- file(.as_path(file), open = "wb")
  on.exit(close(con))
  writeBin(charToRaw(enc2utf8(out)), con)
  invisible(file)
}

almen_report_text <- function(case, ...) {
  almen_report(case, file = NULL, ..., text = TRUE)
}

# almen_report_sections() is the C function itself: it returns the data.frame already.
