/* Page helpers called on a folio's page, half-way through a folio
 * conversion. */

static bool is_ours(struct folio *folio, void *owner)
{
	if (!is_device_private_page(&folio->page))
		return false;
	if (is_zone_device_page(folio_page(folio, 0)) &&
	    is_device_coherent_page(&folio->page))
		return false;
	return page_pgmap(&folio->page)->owner == owner;
}

static int busy(struct folio *folio)
{
	int refs = page_ref_count(&folio->page);

	if (page_count(&folio->page) > 1 || is_fsdax_page(&folio->page))
		return refs;
	page_ref_add(&folio->page, 2);
	set_page_count(&folio->page, 1);
	return page_ref_dec_and_test(folio_page(folio, 0));
}

static unsigned long grab(struct folio *folio)
{
	get_page(&folio->page);
	if (is_pci_p2pdma_page(&folio->page))
		put_page(&folio->page);
	return page_to_pfn(&folio->page);
}

/* A tail page, or a plain page: left alone. */
static int other(struct folio *folio, struct page *page)
{
	return page_ref_count(folio_page(folio, 1)) + page_count(page);
}
