# The letting simulation (docs/simulation.md): runs in slices through almen_simulation_step,
# so that a progress bar and the user's interrupt work from R without a C callback.

.simulate_tables <- c("indicators", "composition", "inflow", "status", "leaving", "compare",
                      "initial", "fit", "policy", "run_values")

# Every table has its C function almen_simulation_<table>.
.simulate_fn <- function(table) get(paste0("almen_simulation_", table), mode = "function")

# A value as YAML flow text (named lists are mappings, vectors of length > 1 and unnamed
# lists are sequences, character is quoted).
.yaml_flow <- function(x) {
  if (is.list(x) && !is.null(names(x))) {
    items <- vapply(names(x), function(k) paste0(.yaml_flow(k), ": ", .yaml_flow(x[[k]])), "")
    return(paste0("{", paste(items, collapse = ", "), "}"))
  }
  if (is.list(x) || length(x) != 1L) {
    return(paste0("[", paste(vapply(as.list(x), .yaml_flow, ""), collapse = ", "), "]"))
  }
  if (is.logical(x)) return(if (isTRUE(x)) "true" else "false")
  if (is.numeric(x)) return(format(x, digits = 17, scientific = FALSE))
  paste0("\"", gsub("\"", "\\\"", gsub("\\", "\\\\", as.character(x), fixed = TRUE),
                    fixed = TRUE), "\"")
}

# An explicit policy: YAML text, or a named list with the same keys.
.policy_yaml <- function(policy) {
  if (is.character(policy)) return(paste(policy, collapse = "\n"))
  if (!is.list(policy) || is.null(names(policy))) {
    stop("a policy must be YAML text or a named list (name, channels, exclude, ...)",
         call. = FALSE)
  }
  paste0(vapply(names(policy), function(k) paste0(k, ": ", .yaml_flow(policy[[k]])), ""),
         collapse = "\n")
}

# initial: a data.frame (department, household_type, households) or a named list of named
# numeric vectors (list(`501-1` = c(a = 400, b = 600))).
.set_initial <- function(o, initial) {
  if (is.data.frame(initial)) {
    for (col in c("department", "household_type", "households")) {
      if (!col %in% names(initial)) {
        stop(sprintf("'initial' needs the column '%s'", col), call. = FALSE)
      }
    }
    for (i in seq_len(nrow(initial))) {
      almen_simulation_options_set_initial(o, as.character(initial$department[[i]]),
                                           as.character(initial$household_type[[i]]),
                                           as.numeric(initial$households[[i]]))
    }
    return(invisible(NULL))
  }
  for (dept in names(initial)) {
    counts <- initial[[dept]]
    for (type in names(counts)) {
      almen_simulation_options_set_initial(o, dept, type, as.numeric(counts[[type]]))
    }
  }
}

.simulation_options <- function(years, base_year, runs, seed, threads, quantiles, parameters,
                                household_types, initial, agreements, policies, run_output,
                                scenario) {
  o <- almen_simulation_options_new()
  almen_simulation_options_set_years(o, if (is.null(base_year)) 0L else as.integer(base_year),
                                     as.integer(years))
  almen_simulation_options_set_runs(o, as.numeric(runs))
  almen_simulation_options_set_seed(o, as.numeric(seed))
  almen_simulation_options_set_threads(o, as.integer(threads))
  almen_simulation_options_set_quantiles(o, as.numeric(quantiles))
  for (name in names(parameters)) {
    almen_simulation_options_set_parameter(o, name, as.numeric(parameters[[name]]))
  }
  if (!is.null(household_types)) {
    almen_simulation_options_set_household_types(o, paste(household_types, collapse = "\n"),
                                                 "household_types")
  }
  if (!is.null(initial)) .set_initial(o, initial)
  for (name in as.character(agreements)) almen_simulation_options_add_agreement(o, name)
  if (is.character(policies) || (is.list(policies) && !is.null(names(policies)))) {
    policies <- list(policies)
  }
  for (i in seq_along(policies)) {
    almen_simulation_options_add_policy(o, .policy_yaml(policies[[i]]),
                                        sprintf("policies[[%d]]", i))
  }
  almen_simulation_options_set_run_output(o, if (isTRUE(run_output)) 1L else 0L)
  if (!is.null(scenario)) almen_simulation_options_set_scenario(o, as.character(scenario))
  o
}

almen_simulate <- function(case, years = 10L, base_year = NULL, runs = 1000L, seed = 1,
                           threads = 0L, quantiles = c(0.05, 0.5, 0.95), parameters = NULL,
                           household_types = NULL, initial = NULL, agreements = NULL,
                           policies = NULL, run_output = FALSE, scenario = NULL,
                           progress = interactive(), slices = 100L) {
  .check_case(case)
  o <- .simulation_options(years, base_year, runs, seed, threads, quantiles, parameters,
                           household_types, initial, agreements, policies, run_output,
                           scenario)
  sim <- almen_simulation_new(case, o)
  total <- almen_simulation_runs_total(sim)
  step <- max(1, ceiling(total / max(1L, as.integer(slices))))
  bar <- NULL
  if (isTRUE(progress)) {
    bar <- utils::txtProgressBar(min = 0, max = total, style = 3, file = stderr())
    on.exit(close(bar), add = TRUE)
  }
  done <- almen_simulation_runs_done(sim)
  while (done < total) {
    almen_simulation_step(sim, step)
    done <- almen_simulation_runs_done(sim)
    if (!is.null(bar)) utils::setTxtProgressBar(bar, done)
    if (is.function(progress)) progress(done, total)
  }
  out <- lapply(.simulate_tables, function(t) .simulate_fn(t)(sim))
  names(out) <- .simulate_tables
  out$runs <- done
  class(out) <- "almen_simulation_result"
  out
}

print.almen_simulation_result <- function(x, ...) {
  variants <- setdiff(names(x$compare), c("area", "year"))
  cat(sprintf("<almen simulation: %d runs, variants %s, years %d-%d; tables: %s>\n", x$runs,
              paste(variants, collapse = ", "), min(x$indicators$year), max(x$indicators$year),
              paste(.simulate_tables, collapse = ", ")))
  invisible(x)
}
