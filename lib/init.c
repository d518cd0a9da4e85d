/*
 * init.c - one-time library set-up.
 */
#include <gsl/gsl_errno.h>
#include <sodium.h>

#include "kartlagg.h"

int kl_init(struct kl_error *err)
{
	/* GSL's default handler aborts; kartlagg checks every return code
	 * instead, as the GSL manual recommends for production programs. */
	gsl_set_error_handler_off();
	if (sodium_init() < 0)
		return kl_error_set(err, KL_ERR_INTERNAL,
		                    "cannot initialise libsodium");
	return KL_OK;
}
