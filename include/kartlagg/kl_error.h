/*
 * kl_error.h - status codes and the error record every kl_ function fills.
 *
 * Every library function that can fail returns an int status from
 * enum kl_status (KL_OK = 0) and, on failure, describes the problem in a
 * caller-owned struct kl_error.  The library never prints and never exits:
 * only cli/ turns a status into a message and an exit code.
 *
 * Messages in kl_error.msg are lower case, without a full stop, and say what
 * was expected and what was found.  They never quote a value from an
 * identifying column (see kartlagg(1), SECURITY).
 */
#ifndef KL_ERROR_H
#define KL_ERROR_H

#include <stdarg.h>

enum kl_status {
	KL_OK = 0,
	KL_ERR_USAGE = 1,   /* bad argument to a kl_ function or option */
	KL_ERR_PARSE = 2,   /* malformed input: path/line/column say where */
	KL_ERR_IO = 3,      /* read/write failed; errno kept in sys_errno */
	KL_ERR_STORE = 4,   /* SQLite failed; message from sqlite3_errmsg */
	KL_ERR_NUMERIC = 5, /* GSL failed or the estimate does not exist */
	KL_ERR_NOMEM = 6,   /* an allocation failed */
	KL_ERR_NOINPUT = 7, /* input file missing or unreadable */
	KL_ERR_BUSY = 8,    /* store locked by another process: try again */
	KL_ERR_CONFIG = 9,  /* bad definition file, or not a kartlagg store */
	KL_ERR_CANTCREAT = 10, /* cannot create the store or an output file */
	KL_ERR_INTERNAL = 11,  /* a bug */
	KL_ERR_PRIVACY = 12,   /* a direct identifier was found in the input */
};                             /* append only; numbers never change */

struct kl_error {
	enum kl_status status;
	char path[512];       /* input file, "" if none */
	unsigned long line;   /* 1-based physical line; 0 = unknown */
	unsigned long column; /* 1-based field number; 0 = unknown */
	char field[128];      /* header text of that column, "" if none */
	char msg[512];        /* what was expected, what was found */
	int sys_errno;        /* errno for KL_ERR_IO / KL_ERR_NOINPUT, else 0 */
};

/* A short English phrase for a status ("malformed input", ...). */
const char *kl_strerror(enum kl_status s);

/* Reset *err to "no error".  Accepts NULL. */
void kl_error_clear(struct kl_error *err);

/*
 * Fill *err (if not NULL) with status s and a printf-style message; the
 * location fields are left as they are.  Returns s, so a caller can write
 * `return kl_error_set(err, KL_ERR_PARSE, "expected ...");`.
 */
int kl_error_set(struct kl_error *err, enum kl_status s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* As kl_error_set, and also records path, line and column. */
int kl_error_at(struct kl_error *err, enum kl_status s, const char *path,
                unsigned long line, unsigned long column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Set a status with errno's text appended: "<what>: <strerror(e)>". */
int kl_error_sys(struct kl_error *err, enum kl_status s, int e, const char *fmt,
                 ...) __attribute__((format(printf, 4, 5)));

#endif
