#!/usr/bin/env python3
"""gen-reports.py - randomized small data sets and report definitions for
the disclosure-control test bed (tests/sdc/randomized.sh).

usage: gen-reports.py [--seed S] [--count N] OUTDIR

Writes OUTDIR/NN/ for NN = 01 .. N, each with
  enkat.csv      a school survey export (';', decimal comma, BOM, CRLF)
  kodbok.csv     its codebook (kartlagg-codebook(5))
  individer.csv  an individuals feed, pseudonymised (64-hex personnyckel)
  polis.csv      a police extract
  folkmangd.csv  SCB population (BE0101 shape, 15- and 17-year-olds too)
  rapport.ini    a report definition (kartlagg-report(5)), csv only
and OUTDIR/NN/README with what the set varies.  Everything is invented and
the same seed gives the same bytes.  The sets are small on purpose: small
kommuner, a sex group of 1-4 respondents, equal weights in about half of
them, many organisations each knowing few persons (some exactly one),
persons in several kommuner, one-kommun, several-kommun and län regions,
roles and thresholds that vary.
"""

import hashlib
import os
import random
import sys

LAN = {
    "19": ("Västmanlands län", [
        ("1904", "Skinnskatteberg"), ("1907", "Surahammar"),
        ("1960", "Kungsör"), ("1961", "Hallstahammar"), ("1962", "Norberg"),
        ("1980", "Västerås"), ("1981", "Sala"), ("1982", "Fagersta"),
        ("1983", "Köping"), ("1984", "Arboga")]),
    "03": ("Uppsala län", [
        ("0305", "Håbo"), ("0319", "Älvkarleby"), ("0330", "Knivsta"),
        ("0331", "Heby"), ("0360", "Tierp"), ("0380", "Uppsala"),
        ("0381", "Enköping"), ("0382", "Östhammar")]),
}
TYPES = ["socialtjanst", "halso_sjukvard", "ungdomsmottagning",
         "specialistmottagning", "idburen", "polis", "skola", "annan"]
EXPL = ["sex_mot_ersattning", "sugardejting", "bilder_webcam", "koppleri",
        "manniskohandel"]
ARENA = ["internet_annons", "internet_social", "webcam", "hotell", "bostad",
         "gata", "massage"]
COMP = ["pengar", "alkohol_droger", "boende", "gavor_klader", "resor"]
YEARS = list(range(2019, 2026))

ITEMS = [("Fråga 22: Har du någon gång fått ersättning för sexuella "
          "handlingar?", "salt_sex_nagonsin"),
         ("Fråga 23: Har du under de senaste 12 månaderna fått ersättning "
          "för sexuella handlingar?", "salt_sex_12man")]
KONTAKT = ("Fråga 24: Fick du kontakt med personen första gången via "
           "internet?", "kontakt_internet")
ERS = [("Fråga 25: Vad fick du som ersättning? Pengar", "ers_pengar"),
       ("Fråga 25: Vad fick du som ersättning? Saker", "ers_saker"),
       ("Fråga 25: Vad fick du som ersättning? Boende", "ers_boende")]


def q(s):
    if any(c in s for c in ';",\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def survey(rng, kommuner, equal, out):
    """kommuner: [(code, name, pupils per wave)]."""
    head = ["Löpnummer", "År", "Kommunkod", "Kommun", "Skola", "Årskurs",
            "Kön", "Vikt"] + [h for h, _ in ITEMS] + [KONTAKT[0]] + \
        [h for h, _ in ERS]
    rows = []
    p_ever = rng.choice([0.04, 0.08, 0.15])
    small_sex = rng.randint(1, 4)  # respondents of sex 3 in one kommun
    # a third, earlier round 2021 (so the report has a series over three
    # rounds) drawn last with a generator of its own: the rounds 2023
    # and 2025 are those of a two-round data set
    main_rng = rng
    for year in (2023, 2025, 2021):
        rng = main_rng if year != 2021 else \
            random.Random("2021/" + os.path.basename(os.path.normpath(out)))
        lop = 0
        for ki, (kod, namn, pupils) in enumerate(kommuner):
            nschool = 1 if pupils < 15 else rng.randint(2, 3)
            for i in range(pupils):
                lop += 1
                if ki == 0 and year == 2025:
                    kon = "3" if i < small_sex else rng.choice("12")
                elif ki == 0:
                    kon = rng.choice("12")
                else:
                    kon = rng.choices("123", [0.48, 0.48, 0.04])[0]
                ak = rng.choice(["9", "gy2"])
                ans = []
                for j in range(len(ITEMS)):
                    u = rng.random()
                    if u < 0.03:
                        ans.append("")
                    elif u < 0.05:
                        ans.append("8")
                    else:
                        p = p_ever if j == 0 else p_ever * 0.6
                        ans.append("1" if rng.random() < p else "2")
                sold = ans[0] == "1"
                kontakt = rng.choice(["1", "1", "2"]) if sold else ""
                ers = ["" for _ in ERS]
                if sold:
                    ers = ["1" if rng.random() < p else ""
                           for p in (0.6, 0.4, 0.15)]
                    if not any(ers):
                        ers[0] = "1"
                w = 1.0 if equal else rng.uniform(0.5, 3.0)
                rows.append([str(lop), str(year), kod, namn,
                             "S%s-%02d" % (kod, i % nschool + 1), ak, kon,
                             ("%.6f" % w).replace(".", ",")] + ans +
                            [kontakt] + ers)
    with open(os.path.join(out, "enkat.csv"), "w", encoding="utf-8-sig",
              newline="") as f:
        for r in [head] + rows:
            f.write(";".join(q(c) for c in r) + "\r\n")
    cb = [("kolumn", "kortnamn", "etikett", "typ", "giltiga_koder",
           "bortfallskoder", "filter", "nyckel"),
          ("Löpnummer", "lopnr", "Löpnummer", "heltal", "1-", "", "", "1"),
          ("År", "year", "Undersökningsår", "heltal", "2021|2023|2025", "", "",
           "1"),
          ("Kommunkod", "kod", "Kommunkod", "text (4 siffror)",
           "|".join(k[0] for k in kommuner), "", "", ""),
          ("Kommun", "kommun", "Kommunnamn", "text", "", "", "", ""),
          ("Skola", "skola", "Skol-id", "text", "", "", "", ""),
          ("Årskurs", "arskurs", "Årskurs", "kategori",
           "9=Grundskolan åk 9|gy2=Gymnasiet år 2", "", "", ""),
          ("Kön", "kon", "Kön", "kategori",
           "1=Pojke|2=Flicka|3=Annat/vill ej uppge", "", "", ""),
          ("Vikt", "vikt", "Designvikt", "decimaltal (decimalkomma)", "> 0",
           "", "", "")]
    for h, n in ITEMS:
        cb.append((h, n, h.split(": ", 1)[1], "kategori", "1=Ja|2=Nej",
                   "8=Vill inte svara|tom=Ej besvarad", "", ""))
    cb.append((KONTAKT[0], KONTAKT[1], "Första kontakten via internet",
               "kategori", "1=Ja|2=Nej", "8=Vill inte svara|tom=Ej besvarad",
               "Besvaras endast om salt_sex_nagonsin = 1", ""))
    for h, n in ERS:
        cb.append((h, n, "Ersättning: " + n[4:], "flerval", "1=Markerad",
                   "tom=Ej markerad",
                   "Besvaras endast om salt_sex_nagonsin = 1", ""))
    with open(os.path.join(out, "kodbok.csv"), "w", encoding="utf-8",
              newline="") as f:
        for r in cb:
            f.write(",".join('"' + c.replace('"', '""') + '"' for c in r) +
                    "\n")


def individuals(rng, ds, codes, out):
    norg = rng.randint(2, 7)
    one_per_type = rng.random() < 0.5
    types = rng.sample(TYPES, min(norg, len(TYPES))) if one_per_type else \
        [rng.choice(TYPES[:4]) for _ in range(norg)]
    orgs = [("Verksamhet %d %s" % (i + 1, t), t) for i, t in enumerate(types)]
    npers = rng.randint(3, 40)
    people = []
    for i in range(npers):
        key = hashlib.sha256(("kartlagg-sdc-%d-%d" % (ds, i)).encode()
                             ).hexdigest()
        sex = rng.choices(["kvinna", "man", "annat", "okant"],
                          [0.65, 0.25, 0.05, 0.05])[0]
        by = rng.choice([rng.randint(2007, 2012), rng.randint(1970, 2006)])
        roll = rng.choices(["utsatt", "kopare"], [0.8, 0.2])[0]
        # some persons live in more than one kommun over the year
        kom = rng.sample(codes, min(len(codes), rng.choice([1, 1, 1, 2])))
        expl = "|".join(sorted(set(rng.choices(EXPL, [6, 2, 2, 1, 1],
                                               k=rng.randint(1, 2))),
                               key=EXPL.index))
        arena = "|".join(sorted(set(rng.choices(ARENA,
                                                k=rng.randint(1, 2))),
                                key=ARENA.index))
        comp = "|".join(sorted(set(rng.choices(COMP, k=rng.randint(1, 2))),
                               key=COMP.index))
        people.append((key, sex, by, kom, roll, expl, arena, comp))
    with open(os.path.join(out, "individer.csv"), "w", encoding="utf-8",
              newline="") as f:
        f.write("organisation;organisationstyp;period;personnyckel;"
                "nyckeltyp;kon;fodelsear;alder;kommunkod;roll;exploatering;"
                "arena;ersattning\n")
        for oi, (org, typ) in enumerate(orgs):
            if oi == 0:
                known = [people[0]]  # an organisation knowing one person
            else:
                p = rng.uniform(0.15, 0.7)
                known = [x for x in people if rng.random() < p] or \
                    [rng.choice(people)]
            for key, sex, by, kom, roll, expl, arena, comp in known:
                k = kom[oi % len(kom)]
                f.write(";".join([org, typ, "2025", key, "stark", sex,
                                  str(by), "", k, roll, expl, arena, comp]) +
                        "\n")
    return norg, one_per_type, npers


def police(rng, codes, out):
    rows = []
    case = 0
    for year in YEARS:
        for kod in codes:
            for code, lagrum in (("4024", "BrB 6:11"), ("0610", "BrB 6:9")):
                for _ in range(rng.choice([0, 0, 1, 2, 3])):
                    case += 1
                    rows.append(["5000-K%d-%02d" % (200000 + case,
                                                    year % 100),
                                 "%d-%02d-%02d" % (year, rng.randint(1, 12),
                                                   rng.randint(1, 28)),
                                 "", "", code, lagrum, kod, "annan", "okänt",
                                 "1", "okänt", "okänt", "nedlagd"])
    with open(os.path.join(out, "polis.csv"), "w", encoding="utf-8",
              newline="") as f:
        f.write("diarienummer;anmalningsdatum;brottsdatum_fran;"
                "brottsdatum_till;brottskod;lagrum;kommunkod;plats_typ;"
                "internetrelaterat;antal_brott;malsagande_kon;"
                "malsagande_aldersgrupp;status\n")
        for r in rows:
            f.write(";".join(r) + "\n")


def population(rng, lan, lname, kommuner, survey_k, out):
    cells = {}
    for kod, _ in kommuner:
        base = rng.randint(3000, 60000)
        for sex in ("män", "kvinnor"):
            cells[(kod, sex)] = [int(base / 2 * (1 + 0.004 * i))
                                 for i in range(len(YEARS))]
    with open(os.path.join(out, "folkmangd.csv"), "w", encoding="utf-8",
              newline="") as f:
        f.write('"region","ålder","kön",' +
                ",".join('"Folkmängd %d"' % y for y in YEARS) + "\n")
        for sex in ("män", "kvinnor"):
            f.write('"%s %s","totalt ålder","%s",' % (lan, lname, sex) +
                    ",".join(str(sum(cells[(k, sex)][i] for k, _ in kommuner))
                             for i in range(len(YEARS))) + "\n")
        for kod, namn in kommuner:
            for sex in ("män", "kvinnor"):
                f.write('"%s %s","totalt ålder","%s",' % (kod, namn, sex) +
                        ",".join(str(v) for v in cells[(kod, sex)]) + "\n")
        for kod, namn, pupils in survey_k:
            for age in ("15 år", "17 år"):
                for sex in ("män", "kvinnor"):
                    v = max(pupils, 5) * rng.uniform(0.8, 1.5)
                    f.write('"%s %s","%s","%s",' % (kod, namn, age, sex) +
                            ",".join(str(int(v)) for _ in YEARS) + "\n")


def one(ds, rng, out):
    lan = rng.choice(sorted(LAN))
    lname, kommuner = LAN[lan]
    codes = [k for k, _ in kommuner]
    ns = rng.randint(2, 5)
    sk = rng.sample(kommuner, ns)
    # the first survey kommun is small; the others small to middling
    survey_k = [(k, n, rng.randint(3, 12) if i == 0 else rng.randint(15, 90))
                for i, (k, n) in enumerate(sk)]
    equal = rng.random() < 0.5
    survey(rng, survey_k, equal, out)
    norg, one_per_type, npers = individuals(rng, ds, codes, out)
    police(rng, codes, out)
    population(rng, lan, lname, kommuner, survey_k, out)
    how = rng.choice(["lan", "lan", "one", "several"])
    if how == "lan":
        region = lan
    elif how == "one":
        region = survey_k[0][0] if rng.random() < 0.5 else survey_k[-1][0]
    else:
        region = ", ".join(sorted(k for k, _, _ in survey_k[:2]))
    role = rng.choice(["utsatt", "utsatt", "alla", "kopare"])
    threshold = rng.choice([3, 4, 5, 5, 6])
    margin = rng.choice([0, 10, 10])
    minresp = rng.choice([20, 30])
    minnum = rng.choice([3, 5])
    weight = "" if equal and rng.random() < 0.5 else "weight = vikt\n"
    with open(os.path.join(out, "rapport.ini"), "w", encoding="utf-8") as f:
        f.write("""; generated by tests/sdc/gen-reports.py (data set %d)
[report]
title = Slumpad rapport %d
region = %s
period = 2025
formats = csv

[survey]
name = enkat
round = year
current = 2025
previous = 2023
strata = kod
psu = skola
lonely-psu = adjust
%skommun = kod
sex = kon
school-year = arskurs
%sever = salt_sex_nagonsin
last-12-months = salt_sex_12man
compensation = ers_pengar, ers_saker, ers_boende
contact = kontakt_internet

[individuals]
period = 2025
role = %s

[offences]
period = 2019-2025
source = police

[mse]
lists = organisation
rule = independence
bootstrap = 0
seed = 1

[disclosure]
count-threshold = %d
margin-rule = %d
min-respondents = %d
min-numerator = %d
caution-rse = 0.30
""" % (ds, ds, region, weight,
       "breakdown = skola\n" if how == "one" else "",
       role, threshold, margin, minresp, minnum))
    with open(os.path.join(out, "README"), "w", encoding="utf-8") as f:
        f.write("data set %d: län %s, region %s (%s), survey kommuner %s "
                "(pupils a wave %s), %s weights%s; %d organisations (%s), "
                "%d persons, role %s; threshold %d, margin rule %d, "
                "min-respondents %d, min-numerator %d\n"
                % (ds, lan, region, how, ",".join(k for k, _, _ in survey_k),
                   ",".join(str(p) for _, _, p in survey_k),
                   "equal" if equal else "unequal",
                   "" if weight else " (unweighted estimates)", norg,
                   "one per type" if one_per_type else "types shared",
                   npers, role, threshold, margin, minresp, minnum))


def main(argv):
    seed = 1
    count = 20
    out = None
    i = 1
    while i < len(argv):
        if argv[i] == "--seed" and i + 1 < len(argv):
            seed = int(argv[i + 1])
            i += 2
        elif argv[i] == "--count" and i + 1 < len(argv):
            count = int(argv[i + 1])
            i += 2
        elif argv[i].startswith("-"):
            sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
            return 2
        else:
            out = argv[i]
            i += 1
    if not out:
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    for ds in range(1, count + 1):
        d = os.path.join(out, "%02d" % ds)
        os.makedirs(d, exist_ok=True)
        one(ds, random.Random(seed * 100003 + ds), d)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
