/*
 * error.c - the status table and helpers that fill struct kl_error.
 */
#include <stdio.h>
#include <string.h>

#include "kl_error.h"

const char *kl_strerror(enum kl_status s)
{
	switch (s) {
	case KL_OK:
		return "success";
	case KL_ERR_USAGE:
		return "bad usage";
	case KL_ERR_PARSE:
		return "malformed input";
	case KL_ERR_IO:
		return "input/output error";
	case KL_ERR_STORE:
		return "store error";
	case KL_ERR_NUMERIC:
		return "numerical failure";
	case KL_ERR_NOMEM:
		return "out of memory";
	case KL_ERR_NOINPUT:
		return "input not found or unreadable";
	case KL_ERR_BUSY:
		return "store is locked";
	case KL_ERR_CONFIG:
		return "bad configuration";
	case KL_ERR_CANTCREAT:
		return "cannot create output";
	case KL_ERR_INTERNAL:
		return "internal error";
	case KL_ERR_PRIVACY:
		return "direct identifier in input";
	}
	return "unknown status";
}

void kl_error_clear(struct kl_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

static void set_msg(struct kl_error *err, const char *fmt, va_list ap)
{
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

int kl_error_set(struct kl_error *err, enum kl_status s, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return s;
	err->status = s;
	va_start(ap, fmt);
	set_msg(err, fmt, ap);
	va_end(ap);
	return s;
}

int kl_error_at(struct kl_error *err, enum kl_status s, const char *path,
                unsigned long line, unsigned long column, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return s;
	err->status = s;
	snprintf(err->path, sizeof(err->path), "%s", path ? path : "");
	err->line = line;
	err->column = column;
	va_start(ap, fmt);
	set_msg(err, fmt, ap);
	va_end(ap);
	return s;
}

int kl_error_sys(struct kl_error *err, enum kl_status s, int e, const char *fmt,
                 ...)
{
	va_list ap;
	size_t n;

	if (!err)
		return s;
	err->status = s;
	err->sys_errno = e;
	va_start(ap, fmt);
	set_msg(err, fmt, ap);
	va_end(ap);
	n = strlen(err->msg);
	if (n < sizeof(err->msg))
		snprintf(err->msg + n, sizeof(err->msg) - n, ": %s",
		         strerror(e));
	return s;
}
