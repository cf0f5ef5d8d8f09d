/*
 * kernel.h - kernel-shaped declarations for the plugin's unit tests.
 *
 * Written for these tests, after Linux 6.1's include/linux/{mm_types,mm,
 * page_ref,memremap,dax,wait_bit}.h: the same names, types, and macro
 * shapes (static inline helpers, page_folio() through _compound_head(),
 * pfn_to_page() as vmemmap arithmetic, ___wait_var_event() as a loop), so
 * the plugin sees what it sees in a kernel build.
 */
#ifndef TEST_KERNEL_H
#define TEST_KERNEL_H

#define NULL ((void *)0)
#define true 1
#define false 0
typedef _Bool bool;
typedef unsigned long u64;
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

typedef struct { int counter; } atomic_t;

#ifndef MEMORY_TYPES
/* Linux 6.1's enum memory_type (include/linux/memremap.h). */
#define MEMORY_TYPES							\
	MEMORY_DEVICE_PRIVATE = 1,					\
	MEMORY_DEVICE_COHERENT,						\
	MEMORY_DEVICE_FS_DAX,						\
	MEMORY_DEVICE_GENERIC,						\
	MEMORY_DEVICE_PCI_P2PDMA,
#endif
enum memory_type { MEMORY_TYPES };

struct page;
struct dev_pagemap_ops {
	void (*page_free)(struct page *page);
};
struct percpu_ref { long count; };
struct dev_pagemap {
	struct percpu_ref ref;
	enum memory_type type;
	const struct dev_pagemap_ops *ops;
};

struct address_space;
struct page {
	unsigned long flags;
	union {
		struct {
			void *lru_prev, *lru_next;
			struct address_space *mapping;
			unsigned long index;
		};
		struct {
			struct dev_pagemap *pgmap;
			void *zone_device_data;
		};
	};
	atomic_t _mapcount;
	atomic_t _refcount;
};
struct folio {
	union {
		struct {
			unsigned long flags;
			void *lru_prev, *lru_next;
			struct address_space *mapping;
		};
		struct page page;
		/* Linux 6.15+: the folio has its own pgmap and refcount. */
		struct {
			unsigned long __flags;
			struct dev_pagemap *pgmap;
			void *__pad[3];	/* as page: lru, mapping, index */
			atomic_t __mapcount;
			atomic_t _refcount;
		};
	};
};

/* include/linux/atomic/atomic-instrumented.h */
static inline __attribute__((always_inline)) int atomic_read(const atomic_t *v)
{
	return *(volatile const int *)&v->counter;
}
static inline void atomic_set(atomic_t *v, int i) { *(volatile int *)&v->counter = i; }
static inline int atomic_sub_return(int i, atomic_t *v) { return __atomic_sub_fetch(&v->counter, i, 5); }

/* include/linux/page_ref.h */
static inline int page_ref_count(const struct page *page) { return atomic_read(&page->_refcount); }
static inline int page_count(const struct page *page) { return atomic_read(&page->_refcount); }
static inline int folio_ref_count(const struct folio *folio) { return page_ref_count(&folio->page); }
static inline void set_page_count(struct page *page, int v) { atomic_set(&page->_refcount, v); }
static inline void init_page_count(struct page *page) { set_page_count(page, 1); }
static inline int page_ref_sub_return(struct page *page, int nr) { return atomic_sub_return(nr, &page->_refcount); }
/* Linux 6.x folio forms (include/linux/page_ref.h). */
static inline void folio_set_count(struct folio *folio, int v) { set_page_count(&folio->page, v); }
static inline int folio_ref_sub_return(struct folio *folio, int nr) { return atomic_sub_return(nr, &folio->_refcount); }
static inline int page_mapcount(struct page *page) { return atomic_read(&page->_mapcount) + 1; }

/* include/linux/page-flags.h: page_folio() goes through _compound_head(). */
static inline unsigned long _compound_head(const struct page *page)
{
	unsigned long head = page->flags;
	if (head & 1)
		return head - 1;
	return (unsigned long)page;
}
#define page_folio(p)	((struct folio *)_compound_head(p))
#define folio_page(folio, n)	(&(folio)->page + (n))

/* arch/x86: SPARSEMEM_VMEMMAP, pfn_to_page() is arithmetic. */
extern unsigned long vmemmap_base;
#define vmemmap ((struct page *)vmemmap_base)
#define pfn_to_page(pfn)	(vmemmap + (pfn))
#define page_to_pfn(page)	((unsigned long)((page) - vmemmap))

/* include/linux/mmzone.h, memremap.h */
extern int page_zonenum(const struct page *page);
static inline bool is_zone_device_page(const struct page *page) { return page_zonenum(page) == 4; }
static inline bool folio_is_zone_device(const struct folio *folio) { return is_zone_device_page(&folio->page); }
static inline bool is_device_private_page(const struct page *page)
{
	return is_zone_device_page(page) && page->pgmap->type == MEMORY_DEVICE_PRIVATE;
}
/* Linux 6.x: p2pdma pages (page_pgmap(), 6.15+, is left to the tests). */
static inline bool is_pci_p2pdma_page(const struct page *page)
{
	return is_zone_device_page(page) && page->pgmap->type == MEMORY_DEVICE_PCI_P2PDMA;
}
#ifdef GET_DEV_PAGEMAP_ONE_ARG
/* Linux 6.18+: no cached pgmap argument. */
extern struct dev_pagemap *get_dev_pagemap(unsigned long pfn);
#else
extern struct dev_pagemap *get_dev_pagemap(unsigned long pfn, struct dev_pagemap *pgmap);
#endif
static inline void put_dev_pagemap(struct dev_pagemap *pgmap) { if (pgmap) pgmap->ref.count--; }
extern void zone_device_page_init(struct page *page);
extern void free_zone_device_page(struct page *page);

/* include/linux/dax.h, fs/dax.c */
extern struct page *dax_layout_busy_page(struct address_space *mapping);
extern struct page *dax_layout_busy_page_range(struct address_space *mapping, long start, long end);
extern unsigned long dax_to_pfn(void *entry);
extern unsigned long dax_end_pfn(void *entry);
#define for_each_mapped_pfn(entry, pfn) \
	for (pfn = dax_to_pfn(entry); pfn < dax_end_pfn(entry); pfn++)

/* include/linux/bug.h */
extern void warn_slowpath(void);
#define WARN_ON_ONCE(cond) ({ int __ret = !!(cond); if (unlikely(__ret)) warn_slowpath(); unlikely(__ret); })

/* include/linux/wait_bit.h: ___wait_var_event() is a loop around the condition. */
struct wait_queue_head { int lock; };
struct wait_bit_queue_entry { void *key; int flags; };
extern struct wait_queue_head *__var_waitqueue(void *p);
extern void init_wait_var_entry(struct wait_bit_queue_entry *wbq_entry, void *var, int flags);
extern long prepare_to_wait_event(struct wait_queue_head *wq_head, struct wait_bit_queue_entry *e, int state);
extern void finish_wait(struct wait_queue_head *wq_head, struct wait_bit_queue_entry *e);
extern void wake_up_var(void *var);
#define TASK_INTERRUPTIBLE 1
#define ___wait_var_event(var, condition, state, exclusive, ret, cmd)	\
({									\
	struct wait_queue_head *__wq_head = __var_waitqueue(var);	\
	struct wait_bit_queue_entry __wbq_entry;			\
	long __ret = ret;						\
	init_wait_var_entry(&__wbq_entry, var, exclusive ? 1 : 0);	\
	for (;;) {							\
		long __int = prepare_to_wait_event(__wq_head, &__wbq_entry, state); \
		if (condition)						\
			break;						\
		if (__int) {						\
			__ret = __int;					\
			break;						\
		}							\
		cmd;							\
	}								\
	finish_wait(__wq_head, &__wbq_entry);				\
	__ret;								\
})

#endif
