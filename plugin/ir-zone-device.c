// SPDX-License-Identifier: GPL-2.0
/*
 * ir-zone-device.c - the notes that say why a page is ZONE_DEVICE, for
 * every engine (ir.h's ir_zd_proof): the GCC plugin's core-zone-device.c
 * and the libclang front end prove it their own way and explain it here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ir.h"

bool ir_zd_proven(const struct ir_zd_proof *p)
{
	return p->why == IR_ZD_SOURCE || p->why == IR_ZD_PREDICATE || p->why == IR_ZD_PGMAP_USE;
}

static char *format(const char *fmt, const char *a, const char *b)
{
	size_t n = strlen(fmt) + (a ? strlen(a) : 0) + (b ? strlen(b) : 0) + 1;
	char *s = (char *)malloc(n);
	if (!s)
		abort();
	snprintf(s, n, fmt, a ? a : "", b ? b : "");
	return s;
}

#define Q(x) IR_OPEN_QUOTE x IR_CLOSE_QUOTE

bool ir_zd_note(const struct ir_zd_proof *p, struct ir_note *out)
{
	out->at = p->at;
	switch (p->why) {
	case IR_ZD_SOURCE:
		out->message = p->pfn
			? format("the page's pfn comes from " Q("%s()") " here, which returns "
				 "ZONE_DEVICE pfns", p->what, NULL)
			: format("the page comes from " Q("%s()") " here, which returns "
				 "ZONE_DEVICE pages", p->what, NULL);
		return true;
	case IR_ZD_PREDICATE:
		out->message = format(Q("%s(%s)") " holds on this path", p->what,
				      p->arg ? p->arg : "page");
		return true;
	case IR_ZD_PGMAP_USE:
		out->message = format("the page's pgmap is used here, and only ZONE_DEVICE "
				      "pages have one", NULL, NULL);
		return true;
	default:
		return false;
	}
}
