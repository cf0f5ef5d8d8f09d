/*
 * pgmap-ref: get_dev_pagemap()/put_dev_pagemap() pairing, the two-argument
 * form (Linux up to 6.17; pgmap-ref-one-arg.c has the 6.18+ form).
 *
 * Annotations (checked by scripts/tests/plugin-unit.sh at -O0, -O2, -Os):
 *   expect: RULE "TEXT"  a warning of RULE containing TEXT is reported on this line
 *   note ["TEXT"] [#L]   a note here, of the next expectation in the function (else
 *                        the one before; #L: the one labelled #L).  Nothing else.
 */
#include "kernel.h"

#define EINVAL	22
#define ENOMEM	12
#define EFAULT	14
#define ENXIO	6

/* Functions that only read the pgmap (pgmap-borrow in the table). */
extern bool pgmap_pfn_valid(struct dev_pagemap *pgmap, unsigned long pfn);
extern bool pgmap_has_memory_failure(struct dev_pagemap *pgmap);
/* Anything else that is passed a reference takes it over. */
extern int memory_failure_dev_pagemap(unsigned long pfn, int flags, struct dev_pagemap *pgmap);
extern void remember_pgmap(struct dev_pagemap *pgmap);
extern bool try_grab_page(struct page *page, int flags);
extern void undo_dev_pagemap(int *nr, int nr_start, struct page **pages);
extern bool online_section(unsigned long pfn);
extern void pr_busy(void);
extern struct dev_pagemap *saved_pgmap;

struct follow_page_context {
	struct dev_pagemap *pgmap;
	unsigned int page_mask;
};

/* ==== must fire ===================================================== */

/* Leak: an early return between the get and the put. */
int leak_early_return(unsigned long pfn, int flags)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);	/* note "the reference is taken here" */

	if (!pgmap)
		return -ENXIO;
	if (flags & 1)
		return -EINVAL;	/* expect: pgmap-ref "'pgmap' from 'get_dev_pagemap()' at line 39 is neither put nor handed on when the function returns by this path" */
	put_dev_pagemap(pgmap);
	return 0;
}

/* Leak: a goto to a label that skips the put. */
int leak_goto_past_put(unsigned long pfn, int flags)
{
	struct dev_pagemap *pgmap;
	int ret = -ENXIO;

	pgmap = get_dev_pagemap(pfn, NULL);	/* note "the reference is taken here" */
	if (!pgmap)
		goto out;
	ret = 0;
	if (flags & 2)
		goto out;	/* expect: pgmap-ref "'pgmap' from 'get_dev_pagemap()' at line 55 is neither put nor handed on when the function returns by this path" */
	put_dev_pagemap(pgmap);
out:
	return ret;
}

/* Leak on two paths: one warning, at the first; a note for the other. */
int leak_two_exits(unsigned long pfn, int flags)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);	/* note "the reference is taken here" */

	if (!pgmap)
		return -ENXIO;
	if (flags & 1)
		return -EINVAL;	/* expect: pgmap-ref "'pgmap' from 'get_dev_pagemap()' at line 69 is neither put nor handed on when the function returns by this path" */
	if (!pgmap_pfn_valid(pgmap, pfn))
		return -EFAULT;	/* note "'pgmap' also leaks when the function returns by this path" */
	put_dev_pagemap(pgmap);
	return 0;
}

/* Leak: the flag that guarded the get changed before the put tests it. */
extern int recheck(void);
int leak_flag_changed(unsigned long pfn, int want)
{
	struct dev_pagemap *pgmap = NULL;

	if (want)
		pgmap = get_dev_pagemap(pfn, NULL);	/* note "the reference is taken here" */
	want = recheck();
	if (want)
		put_dev_pagemap(pgmap);
	return 0;	/* expect: pgmap-ref "'pgmap' from 'get_dev_pagemap()' at line 88 is neither put nor handed on when the function returns by this path" */
}

/*
 * Leak: a method of the pgmap ("pgmap->ops->memory_failure(pgmap, ...)")
 * only uses it, it does not take the reference over.  kernel.h's ops table
 * has only ->page_free; view it through Linux 6.1's shape.
 */
struct dev_pagemap_ops_6_1 {
	void (*page_free)(struct page *page);
	int (*memory_failure)(struct dev_pagemap *pgmap, unsigned long pfn,
			      unsigned long nr_pages, int mf_flags);
};
#define ops_6_1(pgmap) ((const struct dev_pagemap_ops_6_1 *)(pgmap)->ops)

int leak_after_method(unsigned long pfn, int flags)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);	/* note "the reference is taken here" */
	int rc;

	if (!pgmap)
		return -ENXIO;
	rc = ops_6_1(pgmap)->memory_failure(pgmap, pfn, 1, flags);
	if (rc)
		return rc;	/* expect: pgmap-ref "'pgmap' from 'get_dev_pagemap()' at line 109 is neither put nor handed on when the function returns by this path" */
	put_dev_pagemap(pgmap);
	return 0;
}

/* Leak: a void function that falls off its end. */
void leak_fall_off_end(unsigned long pfn)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);	/* note "the reference is taken here" */

	if (!pgmap)
		return;
	pr_busy();
}	/* expect: pgmap-ref "'pgmap' from 'get_dev_pagemap()' at line 124 is neither put nor handed on when the function returns by this path" */

/* Leak: a get with a NULL cache argument in a loop overwrites its own reference. */
int leak_loop_overwrite(unsigned long start, unsigned long end)
{
	struct dev_pagemap *pgmap = NULL;
	unsigned long pfn;
	int private = 0;

	for (pfn = start; pfn < end; pfn++) {
		pgmap = get_dev_pagemap(pfn, NULL);	/* expect: pgmap-ref "'get_dev_pagemap()' overwrites 'pgmap', the only copy of the reference it took on an earlier iteration, before that reference is put" */
		if (!pgmap)
			return -ENXIO;
		if (pgmap->type == MEMORY_DEVICE_PRIVATE)
			private++;
	}
	put_dev_pagemap(pgmap);
	return private;
}

/* Leak: the only copy is overwritten by something else. */
struct dev_pagemap *leak_overwrite(unsigned long pfn, struct follow_page_context *ctx)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);	/* note "the reference is taken here" */

	if (!pgmap)
		return NULL;
	pgmap = ctx->pgmap;	/* expect: pgmap-ref "the only copy of the reference from 'get_dev_pagemap()' at line 152 is overwritten here before it is put" */
	return pgmap;
}

/* Leak: the result is not even kept. */
bool leak_ignored(unsigned long pfn)
{
	get_dev_pagemap(pfn, NULL);	/* expect: pgmap-ref "the result of 'get_dev_pagemap()' is ignored" */
	return online_section(pfn);
}

/* Unchecked NULL: dereferenced before the NULL test. */
bool unchecked_deref(unsigned long pfn)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);	/* note "the reference is taken here" */
	bool private = pgmap->type == MEMORY_DEVICE_PRIVATE;	/* expect: pgmap-ref "'pgmap' from 'get_dev_pagemap()' at line 170 is dereferenced before it is checked for NULL" */

	put_dev_pagemap(pgmap);
	return private;
}

/* Unchecked NULL: handed to a function that reads it, before the NULL test. */
bool unchecked_borrow(unsigned long pfn)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);	/* note "the reference is taken here" */
	bool valid = pgmap_pfn_valid(pgmap, pfn);	/* expect: pgmap-ref "'pgmap' from 'get_dev_pagemap()' at line 180 is passed to 'pgmap_pfn_valid()' before it is checked for NULL" */

	put_dev_pagemap(pgmap);
	return valid;
}

/* Unchecked NULL: dereferenced on the path where it is NULL. */
int deref_when_null(unsigned long pfn)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);	/* note "the reference is taken here" */

	if (pgmap == NULL)
		return pgmap->type;	/* expect: pgmap-ref "'pgmap' from 'get_dev_pagemap()' at line 190 is used here on a path where it is NULL" */
	put_dev_pagemap(pgmap);
	return 0;
}

/* Unowned cache argument: a page's pgmap carries no reference for us. */
bool cache_from_page(struct page *page, unsigned long pfn)
{
	struct dev_pagemap *cached = page->pgmap;	/* note "the pgmap is read from a page here" */
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, cached);	/* expect: pgmap-ref "the cached pgmap passed to 'get_dev_pagemap()' is read from a page, not a reference this function holds" */

	put_dev_pagemap(pgmap);
	return pgmap != NULL;
}

/* Unowned cache argument: the reference was already put. */
bool cache_already_put(unsigned long pfn)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);	/* note "the reference is taken here" */

	if (!pgmap)
		return false;
	put_dev_pagemap(pgmap);	/* note "the reference is dropped here" */
	pgmap = get_dev_pagemap(pfn + 1, pgmap);	/* expect: pgmap-ref "the cached pgmap passed to 'get_dev_pagemap()' was already put by 'put_dev_pagemap()'" */
	put_dev_pagemap(pgmap);
	return true;
}

/* Use after put. */
int use_after_put(unsigned long pfn)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);	/* note "the reference is taken here" */

	if (!pgmap)
		return -ENXIO;
	put_dev_pagemap(pgmap);	/* note "the reference is dropped here" */
	return pgmap->type;	/* expect: pgmap-ref "'pgmap' is used after 'put_dev_pagemap()' dropped the reference from 'get_dev_pagemap()' at line 224" */
}

/* Use after put, through &pgmap->ref handed to a callee. */
void use_after_put_field(unsigned long pfn)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);	/* note "the reference is taken here" */

	if (!pgmap)
		return;
	put_dev_pagemap(pgmap);	/* note "the reference is dropped here" */
	wake_up_var(&pgmap->ref);	/* expect: pgmap-ref "'pgmap' is used after 'put_dev_pagemap()' dropped the reference from 'get_dev_pagemap()' at line 235" */
}

/* Double put on one path. */
int double_put(unsigned long pfn, int flags)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);	/* note "the reference is taken here" */
	int ret = 0;

	if (!pgmap)
		return -ENXIO;
	if (flags & 1) {
		put_dev_pagemap(pgmap);	/* note "the reference is dropped here" */
		ret = -EINVAL;
	}
	put_dev_pagemap(pgmap);	/* expect: pgmap-ref "'pgmap' is put a second time on this path" */
	return ret;
}

/* Double put of the reference the caller handed over. */
void double_put_param(struct dev_pagemap *pgmap, int flags)
{
	if (flags)
		put_dev_pagemap(pgmap);	/* note "the reference is dropped here" */
	put_dev_pagemap(pgmap);	/* expect: pgmap-ref "'pgmap' is put a second time on this path" */
}

/* ==== must stay silent ============================================== */

/* mm/gup.c gup_pte_range(): the GUP loop, a cached pgmap, one put at the end. */
int gup_pte_range_like(unsigned long pfn, unsigned long end, int flags,
		       struct page **pages, int *nr)
{
	struct dev_pagemap *pgmap = NULL;
	int nr_start = *nr, ret = 0;

	do {
		struct page *page = pfn_to_page(pfn);

		if (flags & 4) {
			if (unlikely(flags & 8))
				goto pte_unmap;
			pgmap = get_dev_pagemap(pfn, pgmap);
			if (unlikely(!pgmap)) {
				undo_dev_pagemap(nr, nr_start, pages);
				goto pte_unmap;
			}
		} else if (flags & 16) {
			goto pte_unmap;
		}
		if (!try_grab_page(page, flags))
			goto pte_unmap;
		pages[(*nr)++] = page;
	} while (++pfn != end);
	ret = 1;

pte_unmap:
	if (pgmap)
		put_dev_pagemap(pgmap);
	return ret;
}

/* mm/gup.c __gup_device_huge(): break out of the loop, unconditional put. */
int gup_device_huge_like(unsigned long pfn, unsigned long addr, unsigned long end,
			 int flags, struct page **pages, int *nr)
{
	int nr_start = *nr;
	struct dev_pagemap *pgmap = NULL;

	do {
		struct page *page = pfn_to_page(pfn);

		pgmap = get_dev_pagemap(pfn, pgmap);
		if (unlikely(!pgmap)) {
			undo_dev_pagemap(nr, nr_start, pages);
			break;
		}
		pages[*nr] = page;
		if (unlikely(!try_grab_page(page, flags))) {
			undo_dev_pagemap(nr, nr_start, pages);
			break;
		}
		(*nr)++;
		pfn++;
	} while (addr += 4096, addr != end);

	put_dev_pagemap(pgmap);
	return addr == end;
}

/* mm/huge_memory.c follow_devmap_pmd(): the out-parameter form. */
struct page *follow_devmap_like(unsigned long pfn, int flags, struct dev_pagemap **pgmap)
{
	struct page *page;

	*pgmap = get_dev_pagemap(pfn, *pgmap);
	if (!*pgmap)
		return NULL;
	page = pfn_to_page(pfn);
	if (!try_grab_page(page, flags))
		page = NULL;
	return page;
}

/* mm/gup.c: the cached pgmap lives in a context structure. */
struct page *follow_ctx(unsigned long pfn, struct follow_page_context *ctx)
{
	ctx->pgmap = get_dev_pagemap(pfn, ctx->pgmap);
	if (!ctx->pgmap)
		return NULL;
	return pfn_to_page(pfn);
}

/* mm/gup.c follow_page(): the caller's side of the context. */
extern struct page *follow_page_mask(unsigned long addr, struct follow_page_context *ctx);
struct page *follow_page_like(unsigned long addr)
{
	struct follow_page_context ctx = { NULL, 0 };
	struct page *page = follow_page_mask(addr, &ctx);

	if (ctx.pgmap)
		put_dev_pagemap(ctx.pgmap);
	return page;
}

/* mm/memory-failure.c memory_failure(): the reference is handed to a function that drops it. */
int memory_failure_like(unsigned long pfn, int flags)
{
	struct dev_pagemap *pgmap;
	int res;

	if (online_section(pfn))
		return 0;
	pgmap = get_dev_pagemap(pfn, NULL);
	if (pgmap) {
		res = memory_failure_dev_pagemap(pfn, flags, pgmap);
		goto unlock;
	}
	res = -ENXIO;
unlock:
	pr_busy();
	return res;
}

/* mm/memory-failure.c memory_failure_dev_pagemap(): puts the caller's reference once. */
int memory_failure_dev_pagemap_like(unsigned long pfn, int flags, struct dev_pagemap *pgmap)
{
	int rc = -ENXIO;

	if (!pgmap_pfn_valid(pgmap, pfn))
		goto out;
	if (pgmap_has_memory_failure(pgmap))
		rc = pgmap->type;
out:
	put_dev_pagemap(pgmap);
	return rc;
}

/* goto-unified exits: one label puts, the other does not need to. */
int goto_unified(unsigned long pfn, int flags)
{
	struct dev_pagemap *pgmap;
	int ret = -ENXIO;

	pgmap = get_dev_pagemap(pfn, NULL);
	if (!pgmap)
		goto out;
	ret = -EINVAL;
	if (flags & 1)
		goto out_put;
	if (!pgmap_pfn_valid(pgmap, pfn))
		goto out_put;
	ret = pgmap->type;
out_put:
	put_dev_pagemap(pgmap);
out:
	return ret;
}

/* A conditional put at a shared exit. */
int conditional_put(unsigned long pfn, int flags)
{
	struct dev_pagemap *pgmap = NULL;
	int ret = 0;

	if (flags & 1)
		goto out;
	pgmap = get_dev_pagemap(pfn, NULL);
	if (!pgmap)
		goto out;
	ret = pgmap->type;
out:
	if (pgmap)
		put_dev_pagemap(pgmap);
	return ret;
}

/* mm/memory_hotplug.c pfn_to_online_page(): put at once, then test the pointer. */
struct page *probe_after_put(unsigned long pfn)
{
	struct dev_pagemap *pgmap;

	if (online_section(pfn))
		return pfn_to_page(pfn);
	pgmap = get_dev_pagemap(pfn, NULL);
	put_dev_pagemap(pgmap);
	if (pgmap)
		return NULL;
	return pfn_to_page(pfn);
}

/* mm/memremap.c pagemap_range(): two probes into the same variable. */
int conflict_check(unsigned long start, unsigned long end)
{
	struct dev_pagemap *conflict_pgmap;

	conflict_pgmap = get_dev_pagemap(start, NULL);
	if (conflict_pgmap) {
		WARN_ON_ONCE(1);
		put_dev_pagemap(conflict_pgmap);
		return -ENOMEM;
	}
	conflict_pgmap = get_dev_pagemap(end, NULL);
	if (conflict_pgmap) {
		WARN_ON_ONCE(1);
		put_dev_pagemap(conflict_pgmap);
		return -ENOMEM;
	}
	return 0;
}

/* The reference goes back to the caller, or into a structure, or a global. */
struct dev_pagemap *return_reference(unsigned long pfn)
{
	return get_dev_pagemap(pfn, NULL);
}

int store_reference(unsigned long pfn, struct follow_page_context *ctx, int flags)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);

	if (!pgmap)
		return -ENXIO;
	if (flags)
		saved_pgmap = pgmap;
	else
		ctx->pgmap = pgmap;
	return 0;
}

/* Tests through WARN_ON_ONCE() and likely(), then a borrow, then the put. */
int tests_in_macros(unsigned long pfn)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);
	int ret = 0;

	if (WARN_ON_ONCE(!pgmap))
		return -EFAULT;
	if (likely(pgmap_pfn_valid(pgmap, pfn)))
		ret = pgmap->type;
	put_dev_pagemap(pgmap);
	return ret;
}

/* A get and a put in every iteration. */
int get_put_per_iteration(unsigned long start, unsigned long end)
{
	unsigned long pfn;
	int n = 0;

	for (pfn = start; pfn < end; pfn++) {
		struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);

		if (!pgmap)
			continue;
		if (pgmap->type == MEMORY_DEVICE_PRIVATE)
			n++;
		put_dev_pagemap(pgmap);
	}
	return n;
}

/* The cache argument is the caller's reference, held in a parameter. */
struct dev_pagemap *cache_from_parameter(unsigned long pfn, struct dev_pagemap *held)
{
	return get_dev_pagemap(pfn, held);
}

/* mm/memremap.c free_zone_device_page(): each such page holds a pgmap reference. */
void free_zone_device_page_like(struct page *page)
{
	page->pgmap->ops->page_free(page);
	put_dev_pagemap(page->pgmap);
}

/* mm/memremap.c get_dev_pagemap() itself: drops the cached reference, looks again. */
extern struct dev_pagemap *xa_load_pgmap(unsigned long pfn);
extern bool percpu_ref_tryget_live(struct percpu_ref *ref);
struct dev_pagemap *get_dev_pagemap_like(unsigned long pfn, struct dev_pagemap *pgmap)
{
	if (pgmap) {
		if (pgmap->ops && pfn)
			return pgmap;
		put_dev_pagemap(pgmap);
	}
	pgmap = xa_load_pgmap(pfn);
	if (pgmap && !percpu_ref_tryget_live(&pgmap->ref))
		pgmap = NULL;
	return pgmap;
}

/* The get and the put are guarded by the same flag. */
int same_flag(unsigned long pfn, int want)
{
	struct dev_pagemap *pgmap = NULL;

	if (want) {
		pgmap = get_dev_pagemap(pfn, NULL);
		if (!pgmap)
			return -ENXIO;
	}
	pr_busy();
	if (want)
		put_dev_pagemap(pgmap);
	return 0;
}

/* The same, with the NULL test folded into the flag's ("want && pgmap"). */
int same_flag_and_pointer(unsigned long pfn, int want)
{
	struct dev_pagemap *pgmap = NULL;

	if (want)
		pgmap = get_dev_pagemap(pfn, NULL);
	pr_busy();
	if (want && pgmap)
		put_dev_pagemap(pgmap);
	return 0;
}

/* Two references, dropped in either order; one put goes through a copy. */
int two_references(unsigned long a, unsigned long b)
{
	struct dev_pagemap *first = get_dev_pagemap(a, NULL);
	struct dev_pagemap *second, *copy;

	if (!first)
		return -ENXIO;
	second = get_dev_pagemap(b, NULL);
	if (!second) {
		put_dev_pagemap(first);
		return -ENXIO;
	}
	copy = second;
	second = NULL;
	put_dev_pagemap(first);
	put_dev_pagemap(copy);
	return 0;
}

/* Puts in a switch, a test in a conditional expression. */
int switch_and_ternary(unsigned long pfn, int k)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);
	int r = pgmap ? pgmap->type : -1;

	if (!pgmap)
		return r;
	switch (k) {
	case 1:
		r = 3;
		break;
	case 2:
		put_dev_pagemap(pgmap);
		return 5;
	default:
		r += pgmap->type;
		break;
	}
	put_dev_pagemap(pgmap);
	return r;
}

/* mm/memory-failure.c: the pgmap's own method, then the put. */
int method_then_put(unsigned long pfn, int flags)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);
	int rc = -ENXIO;

	if (!pgmap)
		return rc;
	if (pgmap_has_memory_failure(pgmap))
		rc = ops_6_1(pgmap)->memory_failure(pgmap, pfn, 1, flags);
	put_dev_pagemap(pgmap);
	return rc;
}

/*
 * The kernel's scope-based cleanup (include/linux/cleanup.h): __free(f)
 * hands the variable's address to f at the end of its scope, which puts
 * the reference.  Nothing leaks.
 */
static void free_pgmap(struct dev_pagemap **p)
{
	if (*p)
		put_dev_pagemap(*p);
}
#define __free_pgmap	__attribute__((__cleanup__(free_pgmap)))

int put_by_cleanup(unsigned long pfn)
{
	struct dev_pagemap *pgmap __free_pgmap = get_dev_pagemap(pfn, NULL);

	if (!pgmap)
		return -ENXIO;
	return pgmap->type;
}

/* A page's pgmap read straight into the cache argument: reported at the get. */
bool cache_from_page_inline(struct page *page, unsigned long pfn)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, page->pgmap);	/* expect: pgmap-ref "the cached pgmap passed to 'get_dev_pagemap()' is read from a page" */ /* note "the pgmap is read from a page here" */

	put_dev_pagemap(pgmap);
	return pgmap != NULL;
}

/* A NULL test kept as "c ? 1 : 0" (GCC folds it to "c != 0"): correlated. */
int choice_as_test(unsigned long pfn)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);
	int have = pgmap ? 1 : 0;

	if (!have)
		return -ENXIO;
	put_dev_pagemap(pgmap);
	return 0;
}

/* The reference handed on through GNU ?: and through ?: */
struct dev_pagemap *choice_returned(unsigned long pfn, struct dev_pagemap *fallback)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);

	return pgmap ?: fallback;
}

void choice_put(unsigned long pfn, int which)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);

	put_dev_pagemap(which ? pgmap : pgmap);
}

/* ... but a choice that is not the reference itself does not put it. */
void choice_not_put(unsigned long pfn, int which)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);	/* note "the reference is taken here" */
	struct dev_pagemap *p = which ? pgmap : NULL;

	if (p)
		return;	/* expect: pgmap-ref "'pgmap' from 'get_dev_pagemap()' at line 697 is neither put nor handed on when the function returns by this path" */
	put_dev_pagemap(pgmap);
}
