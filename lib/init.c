/*
 * init.c - one-time library set-up.
 */
#include <gsl/gsl_errno.h>
#include <sodium.h>
#include <sqlite3.h>

#include "kartlagg.h"

int kl_init(struct kl_error *err)
{
	/* GSL's default handler aborts; kartlagg checks every return code
	 * instead, as the GSL manual recommends for production programs. */
	gsl_set_error_handler_off();
	/* No global memory statistics: they take a mutex on every
	 * allocation, and kartlagg does not read them.  Fails harmlessly
	 * when SQLite is already initialised. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (sodium_init() < 0)
		return kl_error_set(err, KL_ERR_INTERNAL,
		                    "cannot initialise libsodium");
	return KL_OK;
}
