/*
 * geo.c - the shipped boundaries (geo_priv.h).
 *
 * data/geo/kommuner.geojson and lan.geojson are compiled into the library
 * by cmake/embed.cmake.  Each load parses the text with jansson (a
 * FeatureCollection of MultiPolygons with string properties), projects
 * every vertex from WGS 84 (EPSG:4326) to SWEREF 99 TM (EPSG:3006) with
 * PROJ, and sorts the units by code.  The texts are ours, so a malformed
 * one is KL_ERR_INTERNAL (a build error), never an input error.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <proj.h>

#include "geo_priv.h"
#include "util_priv.h"

extern const char kli_kommuner_geojson[];
extern const char kli_lan_geojson[];

static void quiet_log(void *data, int level, const char *msg)
{
	(void)data;
	(void)level;
	(void)msg;
}

int kli_geo_project(double *xy, size_t n, struct kl_error *err)
{
	PJ_CONTEXT *ctx;
	PJ *p = NULL, *norm = NULL;
	int rc = KL_OK;

	if (n == 0)
		return KL_OK;
	ctx = proj_context_create();
	if (!ctx)
		return kl_error_set(err, KL_ERR_NOMEM, "cannot start PROJ");
	proj_log_func(ctx, NULL, quiet_log);
	proj_context_set_enable_network(ctx, 0);
	p = proj_create_crs_to_crs(ctx, "EPSG:4326", "EPSG:3006", NULL);
	if (p)
		norm = proj_normalize_for_visualization(ctx, p);
	if (!norm) {
		/* 2: no database; otherwise a system failure, in practice
		 * memory (PROJ 9 gives 1025 or 4096 then) */
		int e = proj_context_errno(ctx);
		if (e == 2)
			rc =
			    kl_error_set(err, KL_ERR_CONFIG,
			                 "PROJ cannot transform EPSG:4326 to "
			                 "EPSG:3006 (is proj-data with proj.db "
			                 "installed?)");
		else
			rc = kl_error_set(
			    err, KL_ERR_NOMEM,
			    "PROJ could not set up the "
			    "transformation (PROJ error %d; out of "
			    "memory?)",
			    e);
		goto out;
	}
	/* longitude, latitude in; easting, northing out (normalised order) */
	size_t done =
	    proj_trans_generic(norm, PJ_FWD, xy, 2 * sizeof(double), n, xy + 1,
	                       2 * sizeof(double), n, NULL, 0, 0, NULL, 0, 0);
	if (done != n || proj_errno(norm)) {
		rc = kl_error_set(err, KL_ERR_NUMERIC,
		                  "PROJ failed to project %zu points", n);
		goto out;
	}
	for (size_t i = 0; i < 2 * n; i++)
		if (!(xy[i] > -1e8 && xy[i] < 1e8)) { /* HUGE_VAL on failure */
			rc = kl_error_set(
			    err, KL_ERR_NUMERIC,
			    "PROJ gave no coordinate for point %zu", i / 2);
			goto out;
		}
out:
	proj_destroy(norm);
	proj_destroy(p);
	proj_context_destroy(ctx);
	return rc;
}

static void unit_release(struct kli_geo_unit *u)
{
	free(u->name);
	free(u->ring_start);
	free(u->ring_len);
	free(u->ring_hole);
	free(u->xy);
}

void kli_geo_free(struct kli_geo *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->n; i++)
		unit_release(&g->units[i]);
	free(g->units);
	free(g);
}

static int cmp_unit(const void *a, const void *b)
{
	return strcmp(((const struct kli_geo_unit *)a)->code,
	              ((const struct kli_geo_unit *)b)->code);
}

const struct kli_geo_unit *kli_geo_find(const struct kli_geo *g,
                                        const char *code)
{
	struct kli_geo_unit key;

	if (!g || !code || strlen(code) >= sizeof(key.code))
		return NULL;
	memset(&key, 0, sizeof(key));
	kli_strlcpy(key.code, code, sizeof(key.code));
	return bsearch(&key, g->units, g->n, sizeof(key), cmp_unit);
}

static const char *prop(json_t *props, const char *name)
{
	json_t *v = json_object_get(props, name);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A ring is an array of [lon, lat] arrays; count its points. */
static int ring_ok(json_t *ring)
{
	size_t i;
	json_t *pt;

	if (!json_is_array(ring) || json_array_size(ring) < 4)
		return 0;
	json_array_foreach(ring, i, pt)
	{
		if (!json_is_array(pt) || json_array_size(pt) < 2 ||
		    !json_is_number(json_array_get(pt, 0)) ||
		    !json_is_number(json_array_get(pt, 1)))
			return 0;
	}
	return 1;
}

/* Fill u from one Feature; the caller projects u->xy afterwards. */
static int read_feature(json_t *f, enum kli_geo_layer layer,
                        struct kli_geo_unit *u, struct kl_error *err)
{
	json_t *props = json_object_get(f, "properties");
	json_t *geom = json_object_get(f, "geometry");
	json_t *polys = json_object_get(geom, "coordinates");
	const char *code, *name, *lan;
	size_t i, j, k, nr = 0, np = 0;
	json_t *poly, *ring, *pt;

	code = prop(props, layer == KLI_GEO_LAN ? "lanskod" : "kommunkod");
	name = prop(props, layer == KLI_GEO_LAN ? "lan" : "kommun");
	lan = prop(props, "lanskod");
	if (!code || !name || !lan || strlen(code) >= sizeof(u->code) ||
	    strlen(lan) >= sizeof(u->lan) ||
	    !json_is_string(json_object_get(geom, "type")) ||
	    strcmp(json_string_value(json_object_get(geom, "type")),
	           "MultiPolygon") != 0 ||
	    !json_is_array(polys))
		return kl_error_set(err, KL_ERR_INTERNAL,
		                    "embedded boundaries: a feature lacks its "
		                    "code, name or MultiPolygon");
	kli_strlcpy(u->code, code, sizeof(u->code));
	kli_strlcpy(u->lan, lan, sizeof(u->lan));
	u->name = strdup(name);
	if (!u->name)
		return kli_oom(err);
	json_array_foreach(polys, i, poly)
	{
		if (!json_is_array(poly))
			return kl_error_set(err, KL_ERR_INTERNAL,
			                    "embedded boundaries: bad polygon "
			                    "in %s",
			                    code);
		json_array_foreach(poly, j, ring)
		{
			if (!ring_ok(ring))
				return kl_error_set(err, KL_ERR_INTERNAL,
				                    "embedded boundaries: bad "
				                    "ring in %s",
				                    code);
			nr++;
			np += json_array_size(ring) - 1;
		}
	}
	u->ring_start = calloc(nr ? nr : 1, sizeof(size_t));
	u->ring_len = calloc(nr ? nr : 1, sizeof(size_t));
	u->ring_hole = calloc(nr ? nr : 1, sizeof(int));
	u->xy = calloc(np ? 2 * np : 1, sizeof(double));
	if (!u->ring_start || !u->ring_len || !u->ring_hole || !u->xy)
		return kli_oom(err);
	np = 0;
	json_array_foreach(polys, i, poly)
	{
		json_array_foreach(poly, j, ring)
		{
			size_t len = json_array_size(ring) - 1;
			u->ring_start[u->nrings] = np;
			u->ring_len[u->nrings] = len;
			u->ring_hole[u->nrings] = j > 0;
			u->nrings++;
			json_array_foreach(ring, k, pt)
			{
				if (k == len)
					break; /* the closing point */
				u->xy[2 * np] =
				    json_number_value(json_array_get(pt, 0));
				u->xy[2 * np + 1] =
				    json_number_value(json_array_get(pt, 1));
				np++;
			}
		}
	}
	return KL_OK;
}

static void set_bbox(struct kli_geo_unit *u, size_t npts)
{
	u->bbox[0] = u->bbox[1] = 1e300;
	u->bbox[2] = u->bbox[3] = -1e300;
	for (size_t i = 0; i < npts; i++) {
		double x = u->xy[2 * i], y = u->xy[2 * i + 1];
		if (x < u->bbox[0])
			u->bbox[0] = x;
		if (y < u->bbox[1])
			u->bbox[1] = y;
		if (x > u->bbox[2])
			u->bbox[2] = x;
		if (y > u->bbox[3])
			u->bbox[3] = y;
	}
}

int kli_geo_load(enum kli_geo_layer layer, struct kli_geo **out,
                 struct kl_error *err)
{
	return kli_geo_parse(layer == KLI_GEO_LAN ? kli_lan_geojson
	                                          : kli_kommuner_geojson,
	                     layer, out, err);
}

int kli_geo_parse(const char *text, enum kli_geo_layer layer,
                  struct kli_geo **out, struct kl_error *err)
{
	struct kli_geo *g = NULL;
	json_t *root, *feats, *f;
	json_error_t jerr;
	double *all = NULL;
	size_t i, total = 0;
	int rc = KL_OK;

	*out = NULL;
	root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	/* jansson leaves the error empty (line -1) when it cannot even
	 * allocate its lexer: that is out of memory too (the embedded text
	 * itself is checked by the tests) */
	if (!root && (json_error_code(&jerr) == json_error_out_of_memory ||
	              !jerr.text[0]))
		return kli_oom(err);
	if (!root)
		return kl_error_set(err, KL_ERR_INTERNAL,
		                    "embedded boundaries: %s at line %d",
		                    jerr.text, jerr.line);
	feats = json_object_get(root, "features");
	if (!json_is_array(feats) || json_array_size(feats) == 0) {
		rc = kl_error_set(err, KL_ERR_INTERNAL,
		                  "embedded boundaries: no features");
		goto out;
	}
	g = calloc(1, sizeof(*g));
	if (g)
		g->units = calloc(json_array_size(feats), sizeof(*g->units));
	if (!g || !g->units) {
		rc = kli_oom(err);
		goto out;
	}
	json_array_foreach(feats, i, f)
	{
		g->n++;
		rc = read_feature(f, layer, &g->units[i], err);
		if (rc)
			goto out;
		struct kli_geo_unit *u = &g->units[i];
		if (u->nrings)
			total += u->ring_start[u->nrings - 1] +
			         u->ring_len[u->nrings - 1];
	}
	/* one PROJ call for the whole layer */
	all = malloc((total ? total : 1) * 2 * sizeof(double));
	if (!all) {
		rc = kli_oom(err);
		goto out;
	}
	size_t at = 0;
	for (i = 0; i < g->n; i++) {
		struct kli_geo_unit *u = &g->units[i];
		size_t np = u->nrings ? u->ring_start[u->nrings - 1] +
		                            u->ring_len[u->nrings - 1]
		                      : 0;
		memcpy(all + 2 * at, u->xy, np * 2 * sizeof(double));
		at += np;
	}
	rc = kli_geo_project(all, total, err);
	if (rc)
		goto out;
	at = 0;
	for (i = 0; i < g->n; i++) {
		struct kli_geo_unit *u = &g->units[i];
		size_t np = u->nrings ? u->ring_start[u->nrings - 1] +
		                            u->ring_len[u->nrings - 1]
		                      : 0;
		memcpy(u->xy, all + 2 * at, np * 2 * sizeof(double));
		at += np;
		set_bbox(u, np);
	}
	qsort(g->units, g->n, sizeof(*g->units), cmp_unit);
	for (i = 1; i < g->n; i++)
		if (strcmp(g->units[i - 1].code, g->units[i].code) == 0) {
			rc = kl_error_set(err, KL_ERR_INTERNAL,
			                  "embedded boundaries: code %s twice",
			                  g->units[i].code);
			goto out;
		}
out:
	free(all);
	json_decref(root);
	if (rc) {
		kli_geo_free(g);
		return rc;
	}
	*out = g;
	return KL_OK;
}

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct kli_geo *cache[2];

int kli_geo_get(enum kli_geo_layer layer, const struct kli_geo **out,
                struct kl_error *err)
{
	int rc = KL_OK;
	int i = layer == KLI_GEO_LAN;

	*out = NULL;
	pthread_mutex_lock(&cache_lock);
	if (!cache[i])
		rc = kli_geo_load(layer, &cache[i], err);
	*out = cache[i];
	pthread_mutex_unlock(&cache_lock);
	return rc;
}
