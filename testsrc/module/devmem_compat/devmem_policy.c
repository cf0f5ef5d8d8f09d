// SPDX-License-Identifier: GPL-2.0-only
/* The devmem_compat fixture's policies: what check --module reports on it.
 * Both are the old convention devmap-lint looks for, on purpose. */
#include <linux/mm.h>
#include <linux/memremap.h>
#include "devmem.h"

/* How many pages one migration of PGMAP's pages moves: the other types
 * fall into 'default' (pgmap-type, on every kernel). */
unsigned int devmem_migrate_batch(const struct dev_pagemap *pgmap)
{
	switch (pgmap->type) {
	case MEMORY_DEVICE_PRIVATE:
		return 64;
	case MEMORY_DEVICE_COHERENT:
		return 16;
	default:
		return 0;
	}
}

/* Whether nobody but the driver holds PAGE: idle at refcount 1 until 6.15
 * (refcount-one; its message names the kernel it is built for). */
bool devmem_page_idle(struct page *page)
{
	return is_device_private_page(page) && page_ref_count(page) == 1;
}
