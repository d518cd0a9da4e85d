SELECT kind, rows FROM imports;
SELECT diarienummer, brottskod, offence_group, kommunkod, count, victim_sex, status FROM police_cases ORDER BY diarienummer;
