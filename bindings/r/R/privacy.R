# Small-cell suppression of composition figures for publication (docs/privacy.md). The rule
# (almen_privacy_suppressed) and the choice of columns (almen_privacy_is_composition) are the
# C library's; this applies them to a data.frame with residents and households columns.

.privacy_size <- function(df, column, minimum, option) {
  if (column %in% names(df)) return(as.numeric(df[[column]]))
  if (minimum > 0) {
    stop(sprintf(paste("the table has no '%s' column for %s %g (pass %s = 0 to apply the",
                       "rest of the rule alone)"), column, option, minimum, option),
         call. = FALSE)
  }
  rep(NA_real_, nrow(df))
}

almen_suppress_small_cells <- function(df, min_persons = 100, min_households = 50) {
  if (!is.data.frame(df)) stop("'df' must be a data.frame", call. = FALSE)
  almen_privacy_suppressed(NA_real_, NA_real_, min_persons, min_households) # checks them
  if ("suppressed" %in% names(df)) {
    stop("the table already has a 'suppressed' column", call. = FALSE)
  }
  persons <- .privacy_size(df, "residents", min_persons, "min_persons")
  households <- .privacy_size(df, "households", min_households, "min_households")
  hide <- vapply(seq_len(nrow(df)), function(i) {
    almen_privacy_suppressed(persons[i], households[i], min_persons, min_households) == 1L
  }, logical(1))
  for (name in names(df)) {
    if (almen_privacy_is_composition(name) == 1L) df[[name]][hide] <- NA
  }
  df$suppressed <- hide
  df
}
