/*
 * refcount-one across functions: a static helper that compares its page's
 * refcount with 1 (or waits for it) is reported at each call that passes a
 * ZONE_DEVICE page, with a note pointing into the helper.
 *
 * Annotations (checked by scripts/tests/plugin-unit.sh at -O0, -O2, -Os):
 *   expect: RULE "TEXT"  a warning of RULE containing TEXT is reported on this line
 *   note ["TEXT"] [#L]   a note here, of the next expectation in the function (else
 *                        the one before; #L: the one labelled #L).  Nothing else.
 */
#include "kernel.h"

extern void wait_dax_page(void);

static inline bool page_idle(struct page *page)
{
	return page_ref_count(page) == 1;	/* note #idle */ /* note #outer */
}

/* The input: the comparison hides in a helper. */
bool busy(struct address_space *m)
{
	struct page *p = dax_layout_busy_page(m);	/* note */

	return p && !page_idle(p);	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_ref_count()') compared with 1: ZONE_DEVICE pages are idle at refcount 1 up to Linux 6.14 and at 0 from 6.15, where this test is wrong; there, test for 0 ('page_ref_count() == 0') or use 'dax_page_is_idle()'" #idle */
}

/* A folio helper, the page proven by a predicate in the caller. */
static bool folio_busy(struct folio *folio)
{
	return folio_ref_count(folio) > 1;	/* note #busy */
}

bool p2p_busy(struct page *page)
{
	if (!is_pci_p2pdma_page(page))	/* note */
		return false;
	return folio_busy(page_folio(page));	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'folio_ref_count()') compared with 1: ZONE_DEVICE pages are idle at refcount 1 up to Linux 6.14 and at 0 from 6.15, where this test is wrong; there, test for 0 ('folio_ref_count() > 0') or use '!dax_page_is_idle()'" #busy */
}

/* The page is the helper's second parameter. */
static int count_is_one(int bias, struct page *page)
{
	int refs = page_count(page);

	if (bias)
		return -1;
	if (refs == 1)	/* note #one */
		return 1;
	return 0;
}

int second_param(struct address_space *m)
{
	struct page *page = dax_layout_busy_page(m);	/* note */

	return page ? count_is_one(0, page) : 0;	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_count()') compared with 1" #one */
}

/* The wait in a helper (fs/ layout breaks). */
static int wait_page_idle(struct page *page)
{
	return ___wait_var_event(&page->_refcount,
			atomic_read(&page->_refcount) == 1, TASK_INTERRUPTIBLE,	/* note #wait */
			0, 0, wait_dax_page());
}

int break_layouts(struct address_space *m)
{
	struct page *page = dax_layout_busy_page_range(m, 0, -1);	/* note */

	if (!page)
		return 0;
	return wait_page_idle(page);	/* expect: refcount-one "waiting for the refcount of a ZONE_DEVICE page to reach 1 (read by 'atomic_read()')" #wait */
}

/* A helper of a helper: reported at the outer call, the note in the inner one. */
static bool outer_idle(struct page *page)
{
	return page_idle(page);
}

bool via_two_helpers(struct page *page)
{
	if (!is_zone_device_page(page))	/* note */
		return false;
	return outer_idle(page);	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_ref_count()') compared with 1" #outer */
}

/* A helper defined after its caller: summaries do not follow source order. */
static bool late_helper(struct page *page);

bool early_caller(struct address_space *m)
{
	struct page *page = dax_layout_busy_page(m);	/* note */

	return page && late_helper(page);	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_count()') compared with 1" #late */
}

static bool late_helper(struct page *page)
{
	return page_count(page) <= 1;	/* note #late */
}

/* ---- must stay silent --------------------------------------------------- */

/* An ordinary page passed to the helper. */
bool ordinary_busy(struct page *page)
{
	return !page_idle(page);
}

/* The false edge of is_zone_device_page(): not ZONE_DEVICE. */
bool not_zone_device(struct page *page)
{
	if (is_zone_device_page(page))
		return false;
	return page_idle(page);
}

/* The ZONE_DEVICE page goes to the parameter the helper does not compare. */
static bool other_param_idle(struct page *zd, struct page *other)
{
	return zd != other && page_count(other) == 1;
}

bool other_param(struct address_space *m, struct page *other)
{
	return other_param_idle(dax_layout_busy_page(m), other);
}

/* A helper that tests for 0: right under both conventions. */
static bool page_free0(struct page *page)
{
	return page_ref_count(page) == 0;
}

bool free_test(struct address_space *m)
{
	return page_free0(dax_layout_busy_page(m));
}

/* A helper that proves the page itself reports there, not at its callers. */
static bool self_proven(struct page *page)
{
	if (!is_zone_device_page(page))	/* note */
		return false;
	return page_count(page) == 1;	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_count()') compared with 1" */
}

bool caller_of_self_proven(struct address_space *m)
{
	return self_proven(dax_layout_busy_page(m));
}

/* An exported function is not a helper: its callers elsewhere decide. */
bool exported_idle(struct page *page)
{
	return page_count(page) == 1;
}

bool caller_of_exported(struct address_space *m)
{
	return exported_idle(dax_layout_busy_page(m));
}
