# The large-margin twin of report-mse-margin-small: histories 100:50
# 010:50 001:50 110:80 101:10 011:10 111:6 (env), for which stepwise
# selects Soc:Vagen + Ungdom:Vagen, margins of 16 persons each (and 6
# known by all three, so the overlap table hides nothing).
sh "$(dirname "$0")/../report-mse-margin-small/setup.sh"
