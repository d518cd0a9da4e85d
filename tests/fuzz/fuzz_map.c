/*
 * fuzz_map.c - the values file of `kartlagg map` and the map's options.
 * The first input byte picks the level, region, number of classes and
 * whether class limits are given; the rest is the CSV file.  When it
 * reads, the map is drawn (and, with 5 classes, the values are drawn
 * again as a dot chart and a trend).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kartlagg/kartlagg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const regions[8] = {NULL, "19", "01", "25",
	                                       "03", "00", "14", "99"};
	static const double br[4] = {-1, 0.5, 2, 1e6};
	struct kl_map_value *v = NULL;
	struct kl_map_opts o = {0};
	struct kl_error err;
	size_t n = 0;
	int fd;

	if (size < 1)
		return 0;
	uint8_t opt = data[0];
	const char *path = fuzz_file(data + 1, size - 1, &fd);
	if (!path)
		return 0;
	o.level = opt & 1 ? KL_MAP_LAN : KL_MAP_KOMMUN;
	o.region = regions[(opt >> 1) & 7];
	o.nclasses = 2 + ((opt >> 4) & 3);
	o.breaks = opt & 0x40 ? br + (4 - (o.nclasses - 1)) : NULL;
	o.decimals = opt >> 7;
	o.unit = "per 100 000 inv.";
	kl_error_clear(&err);
	if (kl_map_values_read(path, o.level, o.region, &v, &n, &err) ==
	    KL_OK) {
		char *svg = NULL;
		o.values = v;
		o.nvalues = n;
		if (kl_map_svg(&o, &svg, NULL, &err) == KL_OK && !svg)
			abort();
		free(svg);
		if (n && (opt & 0x30) == 0x30) { /* 5 classes */
			struct kl_chart_point *p = calloc(n, sizeof(*p));
			double *y = calloc(n, sizeof(double));
			int *x = calloc(n, sizeof(int));
			struct kl_chart_opts co = {"t", NULL, "u", NULL,
			                           1,   NAN,  NAN};
			if (p && y && x) {
				for (size_t i = 0; i < n; i++) {
					p[i].label = v[i].code;
					p[i].value = v[i].value;
					p[i].lo = v[i].value - 1;
					p[i].hi = v[i].value + 1;
					p[i].hidden = v[i].hidden;
					p[i].caution = (int)(i & 1);
					y[i] = v[i].value;
					x[i] = 2000 + (int)i;
				}
				struct kl_chart_series s = {"s", y};
				kl_chart_dots(&co, p, n, &svg, NULL, &err);
				free(svg);
				svg = NULL;
				kl_chart_trend(&co, x, n, &s, 1, &svg, NULL,
				               &err);
				free(svg);
			}
			free(p);
			free(y);
			free(x);
		}
		kl_map_values_free(v, n);
	}
	fuzz_file_close(fd);
	return 0;
}
