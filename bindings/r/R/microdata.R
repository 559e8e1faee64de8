# Department-year counts from person-level microdata (docs/microdata.md).
#
# The C library borrows the vectors instead of copying them. Every vector handed over is
# therefore first given the storage the C side reads in place (integer or logical for the
# integer columns and flags, double for FTE and income, raw for one-byte flags) and kept in
# the list .md_lend returns, which lives in the calling function's frame until the handle is
# freed there. Departments are 1-based in R; the library's indices are 0-based, and its error
# messages count rows from 0, which .md_rows_from_one turns into R's row numbers.

.md_int_columns <- c("year", "age")
.md_double_columns <- c("outside_labour_fte", "income")
.md_flag_columns <- c("basic_education", "convicted", "student", "taxpayer", "nonwestern")

.md_whole <- function(x, name) {
  if (is.factor(x) || !(is.numeric(x) || is.logical(x))) {
    stop(sprintf("microdata column '%s' must be numeric", name), call. = FALSE)
  }
  if (is.integer(x)) return(x)
  bad <- which(is.na(x) | x != trunc(x) | abs(x) > .Machine$integer.max)
  if (length(bad)) {
    stop(sprintf("microdata column '%s': row %d: %s is not a whole number", name, bad[1],
                 format(x[bad[1]])), call. = FALSE)
  }
  storage.mode(x) <- "integer"
  x
}

.md_flag <- function(x, name) {
  if (is.raw(x)) return(x)
  if (anyNA(x)) {
    stop(sprintf("microdata column '%s' has a missing value at row %d", name,
                 which(is.na(x))[1]), call. = FALSE)
  }
  if (is.logical(x)) x else .md_whole(x, name)
}

# 0-based department indices and their keys (NULL: the values were positions).
.md_departments <- function(dep, case, departments) {
  if (is.null(dep)) stop("microdata needs a 'department' column", call. = FALSE)
  keys <- if (!is.null(case)) almen_departments(case)$id else departments
  if (is.null(keys) && (is.factor(dep) || is.character(dep))) {
    keys <- if (is.factor(dep)) levels(dep) else sort(unique(dep))
  }
  if (is.null(keys) || (!is.null(case) && is.numeric(dep))) {
    pos <- .md_whole(dep, "department")
    n <- if (is.null(keys)) max(c(1L, pos)) else length(keys)
    bad <- which(pos < 1L | pos > n)
    if (length(bad)) {
      stop(sprintf("microdata column 'department': row %d: %d is not a department position 1..%d",
                   bad[1], pos[bad[1]], n), call. = FALSE)
    }
    return(list(index = pos - 1L, keys = keys, n = n))
  }
  if (anyDuplicated(keys)) stop("the department keys are not unique", call. = FALSE)
  pos <- match(if (is.factor(dep)) as.character(dep) else dep, keys)
  bad <- which(is.na(pos))
  if (length(bad)) {
    stop(sprintf("microdata column 'department': row %d: '%s' is not a known department",
                 bad[1], as.character(dep[bad[1]])), call. = FALSE)
  }
  list(index = pos - 1L, keys = keys, n = length(keys))
}

# A handle over the columns of data, with every vector it borrows.
.md_lend <- function(data, case, departments) {
  if (!is.list(data)) stop("microdata must be a data.frame or a list of columns", call. = FALSE)
  dep <- .md_departments(data[["department"]], case, departments)
  n <- length(dep$index)
  lent <- list(department = dep$index)
  for (name in .md_int_columns) {
    if (!is.null(data[[name]])) lent[[name]] <- .md_whole(data[[name]], name)
  }
  for (name in .md_double_columns) {
    x <- data[[name]]
    if (is.null(x)) next
    if (!is.numeric(x) && !is.logical(x)) {
      stop(sprintf("microdata column '%s' must be numeric", name), call. = FALSE)
    }
    if (!is.double(x)) storage.mode(x) <- "double"
    lent[[name]] <- x
  }
  for (name in .md_flag_columns) {
    if (!is.null(data[[name]])) lent[[name]] <- .md_flag(data[[name]], name)
  }
  handle <- almen_microdata_new(dep$n, n)
  for (name in names(lent)) {
    x <- lent[[name]]
    if (is.raw(x)) {
      almen_microdata_set_int8(handle, name, x)
    } else if (is.double(x)) {
      almen_microdata_set_double(handle, name, x)
    } else {
      almen_microdata_set_int32(handle, name, x)
    }
  }
  list(handle = handle, keys = dep$keys, lent = lent)
}

.md_rows_from_one <- function(expr) {
  tryCatch(expr, almen_error = function(e) {
    m <- regmatches(e$message, regexec("row ([0-9]+):", e$message))[[1]]
    if (length(m) == 2L) {
      row <- paste0("row ", as.numeric(m[2]) + 1, ":")
      e$message <- sub(m[1], row, e$message, fixed = TRUE)
      e$description <- sub(m[1], row, e$description, fixed = TRUE)
    }
    stop(e)
  })
}

almen_microdata_counts <- function(data, case = NULL, departments = NULL) {
  if (!is.null(case)) .check_case(case)
  md <- .md_lend(data, case, departments)
  on.exit(almen_microdata_free(md$handle))
  counts <- .md_rows_from_one(almen_microdata_aggregate(md$handle))
  index <- counts$department + 1L
  counts$department <- if (is.null(md$keys)) index else md$keys[index]
  counts
}

almen_set_figures_from_microdata <- function(case, data) {
  .check_case(case)
  md <- .md_lend(data, case, NULL)
  on.exit(almen_microdata_free(md$handle))
  .md_rows_from_one(almen_case_set_figures_from_microdata(case, md$handle))
  invisible(case)
}
