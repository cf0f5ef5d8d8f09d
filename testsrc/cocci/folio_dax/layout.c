/* Breaking FS DAX layouts, as ext4, xfs and fuse did in Linux 6.1. */

/* fs/ext4/inode.c */
int ext4_break_layouts(struct inode *inode)
{
	struct page *page;
	int error;

	if (WARN_ON_ONCE(!rwsem_is_locked(&inode->i_mapping->invalidate_lock)))
		return -EINVAL;

	do {
		page = dax_layout_busy_page(inode->i_mapping);
		if (!page)
			return 0;

		error = ___wait_var_event(&page->_refcount,
				atomic_read(&page->_refcount) == 1,
				TASK_INTERRUPTIBLE, 0, 0,
				ext4_wait_dax_page(inode));
	} while (error == 0);

	return error;
}

/* The same loop over a range. */
static int drv_break_range(struct inode *inode, loff_t start, loff_t end)
{
	struct page *page;
	int ret;

	do {
		page = dax_layout_busy_page_range(inode->i_mapping, start, end);
		if (!page)
			return 0;
		ret = ___wait_var_event(&page->_refcount,
				page_ref_count(page) == 1,
				TASK_INTERRUPTIBLE, 0, 0, drv_wait(inode));
	} while (ret == 0);
	return ret;
}

/* fs/xfs/xfs_file.c: one wait, the caller retries. */
int xfs_break_dax_layouts(struct inode *inode, bool *retry)
{
	struct page *page;

	ASSERT(xfs_isilocked(XFS_I(inode), XFS_MMAPLOCK_EXCL));

	page = dax_layout_busy_page(inode->i_mapping);
	if (!page)
		return 0;

	*retry = true;
	return ___wait_var_event(&page->_refcount,
			atomic_read(&page->_refcount) == 1, TASK_INTERRUPTIBLE,
			0, 0, xfs_wait_dax_page(inode));
}

/* fs/xfs/xfs_inode.c: a busy test without a wait, after an early return. */
static int xfs_lock_two(struct xfs_inode *ip1, struct xfs_inode *ip2)
{
	struct page *page;

again:
	if (ip1 == ip2)
		return 0;
	xfs_ilock(ip2, XFS_MMAPLOCK_EXCL);
	page = dax_layout_busy_page(VFS_I(ip2)->i_mapping);
	if (page && page_ref_count(page) != 1) {
		xfs_iunlock(ip2, XFS_MMAPLOCK_EXCL);
		goto again;
	}
	return 0;
}

/* Not from dax_layout_busy_page(): left alone. */
static bool other_idle(struct page *page)
{
	return page_ref_count(page) == 1;
}
