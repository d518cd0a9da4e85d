#!/usr/bin/env python3
"""tests/a11y/pdf-tags.py - the tagged PDF keeps the HTML's structure.

usage: pdf-tags.py REPORT.pdf REPORT.html

From poppler's `pdfinfo -struct-text` (the structure tree with its text)
and qpdf's JSON view of the objects (for /Alt, which pdfinfo does not
print):
  - the PDF is tagged, and has as many Table elements as the HTML has
    <table>s, each with TH cells and a first row made only of TH;
  - every Figure element has a non-empty /Alt, which holds the <title> of
    an SVG of the HTML; there are as many as the HTML has SVGs;
  - the reading order: the headings (H1-H3) and table captions of the
    structure tree come in the order of the HTML's h1-h3 and <caption>s.
Prints the figures; exits 1 on any failure.
"""
import html as htmlmod
import json
import re
import subprocess
import sys

fails = []


def norm(s):
    s = htmlmod.unescape(re.sub(r"<[^>]+>", "", s))
    for a, b in (("\ufb01", "fi"), ("\ufb02", "fl"), ("\ufb00", "ff"),
                 ("\ufb03", "ffi"), ("\ufb04", "ffl")):
        s = s.replace(a, b)
    return re.sub(r"\s+", "", s)


def tree(pdf):
    """pdfinfo -struct-text as (depth, tag, text) nodes, text joined from
    the quoted lines under each node."""
    out = subprocess.run(["pdfinfo", "-struct-text", pdf], check=True,
                         capture_output=True, text=True).stdout
    nodes = []
    for line in out.splitlines():
        depth = (len(line) - len(line.lstrip(" "))) // 2
        body = line.strip()
        if not body:
            continue
        if body.startswith('"'):
            for n in reversed(nodes):
                if n["depth"] < depth:
                    n["text"] += body.strip('"')
                    break
            continue
        tag = body.split()[0].rstrip(":")
        nodes.append({"depth": depth, "tag": tag, "text": ""})
    return nodes


def subtree(nodes, i):
    d = nodes[i]["depth"]
    j = i + 1
    while j < len(nodes) and nodes[j]["depth"] > d:
        j += 1
    return nodes[i + 1:j]


def deep_text(nodes, i):
    return nodes[i]["text"] + "".join(n["text"] for n in subtree(nodes, i))


def main(pdf, html_path):
    with open(html_path, encoding="utf-8") as f:
        html = f.read()
    info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True,
                          text=True).stdout
    if not re.search(r"^Tagged:\s+yes", info, re.M):
        fails.append("the PDF is not tagged")
    nodes = tree(pdf)

    # tables: header cells
    tables = [i for i, n in enumerate(nodes) if n["tag"] == "Table"]
    want = len(re.findall(r"<table[ >]", html))
    if len(tables) != want:
        fails.append(f"{len(tables)} Table elements, the HTML has {want}")
    for k, i in enumerate(tables, 1):
        sub = subtree(nodes, i)
        if not any(n["tag"] == "TH" for n in sub):
            fails.append(f"Table {k} has no TH cell")
        rows = [j for j, n in enumerate(sub) if n["tag"] == "TR"]
        if not rows:
            fails.append(f"Table {k} has no TR")
            continue
        d = sub[rows[0]]["depth"] + 1
        first = [n["tag"] for n in subtree(sub, rows[0]) if n["depth"] == d]
        if not first or any(t != "TH" for t in first):
            fails.append(f"Table {k}: its first row is {first}, not TH only")

    # figures: alternative text
    data = json.loads(subprocess.run(
        ["qpdf", "--json=2", "--json-key=qpdf", pdf], check=True,
        capture_output=True, text=True).stdout)["qpdf"][1]
    titles = [norm(t) for t in re.findall(
        r"<svg [^>]*>\s*<title[^>]*>(.*?)</title>", html, re.S)]
    nfig = nalt = 0
    for key, obj in data.items():
        v = obj.get("value") if isinstance(obj, dict) else None
        if not isinstance(v, dict) or v.get("/S") != "/Figure":
            continue
        nfig += 1
        alt = v.get("/Alt", "")
        alt = alt[2:] if isinstance(alt, str) and alt[:2] in ("u:", "b:") else ""
        if not alt.strip():
            fails.append(f"Figure {key} has no alternative text")
        elif not any(t and t in norm(alt) for t in titles):
            fails.append(f"Figure {key}: its /Alt names no SVG title")
        else:
            nalt += 1
    if nfig != len(titles):
        fails.append(f"{nfig} Figure elements, the HTML has {len(titles)} SVGs")

    # reading order: headings and captions
    hwant = [norm(m.group(2)) for m in re.finditer(
        r"<(h[1-3]|caption)[^>]*>(.*?)</\1>", html, re.S)]
    # a table's Caption is its first child
    hgot = [norm(deep_text(nodes, i)) for i, n in enumerate(nodes)
            if n["tag"] in ("H1", "H2", "H3") or
            (n["tag"] == "Caption" and nodes[i - 1]["tag"] == "Table")]
    # poppler cuts a text after a ligature (fi, ff, fl): a PDF text matches
    # when it is a prefix of the HTML's of at least 8 characters, all of
    # it, or one ending in such a ligature
    ok = len(hgot) == len(hwant)
    for g, w in zip(hgot, hwant):
        if not (w.startswith(g) and (len(g) >= min(8, len(w)) or
                                     g.endswith(("fi", "ff", "fl")))):
            ok = False
            fails.append(f"reading order: got '{g[:50]}', want '{w[:50]}'")
            break
    if len(hgot) != len(hwant):
        fails.append(f"{len(hgot)} headings and captions, the HTML has "
                     f"{len(hwant)}")
    for m in fails:
        print("pdf-tags: " + m)
    print(f"pdf-tags: {pdf}: {len(tables)} tables with TH, {nalt} of {nfig} "
          f"figures with /Alt, {len(hgot)} headings and captions in the HTML's "
          f"order{'' if ok else ' (NOT)'}; {len(fails)} failures")
    return 1 if fails else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: pdf-tags.py REPORT.pdf REPORT.html")
    sys.exit(main(sys.argv[1], sys.argv[2]))
