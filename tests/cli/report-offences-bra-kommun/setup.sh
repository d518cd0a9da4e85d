# A report of two kommuner of Västmanland (Västerås, Köping) over Brå SOL
# alone: source = auto takes Brå when the store has no police cases.
. "$(dirname "$0")/../lib/bra-report-setup.sh"
cat >rapport.ini <<'INI'
[report]
title = Brå kommuner
region = 1980, 1983
period = 2024
formats = text

[offences]
period = 2022-2024
source = auto
INI
