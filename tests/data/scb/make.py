#!/usr/bin/env python3
"""Write the SCB population test exports and the rows each must store.

Run from this directory: python3 make.py.  Every file is small and made by
hand here (the numbers are invented); for each one the expected rows of
table population are written from the same specification, independently
of kartlagg, to tests/cli/import-scb-<shape>/check.out.  Columns of a
row: _line|region|level|year|age|age_plus|sex|count|symbol ('' = NULL).
"""
import os

CLI = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'cli')
CHECK_SQL = ("SELECT _line, region, level, year, age, age_plus, sex, count, symbol\n"
             "FROM population ORDER BY _line, year;\n")


def q(s):
    return '"' + s + '"'


def level(code):
    return 'riket' if code == '00' else 'lan' if len(code) == 2 else 'kommun'


def write(name, lines, encoding='utf-8', bom=False, eol='\r\n'):
    data = eol.join(lines) + eol
    raw = data.encode(encoding)
    if bom:
        raw = b'\xef\xbb\xbf' + raw
    with open(name, 'wb') as f:
        f.write(raw)


def expect(case, rows):
    d = os.path.join(CLI, case)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, 'check.sql'), 'w') as f:
        f.write(CHECK_SQL)
    rows = sorted(rows, key=lambda r: (r[0], r[3]))
    with open(os.path.join(d, 'check.out'), 'w') as f:
        for r in rows:
            f.write('|'.join('' if v is None else str(v) for v in r) + '\n')


# 1. years in the stub: region, ålder, kön, år, Folkmängd; codes and names;
#    UTF-8 without BOM, comma, CRLF (the shape of befolkning_vastmanland.csv)
rows, lines = [], ['"region","ålder","kön","år","Folkmängd"']
spec = [('1980', 'Västerås', '15 år', 15, 'män', 2023, 1036),
        ('1980', 'Västerås', '15 år', 15, 'kvinnor', 2023, 973),
        ('1980', 'Västerås', '15 år', 15, 'män', 2024, 1040),
        ('19', 'Västmanlands län', '16 år', 16, 'kvinnor', 2025, 1748),
        ('00', 'Riket', '17 år', 17, 'män', 2024, 59994)]
for i, (code, name, alab, age, sex, year, n) in enumerate(spec):
    lines.append(','.join([q(code + ' ' + name), q(alab), q(sex), q(str(year)), str(n)]))
    rows.append((i + 2, code, level(code), year, age, 0, sex, n, None))
write('stub_years.csv', lines)
expect('import-scb-stub-years', rows)

# 2. years in the heading as "Folkmängd 2023"; UTF-8 with BOM, ';', LF;
#    symbols '..', '-' and '–', "100+ år", "totalt ålder", sex totals
rows, lines = [], ['"region";"ålder";"kön";"Folkmängd 2023";"Folkmängd 2024"']
spec = [('1984', 'Arboga', '100+ år', 100, 1, 'män', ['2', '-']),
        ('1984', 'Arboga', '100+ år', 100, 1, 'kvinnor', ['1', '0']),
        ('1984', 'Arboga', 'totalt ålder', None, 0, 'män och kvinnor', ['..', '13612']),
        ('1984', 'Arboga', 'totalt ålder', None, 0, 'män', ['6801', '\u2013']),
        ('1984', 'Arboga', '0 år', 0, 0, 'totalt', ['120', '.'])]
for i, (code, name, alab, age, plus, sex, vals) in enumerate(spec):
    lines.append(';'.join([q(code + ' ' + name), q(alab), q(sex)] + vals))
    s = None if sex in ('män och kvinnor', 'totalt') else sex
    for y, v in zip((2023, 2024), vals):
        if v in ('..', '.'):
            rows.append((i + 2, code, 'kommun', y, age, plus, s, None, v))
        elif v in ('-', '\u2013'):
            rows.append((i + 2, code, 'kommun', y, age, plus, s, 0, v))
        else:
            rows.append((i + 2, code, 'kommun', y, age, plus, s, int(v), None))
write('heading_folkmangd_bom.csv', lines, bom=True, eol='\n')
expect('import-scb-heading-symbols', rows)

# 3. bare year columns "2023","2024"; SCB codes only (region 1980, age 15,
#    100+, tot; sex 1, 2); tab; UTF-8
rows, lines = [], ['"region"\t"ålder"\t"kön"\t"2023"\t"2024"']
spec = [('1980', '15', 15, 0, '1', 'män', [812, 803]),
        ('1980', '100+', 100, 1, '2', 'kvinnor', [13, 13]),
        ('19', 'tot', None, 0, '1', 'män', [139000, 139500]),
        ('00', 'tot', None, 0, '2', 'kvinnor', [5260000, 5270000])]
for i, (code, alab, age, plus, sexcode, sex, vals) in enumerate(spec):
    lines.append('\t'.join([q(code), q(alab), q(sexcode)] + [str(v) for v in vals]))
    for y, v in zip((2023, 2024), vals):
        rows.append((i + 2, code, level(code), y, age, plus, sex, v, None))
write('codes_only_tab.csv', lines)
expect('import-scb-codes-only-tab', rows)

# 4. Windows-1252, ';', names with å ä ö, years in the stub; no kön column
#    (sex eliminated: both sexes)
rows, lines = [], ['region;ålder;år;Folkmängd']
spec = [('0180', 'Stockholm', '16 år', 16, 2024, 9204),
        ('1983', 'Köping', '17 år', 17, 2024, 318),
        ('1980', 'Västerås', 'totalt ålder', None, 2024, 160000)]
for i, (code, name, alab, age, year, n) in enumerate(spec):
    lines.append(';'.join([code + ' ' + name, alab, str(year), str(n)]))
    rows.append((i + 2, code, 'kommun', year, age, 0, None, n, None))
write('cp1252_semicolon.csv', lines, encoding='cp1252')
expect('import-scb-cp1252', rows)

# 5. code changes: Heby 1917 (Västmanland) up to population year 2005,
#    0331 (Uppsala län) from population year 2006 (division of 1 January
#    2007); Knivsta 0330 from population year 2002
rows, lines = [], ['"region","år","Folkmängd"']
spec = [('1917 Heby', '1917', 2005, 13000),
        ('0331 Heby', '0331', 2006, 13100),
        ('0331 Heby', '0331', 2024, 14500),
        ('0330 Knivsta', '0330', 2002, 12000)]
for i, (cell, code, year, n) in enumerate(spec):
    lines.append(','.join([q(cell), q(str(year)), str(n)]))
    rows.append((i + 2, code, 'kommun', year, None, 0, None, n, None))
write('code_changes.csv', lines)
expect('import-scb-code-changes', rows)

# errors (no check.out: the store must stay empty)
write('bad_region.csv', ['"region","ålder","kön","Folkmängd 2024"',
                         '"1980 Västerås","15 år","män",803',
                         '"1999 Okänd","15 år","män",10'])
write('bad_age.csv', ['"region","ålder","kön","Folkmängd 2024"',
                      '"1980 Västerås","15 år","män",803',
                      '"1980 Västerås","femton år","kvinnor",10'])
write('bad_count.csv', ['"region","ålder","kön","Folkmängd 2024"',
                        '"1980 Västerås","15 år","män",80.3'])
write('heby_0331_2005.csv', ['"region","år","Folkmängd"',
                             '"0331 Heby","2005",13000'])
write('heby_1917_2007.csv', ['"region","år","Folkmängd"',
                             '"1917 Heby","2007",13000'])
write('duplicate_cell.csv', ['"region","ålder","kön","Folkmängd 2024"',
                             '"1980 Västerås","15 år","män",803',
                             '"1980","15 år","män",803'])
write('civilstand.csv', ['"region","civilstånd","ålder","kön","Folkmängd 2024"',
                         '"1980 Västerås","ogifta","15 år","män",803'])
write('personnummer.csv', ['"region","ålder","kön","Folkmängd 2024"',
                           '"1980 Västerås","15 år","19640823-3234",803'])
# an update of one cell of stub_years.csv (line 2), for --replace
write('stub_years_update.csv', ['"region","ålder","kön","år","Folkmängd"',
                                '"1980 Västerås","15 år","män","2023",1037'])

# population for count-offences-rates (Västerås, whose police cases are in
# tests/data/feeds): 2024 has a "totalt ålder, both sexes" row of 200000,
# which wins over the age rows beside it; 2025 has only the totalt ålder
# rows of män (100000) and kvinnor (50000): 150000.  The län row must not
# be used for Västerås.  Rates: 1 case / 200000 and 1 / 150000.
write('rates_1980.csv', [
    '"region","ålder","kön","år","Folkmängd"',
    '"1980 Västerås","totalt ålder","män och kvinnor","2024",200000',
    '"1980 Västerås","15 år","män","2024",1000',
    '"1980 Västerås","15 år","kvinnor","2024",900',
    '"1980 Västerås","totalt ålder","män","2025",100000',
    '"1980 Västerås","totalt ålder","kvinnor","2025",50000',
    '"1980 Västerås","16 år","totalt","2025",2000',
    '"19 Västmanlands län","totalt ålder","män och kvinnor","2024",280000'])
# population by age only: 2024 age 15 both sexes 1000 (its män 600 and
# kvinnor 400 rows are not added again), age 16 män 500 + kvinnor 500, age
# 100+ both sexes 2: 2002.  2025: age 15 both sexes '..', män '..' and
# kvinnor 3: unknown, so no rate.
write('rates_by_age_1980.csv', [
    '"region","ålder","kön","Folkmängd 2024","Folkmängd 2025"',
    '"1980","15 år","totalt",1000,..',
    '"1980","15 år","män",600,..',
    '"1980","15 år","kvinnor",400,3',
    '"1980","16 år","män",500,5',
    '"1980","16 år","kvinnor",500,5',
    '"1980","100+ år","totalt",2,1'])
# a region cell whose name is not the table's for the code: a warning,
# the code is used
write('name_mismatch.csv', ['"region","ålder","kön","Folkmängd 2024"',
                            '"1980 Västerås","15 år","män",803',
                            '"1984 Köping","15 år","män",67'])
