#!/usr/bin/env python3
"""gen_sweden.py REGIONS.csv OUTDIR - the data of an appendix for all of
Sweden, for bench/report.sh (synthetic: every number invented).

REGIONS.csv names the 290 kommuner and their län: schemas/regioner.csv
(the rows of today's division) or shared/reference/geo/kommuner.csv.
Writes into OUTDIR, seeded (the same bytes every time):

  ungdomsenkat.csv  a school survey, two rounds (2023, 2025) of 50 000
                    respondents each (100 000 in all) in every kommun,
                    stratified by kommun, about 60 pupils per school (PSU),
                    in the bundled sample's export format (UTF-8 BOM, ';',
                    CRLF, decimal comma)
  kodbok.csv        its codebook (kartlagg-codebook(5))
  folkmangd.csv     SCB population 2019-2025: riket, the 21 län and the
                    290 kommuner by sex, and each kommun's 15- and
                    17-year-olds (the survey's ages)
  polis.csv         200 000 police cases 2019-2025 over the kommuner
  individer.csv     50 000 pseudonymised person records from 50
                    organisations (six types) of the 21 län, about 31 000
                    persons, most known to one organisation, some to more
  rapport.ini       the appendix over the 21 län (riket)
"""
import hashlib
import math
import os
import random
import sys

SURVEY_PER_ROUND = 50_000
POLICE_CASES = 200_000
PERSON_RECORDS = 50_000
ORGANISATIONS = 50
YEARS = list(range(2019, 2026))

rng = random.Random(20261203)


def read_kommuner(path):
    """(kommunkod, kommun, lanskod, lan) of today's 290 kommuner, from
    schemas/regioner.csv (kod,namn,lanskod,fran,till,ny_kod; the rows
    without an end year) or shared/reference/geo/kommuner.csv
    (kommunkod,kommun,lanskod,lan)."""
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\r\n") for l in f if l.strip() and not l.startswith("#")]
    if lines[0].startswith("kommunkod,"):
        return [tuple(l.split(",")[:4]) for l in lines[1:]]
    rows = [l.split(",") for l in lines]
    lan = {r[0]: r[1] for r in rows if len(r[0]) == 2 and not r[4]}
    return [(r[0], r[1], r[2], lan[r[2]]) for r in rows if len(r[0]) == 4 and not r[4]]


def q(s):
    return '"' + s.replace('"', '""') + '"' if any(c in s for c in ';"\r\n') else s


def main():
    kommuner = read_kommuner(sys.argv[1])
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    lans = sorted({(k[2], k[3]) for k in kommuner})

    # a population per kommun: log-normal, about 10 million in all
    pop = {k[0]: int(math.exp(rng.gauss(9.9, 0.9))) + 2500 for k in kommuner}
    scale = 10_400_000 / sum(pop.values())
    pop = {k: max(2400, int(v * scale)) for k, v in pop.items()}

    # ---- the survey -----------------------------------------------------
    items = [("Fråga 21: Har du någon gång blivit erbjuden ersättning för att "
              "utföra sexuella handlingar?", "erbjuden_ersattning", 0.06),
             ("Fråga 22: Har du någon gång fått ersättning för sexuella handlingar?",
              "salt_sex_nagonsin", 0.02),
             ("Fråga 23: Har du under de senaste 12 månaderna fått ersättning för "
              "sexuella handlingar?", "salt_sex_12man", 0.012)]
    ers = [("Fråga 25: Vad fick du som ersättning? Pengar", "ers_pengar", 0.5),
           ("Fråga 25: Vad fick du som ersättning? Saker", "ers_saker", 0.4),
           ("Fråga 25: Vad fick du som ersättning? Boende", "ers_boende", 0.15)]
    kontakt_h = ("Fråga 24: Om ja på fråga 22: Fick du kontakt med personen "
                 "första gången via internet?")
    total = sum(pop.values())
    # respondents per kommun: proportional to its population, at least 40
    alloc = {k: max(40, int(SURVEY_PER_ROUND * v / total)) for k, v in pop.items()}
    # exactly SURVEY_PER_ROUND: the difference from the largest kommuner
    diff = SURVEY_PER_ROUND - sum(alloc.values())
    big = sorted(alloc, key=lambda k: (-alloc[k], k))[:20]
    for i in range(abs(diff)):
        alloc[big[i % len(big)]] += 1 if diff > 0 else -1

    def yesno(p):
        u = rng.random()
        if u < 0.03:
            return ""
        if u < 0.05:
            return "8"
        return "1" if rng.random() < p else "2"

    header = ["Löpnummer", "År", "Kommunkod", "Kommun", "Skola", "Årskurs", "Kön",
              "Vikt"] + [h for h, _, _ in items] + [kontakt_h] + [h for h, _, _ in ers]
    with open(os.path.join(out, "ungdomsenkat.csv"), "w", encoding="utf-8-sig",
              newline="") as f:
        f.write(";".join(q(c) for c in header) + "\r\n")
        for year in (2023, 2025):
            lop = 0
            for kod, namn, _, _ in kommuner:
                n = alloc[kod]
                schools = max(2, round(n / 60))
                pupils = pop[kod] * 0.022  # pupils in the two school years
                weight = pupils / n
                for i in range(n):
                    lop += 1
                    s = i % schools + 1
                    kon = rng.choices(["1", "2", "3"], [0.49, 0.49, 0.02])[0]
                    ak = rng.choice(["9", "gy2"])
                    boost = 1.8 if kon == "3" else 1.0
                    ans = [yesno(p * boost) for _, _, p in items]
                    sold = ans[1] == "1"
                    kontakt = yesno(0.7) if sold else ""
                    e = ["" for _ in ers]
                    if sold:
                        e = ["1" if rng.random() < p else "" for _, _, p in ers]
                        if not any(e):
                            e[0] = "1"
                    w = f"{weight * rng.uniform(0.9, 1.1):.6f}".replace(".", ",")
                    row = [str(lop), str(year), kod, namn, f"S{kod}-{s:03d}", ak, kon,
                           w] + ans + [kontakt] + e
                    f.write(";".join(q(c) for c in row) + "\r\n")

    cb = [("kolumn", "kortnamn", "etikett", "typ", "giltiga_koder", "bortfallskoder",
           "filter", "nyckel"),
          ("Löpnummer", "lopnr", "Löpnummer (unikt inom År)", "heltal", "1-", "", "", "1"),
          ("År", "year", "Undersökningsår (våg)", "heltal", "2023|2025", "", "", "1"),
          ("Kommunkod", "kod", "Kommunkod (SCB), stratum", "text (4 siffror)",
           "|".join(k[0] for k in kommuner), "", "", ""),
          ("Kommun", "kommun", "Kommunnamn", "text", "", "", "", ""),
          ("Skola", "skola", "Skol-id, PSU (unikt inom År)", "text", "", "", "", ""),
          ("Årskurs", "arskurs", "Årskurs", "kategori",
           "9=Grundskolan åk 9|gy2=Gymnasiet år 2", "", "", ""),
          ("Kön", "kon", "Kön", "kategori", "1=Pojke|2=Flicka|3=Annat/vill ej uppge",
           "", "", ""),
          ("Vikt", "vikt", "Designvikt", "decimaltal (decimalkomma)", "> 0", "", "", "")]
    for h, n, _ in items:
        cb.append((h, n, h.split(": ", 1)[1], "kategori", "1=Ja|2=Nej",
                   "8=Vill inte svara|tom=Ej besvarad", "", ""))
    cb.append((kontakt_h, "kontakt_internet", "Första kontakten via internet", "kategori",
               "1=Ja|2=Nej", "8=Vill inte svara|tom=Ej besvarad",
               "Besvaras endast om salt_sex_nagonsin = 1", ""))
    for h, n, _ in ers:
        cb.append((h, n, "Ersättning: " + n[4:], "flerval", "1=Markerad", "tom=Ej markerad",
                   "Besvaras endast om salt_sex_nagonsin = 1", ""))
    with open(os.path.join(out, "kodbok.csv"), "w", encoding="utf-8", newline="") as f:
        for r in cb:
            f.write(",".join('"' + c.replace('"', '""') + '"' for c in r) + "\n")

    # ---- SCB population ----------------------------------------------------
    cells = {}
    for kod, _, _, _ in kommuner:
        for sex, share in (("män", 0.503), ("kvinnor", 0.497)):
            v = pop[kod] * share
            for y in YEARS:
                v *= 1 + rng.uniform(-0.003, 0.009)
                cells[(kod, sex, y)] = int(round(v))
    with open(os.path.join(out, "folkmangd.csv"), "w", encoding="utf-8", newline="") as f:
        f.write('"region","ålder","kön",' + ",".join(f'"Folkmängd {y}"' for y in YEARS) + "\n")
        for sex in ("män", "kvinnor"):
            f.write(f'"00 Riket","totalt ålder","{sex}",' + ",".join(
                str(sum(cells[(k[0], sex, y)] for k in kommuner)) for y in YEARS) + "\n")
        for lan, lannamn in lans:
            ks = [k[0] for k in kommuner if k[2] == lan]
            for sex in ("män", "kvinnor"):
                f.write(f'"{lan} {lannamn}","totalt ålder","{sex}",' + ",".join(
                    str(sum(cells[(k, sex, y)] for k in ks)) for y in YEARS) + "\n")
        for kod, namn, _, _ in kommuner:
            for sex in ("män", "kvinnor"):
                f.write(f'"{kod} {namn}","totalt ålder","{sex}",' +
                        ",".join(str(cells[(kod, sex, y)]) for y in YEARS) + "\n")
        for kod, namn, _, _ in kommuner:
            for age in ("15 år", "17 år"):
                for sex in ("män", "kvinnor"):
                    v = pop[kod] * 0.0058 * rng.uniform(0.9, 1.1)
                    vals = []
                    for y in YEARS:
                        v *= 1 + rng.uniform(-0.02, 0.03)
                        vals.append(str(max(1, int(round(v)))))
                    f.write(f'"{kod} {namn}","{age}","{sex}",' + ",".join(vals) + "\n")

    # ---- police cases ------------------------------------------------------
    codes = {}
    for y in YEARS:
        c = [("4024", "BrB 6:11", 6.0), ("0609", "BrB 6:12", 0.6),
             ("0610", "BrB 6:9", 0.8), ("0682", "BrB 6:10 a", 1.0)]
        c.append(("0418", "BrB 4:1 a", 0.3) if y < 2025 else ("9512", "BrB 4:1 a", 0.3))
        c.append(("0611", "BrB 6:8", 0.8) if y < 2024 else ("6153", "BrB 6:8", 0.8))
        codes[y] = c
    kod_list = [k[0] for k in kommuner]
    kod_w = [pop[k] for k in kod_list]
    lan_of = {k[0]: k[2] for k in kommuner}
    with open(os.path.join(out, "polis.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("diarienummer;anmalningsdatum;brottsdatum_fran;brottsdatum_till;brottskod;"
                "lagrum;kommunkod;plats_typ;internetrelaterat;antal_brott;malsagande_kon;"
                "malsagande_aldersgrupp;status\n")
        picks = rng.choices(kod_list, kod_w, k=POLICE_CASES)
        for i, kod in enumerate(picks):
            y = YEARS[i * len(YEARS) // POLICE_CASES]
            code, lagrum, _ = rng.choices(codes[y], [w for _, _, w in codes[y]])[0]
            f.write(";".join([
                f"{5000 + int(lan_of[kod])}-K{100000 + i}-{y % 100:02d}",
                f"{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "", "", code,
                lagrum, kod, rng.choice(["lägenhet", "hotell", "okänt", "annan"]),
                rng.choice(["ja", "nej", "okänt"]), "1",
                rng.choice(["flicka", "kvinna", "pojke", "okänt"]),
                rng.choice(["0-14", "15-17", "18+", "okänt"]),
                rng.choice(["förundersökning inledd", "nedlagd", "åtal väckt"])]) + "\n")

    # ---- individuals: 50 organisations, 1 000 records each ------------------
    types = ["socialtjanst", "halso_sjukvard", "ungdomsmottagning",
             "specialistmottagning", "idburen", "polis"]
    expl = ["sex_mot_ersattning", "sugardejting", "bilder_webcam", "koppleri",
            "manniskohandel"]
    arena = ["internet_annons", "internet_social", "webcam", "hotell", "bostad", "gata",
             "massage"]
    comp = ["pengar", "alkohol_droger", "boende", "gavor_klader", "resor"]
    # persons by län in proportion to the population, at least 1 500 a
    # län (an organisation there knows 1 000)
    lan_pop = {}
    for k in kommuner:
        lan_pop[k[2]] = lan_pop.get(k[2], 0) + pop[k[0]]
    persons = {}
    pid = 0
    for lan, _ in lans:
        ks = [k[0] for k in kommuner if k[2] == lan]
        kw = [pop[k] for k in ks]
        n = max(1500, int(28_000 * lan_pop[lan] / total))
        plist = []
        for _ in range(n):
            pid += 1
            plist.append((
                hashlib.sha256(f"kartlagg-bench-person-{pid}".encode()).hexdigest(),
                rng.choices(["kvinna", "man", "annat", "okant"], [0.7, 0.22, 0.04, 0.04])[0],
                str(rng.randint(1960, 2011)), rng.choices(ks, kw)[0],
                "|".join(sorted(set(rng.choices(expl, [6, 2, 2, 0.5, 0.5],
                                                k=rng.randint(1, 2))), key=expl.index)),
                "|".join(sorted(set(rng.choices(arena, k=rng.randint(1, 2))),
                                key=arena.index)),
                "|".join(sorted(set(rng.choices(comp, [5, 2, 1, 1, 1],
                                                k=rng.randint(1, 2))), key=comp.index))))
        persons[lan] = plist
    # the organisations: 50 over the län (the largest get more), six types
    lan_order = sorted(lan_pop, key=lambda l: -lan_pop[l])
    orgs = [(lan_order[i % len(lan_order)], types[i % len(types)])
            for i in range(ORGANISATIONS)]
    lan_names = dict(lans)
    with open(os.path.join(out, "individer.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("organisation;organisationstyp;period;personnyckel;nyckeltyp;kon;fodelsear;"
                "alder;kommunkod;roll;exploatering;arena;ersattning\n")
        per_org = PERSON_RECORDS // ORGANISATIONS
        for i, (lan, typ) in enumerate(orgs):
            plist = persons[lan]
            # a person known to one organisation of the län is likelier known
            # to another: each draws from the front of the list more often
            k = min(per_org, len(plist))
            seen = set()
            idx = []
            while len(idx) < k:
                j = int(len(plist) * rng.random() ** 1.3)
                if j not in seen:
                    seen.add(j)
                    idx.append(j)
            name = f"Organisation {i + 1:02d} ({lan_names[lan]})"
            for j in sorted(idx):
                key, sex, by, kommun, ex, ar, co = plist[j]
                f.write(";".join([name, typ, "2025", key, "stark", sex, by, "", kommun,
                                  "utsatt", ex, ar, co]) + "\n")

    with open(os.path.join(out, "rapport.ini"), "w", encoding="utf-8") as f:
        f.write(f"""; bench/report.sh: the appendix for all of Sweden (synthetic data)
[report]
title = Sex mot ersättning – kartläggning Sverige 2025 (benchmark)
region = {", ".join(l for l, _ in lans)}
period = 2025
formats = text, md, csv, html, xlsx

[survey]
name = ungdomsenkat
round = year
current = 2025
previous = 2023
strata = kod
psu = skola
weight = vikt
population = kod=region arskurs=age:9=15,gy2=17 kon=sex:1=män,2=kvinnor
kommun = kod
sex = kon
school-year = arskurs
ever = salt_sex_nagonsin
last-12-months = salt_sex_12man
compensation = ers_pengar, ers_saker, ers_boende
contact = kontakt_internet

[individuals]
period = 2025
role = utsatt

[offences]
period = 2019-2025
source = auto

[mse]
lists = organisation-type
rule = stepwise
bootstrap = 200
seed = 20250101

[disclosure]
count-threshold = 5
margin-rule = 10
min-respondents = 30
min-numerator = 5
caution-rse = 0.30
""")


if __name__ == "__main__":
    main()
