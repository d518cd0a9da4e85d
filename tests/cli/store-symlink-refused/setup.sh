"$KARTLAGG" -q -s real.db import "$DATA/import/good.csv"
ln -s real.db "$STORE"
