# svy.R FILE YEAR... - R survey's per-round estimates of the yes/no items
# Fråga 21 and 22 (erbjuden_ersattning, salt_sex_nagonsin) from a raw round
# file, as shared/reference/r/survey_reference.R makes them: design
# ids = ~skola, strata = ~kommun, weights = ~vikt, nest = TRUE per round;
# 1 -> 1, 2 -> 0, 8 or empty -> NA; svymean(na.rm = TRUE) and svyciprop
# (logit).  Prints CSV in the layout of expected/prevalence_overall.csv.
suppressMessages(library(survey))
a <- commandArgs(trailingOnly = TRUE)
d <- read.table(a[1], sep = ";", header = TRUE, quote = "\"",
                colClasses = "character", fileEncoding = "UTF-8-BOM",
                check.names = FALSE, na.strings = character(0))
yn <- function(x) ifelse(x == "1", 1, ifelse(x == "2", 0, NA))
df <- data.frame(year = d[[2]], kommun = d[[3]], skola = d[[5]],
                 vikt = as.numeric(sub(",", ".", d[[9]], fixed = TRUE)),
                 erbjuden_ersattning = yn(d[[10]]),
                 salt_sex_nagonsin = yn(d[[11]]))
cat("ar,item,n_rows,n_valid,n_yes,sum_w,df,prop,se,ci_logit_lo,ci_logit_hi,ci_logit_ok\n")
for (y in a[-1]) {
	dw <- df[df$year == y, ]
	des <- svydesign(ids = ~skola, strata = ~kommun, weights = ~vikt,
	                 nest = TRUE, data = dw)
	for (it in c("erbjuden_ersattning", "salt_sex_nagonsin")) {
		f <- as.formula(paste0("~", it))
		m <- svymean(f, des, na.rm = TRUE)
		ci <- svyciprop(f, des, method = "logit", na.rm = TRUE)
		ok <- !is.na(dw[[it]])
		cat(sprintf("%s,%s,%d,%d,%d,%.17g,%d,%.17g,%.17g,%.17g,%.17g,1\n",
		            y, it, nrow(dw), sum(ok), sum(dw[[it]][ok] == 1),
		            sum(dw$vikt[ok]), degf(des), coef(m), SE(m),
		            confint(ci)[1], confint(ci)[2]))
	}
}
