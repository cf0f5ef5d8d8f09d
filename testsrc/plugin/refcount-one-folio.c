/*
 * refcount-one on the folio-era spellings (Linux 6.10 ... 6.15+) and on
 * exact locations: tests that must fire and tests that must stay silent.
 *
 * Annotations (checked by scripts/tests/plugin-unit.sh at -O0, -O2, -Os):
 *   expect: RULE "TEXT"  a warning of RULE containing TEXT is reported on this line
 *   note ["TEXT"] [#L]   a note here, of the next expectation in the function (else
 *                        the one before; #L: the one labelled #L).  Nothing else.
 */
#include "kernel.h"

/* Linux 6.15+: the pgmap is read through accessors. */
static inline struct dev_pagemap *page_pgmap(const struct page *page) { return page->pgmap; }
static inline struct dev_pagemap *folio_pgmap(const struct folio *folio) { return folio->pgmap; }
/* An accessor of other trees (pgmap-accessor in rules/devmap-api.tbl). */
static inline struct dev_pagemap *page_dev_pagemap(struct page *page) { return page->pgmap; }
extern void wait_dax_page(void);

/* ---- must fire ------------------------------------------------------- */

/* Linux 6.12 mm/memremap.c free_zone_device_folio(): folio->page.pgmap, reset after free. */
void free_dev_folio(struct folio *folio)
{
	folio->page.pgmap->ops->page_free(folio_page(folio, 0));	/* note */ /* note */
	if (folio->page.pgmap->type != MEMORY_DEVICE_PRIVATE)
		folio_set_count(folio, 1);	/* expect: refcount-one "'folio_set_count()' resets the refcount of a freed ZONE_DEVICE page to 1" */
}

/* Linux 6.12 mm/memremap.c __put_devmap_managed_folio_refs(). */
bool put_devmap_managed_folio_refs(struct folio *folio, int refs)
{
	if (folio->page.pgmap->type != MEMORY_DEVICE_FS_DAX)	/* note */
		return false;
	if (folio_ref_sub_return(folio, refs) == 1)	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'folio_ref_sub_return()') compared with 1" */
		wake_up_var(&folio->_refcount);
	return true;
}

/* Linux 6.15+: the folio's own pgmap field. */
bool folio_pgmap_field_idle(struct folio *folio)
{
	if (folio->pgmap->type != MEMORY_DEVICE_FS_DAX)	/* note */
		return false;
	return folio_ref_count(folio) == 1;	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'folio_ref_count()') compared with 1" */
}

/* Linux 6.15+: page_pgmap(). */
bool page_pgmap_busy(struct page *page)
{
	if (page_pgmap(page)->type != MEMORY_DEVICE_FS_DAX)	/* note */
		return false;
	return page_ref_count(page) > 1;	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_ref_count()') compared with 1" */
}

/* folio_pgmap(), and a reset after ->page_free() of the folio's page. */
void folio_pgmap_reset(struct folio *folio)
{
	struct dev_pagemap *pgmap = folio_pgmap(folio);	/* note */

	pgmap->ops->page_free(&folio->page);	/* note */
	folio_set_count(folio, 1);	/* expect: refcount-one "'folio_set_count()' resets the refcount of a freed ZONE_DEVICE page to 1" */
}

/* page_dev_pagemap(): the page is proven ZONE_DEVICE the same way. */
bool page_dev_pagemap_idle(struct page *page)
{
	struct dev_pagemap *pgmap = page_dev_pagemap(page);	/* note */

	if (pgmap->type != MEMORY_DEVICE_FS_DAX)
		return false;
	return page_ref_count(page) == 1;	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_ref_count()') compared with 1" */
}

/* The layout-break wait on the folio's refcount (Linux 6.12 fs/). */
int folio_break_layouts(struct address_space *mapping)
{
	struct page *page = dax_layout_busy_page(mapping);	/* note */
	struct folio *folio;

	if (!page)
		return 0;
	folio = page_folio(page);
	return ___wait_var_event(&folio->_refcount,
			folio_ref_count(folio) == 1, TASK_INTERRUPTIBLE,	/* expect: refcount-one "waiting for the refcount of a ZONE_DEVICE page to reach 1 (read by 'folio_ref_count()')" */
			0, 0, wait_dax_page());
}

/* Exact locations: the comparison on the second line of a && condition. */
bool p2p_free(struct page *page)
{
	return is_pci_p2pdma_page(page) &&	/* note */
	       page_ref_count(page) == 1;	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_ref_count()') compared with 1" */
}

/* ... of an if (... || ...), at every -O level. */
bool zone_device_busy(struct page *page)
{
	if (!is_zone_device_page(page) ||	/* note */
	    page_ref_count(page) != 1)	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_ref_count()') compared with 1" */
		return false;
	return true;
}

/* ... through a folio, "== 1" on the next line: where the comparison starts. */
bool p2p_folio_free(struct page *page)
{
	return is_pci_p2pdma_page(page) &&	/* note */
	       folio_ref_count(page_folio(page))	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'folio_ref_count()') compared with 1" */
			== 1;
}

/* ... a count kept in a variable: at the comparison, with a note at the read. */
bool counted_first(struct page *page)
{
	int refs = page_count(page);	/* note */

	return is_zone_device_page(page) &&	/* note */
	       refs == 1;	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_count()') compared with 1" */
}

/* ... and in an if, the constant first. */
int counted_if(struct folio *folio)
{
	int refs = folio_ref_count(folio);	/* note */

	if (folio_is_zone_device(folio) &&	/* note */
	    1 != refs)	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'folio_ref_count()') compared with 1: ZONE_DEVICE pages are idle at refcount 1 up to Linux 6.14 and at 0 from 6.15, where this test is wrong; there, test for 0 ('folio_ref_count() != 0') or use '!dax_page_is_idle()'" */
		return -1;
	return 0;
}

/* ... inside a macro argument (fs/dax.c's WARN_ON_ONCE(trunc && ...)). */
void counted_warn(struct page *page, bool trunc)
{
	int refs = page_count(page);	/* note */

	if (!is_zone_device_page(page))	/* note */
		return;
	WARN_ON_ONCE(trunc &&
		     refs > 1);	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_count()') compared with 1: ZONE_DEVICE pages are idle at refcount 1 up to Linux 6.14 and at 0 from 6.15, where this test is wrong; there, test for 0 ('page_count() > 0') or use '!dax_page_is_idle()'" */
}

/* ---- must stay silent --------------------------------------------------- */

/* A count in a variable, on an ordinary page. */
bool counted_ordinary(struct page *page, bool only)
{
	int refs = page_count(page);

	return only &&
	       refs == 1;
}

/* folio->page.mapping is not the pgmap: nothing proves ZONE_DEVICE. */
bool folio_mapping_idle(struct folio *folio)
{
	if (!folio->page.mapping)
		return false;
	return folio_ref_count(folio) == 1;
}

/* The allocation path: the first reference, no free before it. */
void folio_init_like(struct folio *folio)
{
	folio->page.pgmap->ref.count++;
	folio_set_count(folio, 1);
}

/* Another folio's pgmap proves nothing about this one. */
bool other_folio(struct folio *a, struct folio *b)
{
	if (a->page.pgmap->type != MEMORY_DEVICE_FS_DAX)
		return false;
	return folio_ref_count(b) == 1;
}

/* The second operand of || runs when the subtype predicate is false. */
bool p2p_or(struct page *page)
{
	return is_pci_p2pdma_page(page) ||
	       page_ref_count(page) == 1;
}

/* A free test on a ZONE_DEVICE folio is right under both conventions. */
bool folio_free_test(struct folio *folio, int refs)
{
	if (folio->pgmap->type != MEMORY_DEVICE_FS_DAX)
		return false;
	return folio_ref_sub_return(folio, refs) == 0;
}

/* page_pgmap() of one page proves nothing about another. */
bool page_pgmap_other(struct page *a, struct page *b)
{
	if (page_pgmap(a)->type != MEMORY_DEVICE_FS_DAX)
		return false;
	return page_ref_count(b) == 1;
}

/* folio_pgmap() on the allocation path: the first reference, no free before it. */
void folio_pgmap_init(struct folio *folio)
{
	folio_pgmap(folio)->ref.count++;
	folio_set_count(folio, 1);
}

/* page_dev_pagemap() of another page, and a free test on this one. */
bool page_dev_pagemap_other(struct page *a, struct page *b)
{
	if (page_dev_pagemap(a)->type != MEMORY_DEVICE_FS_DAX)
		return false;
	return page_ref_count(a) == 0 || page_count(b) == 1;
}

/* folio_ref_sub_return() of a folio nothing proves ZONE_DEVICE. */
bool ordinary_folio_sub(struct folio *folio, int refs)
{
	return folio_ref_sub_return(folio, refs) == 1;
}

/* folio_set_count() to 1 on an ordinary folio after something else is called. */
extern void ordinary_free(struct page *page);
void ordinary_folio_reset(struct folio *folio)
{
	ordinary_free(&folio->page);
	folio_set_count(folio, 1);
}

/* folio_page(a, 0) is freed: resetting another folio proves nothing. */
void other_folio_reset(struct folio *a, struct folio *b)
{
	a->page.pgmap->ops->page_free(folio_page(a, 0));
	folio_set_count(b, 1);
}
