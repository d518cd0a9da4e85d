#!/usr/bin/env python3
"""Recompute every table of a kartlagg report from the raw sample files.

    appendix_truth.py --samples DIR --ini REPORT.ini [--domain DOMAIN.md]
                      [--csv DIR] [--dump]

An independent check of the council appendix: Python 3 standard library
only, sharing no code (and no schema or code table) with kartlagg.  It
reads the raw exports in data-samples/ (the school survey and its codebook,
the SCB population file, the police extract and the pseudonymised
individuals feed), the report file, and the offence groups published in
DOMAIN.md section 4, and computes every published figure from the formulas
(R survey package for the survey, kartlagg-mse(1) for the MSE,
kartlagg-count(1) for persons and offences).

With --csv it compares every number of the report's CSV bundle
(csv/tabell-*.csv) with its own, at the precision the report prints (a
published 1,8 must be the true value rounded to one decimal), and checks
that every cell the primary disclosure rules hide is printed "..".  Both
CSV forms are read: the current one (decimal comma, "a–b" intervals, "–"
for zero) and the machine form (decimal point, <col>_lo/<col>_hi columns,
0 for zero).  Hidden cells the primary rules do not require are not
judged here (secondary suppression has its own checker,
tests/sdc/check-suppression.py).  It prints one line per discrepancy and
exits 1 when there is any.

Not checked: the BCa bootstrap interval of the MSE (it depends on GSL's
random stream and on how kartlagg draws from it, which kartlagg-mse(1)
does not document to the draw), the caution mark "*" and free text.
"""
import argparse
import configparser
import csv
import hashlib
import math
import os
import re
import statistics
import sys

ND = statistics.NormalDist()

# --------------------------------------------------------------------------
# distributions (from their definitions)


def betacf(a, b, x):
    """Continued fraction of the regularised incomplete beta (modified
    Lentz's method on the standard even/odd terms)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        de = d * c
        h *= de
        if abs(de - 1.0) < 1e-16:
            break
    return h


def ibeta(a, b, x):
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    lbt = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
           + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return math.exp(lbt) * betacf(a, b, x) / a
    return 1.0 - math.exp(lbt) * betacf(b, a, 1 - x) / b


def pt(t, df):
    x = df / (df + t * t)
    tail = 0.5 * ibeta(df / 2.0, 0.5, x)
    return 1 - tail if t > 0 else tail


def qt(p, df):
    """Student t quantile by bisection on pt (to about 1e-14)."""
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -qt(1 - p, df)
    lo, hi = 0.0, 1.0
    while pt(hi, df) < p:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if pt(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-15 * max(1.0, hi):
            break
    return (lo + hi) / 2


def ppois_le(k, lam):
    s, term = 0.0, math.exp(-lam)
    for i in range(0, k + 1):
        if i > 0:
            term *= lam / i
        s += term
    return s


# --------------------------------------------------------------------------
# raw files


def read_csv(path, delim, encoding="utf-8"):
    with open(path, encoding=encoding, newline="") as f:
        return list(csv.reader(f, delimiter=delim))


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def read_population(path):
    """{(code, age, sex, year): n}; age 'tot' or int, sex 'män'/'kvinnor'."""
    rows = read_csv(path, ",", "utf-8-sig")
    years = [int(h.split()[-1]) for h in rows[0][3:]]
    pop, names = {}, {}
    for r in rows[1:]:
        code, name = r[0].split(" ", 1)
        names[code] = name
        age = "tot" if r[1].startswith("totalt") else int(r[1].split()[0])
        for y, v in zip(years, r[3:]):
            if v.strip() not in ("", ".."):
                pop[(code, age, r[2], y)] = int(v)
    return pop, names, years, len(rows) - 1


def region_pop(pop, code, year):
    """The population of a region: its own rows (kartlagg-count(1))."""
    return pop.get((code, "tot", "män", year), 0) + pop.get((code, "tot", "kvinnor", year), 0)


def read_survey(path, codebook):
    cb = read_csv(codebook, ",")
    short = {r[0]: r[1] for r in cb[1:]}
    labels = {"_etikett": {r[1]: r[2] for r in cb[1:]}}
    for r in cb[1:]:
        if r[3] == "kategori":
            labels[r[1]] = dict(kv.split("=", 1) for kv in r[4].split("|"))
    rows = read_csv(path, ";", "utf-8-sig")
    head = [short[h] for h in rows[0]]
    data = []
    for r in rows[1:]:
        d = dict(zip(head, r))
        d["vikt"] = float(d["vikt"].replace(",", "."))
        data.append(d)
    return data, labels, len(cb) - 1


# --------------------------------------------------------------------------
# survey: raking and the calibrated Taylor variance (R survey 4.1.1)

AGE = {"9": 15, "gy2": 17}
SEX = {"1": "män", "2": "kvinnor"}
MARGINS = [("kon", "arskurs"), ("kod", "arskurs")]


def rake(rows, pop, year):
    """Rakes w0 = vikt of one wave to SCB's counts; returns (w, psw)."""
    t = {}
    for r in rows:
        c = (r["kod"], r["arskurs"], r["kon"])
        if c in t:
            continue
        if r["kon"] in SEX and r["arskurs"] in AGE and (r["kod"], AGE[r["arskurs"]], SEX[r["kon"]], year) in pop:
            t[c] = pop[(r["kod"], AGE[r["arskurs"]], SEX[r["kon"]], year)]
        else:
            t[c] = None
    for c in t:
        if t[c] is None:
            t[c] = sum(r["vikt"] for r in rows if (r["kod"], r["arskurs"], r["kon"]) == c)
    targets = []
    for m in MARGINS:
        tm = {}
        for (kod, ak, kon), v in t.items():
            key = tuple({"kod": kod, "arskurs": ak, "kon": kon}[x] for x in m)
            tm[key] = tm.get(key, 0.0) + v
        targets.append(tm)
    w = [r["vikt"] for r in rows]
    sw0 = sum(w)
    cells = [[tuple(r[x] for x in m) for r in rows] for m in MARGINS]
    full = [(r["kod"], r["arskurs"], r["kon"]) for r in rows]

    def crossed(w):
        s = {}
        for c, x in zip(full, w):
            s[c] = s.get(c, 0.0) + x
        return s

    old = crossed(w)
    psw = None
    for _ in range(200):
        psw = []
        for mi in range(len(MARGINS)):
            s = {}
            for c, x in zip(cells[mi], w):
                s[c] = s.get(c, 0.0) + x
            w = [x * targets[mi][c] / s[c] for c, x in zip(cells[mi], w)]
            psw.append(list(w))
        new = crossed(w)
        if max(abs(new[c] - old[c]) for c in new) <= 1e-13 * sw0:
            break
        old = new
    return w, psw, cells


class Wave:
    def __init__(self, rows, pop, year):
        self.rows = rows
        self.w, self.psw, self.cells = rake(rows, pop, year)
        self.psu = [(r["kod"], r["skola"]) for r in rows]
        self.nh = {}
        for h in set(self.psu):
            self.nh[h[0]] = self.nh.get(h[0], 0) + 1

    def estimate(self, dom, item):
        """Share of yes (item(row) in 1/0/None) in domain dom(row)."""
        rows, w = self.rows, self.w
        n = len(rows)
        W = sy = 0.0
        nv = ny = 0
        inD = [dom(r) for r in rows]
        ys = [item(r) for r in rows]
        for i in range(n):
            if inD[i] and ys[i] is not None and w[i] > 0:
                W += w[i]
                sy += w[i] * ys[i]
                nv += 1
                ny += ys[i]
        res = {"n": nv, "yes": ny}
        if nv == 0:
            res["p"] = None
            return res
        p = sy / W
        x = [w[i] * (ys[i] - p) / W if inD[i] and ys[i] is not None else 0.0 for i in range(n)]
        for _ in range(10):
            for mi in range(len(MARGINS)):
                ps = self.psw[mi]
                cs, cn = {}, {}
                for c, xi, pi in zip(self.cells[mi], x, ps):
                    cs[c] = cs.get(c, 0.0) + xi / pi
                    cn[c] = cn.get(c, 0) + 1
                x = [xi - pi * cs[c] / cn[c] for c, xi, pi in zip(self.cells[mi], x, ps)]
        tot = {}
        for u, xi in zip(self.psu, x):
            tot[u] = tot.get(u, 0.0) + xi
        byh = {}
        for u, z in tot.items():
            byh.setdefault(u[0], []).append(z)
        V = 0.0
        for h, zs in byh.items():
            nh = self.nh[h]
            if nh < 2:
                raise SystemExit("lonely PSU in stratum " + h)
            zb = sum(zs) / nh
            V += nh / (nh - 1) * sum((z - zb) ** 2 for z in zs)
        se = math.sqrt(V)
        psus = {self.psu[i] for i in range(n) if inD[i] and w[i] > 0}
        df = len(psus) - len({u[0] for u in psus})
        res.update(p=p, se=se, df=df)
        a = 0.05
        if p == 0 or p == 1:
            ns = nv * (qt(a / 2, n - 1) / qt(a / 2, df)) ** 2 if df >= 1 else None
            if ns is None:
                res["ci"] = None
            elif p == 0:
                res["ci"] = (0.0, 1 - (a / 2) ** (1 / ns))
            else:
                res["ci"] = ((a / 2) ** (1 / ns), 1.0)
        elif se < 1e-12 * math.sqrt(p * (1 - p)):
            res["se"] = 0.0
            res["ci"] = (p, p)
        elif df < 1:
            res["ci"] = None
        else:
            t = qt(1 - a / 2, df)
            lg = math.log(p / (1 - p))
            h = t * se / (p * (1 - p))
            res["ci"] = (1 / (1 + math.exp(-(lg - h))), 1 / (1 + math.exp(-(lg + h))))
        return res


def yesno(var):
    def f(r):
        v = r[var]
        return 1 if v == "1" else 0 if v == "2" else None
    return f


def filtered_yesno(var, fvar):
    def f(r):
        if r[fvar] != "1":
            return None
        return yesno(var)(r)
    return f


def multichoice(var, group, fvar):
    def f(r):
        if r[fvar] != "1" or not any(r[g] == "1" for g in group):
            return None
        return 1 if r[var] == "1" else 0
    return f


# --------------------------------------------------------------------------
# expected cells


class Cell:
    """An expected figure.  kind: share (%), count, int, text, interval.
    hide: 'must' (a primary rule hides it), 'may' (a count of persons that
    secondary suppression may hide), None (must be shown)."""

    def __init__(self, value, unit=None, hide=None, note=""):
        self.value, self.unit, self.hide, self.note = value, unit, hide, note


# a share disclosure control may hide for its yes count (see build)
SEC = "may"


def share_ok(est, minresp, minnum):
    return est["p"] is not None and est["n"] >= minresp and not (1 <= est["yes"] < minnum)


def pct(x):
    return None if x is None else 100 * x


# --------------------------------------------------------------------------
# persons (kartlagg-count(1), METHOD, Persons)

SEXMAP = {"kvinna": "kvinna", "flicka": "kvinna", "man": "man", "pojke": "man", "annat": "annat"}
ORGTYPES = [("socialtjanst", "Socialtjänst"), ("halso_sjukvard", "Hälso- och sjukvård"),
            ("ungdomsmottagning", "Ungdomsmottagning"), ("specialistmottagning", "Specialistmottagning"),
            ("idburen", "Idéburen organisation"), ("polis", "Polis"), ("skola", "Skola"), ("annan", "Annan")]
EXPL = [("sex_mot_ersattning", "Sex mot ersättning"), ("sugardejting", "Sugardejting"),
        ("bilder_webcam", "Bilder/webbkamera"), ("koppleri", "Koppleri"),
        ("manniskohandel", "Människohandel för sexuella ändamål")]
ARENA = [("internet_annons", "Internet: annonssajt"), ("internet_social", "Internet: sociala medier, appar"),
         ("webcam", "Webbkamera"), ("gata", "Gata"), ("hotell", "Hotell"), ("bostad", "Bostad/lägenhet"),
         ("massage", "Massagesalong"), ("strippklubb", "Strippklubb"), ("utomlands", "Utomlands"),
         ("annan", "Annan"), ("okand", "Okänd arena")]


def period_months(p):
    """(first, last) month as year*12+m-1 of a feed period."""
    p = p.strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})", p)
    if m:
        return int(m[1]) * 12 + int(m[2]) - 1, int(m[3]) * 12 + int(m[4]) - 1
    m = re.fullmatch(r"(\d{4})-(\d{2})", p)
    if m:
        v = int(m[1]) * 12 + int(m[2]) - 1
        return v, v
    m = re.fullmatch(r"(\d{4})H([12])", p)
    if m:
        v = int(m[1]) * 12 + (int(m[2]) - 1) * 6
        return v, v + 5
    m = re.fullmatch(r"(\d{4})Q([1-4])", p)
    if m:
        v = int(m[1]) * 12 + (int(m[2]) - 1) * 3
        return v, v + 2
    m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", p)
    if m:
        return int(m[1]) * 12, int(m[2] or m[1]) * 12 + 11
    raise SystemExit("unknown period " + p)


def mode(values, order=None):
    cnt = {}
    for v in values:
        cnt[v] = cnt.get(v, 0) + 1
    if not cnt:
        return None
    best = max(cnt.values())
    cands = [v for v in cnt if cnt[v] == best]
    if order:
        return min(cands, key=order.index)
    return min(cands)


# The survey's rounds as the demo imports them (the same rows as
# ungdomsenkat_exempel.csv, which holds all three).
SURVEY_FILES = ["ungdomsenkat_2023.csv", "ungdomsenkat_2025.csv", "ungdomsenkat_2027.csv"]

# The individuals deliveries of the demo in the order it imports them; a
# later file that delivers an (organisation, period) an earlier one did
# replaces that earlier file whole (kartlagg-import(1) --replace: the
# police's corrected re-delivery).
IND_FILES = ["individer_pseudonymiserade.csv", "individer_polisen_2025.csv",
             "individer_polisen_2025_rattad.csv"]


def deliveries(S):
    """The individuals files in effect after every re-delivery."""
    keep = []
    for f in IND_FILES:
        rows = read_csv(os.path.join(S, f), ";", "utf-8-sig")
        pairs = {(dict(zip(rows[0], r))["organisation"], dict(zip(rows[0], r))["period"])
                 for r in rows[1:]}
        keep = [(g, q) for g, q in keep if not (q & pairs)]
        keep.append((f, pairs))
    return [f for f, _ in keep]


def persons(paths, period, role):
    rows = None
    for path in paths:
        r = read_csv(path, ";", "utf-8-sig")
        rows = r if rows is None else rows + r[1:]
    head = rows[0]
    lo, hi = period_months(period)
    ppl = {}
    nrec = 0
    # a person's kommun: the most frequent over all their records in the
    # period, whatever the role (kartlagg-count(1), Region)
    allk = {}
    for i, r in enumerate(rows[1:]):
        d = dict(zip(head, r))
        a, b = period_months(d["period"])
        if a < lo or b > hi:
            continue
        key = d.get("personnyckel", "") or ("row", i)
        allk.setdefault(key, []).append(d.get("kommunkod", ""))
    for i, r in enumerate(rows[1:]):
        d = dict(zip(head, r))
        a, b = period_months(d["period"])
        if a < lo or b > hi:
            continue
        if role != "alla" and d["roll"] != role:
            continue
        nrec += 1
        key = d.get("personnyckel", "") or ("row", i)
        p = ppl.setdefault(key, {"org": set(), "type": set(), "sex": [], "by": [], "age": [],
                                 "kommun": allk[key], "expl": set(), "arena": set(),
                                 "kinds": set()})
        p["org"].add(d["organisation"])
        p["type"].add(d["organisationstyp"])
        if SEXMAP.get(d["kon"]):
            p["sex"].append(SEXMAP[d["kon"]])
        if d.get("fodelsear"):
            p["by"].append(int(d["fodelsear"]))
        if d.get("alder"):
            p["age"].append(int(d["alder"]))
        p["kinds"].add(d.get("nyckeltyp", "") if d.get("personnyckel", "") else "ingen")
        p["expl"].update(x for x in d["exploatering"].split("|") if x)
        p["arena"].update(x for x in d["arena"].split("|") if x)
    refyear = hi // 12
    out = []
    for key, p in ppl.items():
        sex = mode(p["sex"], ["kvinna", "man", "annat"]) or "okant"
        by = mode(p["by"])
        age = refyear - by if by is not None else mode(p["age"])
        grp = ("okand" if age is None else "0-14" if age < 15 else "15-17" if age < 18
               else "18-24" if age < 25 else "25+")
        known = [k for k in p["kommun"] if k]
        out.append({"key": key, "sex": sex, "agegrp": grp, "org": p["org"], "type": p["type"],
                    "kommun": mode(known) if known else "", "nk": len(set(known)),
                    "expl": p["expl"], "arena": p["arena"], "haskey": not isinstance(key, tuple),
                    "weak": p["kinds"] == {"svag"}})
    return out, nrec


# --------------------------------------------------------------------------
# MSE: Poisson log-linear models (kartlagg-mse(1), METHOD)


def solve(A, b):
    n = len(b)
    M = [list(A[i]) + [b[i]] for i in range(n)]
    for c in range(n):
        piv = max(range(c, n), key=lambda i: abs(M[i][c]))
        if abs(M[piv][c]) < 1e-300:
            raise ZeroDivisionError("singular")
        M[c], M[piv] = M[piv], M[c]
        for i in range(n):
            if i != c and M[i][c] != 0:
                f = M[i][c] / M[c][c]
                for j in range(c, n + 1):
                    M[i][j] -= f * M[c][j]
    return [M[i][n] / M[i][i] for i in range(n)]


def glm_poisson(X, y, off):
    """Poisson GLM with log link by IRLS (start mu = y + 0.1)."""
    n, k = len(y), len(X[0]) if X and X[0] else 0
    mu = [yi + 0.1 for yi in y]
    eta = [math.log(m) for m in mu]
    dev_old = None
    beta = [0.0] * k
    for _ in range(200):
        z = [eta[i] - off[i] + (y[i] - mu[i]) / mu[i] for i in range(n)]
        if k:
            A = [[sum(mu[i] * X[i][a] * X[i][b] for i in range(n)) for b in range(k)] for a in range(k)]
            rhs = [sum(mu[i] * X[i][a] * z[i] for i in range(n)) for a in range(k)]
            beta = solve(A, rhs)
        eta = [off[i] + sum(X[i][a] * beta[a] for a in range(k)) for i in range(n)]
        mu = [math.exp(e) for e in eta]
        dev = 2 * sum((y[i] * math.log(y[i] / mu[i]) if y[i] > 0 else 0) - (y[i] - mu[i]) for i in range(n))
        if dev_old is not None and abs(dev - dev_old) < 1e-13 * (abs(dev) + 0.1):
            break
        dev_old = dev
    ll = sum(y[i] * math.log(mu[i]) - mu[i] - math.lgamma(y[i] + 1) for i in range(n))
    return beta, mu, ll


def mse_fit(hist, k, terms, beta0=None):
    """Fits main effects + terms (pairs); beta0 fixed when given.
    Returns (beta0, loglik, fitted cells, mu)."""
    cells = [w for w in hist if not any(all(w[i] for i in t) for t in terms if
                                         sum(hist[v] for v in hist if all(v[i] for i in t)) == 0)]
    live = [t for t in terms if sum(hist[v] for v in hist if all(v[i] for i in t)) > 0]
    X = [[1.0] + [float(w[i]) for i in range(k)] + [float(all(w[i] for i in t)) for t in live] for w in cells]
    y = [hist[w] for w in cells]
    if beta0 is None:
        b, mu, ll = glm_poisson(X, y, [0.0] * len(y))
        return b[0], ll, cells, mu
    b, mu, ll = glm_poisson([r[1:] for r in X], y, [beta0] * len(y))
    return beta0, ll, cells, mu


def mse(persons_, lists, pthresh=0.02):
    k = len(lists)
    hist = {}
    for p in persons_:
        if not p["haskey"]:
            continue
        w = tuple(1 if l in p["org"] else 0 for l in lists)
        hist[w] = hist.get(w, 0) + 1
    allw = [tuple((m >> (k - 1 - i)) & 1 for i in range(k)) for m in range(1, 2 ** k)]
    hist = {w: hist.get(w, 0) for w in allw}
    n = sum(hist.values())
    terms = []
    while True:
        b0, ll, cells, mu = mse_fit(hist, k, terms)
        best = None
        for i in range(k):
            for j in range(i + 1, k):
                if (i, j) in terms:
                    continue
                ns = sum(hist[w] for w in hist if w[i] and w[j])
                lam = sum(m for w, m in zip(cells, mu) if w[i] and w[j])
                p = min(ppois_le(ns, lam), 1 - (ppois_le(ns - 1, lam) if ns > 0 else 0))
                if best is None or p < best[0]:
                    best = (p, (i, j))
        if best is None or best[0] >= pthresh:
            break
        terms.append(best[1])
    b0, ll, cells, mu = mse_fit(hist, k, terms)
    crit = 3.841458820694124

    def g(x):
        return 2 * (ll - mse_fit(hist, k, terms, x)[1]) - crit

    def root(a, b):
        for _ in range(100):
            m = (a + b) / 2
            if (g(m) > 0) == (g(a) > 0):
                a = m
            else:
                b = m
        return (a + b) / 2

    step = 0.5
    lo = b0 - step
    while g(lo) < 0:
        lo -= step
    hi = b0 + step
    while g(hi) < 0:
        hi += step
    return {"n": n, "dark": math.exp(b0), "total": n + math.exp(b0), "terms": terms,
            "profile": (n + math.exp(root(lo, b0)), n + math.exp(root(b0, hi)))}


# --------------------------------------------------------------------------
# offences (DOMAIN.md section 4: Brå brottskoder -> offence groups)

GROUPS = [
    ("kop_sexuell_tjanst", "Köp av sexuell tjänst", ["4024"]),
    ("kop_sexuell_handling_barn", "Köp av sexuell handling av barn", ["0610"]),
    ("koppleri", "Koppleri, grovt koppleri", ["0609"]),
    ("manniskohandel_sexuell", "Människohandel för sexuella ändamål",
     ["0416", "0418", "0419", "9512", "9513", "9514", "9515"]),
    ("manniskohandel_ovrig", "Människohandel för andra ändamål",
     ["0417", "0420", "0421"] + ["%04d" % c for c in range(470, 480)] + [str(c) for c in range(9516, 9552)]),
    ("manniskoexploatering", "Människoexploatering inkl. grovt", ["0493", "0494", "0495", "0496"]),
    ("kontakt_barn", "Kontakt med barn i sexuellt syfte", ["0682"]),
    ("sexuell_posering", "Utnyttjande av barn för sexuell posering inkl. grovt", ["0611", "6153", "6154"]),
    ("barnpornografi", "Barnpornografibrott inkl. grovt", ["1616", "1607", "1608"]),
]


def check_domain(path):
    """Every code of GROUPS (ranges by their ends) must be in section 4."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    sec = text[text.index("## 4."):text.index("## 5.")]
    for _, _, codes in GROUPS:
        for c in codes:
            if c in sec:
                continue
            if any(a <= c <= b for a, b in re.findall(r"(\d{4})[–-](\d{4})", sec)):
                continue
            raise SystemExit("DOMAIN.md section 4 does not name brottskod " + c)


def offences(path):
    rows = read_csv(path, ";", "utf-8-sig")
    head = rows[0]
    code2g = {c: g for g, _, cs in GROUPS for c in cs}
    latest = {}
    for r in rows[1:]:
        d = dict(zip(head, r))
        latest[d["diarienummer"]] = d  # one extract: the last row of each case
    out = []
    for d in latest.values():
        g = code2g.get(d["brottskod"])
        if g is None:
            raise SystemExit("brottskod %s has no group in DOMAIN.md" % d["brottskod"])
        out.append((g, int(d["anmalningsdatum"][:4]), d["kommunkod"], int(d["antal_brott"])))
    months = sorted(d["anmalningsdatum"][:7] for d in latest.values())
    return out, len(rows) - 1, (months[0], months[-1])


# --------------------------------------------------------------------------
# the expected tables


def build(args):
    S = args.samples
    ini = configparser.ConfigParser(interpolation=None, comment_prefixes=("#", ";"),
                                    inline_comment_prefixes=(" ;",))
    with open(args.ini, encoding="utf-8") as f:
        ini.read_file(f)
    rep = ini["report"]
    regions = [c.strip() for c in rep["region"].split(",")]
    year = int(rep["period"][:4])
    disc = ini["disclosure"] if ini.has_section("disclosure") else {}
    thr = int(disc.get("count-threshold", 5))
    margin = int(disc.get("margin-rule", 10))
    minresp = int(disc.get("min-respondents", 30))
    minnum = int(disc.get("min-numerator", 5))

    def in_region(code):
        return any(code == r or (len(r) == 2 and code[:2] == r) for r in regions)

    pop, names, popyears, poprows = read_population(os.path.join(S, "folkmangd_exempel.csv"))
    regname = ", ".join(names[r] for r in regions)
    T = {}
    notes = []

    def count_cell(v, hide_ok=True):
        if 1 <= v < thr:
            return Cell(v, 1, "must")
        return Cell(v, 1, "may" if hide_ok else None)

    def partition(rows, total_label, total):
        """Margin rule on a table whose categories add up to the total."""
        parts = [c for _, c in rows]
        if margin and total < margin and len(parts) >= 2:
            for c in parts:
                if c.value == total and c.value > 0:
                    c.hide = "must"
        rows.append((total_label, count_cell(total)))
        return rows

    # ---- survey
    surveyN = None
    sv = ini["survey"]
    # the survey's rounds, one file each as the demo imports them
    data, srows = [], {}
    for f in SURVEY_FILES:
        d_, labels, cbrows = read_survey(os.path.join(S, f), os.path.join(S, "kodbok_exempel.csv"))
        data += d_
        srows[f] = len(d_)
    cur, prev = int(sv["current"]), int(sv["previous"])
    # every stored round up to the current one: the series (kartlagg-report(5),
    # the series over the rounds), shown when there are 3 or more
    rounds = sorted({int(r["year"]) for r in data if int(r["year"]) <= cur})
    waves = {y: Wave([r for r in data if int(r["year"]) == y], pop, y) for y in set(rounds) | {cur, prev}}
    kname = {}
    for r in data:
        kname[r["kod"]] = r["kommun"]
    inreg = lambda r: in_region(r["kod"])
    sexes = list(labels["kon"].items())
    aks = list(labels["arskurs"].items())
    groups = [("Samtliga", lambda r: True)]
    groups += [(lab, (lambda c: lambda r: r["kon"] == c)(c)) for c, lab in sexes]
    groups += [(lab, (lambda c: lambda r: r["arskurs"] == c)(c)) for c, lab in aks]
    groups += [(ls + ", " + la, (lambda c, d: lambda r: r["kon"] == c and r["arskurs"] == d)(c, d))
               for c, ls in sexes for d, la in aks]
    items = {}
    for key in ("ever", "last-12-months"):
        if key in sv:
            items[key] = sv[key].strip()
    summary = []
    for key, var in items.items():
        tab = []
        for lab, g in groups:
            e = waves[cur].estimate(lambda r: inreg(r) and g(r), yesno(var))
            ep = waves[prev].estimate(lambda r: inreg(r) and g(r), yesno(var))
            ok, okp = share_ok(e, minresp, minnum), share_ok(ep, minresp, minnum)
            # the previous round's share and the change go with the row:
            # hidden when this round's share is (allowed, not required).
            # The yes count behind a share and the valid answers are
            # counts of persons in the one disclosure problem (DOMAIN.md
            # section 8): secondary suppression may hide them, and a
            # share whose yes count it hides (check-report.py judges
            # that the pattern protects, not this script)
            h = SEC if ok else "must"
            hp = "must" if not okp else SEC
            hd = "must" if not okp else SEC
            row = {"Andel": Cell(pct(e["p"]), None, h),
                   "KI": Cell(tuple(map(pct, e["ci"])) if e.get("ci") else None, None, h),
                   "Antal svar": count_cell(e["n"]),
                   "Föregående": Cell(pct(ep["p"]), None, hp)}
            if e["p"] is not None and ep["p"] is not None:
                d = e["p"] - ep["p"]
                sd = math.sqrt(e["se"] ** 2 + ep["se"] ** 2)
                pv = 2 * ND.cdf(-abs(d / sd)) if sd > 0 else None
                row["Förändring"] = Cell(100 * d, None, hd)
                row["p-värde"] = Cell(pv, None, hd)
            tab.append((lab, row))
            if lab == "Samtliga":
                summary.append((var, e, ep, ok, okp))
        T["enkat-" + var] = tab
    # a kommun's report: the kommun beside its län, domains of the same
    # design (the whole wave), when the län has respondents outside it
    if all(len(r) == 4 for r in regions) and len({r[:2] for r in regions}) == 1:
        lan = regions[0][:2]
        inlan = lambda r: r["kod"][:2] == lan
        for key, var in items.items():
            ek = waves[cur].estimate(inreg, yesno(var))
            el = waves[cur].estimate(inlan, yesno(var))
            if sum(1 for r in waves[cur].rows if inlan(r)) <= sum(1 for r in waves[cur].rows if inreg(r)):
                continue
            tab = []
            for lab, e in ((regname, ek), (names[lan], el)):
                h = SEC if share_ok(e, minresp, minnum) else "must"
                tab.append((lab, {"Andel": Cell(pct(e["p"]), None, h),
                                  "KI": Cell(tuple(map(pct, e["ci"])) if e.get("ci") else None, None, h),
                                  "Antal svar": count_cell(e["n"])}))
            T["enkat-jamforelse-" + var] = tab
            notes.append("%s: %s %.6f (n %d), %s %.6f (n %d)" % (var, regname, ek["p"], ek["n"],
                                                                names[lan], el["p"], el["n"]))
    # the series: Samtliga of the region in every round, the change
    # since the first and since the previous round (z test for
    # independent samples, as the share table's change)
    if len(rounds) >= 3:
        for key, var in items.items():
            tab, ests = [], []
            for k, y in enumerate(rounds):
                e = waves[y].estimate(inreg, yesno(var))
                ok = share_ok(e, minresp, minnum)
                h = SEC if ok else "must"
                row = {"Andel": Cell(pct(e["p"]), None, h),
                       "KI": Cell(tuple(map(pct, e["ci"])) if e.get("ci") else None, None, h),
                       # an earlier round's valid answers are known from
                       # its appendix: never hidden here
                       "Antal svar": count_cell(e["n"]) if y == cur else Cell(e["n"], 1)}
                ests.append((e, ok))
                for what, base in (("första", 0), ("föregående", k - 1)):
                    if k == 0:
                        row["Förändring " + what] = Cell(None, "na")
                        row["p-värde " + what] = Cell(None, "na")
                        continue
                    eb, okb = ests[base]
                    hd = SEC if ok and okb else "must"
                    d = e["p"] - eb["p"] if e["p"] is not None and eb["p"] is not None else None
                    sd = math.sqrt(e["se"] ** 2 + eb["se"] ** 2) if d is not None else 0
                    row["Förändring " + what] = Cell(100 * d if d is not None else None, None, hd)
                    row["p-värde " + what] = Cell(2 * ND.cdf(-abs(d / sd)) if sd > 0 else None, None, hd)
                tab.append((str(y), row))
            T["enkat-serie-" + var] = tab
    # per kommun
    if "ever" in items:
        var = items["ever"]
        tab = []
        for kod in sorted({r["kod"] for r in data if inreg(r)}):
            e = waves[cur].estimate(lambda r: r["kod"] == kod, yesno(var))
            h = SEC if share_ok(e, minresp, minnum) else "must"
            tab.append((kname[kod], {"Andel": Cell(pct(e["p"]), None, h),
                                     "KI": Cell(tuple(map(pct, e["ci"])) if e.get("ci") else None, None, h),
                                     "Antal svar": count_cell(e["n"])}))
        e = waves[cur].estimate(inreg, yesno(var))
        h = SEC if share_ok(e, minresp, minnum) else "must"
        tab.append((regname, {"Andel": Cell(pct(e["p"]), None, h),
                              "KI": Cell(tuple(map(pct, e["ci"])) if e.get("ci") else None, None, h),
                              "Antal svar": count_cell(e["n"])}))
        T["enkat-kommun"] = tab
        # estimated numbers: share x N (kommun rows of the current year)
        tab = []
        kods = sorted({r["kod"] for r in data if inreg(r)})
        for lab, c in [("Samtliga", None)] + [(lab, c) for c, lab in sexes]:
            e = waves[cur].estimate(lambda r: inreg(r) and (c is None or r["kon"] == c), yesno(var))
            if c is not None and c not in SEX:
                tab.append((lab, {"Skattat antal": Cell(None), "KI": Cell(None)}))
                continue
            sx = [SEX[c]] if c else list(SEX.values())
            N = sum(pop.get((k, a, s, cur), 0) for k in kods for a in AGE.values() for s in sx)
            if c is None:  # section 6 lists the population behind the count
                surveyN = (N, cur)
            h = SEC if share_ok(e, minresp, minnum) else "must"
            tab.append((lab, {"Skattat antal": Cell(e["p"] * N, 10, h),
                              "KI": Cell((e["ci"][0] * N, e["ci"][1] * N), 10, h)}))
        T["enkat-antal"] = tab
    # per school ([survey] breakdown): a domain of the same design per
    # value of the breakdown variable, then the region
    bd = sv.get("breakdown", "").strip()
    for bvar in (items.values() if bd else ()):
        tab = []
        blab = labels.get(bd, {})
        for v in sorted({r[bd] for r in waves[cur].rows if inreg(r) and r[bd] != ""}):
            eb = waves[cur].estimate(lambda r: inreg(r) and r[bd] == v, yesno(bvar))
            h = SEC if share_ok(eb, minresp, minnum) else "must"
            tab.append((blab.get(v, v), {"Andel": Cell(pct(eb["p"]), None, h),
                                         "KI": Cell(tuple(map(pct, eb["ci"])) if eb.get("ci") else None, None, h),
                                         "Antal svar": count_cell(eb["n"])}))
        eb = waves[cur].estimate(inreg, yesno(bvar))
        h = SEC if share_ok(eb, minresp, minnum) else "must"
        tab.append((regname, {"Andel": Cell(pct(eb["p"]), None, h),
                              "KI": Cell(tuple(map(pct, eb["ci"])) if eb.get("ci") else None, None, h),
                              "Antal svar": count_cell(eb["n"])}))
        T["enkat-%s-%s" % (bd, bvar)] = tab
    for key, tname in (("compensation", "enkat-ersattning"), ("contact", "enkat-kontakt")):
        if key not in sv:
            continue
        vs = [v.strip() for v in sv[key].split(",")]
        ever = items.get("ever", "salt_sex_nagonsin")
        tab = []
        for v in vs:
            if key == "compensation":
                f = multichoice(v, vs, ever)
            else:
                f = filtered_yesno(v, ever)
            e = waves[cur].estimate(inreg, f)
            h = SEC if share_ok(e, minresp, minnum) else "must"
            tab.append((labels["_etikett"][v], {"Andel": Cell(pct(e["p"]), None, h),
                            "KI": Cell(tuple(map(pct, e["ci"])) if e.get("ci") else None, None, h),
                            "Antal svar": count_cell(e["n"])}))
        T[tname] = tab
    # respondents by kommun x kön (current round)
    rows = waves[cur].rows
    tab = []
    cols = [lab for _, lab in sexes]
    grid = {}
    for kod in sorted({r["kod"] for r in rows if inreg(r)}):
        cnt = {lab: sum(1 for r in rows if r["kod"] == kod and r["kon"] == c) for c, lab in sexes}
        grid[kname[kod]] = cnt
    colsum = {lab: sum(g[lab] for g in grid.values()) for lab in cols}
    allrows = list(grid.items()) + [("Totalt", colsum)]
    for lab, cnt in allrows:
        tot = sum(cnt.values())
        row = {c: count_cell(cnt[c]) for c in cols}
        row["Totalt"] = count_cell(tot)
        tab.append((lab, row))
    if margin:  # margin rule along rows and columns
        for lab, row in tab:
            parts = [row[c] for c in cols]
            if row["Totalt"].value < margin:
                for c in parts:
                    if c.value == row["Totalt"].value and c.value > 0:
                        c.hide = "must"
        for c in cols + ["Totalt"]:
            col = [row[c] for lab, row in tab]
            if len(col) > 2 and col[-1].value < margin:
                for x in col[:-1]:
                    if x.value == col[-1].value and x.value > 0:
                        x.hide = "must"
    T["enkat-svarande"] = tab

    # ---- persons
    ind = ini["individuals"] if ini.has_section("individuals") else {}
    ind_files = deliveries(S)
    ppl, nrec = persons([os.path.join(S, f) for f in ind_files],
                        ind.get("period", rep["period"]), ind.get("role", "alla"))
    conflicts = sum(1 for p in ppl if p["nk"] > 1)
    if conflicts:
        notes.append("%d persons have records with different kommuner (the most frequent is used)" % conflicts)
    here = [p for p in ppl if p["kommun"] and in_region(p["kommun"])]
    other = [p for p in ppl if p["kommun"] and not in_region(p["kommun"])]
    unknown = [p for p in ppl if not p["kommun"]]
    notes.append("persons: %d in the period, %d living in %s, %d elsewhere, %d kommun unknown"
                 % (len(ppl), len(here), regname, len(other), len(unknown)))
    tot_label = "Totalt (unika personer)"
    n = len(here)
    # residence and key kind are not protected attributes: no margin rule
    # (kartlagg-report(5), Identities between tables)
    T["individer-bostad"] = [
        ("Bor i %s" % regname, count_cell(n)),
        ("Bor i annan kommun/annat län", count_cell(len(other))),
        ("Kommun okänd", count_cell(len(unknown))),
        ("Totalt i lagret (unika personer)", count_cell(len(ppl)))]
    # by key: strong, weak only, keyed (the two), none
    nweak = sum(1 for p in here if p["haskey"] and p["weak"])
    nkeyed = sum(1 for p in here if p["haskey"])
    kc = [count_cell(nkeyed - nweak), count_cell(nweak), count_cell(nkeyed),
          count_cell(n - nkeyed)]
    T["individer-nyckel"] = list(zip(
        ["Stark nyckel (personnummer)", "Enbart svag nyckel (kön, födelseår, initialer)",
         "Med nyckel (stark eller svag)", "Ingen nyckel"], kc)) + [(tot_label, count_cell(n))]

    def cat_rows(pairs, get):
        return [(lab, count_cell(sum(1 for p in here if get(p, code)))) for code, lab in pairs]

    T["individer-kon"] = partition(cat_rows([("kvinna", "Kvinna/flicka"), ("man", "Man/pojke"),
                                             ("annat", "Annat"), ("okant", "Uppgift saknas")],
                                            lambda p, c: p["sex"] == c), tot_label, n)
    T["individer-alder"] = partition(cat_rows([("0-14", "Under 15 år"), ("15-17", "15–17 år"),
                                               ("18-24", "18–24 år"), ("25+", "25 år och äldre"),
                                               ("okand", "Uppgift saknas")],
                                              lambda p, c: p["agegrp"] == c), tot_label, n)
    T["individer-verksamhet"] = cat_rows(ORGTYPES, lambda p, c: c in p["type"]) + [(tot_label, count_cell(n))]
    T["individer-overlapp"] = partition(
        [("Känd av 1 verksamhet", count_cell(sum(1 for p in here if len(p["org"]) == 1))),
         ("Känd av 2 verksamheter", count_cell(sum(1 for p in here if len(p["org"]) == 2))),
         ("Känd av 3 eller fler", count_cell(sum(1 for p in here if len(p["org"]) >= 3)))], tot_label, n)
    T["individer-exploatering"] = (cat_rows(EXPL, lambda p, c: c in p["expl"])
                                   + [("Uppgift saknas", count_cell(sum(1 for p in here if not p["expl"])))]
                                   + [(tot_label, count_cell(n))])
    T["individer-arena"] = (cat_rows(ARENA, lambda p, c: c in p["arena"])
                            + [("Uppgift saknas", count_cell(sum(1 for p in here if not p["arena"])))]
                            + [(tot_label, count_cell(n))])
    for t in T:
        if t.startswith("individer-"):
            T[t] = [(lab, {"Antal personer": c}) for lab, c in T[t]]
    ms = ini["mse"] if ini.has_section("mse") else {}
    lists = sorted({o for p in here for o in p["org"]}) if ms.get("lists", "organisation") == "organisation" \
        else sorted({o for p in here for o in p["type"]})
    if ms.get("lists", "organisation") != "organisation":
        for p in here:
            p["org"] = p["type"]
    rule = ms.get("rule", "stepwise")
    M = None
    if rule in ("stepwise", "independence"):
        M = mse(here, lists, 0.02 if rule == "stepwise" else -1)
        boot = int(ms.get("bootstrap", 0))
        T["individer-mse"] = [
            ("Antal listor (organisationer)", {"Värde": Cell(len(lists), 1)}),
            ("Kända personer med nyckel", {"Värde": count_cell(nkeyed)}),
            ("Skattat antal som ingen lista känner", {"Värde": Cell(M["dark"], 1)}),
            ("Skattat totalt antal", {"Värde": Cell(M["total"], 1)}),
            ("95 % KI (profillikelihood)", {"Värde": Cell(M["profile"], 1)}),
            ("Modell", {"Värde": Cell("oberoende listor" if not M["terms"] else None, "skip")}),
        ]
        if boot:
            T["individer-mse"].append(("95 %% KI (BCa-bootstrap, %d replikat, frö %s)"
                                       % (boot, ms.get("seed", "20250101")), {"Värde": Cell(None, "skip")}))
        notes.append("MSE over %d lists %s: n %d, terms %s, total %.4f, profile %.4f-%.4f; BCa (%d replicates) not checked"
                     % (len(lists), lists, M["n"], M["terms"], M["total"], M["profile"][0], M["profile"][1], boot))
    else:
        notes.append("MSE rule %s not implemented here: table not checked" % rule)

    # ---- offences
    off, polrows, polmonths = offences(os.path.join(S, "polis_exempel.csv"))
    of = ini["offences"] if ini.has_section("offences") else {}
    per = of.get("period", "%d-%d" % (year - 4, year))
    y0, y1 = (int(x) for x in (per.split("-") if "-" in per else (per, per)))
    yrs = list(range(y0, y1 + 1))
    tab = []
    for g, lab, _ in GROUPS:
        tab.append((lab, {str(y): Cell(sum(c for gg, yy, k, c in off if gg == g and yy == y and in_region(k)), 1)
                          for y in yrs}))
    tab.append(("Samtliga grupper", {str(y): Cell(sum(c for gg, yy, k, c in off if yy == y and in_region(k)), 1)
                                     for y in yrs}))
    T["brott-ar"] = tab
    # the change since the first and the previous year of the series
    if len(yrs) >= 2:
        tab = []
        ya, yp, yb = yrs[0], yrs[-2], yrs[-1]
        for lab, row in T["brott-ar"]:
            v = {y: row[str(y)].value for y in (ya, yp, yb)}
            e = {}
            for base in (ya, yp):
                e["Sedan %d" % base] = Cell(v[yb] - v[base], 1)
                e["Sedan %d (%%)" % base] = Cell(
                    100.0 * (v[yb] - v[base]) / v[base] if v[base] else None, None)
            tab.append((lab, e))
        T["brott-forandring"] = tab
    covered = {k for _, _, k, _ in off}
    tab = []
    region_kommuner = sorted(k for k in names if len(k) == 4 and in_region(k))
    for k in region_kommuner:
        cnt = sum(c for _, yy, kk, c in off if yy == year and kk == k)
        P = region_pop(pop, k, year)
        tab.append((names[k], {"Antal brott": Cell(cnt, 1), "Folkmängd": Cell(P, 1),
                               "Per 100 000 invånare": Cell(1e5 * cnt / P if P else None, 0.1)}))
    offyear = {}
    for r in regions:
        cnt = sum(c for _, yy, kk, c in off if yy == year and in_region(kk) and (kk == r or kk[:2] == r))
        if len(r) == 4:
            P = region_pop(pop, r, year)
        else:
            kom = [k for k in names if len(k) == 4 and k[:2] == r]
            if all(k in covered for k in kom):
                P = region_pop(pop, r, year)
            else:
                P = sum(region_pop(pop, k, year) for k in kom if k in covered)
                notes.append("the police extract covers %d of the %d kommuner of %s: rate over the covered kommuner"
                             % (len([k for k in kom if k in covered]), len(kom), r))
        offyear[r] = (cnt, P)
        if len(r) == 2:
            tab.append((names[r], {"Antal brott": Cell(cnt, 1), "Folkmängd": Cell(P, 1),
                                   "Per 100 000 invånare": Cell(1e5 * cnt / P if P else None, 0.1)}))
    # a kommun report compares with the län of its kommuner (the police
    # cases of the län's covered kommuner, over their population; the
    # län's own SCB row when the extract covers every kommun)
    cmp_pop = []
    for lan in sorted({r[:2] for r in regions if len(r) == 4} - {r for r in regions if len(r) == 2}):
        kom = sorted(k for k in names if len(k) == 4 and k[:2] == lan)
        cov = [k for k in kom if k in covered]
        if not cov or all(in_region(k) for k in cov):
            continue
        cnt = sum(c for _, yy, kk, c in off if yy == year and kk in cov)
        if len(cov) == len(kom):
            P, lab = region_pop(pop, lan, year), names[lan] + " (jämförelse)"
        else:
            P = sum(region_pop(pop, k, year) for k in cov)
            lab = "%s, kommunerna i utdraget (%d av %d), jämförelse" % (names[lan], len(cov), len(kom))
        tab.append((lab, {"Antal brott": Cell(cnt, 1), "Folkmängd": Cell(P, 1),
                          "Per 100 000 invånare": Cell(1e5 * cnt / P if P else None, 0.1)}))
        cmp_pop.append((lab, P))
    # ... and Brå's official län and riket rows (SOL), over SCB's own län
    # and riket population; "p" when the year is preliminary
    bra = os.path.join(S, "bra_sol_exempel.txt")
    rik = os.path.join(S, "folkmangd_riket_exempel.csv")
    if (all(len(r) == 4 for r in regions) and len({r[:2] for r in regions}) == 1
            and os.path.exists(bra) and os.path.exists(rik)):
        rpop = read_population(rik)[0]
        lan = regions[0][:2]
        for reg, code, lab in ((names[lan], lan, names[lan] + " (Brå, jämförelse)"),
                               ("Hela landet", "00", "Riket (Brå, jämförelse)")):
            annual = months = 0
            prel = False
            for r in read_csv(bra, ";", "iso-8859-1")[1:]:
                if r[0] != reg or not r[4].strip().isdigit():
                    continue
                if r[2] == "År" and r[3] == str(year):
                    annual += int(r[4])
                elif r[2].startswith(str(year)):
                    months += int(r[4])
                    prel = prel or "prel" in r[2]
            cnt = annual if annual else months
            P = region_pop(rpop if code == "00" else pop, code, year)
            tab.append((lab, {"Antal brott": Cell(cnt, 1), "Folkmängd": Cell(P, 1),
                              "Per 100 000 invånare": Cell(1e5 * cnt / P if P else None, 0.1),
                              "_prel": prel}))
            cmp_pop.append((lab, P))
            notes.append("Brå %s %d: %d offences%s over %d inhabitants" % (reg, year, cnt, " (prel.)" if prel else "", P))
    T["brott-takt"] = tab

    # ---- population
    tab = [(names[k], {"År": Cell(year, 1), "Folkmängd": Cell(region_pop(pop, k, year), 1)})
           for k in region_kommuner]
    tab += [(names[r], {"År": Cell(year, 1), "Folkmängd": Cell(region_pop(pop, r, year), 1)})
            for r in regions if len(r) == 2]
    tab += [(lab, {"År": Cell(year, 1), "Folkmängd": Cell(P, 1)}) for lab, P in cmp_pop]
    if surveyN:
        tab.append((regname + ", åldrarna som motsvarar årskurserna (skattat antal elever)",
                    {"År": Cell(surveyN[1], 1), "Folkmängd": Cell(surveyN[0], 1)}))
    T["befolkning"] = tab

    # ---- sources and checksums
    files = [("Enkät", SURVEY_FILES[0]), ("Kodbok", "kodbok_exempel.csv")]
    files += [("Enkät", f) for f in SURVEY_FILES[1:]]
    files.append(("Polisens ärenden", "polis_exempel.csv"))
    files += [("Individer", f) for f in ind_files]  # a replaced delivery is not shown
    files.append(("SCB", "folkmangd_exempel.csv"))
    # Brå's SOL rows and SCB's riket rows, when the demo imports them
    if os.path.exists(bra):
        files.append(("Brå, anmälda brott", "bra_sol_exempel.txt"))
    if os.path.exists(rik):
        files.append(("SCB", "folkmangd_riket_exempel.csv"))
    nrows = dict(srows, Kodbok=cbrows)
    nrows["Polisens ärenden"] = polrows
    if os.path.exists(bra):
        nrows["bra_sol_exempel.txt"] = sum(1 for r in read_csv(bra, ";", "iso-8859-1")[1:]
                                           if r[4].strip().isdigit())
    if os.path.exists(rik):
        rp = read_population(rik)
        nrows["folkmangd_riket_exempel.csv"] = [rp[3], rp[3] * len(rp[2])]
    for f in ind_files:
        nrows[f] = len(read_csv(os.path.join(S, f), ";", "utf-8-sig")) - 1
    # SCB: the file's rows, or its cells (rows x years) as the store holds them
    nrows["SCB"] = [poprows, poprows * len(popyears)]
    T["kallor"] = [(kind, {"Rader": Cell(nrows.get(f, nrows.get(kind)), "alt" if kind == "SCB" else 1),
                           "SHA-256": Cell(sha256(os.path.join(S, f))[:12], "text")}) for kind, f in files]
    T["kontrollsummor"] = [(f, {"SHA-256": Cell(sha256(os.path.join(S, f)), "text")}) for _, f in files]
    notes.append("police extract months %s..%s" % polmonths)

    # ---- summary
    tab = []
    lab = {"salt_sex_nagonsin": "Andel elever som någon gång fått ersättning för sexuella handlingar (%)",
           "salt_sex_12man": "Andel elever som fått ersättning de senaste 12 månaderna (%)"}
    for var, e, ep, ok, okp in summary:
        h = None if ok else "must"
        row = {"Värde": Cell([pct(e["p"])], None, h),
               "95 % KI": Cell([pct(x) for x in e["ci"]] if e.get("ci") else None, None, h),
               # the previous round's Samtliga yes count is in the
               # disclosure problem too (kartlagg-report(5), DISCLOSURE
               # CONTROL: the previous round): secondary suppression may
               # hide the previous share and the change, as in the share
               # table
               "Föregående omgång": Cell([pct(ep["p"])], None, SEC if okp else "must")}
        if ok and okp:
            d = e["p"] - ep["p"]
            sd = math.sqrt(e["se"] ** 2 + ep["se"] ** 2)
            row["Förändring"] = Cell([100 * d, 2 * ND.cdf(-abs(d / sd))], None, SEC)
        tab.append((lab.get(var, var), row))
    tab.append(("Unika personer kända av verksamheter", {"Värde": Cell([n], 1, "may" if n >= thr else "must")}))
    if M:
        tab.append(("Skattat totalt antal utsatta personer (MSE)", {"Värde": Cell([M["total"]], 1)}))
    for r in regions:
        cnt, P = offyear[r]
        tab.append(("Anmälda brott %d, %s" % (year, names[r]), {"Värde": Cell([cnt, 1e5 * cnt / P], None)}))
    T["sammanfattning"] = tab
    return T, notes


# --------------------------------------------------------------------------
# reading the published CSV bundle

NUM = r"[−-]?\d[\d  \u202f]*(?:[.,]\d+)?"


def parse_num(s):
    s = s.strip().replace("\u2212", "-").replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    if s in ("–", "-"):
        return 0.0, 0
    m = re.fullmatch(r"-?\d+(?:[.,](\d+))?\*?", s)
    if not m:
        return None
    return float(s.rstrip("*").replace(",", ".")), len(m[1] or "")


def parse_interval(s):
    s = s.strip()
    m = re.fullmatch(r"(%s)\s*–\s*(%s)" % (NUM, NUM), s)
    if not m:
        return None
    a, b = parse_num(m[1]), parse_num(m[2])
    return (a[0], b[0]), max(a[1], b[1])


def numbers_in(s):
    s = s.replace("per 100 000", "per").replace("per 100\u202f000", "per").replace("per 100\u00a0000", "per")
    out = []
    for m in re.finditer(NUM, s):
        v = parse_num(m[0])
        if v:
            out.append(v)
    return out


def close(x, v, dec, unit):
    """Does published v (with dec decimals) equal x rounded?"""
    u = unit if unit and unit >= 1 else 10.0 ** -dec
    if unit == 10 and dec == 0:
        u = 10
    return abs(x - v) <= u / 2 + 1e-9 * max(1.0, abs(x))


def fmt(x):
    if isinstance(x, (tuple, list)):
        return "–".join(fmt(v) for v in x)
    if isinstance(x, float):
        return "%.4f" % x
    return str(x)


def col_key(h):
    """Map a published header to an expected column name."""
    base, part = h, None
    m = re.fullmatch(r"(.*)_(lo|hi|flag|p|per_100000)", h)
    if m:
        base, part = m[1], m[2]
    b = base.strip()
    if b.startswith("Andel"):
        b = "Andel"
    elif b.startswith("Föregående (") or b == "Föregående":
        b = "Föregående"
    elif b.startswith("Förändring ("):
        b = "Förändring"
    elif b == "Sedan föregående":  # the series over the rounds
        b = "Förändring föregående"
    elif re.fullmatch(r"Förändring sedan \d+", b):
        b = "Förändring första"
    elif b == "p sedan föregående":
        b = "p-värde föregående"
    elif re.fullmatch(r"p sedan \d+", b):
        b = "p-värde första"
    elif b.startswith("95 % KI") and not b == "95 % KI":
        b = "95 % KI"
    elif b.startswith("Per 100 000"):
        b = "Per 100 000 invånare"
    return b, part


def compare(T, csvdir):
    bad, warn = [], []
    files = sorted(f for f in os.listdir(csvdir) if f.startswith("tabell-") and f.endswith(".csv"))
    seen = set()
    for f in files:
        m = re.fullmatch(r"tabell-(\d+)-(.*)\.csv", f)
        name = m[2]
        key = name
        if key not in T:
            key = re.sub(r"-\d+$", "", name)  # brott-ar-19, brott-takt-1980
        if key not in T:
            if name not in ("dolda-celler", "teckenforklaring"):
                warn.append("%s: no expected table" % f)
            continue
        seen.add(key)
        rows = read_csv(os.path.join(csvdir, f), ",")
        head = rows[0]
        exp = T[key]
        used = {}
        for r in rows[1:]:
            label = r[0]
            if key == "kallor":
                label = next((k for k in ("Enkät", "Kodbok", "Polisens ärenden", "Individer", "SCB",
                                          "Brå, anmälda brott")
                              if r[1].startswith(k)), r[1])
            if key == "kontrollsummor":
                label = r[1]
            cands = [i for i, (lab, _) in enumerate(exp) if lab == label]
            k = used.get(label, 0)
            used[label] = k + 1
            if k >= len(cands):
                warn.append("%s: row %r not expected" % (f, label))
                continue
            erow = exp[cands[k]][1]
            if key == "sammanfattning":
                bad += compare_summary(f, label, head, r, erow)
                continue
            if "_prel" in erow:  # Brå's preliminary marker in its own column
                flag = dict(zip(head, r)).get("Antal brott_flag", "")
                if (flag == "p") != erow["_prel"]:
                    bad.append("%s [%s]: preliminary marker %r, want %s" % (f, label, flag, erow["_prel"]))
            # gather the published cells per expected column (intervals in two columns)
            pub = {}
            for h, v in zip(head, r):
                b, part = col_key(h)
                if b in ("source_imports",):
                    continue
                if b == "95 % KI":
                    b = "KI"
                if part == "flag":  # the caution mark * has its own column
                    continue
                pub.setdefault(b, {})[part] = v
            for parts in pub.values():
                # an interval in a column that holds single figures in
                # other rows: the value column is empty, _lo/_hi hold it
                if (parts.get(None, "x").strip() == ""
                        and ("lo" in parts or "hi" in parts)):
                    del parts[None]
            for b, parts in pub.items():
                if b not in erow:
                    if b not in (head[0], "Kommun", "Grupp", "Svar", "Region", "Id", "Typ", "Fil", "Fil eller undersökning",
                                 "Organisation", "Period", "Storhet"):
                        warn.append("%s: column %r not checked" % (f, b))
                    continue
                c = erow[b]
                where = "%s [%s] %s" % (f, label, b)
                if c.unit == "skip":
                    continue
                if c.unit == "na":  # does not apply: "." in every part
                    if any(v.strip() != "." for v in parts.values()):
                        bad.append("%s: published %r, expected . (does not apply)" % (where, parts))
                    continue
                if c.unit == "alt":  # any of several definitions
                    pn = parse_num(parts.get(None, ""))
                    if pn is None or pn[0] not in c.value:
                        bad.append("%s: published %s, expected one of %s" % (where, parts.get(None), c.value))
                    continue
                if None in parts:
                    text = parts[None]
                    if text.strip() in ("..", ""):
                        if c.value is not None and c.hide is None:
                            bad.append("%s: hidden (..), expected %s shown" % (where, fmt(c.value)))
                        continue
                    if c.hide == "must":
                        bad.append("%s: published %s, a primary rule hides it (expected ..; value %s)"
                                   % (where, text, fmt(c.value)))
                        continue
                    if c.value is None:
                        bad.append("%s: published %s, expected .. (no figure)" % (where, text))
                        continue
                    if c.unit == "text":
                        if text.strip() != c.value:
                            bad.append("%s: published %s, expected %s" % (where, text, c.value))
                        continue
                    if isinstance(c.value, tuple):
                        iv = parse_interval(text)
                        if iv is None:
                            bad.append("%s: cannot read interval %r" % (where, text))
                            continue
                        pv, dec = iv
                        pairs = list(zip(c.value, pv))
                    else:
                        pn = parse_num(text)
                        if pn is None:
                            bad.append("%s: cannot read number %r" % (where, text))
                            continue
                        pairs = [(c.value, pn[0])]
                        dec = pn[1]
                    for x, v in pairs:
                        if not close(x, v, dec, c.unit):
                            bad.append("%s: published %s, expected %s" % (where, text, fmt(c.value)))
                            break
                elif c.unit in ("text",) or not isinstance(c.value, tuple):
                    # a column split for other rows: the figure is in one part
                    texts = [parts.get(x, "").strip() for x in ("lo", "hi")]
                    texts = [t for t in texts if t not in ("", "..")]
                    if not texts:
                        if c.value is not None and c.hide is None:
                            bad.append("%s: hidden, expected %s" % (where, fmt(c.value)))
                        continue
                    pn = parse_num(texts[0])
                    if c.hide == "must" or c.value is None:
                        bad.append("%s: published %s, expected .." % (where, texts[0]))
                    elif pn is None or not close(c.value, pn[0], pn[1], c.unit):
                        bad.append("%s: published %s, expected %s" % (where, texts[0], fmt(c.value)))
                else:  # machine form: <col>_lo, <col>_hi
                    for part, idx in (("lo", 0), ("hi", 1)):
                        text = parts.get(part, "")
                        if text.strip() in ("..", ""):
                            if c.value is not None and c.hide is None:
                                bad.append("%s_%s: hidden, expected %s" % (where, part, fmt(c.value[idx])))
                            continue
                        if c.hide == "must" or c.value is None:
                            bad.append("%s_%s: published %s, expected .." % (where, part, text))
                            continue
                        pn = parse_num(text)
                        if pn is None or not close(c.value[idx], pn[0], pn[1], c.unit):
                            bad.append("%s_%s: published %s, expected %s" % (where, part, text, fmt(c.value[idx])))
        for lab, _ in exp:
            if lab not in used:
                warn.append("%s: expected row %r not published" % (f, lab))
    for key in T:
        if key not in seen:
            # the series over 3 or more rounds and the offence change
            # must be published (issue 15)
            (bad if key.startswith("enkat-serie-") or key == "brott-forandring"
             else warn).append("table %s not in the bundle" % key)
    return bad, warn


def compare_summary(f, label, head, r, erow):
    bad = []
    # the machine form splits "38 (13,4 per 100 000)" and "−0,2 (p = 0,593)"
    # into <col>, <col>_per_100000 and <col>_p: join them again, in order
    cells, joined = [], {}
    for h, v in zip(head, r):
        b, part = col_key(h)
        if part in (None, "per_100000", "p"):
            if b in joined:
                if v.strip():
                    cells[joined[b]][1] += " ; " + v
                continue
            joined[b] = len(cells)
            cells.append([h, v])
        elif part != "flag":
            cells.append([h, v])
    for h, v in cells:
        v = v.strip()
        b, part = col_key(h)
        if part not in ("lo", "hi"):
            part = None
        if b not in erow:
            continue
        c = erow[b]
        where = "%s [%s] %s" % (f, label, b)
        if label.startswith("Skattat totalt antal") and b == "95 % KI":
            continue
        if v.strip() in ("..", ""):
            if c.value is not None and c.hide is None:
                bad.append("%s: hidden, expected %s" % (where, fmt(c.value)))
            continue
        if c.hide == "must":
            bad.append("%s: published %s, expected .." % (where, v))
            continue
        nums = numbers_in(v)
        if part:
            want = [c.value[0 if part == "lo" else 1]]
        else:
            want = c.value
        if len(nums) < len(want) and not (b == "Förändring" and len(nums) == 1):
            bad.append("%s: published %r, expected %s" % (where, v, fmt(want)))
            continue
        for x, (pv, dec) in zip(want, nums):
            if not close(x, pv, dec, c.unit):
                bad.append("%s: published %r, expected %s" % (where, v, fmt(want)))
                break
    return bad


def dump(T, notes):
    for t, rows in T.items():
        print("== " + t)
        for lab, row in rows:
            print("  %-45s %s" % (lab, "; ".join("%s=%s%s" % (k, fmt(c.value), "(..)" if c.hide == "must" else "")
                                                for k, c in row.items())))
    for n in notes:
        print("note: " + n)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--samples", required=True)
    ap.add_argument("--domain", help="DOMAIN.md: check the offence groups against its section 4")
    ap.add_argument("--ini", required=True)
    ap.add_argument("--csv")
    ap.add_argument("--dump", action="store_true")
    args = ap.parse_args()
    if args.domain:
        check_domain(args.domain)
    T, notes = build(args)
    if args.dump or not args.csv:
        dump(T, notes)
    if not args.csv:
        return 0
    bad, warn = compare(T, args.csv)
    if not args.dump:
        for n in notes:
            print("note: " + n)
    for w in warn:
        print("note: " + w)
    for b in bad:
        print("DIFF " + b)
    print("%s: %d discrepancies" % (args.ini, len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
