/*
 * csv_reader.c - the one place that tokenises delimited input (libcsv).
 *
 * kl_csv_open() reads the file once: SHA-256 (libsodium), size, line count,
 * and what the encoding is (see kl_csv.h for the rule).  kl_csv_read() then
 * feeds libcsv one physical line at a time, so the line a record starts on
 * and the field a problem is in are always known; libcsv itself counts
 * neither.  Lines in Windows-1252 or ISO-8859-1 are converted to UTF-8 with
 * iconv before parsing; UTF-8 lines are validated.
 */
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <csv.h>
#include <sodium.h>

#include "kl_csv.h"
#include "util_priv.h"

enum enc { ENC_UTF8, ENC_CP1252, ENC_LATIN1 };

struct kl_csv {
	char *path;
	FILE *f;
	struct kl_csv_info info;
	enum enc enc;
	int bom;
	struct kl_csv_opts opts;

	/* opts.async_hash: the hashing thread */
	pthread_t hash_th;
	int hashing;    /* the thread runs and has not been joined */
	int hash_later; /* no thread could be started: hash on wait */
	int hash_rc;    /* its result: 0 or an errno */
	char hash_hex[65];
};

/*
 * Buffers that held file bytes (a personnummer, say, before the import
 * refused it) are wiped before their memory goes back: zfree() and
 * zrealloc() (which never leaves an old copy behind, as realloc may).
 */
static void zfree(void *p, size_t n)
{
	if (p)
		sodium_memzero(p, n);
	free(p);
}

static void *zrealloc(void *p, size_t old, size_t n)
{
	void *q = malloc(n);
	if (!q)
		return NULL;
	if (p) {
		memcpy(q, p, old < n ? old : n);
		zfree(p, old);
	}
	return q;
}

/* libcsv's realloc for its field buffer: the same, sizing the old block
 * with malloc_usable_size.  libcsv asks for 128 bytes more at a time: the
 * block at least doubles, and a request it has room for keeps it, so a
 * long field costs linear time, not a copy of the whole every 128 bytes. */
static void *csv_zrealloc(void *p, size_t n)
{
	size_t old = p ? malloc_usable_size(p) : 0;
	if (p && n <= old)
		return p;
	return zrealloc(p, old, n < 2 * old ? 2 * old : n);
}

/* The hashing thread: read the file again (from the page cache, most
 * likely) and hash it. */
static void *hash_file(void *arg)
{
	struct kl_csv *c = arg;
	crypto_hash_sha256_state sha;
	unsigned char digest[crypto_hash_sha256_BYTES];
	static const size_t chunk = 1u << 20;
	unsigned char *buf = malloc(chunk);
	FILE *f = fopen(c->path, "rb");
	size_t n;

	if (!buf || !f) {
		c->hash_rc = buf ? errno : ENOMEM;
		goto out;
	}
	crypto_hash_sha256_init(&sha);
	while ((n = fread(buf, 1, chunk, f)) > 0)
		crypto_hash_sha256_update(&sha, buf, n);
	if (ferror(f)) {
		c->hash_rc = errno ? errno : EIO;
		goto out;
	}
	crypto_hash_sha256_final(&sha, digest);
	sodium_bin2hex(c->hash_hex, sizeof(c->hash_hex), digest,
	               sizeof(digest));
out:
	if (f)
		fclose(f);
	zfree(buf, chunk);
	return NULL;
}

int kl_csv_hash_wait(struct kl_csv *c, struct kl_error *err)
{
	if (c->hash_later) {
		c->hash_later = 0;
		hash_file(c);
	} else if (c->hashing) {
		pthread_join(c->hash_th, NULL);
		c->hashing = 0;
	} else {
		return KL_OK;
	}
	if (c->hash_rc == ENOMEM)
		return kli_oom(err);
	if (c->hash_rc)
		return kl_error_sys(err, KL_ERR_IO, c->hash_rc,
		                    "cannot read '%s' again to hash it",
		                    c->path);
	memcpy(c->info.sha256, c->hash_hex, sizeof(c->info.sha256));
	return KL_OK;
}

/* ---- UTF-8 ---------------------------------------------------------- */

/*
 * Length of the valid UTF-8 sequence at p (1..4), 0 when invalid, or -1
 * when the sequence is cut off by the end of the buffer (n bytes left).
 */
static int utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	int len;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	for (int i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return -1;
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return len;
}

/* Offset of the first invalid byte in p[0..n), or n when all is valid. */
static size_t utf8_first_invalid(const unsigned char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		/* fast path: 8 ASCII bytes at a time */
		if (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if (!(w & 0x8080808080808080ULL)) {
				i += 8;
				continue;
			}
		}
		int l = utf8_seq(p + i, n - i);
		if (l <= 0)
			return i;
		i += (size_t)l;
	}
	return n;
}

/* ---- opening: hash, size, lines, encoding, delimiter ------------------ */

static int pick_delimiter(const unsigned char *p, size_t n)
{
	size_t semi = 0, comma = 0, tab = 0;
	int inq = 0;
	for (size_t i = 0; i < n && p[i] != '\n' && p[i] != '\r'; i++) {
		if (p[i] == '"')
			inq = !inq;
		else if (!inq && p[i] == ';')
			semi++;
		else if (!inq && p[i] == ',')
			comma++;
		else if (!inq && p[i] == '\t')
			tab++;
	}
	if (semi >= comma && semi >= tab && semi > 0)
		return ';';
	if (tab >= comma && tab > 0)
		return '\t';
	return ',';
}

/* opts.blank_lines: the delimiter of the first 8 lines' busiest one. */
static int pick_delimiter_lines(const unsigned char *p, size_t n)
{
	const unsigned char *best = p;
	size_t bestn = 0, off = 0;
	for (int k = 0; k < 8 && off < n; k++) {
		const unsigned char *l = p + off;
		const unsigned char *nl = memchr(l, '\n', n - off);
		size_t ll = nl ? (size_t)(nl - l) : n - off;
		size_t cnt[3] = {0, 0, 0};
		int inq = 0;
		for (size_t i = 0; i < ll; i++) {
			if (l[i] == '"')
				inq = !inq;
			else if (!inq && l[i] == ';')
				cnt[0]++;
			else if (!inq && l[i] == ',')
				cnt[1]++;
			else if (!inq && l[i] == '\t')
				cnt[2]++;
		}
		size_t m = cnt[0] > cnt[1] ? cnt[0] : cnt[1];
		m = m > cnt[2] ? m : cnt[2];
		if (m > bestn) {
			bestn = m;
			best = l;
		}
		off += ll + 1;
	}
	return pick_delimiter(best, n - (size_t)(best - p));
}

static int parse_encoding_name(const char *s, enum enc *e)
{
	if (!strcasecmp(s, "utf-8") || !strcasecmp(s, "utf8"))
		*e = ENC_UTF8;
	else if (!strcasecmp(s, "windows-1252") || !strcasecmp(s, "cp1252"))
		*e = ENC_CP1252;
	else if (!strcasecmp(s, "iso-8859-1") || !strcasecmp(s, "latin1") ||
	         !strcasecmp(s, "latin-1"))
		*e = ENC_LATIN1;
	else
		return -1;
	return 0;
}

int kl_csv_open(struct kl_csv **out, const char *path,
                const struct kl_csv_opts *opts, struct kl_error *err)
{
	struct kl_csv *c = NULL;
	struct stat sb;
	crypto_hash_sha256_state sha;
	unsigned char digest[crypto_hash_sha256_BYTES];
	unsigned char *buf = NULL, *head = NULL;
	size_t headlen = 0, carry = 0;
	int has_multi = 0, has_invalid = 0, last_nl = 1;
	size_t n;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	buf = malloc((1u << 20) + 4);
	head = malloc(65536);
	if (!c || !buf || !head) {
		kli_oom(err);
		goto fail;
	}
	if (opts)
		c->opts = *opts;
	c->path = strdup(path);
	if (!c->path) {
		kli_oom(err);
		goto fail;
	}
	kli_strlcpy(c->info.name, kli_base_name(path), sizeof(c->info.name));
	c->f = fopen(path, "rb");
	if (!c->f) {
		kl_error_sys(err, KL_ERR_NOINPUT, errno, "cannot open '%s'",
		             path);
		goto fail;
	}
	if (fstat(fileno(c->f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		kl_error_set(err, KL_ERR_NOINPUT,
		             "cannot read '%s': not a regular file", path);
		goto fail;
	}
	crypto_hash_sha256_init(&sha);
	/* carry: bytes of a UTF-8 sequence cut at the end of the last chunk */
	size_t chunk = c->opts.head_only ? 65536 : 1u << 20;
	while ((n = fread(buf + carry, 1, chunk, c->f)) > 0) {
		if (!c->opts.async_hash && !c->opts.head_only)
			crypto_hash_sha256_update(&sha, buf + carry, n);
		if (c->info.size == 0 && n >= 3 &&
		    !memcmp(buf, "\xEF\xBB\xBF", 3))
			c->bom = 1;
		if (headlen < 65536) {
			size_t k = n < 65536 - headlen ? n : 65536 - headlen;
			memcpy(head + headlen, buf + carry, k);
			headlen += k;
		}
		for (const unsigned char *q = buf + carry, *e = q + n;
		     (q = memchr(q, '\n', (size_t)(e - q))) != NULL; q++)
			c->info.lines++;
		last_nl = buf[carry + n - 1] == '\n';
		c->info.size += n;
		size_t len = carry + n, i = 0;
		carry = 0;
		while (i < len) {
			if (i + 8 <= len) {
				uint64_t w;
				memcpy(&w, buf + i, 8);
				if (!(w & 0x8080808080808080ULL)) {
					i += 8;
					continue;
				}
			}
			if (buf[i] < 0x80) {
				i++;
				continue;
			}
			int l = utf8_seq(buf + i, len - i);
			if (l < 0) {
				carry = len - i;
				memmove(buf, buf + i, carry);
				break;
			}
			if (l == 0) {
				has_invalid = 1;
				i++;
			} else {
				has_multi = 1;
				i += (size_t)l;
			}
		}
		if (c->opts.head_only) {
			carry = 0; /* a sequence cut at 64 KiB is no error */
			break;
		}
	}
	if (ferror(c->f)) {
		kl_error_sys(err, KL_ERR_NOINPUT, errno, "cannot read '%s'",
		             path);
		goto fail;
	}
	if (carry)
		has_invalid = 1;
	if (!last_nl)
		c->info.lines++;
	if (!c->opts.async_hash && !c->opts.head_only) {
		crypto_hash_sha256_final(&sha, digest);
		sodium_bin2hex(c->info.sha256, sizeof(c->info.sha256), digest,
		               sizeof(digest));
	}
	if (c->info.size == 0 || (c->bom && c->info.size == 3)) {
		kl_error_at(err, KL_ERR_PARSE, path, 0, 0,
		            "the file is empty; expected a header line");
		goto fail;
	}

	if (c->opts.encoding) {
		if (parse_encoding_name(c->opts.encoding, &c->enc)) {
			kl_error_set(err, KL_ERR_USAGE,
			             "unknown encoding '%s' (use utf-8, "
			             "windows-1252 or iso-8859-1)",
			             c->opts.encoding);
			goto fail;
		}
	} else if (c->bom || !has_invalid || has_multi) {
		/* a mix of valid multi-byte sequences and invalid bytes is
		 * broken UTF-8, reported where it is by kl_csv_read() */
		c->enc = ENC_UTF8;
	} else {
		c->enc = ENC_CP1252;
	}
	snprintf(c->info.encoding, sizeof(c->info.encoding), "%s",
	         c->enc == ENC_UTF8     ? (c->bom ? "utf-8-bom" : "utf-8")
	         : c->enc == ENC_CP1252 ? "windows-1252"
	                                : "iso-8859-1");
	{
		const unsigned char *h = head + (c->bom ? 3 : 0);
		size_t hl = headlen - (c->bom ? 3 : 0);
		const unsigned char *nl = memchr(h, '\n', hl);
		c->info.crlf = nl && nl > h && nl[-1] == '\r';
		c->info.delimiter =
		    (char)(c->opts.delimiter     ? c->opts.delimiter
		           : c->opts.blank_lines ? pick_delimiter_lines(h, hl)
		                                 : pick_delimiter(h, hl));
	}
	if (c->info.delimiter == '\t')
		snprintf(c->info.delimiter_name, sizeof(c->info.delimiter_name),
		         "%s", "tab");
	else
		snprintf(c->info.delimiter_name, sizeof(c->info.delimiter_name),
		         "%c", c->info.delimiter);
	zfree(buf, (1u << 20) + 4);
	zfree(head, 65536);
	if (c->opts.async_hash && !c->opts.head_only) {
		/* without a thread, hash when asked (kl_csv_hash_wait) */
		if (pthread_create(&c->hash_th, NULL, hash_file, c) == 0)
			c->hashing = 1;
		else
			c->hash_later = 1;
	}
	*out = c;
	return KL_OK;
fail:
	zfree(buf, (1u << 20) + 4);
	zfree(head, 65536);
	kl_csv_close(c);
	return err ? (int)err->status : KL_ERR_IO;
}

void kl_csv_close(struct kl_csv *c)
{
	if (!c)
		return;
	if (c->hashing)
		pthread_join(c->hash_th, NULL);
	if (c->f)
		fclose(c->f);
	free(c->path);
	free(c);
}

const struct kl_csv_info *kl_csv_get_info(const struct kl_csv *c)
{
	return &c->info;
}

/* ---- reading ---------------------------------------------------------- */

struct reader {
	struct kl_csv *c;
	int (*on_record)(void *, const struct kl_csv_record *,
	                 struct kl_error *);
	void *ctx;
	struct kl_error *err;
	int rc; /* first failure; callbacks do nothing once set */

	unsigned long lineno;    /* physical line being fed */
	unsigned long rec_start; /* line the current record started on */
	int in_record;
	unsigned long index;
	size_t rec_bytes;
	unsigned long blanks; /* opts.blank_lines: since the last record */

	/* the record being built: field bytes and their offsets */
	char *fbuf;
	size_t flen, fcap;
	size_t *offs, *lens;
	const char **ptrs;
	size_t nf, fcapn;
};

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t nc = *cap ? *cap : 64;
	while (nc < need)
		nc *= 2;
	void *np = zrealloc(*p, *cap * elem, nc * elem);
	if (!np)
		return -1;
	*p = np;
	*cap = nc;
	return 0;
}

/* Room for `need` fields in the offs/lens/ptrs arrays. */
static int grow_fields(struct reader *r, size_t need)
{
	size_t nc;
	if (need <= r->fcapn)
		return 0;
	nc = r->fcapn ? 2 * r->fcapn : 64;
	size_t *o = realloc(r->offs, nc * sizeof(*o));
	if (!o)
		return -1;
	r->offs = o;
	size_t *l = realloc(r->lens, nc * sizeof(*l));
	if (!l)
		return -1;
	r->lens = l;
	const char **q = realloc(r->ptrs, nc * sizeof(*q));
	if (!q)
		return -1;
	r->ptrs = q;
	r->fcapn = nc;
	return 0;
}

static void cb_field(void *s, size_t len, void *data)
{
	struct reader *r = data;
	if (r->rc)
		return;
	if (len > KL_CSV_MAX_FIELD) {
		r->rc = kl_error_at(r->err, KL_ERR_PARSE, r->c->path,
		                    r->rec_start, r->nf + 1,
		                    "field of %zu bytes is longer than the "
		                    "limit of %u bytes",
		                    len, KL_CSV_MAX_FIELD);
		return;
	}
	if (r->nf >= KL_CSV_MAX_COLUMNS) {
		r->rc = kl_error_at(
		    r->err, KL_ERR_PARSE, r->c->path, r->rec_start, r->nf + 1,
		    "more than %u fields in one record", KL_CSV_MAX_COLUMNS);
		return;
	}
	if (grow((void **)&r->fbuf, &r->fcap, r->flen + len + 1, 1) ||
	    grow_fields(r, r->nf + 1)) {
		r->rc = kli_oom(r->err);
		return;
	}
	if (len)
		memcpy(r->fbuf + r->flen, s, len);
	r->fbuf[r->flen + len] = 0;
	r->offs[r->nf] = r->flen;
	r->lens[r->nf] = len;
	r->flen += len + 1;
	r->nf++;
}

static void cb_row(int term, void *data)
{
	struct reader *r = data;
	struct kl_csv_record rec;
	(void)term;

	if (r->rc)
		return;
	for (size_t i = 0; i < r->nf; i++)
		r->ptrs[i] = r->fbuf + r->offs[i];
	rec.nfields = r->nf;
	rec.fields = r->ptrs;
	rec.lens = r->lens;
	rec.line = r->rec_start;
	rec.end_line = r->lineno;
	rec.index = r->index++;
	rec.blank_before = r->blanks;
	r->blanks = 0;
	r->rc = r->on_record(r->ctx, &rec, r->err);
	r->nf = 0;
	r->flen = 0;
	r->in_record = 0;
	r->rec_bytes = 0;
}

static int never_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* The 1-based field a byte offset of a raw line falls in. */
static unsigned long field_of(const struct reader *r, const char *line,
                              size_t off)
{
	unsigned long f = r->in_record ? r->nf + 1 : 1;
	int inq = 0;
	for (size_t i = 0; i < off; i++) {
		if (line[i] == '"')
			inq = !inq;
		else if (!inq && line[i] == r->c->info.delimiter)
			f++;
	}
	return f;
}

static int feed(struct reader *r, struct csv_parser *p, const char *s, size_t n)
{
	size_t done = csv_parse(p, s, n, cb_field, cb_row, r);
	if (r->rc)
		return r->rc;
	if (done != n) {
		int e = csv_error(p);
		if (e == CSV_ENOMEM || e == CSV_ETOOBIG)
			return kl_error_set(r->err, KL_ERR_NOMEM,
			                    "out of memory while parsing");
		return kl_error_at(r->err, KL_ERR_PARSE, r->c->path, r->lineno,
		                   r->nf + 1,
		                   "malformed quoting: a quote must open and "
		                   "close a whole field, and a quote inside a "
		                   "quoted field must be doubled");
	}
	return KL_OK;
}

static int read_lines(struct reader *r, struct csv_parser *p)
{
	struct kl_csv *c = r->c;
	size_t cap = 1u << 18, len = 0, start = 0;
	char *buf = malloc(cap);
	char *conv = NULL;
	size_t convcap = 0;
	iconv_t cd = (iconv_t)-1;
	unsigned long blank_line = 0;
	unsigned long long done = 0, next_progress = 65536;
	int rc = KL_OK, eof = 0;

	if (!buf)
		return kli_oom(r->err);
	if (c->enc != ENC_UTF8) {
		cd = iconv_open("UTF-8", c->enc == ENC_CP1252 ? "WINDOWS-1252"
		                                              : "ISO-8859-1");
		if (cd == (iconv_t)-1) {
			zfree(buf, cap);
			return kl_error_sys(r->err, KL_ERR_INTERNAL, errno,
			                    "iconv cannot convert from %s",
			                    c->info.encoding);
		}
	}
	if (fseek(c->f, c->bom ? 3 : 0, SEEK_SET) != 0) {
		rc = kl_error_sys(r->err, KL_ERR_IO, errno, "cannot read '%s'",
		                  c->path);
		goto out;
	}
	done = c->bom ? 3 : 0;
	for (;;) {
		char *nl =
		    len > start ? memchr(buf + start, '\n', len - start) : NULL;
		if (!nl && !eof) {
			/* need more bytes: move the partial line down */
			if (start > 0) {
				memmove(buf, buf + start, len - start);
				len -= start;
				start = 0;
			}
			if (len == cap) {
				if (cap >= KL_CSV_MAX_LINE) {
					rc = kl_error_at(
					    r->err, KL_ERR_PARSE, c->path,
					    r->lineno + 1, 0,
					    "line longer than the limit "
					    "of %u bytes",
					    KL_CSV_MAX_LINE);
					goto out;
				}
				char *nb = zrealloc(buf, cap, cap * 2);
				if (!nb) {
					rc = kli_oom(r->err);
					goto out;
				}
				buf = nb;
				cap *= 2;
			}
			size_t got = fread(buf + len, 1, cap - len, c->f);
			if (got == 0) {
				if (ferror(c->f)) {
					rc = kl_error_sys(
					    r->err, KL_ERR_IO, errno,
					    "cannot read '%s'", c->path);
					goto out;
				}
				eof = 1;
			}
			len += got;
			continue;
		}
		if (!nl && start >= len)
			break; /* end of file */
		size_t llen =
		    nl ? (size_t)(nl - (buf + start)) + 1 : len - start;
		char *line = buf + start;
		start += llen;
		r->lineno++;
		done += llen;
		if (c->opts.progress && done >= next_progress) {
			next_progress = done + 65536;
			if (c->opts.progress(c->opts.progress_ctx, done,
			                     c->info.size)) {
				rc = kl_error_set(r->err, KL_ERR_USAGE,
				                  "interrupted");
				goto out;
			}
		}
		char *nul = memchr(line, 0, llen);
		if (nul) {
			rc = kl_error_at(
			    r->err, KL_ERR_PARSE, c->path, r->lineno,
			    field_of(r, line, (size_t)(nul - line)),
			    "unexpected NUL byte (a binary file, "
			    "or UTF-16?)");
			goto out;
		}
		/* a blank line between records: allowed only at the end */
		if (!r->in_record && ((nl && llen == 1) ||
		                      (nl && llen == 2 && line[0] == '\r') ||
		                      (!nl && llen == 1 && line[0] == '\r'))) {
			if (c->opts.blank_lines) {
				r->blanks++;
				continue;
			}
			if (!blank_line)
				blank_line = r->lineno;
			continue;
		}
		if (blank_line) {
			rc = kl_error_at(r->err, KL_ERR_PARSE, c->path,
			                 blank_line, 1,
			                 "blank line inside the data; expected "
			                 "a record");
			goto out;
		}
		const char *feed_p = line;
		size_t feed_n = llen;
		if (c->enc == ENC_UTF8) {
			size_t bad =
			    utf8_first_invalid((unsigned char *)line, llen);
			if (bad < llen) {
				rc = kl_error_at(
				    r->err, KL_ERR_PARSE, c->path, r->lineno,
				    field_of(r, line, bad),
				    "invalid UTF-8 (byte 0x%02X); expected "
				    "UTF-8 text, or give --encoding",
				    (unsigned char)line[bad]);
				goto out;
			}
		} else {
			if (grow((void **)&conv, &convcap, llen * 3 + 4, 1)) {
				rc = kli_oom(r->err);
				goto out;
			}
			char *in = line, *o = conv;
			size_t inl = llen, outl = convcap;
			if (iconv(cd, &in, &inl, &o, &outl) == (size_t)-1) {
				size_t off = (size_t)(in - line);
				rc = kl_error_at(
				    r->err, KL_ERR_PARSE, c->path, r->lineno,
				    field_of(r, line, off),
				    "byte 0x%02X is not a %s character",
				    (unsigned char)line[off], c->info.encoding);
				goto out;
			}
			feed_p = conv;
			feed_n = (size_t)(o - conv);
		}
		if (!r->in_record) {
			r->in_record = 1;
			r->rec_start = r->lineno;
		}
		r->rec_bytes += feed_n;
		if (r->rec_bytes > KL_CSV_MAX_LINE) {
			rc = kl_error_at(r->err, KL_ERR_PARSE, c->path,
			                 r->rec_start, r->nf + 1,
			                 "record longer than the limit of %u "
			                 "bytes (an unterminated quote?)",
			                 KL_CSV_MAX_LINE);
			goto out;
		}
		rc = feed(r, p, feed_p, feed_n);
		if (rc)
			goto out;
	}
	if (csv_fini(p, cb_field, cb_row, r) != 0 && !r->rc) {
		rc = kl_error_at(r->err, KL_ERR_PARSE, c->path, r->rec_start,
		                 r->nf + 1,
		                 "unterminated quote: a quoted field opened "
		                 "in this record is never closed");
		goto out;
	}
	rc = r->rc;
out:
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	zfree(conv, convcap);
	zfree(buf, cap);
	return rc;
}

int kl_csv_read(struct kl_csv *c,
                int (*on_record)(void *ctx, const struct kl_csv_record *rec,
                                 struct kl_error *err),
                void *ctx, struct kl_error *err)
{
	struct csv_parser p;
	struct reader r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.c = c;
	r.on_record = on_record;
	r.ctx = ctx;
	r.err = err;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return kli_oom(err);
	csv_set_delim(&p, (unsigned char)c->info.delimiter);
	/* keep every byte: no trimming of spaces or tabs */
	csv_set_space_func(&p, never_space);
	csv_set_realloc_func(&p, csv_zrealloc);
	rc = read_lines(&r, &p);
	if (p.entry_buf)
		sodium_memzero(p.entry_buf, p.entry_size);
	csv_free(&p);
	zfree(r.fbuf, r.fcap);
	free(r.offs);
	free(r.lens);
	free(r.ptrs);
	return rc;
}
