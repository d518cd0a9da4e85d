#!/usr/bin/env Rscript
## make_nocodebook.R -- a survey imported without a codebook, and R `survey`
## reference values for its text and 0/1 items (tests/cli/estimate-nocodebook-*).
##
## Usage (from the repository root, after make_expected.R):
##     Rscript tests/data/estimate/make_nocodebook.R
## Reads tests/data/estimate/survey.csv; writes nocodebook.csv and
## expected_nocodebook.csv there.  Needs R >= 4.2 with survey 4.1.1 (Debian:
## r-cran-survey).  The tests do not run R.
##
## Items of nocodebook.csv (all from q1 of survey.csv: 1 = yes, 2 = no,
## 8 and empty = no answer, so every item has the same shares):
##   svar  text Ja / JA / ja, Nej / nej / NEJ, empty      -> a category
##   eng   text Yes / YES / yes, No / no, empty           -> a category
##   b     integer 1 / 0, empty                           -> --proportion
##   many  text with 12 distinct values                   -> refused
## A text item's level is its most frequent spelling (ties: the smaller
## bytes), levels in lower-case byte order: kartlagg-estimate(1), ITEMS.
suppressPackageStartupMessages(library(survey))
stopifnot(packageVersion("survey") == "4.1.1")
out <- file.path("tests", "data", "estimate")
set.seed(20261203)
d <- read.csv(file.path(out, "survey.csv"), colClasses = "character")
n <- nrow(d)
yes <- d$q1 == "1"; no <- d$q1 == "2"
pick <- function(v, p) sample(v, n, replace = TRUE, prob = p)
d$svar <- ifelse(yes, pick(c("Ja", "JA", "ja"), c(0.5, 0.2, 0.3)),
                 ifelse(no, pick(c("Nej", "nej", "NEJ"), c(0.3, 0.6, 0.1)), ""))
d$eng <- ifelse(yes, pick(c("Yes", "YES", "yes"), c(0.4, 0.4, 0.2)),
                ifelse(no, pick(c("No", "no"), c(0.7, 0.3)), ""))
d$b <- ifelse(yes, "1", ifelse(no, "0", ""))
d$many <- sprintf("svar%02d", (seq_len(n) - 1) %% 12 + 1)
nd <- d[, c("id", "stratum", "psu", "w", "grp", "svar", "eng", "b", "many")]
write.table(nd, file.path(out, "nocodebook.csv"), sep = ",", row.names = FALSE,
            col.names = TRUE, quote = FALSE, na = "", eol = "\n")

## num, quiet, methods and run() (which writes expected_<name>.csv) are
## those of make_expected.R; items and one() are this survey's own, and
## run() finds them when it is called.
source(file.path(out, "expected_lib.R"))
## levels of a text item: folded classes, shown in the most frequent spelling
levels_of <- function(x) {
  x <- x[x != ""]
  tab <- table(x)
  sp <- names(tab)[order(names(tab), method = "radix")]
  cls <- split(sp, tolower(sp))
  show <- vapply(cls, function(s) { k <- tab[s]; s[which(k == max(k))[1]] }, "")
  show[order(names(show), method = "radix")]
}
items <- list(svar = levels_of(nd$svar), eng = levels_of(nd$eng), b = c("0", "1"))
one <- function(ds, item, lev, level = 0.95) {  # level: run() passes it
  raw <- ds$variables[[item]]
  yy <- ifelse(raw == "", NA_real_, as.numeric(tolower(raw) == tolower(lev)))
  ds <- update(ds, .y = yy)
  w <- weights(ds)
  valid <- w > 0 & !is.na(yy)
  r <- c(n_rows = nrow(ds), n_valid = sum(valid), n_yes = sum(yy[valid] == 1),
         sum_w = sum(w[valid]), df = degf(ds))
  m <- quiet(svymean(~.y, ds, na.rm = TRUE, deff = TRUE))
  est <- c(prop = coef(m)[[1]], se = SE(m)[[1]], deff = deff(m)[[1]])
  for (me in methods) {
    ci <- quiet(attr(svyciprop(~.y, ds, method = me, na.rm = TRUE), "ci"))
    est[paste0("ci_", me, c("_lo", "_hi"))] <- ci
  }
  lg <- est[c("ci_logit_lo", "ci_logit_hi")]; xl <- est[c("ci_xlogit_lo", "ci_xlogit_hi")]
  ok <- as.integer(all(is.finite(lg)) && all(is.finite(xl)) && all(abs(lg / xl - 1) < 1e-6))
  c(r, est, ci_logit_ok = ok)
}
dd <- nd
dd$w <- as.numeric(dd$w)
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, nest = TRUE, data = dd)
run("nocodebook", des)
