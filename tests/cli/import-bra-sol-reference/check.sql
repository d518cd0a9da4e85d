SELECT kind, rows FROM imports;
SELECT region_code, coalesce(brottskod, '-'), offence_group, year, month, preliminary, count, rate FROM bra_sol ORDER BY region_code, year, month, offence;
