/*
 * pgmap-type on an older kernel's enum memory_type (Linux 5.3 to 5.9: no
 * COHERENT, DEVDAX before it became GENERIC).  The messages name the types
 * of this enum.
 *
 * Annotations: see pgmap-type.c.
 */
#define MEMORY_TYPES							\
	MEMORY_DEVICE_PRIVATE = 1,					\
	MEMORY_DEVICE_FS_DAX,						\
	MEMORY_DEVICE_DEVDAX,						\
	MEMORY_DEVICE_PCI_P2PDMA,
#include "kernel.h"

extern void use(int n);
extern bool need_devmap_managed;

/* mm/memremap.c memremap_pages() (5.x): every type and a default: silent. */
int memremap_pages(struct dev_pagemap *pgmap)
{
	int prot = 0;

	switch (pgmap->type) {
	case MEMORY_DEVICE_PRIVATE:
		if (!pgmap->ops)
			return -22;
		break;
	case MEMORY_DEVICE_FS_DAX:
		need_devmap_managed = true;
		break;
	case MEMORY_DEVICE_DEVDAX:
		need_devmap_managed = false;
		break;
	case MEMORY_DEVICE_PCI_P2PDMA:
		prot = 2;
		need_devmap_managed = false;
		break;
	default:
		use(pgmap->type);
		break;
	}
	return prot;
}

/* The "devmap managed" types, with the others implicit. */
bool devmap_managed(struct page *page)
{
	switch (page->pgmap->type) {	/* expect: pgmap-type "switch on 'page->pgmap->type': MEMORY_DEVICE_DEVDAX and MEMORY_DEVICE_PCI_P2PDMA fall into 'default'" */
	case MEMORY_DEVICE_PRIVATE:
	case MEMORY_DEVICE_FS_DAX:
		return true;
	default:
		break;
	}
	return false;
}

/* Two of four types in a chain. */
bool dax_type(struct dev_pagemap *pgmap)
{
	return pgmap->type == MEMORY_DEVICE_FS_DAX || pgmap->type == MEMORY_DEVICE_DEVDAX;	/* expect: pgmap-type "'pgmap->type' is tested against several memory types: the condition holds for MEMORY_DEVICE_FS_DAX and MEMORY_DEVICE_DEVDAX and fails for MEMORY_DEVICE_PRIVATE and MEMORY_DEVICE_PCI_P2PDMA" */
}

/* A single type: silent. */
bool p2pdma(struct dev_pagemap *pgmap)
{
	return pgmap->type == MEMORY_DEVICE_PCI_P2PDMA;
}
