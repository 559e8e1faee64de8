# The statutory area lists: rule sets and classification (docs/classification.md).

almen_rules <- function(rules) {
  if (inherits(rules, "almen_rules")) return(rules)
  if (!is.character(rules) || length(rules) < 1L || anyNA(rules)) {
    stop("'rules' must be a rule-set id, a file name or YAML text", call. = FALSE)
  }
  if (length(rules) > 1L || grepl("\n", rules, fixed = TRUE)) {
    return(almen_rules_load_string(paste(rules, collapse = "\n"), NULL))
  }
  if (rules %in% almen_rules_builtins()$id) return(almen_rules_builtin(rules))
  almen_rules_load_file(.as_path(rules))
}

# Options from the arguments of almen_classify (see its Rd).
.classify_options <- function(rules, years, disable, thresholds, references,
                              window_method = NULL, incomplete_window = NULL,
                              data_lag = NULL) {
  o <- almen_classify_options_new()
  if (!is.null(rules)) {
    if (is.data.frame(rules)) {
      for (i in seq_len(nrow(rules))) {
        almen_classify_options_set_rules(o, almen_rules(rules$rules[[i]]),
                                         .year0(rules$first[[i]]), .year0(rules$last[[i]]))
      }
    } else {
      almen_classify_options_set_rules(o, almen_rules(rules), 0L, 0L)
    }
  }
  if (!is.null(years)) {
    years <- as.integer(years)
    if (length(years) < 1L) stop("'years' must hold at least one year", call. = FALSE)
    almen_classify_options_set_years(o, .year0(years[1L]), .year0(years[length(years)]))
  }
  for (criterion in as.character(disable)) almen_classify_options_disable(o, criterion)
  for (key in names(thresholds)) {
    parts <- strsplit(key, ".", fixed = TRUE)[[1L]]
    set <- if (length(parts) > 1L) paste(parts[-1L], collapse = ".") else NULL
    almen_classify_options_set_threshold(o, parts[1L], set, as.numeric(thresholds[[key]]))
  }
  .set_references(o, references)
  if (!is.null(window_method)) almen_classify_options_set_window_method(o, window_method)
  if (!is.null(incomplete_window)) {
    almen_classify_options_set_incomplete_window(o, incomplete_window)
  }
  if (!is.null(data_lag)) almen_classify_options_set_data_lag(o, as.integer(data_lag))
  o
}

.year0 <- function(y) if (is.null(y) || is.na(y)) 0L else as.integer(y)

# references = list(national_convicted_pct = 0.725 | c(`2024` = 0.73),
#                   regional_average_income = 330000 | c(`2024` = ...) |
#                                             list(Syddanmark = c(`2024` = ...)))
.set_references <- function(o, references) {
  for (name in names(references)) {
    value <- references[[name]]
    if (is.list(value)) {
      for (region in names(value)) .set_years(o, name, region, value[[region]])
    } else {
      .set_years(o, name, NULL, value)
    }
  }
}

.set_years <- function(o, name, region, value) {
  years <- if (is.null(names(value))) rep(0L, length(value)) else as.integer(names(value))
  for (i in seq_along(value)) {
    almen_classify_options_set_reference(o, name, region, years[i], as.numeric(value[[i]]))
  }
}

almen_classify <- function(case, rules = NULL, years = NULL, disable = character(),
                           thresholds = NULL, references = NULL, window_method = NULL,
                           incomplete_window = NULL, data_lag = NULL, details = FALSE) {
  .check_case(case)
  o <- .classify_options(rules, years, disable, thresholds, references, window_method,
                         incomplete_window, data_lag)
  if (isTRUE(details)) almen_case_classify_criteria(case, o) else almen_case_classify(case, o)
}

almen_classify_published <- function(source, rules = NULL, years = NULL, disable = character(),
                                     thresholds = NULL, references = NULL) {
  o <- .classify_options(rules, years, disable, thresholds, references)
  if (is.data.frame(source)) {
    return(almen_classify_published_string(.csv_text(source), "<data.frame>", o))
  }
  if (!is.character(source) || anyNA(source)) {
    stop("'source' must be a data.frame, a CSV file name or CSV text", call. = FALSE)
  }
  if (length(source) > 1L || grepl("\n", source, fixed = TRUE)) {
    return(almen_classify_published_string(paste(source, collapse = "\n"), NULL, o))
  }
  almen_classify_published_file(.as_path(source), o)
}

# A data frame as CSV text: numbers exactly (%.17g), text quoted, NA empty.
.csv_text <- function(df) {
  quote <- function(x) paste0("\"", gsub("\"", "\"\"", x, fixed = TRUE), "\"")
  cols <- lapply(df, function(x) {
    out <- if (is.numeric(x)) sprintf("%.17g", as.double(x)) else quote(as.character(x))
    out[is.na(x)] <- ""
    out
  })
  rows <- do.call(paste, c(cols, sep = ","))
  paste(c(paste(quote(names(df)), collapse = ","), rows), collapse = "\n")
}

almen_references <- function(case) almen_case_references(.check_case(case))

almen_set_reference <- function(case, name, year, value, region = NULL) {
  almen_case_set_reference(.check_case(case), name, region, as.integer(year),
                           if (is.null(value)) NA_real_ else as.numeric(value))
  invisible(case)
}
