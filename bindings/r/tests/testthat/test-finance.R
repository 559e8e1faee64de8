# The finance functions against values worked out independently: by hand (exact fractions),
# closed forms with R's own powers, numpy-financial's documented examples, second methods.

closed_pmt <- function(r, n, pv, fv = 0, when = 0) {
  F <- (1 + r)^n
  -(pv * F + fv) * r / ((1 + r * when) * (F - 1))
}

test_that("pmt matches the hand calculation, the closed form and numpy-financial", {
  expect_equal(pmt(0.1, 2, 1000), -12100 / 21, tolerance = 1e-13)          # 1000*1.21*0.1/0.21
  expect_equal(pmt(0.1, 2, 1000, when = "begin"), -11000 / 21, tolerance = 1e-13)
  expect_identical(pmt(0, 4, 1000, 200), -300)
  expect_equal(pmt(0.075 / 12, 12 * 15, 200000), -1854.0247200054619, tolerance = 1e-12)
  for (r in c(0.0075, 0.05, -0.02, 0.4)) {
    expect_equal(pmt(r, 7, 1e6, -2e5, "begin"), closed_pmt(r, 7, 1e6, -2e5, 1), tolerance = 1e-11)
  }
})

test_that("fv, pv and nper reproduce numpy-financial's examples", {
  expect_equal(fv(0.05 / 12, 10 * 12, -100, -100), 15692.928894335748, tolerance = 1e-12)
  expect_equal(pv(0.05 / 12, 10 * 12, -100, 15692.93), -100.00067131625819, tolerance = 1e-11)
  expect_equal(nper(0.07 / 12, -150, 8000), 64.07334877066185, tolerance = 1e-12)
  expect_identical(nper(0, -100, 1000), 10)
})

test_that("a schedule adds up: ipmt + ppmt = pmt and the principal repays the loan", {
  r <- 0.03 / 4
  p <- pmt(r, 120, 1e6)
  ip <- ipmt(r, 1:120, 120, 1e6)
  pp <- ppmt(r, 1:120, 120, 1e6)
  expect_length(ip, 120)
  expect_equal(ip + pp, rep(p, 120), tolerance = 1e-12)
  expect_equal(sum(pp), -1e6, tolerance = 1e-12)
  expect_equal(ip[1], -1e6 * r, tolerance = 1e-12)   # period 1: interest on the whole loan
})

test_that("rate and irr are checked by a second method", {
  expect_equal(rate(10, 0, -3500, 10000), (10000 / 3500)^0.1 - 1, tolerance = 1e-11)
  p <- pmt(0.004, 360, 250000, -10000, "begin")
  r <- rate(360, p, 250000, -10000, "begin")
  expect_equal(pmt(r, 360, 250000, -10000, "begin"), p, tolerance = 1e-10)
  # two roots, 0.1 and 0.2: the one nearer the guess
  expect_equal(rate(2, 230, -100, -362), 0.1, tolerance = 1e-12)
  expect_equal(rate(2, 230, -100, -362, guess = 0.16), 0.2, tolerance = 1e-12)
  v <- c(-100, 39, 59, 55, 20)
  i <- irr(v)
  expect_equal(i, 0.28094842115996002, tolerance = 1e-12)
  expect_lt(abs(npv(i, v)), 1e-10)
  expect_equal(npv(0.1, c(-100, 60, 60)), 5 / 1.21, tolerance = 1e-13)   # by hand
  expect_equal(irr(c(50, -105, 54)), 0.2, tolerance = 1e-12)            # roots -0.1 and 0.2
  expect_equal(irr(c(-100L, 170L, -72L)), -0.1, tolerance = 1e-12)      # roots -0.2 and -0.1
})

test_that("arguments recycle and when has its spellings", {
  expect_length(pmt(c(0.01, 0.02, 0.03), 12, 1000), 3)
  expect_identical(pmt(0.1, 2, 1000, 0, "start"), pmt(0.1, 2, 1000, 0, 1))
  expect_identical(pmt(0.1, 2, 1000, 0, "finish"), pmt(0.1, 2, 1000))
  expect_length(npv(c(0, 0.1), c(-100, 60, 60)), 2)
  expect_error(pmt(0.1, 2, 1000, 0, "middle"), "when")
})

test_that("errors are almen_error conditions, never NA", {
  e <- tryCatch(pmt(-1, 10, 1000), almen_error = identity)
  expect_identical(e$code, -2L)                      # ALMEN_EINVAL
  expect_match(e$description, "greater than -1")
  e <- tryCatch(irr(c(-1, 3, -2.25)), almen_error = identity)
  expect_identical(e$code, -8L)                      # ALMEN_ECONVERGE: a double root
  expect_error(irr(c(1, 2, 3)), class = "almen_error")
  expect_error(nper(0.1, -50, 1000), "no number of periods", class = "almen_error")
  expect_error(ipmt(0.1, 3, 2, 1000), class = "almen_error")
})

test_that("the names do not mask base R or stats", {
  for (f in c("pmt", "ipmt", "ppmt", "fv", "pv", "nper", "rate", "npv", "irr")) {
    expect_false(exists(f, envir = baseenv(), inherits = FALSE))
    expect_false(exists(f, envir = asNamespace("stats"), inherits = FALSE))
  }
})
