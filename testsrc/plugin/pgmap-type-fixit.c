/*
 * pgmap-type fix-its: every switch here is incomplete and its warning
 * carries fix-it hints.  scripts/tests/pgmap-type-fixit.sh applies the patch
 * of -fdiagnostics-generate-patch, checks that the patched file compiles,
 * is silent, and behaves the same for every value (each function returns
 * which branch a type took).
 *
 * Annotations: see pgmap-type.c.
 */
#include "kernel.h"

/* memory_failure_dev_pagemap(): two cases and a default (GCC makes it an "if"). */
int two_cases_default(struct dev_pagemap *pgmap)
{
	switch (pgmap->type) {	/* expect: pgmap-type "switch on 'pgmap->type': MEMORY_DEVICE_FS_DAX, MEMORY_DEVICE_GENERIC and MEMORY_DEVICE_PCI_P2PDMA fall into 'default'" */
	case MEMORY_DEVICE_PRIVATE:
	case MEMORY_DEVICE_COHERENT:
		return 1;
	default:
		break;
	}
	return 0;
}

/* Three branches and a default. */
int cases_and_default(struct dev_pagemap *pgmap)
{
	int r;

	switch (pgmap->type) {	/* expect: pgmap-type "switch on 'pgmap->type': MEMORY_DEVICE_COHERENT, MEMORY_DEVICE_GENERIC and MEMORY_DEVICE_PCI_P2PDMA fall into 'default'" */
	case MEMORY_DEVICE_PRIVATE:
		r = 1;
		break;
	case MEMORY_DEVICE_FS_DAX:
		r = 2;
		break;
	default:
		r = 0;
		break;
	}
	return r;
}

/* No default: the missing types leave the switch. */
int no_default(struct page *page)
{
	int r = 7;

	switch (page->pgmap->type) {	/* expect: pgmap-type "switch on 'page->pgmap->type': MEMORY_DEVICE_COHERENT and MEMORY_DEVICE_FS_DAX are not handled" */
	case MEMORY_DEVICE_PRIVATE:
		r = 1;
		break;
	case MEMORY_DEVICE_GENERIC:
		r = 4;
		/* fall through */
	case MEMORY_DEVICE_PCI_P2PDMA:
		r += 5;
		break;
	}
	return r;
}

/* The default first, a case written beside it, on a local copy in a loop. */
int default_first(struct dev_pagemap **pgmaps, int n)
{
	int sum = 0;

	for (int i = 0; i < n; i++) {
		enum memory_type type = pgmaps[i]->type;

		switch (type) {	/* expect: pgmap-type "switch on 'type': MEMORY_DEVICE_PRIVATE, MEMORY_DEVICE_GENERIC and MEMORY_DEVICE_PCI_P2PDMA fall into 'default'" */
		default:
		case MEMORY_DEVICE_FS_DAX:
			sum += 1;
			break;
		case MEMORY_DEVICE_COHERENT:
			sum += 10;
			break;
		}
	}
	return sum;
}

/* Exhaustive: no warning, no fix-it. */
int exhaustive(struct dev_pagemap *pgmap)
{
	switch (pgmap->type) {
	case MEMORY_DEVICE_PRIVATE:
	case MEMORY_DEVICE_COHERENT:
		return 1;
	case MEMORY_DEVICE_FS_DAX:
	case MEMORY_DEVICE_GENERIC:
	case MEMORY_DEVICE_PCI_P2PDMA:
		return 2;
	default:
		return 0;
	}
}
