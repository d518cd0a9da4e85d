#!/bin/sh
# deliveries-truth.sh FILE... - unique persons (distinct person keys,
# column 4) over the individuals files named.
awk -F';' 'FNR > 1 && $4 != "" { k[$4] = 1 } END { n = 0; for (x in k) n++; print n }' "$@"
