/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DEVMEM_H
#define DEVMEM_H

#include <linux/memremap.h>
#include <linux/spinlock.h>

struct devmem {
	struct dev_pagemap pagemap;
	spinlock_t lock;
	struct page *free_pages;
	unsigned long allocated;
};

extern const struct dev_pagemap_ops devmem_ops;

struct devmem *devmem_of_page(struct page *page);
struct page *devmem_alloc_page(struct devmem *dm);
void devmem_free_page(struct devmem *dm, struct page *page);
bool devmem_owns_pfn(struct devmem *dm, unsigned long pfn);
bool devmem_owns_folio(struct devmem *dm, struct folio *folio);
unsigned int devmem_migrate_batch(const struct dev_pagemap *pgmap);
bool devmem_page_idle(struct page *page);

#endif /* DEVMEM_H */
