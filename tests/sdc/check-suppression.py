#!/usr/bin/env python3
"""check-suppression.py - try to recover every hidden cell of a published
table (the kartlagg suppression audit, kartlagg-report(5)).

usage: check-suppression.py [--threshold N] [--margin M] [-v] [audit-file]

Reads the audit dump (standard input when no file is named):

    # kartlagg suppression audit v3
    # threshold 5, margin rule below 10, 7 hidden, 2 unpublished
    cell <key> <count or ..>[ exempt][ level <n>]
    cell <key> .. unpublished[ slack][ level <n>]
    sum <total-key> = <part-key> + <part-key> ...
    rel <+a> <key> <-a> <key> ... = <b>

(v1 has neither unpublished cells nor rel lines, v2 no levels; every
version is read).  A cell's level is its own protection level (a survey's
yes counts: the min-numerator); without one it is the threshold.
A rel line is the weighted relation sum a*key = b with integer
coefficients; an unpublished cell is a count the report does not print
but that the relations go through (e.g. the persons known to exactly 3, 4,
... organisations behind "3 eller fler"); a slack one (the difference
that makes "a <= b" an equation) names nobody and is never recovered.

and attacks it as a reader of the report could, using nothing but the
published cells and the relations:

 1. exact rational Gaussian elimination (fractions.Fraction) on the
    relations with the published cells substituted: a hidden cell whose
    unit vector lies in the row space of the equations is determined by
    them alone;
 2. exact rational linear programming (two-phase simplex, Bland's rule):
    the least and greatest value each hidden cell can take given the
    relations and non-negativity; an interval narrower than 1 pins it.

Only whole numbers count: a cell's range is ceil(lo) .. floor(hi).  A
hidden published cell is recovered when its range is one value, and any
hidden cell (published or unpublished, not a slack) when its range lies
inside 1..level-1: "a small count" is itself a disclosure.  The level is
the cell's own, else the threshold of --threshold, else of the dump's
header, else 5.  A pinned zero or large unpublished count names nobody.

--threshold N also flags a published, non-exempt cell with 1 <= count <
its level (N unless the cell has its own);
--margin M flags a published, non-exempt non-zero part equal to the total
of a relation with two or more parts when that total is below M.

Exit status: 0 when no hidden cell can be recovered and no rule is broken;
1 when some can (each is named on standard output with what gives it
away); 2 on a malformed dump or relations that do not add up.

Shares no code with lib/sdc.c (Python standard library only).
"""

import math
import sys
from fractions import Fraction


def fail_input(msg):
    sys.stderr.write("check-suppression: %s\n" % msg)
    sys.exit(2)


def read_dump(f):
    """cells, exempt, relations [({key: coef}, rhs, what)], unpublished,
    slack, the header's threshold (or None), levels {key: level}."""
    cells = {}  # key -> Fraction or None (hidden)
    levels = {}
    exempt = set()
    unpub = set()
    slack = set()
    rels = []
    version = 1
    header_threshold = None
    for ln, raw in enumerate(f, 1):
        line = raw.strip()
        if ln == 1 and line.startswith("# kartlagg suppression audit v"):
            try:
                version = int(line.rsplit("v", 1)[1])
            except ValueError:
                fail_input("line 1: unreadable audit version")
            if version not in (1, 2, 3):
                fail_input("line 1: audit v%d is not known" % version)
            continue
        if line.startswith("# threshold "):
            try:
                header_threshold = int(line.split()[2].rstrip(","))
            except (IndexError, ValueError):
                pass
        if not line or line.startswith("#"):
            continue
        t = line.split()
        if t[0] == "cell" and version >= 3 and len(t) >= 5 and \
                t[-2] == "level":
            try:
                lv = int(t[-1])
            except ValueError:
                fail_input("line %d: expected 'level <n>'" % ln)
            if lv < 1:
                fail_input("line %d: expected a positive level" % ln)
            levels[t[1]] = lv
            t = t[:-2]
        if t[0] == "cell":
            if (version >= 2 and len(t) in (4, 5) and t[3] == "unpublished"
                    and t[2] == ".." and (len(t) == 4 or t[4] == "slack")):
                if t[1] in cells:
                    fail_input("line %d: cell %s listed twice" % (ln, t[1]))
                cells[t[1]] = None
                unpub.add(t[1])
                if len(t) == 5:
                    slack.add(t[1])
                continue
            if len(t) not in (3, 4) or (len(t) == 4 and t[3] != "exempt"):
                fail_input("line %d: expected 'cell <key> <value>'" % ln)
            if t[1] in cells:
                fail_input("line %d: cell %s listed twice" % (ln, t[1]))
            if t[2] == "..":
                cells[t[1]] = None
            else:
                try:
                    v = int(t[2])
                except ValueError:
                    fail_input("line %d: expected a count or '..'" % ln)
                if v < 0:
                    fail_input("line %d: negative count" % ln)
                cells[t[1]] = Fraction(v)
            if len(t) == 4:
                exempt.add(t[1])
        elif t[0] == "sum":
            if len(t) < 3 or t[2] != "=":
                fail_input("line %d: expected 'sum <total> = ...'" % ln)
            parts = t[3::2]
            if any(x != "+" for x in t[4::2]) or (len(t) > 3 and len(t) % 2):
                fail_input("line %d: expected parts separated by '+'" % ln)
            tot = t[1]
            terms = {tot: Fraction(1)}
            for p in parts:
                terms[p] = terms.get(p, Fraction(0)) - 1
            rels.append((terms, Fraction(0), tot, parts))
        elif t[0] == "rel" and version >= 2:
            if len(t) < 5 or t[-2] != "=" or len(t) % 2 == 0:
                fail_input("line %d: expected 'rel <a> <key> ... = <b>'"
                           % ln)
            terms = {}
            try:
                for j in range(1, len(t) - 2, 2):
                    a = int(t[j])
                    if a == 0:
                        raise ValueError
                    terms[t[j + 1]] = terms.get(t[j + 1], Fraction(0)) + a
                rhs = Fraction(int(t[-1]))
            except ValueError:
                fail_input("line %d: expected non-zero integer "
                           "coefficients and an integer right-hand side"
                           % ln)
            rels.append((terms, rhs, t[2], None))
        else:
            fail_input("line %d: expected 'cell', 'sum'%s" %
                       (ln, " or 'rel'" if version >= 2 else ""))
    for terms, _, _, _ in rels:
        for k in terms:
            if k not in cells:
                fail_input("relation names unknown cell %s" % k)
    return cells, exempt, rels, unpub, slack, header_threshold, levels


def equations(cells, rels):
    """Each relation as ({hidden key: coefficient}, rhs)."""
    eqs = []
    for terms, rhs0, what, _ in rels:
        coef = {}
        rhs = rhs0
        for k, a in terms.items():
            v = cells[k]
            if v is None:
                coef[k] = coef.get(k, 0) + a
            else:
                rhs -= a * v
        coef = {k: Fraction(c) for k, c in coef.items() if c != 0}
        if not coef:
            if rhs != 0:
                fail_input("published cells of %s do not add up" % what)
            continue
        eqs.append((coef, rhs))
    return eqs


def components(hidden, eqs):
    """The connected groups of the cells `hidden` that the relations `eqs`
    (tuples whose first item is {cell: coefficient}) link: a list of
    (sorted cells, their relations in the order of eqs), by smallest
    cell.  check-report.py uses it too."""
    parent = {k: k for k in hidden}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for e in eqs:
        ks = list(e[0])
        for k in ks[1:]:
            a, b = find(ks[0]), find(k)
            if a != b:
                parent[max(a, b)] = min(a, b)
    comp = {}
    for k in hidden:
        comp.setdefault(find(k), []).append(k)
    groups = []
    for root in sorted(comp):
        vs = sorted(comp[root])
        es = [e for e in eqs if find(next(iter(e[0]))) == root]
        groups.append((vs, es))
    return groups


def rref(rows, ncol):
    """Reduced row echelon form of rows (lists of Fractions, last entry the
    right-hand side), in place.  Returns the pivot columns."""
    pivots = []
    r = 0
    for c in range(ncol):
        p = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if p is None:
            continue
        rows[r], rows[p] = rows[p], rows[r]
        pv = rows[r][c]
        rows[r] = [x / pv for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                f = rows[i][c]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[r])]
        pivots.append(c)
        r += 1
        if r == len(rows):
            break
    for row in rows[r:]:
        if row[-1] != 0:
            fail_input("the relations contradict each other")
    return pivots


def determined(vs, es):
    """Hidden cells fixed by the equations alone: {key: value}."""
    idx = {k: i for i, k in enumerate(vs)}
    n = len(vs)
    rows = []
    for coef, rhs in es:
        row = [Fraction(0)] * (n + 1)
        for k, c in coef.items():
            row[idx[k]] = c
        row[n] = rhs
        rows.append(row)
    piv = rref(rows, n)
    out = {}
    for r, c in enumerate(piv):
        if all(rows[r][j] == 0 for j in range(n) if j != c):
            out[vs[c]] = rows[r][n]
    return out


def eliminate(T, r, c):
    """Pivot the dense tableau T (rows of Fractions) on row r, column c."""
    pv = T[r][c]
    if pv != 1:
        T[r] = [x / pv for x in T[r]]
    row = T[r]
    nz = [k for k, v in enumerate(row) if v != 0]
    for i in range(len(T)):
        if i != r:
            f = T[i][c]
            if f != 0:
                ti = T[i]
                for k in nz:
                    ti[k] -= f * row[k]


class Simplex:
    """min or max of one variable subject to A x = b, x >= 0; exact
    rational arithmetic, two phases, Bland's rule (so it cannot cycle).
    Each optimisation starts from the basis the previous one ended in."""

    def __init__(self, A, b):
        m, n = len(A), len(A[0]) if A else 0
        self.n = n
        T = []
        for i in range(m):
            sg = -1 if b[i] < 0 else 1
            T.append([sg * x for x in A[i]] +
                     [Fraction(int(j == i)) for j in range(m)] + [sg * b[i]])
        basis = [n + i for i in range(m)]
        # phase 1: minimise the sum of the artificials n .. n+m-1
        cost = [Fraction(0)] * n + [Fraction(1)] * m
        while True:
            inb = set(basis)
            enter = None
            for j in range(n + m):
                if j in inb:
                    continue
                d = cost[j] - sum(T[i][j] for i in range(m)
                                  if basis[i] >= n)
                if d < 0:
                    enter = j
                    break
            if enter is None:
                break
            r = self.ratio(T, basis, enter)
            if r is None:
                fail_input("phase 1 unbounded")
            eliminate(T, r, enter)
            basis[r] = enter
        if any(T[i][-1] != 0 for i in range(m) if basis[i] >= n):
            fail_input("the published figures admit no non-negative "
                       "solution")
        # drive the artificials out of the basis; drop redundant rows
        i = 0
        while i < len(T):
            if basis[i] >= n:
                j = next((j for j in range(n) if T[i][j] != 0), None)
                if j is None:
                    del T[i]
                    del basis[i]
                    continue
                eliminate(T, i, j)
                basis[i] = j
            i += 1
        self.T = [row[:n] + [row[-1]] for row in T]
        self.basis = basis

    @staticmethod
    def ratio(T, basis, c):
        best = None
        for i in range(len(T)):
            if T[i][c] > 0:
                q = T[i][-1] / T[i][c]
                if best is None or q < best[0] or \
                        (q == best[0] and basis[i] < basis[best[1]]):
                    best = (q, i)
        return None if best is None else best[1]

    def point(self):
        x = [Fraction(0)] * self.n
        for i, bj in enumerate(self.basis):
            x[bj] = self.T[i][-1]
        return x

    def optimum(self, j, sense):
        """min (sense=1) or max (sense=-1) of x_j: the optimal point, or
        None when unbounded."""
        T, basis = self.T, self.basis
        while True:
            # the objective is sense * x_j, so the reduced cost of a
            # non-basic x_k is sense if k == j and x_j is non-basic, and
            # -sense * T[r][k] if x_j is basic in row r
            try:
                r = basis.index(j)
            except ValueError:
                r = None
            inb = set(basis)
            enter = None
            for k in range(self.n):
                if k in inb:
                    continue
                d = Fraction(sense) if (r is None and k == j) else \
                    (-sense * T[r][k] if r is not None else Fraction(0))
                if d < 0:
                    enter = k
                    break
            if enter is None:
                return self.point()
            q = self.ratio(T, basis, enter)
            if q is None:
                return None
            eliminate(T, q, enter)
            basis[q] = enter


def fmt(x):
    if x is None:
        return "inf"
    return str(x) if x.denominator != 1 else str(x.numerator)


def main(argv):
    threshold = None
    margin = None
    verbose = False
    path = None
    i = 1
    while i < len(argv):
        a = argv[i]
        if a in ("--threshold", "--margin") and i + 1 < len(argv):
            v = int(argv[i + 1])
            if a == "--threshold":
                threshold = v
            else:
                margin = v
            i += 2
            continue
        if a == "-v":
            verbose = True
        elif a.startswith("-") and a != "-":
            sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
            return 2
        else:
            path = a
        i += 1
    if path and path != "-":
        with open(path, encoding="utf-8") as f:
            cells, exempt, rels, unpub, slack, hthr, levels = read_dump(f)
    else:
        cells, exempt, rels, unpub, slack, hthr, levels = \
            read_dump(sys.stdin)
    sums = [(tot, parts) for _, _, tot, parts in rels if parts is not None]
    small = threshold or hthr or 5

    def level(k):
        return levels.get(k, small)

    def names(k, lo, hi):
        """Does bounding k to [lo, hi] (hi None: unbounded) give away a
        count or a small count?  Whole numbers only."""
        if k in slack:
            return False
        ilo = math.ceil(lo)
        ihi = None if hi is None else math.floor(hi)
        if ihi is not None and 1 <= ilo and ihi <= level(k) - 1:
            return True
        return k not in unpub and ihi is not None and ihi - ilo < 1

    def safe(k, lo, hi):
        """A range [lo, hi] of feasible points that already protects k."""
        ilo, ihi = math.ceil(lo), math.floor(hi)
        return ihi - ilo >= 1 and (ilo <= 0 or ihi >= level(k))

    bad = []
    if threshold is not None:
        for k in sorted(cells):
            v = cells[k]
            if v is not None and k not in exempt and 1 <= v < level(k):
                bad.append("rule broken: %s: published count below the "
                           "%s %d" % (k, "level" if k in levels else
                                      "threshold", level(k)))
    if margin is not None:
        for tot, parts in sums:
            t = cells[tot]
            if t is None or len(parts) < 2 or not (0 < t < margin):
                continue
            for p in parts:
                if cells[p] == t and p not in exempt:
                    bad.append("rule broken: %s: published and equal to "
                               "its margin %s" % (p, tot))

    hidden = sorted(k for k, v in cells.items() if v is None)
    eqs = equations(cells, rels)
    nlp = 0
    for vs, es in components(hidden, eqs):
        fixed = determined(vs, es) if es else {}
        for k in vs:
            if k in fixed and names(k, fixed[k], fixed[k]):
                bad.append("recoverable: %s: determined by the relations "
                           "(= %s)" % (k, fmt(fixed[k])))
        if not es:
            continue  # in no relation: unbounded
        idx = {k: j for j, k in enumerate(vs)}
        A = []
        b = []
        for coef, rhs in es:
            row = [Fraction(0)] * len(vs)
            for k, c in coef.items():
                row[idx[k]] = c
            A.append(row)
            b.append(rhs)
        lp = Simplex(A, b)
        # every feasible point found widens the known range of every
        # cell: a range 1 wide proves the cell's interval is as wide
        seen_lo = lp.point()
        seen_hi = list(seen_lo)
        exact = {}

        def widen(x):
            for t, v in enumerate(x):
                if v < seen_lo[t]:
                    seen_lo[t] = v
                if v > seen_hi[t]:
                    seen_hi[t] = v

        for k in vs:
            t = idx[k]
            if k in fixed or safe(k, seen_lo[t], seen_hi[t]):
                continue
            x = lp.optimum(t, -1)
            nlp += 1
            if x is None:
                hi = None  # unbounded above
            else:
                widen(x)
                hi = x[t]
            if safe(k, seen_lo[t], seen_hi[t]):
                continue
            x = lp.optimum(t, 1)
            nlp += 1
            widen(x)
            lo = x[t]
            exact[k] = (lo, hi)
        for k in vs:
            if k in exact and names(k, *exact[k]):
                lo, hi = exact[k]
                bad.append("recoverable: %s: bounded to [%s, %s] by the "
                           "relations and non-negativity%s"
                           % (k, fmt(lo), fmt(hi),
                              "" if math.floor(hi) - math.ceil(lo) < 1
                              else " (a small count, level %d)"
                              % level(k)))
            elif verbose and k not in fixed:
                t = idx[k]
                print("ok %s: feasible values span at least [%s, %s]"
                      % (k, fmt(seen_lo[t]), fmt(seen_hi[t])))
    for line in bad:
        print(line)
    if verbose:
        sys.stderr.write("check-suppression: %d cells, %d hidden, %d "
                         "relations, %d linear programs, %d problems\n"
                         % (len(cells), len(hidden), len(rels), nlp,
                            len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
