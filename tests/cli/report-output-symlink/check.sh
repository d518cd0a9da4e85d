# the link is not followed: the file it points at is untouched
[ "$(cat victim.txt)" = "do not touch" ] || { echo "victim.txt was written"; exit 1; }
[ -L ut/rapport.pdf.tmp ] || { echo "the link was replaced"; exit 1; }
# a symbolic link at the folder's own name is refused, not followed
mkdir elsewhere
ln -s elsewhere link
"$KARTLAGG" -q -s "$STORE" report -f html -o link "$SAMPLES/rapport.ini" 2>err.txt
st=$?
[ $st -eq 73 ] || { echo "symlinked folder: exit $st, want 73"; exit 1; }
grep -q "'link' is a symbolic link" err.txt || { cat err.txt; exit 1; }
[ -z "$(ls -A elsewhere)" ] || { echo "wrote through the link"; exit 1; }
# a folder of the user's own is not replaced
mkdir mine; echo notes >mine/notes.txt
"$KARTLAGG" -q -s "$STORE" report -f html -o mine "$SAMPLES/rapport.ini" 2>/dev/null
[ $? -eq 73 ] && [ -f mine/notes.txt ] && [ ! -e mine/rapport.html ]
