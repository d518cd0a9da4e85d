#!/usr/bin/env python3
"""check-report.py - attack a whole kartlagg report CSV bundle as a reader
of the council appendix could, with the published tables alone.

usage: check-report.py [--threshold N] [--equal-weights yes|no|auto]
                       [--previous PREV-DIR] [--school-kommun MAP.csv]
                       [--summary] [-v] CSV-DIR

CSV-DIR is the csv/ folder of `kartlagg report -f csv` (tabell-NN-*.csv,
manifest.csv, optionally suppression-audit.txt, whose "# threshold N" line
gives the threshold when --threshold is not given; default 5).  The audit's
relations are NOT used: every relation below is derived from the published
tables, identified by their file name slugs and headers.  Both the current
form (decimal comma, "a-b" intervals) and the machine form (decimal point,
<col>_lo/<col>_hi, empty cells) are read.

What the reader is assumed to know (each an exact linear relation or bound
over the non-negative integer counts behind the tables):

 - row and column totals: Samtliga = the sex groups = the school years,
   each sex = its sex x school-year rows, the region row of the kommun
   table = its kommun rows (respondents "Antal svar" and yes counts alike);
   Totalt row and column of the respondents table; with --school-kommun
   (a CSV "school;kommun name" a reader has from the school register) a
   kommun row of the kommun table = its schools' rows of the school table
   ([survey] breakdown), respondents and yes counts alike; the persons total = the
   sex, age and overlap breakdowns.  A partition whose published parts do
   not add up to its published total is taken as "parts <= total";
 - the same figure in several tables: the persons total of every section-4
   table and of the summary table; the region row of the kommun table and
   Samtliga of the share table of the same item, and the summary's share
   of each item; the MSE table (observed =
   estimated total - estimated unseen, +-1 for rounding);
 - valid answers <= respondents (the respondents table); the answers of a
   multiple-response survey item <= the yes count of the "ever" item;
 - multiple response: each category <= the unique total <= the sum of the
   categories; Σ(organisation-type counts) = Σ k·n_k over the persons known
   to k organisations when each type has one organisation (the number of
   organisations from the sources or MSE table equals the number of types
   with persons), <= otherwise; Σ k·n_k <= the rows of the feed (sources);
 - a share from the previous round's share plus the change (each
   rounded), when the share itself is hidden;
 - the series over the rounds (enkat-serie-*): Samtliga's n and share in
   every round, its last round the share table's Samtliga and the one
   before it the share table's previous round, a hidden share from
   another round's share plus the change since it;
 - the previous round's counts: its valid answers per group are the
   "Antal svar" of the previous year's appendix (--previous PREV-DIR, the
   csv/ folder of that report: its share tables, matched by file slug and
   group label; "Antal svar" hidden there stays unknown), its yes count
   per group lies behind the "Föregående (%)" column (and the summary's
   "Föregående omgång" of Samtliga) like this round's behind "Andel (%)",
   with the same sums between groups.  Without --previous the previous
   n are unknown and the previous shares still bound the previous yes
   counts (yes <= n, the sums) but rarely pin them;
 - yes counts from shares, when the weights look equal (every published
   share x published n is within rounding of an integer; forced with
   --equal-weights): yes in [n(s - u/2)/100, n(s + u/2)/100] for a share s
   shown with unit u, linear in n also when n is hidden; yes <= n.

Then every unknown count is bounded by exact rational linear programming
(the simplex of check-suppression.py) with integer rounding of the bounds
repeated to a fixed point.  A hidden count ("..", a hidden share's yes
count) is RECOVERED when its feasible integer range is one non-zero value
or lies inside 1..threshold-1 (a range of exactly 0 names nobody: a zero is
published as the dash anyway); an unpublished breakdown (persons known to exactly
k >= 3 organisations, yes counts of published shares) when its range lies
inside 1..threshold-1.  A published person count in 1..threshold-1 is a
broken rule.  Each is printed on standard output.

Exit status: 0 nothing recovered, 1 something recovered, 2 bad input.
Standard library only; shares no code with kartlagg.
"""

import csv
import importlib.util
import math
import os
import re
import sys
from fractions import Fraction

_here = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "check_suppression", os.path.join(_here, "check-suppression.py"))
cs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cs)


class Infeasible(Exception):
    pass


def _raise(msg):
    raise Infeasible(msg)


cs.fail_input = _raise  # the simplex reports infeasibility through it


def die(msg):
    sys.stderr.write("check-report: %s\n" % msg)
    sys.exit(2)


HIDDEN = "hidden"
SPACES = dict.fromkeys(map(ord, " \u00a0\u202f\u2009"), None)


def parse_num(s):
    """A published cell: HIDDEN, None (text or empty), or (value, unit)
    where unit is the shown precision (None for an exact integer)."""
    s = s.strip().translate(SPACES).replace("\u2212", "-")
    if s == "..":
        return HIDDEN
    s = s.rstrip("*p")
    if s in ("\u2013", "-"):
        return (Fraction(0), None)
    if not re.fullmatch(r"-?\d+([.,]\d+)?", s):
        return None
    s = s.replace(",", ".")
    if "." in s:
        d = len(s.split(".")[1])
        return (Fraction(s), Fraction(1, 10 ** d))
    return (Fraction(int(s)), None)


class Table:
    def __init__(self, path):
        self.file = os.path.basename(path)
        m = re.match(r"tabell-(\d+)-(.*)\.csv$", self.file)
        self.number = int(m.group(1))
        self.slug = m.group(2)
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        if not rows:
            die("%s: empty" % self.file)
        head = rows[0]
        keep = [i for i, h in enumerate(head) if h != "source_imports"]
        self.head = [head[i] for i in keep]
        self.rows = [[r[i] if i < len(r) else "" for i in keep]
                     for r in rows[1:]]
        self.caption = ""

    def col(self, name):
        for i, h in enumerate(self.head):
            if h == name:
                return i
        return None


class Model:
    """Unknown non-negative integer counts and linear relations on them."""

    def __init__(self):
        self.known = {}  # key -> Fraction
        self.unknown = {}  # key -> (kind, description, hidden?)
        self.cons = []  # (coef {key: Fraction}, op '=' | '<=', rhs, soft)
        self.published = {}  # key -> (value, description, kind)

    def cell(self, key, text, kind, desc, hidden_when_dotted=True):
        """A published count cell."""
        v = parse_num(text)
        if v == HIDDEN:
            self.unknown[key] = (kind, desc, hidden_when_dotted)
        elif v is None or v[1] is not None:
            self.unknown.setdefault(key, (kind, desc, False))
        else:
            self.known[key] = v[0]
            self.published[key] = (v[0], desc, kind)
        return key

    def latent(self, key, kind, desc, hidden=False):
        if key not in self.known:
            self.unknown.setdefault(key, (kind, desc, hidden))
        return key

    def value(self, key):
        return self.known.get(key)

    def rel(self, terms, op, rhs=Fraction(0), soft=False):
        """Σ c·x op rhs over terms [(c, key)]; known keys substituted."""
        coef = {}
        rhs = Fraction(rhs)
        for c, k in terms:
            c = Fraction(c)
            if k in self.known:
                rhs -= c * self.known[k]
            else:
                coef[k] = coef.get(k, 0) + c
        coef = {k: c for k, c in coef.items() if c != 0}
        if not coef:
            return
        self.cons.append((coef, op, rhs, soft))

    def partition(self, total, parts, exact=None):
        """total = Σ parts, or Σ parts <= total when the published parts
        show the partition is not exhaustive (or exact is False).
        Returns whether the partition looks exhaustive: False when the
        published parts add up to less than the published total."""
        parts = [p for p in parts if p is not None]
        if total is None or not parts:
            return None
        vals = [self.value(k) for k in [total] + parts]
        if all(v is not None for v in vals):
            return sum(vals[1:]) == vals[0]
        shown = sum(v for v in vals[1:] if v is not None)
        if vals[0] is not None and shown > vals[0]:
            return None  # not a partition of this total
        if exact is False:
            self.rel([(-1, total)] + [(1, p) for p in parts], "<=")
        else:
            self.rel([(1, total)] + [(-1, p) for p in parts], "=",
                     soft=True)
        return exact


def load(d):
    tables = []
    for fn in sorted(os.listdir(d)):
        if re.match(r"tabell-\d+-.*\.csv$", fn):
            tables.append(Table(os.path.join(d, fn)))
    caps = {}
    mp = os.path.join(d, "manifest.csv")
    if os.path.exists(mp):
        with open(mp, encoding="utf-8-sig", newline="") as f:
            for r in csv.DictReader(f):
                caps[r.get("file", "")] = (r.get("caption", ""),
                                           r.get("notes", ""))
    min_yes = None
    for t in tables:
        t.caption, notes = caps.get(t.file, ("", ""))
        mn = re.search(r"med 1\u2013(\d+) ja-svar", notes)
        if mn:
            min_yes = max(min_yes or 0, int(mn.group(1)) + 1)
    threshold = None
    ap = os.path.join(d, "suppression-audit.txt")
    if os.path.exists(ap):
        with open(ap, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"#\s*threshold\s+(\d+)", line)
                if m:
                    threshold = int(m.group(1))
                    break
    return tables, threshold, min_yes


def item_phrase(caption):
    """'Andel elever som X, efter ...' / ', per kommun' -> X."""
    m = re.match(r"Andel elever som (.*?), (efter|per) ", caption)
    return m.group(1) if m else None


def load_previous(d):
    """{slug: {group label: "Antal svar" text}} of the share tables of the
    previous year's appendix in csv/ folder d."""
    prev = {}
    for fn in sorted(os.listdir(d)):
        if not re.match(r"tabell-\d+-.*\.csv$", fn):
            continue
        t = Table(os.path.join(d, fn))
        i = t.col("Antal svar")
        if not t.head or t.head[0] != "Grupp" or i is None:
            continue
        prev[t.slug] = {r[0]: r[i] for r in t.rows}
    return prev


def build(tables, equal_weights, previous=None, schools=None):
    m = Model()
    kommun_rows = {}  # item phrase -> {kommun label: (n key, yes key)}
    school_rows = {}  # item phrase -> {school label: (n key, yes key)}
    shares = []  # (yes key, n key, share value, unit)
    share_tables = {}  # item phrase -> {label: (n key, yes key)}
    first_share = None
    resp = None  # respondents table: {(row, col): key}
    ever_total = None  # yes key of Samtliga of the "ever" item
    multi = []  # n keys of multiple-response survey items
    summary_shares = []  # (label, share, previous share) of the summary
    prev_tables = {}  # item phrase -> {label: (previous n, previous yes)}
    ind_total = "ind/total"
    ind_keyed = "ind/med_nyckel"
    n_orgs = None
    feed_rows = None
    types = []
    overlap = []  # (k, open?, key)
    mse = {}

    def share_rows(t):
        """share_row for every row of a breakdown table t, the cells keyed
        by the row's number; returns [(label, n key, yes key)] a row."""
        idx_s, idx_n = t.col("Andel (%)"), t.col("Antal svar")
        keys = []
        for ri, r in enumerate(t.rows):
            nk = "%s/%d/n" % (t.file, ri)
            yk = "%s/%d/ja" % (t.file, ri)
            share_row(t, r, r[0], nk, yk, idx_s, idx_n)
            keys.append((r[0], nk, yk))
        return keys

    def last_row_is_total(t, keys):
        """The rows of a breakdown (keys from share_rows) but the last sum
        to the last, the region, which is the share table's Samtliga."""
        if not keys:
            return
        lab, nk, yk = keys[-1]
        ex = m.partition(nk, [k[1] for k in keys[:-1]])
        m.partition(yk, [k[2] for k in keys[:-1]], ex)
        g = share_tables.get(item_phrase(t.caption)) or first_share
        if g and "Samtliga" in g:
            m.rel([(1, nk), (-1, g["Samtliga"][0])], "=")
            m.rel([(1, yk), (-1, g["Samtliga"][1])], "=")

    def share_row(t, r, label, nkey, ykey, idx_s, idx_n):
        kind = "survey-n"
        m.cell(nkey, r[idx_n] if idx_n is not None else "", kind,
               "%s %s: Antal svar" % (t.file, label))
        v = parse_num(r[idx_s]) if idx_s is not None else None
        hid = v == HIDDEN
        m.latent(ykey, "survey-yes", "%s %s: antal ja (andel %s)"
                 % (t.file, label, "dold" if hid else "visad"), hidden=hid)
        m.rel([(1, ykey), (-1, nkey)], "<=")
        if isinstance(v, tuple):
            if v[1] is None:  # exact zero (or an integer share)
                if v[0] == 0:
                    m.rel([(1, ykey)], "=", 0)
                else:
                    shares.append((ykey, nkey, v[0], Fraction(1)))
            else:
                shares.append((ykey, nkey, v[0], v[1]))

    for t in tables:
        s = t.slug
        if s == "enkat-svarande":
            resp = {}
            tot_col = t.col("Totalt")
            sexcols = [i for i in range(1, len(t.head)) if i != tot_col]
            rowkeys = []
            for r in t.rows:
                lab = r[0]
                ks = {}
                for i in range(1, len(t.head)):
                    k = m.cell("%s/%s/%s" % (t.file, lab, t.head[i]), r[i],
                               "survey-respondents",
                               "%s %s: %s" % (t.file, lab, t.head[i]))
                    ks[i] = k
                    resp[(lab, t.head[i])] = k
                rowkeys.append((lab, ks))
                if tot_col is not None:
                    m.partition(ks[tot_col], [ks[i] for i in sexcols])
            body = [ks for lab, ks in rowkeys if lab != "Totalt"]
            totrow = [ks for lab, ks in rowkeys if lab == "Totalt"]
            if totrow:
                for i in range(1, len(t.head)):
                    m.partition(totrow[0][i], [ks[i] for ks in body])
        elif s.startswith("enkat-") and t.head and t.head[0] == "Grupp" \
                and t.col("Andel (%)") is not None:
            idx_s, idx_n = t.col("Andel (%)"), t.col("Antal svar")
            groups = {}
            for r in t.rows:
                lab = r[0]
                nk = "%s/%s/n" % (t.file, lab)
                yk = "%s/%s/ja" % (t.file, lab)
                share_row(t, r, lab, nk, yk, idx_s, idx_n)
                groups[lab] = (nk, yk)
            # this round's share = the previous round's + the change
            # (procentenheter), each rounded: a hidden share shown that
            # way is a share all the same
            ip = t.col("Föregående (%)")
            ic = t.col("Förändring (procentenheter)")
            if ip is not None and ic is not None and idx_s is not None:
                for r in t.rows:
                    vs, vp, vc = (parse_num(r[idx_s]), parse_num(r[ip]),
                                  parse_num(r[ic].split(" (")[0]))
                    if vs == HIDDEN and isinstance(vp, tuple) and \
                            isinstance(vc, tuple):
                        up, uc = vp[1] or Fraction(0), vc[1] or Fraction(0)
                        nk, yk = groups[r[0]]
                        shares.append((yk, nk, vp[0] + vc[0], up + uc))
            # the previous round: its n from the previous appendix, its
            # yes counts behind the previous shares, the same sums
            pgroups = {}
            pmissing = []
            if ip is not None:
                pn = (previous or {}).get(s, {})
                pmissing = [L for L in pn if L not in groups]
                for r in t.rows:
                    lab = r[0]
                    nk = "%s/%s/föregående/n" % (t.file, lab)
                    yk = "%s/%s/föregående/ja" % (t.file, lab)
                    m.cell(nk, pn.get(lab, ""), "survey-n",
                           "%s %s: Antal svar föregående omgång"
                           % (t.file, lab))
                    v = parse_num(r[ip])
                    m.latent(yk, "survey-yes",
                             "%s %s: antal ja föregående omgång (andel %s)"
                             % (t.file, lab,
                                "dold" if v == HIDDEN else "visad"),
                             hidden=v == HIDDEN)
                    m.rel([(1, yk), (-1, nk)], "<=")
                    if isinstance(v, tuple):
                        if v[1] is None and v[0] == 0:
                            m.rel([(1, yk)], "=", 0)
                        else:
                            shares.append((yk, nk, v[0], v[1] or
                                           Fraction(1)))
                    pgroups[lab] = (nk, yk)
                prev_tables[item_phrase(t.caption)] = pgroups
            phrase = item_phrase(t.caption)
            share_tables[phrase] = groups
            if first_share is None:
                first_share = groups
            if phrase and "någon gång fått" in phrase and ever_total is None \
                    and "Samtliga" in groups:
                ever_total = groups["Samtliga"][1]
            combos = [g for g in groups if ", " in g]
            sexes = []
            years = []
            for g in combos:
                a, b = g.split(", ", 1)
                if a in groups and a not in sexes:
                    sexes.append(a)
                if b in groups and b not in years:
                    years.append(b)
            singles = [g for g in groups if g != "Samtliga" and ", " not in g]
            if not combos and "Samtliga" in groups:
                # no cross rows: split the single rows where the
                # published n of both halves add up to Samtliga
                tot = m.value(groups["Samtliga"][0])
                for cut in range(1, len(singles)):
                    a = [m.value(groups[g][0]) for g in singles[:cut]]
                    b = [m.value(groups[g][0]) for g in singles[cut:]]
                    if None not in a and None not in b and \
                            sum(a) == tot and sum(b) == tot:
                        sexes, years = singles[:cut], singles[cut:]
                        break
                else:
                    # one breakdown only (sex or school year)
                    sh = [m.value(groups[g][0]) for g in singles]
                    if tot is None or sum(v for v in sh
                                          if v is not None) <= tot:
                        sexes = singles
            def both(tot, parts):
                ex = m.partition(groups[tot][0], [groups[g][0] for g in parts])
                m.partition(groups[tot][1], [groups[g][1] for g in parts], ex)
                if pgroups:
                    # a group of the previous round that this table
                    # lacks may be a part: then only "parts <= total"
                    part = [L for L in pmissing
                            if (tot == "Samtliga" and ", " not in L) or
                            L.startswith(tot + ", ") or
                            L.endswith(", " + tot)]
                    ex = m.partition(pgroups[tot][0],
                                     [pgroups[g][0] for g in parts],
                                     False if part else None)
                    m.partition(pgroups[tot][1],
                                [pgroups[g][1] for g in parts], ex)

            if "Samtliga" in groups:
                both("Samtliga", sexes)
                both("Samtliga", years)
            for a in sexes:
                both(a, ["%s, %s" % (a, b) for b in years
                         if "%s, %s" % (a, b) in groups])
            for b in years:
                both(b, ["%s, %s" % (a, b) for a in sexes
                         if "%s, %s" % (a, b) in groups])
            if resp is not None:
                for g, (nk, _) in groups.items():
                    col = "Totalt" if g == "Samtliga" else g
                    if ("Totalt", col) in resp:
                        m.rel([(1, nk), (-1, resp[("Totalt", col)])], "<=")
        elif s.startswith("enkat-serie-") and t.head and \
                t.head[0] == "Omgång" and t.col("Andel (%)") is not None:
            # the series over the rounds: the region's Samtliga in every
            # round; its last round is the share table's Samtliga, the one
            # before it that table's previous round (the same counts),
            # each earlier round a pair of counts of its own
            mp = re.match(r"Andel elever som (.*?), ", t.caption)
            phrase = mp.group(1) if mp else None
            cur_g = share_tables.get(phrase, {}).get("Samtliga")
            prev_g = prev_tables.get(phrase, {}).get("Samtliga")
            idx_s, idx_n = t.col("Andel (%)"), t.col("Antal svar")
            last = len(t.rows) - 1
            keys = []
            for k, r in enumerate(t.rows):
                if k == last and cur_g:
                    nk, yk = cur_g
                elif k == last - 1 and prev_g:
                    nk, yk = prev_g
                else:
                    nk = "%s/%s/n" % (t.file, r[0])
                    yk = "%s/%s/ja" % (t.file, r[0])
                share_row(t, r, r[0], nk, yk, idx_s, idx_n)
                keys.append((nk, yk))
                # a share the share table hides (its previous round's,
                # next to a hidden current share) but the series shows
                # is published: its yes count is no hidden cell
                if isinstance(parse_num(r[idx_s]), tuple) and \
                        yk in m.unknown:
                    kind, desc, _ = m.unknown[yk]
                    m.unknown[yk] = (kind, desc + ", visad i serien", False)
            # a hidden share = another round's share + the change
            # (procentenheter), each rounded
            chg = [(i, h) for i, h in enumerate(t.head)
                   if h.startswith("Förändring sedan ") and
                   h.endswith("(procentenheter)")]
            for k, r in enumerate(t.rows):
                if k == 0 or parse_num(r[idx_s]) != HIDDEN:
                    continue
                for i, h in chg:
                    base = k - 1 if "föregående" in h else 0
                    vb = parse_num(t.rows[base][idx_s])
                    vc = parse_num(r[i].split(" (")[0])
                    if isinstance(vb, tuple) and isinstance(vc, tuple):
                        shares.append((keys[k][1], keys[k][0], vb[0] + vc[0],
                                       (vb[1] or Fraction(0)) +
                                       (vc[1] or Fraction(0))))
        elif s == "enkat-kommun":
            keys = share_rows(t)
            kommun_rows[item_phrase(t.caption)] = {
                k[0]: (k[1], k[2]) for k in keys[:-1]}
            for lab, nk, yk in keys[:-1]:
                if resp is not None and (lab, "Totalt") in resp:
                    m.rel([(1, nk), (-1, resp[(lab, "Totalt")])], "<=")
            last_row_is_total(t, keys)
        elif s.startswith("enkat-") and t.head and t.head[0] != "Kommun" \
                and re.match(r"Andel elever som .*?, per ", t.caption) \
                and t.col("Andel (%)") is not None:
            # [survey] breakdown (per skola): the parts sum to the last
            # row, the region, which is the share table's Samtliga
            keys = share_rows(t)
            school_rows[item_phrase(t.caption)] = {
                k[0]: (k[1], k[2]) for k in keys[:-1]}
            last_row_is_total(t, keys)
        elif s.startswith("enkat-") and t.head and t.head[0] == "Svar" \
                and t.col("Andel (%)") is not None:
            idx_s, idx_n = t.col("Andel (%)"), t.col("Antal svar")
            for r in t.rows:
                lab = r[0]
                nk = "%s/%s/n" % (t.file, lab)
                yk = "%s/%s/ja" % (t.file, lab)
                share_row(t, r, lab, nk, yk, idx_s, idx_n)
                multi.append(nk)
        elif s == "individer-bostad" and t.col("Antal personer") is not None:
            # the region's persons + elsewhere + unknown = the store's
            parts = []
            store = None
            for r in t.rows:
                if r[0].startswith("Totalt"):
                    store = m.cell("ind/lagret", r[1], "persons",
                                   "personer i lagret: totalt")
                elif r[0].startswith("Bor i ") and "annan" not in r[0]:
                    parts.append(m.cell(ind_total, r[1], "persons",
                                        "personer kända av verksamheter: "
                                        "totalt"))
                else:
                    parts.append(m.cell("%s/%s" % (t.file, r[0]), r[1],
                                        "persons", "%s %s" % (t.file, r[0])))
            m.partition(store, parts)
        elif s == "individer-nyckel" and t.col("Antal personer") is not None:
            # strong + weak = keyed; keyed + none = the total
            ks = {}
            for r in t.rows:
                if r[0].startswith("Totalt"):
                    ks["total"] = m.cell(ind_total, r[1], "persons",
                                         "personer kända av verksamheter: "
                                         "totalt")
                elif r[0].startswith("Med nyckel"):
                    ks["keyed"] = m.cell(ind_keyed, r[1], "persons",
                                         "personer med nyckel")
                else:
                    ks[r[0][:5]] = m.cell("%s/%s" % (t.file, r[0]), r[1],
                                          "persons",
                                          "%s %s" % (t.file, r[0]))
            if "keyed" in ks:
                m.partition(ks["keyed"], [ks.get("Stark"), ks.get("Enbar")])
                m.partition(ks.get("total"), [ks["keyed"], ks.get("Ingen")])
            else:
                m.partition(ks.get("total"), [ks.get("Stark"), ks.get("Enbar"),
                                              ks.get("Ingen")])
        elif s.startswith("individer-") and t.col("Antal personer") is not None:
            dim = s[len("individer-"):]
            parts = []
            for r in t.rows:
                lab = r[0]
                if lab.startswith("Totalt"):
                    m.cell(ind_total, r[1], "persons",
                           "personer kända av verksamheter: totalt")
                    continue
                mk = re.match(r"Känd av (\d+)( eller fler)?", lab)
                k = m.cell("%s/%s" % (t.file, lab), r[1],
                           "overlap" if mk else
                           "multi" if dim in ("verksamhet", "exploatering",
                                              "arena") else "persons",
                           "%s %s" % (t.file, lab))
                parts.append(k)
                if mk:
                    overlap.append((int(mk.group(1)), bool(mk.group(2)), k))
                if dim == "verksamhet":
                    types.append(k)
            if dim in ("kon", "alder", "overlapp"):
                m.partition(ind_total, parts)
            elif dim in ("verksamhet", "exploatering", "arena"):
                for k in parts:
                    m.rel([(1, k), (-1, ind_total)], "<=")
                m.rel([(1, ind_total)] + [(-1, k) for k in parts], "<=")
        elif s == "individer-mse":
            for r in t.rows:
                v = parse_num(r[1]) if len(r) > 1 else None
                if not isinstance(v, tuple) and not (
                        r[0].startswith("Kända personer med nyckel")):
                    continue
                if r[0].startswith("Antal listor (organisationer)"):
                    n_orgs = int(v[0])
                elif r[0].startswith("Kända personer med nyckel"):
                    mse["keyed"] = m.cell(ind_keyed, r[1], "persons",
                                          "personer med nyckel")
                elif r[0].startswith("Skattat antal som ingen"):
                    mse["unseen"] = v[0]
                elif r[0].startswith("Skattat totalt antal"):
                    mse["total"] = v[0]
        elif s == "kallor":
            io = t.col("Organisation")
            ir = t.col("Rader")
            it = t.col("Typ")
            for r in t.rows:
                if it is None or not r[it].startswith("Individer"):
                    continue
                if io is not None:
                    mo = re.match(r"(\d+) organisationer", r[io])
                    if mo:
                        n_orgs = n_orgs or int(mo.group(1))
                    elif r[io].strip():
                        n_orgs = n_orgs or 1
                if ir is not None:
                    v = parse_num(r[ir])
                    if isinstance(v, tuple):
                        feed_rows = (feed_rows or 0) + v[0]
        elif s == "sammanfattning":
            for r in t.rows:
                if r[0].startswith("Unika personer") and len(r) > 1:
                    m.cell(ind_total, r[1], "persons",
                           "personer kända av verksamheter: totalt")
                elif r[0].startswith("Andel elever som") and len(r) > 1:
                    ipv = t.col("Föregående omgång")
                    summary_shares.append(
                        (r[0], parse_num(r[1]),
                         parse_num(r[ipv]) if ipv is not None else None))

    # the summary repeats Samtliga's share of each item: a share the
    # share table hides but the summary shows is published
    for lab, v, pv in summary_shares:
        for phrase, groups in share_tables.items():
            if not phrase or "Samtliga" not in groups:
                continue
            if ("någon gång" in lab) != ("någon gång" in phrase) or \
                    ("12 månaderna" in lab) != ("12 månaderna" in phrase):
                continue
            if isinstance(v, tuple):
                nk, yk = groups["Samtliga"]
                shares.append((yk, nk, v[0], v[1] or Fraction(0)))
            pg = prev_tables.get(phrase, {})
            if isinstance(pv, tuple) and "Samtliga" in pg:
                nk, yk = pg["Samtliga"]
                shares.append((yk, nk, pv[0], pv[1] or Fraction(0)))
    # survey: answers of a multiple-response item <= the ever yes count
    if ever_total:
        for nk in multi:
            m.rel([(1, nk), (-1, ever_total)], "<=")
    # MSE: observed = N - unseen, give or take rounding
    # (the observed persons are the keyed ones when the report says how
    # many; older reports: the total, as if every person had a key)
    if "unseen" in mse and "total" in mse:
        obs = mse["total"] - mse["unseen"]
        seen = ind_keyed if "keyed" in mse else ind_total
        m.rel([(1, seen)], "<=", obs + 1)
        m.rel([(-1, seen)], "<=", -(obs - 1))
    # overlap: persons known to exactly k organisations
    if overlap:
        present = [k for k in types
                   if m.value(k) is None or m.value(k) > 0]
        kmax = n_orgs or max(len(present), max(k for k, _, _ in overlap))
        nk = {}
        for k, opn, key in overlap:
            if not opn:
                nk[k] = key
            else:
                subs = []
                for j in range(k, kmax + 1):
                    lk = m.latent("ind/kand_av_exakt/%d" % j, "overlap",
                                  "personer kända av exakt %d verksamheter "
                                  "(inom %s)" % (j, key.split("/", 1)[1]))
                    nk[j] = lk
                    subs.append(lk)
                m.rel([(1, key)] + [(-1, x) for x in subs], "=")
        weighted = [(j, x) for j, x in nk.items()]
        if types:
            op = "=" if n_orgs is not None and n_orgs == len(present) \
                else "<="
            # Σ types (op) Σ k n_k
            m.rel([(1, x) for x in types] + [(-j, x) for j, x in weighted],
                  op)
        if feed_rows is not None:
            m.rel([(j, x) for j, x in weighted], "<=", feed_rows)

    # shares: decide whether the weights are equal
    # a kommun's row = its schools' rows (--school-kommun)
    for item, srows in school_rows.items():
        krows = kommun_rows.get(item, {})
        for kname, (knk, kyk) in sorted(krows.items()):
            mine = [srows[sname] for sname, kn in sorted(
                (schools or {}).items()) if kn == kname and sname in srows]
            if mine:
                ex = m.partition(knk, [p[0] for p in mine])
                m.partition(kyk, [p[1] for p in mine], ex)
    usable = []
    for yk, nk, sv, unit in shares:
        n = m.value(nk)
        if n is None:
            continue
        lo = n * (sv - unit / 2) / 100
        hi = n * (sv + unit / 2) / 100
        usable.append((lo, hi))
    if equal_weights == "auto":
        tight = [1 for lo, hi in usable if hi - lo < Fraction(1, 2)]
        ok = all(math.floor(hi) >= math.ceil(lo) for lo, hi in usable)
        eq = ok and len(tight) >= 3
    else:
        eq = equal_weights == "yes"
    if eq:
        for yk, nk, sv, unit in shares:
            # 100 yes >= (s - u/2) n  and  100 yes <= (s + u/2) n
            m.rel([(-100, yk), (sv - unit / 2, nk)], "<=")
            m.rel([(100, yk), (-(sv + unit / 2), nk)], "<=")
    return m, eq


def lp_ranges(vs, es, threshold):
    """Integer ranges {key: (lo, hi)} (None = unbounded above) of the
    variables of one component; bounds are rounded to integers and fed
    back until nothing moves."""
    idx = {k: i for i, k in enumerate(vs)}
    n = len(vs)
    bounds = {}  # key -> (lo, hi)
    for _round in range(6):
        rows = list(es)
        for k, (lo, hi) in bounds.items():
            if lo > 0:
                rows.append(({k: Fraction(-1)}, "<=", Fraction(-lo), False))
            if hi is not None:
                rows.append(({k: Fraction(1)}, "<=", Fraction(hi), False))
        nle = sum(1 for r in rows if r[1] == "<=")
        A, b = [], []
        s = 0
        for coef, op, rhs, _ in rows:
            row = [Fraction(0)] * (n + nle)
            for k, c in coef.items():
                row[idx[k]] = c
            if op == "<=":
                row[n + s] = Fraction(1)
                s += 1
            A.append(row)
            b.append(rhs)
        lp = cs.Simplex(A, b)
        pt = lp.point()
        seen_lo = pt[:n]
        seen_hi = pt[:n]
        new = {}
        for k in vs:
            j = idx[k]
            lo_s, hi_s = seen_lo[j], seen_hi[j]
            if math.ceil(lo_s) < math.floor(hi_s) and \
                    (lo_s < 1 or hi_s > threshold - 1):
                new[k] = None  # plainly not recoverable
                continue
            x = lp.optimum(j, -1)
            if x is None:
                hi = None
            else:
                hi = math.floor(x[j])
                for t in range(n):
                    seen_lo[t] = min(seen_lo[t], x[t])
                    seen_hi[t] = max(seen_hi[t], x[t])
            x = lp.optimum(j, 1)
            lo = math.ceil(x[j])
            for t in range(n):
                seen_lo[t] = min(seen_lo[t], x[t])
                seen_hi[t] = max(seen_hi[t], x[t])
            if hi is not None and hi < lo:
                raise Infeasible("no integer value for %s" % k)
            new[k] = (lo, hi)
        moved = False
        for k, r in new.items():
            if r is None:
                continue
            if bounds.get(k) != r:
                moved = True
                bounds[k] = r
        if not moved:
            break
    return {k: (bounds.get(k) if new.get(k) is not None else None)
            for k in vs}


def main(argv):
    threshold = None
    eqw = "auto"
    verbose = False
    summary = False
    path = None
    previous = None
    schools = None
    i = 1
    while i < len(argv):
        a = argv[i]
        if a == "--threshold" and i + 1 < len(argv):
            threshold = int(argv[i + 1])
            i += 2
            continue
        if a == "--equal-weights" and i + 1 < len(argv):
            eqw = argv[i + 1]
            if eqw not in ("yes", "no", "auto"):
                die("--equal-weights takes yes, no or auto")
            i += 2
            continue
        if a == "--previous" and i + 1 < len(argv):
            previous = argv[i + 1]
            if not os.path.isdir(previous):
                die("--previous: expected the previous report's csv/ "
                    "folder")
            i += 2
            continue
        if a == "--school-kommun" and i + 1 < len(argv):
            schools = {}
            with open(argv[i + 1], encoding="utf-8") as f:
                for r in csv.reader(f, delimiter=";"):
                    if len(r) >= 2:
                        schools[r[0]] = r[1]
            i += 2
            continue
        if a == "-v":
            verbose = True
        elif a == "--summary":
            summary = True
        elif a.startswith("-"):
            sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
            return 2
        else:
            path = a
        i += 1
    if not path or not os.path.isdir(path):
        die("expected the report's csv/ folder")
    tables, th, min_yes = load(path)
    if not tables:
        die("%s: no tabell-NN-*.csv" % path)
    threshold = threshold or th or 5
    # the yes counts behind shares are held to the survey's own rule
    # (min-numerator), read from the share tables' notes
    th_yes = min_yes or threshold
    m, eq = build(tables, eqw,
                  load_previous(previous) if previous else None, schools)

    bad = []
    kinds = {}
    for key, (v, desc, kind) in sorted(m.published.items()):
        if kind in ("persons", "overlap", "multi") and 1 <= v < threshold:
            bad.append(("rule", kind, "rule broken: %s: published count %s "
                        "below the threshold %d" % (desc, v, threshold)))
    keys = sorted(m.unknown)
    comps = cs.components(keys, m.cons)
    for vs, es in comps:
        if not es:
            continue
        try:
            rng = lp_ranges(vs, es, max(threshold, th_yes))
        except Infeasible:
            # an assumed partition does not hold: keep only the hard
            # relations and the assumed ones as "parts <= total"
            es2 = []
            for coef, op, rhs, soft in es:
                if soft:
                    es2.append(({k: -c for k, c in coef.items()}, "<=",
                                -rhs, False))
                else:
                    es2.append((coef, op, rhs, soft))
            try:
                rng = lp_ranges(vs, es2, max(threshold, th_yes))
            except Infeasible as e:
                die("the published figures contradict each other (%s)"
                    % e)
        for k in vs:
            r = rng.get(k)
            kind, desc, hidden = m.unknown[k]
            if r is None:
                continue
            lo, hi = r
            t = th_yes if kind == "survey-yes" else threshold
            if hidden and hi == lo == 0:
                # a zero names nobody (DOMAIN.md §8 prints it as the
                # dash); a share hidden for too few answers may give
                # back "no yes answers" without disclosing anyone
                if verbose:
                    print("zero %s: [0, 0]" % desc)
            elif hidden and hi == lo:
                bad.append(("recovered", kind, "recovered: %s = %d"
                            % (desc, lo)))
            elif hi is not None and 1 <= lo and hi <= t - 1:
                bad.append(("recovered", kind, "recovered: %s in [%d, %d]"
                            % (desc, lo, hi)))
            elif verbose:
                print("ok %s: [%d, %s]" % (desc, lo,
                                          "inf" if hi is None else hi))
    for _, kind, line in bad:
        print(line)
        kinds[kind] = kinds.get(kind, 0) + 1
    if summary or verbose:
        sys.stderr.write(
            "check-report: %d tables, %d unknown counts, %d relations, "
            "equal weights %s, threshold %d; %s\n"
            % (len(tables), len(keys), len(m.cons), "yes" if eq else "no",
               threshold,
               ", ".join("%s %d" % (k, kinds[k]) for k in sorted(kinds))
               or "nothing recovered"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
