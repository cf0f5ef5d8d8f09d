// SPDX-License-Identifier: GPL-2.0
/*
 * dmirror_lite: a minimal device-private memory driver in the style of
 * lib/test_hmm.c, written against the ZONE_DEVICE API of Linux 6.1.
 *
 * It is the fixture of devmap-lint's folio conversions: it must build
 * against 6.1 as it is, and cocci/folio_*.cocci must turn it into
 * expected/dmirror_lite.c, its form for Linux 6.19.  It uses each API
 * the conversions touch: a dev_pagemap_ops .page_free callback,
 * zone_device_page_init(), page->pgmap and folio->page.pgmap,
 * get_dev_pagemap(pfn, NULL) and page helpers called on a folio's page.
 *
 * Loading it hot-plugs 16 MiB of fake device-private memory, takes a page,
 * checks it and frees it again; nothing is mapped into a process.
 */
#include <linux/ioport.h>
#include <linux/memremap.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#define DLITE_CHUNK_SIZE	(16UL << 20)

struct dlite_device;

struct dlite_chunk {
	struct dev_pagemap	pagemap;
	struct dlite_device	*mdevice;
};

struct dlite_device {
	spinlock_t		lock;
	struct page		*free_pages;
	struct dlite_chunk	*chunk;
	unsigned long		calloc;
	unsigned long		cfree;
};

static struct dlite_device dlite_dev;

static struct dlite_chunk *dlite_page_to_chunk(struct page *page)
{
	return container_of(page->pgmap, struct dlite_chunk, pagemap);
}

static void dlite_devmem_free(struct page *page)
{
	struct dlite_device *mdevice = dlite_page_to_chunk(page)->mdevice;

	spin_lock(&mdevice->lock);
	mdevice->cfree++;
	page->zone_device_data = mdevice->free_pages;
	mdevice->free_pages = page;
	spin_unlock(&mdevice->lock);
}

static vm_fault_t dlite_devmem_fault(struct vm_fault *vmf)
{
	/* The fixture never maps its pages into a process. */
	return VM_FAULT_SIGBUS;
}

static const struct dev_pagemap_ops dlite_devmem_ops = {
	.page_free	= dlite_devmem_free,
	.migrate_to_ram	= dlite_devmem_fault,
};

static struct page *dlite_devmem_alloc_page(struct dlite_device *mdevice)
{
	struct page *dpage;

	spin_lock(&mdevice->lock);
	dpage = mdevice->free_pages;
	if (dpage) {
		mdevice->free_pages = dpage->zone_device_data;
		mdevice->calloc++;
	}
	spin_unlock(&mdevice->lock);
	if (!dpage)
		return NULL;

	zone_device_page_init(dpage);
	dpage->zone_device_data = NULL;
	return dpage;
}

static bool dlite_owns(struct folio *folio)
{
	return is_device_private_page(&folio->page) &&
	       folio->page.pgmap == &dlite_dev.chunk->pagemap;
}

static int dlite_check_pfn(unsigned long pfn)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);
	bool ours = pgmap == &dlite_dev.chunk->pagemap;

	put_dev_pagemap(pgmap);
	return ours ? 0 : -ENODEV;
}

static int dlite_self_test(void)
{
	struct page *page = dlite_devmem_alloc_page(&dlite_dev);
	struct folio *folio;
	int ret = -EINVAL;

	if (!page)
		return -ENOMEM;
	folio = page_folio(page);
	if (dlite_owns(folio) && page_ref_count(&folio->page) == 1)
		ret = dlite_check_pfn(page_to_pfn(page));
	/* The last reference: the core gives the page back to the driver. */
	put_page(page);
	return ret;
}

static int dlite_add_chunk(struct dlite_device *mdevice)
{
	struct dlite_chunk *chunk;
	struct resource *res;
	unsigned long pfn, pfn_first, pfn_last;
	void *ptr;

	chunk = kzalloc(sizeof(*chunk), GFP_KERNEL);
	if (!chunk)
		return -ENOMEM;

	res = request_free_mem_region(&iomem_resource, DLITE_CHUNK_SIZE,
				      "dmirror_lite");
	if (IS_ERR(res)) {
		kfree(chunk);
		return PTR_ERR(res);
	}

	chunk->pagemap.type = MEMORY_DEVICE_PRIVATE;
	chunk->pagemap.range.start = res->start;
	chunk->pagemap.range.end = res->end;
	chunk->pagemap.nr_range = 1;
	chunk->pagemap.ops = &dlite_devmem_ops;
	chunk->pagemap.owner = mdevice;
	chunk->mdevice = mdevice;

	ptr = memremap_pages(&chunk->pagemap, numa_node_id());
	if (IS_ERR(ptr)) {
		release_mem_region(res->start, resource_size(res));
		kfree(chunk);
		return PTR_ERR(ptr);
	}

	pfn_first = chunk->pagemap.range.start >> PAGE_SHIFT;
	pfn_last = pfn_first + (range_len(&chunk->pagemap.range) >> PAGE_SHIFT);
	spin_lock(&mdevice->lock);
	for (pfn = pfn_first; pfn < pfn_last; pfn++) {
		struct page *page = pfn_to_page(pfn);

		page->zone_device_data = mdevice->free_pages;
		mdevice->free_pages = page;
	}
	spin_unlock(&mdevice->lock);
	mdevice->chunk = chunk;
	return 0;
}

static void dlite_remove_chunk(struct dlite_device *mdevice)
{
	struct dlite_chunk *chunk = mdevice->chunk;

	memunmap_pages(&chunk->pagemap);
	release_mem_region(chunk->pagemap.range.start,
			   range_len(&chunk->pagemap.range));
	kfree(chunk);
}

static int __init dlite_init(void)
{
	int ret;

	spin_lock_init(&dlite_dev.lock);
	ret = dlite_add_chunk(&dlite_dev);
	if (ret)
		return ret;
	ret = dlite_self_test();
	if (ret)
		dlite_remove_chunk(&dlite_dev);
	return ret;
}

static void __exit dlite_exit(void)
{
	dlite_remove_chunk(&dlite_dev);
}

module_init(dlite_init);
module_exit(dlite_exit);
MODULE_DESCRIPTION("devmap-lint fixture: device-private memory, Linux 6.1 API");
MODULE_LICENSE("GPL");
