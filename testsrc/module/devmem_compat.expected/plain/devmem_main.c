// SPDX-License-Identifier: GPL-2.0-only
/*
 * devmem_compat: a small out-of-tree device-private memory driver, the
 * devmap-lint fixture for drivers that build against several kernels
 * through a compatibility layer (devmem_compat.h, devmem_conftest.h).
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/memremap.h>
#include "devmem.h"
#include "devmem_compat.h"

#ifdef HAVE_DEV_PAGEMAP_OPS_FOLIO_FREE
static void devmem_folio_free(struct folio *folio)
{
	devmem_free_page(devmem_of_page(&folio->page), &folio->page);
}
#else
static void devmem_page_free(struct page *page)
{
	devmem_free_page(devmem_of_page(page), page);
}
#endif

static vm_fault_t devmem_migrate_to_ram(struct vm_fault *vmf)
{
	struct devmem *dm = container_of(page_pgmap(vmf->page), struct devmem,
					 pagemap);

	return dm->allocated ? VM_FAULT_SIGBUS : 0;
}

const struct dev_pagemap_ops devmem_ops = {
#ifdef HAVE_DEV_PAGEMAP_OPS_FOLIO_FREE
	.folio_free	= devmem_folio_free,
#else
	.page_free	= devmem_page_free,
#endif
	.migrate_to_ram	= devmem_migrate_to_ram,
};

static struct devmem *devmem;

static int __init devmem_init(void)
{
	devmem = kzalloc(sizeof(*devmem), GFP_KERNEL);
	if (!devmem)
		return -ENOMEM;
	spin_lock_init(&devmem->lock);
	devmem->pagemap.type = MEMORY_DEVICE_PRIVATE;
	devmem->pagemap.ops = &devmem_ops;
	devmem->pagemap.owner = devmem;
	return 0;
}

static void __exit devmem_exit(void)
{
	kfree(devmem);
}

module_init(devmem_init);
module_exit(devmem_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("devmap-lint fixture: out-of-tree ZONE_DEVICE driver with a compat layer");
