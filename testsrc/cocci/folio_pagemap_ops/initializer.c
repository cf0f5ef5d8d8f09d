/* A file whose only trace of the callback API is the designated
 * initializer, as drivers/pci/p2pdma.c of 6.2-6.18: no
 * zone_device_page_init() call and no ->page_free expression. */

static void p2pdma_page_free(struct page *page)
{
	struct pci_p2pdma_pagemap *pgmap = to_p2p_pgmap(page->pgmap);
	struct percpu_ref *ref;

	gen_pool_free_owner(pgmap->provider->p2pdma->pool,
			    (uintptr_t)page_to_virt(page), PAGE_SIZE,
			    (void **)&ref);
	percpu_ref_put(ref);
}

static const struct dev_pagemap_ops p2pdma_pgmap_ops = {
	.page_free = p2pdma_page_free,
};
