#!/usr/bin/env Rscript
## make_expected_more.R -- R `survey` reference values for designs that
## make_expected.R does not cover (tests/cli/estimate-vs-r-cal-*,
## estimate-vs-r-noclusters-fraction, estimate-vs-r-strata-per-row).
##
## Usage (from the repository root):
##     Rscript tests/data/estimate/make_expected_more.R
## Reads tests/data/estimate/survey.csv (made by make_expected.R; not
## rewritten here) and writes tests/data/estimate/expected_<name>.csv in
## the layout of make_expected.R.  R 4.2.2, survey 4.1.1 (Debian:
## r-cran-survey).
##
## Post-stratification on grp to the totals in cal_grp_targets.csv (the
## file the CLI cases calibrate to, `kartlagg calibrate --method
## poststrat --margin grp --targets`), of
##   cal_twostage        the two-stage design with fpc at both stages
##                       (stage-2 variance under calibration)
##   cal_lonely_average  one stage on stratum_l (E has one PSU) under
##                       options(survey.lonely.psu = "average")
##   cal_noclusters      rows sampled by stratum, no clusters
## and, without calibration,
##   noclusters_fraction rows sampled by stratum with the fraction f1:
##                       stratum D is sampled completely (no variance)
##   strata_per_row      every row its own stratum, "adjust"
suppressPackageStartupMessages(library(survey))
stopifnot(packageVersion("survey") == "4.1.1")
out <- file.path("tests", "data", "estimate")
dd <- read.csv(file.path(out, "survey.csv"), colClasses = "character")
for (v in c("N1", "N2", "f1", "f2", "Nh", "w", "x")) dd[[v]] <- as.numeric(dd[[v]])
dd$x[is.na(dd$x)] <- NA
tg <- read.csv(file.path(out, "cal_grp_targets.csv"), colClasses = c("character", "numeric"))
pop <- data.frame(grp = tg$grp, Freq = tg$count)

source(file.path(out, "expected_lib.R"))

two <- svydesign(ids = ~psu + ssu, strata = ~stratum, weights = ~w, fpc = ~N1 + N2,
                 nest = TRUE, data = dd)
run("cal_twostage", postStratify(two, ~grp, pop))
one_l <- svydesign(ids = ~psu, strata = ~stratum_l, weights = ~w, nest = TRUE, data = dd)
run("cal_lonely_average", postStratify(one_l, ~grp, pop), lonely = "average")
run("cal_noclusters", postStratify(svydesign(ids = ~1, strata = ~stratum, weights = ~w,
                                             data = dd), ~grp, pop))
run("noclusters_fraction", svydesign(ids = ~1, strata = ~stratum, weights = ~w, fpc = ~f1,
                                     data = dd))
run("strata_per_row", svydesign(ids = ~1, strata = ~id, weights = ~w, data = dd),
    lonely = "adjust")
