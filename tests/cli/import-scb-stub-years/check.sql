SELECT _line, region, level, year, age, age_plus, sex, count, symbol
FROM population ORDER BY _line, year;
