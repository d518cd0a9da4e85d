/*
 * fuzz_codebook.c - codebook parsing, then every variable checks a few
 * cells cut from the input.
 */
#include <string.h>

#include "fuzz.h"
#include "kartlagg/kartlagg.h"

/* Load the codebook at path and check a few cells with each variable. */
static void check_cells(const char *path, void *ctx, struct kl_error *err)
{
	struct kl_codebook *cb;
	(void)ctx;
	if (kl_codebook_load(path, &cb, err) == KL_OK) {
		static const char *cells[] = {
		    "", "1", "08", "1,5", "2023", "x", "S1980-01", "-3", "1e9"};
		for (size_t i = 0; i < cb->nvars; i++)
			for (size_t k = 0; k < sizeof(cells) / sizeof(*cells);
			     k++) {
				struct kl_value v;
				char msg[256];
				kl_cbvar_check(&cb->vars[i], cells[k],
				               strlen(cells[k]), &v, msg,
				               sizeof(msg));
			}
		kl_codebook_free(cb);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_on_file(data, size, check_cells, NULL);
}
