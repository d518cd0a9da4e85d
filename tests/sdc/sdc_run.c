/*
 * sdc_run.c - test driver for kl_sdc: read a table spec, protect it, write
 * the audit dump (kl_sdc_dump) on stdout for check-suppression.py.
 *
 * usage: sdc_run [--shuffle <seed>] [--states] [--time] <spec>
 *
 * The spec, one item a line ('#' starts a comment):
 *   threshold <n>                     (default 5)
 *   margin <n>                        (default 10; 0 turns the rule off)
 *   cell <key> <count> [exempt]
 *   level <key> <n>                   (the cell's own level, kl_sdc_level)
 *   sum <total> = <part> + <part> ...
 * --shuffle registers the cells, the relations and the parts of each
 * relation in an order drawn from seed (cells are then registered by a
 * relation before their own line, as a report might).  --states writes
 * "<key> <state>" lines (shown, zero, primary, secondary) to stdout
 * instead of the dump.  Exit 0 on success; 1 with "sdc_run: error: ..."
 * on stderr when kl_sdc fails; 2 on a bad spec.  --time writes the time
 * kl_sdc took (registering, protecting) and the counts of each state to
 * stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kartlagg/kartlagg.h"

struct spec_cell {
	char *key;
	long long count;
	int exempt;
	long long level; /* 0: none */
};

struct spec_sum {
	size_t *m; /* indexes into cells: m[0] the total */
	size_t n;
};

static struct spec_cell *cells;
static size_t ncell;
static struct spec_sum *sums;
static size_t nsum;

static unsigned long long rng;

static size_t draw(size_t n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (size_t)((rng >> 33) % n);
}

static void shuffle(size_t *a, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = draw(i), t = a[i - 1];
		a[i - 1] = a[j];
		a[j] = t;
	}
}

static void die(const char *path, unsigned long line, const char *what)
{
	fprintf(stderr, "sdc_run: %s:%lu: %s\n", path, line, what);
	exit(2);
}

static size_t find_cell(const char *key)
{
	for (size_t i = 0; i < ncell; i++)
		if (strcmp(cells[i].key, key) == 0)
			return i;
	return (size_t)-1;
}

static void read_spec(const char *path, struct kl_sdc_rules *rules)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *tok[4096], *save;
	size_t cap = 0, nt;
	unsigned long ln = 0;

	if (!f) {
		perror(path);
		exit(2);
	}
	while (getline(&line, &cap, f) > 0) {
		ln++;
		char *h = strchr(line, '#');
		if (h)
			*h = '\0';
		nt = 0;
		for (char *t = strtok_r(line, " \t\r\n", &save); t && nt < 4096;
		     t = strtok_r(NULL, " \t\r\n", &save))
			tok[nt++] = t;
		if (nt == 0)
			continue;
		if (strcmp(tok[0], "threshold") == 0 && nt == 2) {
			rules->threshold = atoll(tok[1]);
		} else if (strcmp(tok[0], "margin") == 0 && nt == 2) {
			rules->margin_small = atoll(tok[1]);
		} else if (strcmp(tok[0], "cell") == 0 &&
		           (nt == 3 ||
		            (nt == 4 && !strcmp(tok[3], "exempt")))) {
			if (find_cell(tok[1]) != (size_t)-1)
				die(path, ln, "cell listed twice");
			cells = realloc(cells, (ncell + 1) * sizeof(*cells));
			cells[ncell].key = strdup(tok[1]);
			cells[ncell].count = atoll(tok[2]);
			cells[ncell].exempt = nt == 4;
			cells[ncell].level = 0;
			ncell++;
		} else if (strcmp(tok[0], "level") == 0 && nt == 3) {
			size_t c = find_cell(tok[1]);
			if (c == (size_t)-1)
				die(path, ln, "level of an unknown cell");
			cells[c].level = atoll(tok[2]);
		} else if (strcmp(tok[0], "sum") == 0 && nt >= 3 &&
		           strcmp(tok[2], "=") == 0) {
			struct spec_sum *s;
			sums = realloc(sums, (nsum + 1) * sizeof(*sums));
			s = &sums[nsum++];
			s->m = malloc(nt * sizeof(size_t));
			s->n = 0;
			for (size_t i = 1; i < nt; i++) {
				if (i == 2)
					continue;
				if (i > 3 && (i % 2) == 0) {
					if (strcmp(tok[i], "+") != 0)
						die(path, ln, "expected '+'");
					continue;
				}
				size_t c = find_cell(tok[i]);
				if (c == (size_t)-1)
					die(path, ln, "unknown cell in sum");
				s->m[s->n++] = c;
			}
		} else {
			die(path, ln,
			    "expected threshold, margin, cell, level or sum");
		}
	}
	free(line);
	fclose(f);
}

static const char *state_name(enum kl_sdc_state st)
{
	switch (st) {
	case KL_SDC_SHOWN:
		return "shown";
	case KL_SDC_ZERO:
		return "zero";
	case KL_SDC_PRIMARY:
		return "primary";
	case KL_SDC_SECONDARY:
		return "secondary";
	case KL_SDC_UNPUBLISHED:
		return "unpublished";
	}
	return "?";
}

int main(int argc, char **argv)
{
	struct kl_sdc_rules rules;
	struct kl_sdc *s = NULL;
	struct kl_error err;
	size_t *corder, *sorder, *idx, *parts;
	int states = 0, shuffled = 0, timed = 0, rc;
	struct timespec t0, t1;
	const char *path = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--shuffle") && i + 1 < argc) {
			rng = strtoull(argv[++i], NULL, 10);
			shuffled = 1;
		} else if (!strcmp(argv[i], "--time")) {
			timed = 1;
		} else if (!strcmp(argv[i], "--states")) {
			states = 1;
		} else {
			path = argv[i];
		}
	}
	if (!path) {
		fprintf(stderr,
		        "usage: sdc_run [--shuffle <seed>] [--states] [--time] "
		        "<spec>\n");
		return 2;
	}
	kl_error_clear(&err);
	if (kl_init(&err) != KL_OK)
		return 1;
	kl_sdc_rules_default(&rules);
	read_spec(path, &rules);

	corder = malloc((ncell + 1) * sizeof(size_t));
	sorder = malloc((nsum + 1) * sizeof(size_t));
	idx = malloc((ncell + 1) * sizeof(size_t));
	parts = malloc((ncell + 1) * sizeof(size_t));
	for (size_t i = 0; i < ncell; i++) {
		corder[i] = i;
		idx[i] = (size_t)-1;
	}
	for (size_t i = 0; i < nsum; i++)
		sorder[i] = i;
	if (shuffled) {
		shuffle(corder, ncell);
		shuffle(sorder, nsum);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = kl_sdc_new(&s, &err);
	/* with --shuffle, half the relations register their cells first */
	for (size_t j = 0; rc == KL_OK && j < nsum; j++) {
		struct spec_sum *q = &sums[sorder[j]];
		if (!shuffled || draw(2))
			continue;
		for (size_t i = 0; rc == KL_OK && i < q->n; i++) {
			struct spec_cell *c = &cells[q->m[i]];
			rc = kl_sdc_cell(s, c->key, c->count, c->exempt,
			                 &idx[q->m[i]], &err);
		}
	}
	for (size_t i = 0; rc == KL_OK && i < ncell; i++) {
		struct spec_cell *c = &cells[corder[i]];
		rc = kl_sdc_cell(s, c->key, c->count, c->exempt,
		                 &idx[corder[i]], &err);
	}
	for (size_t i = 0; rc == KL_OK && i < ncell; i++)
		if (cells[corder[i]].level)
			rc = kl_sdc_level(s, idx[corder[i]],
			                  cells[corder[i]].level, &err);
	for (size_t j = 0; rc == KL_OK && j < nsum; j++) {
		struct spec_sum *q = &sums[sorder[j]];
		size_t np = q->n - 1;
		for (size_t i = 0; i < np; i++)
			parts[i] = idx[q->m[i + 1]];
		if (shuffled)
			shuffle(parts, np);
		rc = kl_sdc_sum(s, idx[q->m[0]], parts, np, &err);
	}
	if (rc == KL_OK)
		rc = kl_sdc_protect(s, &rules, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (timed && rc == KL_OK)
		fprintf(stderr,
		        "sdc_run: %zu cells, %zu relations: %.3f s; shown %zu, "
		        "zero %zu, primary %zu, secondary %zu\n",
		        ncell, nsum,
		        (double)(t1.tv_sec - t0.tv_sec) +
		            (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9,
		        kl_sdc_count(s, KL_SDC_SHOWN),
		        kl_sdc_count(s, KL_SDC_ZERO),
		        kl_sdc_count(s, KL_SDC_PRIMARY),
		        kl_sdc_count(s, KL_SDC_SECONDARY));
	if (rc == KL_OK && states) {
		for (size_t i = 0; i < ncell; i++)
			printf("%s %s\n", cells[i].key,
			       state_name(kl_sdc_state(s, idx[i])));
	} else if (rc == KL_OK) {
		rc = kl_sdc_dump(s, stdout, &err);
	}
	if (rc != KL_OK)
		fprintf(stderr, "sdc_run: error: %s\n", err.msg);
	kl_sdc_free(s);
	for (size_t i = 0; i < ncell; i++)
		free(cells[i].key);
	for (size_t i = 0; i < nsum; i++)
		free(sums[i].m);
	free(cells);
	free(sums);
	free(corder);
	free(sorder);
	free(idx);
	free(parts);
	return rc == KL_OK ? 0 : 1;
}
