# report outputs 0640 in 0750 folders by default (umask 022 here), and
# --mode widens or narrows them (issue 14)
umask 022
bad=0
for f in rep rep/csv; do [ "$(stat -c %a "$f")" = 750 ] || { echo "$f: $(stat -c %a "$f")"; bad=1; }; done
for f in rep/rapport.md rep/csv/*; do [ "$(stat -c %a "$f")" = 640 ] || { echo "$f: $(stat -c %a "$f")"; bad=1; }; done
"$KARTLAGG" -q -s "$STORE" report -f md --mode 0600 -o rep2 "$DATA/report/empty_store.ini" || bad=1
[ "$(stat -c %a rep2)" = 700 ] && [ "$(stat -c %a rep2/rapport.md)" = 600 ] || { echo "--mode 0600: $(stat -c %a rep2 rep2/rapport.md)"; bad=1; }
"$KARTLAGG" -q -s "$STORE" report -f md --mode 0644 -o rep3 "$DATA/report/empty_store.ini" || bad=1
[ "$(stat -c %a rep3)" = 755 ] && [ "$(stat -c %a rep3/rapport.md)" = 644 ] || { echo "--mode 0644: $(stat -c %a rep3 rep3/rapport.md)"; bad=1; }
"$KARTLAGG" -q -s "$STORE" report -f md --mode 0444 -o rep4 "$DATA/report/empty_store.ini" 2>/dev/null
[ $? = 64 ] && [ ! -e rep4 ] || { echo "--mode 0444 accepted"; bad=1; }
exit $bad
