# Time-value-of-money functions with numpy-financial's names, argument order, defaults and
# sign convention (money paid out is negative), computed by libalmen's almen_finance_* C
# functions (docs/finance.md). Arguments are recycled to a common length as in R's
# arithmetic; errors (a rate of -1 or less, no root, ...) are almen_error conditions, never NA.

.fin_when <- function(when) {
  codes <- c(end = 0L, finish = 0L, begin = 1L, start = 1L)
  if (is.character(when)) {
    out <- codes[when]
    if (anyNA(out)) {
      stop("'when' must be \"end\" or \"begin\" (or 0, 1)", call. = FALSE)
    }
    return(unname(out))
  }
  if (!is.numeric(when) && !is.logical(when) || anyNA(when) || !all(when %in% c(0, 1))) {
    stop("'when' must be \"end\" or \"begin\" (or 0, 1)", call. = FALSE)
  }
  as.integer(when)
}

# f applied elementwise over the recycled arguments; a numeric vector of the longest length.
.fin_map <- function(f, ...) {
  args <- list(...)
  for (a in args) {
    if (!is.numeric(a) && !is.logical(a)) stop("arguments must be numeric", call. = FALSE)
  }
  n <- max(lengths(args))
  if (any(lengths(args) == 0L)) return(numeric(0))
  args <- lapply(args, rep_len, length.out = n)
  vapply(seq_len(n), function(i) do.call(f, lapply(args, `[[`, i)), numeric(1))
}

fv <- function(rate, nper, pmt, pv, when = "end") {
  .fin_map(almen_finance_fv, rate, nper, pmt, pv, .fin_when(when))
}

pv <- function(rate, nper, pmt, fv = 0, when = "end") {
  .fin_map(almen_finance_pv, rate, nper, pmt, fv, .fin_when(when))
}

pmt <- function(rate, nper, pv, fv = 0, when = "end") {
  .fin_map(almen_finance_pmt, rate, nper, pv, fv, .fin_when(when))
}

nper <- function(rate, pmt, pv, fv = 0, when = "end") {
  .fin_map(almen_finance_nper, rate, pmt, pv, fv, .fin_when(when))
}

ipmt <- function(rate, per, nper, pv, fv = 0, when = "end") {
  .fin_map(almen_finance_ipmt, rate, per, nper, pv, fv, .fin_when(when))
}

ppmt <- function(rate, per, nper, pv, fv = 0, when = "end") {
  .fin_map(almen_finance_ppmt, rate, per, nper, pv, fv, .fin_when(when))
}

rate <- function(nper, pmt, pv, fv, when = "end", guess = 0.1, tol = 1e-12, maxiter = 100L) {
  one <- function(n, p, v, f, w) {
    almen_finance_rate(n, p, v, f, w, guess, tol, as.integer(maxiter))
  }
  .fin_map(one, nper, pmt, pv, fv, .fin_when(when))
}

.fin_values <- function(values) {
  if (!is.numeric(values) && !is.logical(values) || !is.null(dim(values)) && length(dim(values)) > 1L) {
    stop("'values' must be a numeric vector", call. = FALSE)
  }
  as.double(values)
}

npv <- function(rate, values) {
  values <- .fin_values(values)
  vapply(as.double(rate), function(r) almen_finance_npv(r, values), numeric(1))
}

irr <- function(values) {
  almen_finance_irr(.fin_values(values))
}
