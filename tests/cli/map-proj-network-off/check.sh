# PROJ_NETWORK=ON in the environment changes nothing: kartlagg switches
# PROJ's network access off and needs no grids.
set -e
PROJ_NETWORK=OFF "$KARTLAGG" map --region 19 >again
cmp out again
