#!/usr/bin/env Rscript
## linear_fixture.R -- R `survey` results for linear (GREG) calibration of
## the reference school survey, with and without bounds, for the
## calibrate-linear-* CLI cases.  The reference (../shared/reference) has
## no GREG fixture; this script makes one, the way survey_reference.R
## makes the others (same recode, same target table T).
##
## Usage, from the kartlagg checkout (shared/ next to it):
##   Rscript tests/data/calibrate/linear_fixture.R ../shared/reference
## Writes tests/data/calibrate/expected_linear_weights.csv and
## expected_linear_prevalence.csv.  R 4.2.2, survey 4.1.1.
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
ref <- if (length(args)) args[1] else file.path("..", "shared", "reference")
dir <- file.path(ref, "survey")
out <- file.path("tests", "data", "calibrate")
fmt <- function(x) ifelse(is.na(x) & !is.nan(x), "NA", ifelse(is.nan(x), "NaN", sprintf("%.15g", x)))
write_out <- function(df, name) {
  df[] <- lapply(df, function(x) if (is.numeric(x)) fmt(x) else as.character(x))
  write.csv(df, file.path(out, name), row.names = FALSE, quote = FALSE)
}
raw <- read.csv2(file.path(dir, "ungdomsenkat_2023_2025.csv"), fileEncoding = "UTF-8-BOM",
                 colClasses = "character", check.names = FALSE, na.strings = character(0))
cb <- read.csv(file.path(dir, "codebook.csv"), colClasses = "character", check.names = FALSE)
names(raw) <- cb$kortnamn
items <- c("erbjuden_ersattning", "salt_sex_nagonsin", "kopt_sex")
d <- data.frame(ar = as.integer(raw$year), lopnr = as.integer(raw$lopnr), kommun = factor(raw$kod),
                skola = raw$skola, arskurs = factor(raw$arskurs, levels = c("9", "gy2")),
                kon = factor(raw$kon, levels = c("1", "2", "3")),
                vikt = as.numeric(sub(",", ".", raw$vikt, fixed = TRUE)))
for (v in items) d[[v]] <- ifelse(raw[[v]] == "1", 1, ifelse(raw[[v]] == "2", 0, NA_real_))
bf <- read.csv(file.path(dir, "befolkning_vastmanland.csv"), colClasses = "character", check.names = FALSE)
names(bf) <- c("region", "alder", "kon", "ar", "n")
bf$n <- as.numeric(bf$n)
bf$kommun <- sub(" .*$", "", bf$region)
bf <- bf[nchar(bf$kommun) == 4 & bf$alder %in% c("15 år", "17 år"), ]
bf$arskurs <- ifelse(bf$alder == "15 år", "9", "gy2")
bf$kon12 <- ifelse(bf$kon == "män", "1", "2")

BOUNDS <- c(0.88, 1.215)
f <- ~kon * arskurs + kommun * arskurs
wts <- list(); prev <- list()
for (w in c(2023L, 2025L)) {
  ds <- svydesign(ids = ~skola, strata = ~kommun, weights = ~vikt, nest = TRUE, data = d[d$ar == w, ])
  v <- ds$variables
  s <- bf[bf$ar == as.character(w), ]
  t12 <- data.frame(kommun = s$kommun, arskurs = s$arskurs, kon = s$kon12, Freq = s$n)
  w3 <- aggregate(list(Freq = weights(ds)[v$kon == "3"]),
                  list(kommun = as.character(v$kommun[v$kon == "3"]),
                       arskurs = as.character(v$arskurs[v$kon == "3"])), sum)
  w3$kon <- "3"
  tt <- rbind(t12, w3[, names(t12)])
  for (cc in c("kommun", "arskurs", "kon")) tt[[cc]] <- factor(tt[[cc]], levels = levels(v[[cc]]))
  pop <- colSums(model.matrix(f, tt) * tt$Freq)
  lin <- calibrate(ds, f, pop, calfun = "linear")
  bnd <- calibrate(ds, f, pop, calfun = "linear", bounds = BOUNDS, epsilon = 1e-13, maxit = 100)
  wts[[length(wts) + 1]] <- data.frame(ar = w, lopnr = v$lopnr, vikt = weights(ds),
                                       w_linear = weights(lin), w_bounded = weights(bnd))
  for (nm in c("linear", "bounded")) {
    dd <- if (nm == "linear") lin else bnd
    for (by in c("", "kommun")) {
      lv <- if (by == "") "" else levels(v$kommun)
      for (l in lv) {
        sub <- if (by == "") dd else dd[v$kommun == l, ]
        for (it in items) {
          fo <- as.formula(paste0("~", it))
          m <- svymean(fo, sub, na.rm = TRUE, deff = TRUE)
          ci <- attr(svyciprop(fo, sub, method = "beta", na.rm = TRUE), "ci")
          prev[[length(prev) + 1]] <- data.frame(design = nm, ar = w, item = it, kommun = l,
            df = degf(sub), prop = unname(coef(m)), se = unname(SE(m)), deff = unname(deff(m)),
            ci_beta_lo = unname(ci[1]), ci_beta_hi = unname(ci[2]), row.names = NULL)
        }
      }
    }
  }
}
wt <- do.call(rbind, wts)
write_out(wt[order(wt$ar, wt$lopnr), ], "expected_linear_weights.csv")
write_out(do.call(rbind, prev), "expected_linear_prevalence.csv")
cat("g range bounded:", range(wt$w_bounded / wt$vikt), " unbounded:", range(wt$w_linear / wt$vikt), "\n")
