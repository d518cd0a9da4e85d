/*
 * fuzz_mse.c - capture-history files: reading, merging, then (for up to
 * 4 lists, to keep each run short) the independence fit and the stepwise
 * selection on whatever counts came out.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "kartlagg/kartlagg.h"

/* Read the capture histories at path; fit, select and merge them. */
static void fit_and_select(const char *path, void *ctx, struct kl_error *err)
{
	struct kl_mse_data d;
	(void)ctx;
	if (kl_mse_data_read(&d, path, err) == KL_OK && d.k <= 4) {
		struct kl_mse_model m;
		struct kl_mse_fit *f = malloc(sizeof(*f));
		if (f &&
		    kl_mse_model_parse(&m, &d, "independence", err) == KL_OK)
			kl_mse_fit(&d, &m, 0, f, err);
		free(f);
		struct kl_mse_select_opts o = {0};
		struct kl_mse_selection *s = NULL;
		o.rule = KL_MSE_RULE_STEPWISE;
		kl_mse_select(&d, &o, &s, err);
		kl_mse_selection_free(s);
		if (d.k >= 3) {
			char spec[2 * KL_MSE_NAME_MAX + 2];
			snprintf(spec, sizeof(spec), "%s,%s", d.names[0],
			         d.names[1]);
			kl_mse_data_merge(&d, spec, err);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_on_file(data, size, fit_and_select, NULL);
}
