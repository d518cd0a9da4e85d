# A län report (Västmanland, with Västerås listed too) whose offences
# come from Brå SOL (kartlagg-report(5), [offences] source = bra-sol).
. "$(dirname "$0")/../lib/bra-report-setup.sh"
cat >rapport.ini <<'INI'
[report]
title = Brå
region = 19, 1980
period = 2024
formats = text

[offences]
period = 2022-2024
source = bra-sol
INI
