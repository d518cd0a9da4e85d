#!/usr/bin/env Rscript
## pop_fixture.R -- R `survey` reference values for the population-target
## unit tests (tests/unit/test_calibrate.c): pop_survey.csv calibrated to
## the SCB rows of pop_scb.csv (age 15 = arskurs 9, 17 = gy2; män = kon 1,
## kvinnor = 2; the 16-year rows are not mapped), then the mean of y = 1
## under each set with its calibration-adjusted SE.  Prints the numbers
## the tests hold.  From the checkout:
##   Rscript tests/data/calibrate/pop_fixture.R
## R 4.2.2, survey 4.1.1.
suppressPackageStartupMessages(library(survey))
d <- read.csv("tests/data/calibrate/pop_survey.csv", colClasses = "character")
d$w <- as.numeric(d$w); d$id <- as.integer(d$id)
d$kod <- factor(d$kod); d$arskurs <- factor(d$arskurs, levels = c("9", "gy2"))
d$kon <- factor(d$kon, levels = c("1", "2")); d$yes <- as.numeric(d$y == "1")
tt <- data.frame(kod = rep(c("1980", "1984"), each = 4),
                 arskurs = rep(rep(c("9", "gy2"), each = 2), 2),
                 kon = rep(c("1", "2"), 4),
                 Freq = c(20, 19, 12, 13, 15, 13, 9, 17))
for (cc in c("kod", "arskurs", "kon")) tt[[cc]] <- factor(tt[[cc]], levels = levels(d[[cc]]))
des <- svydesign(ids = ~psu, weights = ~w, data = d)
f <- ~kon * arskurs + kod * arskurs
pop <- colSums(model.matrix(f, tt) * tt$Freq)
sets <- list(
  poststrat = postStratify(des, ~kod + arskurs + kon, tt),
  rake = rake(des, list(~kon + arskurs, ~kod + arskurs),
              list(aggregate(Freq ~ kon + arskurs, tt, sum), aggregate(Freq ~ kod + arskurs, tt, sum)),
              control = list(maxit = 200, epsilon = 1e-13)),
  linear = calibrate(des, f, pop, calfun = "linear"),
  bounded = calibrate(des, f, pop, calfun = "linear", bounds = c(0.86, 1.35), epsilon = 1e-13, maxit = 100))
for (nm in names(sets)) {
  s <- sets[[nm]]
  m <- svymean(~yes, s)
  cat(nm, ": w =", paste(sprintf("%.15g", weights(s)), collapse = ", "), "\n")
  cat(nm, ": mean", sprintf("%.15g", coef(m)), "se", sprintf("%.15g", SE(m)), "\n")
}
