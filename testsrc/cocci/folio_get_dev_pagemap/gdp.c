/* get_dev_pagemap() callers as Linux 6.1 wrote them. */

/* mm/memremap.c pagemap_range() */
static int check_conflict(struct range *range)
{
	struct dev_pagemap *conflict_pgmap;

	conflict_pgmap = get_dev_pagemap(PHYS_PFN(range->start), NULL);
	if (conflict_pgmap) {
		put_dev_pagemap(conflict_pgmap);
		return -ENOMEM;
	}
	return 0;
}

/* mm/gup.c follow_devmap_pmd(): a cached pgmap, reported. */
static struct page *follow(unsigned long pfn, struct dev_pagemap **pgmap)
{
	*pgmap = get_dev_pagemap(pfn, *pgmap);
	if (!*pgmap)
		return ERR_PTR(-EFAULT);
	return pfn_to_page(pfn);
}

static bool pfn_is_device(unsigned long pfn)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, 0);

	put_dev_pagemap(pgmap);
	return pgmap != NULL;
}
