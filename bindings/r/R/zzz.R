# Loading: refuse a libalmen of another ABI generation than the wrapper was compiled for.

.almen_check_abi <- function(loaded, compiled) {
  if (!identical(as.integer(loaded), as.integer(compiled))) {
    stop(sprintf(paste0(
      "the almen R package was compiled for libalmen ABI %s, but the loaded libalmen ",
      "(version %s) has ABI %s: reinstall the package against this libalmen"),
      compiled, tryCatch(almen_version(), error = function(e) "?"), loaded),
      call. = FALSE)
  }
  invisible(TRUE)
}

.onLoad <- function(libname, pkgname) {
  .almen_check_abi(almen_abi_version(), R_almen_abi_compiled())
}
