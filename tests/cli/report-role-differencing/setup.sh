# Issue 13: role differencing.  20 persons of Västerås are utsatt and 2
# more are only kopare: a report for role utsatt and one for alla on the
# same store would differ by 2, the two buyers.
sh "$(dirname "$0")/../lib/differencing-feed.sh" roll utsatt kopare
for role in utsatt alla; do
	sh "$(dirname "$0")/../lib/vasteras-ini.sh" rapport-$role.ini $role
done
