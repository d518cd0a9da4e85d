# The bootstrap is deterministic for a seed, records it, and its BCa and
# percentile intervals contain the point estimate.
"$KARTLAGG" mse --model stepwise --bootstrap 60 --seed 7 --format csv \
	"$REF/mse/western.csv" >again || exit 1
cmp -s out again || { echo "same seed, different output"; exit 1; }
grep -qx 'stepwise_p0.02,bootstrap_seed,7' out || { echo "seed not recorded"; exit 1; }
awk -F, '$2 == "total" { t = $3 } $2 ~ /^ci_(bca|percentile)_lo$/ { lo[$2] = $3 }
	$2 ~ /^ci_(bca|percentile)_hi$/ { hi[$2] = $3 }
	END { if (!(lo["ci_bca_lo"] + 0 < t + 0 && t + 0 < hi["ci_bca_hi"] + 0)) exit 1
	      if (!(lo["ci_percentile_lo"] + 0 < t + 0 && t + 0 < hi["ci_percentile_hi"] + 0)) exit 1 }' out ||
	{ echo "interval does not contain the estimate"; exit 1; }
"$KARTLAGG" mse --model stepwise --bootstrap 60 --seed 8 --format csv \
	"$REF/mse/western.csv" >other || exit 1
! cmp -s out other || { echo "seed has no effect"; exit 1; }
