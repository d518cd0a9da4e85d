/*
 * codes_priv.h - the code tables from given texts (codes.c), for the unit
 * tests of the tables' checks; the library itself uses kl_codes_new().
 */
#ifndef KL_CODES_PRIV_H
#define KL_CODES_PRIV_H

#include "kl_codes.h"

int kli_codes_new_from(struct kl_codes **out, const char *regions,
                       const char *offences, const char *groups,
                       struct kl_error *err);

#endif
