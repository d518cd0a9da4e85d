#!/usr/bin/env python3
"""Regenerate the bundled sample survey (synthetic; every number invented).

    python3 data-samples/make_samples.py      # from the repository root

Writes ungdomsenkat_exempel.csv (UTF-8 with BOM, ';', CRLF, decimal comma,
as school-survey tools export it) and kodbok_exempel.csv (its codebook, the
format of kartlagg-codebook(5)).  Seeded: the same bytes every time.
A stratified two-stage design: 4 kommuner (strata) x 3 schools (PSUs) per
wave, two waves (2023, 2025); weight = kommun pupils / pupils sampled.
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261123)

KOMMUNER = [("1980", "Västerås", 2600), ("1983", "Köping", 600),
            ("1984", "Arboga", 300), ("1982", "Fagersta", 300)]
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


rows = []
header = ["Löpnummer", "År", "Kommunkod", "Kommun", "Skola", "Årskurs", "Kön", "Vikt"]
header += [h for h, _, _ in ITEMS]
header += ["Fråga 24: Om ja på fråga 22: Fick du kontakt med personen första gången via internet?"]
header += [h for h, _, _ in ERS]
for year in (2023, 2025):
    lop = 0
    for kod, namn, pupils in KOMMUNER:
        schools = 3
        per_school = 40 if pupils > 500 else 25
        weight = pupils / (schools * per_school)
        for s in range(1, schools + 1):
            for _ in range(per_school):
                lop += 1
                kon = rng.choices(["1", "2", "3"], [0.49, 0.49, 0.02])[0]
                ak = rng.choice(["9", "gy2"])
                boost = 1.8 if kon == "3" else 1.0
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

with open(os.path.join(HERE, "ungdomsenkat_exempel.csv"), "w", encoding="utf-8-sig", newline="") as f:
    for r in [header] + rows:
        f.write(";".join(q(c) for c in r) + "\r\n")

cb = [("kolumn", "kortnamn", "etikett", "typ", "giltiga_koder", "bortfallskoder", "filter", "nyckel"),
      ("Löpnummer", "lopnr", "Löpnummer (unikt inom År)", "heltal", "1-", "", "", "1"),
      ("År", "year", "Undersökningsår (våg)", "heltal", "2023|2025", "", "", "1"),
      ("Kommunkod", "kod", "Kommunkod (SCB), stratum", "text (4 siffror)",
       "|".join(k for k, _, _ in KOMMUNER), "", "", ""),
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
