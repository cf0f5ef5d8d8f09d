// SPDX-License-Identifier: GPL-2.0-only
/* The device pages of the devmem_compat fixture: allocation, free list,
 * ownership tests. */
#include <linux/mm.h>
#include <linux/memremap.h>
#include <linux/version.h>
#include "devmem.h"
#include "devmem_compat.h"

struct devmem *devmem_of_page(struct page *page)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)
	return container_of(page_pgmap(page), struct devmem, pagemap);
#else
	return container_of(page->pgmap, struct devmem, pagemap);
#endif
}

struct page *devmem_alloc_page(struct devmem *dm)
{
	struct page *page;

	spin_lock(&dm->lock);
	page = dm->free_pages;
	if (page) {
		dm->free_pages = page->zone_device_data;
		dm->allocated++;
	}
	spin_unlock(&dm->lock);
	if (!page)
		return NULL;
	devmem_page_init(page, &dm->pagemap);
	return page;
}

void devmem_free_page(struct devmem *dm, struct page *page)
{
	spin_lock(&dm->lock);
	page->zone_device_data = dm->free_pages;
	dm->free_pages = page;
	dm->allocated--;
	spin_unlock(&dm->lock);
}

bool devmem_owns_pfn(struct devmem *dm, unsigned long pfn)
{
	struct dev_pagemap *pgmap = devmem_get_dev_pagemap(pfn);
	bool owns = pgmap == &dm->pagemap;

	if (pgmap)
		put_dev_pagemap(pgmap);
	return owns;
}

bool devmem_owns_folio(struct devmem *dm, struct folio *folio)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
	if (!folio_is_device_private(folio))
#else
	if (!is_device_private_page(&folio->page))
#endif
		return false;
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 15, 0)
	return folio->page.pgmap == &dm->pagemap;
#else
	return folio->pgmap == &dm->pagemap;
#endif
}
