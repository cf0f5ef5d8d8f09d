/*
 * pgmap-type: tests that must fire and tests that must stay silent, on
 * Linux 6.1's enum memory_type (kernel.h).  pgmap-type-extra.c and
 * pgmap-type-devdax.c run the same rule on other enums.
 *
 * Annotations (checked by scripts/tests/plugin-unit.sh at -O0, -O2, -Os):
 *   expect: RULE "TEXT"  a warning of RULE containing TEXT is reported on this line
 *   note ["TEXT"] [#L]   a note here, of the next expectation in the function (else
 *                        the one before; #L: the one labelled #L).  Nothing else.
 */
#include "kernel.h"

extern void use(int n);
extern void percpu_ref_put_many(struct percpu_ref *ref, unsigned long nr);

/* Newer kernels: struct folio has its own pgmap, and page_pgmap() reads it. */
struct folio_pgmap {
	union {
		struct {
			unsigned long flags;
			struct dev_pagemap *pgmap;
		};
		struct page page;
	};
};
static inline struct dev_pagemap *page_pgmap(const struct page *page)
{
	return page->pgmap;
}

/* ---- conditions: must fire -------------------------------------------- */

/* mm/mm_init.c __init_zone_device_page() (6.1): PRIVATE or COHERENT, rest implicit. */
void init_zone_device_page(struct page *page, struct dev_pagemap *pgmap)
{
	if (pgmap->type == MEMORY_DEVICE_PRIVATE ||	/* expect: pgmap-type "'pgmap->type' is tested against several memory types: the condition holds for MEMORY_DEVICE_PRIVATE and MEMORY_DEVICE_COHERENT and fails for MEMORY_DEVICE_FS_DAX, MEMORY_DEVICE_GENERIC and MEMORY_DEVICE_PCI_P2PDMA" */
	    pgmap->type == MEMORY_DEVICE_COHERENT)
		use(0);
}

/* mm/memremap.c free_zone_device_page() (6.1): the negated form, with an else. */
void free_zone_device(struct page *page)
{
	page->mapping = NULL;
	if (page->pgmap->type != MEMORY_DEVICE_PRIVATE &&	/* expect: pgmap-type "'page->pgmap->type' is tested against several memory types: the condition holds for MEMORY_DEVICE_FS_DAX, MEMORY_DEVICE_GENERIC and MEMORY_DEVICE_PCI_P2PDMA and fails for MEMORY_DEVICE_PRIVATE and MEMORY_DEVICE_COHERENT" */
	    page->pgmap->type != MEMORY_DEVICE_COHERENT)
		use(1);
	else
		put_dev_pagemap(page->pgmap);
}

/* mm/memremap.c memunmap_pages(): the test guards a loop. */
void memunmap_pages(struct dev_pagemap *pgmap, int nr_range)
{
	int i;

	if (pgmap->type != MEMORY_DEVICE_PRIVATE &&	/* expect: pgmap-type "'pgmap->type' is tested against several memory types: the condition holds for MEMORY_DEVICE_FS_DAX, MEMORY_DEVICE_GENERIC and MEMORY_DEVICE_PCI_P2PDMA and fails for MEMORY_DEVICE_PRIVATE and MEMORY_DEVICE_COHERENT" */
	    pgmap->type != MEMORY_DEVICE_COHERENT)
		for (i = 0; i < nr_range; i++)
			percpu_ref_put_many(&pgmap->ref, i);
}

/* An if/else-if ladder on the same value, with a final else. */
int ladder(struct page *page)
{
	if (page->pgmap->type == MEMORY_DEVICE_PRIVATE)	/* expect: pgmap-type "'page->pgmap->type' is tested against several memory types: MEMORY_DEVICE_PRIVATE takes the branch at line 67" */
		return 1;
	else if (page->pgmap->type == MEMORY_DEVICE_FS_DAX)
		return 2;
	else
		return 3;
}

/* A ladder without a final else, through page_pgmap() (newer kernels). */
void ladder_accessor(struct page *page)
{
	if (page_pgmap(page)->type == MEMORY_DEVICE_PRIVATE)	/* expect: pgmap-type "'page_pgmap(page)->type' is tested against several memory types: MEMORY_DEVICE_PRIVATE takes the branch at line 78" */
		use(1);
	else if (page_pgmap(page)->type == MEMORY_DEVICE_COHERENT)
		use(2);
	use(3);
}

/* A ladder on a local copy, naming every type: still a ladder, not a switch. */
int ladder_complete(struct dev_pagemap *pgmap)
{
	enum memory_type type = pgmap->type;

	if (type == MEMORY_DEVICE_PRIVATE)	/* expect: pgmap-type "'type' is tested against several memory types: MEMORY_DEVICE_PRIVATE takes the branch at line 90" */
		return 1;
	if (type == MEMORY_DEVICE_COHERENT)
		return 2;
	if (type == MEMORY_DEVICE_FS_DAX)
		return 3;
	if (type == MEMORY_DEVICE_GENERIC)
		return 4;
	if (type == MEMORY_DEVICE_PCI_P2PDMA)
		return 5;
	return 0;
}

/* Two types computed as a value: folded to one expression at -O2. */
bool private_or_coherent(struct dev_pagemap *pgmap)
{
	return pgmap->type == MEMORY_DEVICE_PRIVATE || pgmap->type == MEMORY_DEVICE_COHERENT;	/* expect: pgmap-type "'pgmap->type' is tested against several memory types: the condition holds for MEMORY_DEVICE_PRIVATE and MEMORY_DEVICE_COHERENT and fails for MEMORY_DEVICE_FS_DAX, MEMORY_DEVICE_GENERIC and MEMORY_DEVICE_PCI_P2PDMA" */
}

/* Types that are not neighbours: no range test to fold into. */
bool private_or_fsdax(struct folio_pgmap *folio)
{
	bool r = folio->pgmap->type == MEMORY_DEVICE_PRIVATE ||	/* expect: pgmap-type "'folio->pgmap->type' is tested against several memory types: the condition holds for MEMORY_DEVICE_PRIVATE and MEMORY_DEVICE_FS_DAX and fails for MEMORY_DEVICE_COHERENT, MEMORY_DEVICE_GENERIC and MEMORY_DEVICE_PCI_P2PDMA" */
		 folio->pgmap->type == MEMORY_DEVICE_FS_DAX;
	return r;
}

/* Inside a macro argument. */
void warn_unless_private_or_coherent(struct dev_pagemap *pgmap)
{
	WARN_ON_ONCE(pgmap->type != MEMORY_DEVICE_PRIVATE && pgmap->type != MEMORY_DEVICE_COHERENT);	/* expect: pgmap-type "'pgmap->type' is tested against several memory types: the condition holds for MEMORY_DEVICE_FS_DAX, MEMORY_DEVICE_GENERIC and MEMORY_DEVICE_PCI_P2PDMA and fails for MEMORY_DEVICE_PRIVATE and MEMORY_DEVICE_COHERENT" */
}

/* A relational test splits the types as much as a chain does. */
bool above_coherent(struct dev_pagemap *pgmap)
{
	if (pgmap->type > MEMORY_DEVICE_COHERENT)	/* expect: pgmap-type "'pgmap->type' is tested against several memory types: the condition holds for MEMORY_DEVICE_FS_DAX, MEMORY_DEVICE_GENERIC and MEMORY_DEVICE_PCI_P2PDMA and fails for MEMORY_DEVICE_PRIVATE and MEMORY_DEVICE_COHERENT" */
		return true;
	return false;
}

/* An int copy, the || chain, and another condition on top. */
void int_copy(struct folio_pgmap *folio, bool flag)
{
	int t = folio->pgmap->type;

	if ((t == MEMORY_DEVICE_FS_DAX || t == MEMORY_DEVICE_GENERIC) && flag)	/* expect: pgmap-type "'t' is tested against several memory types: the condition holds for MEMORY_DEVICE_FS_DAX and MEMORY_DEVICE_GENERIC and fails for MEMORY_DEVICE_PRIVATE, MEMORY_DEVICE_COHERENT and MEMORY_DEVICE_PCI_P2PDMA" */
		use(t);
}

/* ---- switches: must fire ------------------------------------------------ */

/* mm/memory-failure.c memory_failure_dev_pagemap(): two cases and a default. */
int memory_failure_dev_pagemap(struct dev_pagemap *pgmap)
{
	switch (pgmap->type) {	/* expect: pgmap-type "switch on 'pgmap->type': MEMORY_DEVICE_FS_DAX, MEMORY_DEVICE_GENERIC and MEMORY_DEVICE_PCI_P2PDMA fall into 'default'" */
	case MEMORY_DEVICE_PRIVATE:
	case MEMORY_DEVICE_COHERENT:
		return -6;
	default:
		break;
	}
	return 0;
}

/* No default: the missing types are not handled at all. */
void switch_no_default(struct page *page)
{
	switch (page->pgmap->type) {	/* expect: pgmap-type "switch on 'page->pgmap->type': MEMORY_DEVICE_COHERENT, MEMORY_DEVICE_GENERIC and MEMORY_DEVICE_PCI_P2PDMA are not handled" */
	case MEMORY_DEVICE_PRIVATE:
		use(1);
		break;
	case MEMORY_DEVICE_FS_DAX:
		use(2);
		break;
	}
}

/* Through page_pgmap(), a case range, and a default. */
int switch_accessor(struct page *page)
{
	switch (page_pgmap(page)->type) {	/* expect: pgmap-type "switch on 'page_pgmap(page)->type': MEMORY_DEVICE_FS_DAX, MEMORY_DEVICE_GENERIC and MEMORY_DEVICE_PCI_P2PDMA fall into 'default'" */
	case MEMORY_DEVICE_PRIVATE ... MEMORY_DEVICE_COHERENT:
		return 1;
	default:
		return 0;
	}
}

/* On a local copy of another integer type. */
int switch_int_copy(struct folio_pgmap *folio)
{
	unsigned int t = folio->pgmap->type;

	switch (t) {	/* expect: pgmap-type "switch on 't': MEMORY_DEVICE_PRIVATE, MEMORY_DEVICE_COHERENT and MEMORY_DEVICE_FS_DAX fall into 'default'" */
	case MEMORY_DEVICE_GENERIC:
		return 1;
	case MEMORY_DEVICE_PCI_P2PDMA:
		return 2;
	default:
		return 0;
	}
}

/* The default is written next to a case: the other types still fall into it. */
int switch_case_beside_default(struct dev_pagemap *pgmap)
{
	switch (pgmap->type) {	/* expect: pgmap-type "switch on 'pgmap->type': MEMORY_DEVICE_COHERENT, MEMORY_DEVICE_GENERIC and MEMORY_DEVICE_PCI_P2PDMA fall into 'default'" */
	case MEMORY_DEVICE_PRIVATE:
		return 1;
	case MEMORY_DEVICE_FS_DAX:
	default:
		return 0;
	}
}

/* ---- must stay silent --------------------------------------------------- */

/* mm/memremap.c memremap_pages(): every type, and a default for invalid ones. */
int memremap_pages(struct dev_pagemap *pgmap)
{
	int prot = 0;

	switch (pgmap->type) {
	case MEMORY_DEVICE_PRIVATE:
		if (!pgmap->ops)
			return -22;
		break;
	case MEMORY_DEVICE_COHERENT:
		break;
	case MEMORY_DEVICE_FS_DAX:
		prot = 1;
		break;
	case MEMORY_DEVICE_GENERIC:
		break;
	case MEMORY_DEVICE_PCI_P2PDMA:
		prot = 2;
		break;
	default:
		use(pgmap->type);
		break;
	}
	return prot;
}

/* The upstream fix of free_zone_device_folio(): every type, no default, and
 * an empty case that GCC merges with the switch's end. */
void free_zone_device_folio(struct folio_pgmap *folio)
{
	switch (folio->page.pgmap->type) {
	case MEMORY_DEVICE_PRIVATE:
	case MEMORY_DEVICE_COHERENT:
		put_dev_pagemap(folio->page.pgmap);
		break;

	case MEMORY_DEVICE_FS_DAX:
	case MEMORY_DEVICE_GENERIC:
		use(1);
		break;

	case MEMORY_DEVICE_PCI_P2PDMA:
		break;
	}
}

/* The upstream fix of __init_zone_device_page(), on a local copy. */
void init_zone_device_page_fixed(struct dev_pagemap *pgmap)
{
	enum memory_type type = pgmap->type;

	switch (type) {
	case MEMORY_DEVICE_PRIVATE:
	case MEMORY_DEVICE_COHERENT:
	case MEMORY_DEVICE_PCI_P2PDMA:
		use(0);
		break;

	case MEMORY_DEVICE_FS_DAX:
	case MEMORY_DEVICE_GENERIC:
		break;
	}
}

/* Every type written next to the default. */
int all_beside_default(struct dev_pagemap *pgmap)
{
	switch (pgmap->type) {
	case MEMORY_DEVICE_PRIVATE:
		return 1;
	case MEMORY_DEVICE_COHERENT:
	case MEMORY_DEVICE_FS_DAX:
	case MEMORY_DEVICE_GENERIC:
	case MEMORY_DEVICE_PCI_P2PDMA:
	default:
		return 0;
	}
}

/* Single-type predicates (mm/memremap.c, include/linux/memremap.h). */
static void devmap_managed_enable_put(struct dev_pagemap *pgmap)
{
	if (pgmap->type == MEMORY_DEVICE_FS_DAX)
		use(-1);
}

bool single_predicates(struct page *page, struct dev_pagemap *pgmap)
{
	const bool is_private = pgmap->type == MEMORY_DEVICE_PRIVATE;

	devmap_managed_enable_put(pgmap);
	if (page->pgmap->type != MEMORY_DEVICE_FS_DAX)
		return false;
	if (is_device_private_page(page))
		return true;
	if (likely(page_pgmap(page)->type == MEMORY_DEVICE_PCI_P2PDMA))
		return true;
	return is_private;
}

/* Two separate statements, each testing one type, are not a ladder. */
void two_statements(struct dev_pagemap *pgmap)
{
	if (pgmap->type == MEMORY_DEVICE_PRIVATE)
		use(1);
	if (pgmap->type == MEMORY_DEVICE_COHERENT)
		use(2);
}

/* A test of one type per value: two pgmaps are two values. */
bool two_pgmaps(struct dev_pagemap *a, struct dev_pagemap *b)
{
	return a->type == MEMORY_DEVICE_PRIVATE || b->type == MEMORY_DEVICE_COHERENT;
}

/* One type and something else. */
bool type_and_flag(struct dev_pagemap *pgmap, bool flag)
{
	return pgmap->type == MEMORY_DEVICE_PRIVATE && flag;
}

/* Predicate calls: a dispatch on page kinds, not on the enum (see rules/pgmap-type.md). */
bool predicate_calls(struct page *page)
{
	return is_device_private_page(page) || is_zone_device_page(page);
}

/* Assignments. */
void set_types(struct dev_pagemap *a, struct dev_pagemap *b, bool p2p)
{
	a->type = MEMORY_DEVICE_GENERIC;
	b->type = p2p ? MEMORY_DEVICE_PCI_P2PDMA : MEMORY_DEVICE_FS_DAX;
}

/* Other enums. */
enum hmm_dmirror_memory {
	HMM_DMIRROR_MEMORY_DEVICE_PRIVATE = 1,
	HMM_DMIRROR_MEMORY_DEVICE_COHERENT,
	HMM_DMIRROR_MEMORY_SYSTEM,
};

int other_enum(enum hmm_dmirror_memory m, int n)
{
	if (m == HMM_DMIRROR_MEMORY_DEVICE_PRIVATE || m == HMM_DMIRROR_MEMORY_DEVICE_COHERENT)
		n++;
	switch (m) {
	case HMM_DMIRROR_MEMORY_DEVICE_PRIVATE:
		return n;
	default:
		return 0;
	}
}

/* Arithmetic on the type that is no test. */
int type_index(struct dev_pagemap *pgmap)
{
	return pgmap->type - 1;
}

/* A long computation that reuses its values: the walks give up (it is no
 * test of the type) instead of taking 2^32 steps. */
#define MIX(x)	x = x ^ (x >> 1); x = x ^ (x >> 2); x = x ^ (x >> 3); x = x ^ (x >> 4);
bool mixing(struct dev_pagemap *pgmap)
{
	unsigned int x = pgmap->type;

	MIX(x) MIX(x) MIX(x) MIX(x) MIX(x) MIX(x) MIX(x) MIX(x) MIX(x) MIX(x)
	return x == 3;
}
