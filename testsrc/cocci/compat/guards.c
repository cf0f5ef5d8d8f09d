/* Compatibility code of a driver built outside the tree: what the rules
 * keep as it is ("kept" at the end of a line) and what they convert
 * ("converted").  The test checks each marked line against the result. */
#include <linux/mm.h>
#include <linux/memremap.h>
#include "drv_conftest.h"

/* A shim giving old kernels the new API's own name, unguarded: page_pgmap()
 * must not become a call of itself. */
static inline struct dev_pagemap *
page_pgmap(struct page *page)
{
	return page->pgmap;	/* kept */
}

#define folio_is_device_private(f) is_device_private_page(&(f)->page)	/* kept */

static inline struct dev_pagemap *drv_pgmap(struct page *page)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 15, 0)
	return page->pgmap;	/* kept */
#else
	return page_pgmap(page);
#endif
}

static inline void drv_page_init(struct page *page, struct dev_pagemap *pgmap)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 19, 0)
	zone_device_page_init(page, pgmap, 0);
#else
	zone_device_page_init(page);	/* kept */
#endif
}

static inline struct dev_pagemap *drv_get_pgmap(unsigned long pfn)
{
#if defined(NV_GET_DEV_PAGEMAP_HAS_PGMAP_ARG)
	return get_dev_pagemap(pfn, NULL);	/* kept */
#else
	return get_dev_pagemap(pfn);
#endif
}

static void drv_use(struct page *page, struct folio *folio)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
	use(page->pgmap);	/* converted */
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(5, 10, 0)
	use(page->pgmap, 1);	/* kept */
#else
	use(page->pgmap, 2);	/* kept */
#endif
#if defined(CONFIG_DRV_DEBUG) && LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
	debug(page->pgmap);	/* kept */
#endif
#ifdef HAVE_PAGE_PGMAP
	use(page_pgmap(page), 3);
#else
	use(page->pgmap, 3);	/* kept */
#endif
#ifndef DRV_FOLIO_PGMAP_PRESENT
	use(folio->page.pgmap, 4);	/* kept */
#endif
#if DRV_HAS_ZONE_DEVICE
	use(page->pgmap, 5);	/* converted */
#endif
#ifdef CONFIG_DRV_DEBUG
	debug(page->pgmap, 6);	/* converted */
#endif
	if (is_device_private_page(&folio->page))	/* converted */
		use(page->pgmap, 7);	/* converted */
}
