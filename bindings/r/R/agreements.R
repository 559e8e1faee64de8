# Agreements between a municipality and its housing organisations (docs/agreements.md): the
# agreements of a case, the effective letting policy, findings against the law, coverage.
# almen_agreement_templates(), almen_agreement_template_yaml() and
# almen_agreement_parameters() are the C functions themselves.

# A date argument: "YYYY-MM-DD", a Date, or NULL (today).
.agreement_date <- function(date) {
  if (is.null(date)) return(NULL)
  if (inherits(date, "Date")) return(format(date, "%Y-%m-%d"))
  if (is.character(date) && length(date) == 1L && !is.na(date)) return(date)
  stop("'date' must be a single \"YYYY-MM-DD\", a Date or NULL", call. = FALSE)
}

# Options from the arguments shared by the analyses (see almen_letting_policy's Rd).
.agreement_options <- function(status = NULL, classification = TRUE, list_date = NULL,
                               statutory_from = NULL, parameters = NULL) {
  o <- almen_agreement_options_new()
  almen_agreement_options_set_classification(o, if (isTRUE(classification)) 1L else 0L)
  if (!is.null(list_date)) almen_agreement_options_set_text(o, "list_date", list_date)
  if (!is.null(statutory_from)) {
    almen_agreement_options_set_text(o, "statutory_from", .agreement_date(statutory_from))
  }
  for (name in names(parameters)) {
    almen_agreement_options_set_parameter(o, name, as.numeric(parameters[[name]]))
  }
  if (!is.null(status)) {
    if (!is.data.frame(status) || !all(c("area", "year", "category") %in% names(status))) {
      stop("'status' must be a data frame with columns area, year, category", call. = FALSE)
    }
    csv <- paste(c("area,year,category",
                   paste(status$area, as.integer(status$year), status$category, sep = ",")),
                 collapse = "\n")
    almen_agreement_options_set_status_csv(o, csv, "<status>")
  }
  o
}

almen_agreements <- function(case) almen_case_agreements(.check_case(case))
almen_agreement_instruments <- function(case) almen_case_agreement_instruments(.check_case(case))
almen_agreement_themes <- function(case) almen_case_agreement_themes(.check_case(case))
almen_agreement_governance <- function(case) almen_case_agreement_governance(.check_case(case))

almen_add_agreements <- function(case, path = NULL, text = NULL, source = NULL) {
  .check_case(case)
  if (is.null(path) == is.null(text)) {
    stop("give exactly one of 'path' and 'text'", call. = FALSE)
  }
  a <- if (!is.null(path)) {
    almen_agreements_load_file(.as_path(path))
  } else {
    almen_agreements_load_string(paste(text, collapse = "\n"), source)
  }
  on.exit(almen_agreements_free(a))
  almen_case_add_agreements(case, a)
  invisible(case)
}

almen_add_template <- function(case, name, id = NULL, start = NULL, targets = NULL) {
  .check_case(case)
  if (!is.null(targets)) targets <- paste(as.character(targets), collapse = ",")
  almen_case_add_template(case, name, id, .agreement_date(start), targets)
  invisible(case)
}

almen_remove_agreement <- function(case, id) {
  almen_case_remove_agreement(.check_case(case), id)
  invisible(case)
}

almen_area_status <- function(case, date = NULL, ...) {
  almen_case_area_status(.check_case(case), .agreement_date(date), .agreement_options(...))
}

almen_letting_policy <- function(case, date = NULL, department = NULL, ...) {
  almen_case_letting_policy(.check_case(case), .agreement_date(date), department,
                            .agreement_options(...))
}

almen_agreement_findings <- function(case, date = NULL, ...) {
  almen_case_agreement_findings(.check_case(case), .agreement_date(date),
                                .agreement_options(...))
}

almen_agreement_coverage <- function(case, date = NULL, ...) {
  almen_case_agreement_coverage(.check_case(case), .agreement_date(date),
                                .agreement_options(...))
}
