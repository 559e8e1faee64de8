# The C converter from almen_table to data.frame, on a stand-in table made of R vectors, so
# that every column type and missing value is covered even where no library query returns it
# yet. Types: 1 DOUBLE, 2 INT, 3 BOOL, 4 STRING (include/almen/table.h).

to_df <- function(columns, types, direct = TRUE) {
  almen:::R_almen_test_table_to_df(columns, as.integer(types), direct)
}

test_that("every column type converts, with its missing value, on both access paths", {
  cols <- list(d = c(1.5, NaN, -2, Inf),
               i = c(1L, NA, -7L, 2147483647L),
               b = c(0L, 1L, NA, 5L),
               s = c("x", NA, "\u00c6r\u00f8", ""))
  for (direct in c(TRUE, FALSE)) {
    df <- to_df(cols, 1:4, direct)
    expect_s3_class(df, "data.frame")
    expect_identical(names(df), c("d", "i", "b", "s"))
    expect_identical(df$d, c(1.5, NA, -2, Inf))        # NaN -> NA_real_
    expect_true(is.na(df$d[2]) && !is.nan(df$d[2]))
    expect_identical(df$i, c(1L, NA, -7L, 2147483647L)) # ALMEN_NA_INT -> NA_integer_
    expect_identical(df$b, c(FALSE, TRUE, NA, TRUE))    # BOOL -> logical
    expect_identical(df$s, c("x", NA, "\u00c6r\u00f8", ""))  # NULL -> NA, "" stays ""
    expect_identical(Encoding(df$s[3]), "UTF-8")
    expect_identical(.row_names_info(df), -4L)         # compact row names
    expect_false(is.factor(df$s))
  }
})

test_that("empty tables keep their columns and types", {
  df <- to_df(list(d = numeric(0), i = integer(0), b = integer(0), s = character(0)), 1:4)
  expect_identical(dim(df), c(0L, 4L))
  expect_identical(vapply(df, typeof, ""), c(d = "double", i = "integer", b = "logical",
                                             s = "character"))
  expect_identical(dim(to_df(setNames(list(), character(0)), integer(0))), c(0L, 0L))
})

test_that("the library's own tables use the same conversion", {
  c <- testrup()
  d <- almen_departments(c)
  expect_identical(vapply(d[c("id", "number", "floor_area")], typeof, ""),
                   c(id = "character", number = "integer", floor_area = "double"))
})
