/*
 * refcount-one's messages on each kernel version: one finding of each kind.
 * scripts/tests/plugin-unit.sh checks the lines (version unknown here);
 * scripts/tests/plugin-version.sh compiles this file for several versions
 * (-DLINUX_VERSION_CODE=..., -fplugin-arg-devmap_lint-kernel-version=...)
 * and checks each message's text.
 *
 * Annotations (checked by scripts/tests/plugin-unit.sh at -O0, -O2, -Os):
 *   expect: RULE    a devmap-lint warning of RULE is reported on this line
 *   note            a note of that warning points at this line
 * Every other line must stay silent.
 */
#include "kernel.h"

extern void wait_dax_page(void);

/* A comparison: fs/xfs/xfs_inode.c xfs_ilock2_io_mmap(). */
int busy_page_not_idle(struct address_space *mapping)
{
	struct page *page = dax_layout_busy_page(mapping);	/* note */

	if (page && page_ref_count(page) != 1)	/* expect: refcount-one */
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
			atomic_read(&page->_refcount) == 1, TASK_INTERRUPTIBLE,	/* expect: refcount-one */
			0, 0, wait_dax_page());
}

/* A reset: mm/memremap.c free_zone_device_page(). */
void free_zone_device(struct page *page)
{
	page->pgmap->ops->page_free(page);	/* note */
	set_page_count(page, 1);	/* expect: refcount-one */
}

/* Silent on every version: a free test. */
bool page_free_test(struct address_space *mapping)
{
	struct page *page = dax_layout_busy_page(mapping);

	return page_ref_count(page) == 0;
}
