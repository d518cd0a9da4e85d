/*
 * util.c - small helpers shared by lib/ modules (util_priv.h).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util_priv.h"
#include "kl_error.h"

int kli_oom(struct kl_error *err)
{
	return kl_error_set(err, KL_ERR_NOMEM, "out of memory");
}

char *kli_strdup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

size_t kli_strlcpy(char *dst, const char *src, size_t n)
{
	size_t len = strlen(src);

	if (n == 0)
		return len;
	size_t k = len < n ? len : n - 1;
	memmove(dst, src, k);
	dst[k] = '\0';
	return len;
}

int kli_all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* Make room for `need` more bytes and a NUL; 0 or -1 (then failed). */
static int sb_room(struct kli_sb *b, size_t need)
{
	if (b->failed)
		return -1;
	if (need > SIZE_MAX / 2 - b->len - 1) {
		b->failed = 1;
		return -1;
	}
	if (b->len + need + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + need + 1)
		cap *= 2;
	char *s = realloc(b->s, cap);
	if (!s) {
		b->failed = 1;
		return -1;
	}
	b->s = s;
	b->cap = cap;
	return 0;
}

int kli_sb_appendn(struct kli_sb *b, const char *t, size_t n)
{
	if (sb_room(b, n))
		return -1;
	memcpy(b->s + b->len, t, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

int kli_sb_append(struct kli_sb *b, const char *t)
{
	return kli_sb_appendn(b, t, strlen(t));
}

int kli_sb_appendf(struct kli_sb *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	int n;

	if (b->failed)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = 1;
		return -1;
	}
	if ((size_t)n < sizeof(small))
		return kli_sb_appendn(b, small, (size_t)n);
	if (sb_room(b, (size_t)n))
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void kli_sb_reset(struct kli_sb *b)
{
	b->len = 0;
	b->failed = 0;
	if (b->s)
		b->s[0] = '\0';
}

void kli_sb_free(struct kli_sb *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

int kli_grow(void **p, size_t *cap, size_t need, size_t sz)
{
	if (need < *cap)
		return 0;
	size_t n = *cap ? *cap : 16;
	while (n <= need)
		n *= 2;
	void *q = realloc(*p, n * sz);
	if (!q)
		return -1;
	memset((char *)q + *cap * sz, 0, (n - *cap) * sz);
	*p = q;
	*cap = n;
	return 0;
}

/* FNV-1a, with the high bits folded into the low ones the table uses. */
static uint64_t hash_bytes(const void *k, size_t n)
{
	const unsigned char *p = k;
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 29);
}

void kli_map_free(struct kli_map *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->key[i]);
	free(m->slot);
	free(m->hash);
	free(m->key);
	free(m->len);
	memset(m, 0, sizeof(*m));
}

static int map_rehash(struct kli_map *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	uint32_t *s = calloc(cap, sizeof(*s));
	if (!s)
		return -1;
	for (size_t i = 0; i < m->n; i++) {
		size_t j = m->hash[i] & (cap - 1);
		while (s[j])
			j = (j + 1) & (cap - 1);
		s[j] = (uint32_t)i + 1;
	}
	free(m->slot);
	m->slot = s;
	m->cap = cap;
	return 0;
}

/* The id of key k with hash h, or -1. */
static long map_lookup(const struct kli_map *m, const void *k, size_t n,
                       uint64_t h)
{
	if (!m->cap)
		return -1;
	size_t j = h & (m->cap - 1);
	while (m->slot[j]) {
		uint32_t id = m->slot[j] - 1;
		if (m->hash[id] == h && m->len[id] == n &&
		    memcmp(m->key[id], k, n) == 0)
			return id;
		j = (j + 1) & (m->cap - 1);
	}
	return -1;
}

long kli_map_find(const struct kli_map *m, const void *k, size_t n)
{
	return map_lookup(m, k, n, hash_bytes(k, n));
}

long kli_map_add(struct kli_map *m, const void *k, size_t n, int *added)
{
	uint64_t h = hash_bytes(k, n);
	if (added)
		*added = 0;
	long found = map_lookup(m, k, n, h);
	if (found >= 0)
		return found;
	if ((m->n + 1) * 2 > m->cap && map_rehash(m))
		return -1;
	if (m->n >= m->kcap) {
		size_t kc = m->kcap ? m->kcap * 2 : 16;
		uint64_t *hh = realloc(m->hash, kc * sizeof(*hh));
		if (!hh)
			return -1;
		m->hash = hh;
		char **kk = realloc(m->key, kc * sizeof(*kk));
		if (!kk)
			return -1;
		m->key = kk;
		size_t *ll = realloc(m->len, kc * sizeof(*ll));
		if (!ll)
			return -1;
		m->len = ll;
		m->kcap = kc;
	}
	char *c = malloc(n + 1);
	if (!c)
		return -1;
	memcpy(c, k, n);
	c[n] = 0;
	size_t id = m->n++;
	m->key[id] = c;
	m->len[id] = n;
	m->hash[id] = h;
	size_t j = h & (m->cap - 1);
	while (m->slot[j])
		j = (j + 1) & (m->cap - 1);
	m->slot[j] = (uint32_t)id + 1;
	if (added)
		*added = 1;
	return (long)id;
}

char *kli_trim_n(const char *p, size_t n)
{
	while (n && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	char *c = malloc(n + 1);
	if (c) {
		memcpy(c, p, n);
		c[n] = 0;
	}
	return c;
}

const char *kli_base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

char *kli_trim(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	size_t b = 0;
	while (s[b] == ' ' || s[b] == '\t')
		b++;
	if (b)
		memmove(s, s + b, n - b + 1);
	return s;
}
