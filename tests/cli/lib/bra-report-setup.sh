# Sourced by the report-offences-bra-* cases' setup.sh: a Brå SOL export
# (UTF-8) with kommun, län and riket rows, SCB's population of Västmanland
# and of riket, into $STORE.  The rows test the counting rules of
# kartlagg-count(1): a brottskod row beats the named row of its group
# (Västmanland's koppleri 2024 is 4, not 99), months count when a year
# has no annual row (Köping 2024, preliminary), '..' is no figure (Sala),
# and regions outside the report (Jönköping) and years outside the
# series (2021) are not counted.
cat >sol.txt <<'SOL'
Region;Brott;År;Period;Antal;/100 000 inv
Hela landet;Köp av sexuell tjänst;År;2022;1300;12;
Hela landet;Köp av sexuell tjänst;År;2023;1210;11;
Hela landet;Köp av sexuell tjänst;År;2024;1095;10;
Västmanlands län;Köp av sexuell tjänst;År;2022;26;..;
Västmanlands län;Köp av sexuell tjänst;År;2023;23;..;
Västmanlands län;Köp av sexuell tjänst;År;2024;37;..;
Västmanlands län;0609 - Koppleri, inkl. grovt;År;2022;5;..;
Västmanlands län;0609 - Koppleri, inkl. grovt;År;2024;4;..;
Västmanlands län;Koppleri, inkl. grovt;År;2024;99;..;
Västerås;Köp av sexuell tjänst;År;2021;50;..;
Västerås;Köp av sexuell tjänst;År;2023;9;..;
Västerås;Köp av sexuell tjänst;År;2024;11;..;
Köping;0609 - Koppleri, inkl. grovt;2024 prel.;Jan;1;..;
Köping;0609 - Koppleri, inkl. grovt;2024 prel.;Feb;2;..;
Arboga;Köp av sexuell tjänst;År;2024;0;0;
Sala;Köp av sexuell tjänst;År;2024;..;..;
Jönköping;Köp av sexuell tjänst;År;2024;30;..;
Jönköpings län;Köp av sexuell tjänst;År;2024;40;..;
SOL
"$KARTLAGG" -q -s "$STORE" import sol.txt
"$KARTLAGG" -q -s "$STORE" import --kind scb-population "$SAMPLES/folkmangd_exempel.csv"
"$KARTLAGG" -q -s "$STORE" import --kind scb-population "$SAMPLES/folkmangd_riket_exempel.csv"
