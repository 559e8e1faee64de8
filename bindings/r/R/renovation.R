# Renovation scenarios (docs/renovation.md): the case file's `scenarios` section and its
# results as data frames.

.renovation_tables <- c("comparison", "costs", "financing", "loans", "cashflows", "npv",
                        "rents", "rent_path", "affordability", "family_share")

.renovation_fn <- function(table) {
  switch(table,
         comparison = almen_renovation_compare,
         costs = almen_renovation_costs,
         financing = almen_renovation_financing,
         loans = almen_renovation_loans,
         cashflows = almen_renovation_cashflows,
         npv = almen_renovation_npv,
         rents = almen_renovation_rents,
         rent_path = almen_renovation_rent_path,
         affordability = almen_renovation_affordability,
         family_share = almen_renovation_family_share)
}

almen_scenarios <- function(case) {
  almen_case_scenarios(.check_case(case))
}

almen_renovate <- function(case, scenario = NULL, table = NULL) {
  .check_case(case)
  if (!is.null(scenario) && (!is.character(scenario) || length(scenario) != 1L || is.na(scenario))) {
    stop("'scenario' must be NULL or a single scenario id", call. = FALSE)
  }
  if (!is.null(table)) {
    if (!is.character(table) || length(table) != 1L || !(table %in% .renovation_tables)) {
      stop("'table' must be one of ", paste(.renovation_tables, collapse = ", "), call. = FALSE)
    }
    return(.renovation_fn(table)(case, scenario))
  }
  out <- lapply(.renovation_tables, function(t) .renovation_fn(t)(case, scenario))
  names(out) <- .renovation_tables
  out
}

almen_load_scenarios <- function(case, path = NULL, text = NULL, source = NULL) {
  .check_case(case)
  if (is.null(path) == is.null(text)) {
    stop("give exactly one of 'path' and 'text'", call. = FALSE)
  }
  if (!is.null(path)) {
    almen_case_load_scenarios_file(case, .as_path(path))
  } else {
    if (length(text) > 1L) text <- paste(text, collapse = "\n")
    almen_case_load_scenarios_string(case, text, source)
  }
  invisible(case)
}
