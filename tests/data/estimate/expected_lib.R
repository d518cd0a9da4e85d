## expected_lib.R -- the functions make_expected.R and make_expected_more.R
## share: one design's estimates of q1, q2, q3 and x, overall and by grp,
## written as tests/data/estimate/expected_<name>.csv.  Sourced after
## `out` (the directory to write) is set; needs library(survey).
## make_nocodebook.R sources it too and defines its own items and one().
num <- function(x) ifelse(is.na(x) & !is.nan(x), "NA", ifelse(is.nan(x), "NaN",
                   ifelse(is.infinite(x), ifelse(x > 0, "Inf", "-Inf"), sprintf("%.17g", x))))
quiet <- function(expr) withCallingHandlers(expr, warning = function(w) invokeRestart("muffleWarning"))
methods <- c("logit", "beta", "mean", "xlogit")
items <- list(q1 = c("1", "2"), q2 = c("Ja", "Nej"), q3 = c("1", "2", "3"), x = "")
missing <- list(q1 = c("8", ""), q2 = c("Vill inte svara", ""), q3 = "", x = NA)

one <- function(ds, item, lev, level = 0.95) {
  raw <- ds$variables[[item]]
  yy <- if (item == "x") raw else ifelse(raw %in% missing[[item]], NA_real_,
                                         as.numeric(raw == lev))
  ds <- update(ds, .y = yy)
  w <- weights(ds)
  valid <- w > 0 & !is.na(yy)
  r <- c(n_rows = nrow(ds), n_valid = sum(valid),
         n_yes = if (item == "x") NA else sum(yy[valid] == 1),
         sum_w = sum(w[valid]), df = degf(ds))
  est <- setNames(rep(NA_real_, 13), c("prop", "se", "deff",
    paste0("ci_", rep(methods, each = 2), c("_lo", "_hi")), "total", "se_total"))
  if (r[["n_valid"]] > 0) {
    m <- quiet(svymean(~.y, ds, na.rm = TRUE, deff = TRUE))
    est[c("prop", "se", "deff")] <- c(coef(m), SE(m), deff(m))
    t <- svytotal(~.y, ds, na.rm = TRUE)
    est[c("total", "se_total")] <- c(coef(t), SE(t))
    if (item == "x") {
      est[c("ci_mean_lo", "ci_mean_hi")] <- confint(m, df = degf(ds), level = level)
    } else {
      for (me in methods) {
        ci <- tryCatch(quiet(attr(svyciprop(~.y, ds, method = me, na.rm = TRUE,
                                            level = level), "ci")),
                       error = function(e) c(NA, NA))
        est[paste0("ci_", me, c("_lo", "_hi"))] <- ci
      }
    }
  }
  lg <- est[c("ci_logit_lo", "ci_logit_hi")]; xl <- est[c("ci_xlogit_lo", "ci_xlogit_hi")]
  ok <- as.integer(all(is.finite(lg)) && all(is.finite(xl)) && all(abs(lg / xl - 1) < 1e-6))
  c(r, est, ci_logit_ok = ok)
}

run <- function(name, des, lonely = "fail", level = 0.95) {
  options(survey.lonely.psu = lonely)
  res <- list()
  doms <- c(list(list(g = "", idx = NULL)),
            lapply(c("1", "2"), function(g) list(g = g, idx = des$variables$grp == g)))
  for (dm in doms) {
    ds <- if (is.null(dm$idx)) des else des[dm$idx, ]
    for (it in names(items)) for (lev in items[[it]]) {
      v <- one(ds, it, lev, level)
      res[[length(res) + 1]] <- c(item = it, level = lev, grp = dm$g, num(v))
    }
  }
  tab <- do.call(rbind, res)
  write.csv(tab, file.path(out, paste0("expected_", name, ".csv")),
            row.names = FALSE, quote = FALSE)
  cat(sprintf("%-24s %3d rows\n", paste0("expected_", name, ".csv"), nrow(tab)))
}
