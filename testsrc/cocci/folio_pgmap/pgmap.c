/* page->pgmap and folio->page.pgmap for a 6.15+ target. */

static void init_one(struct page *page, struct dev_pagemap *pgmap)
{
	page->pgmap = pgmap;
	page->zone_device_data = NULL;
}

static bool owned_by(struct page *page, void *owner)
{
	return page->pgmap->owner == owner;
}

static struct chunk *page_to_chunk(struct page *page)
{
	return container_of(page->pgmap, struct chunk, pagemap);
}

static vm_fault_t fault(struct vm_fault *vmf)
{
	return vmf->page->pgmap->ops->migrate_to_ram(vmf);
}

static bool same_pgmap(struct p2p_state *state, struct scatterlist *sg)
{
	if (state->pgmap != sg_page(sg)->pgmap) {
		state->pgmap = sg_page(sg)->pgmap;
		return false;
	}
	return true;
}

static void put_range(unsigned long pfn)
{
	put_dev_pagemap(pfn_to_page(pfn)->pgmap);
}

static int folio_type(struct folio *folio)
{
	if (folio->page.pgmap->type == MEMORY_DEVICE_PRIVATE)
		return 1;
	if (page_pgmap(&folio->page)->type == MEMORY_DEVICE_COHERENT)
		return 2;
	return page_pgmap(folio_page(folio, 0))->type;
}

/* Not a page: left alone. */
static void ctx_put(struct follow_page_context *ctx)
{
	if (ctx->pgmap)
		put_dev_pagemap(ctx->pgmap);
}
