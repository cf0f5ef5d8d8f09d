/*
 * pgmap-ref: the one-argument get_dev_pagemap() of Linux 6.18 and later
 * (no cached pgmap).  The same table line covers both forms: a call with
 * fewer arguments than the table's CACHEARG has no cache argument.
 *
 * Annotations (checked by scripts/tests/plugin-unit.sh at -O0, -O2, -Os):
 *   expect: RULE    a devmap-lint warning of RULE is reported on this line
 *   note            a note of that warning points at this line
 * Every other line must stay silent.
 */
#define GET_DEV_PAGEMAP_ONE_ARG
#include "kernel.h"

extern bool pgmap_pfn_valid(struct dev_pagemap *pgmap, unsigned long pfn);
extern void pr_busy(void);

/* ==== must fire ===================================================== */

int leak_one_arg(unsigned long pfn, int flags)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn);	/* note */

	if (!pgmap)
		return -6;
	if (!pgmap_pfn_valid(pgmap, pfn))
		return -22;	/* expect: pgmap-ref */
	put_dev_pagemap(pgmap);
	return 0;
}

/* Each iteration's reference is overwritten by the next one. */
int loop_one_arg(unsigned long start, unsigned long end)
{
	struct dev_pagemap *pgmap = NULL;
	unsigned long pfn;
	int n = 0;

	for (pfn = start; pfn < end; pfn++) {
		pgmap = get_dev_pagemap(pfn);	/* expect: pgmap-ref */
		if (pgmap && pgmap->type == MEMORY_DEVICE_PRIVATE)
			n++;
	}
	if (pgmap)
		put_dev_pagemap(pgmap);
	return n;
}

int unchecked_one_arg(unsigned long pfn)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn);	/* note */
	int type = pgmap->type;	/* expect: pgmap-ref */

	put_dev_pagemap(pgmap);
	return type;
}

void double_put_one_arg(unsigned long pfn)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn);	/* note */

	put_dev_pagemap(pgmap);	/* note */
	pr_busy();
	put_dev_pagemap(pgmap);	/* expect: pgmap-ref */
}

/* ==== must stay silent ============================================== */

/* A loop that keeps the pgmap while it covers the pfn (what 6.18 callers do). */
int covering_loop(unsigned long start, unsigned long end)
{
	struct dev_pagemap *pgmap = NULL;
	unsigned long pfn;
	int n = 0;

	for (pfn = start; pfn < end; pfn++) {
		if (!pgmap || !pgmap_pfn_valid(pgmap, pfn)) {
			put_dev_pagemap(pgmap);
			pgmap = get_dev_pagemap(pfn);
			if (!pgmap)
				break;
		}
		n++;
	}
	put_dev_pagemap(pgmap);
	return n;
}

bool probe_one_arg(unsigned long pfn)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn);

	put_dev_pagemap(pgmap);
	return pgmap != NULL;
}
