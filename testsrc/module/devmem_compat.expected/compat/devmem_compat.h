/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The driver's compatibility layer: the newest kernel API, provided for
 * the kernels that lack it, and wrappers that pick the right form.
 */
#ifndef DEVMEM_COMPAT_H
#define DEVMEM_COMPAT_H

#include <linux/memremap.h>
#include <linux/mm.h>
#include "devmem_conftest.h"

#ifndef DEVMEM_PAGE_PGMAP_PRESENT
/* Before 6.15 the pgmap was a field of struct page. */
static inline struct dev_pagemap *page_pgmap(const struct page *page)
{
	return page->pgmap;
}
#endif

static inline void devmem_page_init(struct page *page, struct dev_pagemap *pgmap)
{
#ifdef HAVE_ZONE_DEVICE_PAGE_INIT_PGMAP_ARG
	zone_device_page_init(page, pgmap, 0);
#else
	zone_device_page_init(page);
#endif
}

static inline struct dev_pagemap *devmem_get_dev_pagemap(unsigned long pfn)
{
#if defined(DEVMEM_GET_DEV_PAGEMAP_HAS_PGMAP_ARG)
	return get_dev_pagemap(pfn, NULL);
#else
	return get_dev_pagemap(pfn);
#endif
}

#endif /* DEVMEM_COMPAT_H */
