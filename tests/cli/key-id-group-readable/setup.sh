"$KARTLAGG" -q key new k.key
chmod 640 k.key
