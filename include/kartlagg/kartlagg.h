/*
 * kartlagg.h - the public API of the kartlagg library.  cli/ includes only
 * this header; it includes the kl_*.h module headers.
 *
 * Ownership (one rule for the whole API): you free what you got from a
 * _new or _open function with its _free or _close; strings you pass in are
 * borrowed, and the library copies what it keeps.  Every _free, _close and
 * _release accepts NULL.  Out-parameters are NULL on failure.
 */
#ifndef KARTLAGG_H
#define KARTLAGG_H

#include "kartlagg/kl_version.h"
#include "kl_error.h"
#include "kl_store.h"
#include "kl_csv.h"
#include "kl_codebook.h"
#include "kl_import.h"
#include "kl_estimate.h"
#include "kl_calibrate.h"
#include "kl_mse.h"
#include "kl_pnr.h"
#include "kl_key.h"
#include "kl_codes.h"
#include "kl_region.h"
#include "kl_feeds.h"
#include "kl_count.h"
#include "kl_fmt.h"
#include "kl_sdc.h"
#include "kl_svg.h"
#include "kl_report.h"

/* Call once before anything else (turns off GSL's abort handler, starts
 * libsodium).  Returns KL_OK or KL_ERR_INTERNAL. */
int kl_init(struct kl_error *err);

#endif
