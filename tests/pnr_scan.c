/*
 * pnr_scan.c - count what the personnummer detector finds in CSV files,
 * for the false-positive figures in kartlagg-import(1) and README.md
 * (scripts/pnr-false-positives.sh).  Every cell of every file (headers
 * included) goes through kl_pnr_find(), as the import checks it; a hit
 * is counted by the form that matched, and for a hit the file, line,
 * column and mask are listed, never the digits.
 *
 *   pnr_scan FILE.csv...
 */
#include <stdio.h>
#include <string.h>

#include "kartlagg/kartlagg.h"

struct scan {
	const char *path;
	unsigned long long cells, hits, plain, sep, nine;
	int verbose;
};

static int on_record(void *ctx, const struct kl_csv_record *rec,
                     struct kl_error *err)
{
	struct scan *s = ctx;
	(void)err;
	for (size_t i = 0; i < rec->nfields; i++) {
		struct kl_pnr p;
		char mask[32];
		s->cells++;
		if (kl_pnr_find(rec->fields[i], rec->lens[i], &p) ==
		    KL_PNR_NONE)
			continue;
		s->hits++;
		if (p.dropped_zero)
			s->nine++;
		else if (p.seplen && p.sep != '-' && p.sep != '+')
			s->sep++;
		else
			s->plain++;
		kl_pnr_mask(rec->fields[i], &p, mask, sizeof(mask));
		if (s->verbose)
			printf("hit %s:%lu:%zu %s\n", s->path, rec->line, i + 1,
			       mask);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct scan tot = {0};
	int files = 0, verbose = argc > 1 && !strcmp(argv[1], "-v");

	for (int a = 1 + verbose; a < argc; a++) {
		struct kl_csv *c = NULL;
		struct kl_error err;
		struct scan s = {0};
		kl_error_clear(&err);
		s.path = argv[a];
		s.verbose = verbose;
		if (kl_csv_open(&c, argv[a], NULL, &err) ||
		    kl_csv_read(c, on_record, &s, &err)) {
			fprintf(stderr, "pnr_scan: %s: %s (skipped)\n", argv[a],
			        err.msg);
			kl_csv_close(c);
			continue;
		}
		kl_csv_close(c);
		files++;
		tot.cells += s.cells;
		tot.hits += s.hits;
		tot.plain += s.plain;
		tot.sep += s.sep;
		tot.nine += s.nine;
	}
	printf("files %d cells %llu hits %llu (official form %llu, other "
	       "separator %llu, 9 digits %llu)\n",
	       files, tot.cells, tot.hits, tot.plain, tot.sep, tot.nine);
	return 0;
}
