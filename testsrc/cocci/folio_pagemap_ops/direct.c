/* .page_free callbacks that are also called directly (one callback
 * calling another, an error path), and one whose address is used
 * elsewhere too. */

static void drv_chunk_page_free(struct page *page)
{
	struct drv_chunk *chunk = page->zone_device_data;

	atomic_dec(&chunk->used);
}

static void drv_page_free(struct page *page)
{
	if (page->zone_device_data)
		drv_chunk_page_free(page);
	drv_release(page);
}

static int drv_alloc(struct drv *drv, struct folio *folio, struct page *spare)
{
	if (drv_fill(drv, &folio->page)) {
		drv_page_free(&folio->page);
		return -ENOMEM;
	}
	if (spare)
		drv_page_free(spare);
	return 0;
}

static const struct dev_pagemap_ops drv_ops = {
	.page_free	= drv_page_free,
};

static const struct dev_pagemap_ops chunk_ops = {
	.page_free	= drv_chunk_page_free,
};

/* Its address is kept elsewhere: patch mode cannot give that use a
 * folio, so the callback is left alone and reported. */
static void hook_page_free(struct page *page)
{
	drv_release(page);
}

static void (*drv_free_hook)(struct page *) = hook_page_free;

static const struct dev_pagemap_ops hook_ops = {
	.page_free	= hook_page_free,
};
