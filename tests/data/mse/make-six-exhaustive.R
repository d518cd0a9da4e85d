#!/usr/bin/env Rscript
## make-six-exhaustive.R - expected_six_exhaustive.csv: the exhaustive BIC
## search (all 32,768 pairwise models) on six.csv, which the reference
## script skips for k > 5.  Same functions, with that guard removed.
## Takes minutes.  Rscript make-six-exhaustive.R path/to/mse_reference.R
args <- commandArgs(trailingOnly = TRUE)
ref <- if (length(args)) args[1] else "../../../../shared/reference/r/mse_reference.R"
src <- readLines(ref)
eval(parse(text = src[seq_len(grep("^args <- commandArgs", src) - 1)]))
body(exhaustive_bic)[[2]] <- NULL   # drop `if (D$k > 5) return(NULL)`
D <- read_mse("six.csv")
F <- exhaustive_bic(D, maxorder = 2)
rows <- describe(D, "exhaustive_bic", F, list())
out <- as.data.frame(do.call(rbind, rows), stringsAsFactors = FALSE)
names(out) <- c("model", "quantity", "value")
write.csv(out, "expected_six_exhaustive.csv", row.names = FALSE)
