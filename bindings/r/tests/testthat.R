library(testthat)
library(almen)

test_check("almen")
