#!/usr/bin/env Rscript
## make-fixtures.R - the MSE test data sets and their expected values,
## computed independently of kartlagg with R (glm.fit + lpSolve) through
## shared/reference/r/mse_reference.R.  Run from this directory:
##   Rscript make-fixtures.R /path/to/shared/reference/r/mse_reference.R
## Writes <name>.csv and expected_<name>.csv for every data set below, and
## artificial3_checkident.csv (model, code) for the existence/identifiability
## example.  Never edit the expected files by hand.
args <- commandArgs(trailingOnly = TRUE)
ref <- if (length(args)) args[1] else "../../../../shared/reference/r/mse_reference.R"
## the functions of the reference script, without its command-line part
src <- readLines(ref)
eval(parse(text = src[seq_len(grep("^args <- commandArgs", src) - 1)]))

write_hist <- function(name, lists, y) {
  k <- length(lists)
  H <- as.matrix(expand.grid(rep(list(0:1), k)))[-1, , drop = FALSE]
  keep <- y > 0
  d <- data.frame(H[keep, , drop = FALSE], count = y[keep])
  names(d) <- c(lists, "count")
  write.csv(d, paste0(name, ".csv"), row.names = FALSE, quote = FALSE)
}

## 1. three lists, police (P) and health (H) never overlap: P:H = -Inf
##    in every model that has it.  Cell order: code 1..7 = P,S,PS,H,PH,SH,PSH
write_hist("sparse3", c("P", "S", "H"), c(60, 85, 14, 40, 0, 9, 0))

## 2. the pattern of Chan, Silverman & Vincent (2021) Table 2: histories
##    A, B, AB and C only.  All pairs: not identifiable (2); AB alone or
##    with AC or BC: no MLE (1); main effects, AC, BC, AC+BC: fine (0).
write_hist("artificial3", c("A", "B", "C"), c(5, 3, 4, 6, 0, 0, 0))

## 3. six and seven lists drawn from a log-linear model with two positive
##    dependences (lists 1-2 and 3-4), Poisson counts, fixed seed.
sim <- function(k, b0, bmain, seed) {
  set.seed(seed)
  H <- as.matrix(expand.grid(rep(list(0:1), k)))[-1, , drop = FALSE]
  eta <- b0 + H %*% bmain + 0.9 * H[, 1] * H[, 2] + 0.7 * H[, 3] * H[, 4]
  rpois(nrow(H), exp(eta))
}
write_hist("six", paste0("L", 1:6),
           sim(6, log(1500), c(-1.6, -1.9, -2.1, -2.4, -2.2, -2.8), 20240501))
write_hist("seven", paste0("L", 1:7),
           sim(7, log(2500), c(-1.7, -2.0, -2.2, -2.5, -2.3, -2.9, -2.6), 20240502))

## 4. --merge A,B on the Western data: the merged table, computed here
w <- read_mse(sub("r/mse_reference.R$", "mse/western.csv", ref))
yA <- numeric(15)
Hm <- as.matrix(expand.grid(rep(list(0:1), 4)))[-1, ]
for (i in seq_len(nrow(w$H))) {
  h <- w$H[i, ]
  hm <- c(max(h[1], h[2]), h[3], h[4], h[5])
  j <- which(apply(Hm, 1, function(r) all(r == hm)))
  yA[j] <- yA[j] + w$y[i]
}
write_hist("western_merged", c("A|B", "C", "D", "E"), yA)

for (f in c("sparse3.csv", "artificial3.csv", "six.csv", "seven.csv",
            "western_merged.csv"))
  tryCatch(run_one(f), error = function(e) message(f, ": ", conditionMessage(e)))

D <- read_mse("artificial3.csv")
ms <- list(main = character(0), "A:B" = "1,2", "A:C" = "1,3", "B:C" = "2,3",
           "A:B+A:C" = c("1,2", "1,3"), "A:B+B:C" = c("1,2", "2,3"),
           "A:C+B:C" = c("1,3", "2,3"), "A:B+A:C+B:C" = c("1,2", "1,3", "2,3"))
out <- data.frame(model = names(ms), code = vapply(ms, function(m) checkident(D, m), 0L))
write.csv(out, "artificial3_checkident.csv", row.names = FALSE, quote = FALSE)
