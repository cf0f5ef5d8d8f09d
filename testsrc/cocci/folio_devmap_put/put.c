/* Devmap-managed puts as Linux 6.1 and 6.10 wrote them. */

/* mm/gup.c, 6.1 */
static void gup_put_folio(struct folio *folio, int refs, unsigned int flags)
{
	if (flags & FOLL_PIN)
		refs *= GUP_PIN_COUNTING_BIAS;

	if (!put_devmap_managed_page_refs(&folio->page, refs))
		folio_put_refs(folio, refs);
}

/* mm/gup.c, 6.10 */
static void gup_put_folio_610(struct folio *folio, int refs)
{
	if (!put_devmap_managed_folio_refs(folio, refs))
		folio_put_refs(folio, refs);
}

/* include/linux/mm.h put_page(), 6.1 */
static inline void my_put_page(struct page *page)
{
	struct folio *folio = page_folio(page);

	if (put_devmap_managed_page(&folio->page))
		return;
	folio_put(folio);
}

/* mm/swap.c release_pages(), 6.1 */
static void release(struct page **pages, int nr)
{
	int i;

	for (i = 0; i < nr; i++) {
		struct folio *folio = page_folio(pages[i]);

		if (is_zone_device_page(&folio->page)) {
			if (put_devmap_managed_page(&folio->page))
				continue;
			if (folio_put_testzero(folio))
				free_zone_device_page(&folio->page);
			continue;
		}
	}
}

/* A driver's own put of a page. */
static void drv_put(struct page *page)
{
	if (!put_devmap_managed_page(page))
		put_page(page);
}

/* Not followed by a put: needs a human. */
static bool drv_release(struct page *page)
{
	if (put_devmap_managed_page(page))
		return true;
	return false;
}

static void drv_free(struct page *page)
{
	free_zone_device_page(page);
}

/* mm/memremap.c, 6.1: the definitions are reported. */
void free_zone_device_page(struct page *page)
{
	page->pgmap->ops->page_free(page);
}

bool __put_devmap_managed_page_refs(struct page *page, int refs)
{
	if (page_ref_sub_return(page, refs) == 1)
		wake_up_var(&page->_refcount);
	return true;
}
