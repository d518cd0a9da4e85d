# The demo store, with value labels and a title that try to inject a
# spreadsheet formula, HTML and Markdown table syntax.
sed 's/1=Pojke|2=Flicka|/1==HYPERLINK(""http:\/\/x.invalid"";""y"")|2=<script>alert(1)<\/script>|/' \
	"$SAMPLES/kodbok_exempel.csv" >kodbok.csv
grep -q HYPERLINK kodbok.csv
"$KARTLAGG" -q -s "$STORE" import --survey ungdomsenkat \
	--codebook kodbok.csv "$SAMPLES/ungdomsenkat_exempel.csv"
"$KARTLAGG" -q -s "$STORE" import "$SAMPLES/polis_exempel.csv" \
	"$SAMPLES/individer_pseudonymiserade.csv" \
	"$SAMPLES/individer_polisen_2025_rattad.csv"
"$KARTLAGG" -q -s "$STORE" import --kind scb-population "$SAMPLES/folkmangd_exempel.csv"
sed -e 's/^title = .*/title = @SUM(1+1) <script>x<\/script> | *fet* [l](javascript:x)/' \
	-e '/^weights = /d' "$SAMPLES/rapport.ini" >r.ini
