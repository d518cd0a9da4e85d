/*
 * kl_sdc.h - statistical disclosure control for published counts of
 * persons (statistiksekretess, OSL 24 kap. 8 §; DOMAIN.md §5 and §8).
 *
 * The report registers every count it will publish, in every table, as a
 * cell with a stable key; a figure printed in two tables (a total repeated
 * in two sections, a län row that is also the margin of its kommuner) is
 * registered once under one key.  It then declares the additive relations
 * between cells (a margin equals the sum of its parts) and asks for
 * protection: primary suppression by the frequency rule, then secondary
 * suppression over all relations at once, so that no hidden cell can be
 * recovered from the published figures by subtraction or by the bounds
 * that non-negativity gives.  The problem is solved jointly, over every
 * table, and deterministically: the result depends only on the keys,
 * counts, exemptions and relations, never on the order of the calls or on
 * the clock.  Methods and their guarantees are in kartlagg-report(5).
 */
#ifndef KL_SDC_H
#define KL_SDC_H

#include <stddef.h>
#include <stdio.h>

#include "kl_error.h"

enum kl_sdc_state {
	KL_SDC_SHOWN = 0,       /* published as is */
	KL_SDC_ZERO = 1,        /* zero: published, printed as the dash */
	KL_SDC_PRIMARY = 2,     /* hidden by a rule (printed as ..) */
	KL_SDC_SECONDARY = 3,   /* hidden to protect another cell (..) */
	KL_SDC_UNPUBLISHED = 4, /* kl_sdc_unpublished: never printed */
};

struct kl_sdc_rules {
	long long threshold;    /* hide counts 1..threshold-1; default 5,
	                           values below 3 are refused (floor) */
	long long margin_small; /* hide a non-zero cell equal to a margin it
	                           is part of when that margin is below this
	                           (default 10); 0 turns the rule off */
};

/* The defaults: threshold 5, margin_small 10. */
void kl_sdc_rules_default(struct kl_sdc_rules *r);

struct kl_sdc;

int kl_sdc_new(struct kl_sdc **out, struct kl_error *err);
void kl_sdc_free(struct kl_sdc *s);

/*
 * Register a published count under key (copied; any non-empty string).
 * exempt = 1: never hidden (Brå's official figures), but still a published
 * constraint.  Registering a key again returns the same index; a different
 * count or exemption for it is KL_ERR_USAGE.  count < 0 or > 10^12 is
 * KL_ERR_USAGE.
 */
int kl_sdc_cell(struct kl_sdc *s, const char *key, long long count, int exempt,
                size_t *idx, struct kl_error *err);

/*
 * Declare that cell total equals the sum of the n cells parts[] (n may be
 * 0: the total is then 0).  The counts must add up, and a part may not be
 * listed twice or be the total (KL_ERR_USAGE otherwise, naming the keys).
 * Declaring the same relation twice, in any order of parts, is harmless.
 */
int kl_sdc_sum(struct kl_sdc *s, size_t total, const size_t *parts, size_t n,
               struct kl_error *err);

/*
 * Register a count that is not printed but that a reader's relations go
 * through, e.g. the persons known to exactly 3, 4, ... organisations
 * behind "3 eller fler", or the complement "persons not in category X".
 * It is hidden from the start and never chosen as a complement.  With
 * persons = 1 it counts persons: when 1 <= count < threshold it is
 * protected like a primary cell (its feasible interval must be at least 1
 * wide), else it may be implied.  With persons = 0 it names nobody (the
 * slack that turns "a <= b" into an equation) and is never protected.  A
 * key is either published or unpublished: registering it both ways is
 * KL_ERR_USAGE.
 */
int kl_sdc_unpublished(struct kl_sdc *s, const char *key, long long count,
                       int persons, size_t *idx, struct kl_error *err);

/*
 * Declare the weighted relation sum of a[i] * cell(cells[i]) = b over n
 * distinct cells, with non-zero integer coefficients of at most 10^6 in
 * size (e.g. the overlap identity: the organisation-type counts less
 * 1 k1 + 2 k2 + 3 k3 + ... = 0).  The counts must satisfy it
 * (KL_ERR_USAGE otherwise).  The margin rule does not apply to it; the
 * secondary suppression and the audit do.
 */
int kl_sdc_rel(struct kl_sdc *s, const size_t *cells, const long long *a,
               size_t n, long long b, struct kl_error *err);

/*
 * Hide cell idx by a rule whatever its count (state KL_SDC_PRIMARY), e.g.
 * a role total that differs from the all-roles total by a small count.
 * An unpublished person count that is forced is protected whatever its
 * count (when it is not 0), e.g. the yes count behind a share the
 * survey's rules hide.  An exempt cell cannot be forced (KL_ERR_USAGE).
 */
int kl_sdc_force(struct kl_sdc *s, size_t idx, struct kl_error *err);

/*
 * Give cell idx its own protection level (at least 3), used instead of
 * the rules' threshold for it: the frequency rule hides it at 1..level-1,
 * and, when hidden, its feasible interval must reach 0 or the level.  A
 * survey's yes counts take the larger of the threshold and min-numerator
 * this way.  Setting it twice keeps the larger level.
 */
int kl_sdc_level(struct kl_sdc *s, size_t idx, long long level,
                 struct kl_error *err);

/*
 * Primary then secondary suppression.  On success the feasible interval
 * of every hidden cell that needs protection (published hidden cells;
 * unpublished person counts of 1..level-1), given the published cells,
 * the relations and non-negativity, holds at least two whole numbers
 * and does not lie inside 1..level-1: it reaches 0 or the cell's level
 * (the threshold unless kl_sdc_level says otherwise), so neither the
 * count nor "a small count" can be learnt (the audit is part of the
 * call).  May be called once per problem.
 */
int kl_sdc_protect(struct kl_sdc *s, const struct kl_sdc_rules *r,
                   struct kl_error *err);

enum kl_sdc_state kl_sdc_state(const struct kl_sdc *s, size_t idx);

/* Number of cells in state st. */
size_t kl_sdc_count(const struct kl_sdc *s, enum kl_sdc_state st);

/*
 * After kl_sdc_protect: write the published table as the audit file the
 * report puts in its bundle (kartlagg-report(5), DISCLOSURE CONTROL):
 *
 *   # kartlagg suppression audit v3
 *   # threshold 5, margin rule below 10, 7 hidden, 2 unpublished
 *   cell <key> <count or ..>[ exempt][ level <n>]
 *   cell <key> .. unpublished[ slack][ level <n>]
 *   sum <total-key> = <part-key> + <part-key> ...
 *   rel <+a> <key> <-a> <key> ... = <b>
 *
 * cells in key order (level only when the cell's own level differs from
 * the threshold), relations in canonical order; in keys, bytes up to
 * space, DEL and '%' are written as %XX.  KL_ERR_IO when writing fails.
 * tests/sdc/check-suppression.py reads it.
 */
int kl_sdc_dump(const struct kl_sdc *s, FILE *f, struct kl_error *err);

#endif
