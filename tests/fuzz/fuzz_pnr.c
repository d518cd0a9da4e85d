/*
 * fuzz_pnr.c - the personnummer detector: it must never read past the
 * text, a mask must never hold a digit of the text (a dropped-zero
 * number's mask starts with the constant "(0)"), and what parse accepts
 * find must find too.
 */
#include <string.h>

#include "fuzz.h"
#include "kartlagg/kartlagg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct kl_pnr p, q;
	char mask[32], hex[65];
	static const unsigned char key[KL_PNR_KEYBYTES] = {1, 2, 3};

	if (kl_pnr_find(s, size, &p) != KL_PNR_NONE) {
		if (p.offset + p.length > size)
			__builtin_trap();
		kl_pnr_mask(s, &p, mask, sizeof(mask));
		/* a dropped-zero number is shown "(0)YMMDD****": the 0 is
		 * the one the spreadsheet dropped, not a digit of the text */
		size_t skip =
		    p.dropped_zero && strncmp(mask, "(0)", 3) == 0 ? 3 : 0;
		if (strpbrk(mask + skip, "0123456789"))
			__builtin_trap();
	}
	if (kl_pnr_parse(s, size, 2026, &q) != KL_PNR_NONE) {
		if (kl_pnr_find(s, size, NULL) == KL_PNR_NONE)
			__builtin_trap();
		if (kl_pnr_hash(&q, key, hex) != 0 || strlen(hex) != 64)
			__builtin_trap();
	}
	return 0;
}
