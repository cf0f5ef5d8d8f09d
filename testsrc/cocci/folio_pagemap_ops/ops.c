/* A device-private driver's .page_free callback and page initialisation,
 * as lib/test_hmm.c and nouveau wrote them in Linux 6.1. */

static void drv_page_free(struct page *page);

static struct page *drv_alloc(struct drv *drv, unsigned long pfn)
{
	struct page *dpage = pfn_to_page(pfn);

	dpage->zone_device_data = drv;
	zone_device_page_init(dpage);
	return dpage;
}

static void drv_alloc_folio(struct folio *folio)
{
	zone_device_page_init(&folio->page);
}

static void drv_page_free(struct page *page)
{
	struct drv *drv = page->zone_device_data;

	spin_lock(&drv->lock);
	page->zone_device_data = drv->free_pages;
	drv->free_pages = page;
	spin_unlock(&drv->lock);
}

static void dmirror_devmem_free(struct page *page)
{
	kfree(page->zone_device_data);
}

static const struct dev_pagemap_ops drv_ops = {
	.page_free	= drv_page_free,
	.migrate_to_ram	= drv_fault,
};

static const struct dev_pagemap_ops dmirror_ops = {
	.page_free	= dmirror_devmem_free,
	.migrate_to_ram	= drv_fault,
};

/* mm/memremap.c, 6.1: the core calls the callback. */
void free_one(struct page *page)
{
	if (WARN_ON_ONCE(!page->pgmap->ops || !page->pgmap->ops->page_free))
		return;
	page->pgmap->ops->page_free(page);
}

/* A callback that already names something "folio": reported, not
 * rewritten (the new parameter would clash). */
static void clash_page_free(struct page *page)
{
	struct folio *folio = page_folio(page);

	folio_put(folio);
}

static const struct dev_pagemap_ops clash_ops = {
	.page_free	= clash_page_free,
};
