/*
 * fuzz_report.c - the report definition parser (libinih through our line
 * counting reader): any bytes either parse, with every field in range, or
 * fail with KL_ERR_CONFIG/KL_ERR_NOMEM (KL_ERR_PRIVACY for a
 * personnummer in a value) and a message that names a line
 * inside the input.
 */
#include <string.h>

#include "fuzz.h"
#include "kartlagg/kartlagg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kl_report_def *d = NULL;
	struct kl_error err;
	unsigned long lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	kl_error_clear(&err);
	if (kl_report_def_parse((const char *)data, size, "fuzz.ini", &d,
	                        &err) == KL_OK) {
		if (!d || !d->title || !d->period || d->nregions == 0 ||
		    d->nregions > 32 || d->threshold < 3 ||
		    d->min_respondents < 20 || d->min_numerator < 3 ||
		    !(d->caution_rse > 0 && d->caution_rse <= 1) || !d->formats)
			__builtin_trap();
		kl_report_def_free(d);
		return 0;
	}
	if (d)
		__builtin_trap();
	if (err.status != KL_ERR_CONFIG && err.status != KL_ERR_NOMEM &&
	    err.status != KL_ERR_PRIVACY)
		__builtin_trap();
	if (err.line > lines || !err.msg[0])
		__builtin_trap();
	return 0;
}
