// SPDX-License-Identifier: GPL-2.0
/*
 * rule-pgmap-ref.c - pgmap-ref in the GCC plugin: every get_dev_pagemap()
 * reference is put exactly once (rules/pgmap-ref.md).
 *
 * The rule itself - its state machine, what the table's calls do, its
 * messages - is engine-neutral (ir-pgmap-ref.c, run by the path engine
 * ir-paths.c).  This file registers it with the plugin: its table kinds,
 * the cheap exit that keeps functions without a get or a put from being
 * lowered, and the lowering of the others (core-paths.c).
 */
#include "core.h"

static const struct api_kind_decl pgmap_ref_kinds[] = {
	{ "pgmap-get", 0, 1, "FUNCTION [CACHEARG]" },
	{ "pgmap-put", 1, 1, "FUNCTION ARG" },
	{ "pgmap-borrow", 1, 2, "FUNCTION ARG [null-ok]" },
	{ NULL, 0, 0, NULL }
};

/*
 * The identifiers of the gets and puts, built once: identifiers are
 * unique, so recognising a call is a pointer comparison.  This is what
 * lets a function without any of them cost one walk over its calls.
 */
static vec<tree> get_put_ids;

static void load_get_put_ids(void)
{
	static bool loaded;
	if (loaded)
		return;
	loaded = true;
	static const char *const kinds[] = { "pgmap-get", "pgmap-put" };
	for (const char *kind : kinds)
		for (const api_entry *e = api_next(kind, NULL); e; e = api_next(kind, e))
			get_put_ids.safe_push(get_identifier(e->name));
}

/*
 * A get or a put, or a call of a static helper that hands a reference
 * over (the engine's summaries): the cheap exit almost every function
 * takes (the core's pre-scan), a pointer comparison per call.
 */
static bool get_or_put(const gimple *stmt)
{
	load_get_put_ids();
	tree fndecl = is_gimple_call(stmt) ? gimple_call_fndecl(stmt) : NULL_TREE;
	if (!fndecl || !DECL_NAME(fndecl))
		return false;
	for (tree id : get_put_ids)
		if (id == DECL_NAME(fndecl))
			return true;
	return path_summarised_call(&pgmap_ref_sm, stmt);
}

static void analyse(function *fn)
{
	path_analyse(&pgmap_ref_sm, fn);
}

static struct devmap_rule pgmap_ref = {
	.name = PGMAP_REF_RULE,
	.summary = "get_dev_pagemap() reference leaked, put twice, used after put or unchecked",
	.kinds = pgmap_ref_kinds,
	.analyse_function = analyse,
	.relevant = get_or_put,
};
DEVMAP_LINT_RULE(pgmap_ref)
