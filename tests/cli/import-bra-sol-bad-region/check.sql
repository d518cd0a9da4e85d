SELECT count(*) FROM imports;
SELECT count(*) FROM bra_sol;
