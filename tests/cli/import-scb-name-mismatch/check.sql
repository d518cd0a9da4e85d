SELECT region, count FROM population ORDER BY _line;
