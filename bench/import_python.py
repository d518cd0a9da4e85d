#!/usr/bin/env python3
"""What an analyst would otherwise write: Python's csv module and sqlite3's
executemany, one transaction, every cell stored as text, nothing checked.

    import_python.py export.csv store.db
"""
import csv
import sqlite3
import sys

src, db = sys.argv[1], sys.argv[2]
con = sqlite3.connect(db)
with open(src, newline="", encoding="utf-8-sig") as f:
    rows = csv.reader(f, delimiter=";")
    header = next(rows)
    cols = ", ".join('"%s" TEXT' % h.replace('"', '""') for h in header)
    con.execute("CREATE TABLE t (%s)" % cols)
    marks = ", ".join("?" * len(header))
    with con:
        con.executemany("INSERT INTO t VALUES (%s)" % marks, rows)
con.close()
