#!/usr/bin/env python3
"""Regenerate the bundled sample survey (synthetic; every number invented).

    python3 data-samples/make_samples.py      # from the repository root

Writes the school survey's three rounds, one file each as the survey tool
delivers them (ungdomsenkat_2023.csv, ungdomsenkat_2025.csv,
ungdomsenkat_2027.csv: UTF-8 with BOM, ';', CRLF, decimal comma, as
school-survey tools export it), the same rows in one file
(ungdomsenkat_exempel.csv) and kodbok_exempel.csv (its codebook, the
format of kartlagg-codebook(5)).  Seeded: the same bytes every time.
A stratified two-stage design: 8 kommuner (strata) x 2-10 schools (PSUs)
per wave, three waves (2023, 2025, 2027), about 1 950 respondents a wave;
weight = kommun pupils / pupils sampled.  The shares rise in 2027 (a
factor 1.5), so the appendix's series over the rounds has a trend.
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261123)

# (kommunkod, name, pupils per school year and wave, schools sampled,
# pupils sampled per school): about 1 900 respondents a wave, from a large
# kommun down to one (Norberg) too small for its own figures.
KOMMUNER = [("1980", "Västerås", 2600, 10, 70), ("1983", "Köping", 600, 4, 60),
            ("1981", "Sala", 550, 4, 60), ("1961", "Hallstahammar", 420, 3, 60),
            ("1984", "Arboga", 300, 3, 60), ("1982", "Fagersta", 300, 3, 60),
            ("1907", "Surahammar", 250, 3, 50), ("1962", "Norberg", 150, 2, 30)]
ITEMS = [
    ("Fråga 21: Har du någon gång blivit erbjuden ersättning för att utföra sexuella handlingar?",
     "erbjuden_ersattning", 0.06),
    ("Fråga 22: Har du någon gång fått ersättning för sexuella handlingar?",
     "salt_sex_nagonsin", 0.02),
    ("Fråga 23: Har du under de senaste 12 månaderna fått ersättning för sexuella handlingar?",
     "salt_sex_12man", 0.012),
]
ERS = [("Fråga 25: Vad fick du som ersättning? Pengar", "ers_pengar", 0.5),
       ("Fråga 25: Vad fick du som ersättning? Saker (t.ex. kläder, mobil, presenter)", "ers_saker", 0.4),
       ("Fråga 25: Vad fick du som ersättning? Boende (\"ställe att sova på\")", "ers_boende", 0.15)]


def yesno(p):
    u = rng.random()
    if u < 0.03:
        return ""          # not answered
    if u < 0.05:
        return "8"         # vill inte svara
    return "1" if rng.random() < p else "2"


def q(s):
    return '"' + s.replace('"', '""') + '"' if any(c in s for c in ';"\r\n') else s


YEARS_SURVEY = (2023, 2025, 2027)
TREND = {2023: 1.0, 2025: 1.0, 2027: 1.5}
rows = []
header = ["Löpnummer", "År", "Kommunkod", "Kommun", "Skola", "Årskurs", "Kön", "Vikt"]
header += [h for h, _, _ in ITEMS]
header += ["Fråga 24: Om ja på fråga 22: Fick du kontakt med personen första gången via internet?"]
header += [h for h, _, _ in ERS]
for year in YEARS_SURVEY:
    lop = 0
    for kod, namn, pupils, schools, per_school in KOMMUNER:
        weight = pupils / (schools * per_school)
        for s in range(1, schools + 1):
            for _ in range(per_school):
                lop += 1
                kon = rng.choices(["1", "2", "3"], [0.49, 0.49, 0.02])[0]
                ak = rng.choice(["9", "gy2"])
                boost = (1.8 if kon == "3" else 1.0) * TREND[year]
                ans = [yesno(p * boost) for _, _, p in ITEMS]
                sold = ans[1] == "1"
                kontakt = (yesno(0.7) if sold else "")
                ers = ["" for _ in ERS]
                if sold:
                    ers = ["1" if rng.random() < p else "" for _, _, p in ERS]
                    if not any(ers):
                        ers[0] = "1"
                w = f"{weight * rng.uniform(0.9, 1.1):.6f}".replace(".", ",")
                rows.append([str(lop), str(year), kod, namn, f"S{kod}-{s:02d}",
                             ak, kon, w] + ans + [kontakt] + ers)

def write_survey(name, body):
    with open(os.path.join(HERE, name), "w", encoding="utf-8-sig", newline="") as f:
        for r in [header] + body:
            f.write(";".join(q(c) for c in r) + "\r\n")


write_survey("ungdomsenkat_exempel.csv", rows)
for year in YEARS_SURVEY:
    write_survey(f"ungdomsenkat_{year}.csv", [r for r in rows if r[1] == str(year)])

cb = [("kolumn", "kortnamn", "etikett", "typ", "giltiga_koder", "bortfallskoder", "filter", "nyckel"),
      ("Löpnummer", "lopnr", "Löpnummer (unikt inom År)", "heltal", "1-", "", "", "1"),
      ("År", "year", "Undersökningsår (våg)", "heltal", "|".join(map(str, YEARS_SURVEY)), "", "", "1"),
      ("Kommunkod", "kod", "Kommunkod (SCB), stratum", "text (4 siffror)",
       "|".join(k[0] for k in KOMMUNER), "", "", ""),
      ("Kommun", "kommun", "Kommunnamn", "text", "", "", "", ""),
      ("Skola", "skola", "Skol-id, PSU (unikt inom År)", "text", "S<kommunkod>-<nn>", "", "", ""),
      ("Årskurs", "arskurs", "Årskurs", "kategori", "9=Grundskolan åk 9|gy2=Gymnasiet år 2", "", "", ""),
      ("Kön", "kon", "Kön", "kategori", "1=Pojke|2=Flicka|3=Annat/vill ej uppge", "", "", ""),
      ("Vikt", "vikt", "Designvikt", "decimaltal (decimalkomma)", "> 0", "", "", "")]
for h, n, _ in ITEMS:
    cb.append((h, n, h.split(": ", 1)[1], "kategori", "1=Ja|2=Nej", "8=Vill inte svara|tom=Ej besvarad", "", ""))
cb.append((header[11], "kontakt_internet", "Första kontakten via internet", "kategori", "1=Ja|2=Nej",
           "8=Vill inte svara|tom=Ej besvarad", "Besvaras endast om salt_sex_nagonsin = 1", ""))
for h, n, _ in ERS:
    cb.append((h, n, "Ersättning: " + n[4:], "flerval", "1=Markerad", "tom=Ej markerad",
               "Besvaras endast om salt_sex_nagonsin = 1", ""))
with open(os.path.join(HERE, "kodbok_exempel.csv"), "w", encoding="utf-8", newline="") as f:
    for r in cb:
        f.write(",".join('"' + c.replace('"', '""') + '"' for c in r) + "\n")

# ---------------------------------------------------------------------------
# Feeds for the report demo (kartlagg report): a police extract for the
# kommuner of Västmanlands län 2019-2025 and individuals feeds from four
# organisations, already pseudonymised (personnyckel: a made-up 64-hex key
# per invented person, no personnummer anywhere).  Own generator, so the
# survey above keeps its bytes.
import hashlib

rng2 = random.Random(20261124)
POLICE_KOMMUNER = [("1980", 2.2), ("1983", 0.6), ("1984", 0.3), ("1982", 0.3),
                   ("1960", 0.3), ("1961", 0.4), ("1962", 0.2), ("1907", 0.3),
                   ("1904", 0.1), ("1981", 0.3)]


def police_codes(year):
    """(brottskod, lagrum, weight) valid in year (schemas/brottskoder.csv)."""
    c = [("4024", "BrB 6:11", 6.0), ("0609", "BrB 6:12", 0.6),
         ("0610", "BrB 6:9", 0.8), ("0682", "BrB 6:10 a", 1.0)]
    c.append(("0418", "BrB 4:1 a", 0.3) if year < 2025 else ("9512", "BrB 4:1 a", 0.3))
    c.append(("0611", "BrB 6:8", 0.8) if year < 2024 else ("6153", "BrB 6:8", 0.8))
    return c


rows = []
case = 0
for year in range(2019, 2026):
    for kod, size in POLICE_KOMMUNER:
        for code, lagrum, w in police_codes(year):
            # a police operation against sex purchases in Västerås 2023
            boost = 3.0 if (kod == "1980" and code == "4024" and year == 2023) else 1.0
            lam = size * w * boost * 0.9
            n = sum(1 for _ in range(40) if rng2.random() < lam / 40)
            for _ in range(n):
                case += 1
                month = rng2.randint(1, 12)
                day = rng2.randint(1, 28)
                status = rng2.choice(["förundersökning inledd", "nedlagd", "åtal väckt"])
                internet = rng2.choice(["ja", "nej", "okänt"])
                sex = rng2.choice(["flicka", "kvinna", "pojke", "okänt"])
                age = rng2.choice(["0-14", "15-17", "18+", "okänt"])
                rows.append([f"5000-K{100000 + case}-{year % 100:02d}",
                             f"{year}-{month:02d}-{day:02d}", "", "", code, lagrum,
                             kod, rng2.choice(["lägenhet", "hotell", "okänt", "annan"]),
                             internet, "1", sex, age, status])
with open(os.path.join(HERE, "polis_exempel.csv"), "w", encoding="utf-8", newline="") as f:
    f.write("diarienummer;anmalningsdatum;brottsdatum_fran;brottsdatum_till;brottskod;"
            "lagrum;kommunkod;plats_typ;internetrelaterat;antal_brott;malsagande_kon;"
            "malsagande_aldersgrupp;status\n")
    for r in rows:
        f.write(";".join(r) + "\n")

ORGS = [("Socialtjänsten Västerås", "socialtjanst", 0.45),
        ("Ungdomsmottagningen Västerås", "ungdomsmottagning", 0.35),
        ("Stödverksamheten Vägen ut", "idburen", 0.30),
        ("Polisen Västmanland", "polis", 0.20)]
EXPL = ["sex_mot_ersattning", "sugardejting", "bilder_webcam", "koppleri", "manniskohandel"]
ARENA = ["internet_annons", "internet_social", "webcam", "hotell", "bostad", "gata", "massage"]
COMP = ["pengar", "alkohol_droger", "boende", "gavor_klader", "resor"]
people = []
for i in range(150):
    sex = rng2.choices(["kvinna", "man", "annat", "okant"], [0.7, 0.22, 0.04, 0.04])[0]
    by = rng2.choice(list(range(1975, 2012)))
    key = hashlib.sha256(f"kartlagg-demo-person-{i}".encode()).hexdigest()
    expl = "|".join(sorted(set(rng2.choices(EXPL, [6, 2, 2, 0.5, 0.5], k=rng2.randint(1, 2))),
                           key=EXPL.index))
    arena = "|".join(sorted(set(rng2.choices(ARENA, k=rng2.randint(1, 2))), key=ARENA.index))
    comp = "|".join(sorted(set(rng2.choices(COMP, [5, 2, 1, 1, 1], k=rng2.randint(1, 2))),
                           key=COMP.index))
    kommun = rng2.choice(["1980", "1980", "1980", "1983", "1984", "1982"])
    people.append((key, sex, by, kommun, expl, arena, comp))
# The police's delivery comes in a file of its own, and twice: a first
# delivery (individer_polisen_2025.csv) that listed some persons twice,
# under a second key made from a typo in the personnummer, and the
# corrected re-delivery (individer_polisen_2025_rattad.csv) that replaces
# it (kartlagg import --replace).  The three other organisations are in
# individer_pseudonymiserade.csv.
IND_HEAD = ("organisation;organisationstyp;period;personnyckel;nyckeltyp;kon;fodelsear;"
            "alder;kommunkod;roll;exploatering;arena;ersattning\n")
police_rows = []
with open(os.path.join(HERE, "individer_pseudonymiserade.csv"), "w", encoding="utf-8",
          newline="") as f:
    f.write(IND_HEAD)
    for org, typ, p in ORGS:
        for key, sex, by, kommun, expl, arena, comp in people:
            # a person known to one organisation is more likely known to
            # the next (positive dependence between lists)
            if rng2.random() < p:
                row = [org, typ, "2025", key, "stark", sex, str(by), "",
                       kommun, "utsatt", expl, arena, comp]
                if typ == "polis":
                    police_rows.append(row)
                else:
                    f.write(";".join(row) + "\n")
with open(os.path.join(HERE, "individer_polisen_2025_rattad.csv"), "w", encoding="utf-8",
          newline="") as f:
    f.write(IND_HEAD)
    for row in police_rows:
        f.write(";".join(row) + "\n")
rng5 = random.Random(20261203)
with open(os.path.join(HERE, "individer_polisen_2025.csv"), "w", encoding="utf-8",
          newline="") as f:
    f.write(IND_HEAD)
    for i, row in enumerate(police_rows):
        f.write(";".join(row) + "\n")
        if rng5.random() < 0.25:
            twin = hashlib.sha256(f"kartlagg-demo-typo-{i}".encode()).hexdigest()
            f.write(";".join(row[:3] + [twin] + row[4:]) + "\n")

# The SCB population (BE0101 shape, "totalt ålder" by sex) for the rates per
# 100 000 in the report demo: invented figures of about the right size for
# the kommuner of Västmanlands län, the län row the sum of its kommuner.
POP = [("1904", "Skinnskatteberg", 4300), ("1907", "Surahammar", 10200),
       ("1960", "Kungsör", 8700), ("1961", "Hallstahammar", 16500),
       ("1962", "Norberg", 5700), ("1980", "Västerås", 156000),
       ("1981", "Sala", 22800), ("1982", "Fagersta", 13400),
       ("1983", "Köping", 26500), ("1984", "Arboga", 14000)]
YEARS = list(range(2019, 2026))
rng3 = random.Random(20261125)
cells = {}
for kod, namn, base in POP:
    for sex, share in (("män", 0.505), ("kvinnor", 0.495)):
        v = base * share
        for y in YEARS:
            v *= 1 + rng3.uniform(-0.003, 0.009)
            cells[(kod, sex, y)] = int(round(v))
# 2026 and 2027 (the survey's third round) continue each series with a
# generator of their own, so the figures up to 2025 keep their values.
YEARS_MORE = [2026, 2027]
rng4 = random.Random(20261203)
for kod, namn, base in POP:
    for sex in ("män", "kvinnor"):
        v = cells[(kod, sex, YEARS[-1])]
        for y in YEARS_MORE:
            v *= 1 + rng4.uniform(-0.003, 0.009)
            cells[(kod, sex, y)] = int(round(v))
ALL_YEARS = YEARS + YEARS_MORE
young = []
with open(os.path.join(HERE, "folkmangd_exempel.csv"), "w", encoding="utf-8", newline="") as f:
    f.write('"region","ålder","kön",' + ",".join(f'"Folkmängd {y}"' for y in ALL_YEARS) + "\n")
    for sex in ("män", "kvinnor"):
        f.write(f'"19 Västmanlands län","totalt ålder","{sex}",' +
                ",".join(str(sum(cells[(k, sex, y)] for k, _, _ in POP)) for y in ALL_YEARS) +
                "\n")
    for kod, namn, _ in POP:
        for sex in ("män", "kvinnor"):
            f.write(f'"{kod} {namn}","totalt ålder","{sex}",' +
                    ",".join(str(cells[(kod, sex, y)]) for y in ALL_YEARS) + "\n")
    # The 15- and 17-year-olds (åk 9 and gy2) of the kommuner the
    # survey covers, for calibration and population counts: about a quarter
    # of the survey's pupils per age and sex, give or take 10 %.
    for kod, namn, pupils, _, _ in KOMMUNER:
        for age in ("15 år", "17 år"):
            for sex in ("män", "kvinnor"):
                v = pupils / 4 * rng3.uniform(0.9, 1.1)
                vals = []
                for y in YEARS:
                    v *= 1 + rng3.uniform(-0.02, 0.03)
                    vals.append(str(int(round(v))))
                young.append((f'"{kod} {namn}","{age}","{sex}",', v, vals))
    for head, v, vals in young:
        for y in YEARS_MORE:
            v *= 1 + rng4.uniform(-0.02, 0.03)
            vals.append(str(int(round(v))))
        f.write(head + ",".join(vals) + "\n")
