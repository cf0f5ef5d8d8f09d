/* A driver's callbacks and initialisers with no compatibility code yet:
 * --compat must turn each change into a pair that still builds on the
 * old kernels (a callback's signature, the declaration it gains, its
 * initializer, a direct call, an initialiser's new arguments). */
#include <linux/memremap.h>

static void drv_page_free(struct page *page)	/* converted */
{
	kfree(page->zone_device_data);
}

static void drv_error_path(struct page *page)
{
	drv_page_free(page);	/* converted */
}

static struct page *drv_alloc(unsigned long pfn)
{
	struct page *page = pfn_to_page(pfn);
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);	/* converted */

	if (!pgmap)
		return NULL;
	zone_device_page_init(page);	/* converted */
	put_dev_pagemap(pgmap);
	return page;
}

static const struct dev_pagemap_ops drv_ops = {
	.page_free	= drv_page_free,	/* converted */
};
