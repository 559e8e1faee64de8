# Segregation and mix indices over unit x group count tables (docs/mix.md). The C functions
# (almen_mix_summary, almen_mix_inference, almen_mix_change, almen_case_mix, ...) take the
# almen_mix handle built here from a matrix or a long data.frame.

.mix_labels <- function(m, dimension, labels) {
  labels <- as.character(labels)
  if (anyNA(labels)) stop(sprintf("the %s labels contain NA", dimension), call. = FALSE)
  almen_mix_set_labels(m, dimension, paste(labels, collapse = "\n"))
}

# Higher units in order of first appearance: 0-based codes and their labels.
.mix_higher <- function(m, higher) {
  if (anyNA(higher)) {
    stop(sprintf("'higher' has no value for unit %d", which(is.na(higher))[1L]), call. = FALSE)
  }
  key <- as.character(higher)
  levels <- unique(key)
  almen_mix_set_higher(m, match(key, levels) - 1L)
  .mix_labels(m, "higher", levels)
}

# A long data.frame as a units x groups matrix (repeated unit/group rows are summed) and
# the higher unit of each unit.
.mix_from_long <- function(x, unit, group, count, higher) {
  for (col in c(unit, group, count, higher)) {
    if (!col %in% names(x)) stop(sprintf("the data.frame has no column '%s'", col), call. = FALSE)
  }
  u <- as.character(x[[unit]])
  g <- as.character(x[[group]])
  if (anyNA(u) || anyNA(g)) stop(sprintf("missing values in '%s' or '%s'", unit, group), call. = FALSE)
  w <- if (is.null(count)) rep(1, nrow(x)) else as.numeric(x[[count]])
  ul <- unique(u)
  gl <- unique(g)
  mat <- matrix(0, length(ul), length(gl), dimnames = list(ul, gl))
  # the matrix's (column-major) position of each row's cell; rowsum() adds repeats
  sums <- rowsum(w, (match(g, gl) - 1L) * length(ul) + match(u, ul))
  mat[as.integer(rownames(sums))] <- sums[, 1L]
  hi <- NULL
  if (!is.null(higher)) {
    h <- as.character(x[[higher]])
    per_unit <- tapply(h, factor(u, levels = ul), function(v) length(unique(v)))
    if (any(per_unit > 1)) {
      stop(sprintf("unit '%s' has more than one '%s'", names(per_unit)[per_unit > 1][1L], higher),
           call. = FALSE)
    }
    hi <- h[match(ul, u)]
  }
  list(matrix = mat, higher = hi)
}

almen_mix <- function(x, unit = NULL, group = NULL, count = NULL, higher = NULL) {
  if (is.data.frame(x) && !is.null(unit)) {
    if (is.null(group)) stop("a long data.frame needs 'unit' and 'group'", call. = FALSE)
    long <- .mix_from_long(x, unit, group, count, higher)
    x <- long$matrix
    higher <- long$higher
  } else if (is.data.frame(x)) {
    x <- as.matrix(x)
  }
  if (!is.matrix(x) || !(is.numeric(x) || is.logical(x))) {
    stop("'x' must be a numeric matrix (units in rows, groups in columns) or a long data.frame",
         call. = FALSE)
  }
  # R matrices are column-major: the library reads them in that order, without a copy.
  m <- almen_mix_new(x, ncol(x), TRUE)
  if (!is.null(rownames(x))) .mix_labels(m, "unit", rownames(x))
  if (!is.null(colnames(x))) .mix_labels(m, "group", colnames(x))
  if (!is.null(higher)) {
    if (length(higher) != nrow(x)) {
      stop(sprintf("'higher' has %d values for %d units", length(higher), nrow(x)), call. = FALSE)
    }
    .mix_higher(m, higher)
  }
  m
}

.as_mix <- function(x, ...) {
  if (inherits(x, "almen_mix")) x else almen_mix(x, ...)
}

almen_mix_indices <- function(x, ...) {
  m <- .as_mix(x, ...)
  out <- list(summary = almen_mix_summary(m), groups = almen_mix_groups(m),
              pairs = almen_mix_pairs(m), units = almen_mix_units(m))
  if (almen_mix_higher_count(m) > 0) out$higher <- almen_mix_higher(m)
  out
}

format.almen_mix <- function(x, ...) {
  live <- !inherits(try(almen_mix_unit_count(x), silent = TRUE), "try-error")
  if (!live) return("<almen_mix: freed>")
  h <- almen_mix_higher_count(x)
  sprintf("<almen_mix: %s units x %s groups%s>", format(almen_mix_unit_count(x)),
          format(almen_mix_group_count(x)), if (h > 0) sprintf(", %s higher units", format(h)) else "")
}

print.almen_mix <- function(x, ...) {
  cat(format(x, ...), "\n", sep = "")
  invisible(x)
}
