/* Linux 6.10-6.14: the devmap-managed put's out-of-line half, in a file
 * with no devmap-managed put call (mm/memremap.c, 6.12).  Upstream deleted
 * it in 6.15, so from target 6.15 on its definition is reported (never
 * rewritten); for targets 6.10 to 6.14 it is the current API and nothing
 * is said.  Its declaration and its call in the inline wrapper are not
 * definitions and stay silent. */

/* include/linux/mm.h, 6.12 */
bool __put_devmap_managed_folio_refs(struct folio *folio, int refs);

static inline bool my_devmap_managed_folio_refs(struct folio *folio, int refs)
{
	if (!folio_is_zone_device(folio))
		return false;
	return __put_devmap_managed_folio_refs(folio, refs);
}

/* mm/memremap.c, 6.12 */
#ifdef CONFIG_FS_DAX
bool __put_devmap_managed_folio_refs(struct folio *folio, int refs)
{
	if (folio->page.pgmap->type != MEMORY_DEVICE_FS_DAX)
		return false;

	/*
	 * fsdax page refcounts are 1-based, rather than 0-based: if
	 * refcount is 1, then the page is free and the refcount is
	 * stable because nobody holds a reference on the page.
	 */
	if (folio_ref_sub_return(folio, refs) == 1)
		wake_up_var(&folio->_refcount);
	return true;
}
EXPORT_SYMBOL(__put_devmap_managed_folio_refs);
#endif /* CONFIG_FS_DAX */

/* Another function of that name's prefix is not the definition. */
bool __put_devmap_managed_folio_refs_locked(struct folio *folio, int refs)
{
	return folio_ref_sub_return(folio, refs) == 0;
}
