/*
 * pgmap-type on an enum memory_type with one more type than Linux 6.1, and
 * an alias (two names, one value): the rule reads the translation unit's
 * own enum, so code that was exhaustive for 6.1 now leaves a type implicit.
 *
 * Annotations: see pgmap-type.c.
 */
#define MEMORY_TYPES							\
	MEMORY_DEVICE_PRIVATE = 1,					\
	MEMORY_DEVICE_COHERENT,						\
	MEMORY_DEVICE_FS_DAX,						\
	MEMORY_DEVICE_GENERIC,						\
	MEMORY_DEVICE_PCI_P2PDMA,					\
	MEMORY_DEVICE_EXTRA,						\
	MEMORY_DEVICE_DEVDAX = MEMORY_DEVICE_GENERIC,
#include "kernel.h"

extern void use(int n);

/* mm/memremap.c memremap_pages() as in 6.1: EXTRA now falls into the default. */
int memremap_pages(struct dev_pagemap *pgmap)
{
	int prot = 0;

	switch (pgmap->type) {	/* expect: pgmap-type "switch on 'pgmap->type': MEMORY_DEVICE_EXTRA falls into 'default'" */
	case MEMORY_DEVICE_PRIVATE:
	case MEMORY_DEVICE_COHERENT:
		break;
	case MEMORY_DEVICE_FS_DAX:
		prot = 1;
		break;
	case MEMORY_DEVICE_GENERIC:
		break;
	case MEMORY_DEVICE_PCI_P2PDMA:
		prot = 2;
		break;
	default:
		use(pgmap->type);
		break;
	}
	return prot;
}

/* The seed's free_zone_device_folio() switch: EXTRA is not handled. */
void free_zone_device_folio(struct folio *folio)
{
	switch (folio->page.pgmap->type) {	/* expect: pgmap-type "switch on 'folio->page.pgmap->type': MEMORY_DEVICE_EXTRA is not handled" */
	case MEMORY_DEVICE_PRIVATE:
	case MEMORY_DEVICE_COHERENT:
		put_dev_pagemap(folio->page.pgmap);
		break;
	case MEMORY_DEVICE_FS_DAX:
	case MEMORY_DEVICE_GENERIC:
		use(1);
		break;
	case MEMORY_DEVICE_PCI_P2PDMA:
		break;
	}
}

/* The 6.1 chain: both names of the aliased value are listed. */
void free_zone_device_page(struct page *page)
{
	if (page->pgmap->type != MEMORY_DEVICE_PRIVATE &&	/* expect: pgmap-type "'page->pgmap->type' is tested against several memory types: the condition holds for MEMORY_DEVICE_FS_DAX, MEMORY_DEVICE_GENERIC, MEMORY_DEVICE_PCI_P2PDMA, MEMORY_DEVICE_EXTRA and MEMORY_DEVICE_DEVDAX and fails for MEMORY_DEVICE_PRIVATE and MEMORY_DEVICE_COHERENT" */
	    page->pgmap->type != MEMORY_DEVICE_COHERENT)
		use(1);
}

/* ---- must stay silent ---------------------------------------------------- */

/* Every type, the alias's value through its other name. */
int all_types(struct dev_pagemap *pgmap)
{
	switch (pgmap->type) {
	case MEMORY_DEVICE_PRIVATE:
	case MEMORY_DEVICE_COHERENT:
		return 1;
	case MEMORY_DEVICE_FS_DAX:
	case MEMORY_DEVICE_DEVDAX:
		return 2;
	case MEMORY_DEVICE_PCI_P2PDMA:
	case MEMORY_DEVICE_EXTRA:
		return 3;
	}
	return 0;
}

/* One value under either name is still one type. */
bool generic(struct dev_pagemap *pgmap)
{
	return pgmap->type == MEMORY_DEVICE_GENERIC;
}

bool devdax(struct dev_pagemap *pgmap)
{
	return pgmap->type == MEMORY_DEVICE_DEVDAX;
}
