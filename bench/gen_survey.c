/*
 * gen_survey.c - a synthetic school-survey export for the benchmarks:
 * N respondents x 37 columns, ';'-delimited, UTF-8 with BOM, CRLF,
 * decimal comma, in the shape of the reference export, plus its codebook.
 *
 *   gen_survey N export.csv codebook.csv [seed]
 *
 * Deterministic for a given seed (xorshift64*).  Not part of kartlagg.
 */
#include <stdio.h>
#include <stdlib.h>

#define NITEMS 28

static unsigned long long rng = 88172645463325252ULL;

static unsigned long long next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static unsigned pick(unsigned n)
{
	return (unsigned)((next() >> 33) % n);
}

int main(int argc, char **argv)
{
	static const char *kods[] = {"1904", "1907", "1960", "1961", "1962",
	                             "1980", "1981", "1982", "1983", "1984"};
	static const char *names[] = {
	    "Surahammar", "Kungsör",      "Arboga",  "Fagersta",
	    "Sala",       "Västerås",     "Norberg", "Skinnskatteberg",
	    "Köping",     "Hallstahammar"};
	if (argc < 4) {
		fprintf(stderr, "usage: gen_survey N export.csv codebook.csv "
		                "[seed]\n");
		return 64;
	}
	long n = atol(argv[1]);
	if (argc > 4)
		rng ^= strtoull(argv[4], NULL, 10) * 0x9E3779B97F4A7C15ULL;
	FILE *f = fopen(argv[2], "wb");
	FILE *cb = fopen(argv[3], "wb");
	if (!f || !cb) {
		perror("gen_survey");
		return 73;
	}
	static char buf[1 << 20];
	setvbuf(f, buf, _IOFBF, sizeof(buf));

	fputs("kolumn;kortnamn;etikett;typ;giltiga_koder;bortfallskoder;"
	      "filter;nyckel\n",
	      cb);
	fputs("Löpnummer;lopnr;Löpnummer;heltal;1-;;;1\n"
	      "År;year;År;heltal;2023|2025;;;1\n"
	      "Kommunkod;kod;Kommunkod;text (4 siffror);;;;\n"
	      "Kommun;kommun;Kommun;text;;;;\n"
	      "Skola;skola;Skola;text;S<kommunkod>-<nn>;;;\n"
	      "Klass;klass;Klass;text;;;;\n"
	      "Årskurs;arskurs;Årskurs;kategori;9=Åk 9|gy2=Gy 2;;;\n"
	      "Kön;kon;Kön;kategori;1=Pojke|2=Flicka|3=Annat;;;\n"
	      "Vikt;vikt;Vikt;decimaltal (decimalkomma);> 0;;;\n",
	      cb);
	fputs("\xEF\xBB\xBFLöpnummer;År;Kommunkod;Kommun;Skola;Klass;Årskurs;"
	      "Kön;Vikt",
	      f);
	for (int i = 1; i <= NITEMS; i++) {
		fprintf(f, ";Fråga %d: Har du varit med om händelse %d?", i, i);
		fprintf(cb,
		        "Fråga %d: Har du varit med om händelse %d?;q%d;"
		        "Händelse %d;kategori;1=Ja|2=Nej;8=Vill inte "
		        "svara|tom=Ej besvarad;;\n",
		        i, i, i, i);
	}
	fputs("\r\n", f);
	for (long r = 0; r < n; r++) {
		unsigned k = pick(10), s = pick(30) + 1;
		fprintf(f, "%ld;%d;%s;%s;S%s-%02u;S%s-%02u-%c;%s;%u;%u,%06u",
		        r / 2 + 1, r % 2 ? 2025 : 2023, kods[k], names[k],
		        kods[k], s, kods[k], s, 'A' + (int)pick(4),
		        pick(2) ? "9" : "gy2", pick(3) + 1, pick(40) + 1,
		        pick(1000000));
		for (int i = 0; i < NITEMS; i++) {
			unsigned v = pick(100);
			fputs(v < 5    ? ";1"
			      : v < 93 ? ";2"
			      : v < 97 ? ";8"
			               : ";",
			      f);
		}
		fputs("\r\n", f);
	}
	if (fclose(f) || fclose(cb)) {
		perror("gen_survey");
		return 74;
	}
	return 0;
}
