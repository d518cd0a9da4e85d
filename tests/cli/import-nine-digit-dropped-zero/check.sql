SELECT count(*) FROM imports;
