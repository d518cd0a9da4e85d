#!/usr/bin/env python3
"""check-xlsx.py BOOK.xlsx CSVDIR REPORT.ini - the workbook against the
CSV bundle of the same run (kartlagg-report(5), WORKBOOK), standard library
only (zipfile + xml.etree), sharing no code with kartlagg.

Every table of manifest.csv is a sheet, in order, named after its file
(without "tabell-" and ".csv", at most 31 characters, names unique). On
each sheet: row 1 is "Tabell N. caption", rows 3... are the CSV file
field for field (a plain decimal number is a number cell of that value
with a number format of as many decimals; "..", "." and other text are
text cells, with the CSV's formula quote taken off; an empty field is an
empty cell; the heading row and source_imports are text), and below the
table come the notes, the source, every row of the bundle's legend table
(Teckenförklaring) and the disclosure rule with the report file's count
threshold.  Exits 1 with a message per difference.
"""
import configparser
import csv
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
      'r': 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
      'pr': 'http://schemas.openxmlformats.org/package/2006/relationships'}
NUMBER = re.compile(r'^-?(0|[1-9][0-9]*)(\.([0-9]+))?$')
BUILTIN = {0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00'}

problems = []


def bad(msg):
    problems.append(msg)
    if len(problems) > 40:
        report()


def report():
    for p in problems:
        print('check-xlsx: ' + p)
    sys.exit(1 if problems else 0)


def col_index(ref):
    m = re.match(r'^([A-Z]+)([0-9]+)$', ref)
    c = 0
    for ch in m.group(1):
        c = c * 26 + ord(ch) - 64
    return int(m.group(2)), c  # 1-based row, 1-based column


def text_of(si):
    # a shared or inline string: every <t> under it (rich runs too)
    return ''.join(t.text or '' for t in si.iter('{%s}t' % NS['m']))


def load(book):
    z = zipfile.ZipFile(book)
    wb = ET.fromstring(z.read('xl/workbook.xml'))
    rels = ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))
    target = {r.get('Id'): r.get('Target') for r in rels}
    shared = []
    if 'xl/sharedStrings.xml' in z.namelist():
        ss = ET.fromstring(z.read('xl/sharedStrings.xml'))
        shared = [text_of(si) for si in ss.findall('m:si', NS)]
    st = ET.fromstring(z.read('xl/styles.xml'))
    codes = dict(BUILTIN)
    for nf in st.findall('m:numFmts/m:numFmt', NS):
        codes[int(nf.get('numFmtId'))] = nf.get('formatCode')
    xfs = [codes.get(int(x.get('numFmtId', '0')), '?')
           for x in st.findall('m:cellXfs/m:xf', NS)]
    sheets = []
    for s in wb.findall('m:sheets/m:sheet', NS):
        rid = s.get('{%s}id' % NS['r'])
        path = 'xl/' + target[rid].lstrip('/').replace('xl/', '', 1)
        root = ET.fromstring(z.read(path))
        cells = {}
        for c in root.iter('{%s}c' % NS['m']):
            rc = col_index(c.get('r'))
            t = c.get('t', 'n')
            v = c.find('m:v', NS)
            fmt = xfs[int(c.get('s', '0'))]
            if t == 's':
                cells[rc] = ('s', shared[int(v.text)], fmt)
            elif t == 'inlineStr':
                cells[rc] = ('s', text_of(c.find('m:is', NS)), fmt)
            elif t == 'str':
                cells[rc] = ('s', v.text or '', fmt)
            elif t == 'n' and v is not None:
                cells[rc] = ('n', float(v.text), fmt)
            elif v is None:
                continue  # a blank with a format only
            else:
                cells[rc] = (t, v.text, fmt)
            if c.find('m:f', NS) is not None:
                bad('%s!%s is a formula' % (s.get('name'), c.get('r')))
        sheets.append((s.get('name'), cells))
    return sheets


def decimals(code):
    # decimals of the first section of a number format code
    first = code.split(';')[0]
    m = re.search(r'\.(0+)', first)
    return len(m.group(1)) if m else 0


def unquote(v):
    # the CSV bundle's formula neutralising: a leading ' before = + - @ tab CR
    if len(v) > 1 and v[0] == "'" and v[1] in '=+-@\t\r':
        return v[1:]
    return v


def main():
    book, csvdir, ini = sys.argv[1:4]
    cp = configparser.ConfigParser(comment_prefixes=(';', '#'),
                                   inline_comment_prefixes=None,
                                   interpolation=None)
    cp.read(ini, encoding='utf-8')
    threshold = int(cp.get('disclosure', 'count-threshold', fallback='5'))
    sheets = load(book)
    man = list(csv.DictReader(open(csvdir + '/manifest.csv', newline='',
                                   encoding='utf-8')))
    if len(sheets) != len(man):
        bad('%d sheets for %d tables' % (len(sheets), len(man)))
    names = [n.lower() for n, _ in sheets]
    if len(set(names)) != len(names):
        bad('sheet names not unique: %r' % names)
    legend = None
    for m in man:
        if 'teckenforklaring' in m['file']:
            legend = list(csv.reader(open(csvdir + '/' + m['file'],
                                          newline='', encoding='utf-8')))[1:]
    if not legend:
        bad('no legend table in the bundle')
        legend = []
    for (name, cells), m in zip(sheets, man):
        stem = m['file'][:-4]
        if stem.startswith('tabell-'):
            stem = stem[7:]
        if len(name) > 31 or name != stem[:31]:
            bad('sheet %r for %s' % (name, m['file']))
        want = 'Tabell %s. %s' % (m['table'], m['caption'])
        if cells.get((1, 1), (None, None))[1] != want:
            bad('%s!A1 = %r, want %r' % (name, cells.get((1, 1)), want))
        rows = list(csv.reader(open(csvdir + '/' + m['file'], newline='',
                                    encoding='utf-8')))
        width = len(rows[0])
        for i, row in enumerate(rows):
            r = 3 + i
            for j in range(1, 40):
                got = cells.get((r, j))
                if j > width:
                    if got is not None:
                        bad('%s row %d col %d: %r beyond the table' %
                            (name, r, j, got))
                    continue
                v = unquote(row[j - 1])
                where = '%s row %d col %d (%s)' % (name, r, j, rows[0][j - 1])
                if v == '':
                    if got is not None and got[1] != '':
                        bad('%s: %r, want empty' % (where, got))
                    continue
                num = NUMBER.match(v)
                if i == 0 or j == width or not num or \
                        len(v.replace('-', '').replace('.', '')) > 15:
                    if got is None or got[0] != 's' or got[1] != v:
                        bad('%s: %r, want text %r' % (where, got, v))
                    continue
                if got is None or got[0] != 'n' or got[1] != float(v):
                    bad('%s: %r, want number %s' % (where, got, v))
                    continue
                dec = len(num.group(3) or '')
                if decimals(got[2]) != dec:
                    bad('%s: format %r for %s' % (where, got[2], v))
        # below the table: notes, source, legend, rules
        below = {}
        first = 3 + len(rows)
        if any(rc[0] == first for rc in cells):
            bad('%s: no blank row after the table' % name)
        for (r, c), got in cells.items():
            if r > first:
                below.setdefault(r, {})[c] = got[1]
        texts = [below[r].get(1, '') for r in sorted(below)]
        notes = [n for n in m['notes'].split(' | ') if n]
        for n in notes:
            if 'Anm. ' + n not in texts:
                bad('%s: note %r missing' % (name, n))
        if m['source'] and m['source'] not in texts:
            bad('%s: source %r missing' % (name, m['source']))
        if 'Teckenförklaring' not in texts:
            bad('%s: no Teckenförklaring' % name)
        pairs = [(below[r].get(1, ''), below[r].get(2, '')) for r in below]
        for sym, meaning, *_ in legend:
            if (sym, meaning) not in pairs:
                bad('%s: legend row %r %r missing' % (name, sym, meaning))
        if 'Röjandeskydd' not in texts:
            bad('%s: no Röjandeskydd' % name)
        rule = 'antal från 1 till %d döljs (..)' % (threshold - 1)
        if not any(rule in t for t in texts):
            bad('%s: no rule %r' % (name, rule))
    report()


if __name__ == '__main__':
    main()
