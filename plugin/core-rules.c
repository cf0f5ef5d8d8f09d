/*
 * core-rules.c - the rule registry.  Rules register themselves from their
 * own file (DEVMAP_LINT_RULE), so adding a rule edits no list here.
 */
#include "core.h"

static struct devmap_rule *rule_list;

void devmap_register_rule(struct devmap_rule *rule)
{
	struct devmap_rule **p = &rule_list;

	/* Keep them sorted by name so help and output order are stable. */
	while (*p && strcmp((*p)->name, rule->name) < 0)
		p = &(*p)->next;
	rule->next = *p;
	rule->enabled = true;
	*p = rule;
}

struct devmap_rule *devmap_rules(void)
{
	return rule_list;
}

struct devmap_rule *devmap_find_rule(const char *name)
{
	for (struct devmap_rule *r = rule_list; r; r = r->next)
		if (!strcmp(r->name, name))
			return r;
	return NULL;
}
