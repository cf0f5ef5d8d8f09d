/*
 * pgmap-ref: the one-argument get_dev_pagemap() of Linux 6.18 and later
 * (no cached pgmap).  The same table line covers both forms: a call with
 * fewer arguments than the table's CACHEARG has no cache argument.
 *
 * Annotations (checked by scripts/tests/plugin-unit.sh at -O0, -O2, -Os):
 *   expect: RULE "TEXT"  a warning of RULE containing TEXT is reported on this line
 *   note ["TEXT"] [#L]   a note here, of the next expectation in the function (else
 *                        the one before; #L: the one labelled #L).  Nothing else.
 */
#define GET_DEV_PAGEMAP_ONE_ARG
#include "kernel.h"

extern bool pgmap_pfn_valid(struct dev_pagemap *pgmap, unsigned long pfn);
extern void pr_busy(void);

/* ==== must fire ===================================================== */

int leak_one_arg(unsigned long pfn, int flags)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn);	/* note "the reference is taken here" */

	if (!pgmap)
		return -6;
	if (!pgmap_pfn_valid(pgmap, pfn))
		return -22;	/* expect: pgmap-ref "'pgmap' from 'get_dev_pagemap()' at line 21 is neither put nor handed on when the function returns by this path" */
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
		pgmap = get_dev_pagemap(pfn);	/* expect: pgmap-ref "'get_dev_pagemap()' overwrites 'pgmap', the only copy of the reference it took on an earlier iteration, before that reference is put" */
		if (pgmap && pgmap->type == MEMORY_DEVICE_PRIVATE)
			n++;
	}
	if (pgmap)
		put_dev_pagemap(pgmap);
	return n;
}

int unchecked_one_arg(unsigned long pfn)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn);	/* note "the reference is taken here" */
	int type = pgmap->type;	/* expect: pgmap-ref "'pgmap' from 'get_dev_pagemap()' at line 50 is dereferenced before it is checked for NULL" */

	put_dev_pagemap(pgmap);
	return type;
}

void double_put_one_arg(unsigned long pfn)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn);	/* note "the reference is taken here" */

	put_dev_pagemap(pgmap);	/* note "the reference is dropped here" */
	pr_busy();
	put_dev_pagemap(pgmap);	/* expect: pgmap-ref "'pgmap' is put a second time on this path" */
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
