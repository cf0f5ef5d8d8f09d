// SPDX-License-Identifier: GPL-2.0-only
/* Suppression comments, for the module-check suite: it adds this file to a
 * copy of devmem_compat (devmem_compat-y += devmem_supp.o). */
#include <linux/mm.h>
#include <linux/memremap.h>

unsigned int supp_above(const struct dev_pagemap *pgmap);
unsigned int supp_other_rule(const struct dev_pagemap *pgmap);
unsigned int supp_too_far(const struct dev_pagemap *pgmap);
bool supp_same_line(struct page *page);

/* Suppressed: the comment on the line above names the rule. */
unsigned int supp_above(const struct dev_pagemap *pgmap)
{
	/* devmap-lint: ignore pgmap-type -- only private and coherent pages reach here */
	switch (pgmap->type) {
	case MEMORY_DEVICE_PRIVATE:
		return 64;
	default:
		return 0;
	}
}

/* Suppressed: the comment at the end of the line. */
bool supp_same_line(struct page *page)
{
	return is_device_private_page(page) && page_ref_count(page) == 1; /* devmap-lint: ignore refcount-one -- a 6.1-only path */
}

/* Not suppressed: the comment names another rule (and is unused). */
unsigned int supp_other_rule(const struct dev_pagemap *pgmap)
{
	/* devmap-lint: ignore refcount-one -- names the wrong rule */
	switch (pgmap->type) {
	case MEMORY_DEVICE_PRIVATE:
		return 64;
	default:
		return 0;
	}
}

/* Not suppressed: the comment is two lines above (and is unused). */
unsigned int supp_too_far(const struct dev_pagemap *pgmap)
{
	/* devmap-lint: ignore pgmap-type -- too far away */

	switch (pgmap->type) {
	case MEMORY_DEVICE_PRIVATE:
		return 64;
	default:
		return 0;
	}
}
