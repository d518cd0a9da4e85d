#!/usr/bin/env python3
"""tests/a11y/svg-check.py - accessibility of kartlagg's maps and charts,
computed from the SVG itself (Python standard library only).

usage: svg-check.py FILE...   (.html: every inline <svg> of its figures;
                               anything else: one standalone SVG)

For every SVG:
  - role="img", lang, aria-labelledby naming a non-empty <title> and
    <desc> (the text alternative); in a report, the figure's caption and a
    link to the figure's data table, which exists;
  - every <text>: WCAG 2.1 contrast (relative luminance, 1.4.3) of its
    fill against what lies under it at least 4.5:1.  Under it is the halo
    (a stroke of >= 2 px painted first, paint-order="stroke") if it has
    one, else the topmost earlier shape whose outline holds the text's
    anchor point (rect, circle, path with even-odd fill), else white.
    A text on a fill of a pattern (hatching) must have a halo;
  - no information by colour alone (1.4.1): on a map each unit has a
    <title> with its name and value, each class fill used appears in the
    legend beside a text label, hidden units are hatched and the legend
    shows the hatching; in a chart every series has its own combination
    of dash pattern and marker shape, and a legend entry;
  - non-text contrast (1.4.11): unit borders and legend swatch outlines
    at least 3:1 against white.
Prints one line of figures per file; exits 1 on any failure.
"""
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
fails = []


def fail(where, msg):
    fails.append(f"{where}: {msg}")


def rgb(c):
    c = (c or "").strip().lower()
    named = {"white": "#ffffff", "black": "#000000"}
    c = named.get(c, c)
    if re.fullmatch(r"#[0-9a-f]{3}", c):
        c = "#" + "".join(ch * 2 for ch in c[1:])
    if not re.fullmatch(r"#[0-9a-f]{6}", c):
        return None
    return tuple(int(c[i:i + 2], 16) / 255 for i in (1, 3, 5))


def luminance(c):
    # WCAG 2.1 relative luminance of an sRGB colour
    def lin(v):
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(v) for v in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def inherited(el, parents, attr, default=None):
    while el is not None:
        if el.get(attr) is not None:
            return el.get(attr)
        el = parents.get(el)
    return default


def rings(d):
    """Absolute M/L/Z path data (what kartlagg writes) as lists of points."""
    out, cur = [], []
    for tok in re.findall(r"[MLZmlz]|-?[0-9.]+,-?[0-9.]+", d):
        if tok in "Mm":
            if cur:
                out.append(cur)
            cur = []
        elif tok in "Zz":
            if cur:
                out.append(cur)
            cur = []
        elif tok not in "Ll":
            x, y = tok.split(",")
            cur.append((float(x), float(y)))
    if cur:
        out.append(cur)
    return out


def inside(pt, shape):
    x, y = pt
    tag = shape.tag[len(NS):]
    if tag == "rect":
        rx, ry = float(shape.get("x", 0)), float(shape.get("y", 0))
        w, h = float(shape.get("width", 0)), float(shape.get("height", 0))
        return rx <= x <= rx + w and ry <= y <= ry + h
    if tag == "circle":
        cx, cy, r = (float(shape.get(k, 0)) for k in ("cx", "cy", "r"))
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
    if tag == "path":
        n = 0  # even-odd crossings over every ring
        for ring in rings(shape.get("d", "")):
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
                if (y1 > y) != (y2 > y) and \
                        x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                    n += 1
        return n % 2 == 1
    return False


def in_defs(el, parents):
    while el is not None:
        if el.tag in (NS + "defs", NS + "title", NS + "desc"):
            return True
        el = parents.get(el)
    return False


def check_svg(svg_text, where, html=None, fig_id=None):
    root = ET.fromstring(svg_text)
    parents = {c: p for p in root.iter() for c in p}
    ids = {e.get("id"): e for e in root.iter() if e.get("id")}
    st = {"texts": 0, "minratio": 99.0}

    # the text alternative
    if root.get("role") != "img":
        fail(where, 'the <svg> lacks role="img"')
    if not root.get("lang"):
        fail(where, "the <svg> lacks lang")
    names = (root.get("aria-labelledby") or "").split()
    tags = [ids[n].tag[len(NS):] if n in ids else None for n in names]
    if tags[:2] != ["title", "desc"]:
        fail(where, "aria-labelledby does not name its <title> and <desc>")
    for n in names:
        if n in ids and not "".join(ids[n].itertext()).strip():
            fail(where, f"#{n} is empty")
    if html is not None:
        m = re.search(r'<figure id="%s"[^>]*>\s*<figcaption[^>]*>([^<]+)</figcaption>'
                      r'.*?</svg>\s*<p class="fotnot">(.*?)</p>\s*</figure>'
                      % re.escape(fig_id), html, re.S)
        if not m:
            fail(where, "no figcaption and summary around the SVG")
        else:
            link = re.search(r'<a href="#(tabell-[0-9]+)">', m.group(2))
            if not link:
                fail(where, "the summary does not link to the data table")
            elif f'<table id="{link.group(1)}">' not in html:
                fail(where, f"the data table {link.group(1)} is missing")

    # contrast of every text against what lies under it
    shapes = [e for e in root.iter()
              if e.tag in (NS + "rect", NS + "circle", NS + "path")
              and not in_defs(e, parents)
              and inherited(e, parents, "fill", "#000000") != "none"]
    order = {e: i for i, e in enumerate(root.iter())}
    for t in root.iter(NS + "text"):
        if in_defs(t, parents):
            continue
        st["texts"] += 1
        label = "".join(t.itertext()).strip()
        fg = rgb(inherited(t, parents, "fill", "#000000"))
        if fg is None:
            fail(where, f"text '{label}': fill is not a colour")
            continue
        fs = float(inherited(t, parents, "font-size", "16"))
        pt = (float(t.get("x", 0)), float(t.get("y", 0)) - fs / 3)
        halo = None
        if inherited(t, parents, "paint-order", "") .startswith("stroke") \
                and float(inherited(t, parents, "stroke-width", "0")) >= 2:
            halo = rgb(inherited(t, parents, "stroke"))
        under = None
        for s in shapes:
            if order[s] < order[t] and inside(pt, s):
                under = s  # the last one drawn before the text is on top
        bgs = []
        if under is not None:
            fill = inherited(under, parents, "fill", "#000000")
            if fill.startswith("url("):
                if halo is None:
                    fail(where, f"text '{label}' on hatching has no halo")
                    continue
            elif rgb(fill):
                bgs.append(("fill", rgb(fill)))
        if halo:
            bgs.append(("halo", halo))
        if not bgs:
            bgs.append(("white", rgb("#ffffff")))
        for kind, bg in bgs:
            r = contrast(fg, bg)
            st["minratio"] = min(st["minratio"], r)
            if r < 4.5:
                fail(where, f"text '{label}': contrast {r:.2f}:1 on its "
                     f"{kind} (< 4.5:1)")

    # no information by colour alone
    gid = root.get("aria-labelledby", "").split()[0].rsplit("-title", 1)[0]
    units = ids.get(gid + "-units")
    legend = ids.get(gid + "-legend")
    classed = units is not None and any(
        p.get("class") for p in units.iter(NS + "path"))
    if units is not None and not classed:  # boundaries only: no values
        st["kind"] = "map of boundaries"
    elif units is not None:  # a map
        st["kind"] = "map"
        leg_fills = {}
        if legend is None:
            fail(where, "a map without a legend")
            legend = ET.Element("g")
        kids = list(legend)
        for i, e in enumerate(kids):
            if e.tag == NS + "rect":
                lab = kids[i + 1] if i + 1 < len(kids) else None
                if lab is None or lab.tag != NS + "text" or \
                        not "".join(lab.itertext()).strip():
                    fail(where, f"legend swatch {e.get('fill')} has no label")
                leg_fills[e.get("fill")] = True
                s = rgb(e.get("stroke"))
                if not s or contrast(s, rgb("#ffffff")) < 3:
                    fail(where, "legend swatch outline below 3:1")
        stroke = rgb(units.get("stroke"))
        if not stroke or contrast(stroke, rgb("#ffffff")) < 3:
            fail(where, "unit borders below 3:1 against white")
        nhid = 0
        for p in units.iter(NS + "path"):
            title = p.find(NS + "title")
            if title is None or not (title.text or "").strip():
                fail(where, f"unit {p.get('id')} has no <title>")
            f = p.get("fill")
            if p.get("class") == "hid":
                nhid += 1
                if not (f or "").startswith("url(#"):
                    fail(where, f"hidden unit {p.get('id')} is not hatched")
            if f not in leg_fills:
                fail(where, f"fill {f} of {p.get('id')} is not in the legend")
        st["units"] = len(list(units.iter(NS + "path")))
        st["hidden"] = nhid
    else:  # a chart
        st["kind"] = "chart"
        series = [e for e in root.iter(NS + "g")
                  if re.fullmatch(re.escape(gid) + r"-s[0-9]+", e.get("id", ""))]
        seen = set()
        for s in series:
            kids = list(s)
            line = next((k for k in kids if k.tag == NS + "path"
                         and k.get("fill") == "none"), None)
            dash = line.get("stroke-dasharray", "") if line is not None else ""
            marks = [k for k in kids if k is not line and k.tag != NS + "title"]
            shape = marks[0].tag[len(NS):] if marks else ""
            if shape == "path":  # triangle up/down, diamond, cross...
                d = marks[0].get("d", "")
                shape += ":%d:%s" % (len(rings(d)) + d.count("M"),
                                     marks[0].get("fill", ""))
                pts = rings(d)[0] if rings(d) else []
                if len(pts) == 3:  # which way the triangle points
                    shape += "up" if pts[0][1] < pts[1][1] else "down"
            key = (dash, shape)
            if key in seen:
                fail(where, f"series {s.get('id')} differs from another "
                     "by colour alone")
            seen.add(key)
        if len(series) > 1:
            if legend is None:
                fail(where, "a chart of several series without a legend")
            else:
                n = len([t for t in legend.iter(NS + "text")
                         if "".join(t.itertext()).strip()])
                if n < len(series):
                    fail(where, f"legend names {n} of {len(series)} series")
        st["series"] = len(series)
    return st


def main(argv):
    nsvg = 0
    for path in argv[1:]:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if path.endswith(".html"):
            figs = re.findall(r'<figure id="([^"]+)"[^>]*>.*?(<svg .*?</svg>)',
                              text, re.S)
            if not figs:
                fail(path, "no figure with an SVG")
            for fid, svg in figs:
                st = check_svg(svg, f"{path} #{fid}", text, fid)
                nsvg += 1
                print(f"{path} #{fid}: {st['kind']}, {st['texts']} texts, "
                      f"lowest contrast {st['minratio']:.2f}:1")
        else:
            st = check_svg(text, path)
            nsvg += 1
            print(f"{path}: {st['kind']}, {st['texts']} texts, "
                  f"lowest contrast {st['minratio']:.2f}:1")
    for m in fails:
        print("svg-check: " + m)
    print(f"svg-check: {nsvg} SVGs, {len(fails)} failures")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
