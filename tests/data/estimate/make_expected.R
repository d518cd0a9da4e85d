#!/usr/bin/env Rscript
## make_expected.R -- fixture survey and R `survey` reference values for the
## designs the shared reference lacks (tests/cli/estimate-vs-r-*).
##
## Usage (from the repository root):
##     Rscript tests/data/estimate/make_expected.R
## Writes tests/data/estimate/{survey.csv, codebook.csv, expected_*.csv}.
## Needs R >= 4.2 with survey 4.1.1 (Debian: r-cran-survey).  The tests do
## not run R: they compare kartlagg's output with the files written here.
##
## f1 and f2 are the sampling fractions of stages 1 and 2 (n/N).
## survey.csv is comma-delimited with LF line ends and decimal points.  It
## has 4 strata (A-D; D is sampled completely at stage 1, a certainty
## stratum), 12 PSUs, 2-3 SSUs per PSU (one PSU has a single SSU that is
## its whole population), and these items:
##   q1  1=Ja|2=Nej, missing 8=Vill inte svara and empty
##   q2  text codes Ja|Nej, missing "Vill inte svara" and empty
##   q3  three categories 1|2|3, missing empty
##   x   a decimal number (mean), missing empty
## stratum_l splits D so that its third PSU is alone in stratum E (a lonely
## PSU) for the --lonely-psu cases.
suppressPackageStartupMessages(library(survey))
stopifnot(packageVersion("survey") == "4.1.1")
out <- file.path("tests", "data", "estimate")
set.seed(20250401)

## ---------------------------------------------------------------- data
strata <- data.frame(stratum = c("A", "B", "C", "D"), npsu = c(3, 4, 2, 3),
                     N1 = c(10, 12, 5, 3), stringsAsFactors = FALSE)
rows <- list()
id <- 0
for (h in seq_len(nrow(strata))) {
  for (j in seq_len(strata$npsu[h])) {
    psu <- sprintf("%s%02d", strata$stratum[h], j)
    single <- psu == "B02"                  # one SSU, its whole population
    n2 <- if (single) 1 else sample(2:3, 1)
    N2 <- if (single) 1 else n2 + sample(1:5, 1)
    for (k in seq_len(n2)) {
      m <- sample(6:14, 1)
      p <- c(A = 0.15, B = 0.3, C = 0.08, D = 0.4)[[strata$stratum[h]]]
      id <- id + seq_len(m)
      rows[[length(rows) + 1]] <- data.frame(
        id = id, stratum = strata$stratum[h], psu = psu,
        ssu = sprintf("%s-%d", psu, k), N1 = strata$N1[h], N2 = N2,
        grp = sample(c("1", "2"), m, replace = TRUE),
        q1 = sample(c("1", "2", "8", ""), m, replace = TRUE,
                    prob = c(p, 1 - p - 0.12, 0.08, 0.04)),
        q2 = sample(c("Ja", "Nej", "Vill inte svara", ""), m, replace = TRUE,
                    prob = c(p / 2, 1 - p / 2 - 0.1, 0.06, 0.04)),
        q3 = sample(c("1", "2", "3", ""), m, replace = TRUE,
                    prob = c(0.2, 0.5, 0.25, 0.05)),
        x = ifelse(runif(m) < 0.05, NA, round(rgamma(m, 2, 1), 2)),
        stringsAsFactors = FALSE)
      id <- max(id)
    }
  }
}
d <- do.call(rbind, rows)
d$id <- seq_len(nrow(d))
## nobody in stratum C answers q1 = 1 in group 2: a 0 % domain cell
d$q1[d$stratum == "C" & d$grp == "2" & d$q1 == "1"] <- "2"
n1 <- tapply(d$psu, d$stratum, function(p) length(unique(p)))
d$f1 <- n1[d$stratum] / d$N1
n2 <- tapply(d$ssu, d$psu, function(p) length(unique(p)))
d$f2 <- n2[d$psu] / d$N2
d$w <- round(d$N1 / n1[d$stratum] * d$N2 / n2[d$psu] * runif(nrow(d), 0.8, 1.25), 4)
d$Nh <- ave(d$id, d$stratum, FUN = length) * 7     # individuals per stratum
d$stratum_l <- ifelse(d$psu == "D03", "E", d$stratum)
d <- d[, c("id", "stratum", "stratum_l", "psu", "ssu", "N1", "N2", "f1", "f2", "Nh",
           "w", "grp", "q1", "q2", "q3", "x")]
fmtx <- function(v) ifelse(is.na(v), "", format(v, scientific = FALSE, trim = TRUE,
                                                   drop0trailing = TRUE))
csv <- d
for (v in c("f1", "f2", "w", "x")) csv[[v]] <- fmtx(d[[v]])
write.table(csv, file.path(out, "survey.csv"), sep = ",", row.names = FALSE,
            col.names = TRUE, quote = FALSE, na = "", eol = "\n")
cb <- rbind(
  c("id", "id", "Löpnummer", "heltal", "1-", "", "", "1"),
  c("stratum", "stratum", "Stratum", "text", "", "", "", ""),
  c("stratum_l", "stratum_l", "Stratum (E ensam PSU)", "text", "", "", "", ""),
  c("psu", "psu", "Skola", "text", "", "", "", ""),
  c("ssu", "ssu", "Klass", "text", "", "", "", ""),
  c("N1", "N1", "Skolor i stratum", "heltal", "1-", "", "", ""),
  c("N2", "N2", "Klasser i skolan", "heltal", "1-", "", "", ""),
  c("f1", "f1", "Urvalsandel skolor", "decimaltal", "> 0", "", "", ""),
  c("f2", "f2", "Urvalsandel klasser", "decimaltal", "> 0", "", "", ""),
  c("Nh", "Nh", "Elever i stratum", "heltal", "1-", "", "", ""),
  c("w", "w", "Vikt", "decimaltal", "> 0", "", "", ""),
  c("grp", "grp", "Kön", "kategori", "1=Pojke|2=Flicka", "", "", ""),
  c("q1", "q1", "Fråga 1", "kategori", "1=Ja|2=Nej", "8=Vill inte svara|tom=Ej besvarad", "", ""),
  c("q2", "q2", "Fråga 2", "kategori", "Ja|Nej", "Vill inte svara|tom=Ej besvarad", "", ""),
  c("q3", "q3", "Fråga 3", "kategori", "1=Ofta|2=Ibland|3=Aldrig", "tom=Ej besvarad", "", ""),
  c("x", "x", "Timmar per dag", "decimaltal", ">= 0", "tom=Ej besvarad", "", ""))
colnames(cb) <- c("kolumn", "kortnamn", "etikett", "typ", "giltiga_koder",
                  "bortfallskoder", "filter", "nyckel")
write.csv(cb, file.path(out, "codebook.csv"), row.names = FALSE, fileEncoding = "UTF-8")

## ---------------------------------------------------------------- estimates
source(file.path(out, "expected_lib.R"))

dd <- d
dd$w <- as.numeric(csv$w); dd$f1 <- as.numeric(csv$f1); dd$f2 <- as.numeric(csv$f2)
dd$x <- as.numeric(csv$x)
run("fpc1", svydesign(ids = ~psu, strata = ~stratum, weights = ~w, fpc = ~N1,
                      nest = TRUE, data = dd))
run("fpc1_fraction", svydesign(ids = ~psu, strata = ~stratum, fpc = ~f1,
                               nest = TRUE, data = dd))
run("twostage", svydesign(ids = ~psu + ssu, strata = ~stratum, fpc = ~N1 + N2,
                          nest = TRUE, data = dd))
run("twostage_fraction", svydesign(ids = ~psu + ssu, strata = ~stratum, fpc = ~f1 + f2,
                                   nest = TRUE, data = dd))
run("twostage_w", svydesign(ids = ~psu + ssu, strata = ~stratum, weights = ~w,
                            fpc = ~N1 + N2, nest = TRUE, data = dd))
run("nostrata", svydesign(ids = ~psu, weights = ~w, data = dd))
run("noclusters", svydesign(ids = ~1, strata = ~stratum, weights = ~w, data = dd))
run("noclusters_fpc", svydesign(ids = ~1, strata = ~stratum, weights = ~w, fpc = ~Nh,
                                data = dd))
run("fpc1_level90", svydesign(ids = ~psu, strata = ~stratum, weights = ~w, fpc = ~N1,
                              nest = TRUE, data = dd), level = 0.90)
run("noclusters_fpc_noweight", svydesign(ids = ~1, strata = ~stratum, fpc = ~Nh, data = dd))
for (l in c("adjust", "certainty", "remove", "average"))
  run(paste0("lonely_", l), svydesign(ids = ~psu, strata = ~stratum_l, weights = ~w,
                                      nest = TRUE, data = dd), lonely = l)
run("lonely_twostage_adjust", svydesign(ids = ~psu + ssu, strata = ~stratum_l,
                                        weights = ~w, fpc = ~N1 + N2, nest = TRUE,
                                        data = dd),
    lonely = "adjust")

## ---------------------------------------------------------------- degenerate
## kartlagg's own interval for domains with 0 % or 100 % "yes" (see
## DEGENERATE CELLS in kartlagg-estimate(1)), for every such row of the
## shared reference, from R's counts and df:
##   n* = n_valid (qt(a/2, n_rows - 1) / qt(a/2, df))^2
##   p = 0: [0, 1 - (a/2)^(1/n*)];  p = 1: [(a/2)^(1/n*), 1]
refdir <- file.path("..", "shared", "reference", "survey", "expected")
if (dir.exists(refdir)) {
  for (nm in c("kommun", "kon_arskurs")) {
    p <- read.csv(file.path(refdir, paste0("prevalence_by_", nm, ".csv")),
                  colClasses = "character")
    p <- p[p$prop %in% c("0", "1") & as.numeric(p$n_valid) > 0, ]
    nv <- as.numeric(p$n_valid); nr <- as.numeric(p$n_rows)
    df <- as.numeric(p$df); pr <- as.numeric(p$prop)
    a <- 0.05
    ns <- ifelse(df >= 1, nv * (qt(a / 2, nr - 1) / qt(a / 2, df))^2, NA)
    b <- (a / 2)^(1 / ns)
    lo <- ifelse(pr == 0, 0, b); hi <- ifelse(pr == 0, 1 - b, 1)
    tab <- p[, c("ar", "item", "kon", "arskurs", "kommun", "n_rows", "n_valid", "df", "prop")]
    for (me in methods) {
      tab[[paste0("ci_", me, "_lo")]] <- num(lo)
      tab[[paste0("ci_", me, "_hi")]] <- num(hi)
    }
    write.csv(tab, file.path(out, paste0("expected_degenerate_", nm, ".csv")),
              row.names = FALSE, quote = FALSE)
    cat(sprintf("%-24s %3d rows\n", paste0("expected_degenerate_", nm, ".csv"), nrow(tab)))
  }
}
