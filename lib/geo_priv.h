/*
 * geo_priv.h - the boundaries shipped with kartlagg (data/geo/, SCB
 * Digitala gränser, CC0), parsed with jansson and projected to SWEREF 99 TM
 * (EPSG:3006) with PROJ.  Internal to lib/: the maps (svg_map.c) and the
 * unit tests use it.
 */
#ifndef KL_GEO_PRIV_H
#define KL_GEO_PRIV_H

#include <stddef.h>

#include "kl_error.h"

enum kli_geo_layer {
	KLI_GEO_KOMMUNER = 0, /* data/geo/kommuner.geojson, 290 units */
	KLI_GEO_LAN = 1,      /* data/geo/lan.geojson, 21 units */
};

/* One kommun or län: its rings, projected, in metres east and north. */
struct kli_geo_unit {
	char code[8]; /* "1980" or "19" */
	char lan[4];  /* the län's code ("19" for both examples) */
	char *name;   /* "Västerås", "Västmanlands län" */
	size_t nrings;
	size_t *ring_start; /* index of each ring's first point in xy/2 */
	size_t *ring_len;   /* points in each ring, the closing one dropped */
	int *ring_hole;     /* 1 for an inner ring (a hole) */
	double *xy;         /* x0 y0 x1 y1 ...: easting, northing (m) */
	double bbox[4];     /* min x, min y, max x, max y */
};

struct kli_geo {
	struct kli_geo_unit *units; /* in code order */
	size_t n;
};

/*
 * Parse an embedded layer and project it.  KL_ERR_CONFIG when PROJ cannot
 * make the transformation (no proj.db: install proj-data),
 * KL_ERR_INTERNAL when the embedded GeoJSON is malformed, KL_ERR_NOMEM.
 */
int kli_geo_load(enum kli_geo_layer layer, struct kli_geo **out,
                 struct kl_error *err);
/* kli_geo_load of the GeoJSON `text` as the layer (the tests give it
 * malformed texts). */
int kli_geo_parse(const char *text, enum kli_geo_layer layer,
                  struct kli_geo **out, struct kl_error *err);
void kli_geo_free(struct kli_geo *g);

/*
 * The layer, loaded on first use and kept for the life of the process
 * (the maps of a report share it).  Thread-safe.  Errors as kli_geo_load;
 * a failed load is tried again on the next call.
 */
int kli_geo_get(enum kli_geo_layer layer, const struct kli_geo **out,
                struct kl_error *err);

/* The unit with this code, or NULL (binary search). */
const struct kli_geo_unit *kli_geo_find(const struct kli_geo *g,
                                        const char *code);

/*
 * Project n points in place: xy holds longitude, latitude pairs (WGS 84,
 * degrees) and receives easting, northing (SWEREF 99 TM, metres).  PROJ's
 * network access stays off and it logs nothing.
 */
int kli_geo_project(double *xy, size_t n, struct kl_error *err);

#endif
