/*
 * kl_csv.h - reading delimited exports: encoding and delimiter detection,
 * conversion to UTF-8, and records with their physical line numbers.
 *
 * Every kartlagg parser reads its input through this module (libcsv does
 * the tokenising).  Opening a file reads it once to compute its SHA-256,
 * size and encoding: a UTF-8 BOM means UTF-8; otherwise a file that is
 * valid UTF-8 is UTF-8, one with bytes >= 0x80 that are not valid UTF-8 and
 * no valid multi-byte sequence is Windows-1252, and one that mixes both is
 * refused as invalid UTF-8.  The delimiter (';', ',' or tab) is the one
 * that occurs most often outside quotes in the first line.  Both can be
 * forced through struct kl_csv_opts.
 *
 * Records are delivered, converted to UTF-8 and without the BOM, to a
 * callback together with the physical line on which they start (CRLF or
 * LF; a quoted field may span lines).  Parsing is strict: a quote inside
 * an unquoted field, text after a closing quote, an unterminated quote, a
 * NUL byte, a blank line before the end of the file, or a field, line or
 * column count above the limits is KL_ERR_PARSE with path, line and column.
 */
#ifndef KL_CSV_H
#define KL_CSV_H

#include <stddef.h>

#include "kl_error.h"

#define KL_CSV_MAX_FIELD (1u << 20) /* bytes in one field: 1 MiB */
#define KL_CSV_MAX_LINE (16u << 20) /* bytes in one physical line */
#define KL_CSV_MAX_COLUMNS 4096     /* fields in one record */

struct kl_csv_opts {
	const char *encoding; /* NULL = detect; "utf-8", "windows-1252",
	                         "iso-8859-1" */
	int delimiter;        /* 0 = detect; ';' ',' '\t' or another byte */
	/* Called about every 64 KiB read with bytes done and the total; may be
	 * NULL.  Return nonzero to stop (the read then fails KL_ERR_USAGE). */
	int (*progress)(void *ctx, unsigned long long done,
	                unsigned long long total);
	void *progress_ctx;
	/* Compute the SHA-256 on a thread of its own while the file is read
	 * (kl_csv_get_info's sha256 is then "" until kl_csv_hash_wait()). */
	int async_hash;
	/* Read only the first 64 KiB, to detect the encoding and delimiter
	 * and look at the header: no SHA-256, and size and lines count that
	 * part only.  kl_csv_read() still reads the whole file. */
	int head_only;
	/* SCB "med rubrik" and "fotnoter": blank lines are skipped instead
	 * of refused (each record says how many came before it), and the
	 * delimiter is the one of the busiest of the first 8 lines, so that
	 * a title line does not decide it. */
	int blank_lines;
};

struct kl_csv_info {
	char name[256];          /* file name without directories */
	char encoding[24];       /* "utf-8", "utf-8-bom", "windows-1252", ... */
	char delimiter;          /* the byte */
	char delimiter_name[8];  /* ";" "," "tab" */
	unsigned long long size; /* bytes */
	char sha256[65];         /* hex, lower case */
	int crlf;                /* 1 when the first line ends in CRLF */
	unsigned long lines;     /* physical lines in the file */
};

/* One record.  fields[i] is NUL-terminated UTF-8 of length lens[i]; valid
 * only during the callback. */
struct kl_csv_record {
	size_t nfields;
	const char *const *fields;
	const size_t *lens;
	unsigned long line;         /* physical line where the record starts */
	unsigned long end_line;     /* physical line where it ends */
	unsigned long index;        /* 0 = the first record (the header) */
	unsigned long blank_before; /* opts.blank_lines: blank lines between
	                               the previous record and this one */
};

struct kl_csv;

/*
 * Open `path`, hash it and detect its encoding and delimiter.  A missing or
 * unreadable file is KL_ERR_NOINPUT; an empty file is KL_ERR_PARSE.
 */
int kl_csv_open(struct kl_csv **out, const char *path,
                const struct kl_csv_opts *opts, struct kl_error *err);
void kl_csv_close(struct kl_csv *c);

const struct kl_csv_info *kl_csv_get_info(const struct kl_csv *c);

/* With opts.async_hash: wait for the SHA-256 and store it in the info.
 * Returns KL_OK, or KL_ERR_IO when the file could not be read again.
 * Without async_hash it returns KL_OK at once. */
int kl_csv_hash_wait(struct kl_csv *c, struct kl_error *err);

/*
 * Read every record, the header included, calling on_record for each.  A
 * nonzero return from on_record stops the read and is returned (the
 * callback fills err).  Returns KL_OK at the end of the file.  May be
 * called again to read the file from the start.
 */
int kl_csv_read(struct kl_csv *c,
                int (*on_record)(void *ctx, const struct kl_csv_record *rec,
                                 struct kl_error *err),
                void *ctx, struct kl_error *err);

#endif
