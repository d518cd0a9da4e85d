# The whole code list, in the report file's order, closes the Region line.
codes=$(sed -n 's/^region = //p' "$DATA/report/long_region_list.ini" | sed 's/,/, /g')
flat=$(tr '\n' ' ' <out | tr -s ' ')
case "$flat" in
*"Region: Stockholms län, Uppsala län, "*"Töreboda, Tibro ($codes) Referensperiod: 2025"*) exit 0 ;;
esac
echo "the Region line lacks 'Töreboda, Tibro ($codes)'"
exit 1
