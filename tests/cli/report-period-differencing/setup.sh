# Issue 13: period differencing.  20 persons of Västerås have a record in
# March 2025 and 2 more only in November: a report for 2025 and one for
# 2025H1 (or 2025-01..2025-10) on the same store would differ by 2.
sh "$(dirname "$0")/../lib/differencing-feed.sh" period 2025-03 2025-11
sh "$(dirname "$0")/../lib/vasteras-ini.sh" rapport.ini
