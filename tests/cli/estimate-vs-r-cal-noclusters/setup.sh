"$KARTLAGG" -s "$STORE" -q import --codebook "$DATA/estimate/codebook.csv" "$DATA/estimate/survey.csv"
# post-stratified on grp to the totals of make_expected_more.R
"$KARTLAGG" -s "$STORE" -q calibrate --method poststrat --weight w --margin grp \
	--targets "$DATA/estimate/cal_grp_targets.csv" survey ps
