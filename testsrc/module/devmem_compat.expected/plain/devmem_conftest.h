/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a conftest step (nvidia's conftest.sh, amdgpu-dkms's configure)
 * generates by compiling small tests against the kernel: one macro per
 * feature found.  devmap-lint's fixture spells the results out by kernel
 * version instead, so that it builds without running the tests.
 */
#ifndef DEVMEM_CONFTEST_H
#define DEVMEM_CONFTEST_H

#include <linux/version.h>

/* page_pgmap(), "mm: allow compound zone device pages" (6.15) */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)
#define DEVMEM_PAGE_PGMAP_PRESENT 1
#endif

/* get_dev_pagemap(pfn, pgmap), until 6.18 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 18, 0)
#define DEVMEM_GET_DEV_PAGEMAP_HAS_PGMAP_ARG 1
#endif

/* dev_pagemap_ops.folio_free and zone_device_page_init(page, pgmap,
 * order), 6.19 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 19, 0)
#define HAVE_DEV_PAGEMAP_OPS_FOLIO_FREE 1
#define HAVE_ZONE_DEVICE_PAGE_INIT_PGMAP_ARG 1
#endif

#endif /* DEVMEM_CONFTEST_H */
