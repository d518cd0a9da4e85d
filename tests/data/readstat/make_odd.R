# make_odd.R - write the SPSS and Stata files for the corners and error
# paths of lib/import_readstat.c (tests/unit/test_import.c) with R's haven.
# Run from this directory:
#   Rscript make_odd.R
# The outputs are committed, so the tests do not need R.
library(haven)

# odd.sav, 3000 cases (its CSV export is over 64 KiB, a progress step):
# rng   a missing range 8-9 whose codes 8 and 9 are labelled
# nolab user-missing 9 and no value labels at all
# part  labels for 1 and 2, but 3 is observed too: not a category
# many  a label for 1 and 3000 distinct values (more than kartlagg tracks)
# slab  a string with value labels (kept as text)
# smiss a string with a user-missing value (kept as text)
n <- 3000
rng <- labelled_spss(rep(c(1L, 2L, 8L, 9L, 1L), n / 5),
                     labels = c(Ja = 1L, Nej = 2L, "Vet ej" = 8L,
                                "Vill inte" = 9L),
                     na_range = c(8L, 9L))
nolab <- labelled_spss(rep(c(1L, 2L, 9L), n / 3), na_values = 9L)
part <- labelled(rep(c(1L, 2L, 3L), n / 3), labels = c(A = 1L, B = 2L))
many <- labelled(1:n, labels = c(Ett = 1L))
slab <- labelled(rep(c("j", "n", "x"), n / 3),
                 labels = c(Ja = "j", Nej = "n"))
smiss <- labelled_spss(rep(c("a", "X"), n / 2), na_values = "X")
write_sav(data.frame(id = 1:n, rng, nolab, part, many, slab, smiss,
                     stringsAsFactors = FALSE), "odd.sav")

# formats.dta: a is %9.0f (no decimals: heltal), b %9.2f (decimaltal
# though whole), g the general %9.0g a double gets (decimaltal)
a <- c(1, 2)
attr(a, "format.stata") <- "%9.0f"
b <- c(1, 2)
attr(b, "format.stata") <- "%9.2f"
g <- c(1, 2)
write_dta(data.frame(id = 1:2, a, b, g), "formats.dta")

# Files to refuse.
# inf.sav: case 2 of x is +Inf.  write_sav keeps no infinity (it writes
# system-missing, -DBL_MAX), so write the file uncompressed and put +Inf
# (IEEE 754, little-endian) over the last system-missing value, which is
# the data's (the dictionary comes first)
write_sav(data.frame(id = 1:2, x = c(1, NA)), "inf.sav", compress = "none")
bytes <- readBin("inf.sav", "raw", file.info("inf.sav")$size)
sysmis <- writeBin(-.Machine$double.xmax, raw(), endian = "little")
at <- which(sapply(seq_len(length(bytes) - 7),
                   function(i) all(bytes[i:(i + 7)] == sysmis)))
at <- at[length(at)]
bytes[at:(at + 7)] <- writeBin(Inf, raw(), endian = "little")
writeBin(bytes, "inf.sav")

# pipe.sav: a value label with '|', which a codebook's code list cannot hold
svar <- labelled_spss(c(1, 2), labels = c("Ja|Nej" = 1, Nej = 2))
write_sav(data.frame(id = 1:2, svar), "pipe.sav")

# pnr_varlabel.sav: a variable label that is the test personnummer
# 19640823-3234 (Luhn over 6408233234 gives 40)
x <- c(1, 2)
attr(x, "label") <- "19640823-3234"
write_sav(data.frame(id = 1:2, x), "pnr_varlabel.sav")

# underscore.dta: Stata allows the name _x, a codebook's short name does not
d <- data.frame(id = 1:2)
d[["_x"]] <- c(1, 2)
write_dta(d, "underscore.dta")

# wide.sav: 4097 variables, one more than a CSV record may have fields
write_sav(as.data.frame(matrix(1, nrow = 1, ncol = 4097)), "wide.sav")
