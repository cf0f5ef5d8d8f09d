/*
 * refcount-one: tests that must fire and tests that must stay silent.
 *
 * Annotations (checked by scripts/tests/plugin-unit.sh at -O0, -O2, -Os):
 *   expect: RULE "TEXT"  a warning of RULE containing TEXT is reported on this line
 *   note ["TEXT"] [#L]   a note here, of the next expectation in the function (else
 *                        the one before; #L: the one labelled #L).  Nothing else.
 */
#include "kernel.h"

/* ---- must fire ------------------------------------------------------- */

/* fs/dax.c dax_busy_page(): pfns of a DAX entry are ZONE_DEVICE. */
struct page *dax_busy_page(void *entry)
{
	unsigned long pfn;

	for_each_mapped_pfn(entry, pfn) {	/* note */
		struct page *page = pfn_to_page(pfn);

		if (page_ref_count(page) > 1)	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_ref_count()') compared with 1: ZONE_DEVICE pages are idle at refcount 1 up to Linux 6.14 and at 0 from 6.15, where this test is wrong; there, test for 0 ('page_ref_count() > 0') or use '!dax_page_is_idle()'" */
			return page;
	}
	return NULL;
}

/* fs/dax.c dax_disassociate_entry(): inside WARN_ON_ONCE(a && b). */
void dax_disassociate_entry(void *entry, bool trunc)
{
	unsigned long pfn;

	for_each_mapped_pfn(entry, pfn) {	/* note */
		struct page *page = pfn_to_page(pfn);

		WARN_ON_ONCE(trunc && page_ref_count(page) > 1);	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_ref_count()') compared with 1" */
		page->mapping = NULL;
	}
}

/* fs/xfs/xfs_inode.c xfs_ilock2_io_mmap(). */
int busy_page_not_idle(struct address_space *mapping)
{
	struct page *page;

	page = dax_layout_busy_page(mapping);	/* note */
	if (page && page_ref_count(page) != 1)	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_ref_count()') compared with 1: ZONE_DEVICE pages are idle at refcount 1 up to Linux 6.14 and at 0 from 6.15, where this test is wrong; there, test for 0 ('page_ref_count() != 0') or use '!dax_page_is_idle()'" */
		return -1;
	return 0;
}

/* fs/ext4, fs/xfs, fs/fuse: the layout-break wait. */
extern void wait_dax_page(void);
int break_layouts(struct address_space *mapping)
{
	struct page *page;

	page = dax_layout_busy_page_range(mapping, 0, -1);	/* note */
	if (!page)
		return 0;

	return ___wait_var_event(&page->_refcount,
			atomic_read(&page->_refcount) == 1, TASK_INTERRUPTIBLE,	/* expect: refcount-one "waiting for the refcount of a ZONE_DEVICE page to reach 1 (read by 'atomic_read()')" */
			0, 0, wait_dax_page());
}

/* A dominating predicate. */
bool zone_device_idle(struct page *page)
{
	return is_zone_device_page(page) && page_count(page) == 1;	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_count()') compared with 1" */ /* note */
}

/* An early return on the predicate's false edge. */
bool early_return_idle(struct page *page)
{
	if (!is_zone_device_page(page))	/* note */
		return false;
	return page_ref_count(page) <= 1;	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_ref_count()') compared with 1: ZONE_DEVICE pages are idle at refcount 1 up to Linux 6.14 and at 0 from 6.15, where this test is wrong; there, test for 0 ('page_ref_count() == 0') or use 'dax_page_is_idle()'" */
}

/* mm/memremap.c __put_devmap_managed_page_refs(): the pgmap type test. */
bool put_devmap_managed_page_refs(struct page *page, int refs)
{
	if (page->pgmap->type != MEMORY_DEVICE_FS_DAX)	/* note */
		return false;
	if (page_ref_sub_return(page, refs) == 1)	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_ref_sub_return()') compared with 1: ZONE_DEVICE pages are idle at refcount 1 up to Linux 6.14 and at 0 from 6.15, where this test is wrong; there, test for 0 ('page_ref_sub_return() == 0') or use 'dax_page_is_idle()'" */
		wake_up_var(&page->_refcount);
	return true;
}

/* Folio predicate, page read through &folio->page. */
bool folio_busy(struct folio *folio)
{
	if (likely(folio_is_zone_device(folio)))	/* note */
		return page_ref_count(&folio->page) >= 2;	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_ref_count()') compared with 1: ZONE_DEVICE pages are idle at refcount 1 up to Linux 6.14 and at 0 from 6.15, where this test is wrong; there, test for 0 ('page_ref_count() > 0') or use '!dax_page_is_idle()'" */
	return false;
}

/* Page predicate, folio read through page_folio(). */
bool folio_of_page_idle(struct page *page)
{
	if (is_device_private_page(page))	/* note */
		return folio_ref_count(page_folio(page)) < 2;	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'folio_ref_count()') compared with 1: ZONE_DEVICE pages are idle at refcount 1 up to Linux 6.14 and at 0 from 6.15, where this test is wrong; there, test for 0 ('folio_ref_count() == 0') or use 'dax_page_is_idle()'" */
	return false;
}

/* The count is copied into a variable and compared later; constant first. */
int count_in_variable(struct address_space *mapping)
{
	struct page *page = dax_layout_busy_page(mapping);	/* note */
	int refs;

	if (!page)
		return 0;
	refs = page_count(page);	/* note */
	if (1 == refs)	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_count()') compared with 1: ZONE_DEVICE pages are idle at refcount 1 up to Linux 6.14 and at 0 from 6.15, where this test is wrong; there, test for 0 ('page_count() == 0') or use 'dax_page_is_idle()'" */
		return 1;
	return 2;
}

/* pfn arithmetic: the next page of a ZONE_DEVICE page. */
bool next_page_idle(struct address_space *mapping)
{
	struct page *page = dax_layout_busy_page(mapping);	/* note */
	struct page *next = pfn_to_page(page_to_pfn(page) + 1);

	return page_count(next) == 1;	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_count()') compared with 1" */
}

/* mm/memremap.c free_zone_device_page(): reset to 1 after ->page_free(). */
void free_zone_device(struct page *page)
{
	page->mapping = NULL;
	page->pgmap->ops->page_free(page);	/* note #reset */ /* note #reset */

	if (page->pgmap->type != MEMORY_DEVICE_PRIVATE &&	/* expect: pgmap-type "'page->pgmap->type' is tested against several memory types: the condition holds for MEMORY_DEVICE_FS_DAX, MEMORY_DEVICE_GENERIC and MEMORY_DEVICE_PCI_P2PDMA and fails for MEMORY_DEVICE_PRIVATE and MEMORY_DEVICE_COHERENT" */
	    page->pgmap->type != MEMORY_DEVICE_COHERENT)
		set_page_count(page, 1);	/* expect: refcount-one "'set_page_count()' resets the refcount of a freed ZONE_DEVICE page to 1" #reset */
	else
		put_dev_pagemap(page->pgmap);
}

/* A reset through init_page_count() after free_zone_device_page(). */
void recycle(struct page *page)
{
	free_zone_device_page(page);	/* note */
	if (is_zone_device_page(page))	/* note */
		init_page_count(page);	/* expect: refcount-one "'init_page_count()' resets the refcount of a freed ZONE_DEVICE page to 1" */
}

/*
 * The comparison written in a macro's own body (a driver's helper macro):
 * reported at the macro's use, where GCC puts it; with the count as the
 * macro's argument too.
 */
#define old_page_idle(p)	(page_ref_count(p) == 1)
#define old_page_busy(p)	page_ref_count(p) > 1
#define count_is_one(n)		((n) == 1)
#define count_free(n)		((n) == 0)

struct page *macro_body_idle(void *entry)
{
	unsigned long pfn;

	for_each_mapped_pfn(entry, pfn) {	/* note */
		struct page *page = pfn_to_page(pfn);

		if (!old_page_idle(page))	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_ref_count()') compared with 1: ZONE_DEVICE pages are idle at refcount 1 up to Linux 6.14 and at 0 from 6.15, where this test is wrong; there, test for 0 ('page_ref_count() != 0') or use '!dax_page_is_idle()'" */
			return page;
	}
	return NULL;
}

struct page *macro_body_busy(void *entry)
{
	unsigned long pfn;

	for_each_mapped_pfn(entry, pfn) {	/* note */
		struct page *page = pfn_to_page(pfn);

		if (old_page_busy(page))	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_ref_count()') compared with 1: ZONE_DEVICE pages are idle at refcount 1 up to Linux 6.14 and at 0 from 6.15, where this test is wrong; there, test for 0 ('page_ref_count() > 0') or use '!dax_page_is_idle()'" */
			return page;
	}
	return NULL;
}

bool macro_body_count_argument(struct address_space *mapping)
{
	struct page *page = dax_layout_busy_page(mapping);	/* note */

	return count_is_one(page_count(page));	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_count()') compared with 1" */
}

/*
 * The suggested test with 0 asks what the test asks, as compiled: a negated
 * busy test is an idle test (GCC folds "!(c > 1)" into "c <= 1"), and the
 * constant may come first.
 */
bool negated_busy_test(struct address_space *mapping)
{
	struct page *page = dax_layout_busy_page(mapping);	/* note */

	return !(page_ref_count(page) > 1);	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_ref_count()') compared with 1: ZONE_DEVICE pages are idle at refcount 1 up to Linux 6.14 and at 0 from 6.15, where this test is wrong; there, test for 0 ('page_ref_count() == 0') or use 'dax_page_is_idle()'" */
}

bool constant_first_busy_test(struct address_space *mapping)
{
	struct page *page = dax_layout_busy_page(mapping);	/* note */

	return 2 <= page_count(page);	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_count()') compared with 1: ZONE_DEVICE pages are idle at refcount 1 up to Linux 6.14 and at 0 from 6.15, where this test is wrong; there, test for 0 ('page_count() > 0') or use '!dax_page_is_idle()'" */
}

/* ---- must stay silent --------------------------------------------------- */

/* An ordinary page: "am I the only user" is right. */
bool ordinary_only_user(struct page *page)
{
	return page_count(page) == 1;
}

/* Tests against 0 on a ZONE_DEVICE page are right under both conventions. */
int zone_device_free_tests(struct address_space *mapping)
{
	struct page *page = dax_layout_busy_page(mapping);
	int n = 0;

	if (page_ref_count(page) == 0)
		n++;
	if (page_ref_count(page) > 0)
		n++;
	if (page_ref_count(page) >= 1)
		n++;
	if (page_ref_count(page) < 1)
		n++;
	return n;
}

/* Other counters. */
bool mapcount_one(struct address_space *mapping)
{
	struct page *page = dax_layout_busy_page(mapping);

	return page_mapcount(page) == 1 || atomic_read(&page->_mapcount) == 1;
}

/* mm/memremap.c zone_device_page_init(): the allocation path hands out the first reference. */
void zone_device_page_init_like(struct page *page)
{
	page->pgmap->ref.count++;
	set_page_count(page, 1);
}

/* The false edge of is_zone_device_page(): not ZONE_DEVICE. */
bool not_zone_device(struct page *page)
{
	if (is_zone_device_page(page))
		return false;
	return page_count(page) == 1;
}

/* The predicate is about another page. */
bool other_page(struct page *a, struct page *b)
{
	if (!is_zone_device_page(a))
		return false;
	return page_count(b) == 1;
}

/* A merge of a ZONE_DEVICE page and an ordinary one is not proven. */
bool merged(struct address_space *mapping, struct page *other, bool dax)
{
	struct page *page = dax ? dax_layout_busy_page(mapping) : other;

	return page_count(page) == 1;
}

/* A pfn loop that does not start at a DAX entry. */
struct page *ordinary_pfn_loop(unsigned long end)
{
	unsigned long pfn;

	for (pfn = 0; pfn < end; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (page_ref_count(page) > 1)
			return page;
	}
	return NULL;
}

/* Not dominated: the test comes before the predicate. */
bool test_before_predicate(struct page *page)
{
	bool idle = page_count(page) == 1;

	if (is_zone_device_page(page))
		return idle;
	return false;
}

/* A reset to another value, and a reset with no free before it. */
void other_resets(struct page *page)
{
	page->pgmap->ops->page_free(page);
	set_page_count(page, 0);
}

void reset_without_free(struct page *page, struct page *freed)
{
	page->pgmap->ops->page_free(freed);
	set_page_count(page, 1);
}

/* In a macro's body: a test against 0, and an ordinary page. */
bool macro_body_free(struct address_space *mapping)
{
	struct page *page = dax_layout_busy_page(mapping);

	return count_free(page_count(page)) || page_ref_count(page) == 0;
}

bool macro_body_ordinary(struct page *page)
{
	return old_page_idle(page) || count_is_one(page_count(page));
}
