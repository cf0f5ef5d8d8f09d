// SPDX-License-Identifier: GPL-2.0
/*
 * rule-pgmap-ref.c - every get_dev_pagemap() reference is put exactly once.
 *
 * get_dev_pagemap() takes a live reference on a struct dev_pagemap (a
 * percpu_ref) that put_dev_pagemap() must drop; it returns NULL when no
 * pgmap covers the pfn.  Up to Linux 6.17 it takes a second argument, a
 * pgmap the caller already holds a reference on, which it either returns
 * as-is or releases.  This rule follows each reference along every path of
 * the function's CFG and flags:
 *
 *   - a leak: a path from a get to a return on which the reference is
 *     neither put nor handed on (returned, stored through a pointer, into
 *     a structure or a global, passed to a function not known to only
 *     borrow it), or on which the only copy of it is overwritten (a get
 *     with a NULL cache argument inside a loop);
 *   - a dereference of the result before any NULL test;
 *   - a cache argument that is neither NULL nor a reference this function
 *     holds (a get result, a parameter, a load from the caller's memory
 *     such as *pgmap or ctx->pgmap): page->pgmap carries no reference for
 *     us, and get_dev_pagemap() may drop it;
 *   - a use of the pgmap after the put on that path (a NULL test is fine:
 *     "put_dev_pagemap(pgmap); if (pgmap) ..." is a legitimate probe);
 *   - a second put on one path.
 *
 * The walk is the core's path engine (core-paths.c): this file declares
 * the state machine, an object per get call and per pgmap parameter, and
 * says what the calls of the table do to it; the engine follows it along
 * every path, finds leaks, unchecked and after-put uses and double puts,
 * and this file words them.  A pgmap pointer loaded from memory is the
 * caller's (*pgmap, ctx->pgmap: PV_TAG1) unless it is a page's pgmap field
 * (PV_TAG2, with the read as its site).
 *
 * Tables (rules/devmap-api.tbl):
 *   pgmap-get    FUNCTION [CACHEARG]    returns a new reference (or NULL);
 *                                       CACHEARG: the cached pgmap's
 *                                       argument, when the call has it
 *   pgmap-put    FUNCTION ARG           drops ARG's reference (NULL is fine)
 *   pgmap-borrow FUNCTION ARG [null-ok] reads ARG without taking it over;
 *                                       null-ok: ARG may be NULL
 * and, from the core, pgmap-field and pgmap-accessor (a page's pgmap).
 */
#include "core.h"

#define RULE "pgmap-ref"

static const struct api_kind_decl pgmap_ref_kinds[] = {
	{ "pgmap-get", 0, 1, "FUNCTION [CACHEARG]" },
	{ "pgmap-put", 1, 1, "FUNCTION ARG" },
	{ "pgmap-borrow", 1, 2, "FUNCTION ARG [null-ok]" },
	{ NULL, 0, 0, NULL }
};

/* Bounds: past them the function is skipped (too hairy, as smatch says). */
#define MAX_REFS	28	/* references tracked in one function */
#define MAX_STATES	96	/* states at the entry of one block */
#define MAX_WORK	40000	/* state x block transfers per function */

/* ------------------------------------------------------------------ */
/* The API table                                                        */

enum call_role { ROLE_GET, ROLE_PUT, ROLE_BORROW, ROLE_ACCESSOR };

struct api_fn {
	tree id;		/* the function's IDENTIFIER_NODE */
	enum call_role role;
	int arg;		/* cache arg (get), argument (put, borrow, accessor); -1 none */
	bool null_ok;		/* borrow: the argument may be NULL */
};

/*
 * The table's functions by identifier, built once: identifiers are unique,
 * so recognising a call is a pointer comparison.  This is what lets a
 * function without any of them cost one walk over its calls.
 */
static vec<api_fn> api_fns;

static void add_api_fns(const char *kind, enum call_role role)
{
	for (const api_entry *e = api_next(kind, NULL); e; e = api_next(kind, e)) {
		api_fn f;
		f.id = get_identifier(e->name);
		f.role = role;
		f.arg = api_arg(e, 0);
		f.null_ok = role == ROLE_BORROW && e->ncols > 1 && !strcmp(e->col[1], "null-ok");
		api_fns.safe_push(f);
	}
}

static void load_api_fns(void)
{
	static bool loaded;
	if (loaded)
		return;
	loaded = true;
	add_api_fns("pgmap-get", ROLE_GET);
	add_api_fns("pgmap-put", ROLE_PUT);
	add_api_fns("pgmap-borrow", ROLE_BORROW);
	add_api_fns("pgmap-accessor", ROLE_ACCESSOR);
}

static const api_fn *api_fn_of(const gimple *stmt)
{
	tree fndecl = is_gimple_call(stmt) ? gimple_call_fndecl(stmt) : NULL_TREE;
	if (!fndecl || !DECL_NAME(fndecl))
		return NULL;
	for (const api_fn &f : api_fns)
		if (f.id == DECL_NAME(fndecl))
			return &f;
	return NULL;
}

/* Is TYPE "struct dev_pagemap *"?  Only such variables get NULL/owner facts. */
static bool pgmap_pointer_type_p(tree type)
{
	if (!type || !POINTER_TYPE_P(type))
		return false;
	tree rec = TYPE_MAIN_VARIANT(TREE_TYPE(type));
	if (TREE_CODE(rec) != RECORD_TYPE)
		return false;
	tree tag = TYPE_NAME(rec);
	if (tag && TREE_CODE(tag) == TYPE_DECL)
		tag = DECL_NAME(tag);
	return tag && TREE_CODE(tag) == IDENTIFIER_NODE &&
	       !strcmp(IDENTIFIER_POINTER(tag), "dev_pagemap");
}

/* ------------------------------------------------------------------ */
/* Transitions                                                          */

/* The rule's own diagnostics (after the engine's, see enum path_diag_kind). */
enum {
	D_CACHE_UNOWNED = PD_RULE,	/* cache argument read from a page */
	D_CACHE_PUT			/* cache argument already put */
};

/* A pgmap pointer read from memory: a page's, or the caller's. */
static int load(path_ctx *c, tree op, gimple *stmt)
{
	if (vf_field_ref_base(op, "pgmap-field"))
		return PATH_VAL(PV_TAG2, path_site(c, stmt));
	return PATH_VAL(PV_TAG1, 0);
}

/* The cache argument V of get call STMT: must be NULL or held; it is consumed. */
static int take_cache_arg(path_ctx *c, pstate &s, gimple *stmt, int v)
{
	switch (PATH_VAL_KIND(v)) {
	case PV_TAG2:
		path_report(c, D_CACHE_UNOWNED, stmt, stmt_location(stmt), -1,
			    path_site_stmt(c, PATH_VAL_ARG(v)));
		return -1;
	case PV_OBJ: {
		int r = PATH_VAL_ARG(v);
		enum path_status st = path_status_of(s, r);
		if (st == PS_RELEASED) {
			path_report(c, D_CACHE_PUT, stmt, stmt_location(stmt), r,
				    path_site_stmt(c, path_release_site(s, r)));
			path_set(s, r, PS_GONE);
		} else if (path_held_p(st)) {
			/* Returned as-is or released by the get: either way not ours now. */
			path_set(s, r, PS_GONE);
			return r;
		}
		return -1;
	}
	default:
		return -1;
	}
}

/* What a call of the table does; anything else is the engine's default. */
static enum path_call transfer_call(path_ctx *c, pstate &s, gcall *stmt, int *lhs_val)
{
	const api_fn *f = api_fn_of(stmt);
	if (!f)
		return PC_DEFAULT;
	switch (f->role) {
	case ROLE_GET: {
		tree cache = path_call_arg(stmt, f->arg);
		int consumed = cache ? take_cache_arg(c, s, stmt, path_eval(c, s, cache, stmt)) : -1;
		path_acquire(c, s, stmt, consumed);
		return PC_DONE;
	}
	case ROLE_PUT:
		path_release(c, s, stmt, path_eval(c, s, path_call_arg(stmt, f->arg), stmt));
		return PC_SET_LHS;
	case ROLE_BORROW: {
		int r = path_object_of_value(path_eval(c, s, path_call_arg(stmt, f->arg), stmt));
		if (r >= 0)
			path_use(c, s, r, stmt, true, f->null_ok);
		return PC_SET_LHS;
	}
	case ROLE_ACCESSOR:
		*lhs_val = PATH_VAL(PV_TAG2, path_site(c, stmt));	/* page_pgmap(page) */
		return PC_SET_LHS;
	}
	return PC_DEFAULT;
}

static bool is_get(const gimple *stmt)
{
	const api_fn *f = api_fn_of(stmt);
	return f && f->role == ROLE_GET;
}

/* ------------------------------------------------------------------ */
/* Reporting                                                            */

static const char *ref_name(path_ctx *c, int r)
{
	const path_object &p = path_object_of(c, r);
	const char *name = value_name(p.parm ? p.parm : p.var ? p.var : gimple_call_lhs(p.acq));
	return strcmp(name, "the value") ? name : "the pgmap";
}

static int line_of(const gimple *stmt)
{
	return expand_location(stmt_location(stmt)).line;
}

/*
 * An object a static helper handed over (a summary's channel): where the
 * helper stored it through its parameter, or returned it.
 */
static void explain_handoff(const path_object *p)
{
	tree helper = gimple_call_fndecl(p->acq);
	tree parm = DECL_ARGUMENTS(helper);
	for (int i = 0; parm && i < p->chan; i++)
		parm = DECL_CHAIN(parm);
	const char *name = IDENTIFIER_POINTER(DECL_NAME(helper));
	if (p->chan >= 0 && parm && DECL_NAME(parm))
		inform(p->handoff, "%<%s()%> stores the reference it took through %<*%E%> "
		       "here, for its caller to put", name, DECL_NAME(parm));
	else
		inform(p->handoff, "%<%s()%> returns the reference it took here, for its "
		       "caller to put", name);
}

/* The notes that explain D: where the reference was taken, put, read. */
static void explain(path_ctx *c, const path_diag &d)
{
	const path_object *p = d.obj >= 0 ? &path_object_of(c, d.obj) : NULL;
	switch (d.kind) {
	case PD_USE_AFTER_RELEASE:
	case PD_DOUBLE_RELEASE:
	case D_CACHE_PUT:
		if (d.other)
			inform(stmt_location(d.other), "the reference is dropped here");
		break;
	case D_CACHE_UNOWNED:
		if (d.other)
			inform(stmt_location(d.other), "the pgmap is read from a page here; "
			       "a page's pgmap pointer carries no reference for the caller");
		return;
	default:
		break;
	}
	if (p && p->acq && d.at != p->acq)
		inform(stmt_location(p->acq), "the reference is taken here");
	if (p && p->acq && p->handoff != UNKNOWN_LOCATION)
		explain_handoff(p);
}

static bool report(path_ctx *c, const path_diag &d)
{
	const path_object *p = d.obj >= 0 ? &path_object_of(c, d.obj) : NULL;
	const char *name = p ? ref_name(c, d.obj) : NULL;
	const char *get = p && p->acq ? call_name(p->acq) : NULL;
	int line = p && p->acq ? line_of(p->acq) : 0;
	const char *put = d.other ? call_name(d.other) : NULL;

	switch (d.kind) {
	case PD_LEAK:
		return devmap_warning(RULE, d.loc, "%qs from %<%s()%> at line %d is neither put nor "
				  "handed on when the function returns by this path: the "
				  "reference leaks and pins the device", name, get, line);
	case PD_OVERWRITE:
		return devmap_warning(RULE, d.loc, "the only copy of the reference from %<%s()%> at "
				  "line %d is overwritten here before it is put: the reference "
				  "leaks", get, line);
	case PD_LOOP_OVERWRITE:
		return devmap_warning(RULE, d.loc, "%<%s()%> overwrites %qs, the only copy of the "
				  "reference it took on an earlier iteration, before that "
				  "reference is put: it leaks", get, name);
	case PD_IGNORED:
		return devmap_warning(RULE, d.loc, "the result of %<%s()%> is ignored: the reference "
				  "it takes leaks", get);
	case PD_UNCHECKED:
		if (p->handoff != UNKNOWN_LOCATION)
			return devmap_warning(RULE, d.loc, "%qs from %<%s()%> at line %d is "
					  "dereferenced before it is checked for NULL: %<%s()%> "
					  "may hand back NULL", name, get, line, get);
		return devmap_warning(RULE, d.loc, "%qs from %<%s()%> at line %d is dereferenced "
				  "before it is checked for NULL: %<%s()%> returns NULL when "
				  "no pgmap covers the pfn",
				  name, get, line, get);
	case PD_UNCHECKED_PASS:
		if (p->handoff != UNKNOWN_LOCATION)
			return devmap_warning(RULE, d.loc, "%qs from %<%s()%> at line %d is passed "
					  "to %<%s()%> before it is checked for NULL: %<%s()%> "
					  "may hand back NULL", name, get, line, call_name(d.at), get);
		return devmap_warning(RULE, d.loc, "%qs from %<%s()%> at line %d is passed to "
				  "%<%s()%> before it is checked for NULL: %<%s()%> returns "
				  "NULL when no pgmap covers the pfn",
				  name, get, line, call_name(d.at), get);
	case PD_NULL_USE:
		return devmap_warning(RULE, d.loc, "%qs from %<%s()%> at line %d is used here on a "
				  "path where it is NULL", name, get, line);
	case D_CACHE_UNOWNED:
		return devmap_warning(RULE, d.loc, "the cached pgmap passed to %<%s()%> is read from "
				  "a page, not a reference this function holds: %<%s()%> drops "
				  "the reference on a cached pgmap that does not cover the pfn, "
				  "so this drops somebody else's reference",
				  call_name(d.at), call_name(d.at));
	case D_CACHE_PUT:
		return devmap_warning(RULE, d.loc, "the cached pgmap passed to %<%s()%> was already "
				  "put by %<%s()%>: it returns the pgmap as-is or drops its "
				  "reference a second time",
				  call_name(d.at), put);
	case PD_USE_AFTER_RELEASE:
		if (!get)
			return devmap_warning(RULE, d.loc, "%qs is used after %<%s()%> dropped the "
					  "reference the caller passed in",
					  name, put);
		return devmap_warning(RULE, d.loc, "%qs is used after %<%s()%> dropped the reference "
				  "from %<%s()%> at line %d",
				  name, put, get, line);
	case PD_DOUBLE_RELEASE:
		if (!get)
			return devmap_warning(RULE, d.loc, "%qs is put a second time on this path: "
					  "%<%s()%> already dropped the reference the caller passed "
					  "in", name, put);
		return devmap_warning(RULE, d.loc, "%qs is put a second time on this path: %<%s()%> "
				  "already dropped the reference from %<%s()%> at line %d",
				  name, put, get, line);
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* Entry point                                                          */

static const struct path_sm pgmap_ref_sm = {
	.stats_env = "DEVMAP_LINT_PGMAP_REF_STATS",
	.stats_tag = "pgmap-ref-stats",
	.max_objects = MAX_REFS,
	.max_states = MAX_STATES,
	.max_work = MAX_WORK,
	.tracked_type = pgmap_pointer_type_p,
	.acquires = is_get,
	.call = transfer_call,
	.load = load,
	.report = report,
	.explain = explain,
	.object_name = ref_name,
};

/*
 * A get or a put, or a call of a static helper that hands a reference
 * over (the engine's summaries): the cheap exit almost every function
 * takes (the core's pre-scan), a pointer comparison per call.
 */
static bool get_or_put(const gimple *stmt)
{
	load_api_fns();
	const api_fn *f = api_fn_of(stmt);
	return (f && (f->role == ROLE_GET || f->role == ROLE_PUT)) ||
	       path_summarised_call(&pgmap_ref_sm, stmt);
}

static void analyse(function *fn)
{
	load_api_fns();
	path_analyse(&pgmap_ref_sm, fn);
}

static struct devmap_rule pgmap_ref = {
	.name = RULE,
	.summary = "get_dev_pagemap() reference leaked, put twice, used after put or unchecked",
	.kinds = pgmap_ref_kinds,
	.analyse_function = analyse,
	.relevant = get_or_put,
};
DEVMAP_LINT_RULE(pgmap_ref)
