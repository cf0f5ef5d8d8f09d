/*
 * refcount-one's messages on each kernel version: one finding of each kind.
 * scripts/tests/plugin-unit.sh checks the lines (version unknown here);
 * scripts/tests/plugin-version.sh compiles this file for several versions
 * (-DLINUX_VERSION_CODE=..., -fplugin-arg-devmap_lint-kernel-version=...)
 * and checks each message's text.
 *
 * Annotations (checked by scripts/tests/plugin-unit.sh at -O0, -O2, -Os):
 *   expect: RULE "TEXT"  a warning of RULE containing TEXT is reported on this line
 *   note ["TEXT"] [#L]   a note here, of the next expectation in the function (else
 *                        the one before; #L: the one labelled #L).  Nothing else.
 */
#include "kernel.h"

extern void wait_dax_page(void);

/* A comparison: fs/xfs/xfs_inode.c xfs_ilock2_io_mmap(). */
int busy_page_not_idle(struct address_space *mapping)
{
	struct page *page = dax_layout_busy_page(mapping);	/* note */

	if (page && page_ref_count(page) != 1)	/* expect: refcount-one "refcount of a ZONE_DEVICE page (read by 'page_ref_count()') compared with 1" */
		return -1;
	return 0;
}

/* A wait: fs/ext4/inode.c ext4_break_layouts(). */
int break_layouts(struct address_space *mapping)
{
	struct page *page = dax_layout_busy_page(mapping);	/* note */

	if (!page)
		return 0;
	return ___wait_var_event(&page->_refcount,
			atomic_read(&page->_refcount) == 1, TASK_INTERRUPTIBLE,	/* expect: refcount-one "waiting for the refcount of a ZONE_DEVICE page to reach 1 (read by 'atomic_read()')" */
			0, 0, wait_dax_page());
}

/* A reset: mm/memremap.c free_zone_device_page(). */
void free_zone_device(struct page *page)
{
	page->pgmap->ops->page_free(page);	/* note */ /* note */
	set_page_count(page, 1);	/* expect: refcount-one "'set_page_count()' resets the refcount of a freed ZONE_DEVICE page to 1" */
}

/* Silent on every version: a free test. */
bool page_free_test(struct address_space *mapping)
{
	struct page *page = dax_layout_busy_page(mapping);

	return page_ref_count(page) == 0;
}
