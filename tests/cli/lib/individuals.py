# individuals.py - a small individuals feed (schemas/feeds/individuals.def)
# for the CLI cases' setups, one record a call:
#
#   PYTHONPATH="$(dirname "$0")/../lib" python3 - <<'PY'
#   from individuals import Feed
#   f = Feed()
#   f.add("Soc", 1, kon="man", born=1990)        # person 1 known by Soc
#   f.write()                                    # individer.csv
#   PY
#
# A person is a number n; the key is n as 64 hex digits (pseudonymous,
# "stark").  Every record has exploatering sex_mot_ersattning and
# ersattning pengar; the organisation's type comes from ORGS.
ORGS = {
    "Soc": "socialtjanst",
    "Ungdom": "ungdomsmottagning",
    "Vagen": "idburen",
    "Polis": "polis",
}

HEADER = ("organisation;organisationstyp;period;personnyckel;nyckeltyp;kon;"
          "fodelsear;alder;kommunkod;roll;exploatering;arena;ersattning")


class Feed:
    """The records of one feed file, in the order added."""

    def __init__(self):
        self.rows = [HEADER]

    def add(self, org, n, kon="kvinna", born=1990, kommun="1980",
            roll="utsatt", period="2025", arena="gata"):
        """One record of person n (an int) at organisation org."""
        self.rows.append(
            "%s;%s;%s;%064x;stark;%s;%d;;%s;%s;sex_mot_ersattning;%s;pengar"
            % (org, ORGS[org], period, n, kon, born, kommun, roll, arena))

    def write(self, path="individer.csv"):
        """The header and the records, one a line, into path."""
        with open(path, "w") as f:
            f.write("\n".join(self.rows) + "\n")
