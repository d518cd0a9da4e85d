# a PC-Axis file whose STUB string is not closed on its line
printf 'CODEPAGE="utf-8";\nSTUB="region;\nHEADING="år";\n' > p.px
