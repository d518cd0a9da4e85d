# make_enkat.R - write enkat.sav and enkat.dta from the CSV + codebook twin
# (enkat_twin.csv, enkat_twin_kodbok.csv) with R's haven, the way a school
# survey is usually delivered.  Run from this directory:
#   Rscript make_enkat.R
# The outputs are committed, so the tests do not need R.
library(haven)
d <- read.table("enkat_twin.csv", sep = ";", header = TRUE, quote = "\"",
                colClasses = "character", encoding = "UTF-8",
                na.strings = character(0))
num <- function(x) as.numeric(ifelse(x == "", NA, sub(",", ".", x)))
id <- as.integer(d$id)
attr(id, "label") <- "Löpnummer"
kod <- d$kod
attr(kod, "label") <- "Kommunkod"
vikt <- num(d$vikt)
attr(vikt, "label") <- "Designvikt"
kommentar <- d$kommentar
attr(kommentar, "label") <- "Kommentar"

# SPSS: 8 is a user-missing value with its label; empty = system missing
svar <- labelled_spss(num(d$svar),
                      labels = c(Ja = 1, Nej = 2, "Vill inte svara" = 8),
                      na_values = 8, label = "Fått ersättning")
kon <- labelled_spss(num(d$kon), labels = c(Pojke = 1, Flicka = 2),
                     label = "Kön")
write_sav(data.frame(id, kod, svar, kon, vikt, kommentar,
                     stringsAsFactors = FALSE), "enkat.sav")

# Stata has no user-missing values: 8 becomes the extended missing .a
s <- num(d$svar)
s <- ifelse(!is.na(s) & s == 8, tagged_na("a"), s)
svar <- labelled(s, labels = c(Ja = 1, Nej = 2,
                               "Vill inte svara" = tagged_na("a")),
                 label = "Fått ersättning")
kon <- labelled(num(d$kon), labels = c(Pojke = 1, Flicka = 2), label = "Kön")
write_dta(data.frame(id, kod, svar, kon, vikt, kommentar,
                     stringsAsFactors = FALSE), "enkat.dta", version = 14)

# Bad files: a value label holding a personnummer, and a string value
# holding one (the test number 19640823-3234 of tests/data/import)
svar <- labelled_spss(c(1, 2), labels = c(Ja = 1, "19640823-3234" = 2))
write_sav(data.frame(id = 1:2, svar), "pnr_label.sav")
write_sav(data.frame(id = 1:2, personnr = c("", "19640823-3234"),
                     stringsAsFactors = FALSE), "pnr_value.sav")
