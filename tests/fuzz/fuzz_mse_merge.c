/*
 * fuzz_mse_merge.c - `mse --merge`: the first line of the input is a list
 * of merge specs separated by ';' (each as --merge takes it, e.g.
 * "A,B"), the rest a capture-history file.  Each spec is applied in turn
 * to what the file read; a merge that succeeds must leave at least two
 * lists, NUL-terminated names shorter than KL_MSE_NAME_MAX, and the same
 * total count.  Issue 14: long list names overflowed the merged name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kartlagg/kartlagg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kl_mse_data d;
	struct kl_error err;
	int fd;

	const uint8_t *nl = memchr(data, '\n', size);
	if (!nl)
		return 0;
	size_t slen = (size_t)(nl - data);
	char *specs = malloc(slen + 1);
	if (!specs)
		return 0;
	memcpy(specs, data, slen);
	specs[slen] = '\0';
	const char *path = fuzz_file(nl + 1, size - slen - 1, &fd);
	if (!path) {
		free(specs);
		return 0;
	}
	kl_error_clear(&err);
	if (kl_mse_data_read(&d, path, &err) == KL_OK) {
		char *save = NULL;
		for (char *s = strtok_r(specs, ";", &save); s;
		     s = strtok_r(NULL, ";", &save)) {
			double n = d.n;
			kl_error_clear(&err);
			if (kl_mse_data_merge(&d, s, &err) != KL_OK) {
				if (!err.msg[0])
					__builtin_trap();
				continue;
			}
			double sum = 0;
			if (d.k < 2 || d.k > KL_MSE_MAX_LISTS)
				__builtin_trap();
			for (int j = 0; j < d.k; j++)
				if (!memchr(d.names[j], '\0',
				            KL_MSE_NAME_MAX) ||
				    !d.names[j][0])
					__builtin_trap();
			for (int w = 1; w < (1 << d.k); w++)
				sum += d.y[w];
			if (sum != n)
				__builtin_trap();
		}
	}
	fuzz_file_close(fd);
	free(specs);
	return 0;
}
