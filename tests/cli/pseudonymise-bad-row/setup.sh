"$KARTLAGG" -q key new key
