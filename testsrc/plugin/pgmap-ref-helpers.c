/*
 * pgmap-ref across functions: a static helper that hands a
 * get_dev_pagemap() reference to its caller, through a
 * "struct dev_pagemap **" parameter or its return value (the engine's
 * helper summaries, core-paths.c).  The caller must put it or hand it on.
 *
 * Annotations as in pgmap-ref.c (scripts/tests/plugin-unit.sh, -O0/-O2/-Os).
 */
#include "kernel.h"

#define EINVAL	22
#define ENXIO	6

extern bool pgmap_pfn_valid(struct dev_pagemap *pgmap, unsigned long pfn);
extern int memory_failure_dev_pagemap(unsigned long pfn, int flags, struct dev_pagemap *pgmap);
extern void pr_busy(void);
extern void remember_address(struct dev_pagemap **where);

struct follow_page_context {
	struct dev_pagemap *pgmap;
	unsigned int page_mask;
};

/* ==== the helpers (silent themselves) =============================== */

/* 0 and a reference in *out, or -ENXIO and nothing. */
static int lookup_pgmap(unsigned long pfn, struct dev_pagemap **out)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);

	if (!pgmap)
		return -ENXIO;
	*out = pgmap;	/* note "'lookup_pgmap()' stores the reference it took through '*out' here, for its caller to put" #A */ /* note "'lookup_pgmap()' stores the reference" #F */ /* note "'lookup_pgmap()' stores the reference" #I */
	return 0;
}

/* true and a reference in *out, or false and nothing. */
static bool find_pgmap(unsigned long pfn, struct dev_pagemap **out)
{
	*out = get_dev_pagemap(pfn, NULL);	/* note "'find_pgmap()' stores the reference it took through '*out' here, for its caller to put" #B */
	if (!*out)
		return false;
	return true;
}

/* A reference or NULL, through the return value. */
static struct dev_pagemap *grab_pgmap(unsigned long pfn)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);

	if (pgmap && pgmap->type != MEMORY_DEVICE_PRIVATE) {
		put_dev_pagemap(pgmap);
		return NULL;
	}
	return pgmap;	/* note "'grab_pgmap()' returns the reference it took here, for its caller to put" #C */ /* note "'grab_pgmap()' returns the reference" #G */
}

/* Whatever the get returned, NULL included, in *out. */
static void peek_pgmap(unsigned long pfn, struct dev_pagemap **out)
{
	*out = get_dev_pagemap(pfn, NULL);	/* note "'peek_pgmap()' stores the reference it took through '*out' here, for its caller to put" #D */ /* note "'peek_pgmap()' stores the reference" #H */
}

/* mm/gup.c follow_page_pte(): the caller's cached pgmap is passed on to the get. */
static int lookup_cached(unsigned long pfn, struct dev_pagemap **pgmap)
{
	*pgmap = get_dev_pagemap(pfn, *pgmap);
	if (!*pgmap)
		return -ENXIO;
	return 0;
}

/* A helper of a helper: its own *out comes from lookup_pgmap(). */
static int lookup_twice(unsigned long pfn, struct dev_pagemap **out)
{
	int err = lookup_pgmap(pfn, out);	/* note "'lookup_twice()' stores the reference it took through '*out' here, for its caller to put" #E */

	if (err)
		return err;
	pr_busy();
	return 0;
}

/* Puts what it took before it returns: nothing for the caller. */
static int probe_pgmap(unsigned long pfn, struct dev_pagemap **out)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);

	if (!pgmap)
		return -ENXIO;
	*out = pgmap;
	put_dev_pagemap(pgmap);
	return 0;
}

/* A page, or NULL; the return value does not say whether *pgmap got a reference. */
static struct page *follow_like(unsigned long pfn, int flags, struct dev_pagemap **pgmap)
{
	if (flags & 1)
		return NULL;
	*pgmap = get_dev_pagemap(pfn, *pgmap);
	if (!*pgmap)
		return NULL;
	return pfn_to_page(pfn);
}

/* A reference in *out, or *out as it was: only the pointer tells. */
static void maybe_lookup(unsigned long pfn, int flags, struct dev_pagemap **out)
{
	if (flags & 1)
		return;
	*out = get_dev_pagemap(pfn, NULL);	/* note "'maybe_lookup()' stores the reference it took through '*out' here" #J */
}

/* ==== must fire ===================================================== */

/* Leak: a return between the helper's store and the put. */
int leak_after_lookup(unsigned long pfn, int flags)
{
	struct dev_pagemap *pgmap;
	int err = lookup_pgmap(pfn, &pgmap);	/* note "the reference is taken here" #A */

	if (err)
		return err;
	if (flags & 1)
		return -EINVAL;	/* expect: pgmap-ref "'pgmap' from 'lookup_pgmap()' at line 121 is neither put nor handed on when the function returns by this path" #A */
	put_dev_pagemap(pgmap);
	return 0;
}

/* Leak: the bool form, "if (!find(...)) fail". */
int leak_after_find(unsigned long pfn, int flags)
{
	struct dev_pagemap *pgmap = NULL;

	if (!find_pgmap(pfn, &pgmap))	/* note "the reference is taken here" #B */
		return -ENXIO;
	if (!pgmap_pfn_valid(pgmap, pfn))
		return -EINVAL;	/* expect: pgmap-ref "'pgmap' from 'find_pgmap()' at line 136 is neither put nor handed on when the function returns by this path" #B */
	put_dev_pagemap(pgmap);
	return 0;
}

/* Leak: through the return value, never put. */
int leak_returned(unsigned long pfn)
{
	struct dev_pagemap *pgmap = grab_pgmap(pfn);	/* note "the reference is taken here" #C */

	if (!pgmap)
		return -ENXIO;
	return pgmap->type;	/* expect: pgmap-ref "'pgmap' from 'grab_pgmap()' at line 147 is neither put nor handed on when the function returns by this path" #C */
}

/* Leak: the returned reference is not even kept. */
void leak_ignored_result(unsigned long pfn)
{
	grab_pgmap(pfn);	/* expect: pgmap-ref "the result of 'grab_pgmap()' is ignored: the reference it takes leaks" #G */
}

/* Unchecked: the helper may store NULL. */
int unchecked_after_peek(unsigned long pfn)
{
	struct dev_pagemap *pgmap;
	int type;

	peek_pgmap(pfn, &pgmap);	/* note "the reference is taken here" #D */
	type = pgmap->type;	/* expect: pgmap-ref "'pgmap' from 'peek_pgmap()' at line 166 is dereferenced before it is checked for NULL: 'peek_pgmap()' may hand back NULL" #D */
	put_dev_pagemap(pgmap);
	return type;
}

/* Unchecked: handed to a function that reads it. */
bool unchecked_pass_after_peek(unsigned long pfn)
{
	struct dev_pagemap *pgmap;
	bool valid;

	peek_pgmap(pfn, &pgmap);	/* note "the reference is taken here" #H */
	valid = pgmap_pfn_valid(pgmap, pfn);	/* expect: pgmap-ref "'pgmap' from 'peek_pgmap()' at line 178 is passed to 'pgmap_pfn_valid()' before it is checked for NULL: 'peek_pgmap()' may hand back NULL" #H */
	put_dev_pagemap(pgmap);
	return valid;
}

/* Leak: a loop takes a new reference over the one it did not put. */
int leak_loop_lookup(unsigned long start, unsigned long end)
{
	struct dev_pagemap *pgmap = NULL;
	unsigned long pfn;
	int n = 0;

	for (pfn = start; pfn < end; pfn++) {
		if (lookup_pgmap(pfn, &pgmap))	/* expect: pgmap-ref "'lookup_pgmap()' overwrites 'pgmap', the only copy of the reference it took on an earlier iteration, before that reference is put" #I */
			return n;
		n += pgmap->type;
	}
	put_dev_pagemap(pgmap);
	return n;
}

/* Leak through a helper of a helper. */
int leak_after_lookup_twice(unsigned long pfn, int flags)
{
	struct dev_pagemap *pgmap;

	if (lookup_twice(pfn, &pgmap))	/* note "the reference is taken here" #E */
		return -ENXIO;
	if (flags)
		return -EINVAL;	/* expect: pgmap-ref "'pgmap' from 'lookup_twice()' at line 205 is neither put nor handed on when the function returns by this path" #E */
	put_dev_pagemap(pgmap);
	return 0;
}

/* Double put of what the helper handed over. */
void double_put_after_lookup(unsigned long pfn, int flags)
{
	struct dev_pagemap *pgmap;

	if (lookup_pgmap(pfn, &pgmap))	/* note "the reference is taken here" #F */
		return;
	if (flags)
		put_dev_pagemap(pgmap);	/* note "the reference is dropped here" #F */
	put_dev_pagemap(pgmap);	/* expect: pgmap-ref "'pgmap' is put a second time on this path: 'put_dev_pagemap()' already dropped the reference from 'lookup_pgmap()' at line 218" #F */
}

/* Leak: a void helper that may store nothing; the pointer is tested, not put. */
int leak_after_maybe(unsigned long pfn, int flags)
{
	struct dev_pagemap *pgmap = NULL;

	maybe_lookup(pfn, flags, &pgmap);	/* note "the reference is taken here" #J */
	if (!pgmap)
		return -ENXIO;
	if (flags & 2)
		return -EINVAL;	/* expect: pgmap-ref "'pgmap' from 'maybe_lookup()' at line 230 is neither put nor handed on when the function returns by this path" #J */
	put_dev_pagemap(pgmap);
	return 0;
}

/* ==== must stay silent ============================================== */

/* The return value does not tell whether a reference was stored: no
 * summary, so testing the page instead of the pgmap is not a leak. */
int test_the_page(unsigned long pfn, int flags)
{
	struct dev_pagemap *pgmap = NULL;
	struct page *page = follow_like(pfn, flags, &pgmap);

	if (!page)
		return -ENXIO;
	put_dev_pagemap(pgmap);
	return 0;
}

int maybe_then_put(unsigned long pfn, int flags)
{
	struct dev_pagemap *pgmap = NULL;

	maybe_lookup(pfn, flags, &pgmap);
	put_dev_pagemap(pgmap);
	return 0;
}

/* Put on every path that got a reference. */
int put_after_lookup(unsigned long pfn)
{
	struct dev_pagemap *pgmap;
	int err = lookup_pgmap(pfn, &pgmap);

	if (err)
		return err;
	err = pgmap->type;
	put_dev_pagemap(pgmap);
	return err;
}

int put_after_find(unsigned long pfn)
{
	struct dev_pagemap *pgmap;

	if (!find_pgmap(pfn, &pgmap))
		return -ENXIO;
	put_dev_pagemap(pgmap);
	return 0;
}

int put_returned(unsigned long pfn)
{
	struct dev_pagemap *pgmap = grab_pgmap(pfn);
	int type;

	if (!pgmap)
		return -ENXIO;
	type = pgmap->type;
	put_dev_pagemap(pgmap);
	return type;
}

/* The helper may store NULL: a test, then the put. */
int checked_after_peek(unsigned long pfn)
{
	struct dev_pagemap *pgmap;

	peek_pgmap(pfn, &pgmap);
	if (!pgmap)
		return -ENXIO;
	put_dev_pagemap(pgmap);
	return 0;
}

/* Handed on: returned, stored, passed to a function that drops it. */
struct dev_pagemap *hand_back(unsigned long pfn)
{
	struct dev_pagemap *pgmap;

	if (lookup_pgmap(pfn, &pgmap))
		return NULL;
	return pgmap;
}

int hand_to_ctx(unsigned long pfn, struct follow_page_context *ctx)
{
	struct dev_pagemap *pgmap = grab_pgmap(pfn);

	if (!pgmap)
		return -ENXIO;
	ctx->pgmap = pgmap;
	return 0;
}

int hand_to_memory_failure(unsigned long pfn, int flags)
{
	struct dev_pagemap *pgmap;

	if (lookup_pgmap(pfn, &pgmap))
		return -ENXIO;
	return memory_failure_dev_pagemap(pfn, flags, pgmap);
}

/* mm/gup.c: the helper stores into the caller's context. */
int into_ctx(unsigned long pfn, struct follow_page_context *ctx)
{
	return lookup_cached(pfn, &ctx->pgmap);
}

/* The cached form in a loop: each call takes the previous reference over. */
int cached_loop(unsigned long start, unsigned long end)
{
	struct dev_pagemap *pgmap = NULL;
	unsigned long pfn;
	int n = 0;

	for (pfn = start; pfn < end; pfn++) {
		if (lookup_cached(pfn, &pgmap))
			break;
		n++;
	}
	put_dev_pagemap(pgmap);
	return n;
}

/* A helper of a helper, put by its caller. */
int put_after_lookup_twice(unsigned long pfn)
{
	struct dev_pagemap *pgmap;

	if (lookup_twice(pfn, &pgmap))
		return -ENXIO;
	put_dev_pagemap(pgmap);
	return 0;
}

/* The helper put its reference itself: nothing to put here. */
int after_probe(unsigned long pfn)
{
	struct dev_pagemap *pgmap;

	return probe_pgmap(pfn, &pgmap);
}

/* The variable's address also goes elsewhere: it is not followed. */
int address_elsewhere(unsigned long pfn)
{
	struct dev_pagemap *pgmap;

	remember_address(&pgmap);
	if (lookup_pgmap(pfn, &pgmap))
		return -ENXIO;
	return 0;
}

/* A function other files may call gets no summary: its callers stay silent. */
struct dev_pagemap *exported_grab(unsigned long pfn)
{
	return get_dev_pagemap(pfn, NULL);
}

int after_exported(unsigned long pfn)
{
	struct dev_pagemap *pgmap = exported_grab(pfn);

	return pgmap ? 0 : -ENXIO;
}

