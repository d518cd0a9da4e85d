/*
 * util_priv.h - small helpers shared by lib/ modules: a NULL-safe string
 * copy, a bounded copy, a growing string builder, a growing array and a
 * map from byte strings to dense ids.
 * Internal to lib/; never included from cli/.
 */
#ifndef KL_UTIL_PRIV_H
#define KL_UTIL_PRIV_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct kl_error;

/*
 * Record "out of memory" in err and return KL_ERR_NOMEM (as kl_error_set
 * returns its status): the one out-of-memory error of the library,
 * `return kli_oom(err);`.
 */
int kli_oom(struct kl_error *err);

/* A malloc'd copy of s; NULL when s is NULL or memory runs out. */
char *kli_strdup(const char *s);

/*
 * Copy src into dst (n bytes, n > 0), always NUL-terminated, truncating
 * when src does not fit.  Returns strlen(src), so `>= n` means the copy
 * was truncated (BSD strlcpy).  For fixed buffers whose size is a real
 * bound; anything built from parts goes through struct kli_sb.
 */
size_t kli_strlcpy(char *dst, const char *src, size_t n);

/* 1 when s is one or more ASCII digits and nothing else, else 0. */
int kli_all_digits(const char *s);

/*
 * A growing NUL-terminated string.  Zero-initialise (or kli_sb_reset an
 * old one); release with kli_sb_free.  Appends never truncate: when
 * memory runs out (or a length would overflow) `failed` is set, the
 * string keeps what it held before that append and every later append is
 * a no-op, so a caller checks once at the end.  s is NULL until the first
 * append; kli_sb_str() is never NULL.
 */
struct kli_sb {
	char *s;
	size_t len, cap;
	int failed;
};

/* Append n bytes of t (which need not be NUL-terminated); 0 or -1. */
int kli_sb_appendn(struct kli_sb *b, const char *t, size_t n);
/* Append the NUL-terminated t; 0 or -1. */
int kli_sb_append(struct kli_sb *b, const char *t);
/* Append printf-formatted text, however long; 0 or -1. */
int kli_sb_appendf(struct kli_sb *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Empty the string, keeping its memory; clears `failed`. */
void kli_sb_reset(struct kli_sb *b);
/* Free the memory; b is zeroed and may be used again. */
void kli_sb_free(struct kli_sb *b);
/* The string so far ("" before the first append). */
static inline const char *kli_sb_str(const struct kli_sb *b)
{
	return b->s ? b->s : "";
}

/*
 * Grow the array *p (elements of sz bytes, *cap of them) so that index
 * `need` fits; new elements are zeroed.  Returns 0, or -1 when out of
 * memory (then *p and *cap are unchanged).
 */
int kli_grow(void **p, size_t *cap, size_t need, size_t sz);

/*
 * Byte strings -> dense ids 0, 1, 2, ... in the order they were added.
 * Zero-initialise; free with kli_map_free.  key[id] is a NUL-terminated
 * copy of the id's key (len[id] bytes before the NUL).
 */
struct kli_map {
	size_t cap, n, kcap;
	uint32_t *slot; /* id + 1; 0 = empty */
	uint64_t *hash; /* per id */
	char **key;     /* per id */
	size_t *len;    /* per id */
};

void kli_map_free(struct kli_map *m);

/* The id of key k (n bytes), or -1 when it is not in the map. */
long kli_map_find(const struct kli_map *m, const void *k, size_t n);

/* The id of key k (n bytes), adding it when new (then *added = 1 when
 * added is not NULL); -1 when out of memory. */
long kli_map_add(struct kli_map *m, const void *k, size_t n, int *added);

/* The same for NUL-terminated keys. */
static inline long kli_map_find_str(const struct kli_map *m, const char *s)
{
	return kli_map_find(m, s, strlen(s));
}

static inline long kli_map_add_str(struct kli_map *m, const char *s)
{
	return kli_map_add(m, s, strlen(s), NULL);
}

/*
 * A new NUL-terminated copy of the n bytes at p without leading and
 * trailing blanks (spaces and tabs); the caller frees it.  NULL when out
 * of memory.
 */
char *kli_trim_n(const char *p, size_t n);

/* The file name of path: what follows its last '/' (a pointer into
 * path), or path itself when it has none. */
const char *kli_base_name(const char *path);

/* Trim blanks (spaces and tabs) at both ends of s in place; returns s. */
char *kli_trim(char *s);

#endif
