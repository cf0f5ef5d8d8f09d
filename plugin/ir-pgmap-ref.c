// SPDX-License-Identifier: GPL-2.0
/*
 * ir-pgmap-ref.c - pgmap-ref, for every engine: every get_dev_pagemap()
 * reference is put exactly once (rules/pgmap-ref.md).
 *
 * get_dev_pagemap() takes a live reference on a struct dev_pagemap (a
 * percpu_ref) that put_dev_pagemap() must drop; it returns NULL when no
 * pgmap covers the pfn.  Up to Linux 6.17 it takes a second argument, a
 * pgmap the caller already holds a reference on, which it either returns
 * as-is or releases.  This rule follows each reference along every path of
 * the function and flags:
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
 * The walk is the path engine (ir-paths.c): this file declares the state
 * machine, an object per get call and per pgmap parameter, says what the
 * calls of the table do to it, and words the findings.  A pgmap pointer
 * loaded from memory is the caller's (*pgmap, ctx->pgmap: PV_TAG1) unless
 * it is a page's pgmap field (PV_TAG2, with the read as its site).  Each
 * front end lowers its functions and runs pgmap_ref_sm on them: the GCC
 * plugin in rule-pgmap-ref.c.
 *
 * Tables (rules/devmap-api.tbl):
 *   pgmap-get    FUNCTION [CACHEARG]    returns a new reference (or NULL);
 *                                       CACHEARG: the cached pgmap's
 *                                       argument, when the call has it
 *   pgmap-put    FUNCTION ARG           drops ARG's reference (NULL is fine)
 *   pgmap-borrow FUNCTION ARG [null-ok] reads ARG without taking it over;
 *                                       null-ok: ARG may be NULL
 *   pgmap-accessor FUNCTION ARG         a page's pgmap (page_pgmap(page))
 * and, for the front ends, pgmap-field (a page's pgmap field).
 */
#include <stdlib.h>
#include <string.h>
#include "ir-paths.h"

/* Bounds: past them the function is skipped (too hairy, as smatch says). */
#define MAX_REFS	28	/* references tracked in one function */
#define MAX_STATES	96	/* states at the entry of one block */
#define MAX_WORK	40000	/* state x block transfers per function */

#define Q(x) IR_OPEN_QUOTE x IR_CLOSE_QUOTE

/* ------------------------------------------------------------------ */
/* The API table                                                        */

enum call_role { ROLE_NONE, ROLE_GET, ROLE_PUT, ROLE_BORROW, ROLE_ACCESSOR };

struct api_fn {
	enum call_role role;
	int arg;		/* cache arg (get), argument (put, borrow, accessor); -1 none */
	bool null_ok;		/* borrow: the argument may be NULL */
};

static int arg_of(const struct ir_api *e)
{
	return e->ncols > 0 ? atoi(e->col[0]) : -1;
}

/* What call STMT is to this rule. */
static struct api_fn api_fn_of(const struct path_stmt *st)
{
	static const struct { const char *kind; enum call_role role; } kinds[] = {
		{ "pgmap-get", ROLE_GET }, { "pgmap-put", ROLE_PUT },
		{ "pgmap-borrow", ROLE_BORROW }, { "pgmap-accessor", ROLE_ACCESSOR },
	};
	struct api_fn f = { ROLE_NONE, -1, false };
	struct ir_api e;
	for (unsigned i = 0; st->kind == PST_CALL && st->callee && i < 4; i++)
		if (ir_api_find(kinds[i].kind, st->callee, &e)) {
			f.role = kinds[i].role;
			f.arg = arg_of(&e);
			f.null_ok = f.role == ROLE_BORROW && e.ncols > 1 && !strcmp(e.col[1], "null-ok");
			break;
		}
	return f;
}

/* ------------------------------------------------------------------ */
/* Transitions                                                          */

/* The rule's own diagnostics (after the engine's, see enum path_diag_kind). */
enum {
	D_CACHE_UNOWNED = PD_RULE,	/* cache argument read from a page */
	D_CACHE_PUT			/* cache argument already put */
};

/* A pgmap pointer read from memory: a page's, or the caller's. */
static int load(struct path_ctx *c, const struct path_op *op, int stmt)
{
	if (op->foreign)
		return PATH_VAL(PV_TAG2, path_site(c, stmt));
	return PATH_VAL(PV_TAG1, 0);
}

/* The cache argument V of get call STMT: must be NULL or held; it is consumed. */
static int take_cache_arg(struct path_ctx *c, struct pstate *s, int stmt, int v)
{
	struct ir_loc loc = path_stmt_of(c, stmt)->loc;
	switch (PATH_VAL_KIND(v)) {
	case PV_TAG2:
		path_report(c, D_CACHE_UNOWNED, stmt, loc, -1, path_site_stmt(c, PATH_VAL_ARG(v)));
		return -1;
	case PV_OBJ: {
		int r = PATH_VAL_ARG(v);
		enum path_status st = path_status_of(s, r);
		if (st == PS_RELEASED) {
			path_report(c, D_CACHE_PUT, stmt, loc, r,
				    path_site_stmt(c, path_release_site(s, r)));
			path_set(s, r, PS_GONE, 0);
		} else if (path_held_p(st)) {
			/* Returned as-is or released by the get: either way not ours now. */
			path_set(s, r, PS_GONE, 0);
			return r;
		}
		return -1;
	}
	default:
		return -1;
	}
}

/* What a call of the table does; anything else is the engine's default. */
static enum path_call transfer_call(struct path_ctx *c, struct pstate *s, int stmt, int *lhs_val)
{
	struct api_fn f = api_fn_of(path_stmt_of(c, stmt));
	switch (f.role) {
	case ROLE_GET: {
		const struct path_op *cache = path_call_arg(c, stmt, f.arg);
		int consumed = cache->kind != POP_NONE ?
			take_cache_arg(c, s, stmt, path_eval(c, s, cache, stmt)) : -1;
		path_acquire(c, s, stmt, consumed);
		return PC_DONE;
	}
	case ROLE_PUT:
		path_release(c, s, stmt, path_eval(c, s, path_call_arg(c, stmt, f.arg), stmt));
		return PC_SET_LHS;
	case ROLE_BORROW: {
		int r = path_object_of_value(path_eval(c, s, path_call_arg(c, stmt, f.arg), stmt));
		if (r >= 0)
			path_use(c, s, r, stmt, true, f.null_ok);
		return PC_SET_LHS;
	}
	case ROLE_ACCESSOR:
		*lhs_val = PATH_VAL(PV_TAG2, path_site(c, stmt));	/* page_pgmap(page) */
		return PC_SET_LHS;
	default:
		return PC_DEFAULT;
	}
}

static bool is_get(const struct path_stmt *st)
{
	return api_fn_of(st).role == ROLE_GET;
}

/* ------------------------------------------------------------------ */
/* Reporting                                                            */

static const char *ref_name(struct path_ctx *c, int r)
{
	const struct path_object *p = path_object_of(c, r);
	const char *name = p->parm >= 0 ? path_fn_of(c)->parms[p->parm].name :
			   p->has_var ? p->var : path_stmt_of(c, p->acq)->lhs_name;
	return name ? name : "the pgmap";
}

/*
 * An object a static helper handed over (a summary's channel): where the
 * helper stored it through its parameter, or returned it.
 */
static void explain_handoff(struct path_ctx *c, const struct path_object *p, struct ir_finding *f)
{
	const char *name = path_stmt_of(c, p->acq)->callee;
	if (p->chan >= 0 && p->chan_name)
		ir_add_note(f, p->handoff, ir_format(Q("%s()") " stores the reference it took "
						     "through " Q("*%s") " here, for its caller to put",
						     name, p->chan_name));
	else
		ir_add_note(f, p->handoff, ir_format(Q("%s()") " returns the reference it took "
						     "here, for its caller to put", name));
}

/* The notes that explain D: where the reference was taken, put, read. */
static void explain(struct path_ctx *c, const struct path_diag *d, struct ir_finding *f)
{
	const struct path_object *p = d->obj >= 0 ? path_object_of(c, d->obj) : NULL;
	const struct path_stmt *other = path_stmt_of(c, d->other);
	switch (d->kind) {
	case PD_USE_AFTER_RELEASE:
	case PD_DOUBLE_RELEASE:
	case D_CACHE_PUT:
		if (other)
			ir_add_note(f, other->loc, ir_format("the reference is dropped here"));
		break;
	case D_CACHE_UNOWNED:
		if (other)
			ir_add_note(f, other->loc, ir_format("the pgmap is read from a page here; a "
							     "page's pgmap pointer carries no "
							     "reference for the caller"));
		return;
	default:
		break;
	}
	if (p && p->acq >= 0 && d->at != p->acq)
		ir_add_note(f, path_stmt_of(c, p->acq)->loc, ir_format("the reference is taken here"));
	if (p && p->acq >= 0 && (p->handoff.line || p->handoff.handle))
		explain_handoff(c, p, f);
}

/* The warning's text for D, or NULL. */
static char *message(struct path_ctx *c, const struct path_diag *d)
{
	const struct path_object *p = d->obj >= 0 ? path_object_of(c, d->obj) : NULL;
	const char *name = p ? ref_name(c, d->obj) : NULL;
	const struct path_stmt *acq = p ? path_stmt_of(c, p->acq) : NULL;
	const char *get = acq ? acq->callee : NULL;
	int line = acq ? acq->loc.line : 0;
	const struct path_stmt *other = path_stmt_of(c, d->other);
	const char *put = other ? other->callee : NULL;
	const char *at = d->at >= 0 ? path_stmt_of(c, d->at)->callee : NULL;
	bool handed = p && (p->handoff.line || p->handoff.handle);

	switch (d->kind) {
	case PD_LEAK:
		return ir_format(Q("%s") " from " Q("%s()") " at line %d is neither put nor handed "
				 "on when the function returns by this path: the reference leaks "
				 "and pins the device", name, get, line);
	case PD_OVERWRITE:
		return ir_format("the only copy of the reference from " Q("%s()") " at line %d is "
				 "overwritten here before it is put: the reference leaks", get, line);
	case PD_LOOP_OVERWRITE:
		return ir_format(Q("%s()") " overwrites " Q("%s") ", the only copy of the reference "
				 "it took on an earlier iteration, before that reference is put: "
				 "it leaks", get, name);
	case PD_IGNORED:
		return ir_format("the result of " Q("%s()") " is ignored: the reference it takes "
				 "leaks", get);
	case PD_UNCHECKED:
		if (handed)
			return ir_format(Q("%s") " from " Q("%s()") " at line %d is dereferenced "
					 "before it is checked for NULL: " Q("%s()") " may hand back "
					 "NULL", name, get, line, get);
		return ir_format(Q("%s") " from " Q("%s()") " at line %d is dereferenced before it "
				 "is checked for NULL: " Q("%s()") " returns NULL when no pgmap "
				 "covers the pfn", name, get, line, get);
	case PD_UNCHECKED_PASS:
		if (handed)
			return ir_format(Q("%s") " from " Q("%s()") " at line %d is passed to "
					 Q("%s()") " before it is checked for NULL: " Q("%s()")
					 " may hand back NULL", name, get, line, at, get);
		return ir_format(Q("%s") " from " Q("%s()") " at line %d is passed to " Q("%s()")
				 " before it is checked for NULL: " Q("%s()") " returns NULL when "
				 "no pgmap covers the pfn", name, get, line, at, get);
	case PD_NULL_USE:
		return ir_format(Q("%s") " from " Q("%s()") " at line %d is used here on a path "
				 "where it is NULL", name, get, line);
	case D_CACHE_UNOWNED:
		return ir_format("the cached pgmap passed to " Q("%s()") " is read from a page, not "
				 "a reference this function holds: " Q("%s()") " drops the "
				 "reference on a cached pgmap that does not cover the pfn, so this "
				 "drops somebody else's reference", at, at);
	case D_CACHE_PUT:
		return ir_format("the cached pgmap passed to " Q("%s()") " was already put by "
				 Q("%s()") ": it returns the pgmap as-is or drops its reference a "
				 "second time", at, put);
	case PD_USE_AFTER_RELEASE:
		if (!get)
			return ir_format(Q("%s") " is used after " Q("%s()") " dropped the reference "
					 "the caller passed in", name, put);
		return ir_format(Q("%s") " is used after " Q("%s()") " dropped the reference from "
				 Q("%s()") " at line %d", name, put, get, line);
	case PD_DOUBLE_RELEASE:
		if (!get)
			return ir_format(Q("%s") " is put a second time on this path: " Q("%s()")
					 " already dropped the reference the caller passed in",
					 name, put);
		return ir_format(Q("%s") " is put a second time on this path: " Q("%s()") " already "
				 "dropped the reference from " Q("%s()") " at line %d",
				 name, put, get, line);
	}
	return NULL;
}

static bool report(struct path_ctx *c, const struct path_diag *d, struct ir_finding *out)
{
	out->message = message(c, d);
	if (!out->message)
		return false;
	explain(c, d, out);
	return true;
}

/* ------------------------------------------------------------------ */
/* The declaration                                                      */

const struct path_sm pgmap_ref_sm = {
	.rule = PGMAP_REF_RULE,
	.stats_env = "DEVMAP_LINT_PGMAP_REF_STATS",
	.stats_tag = "pgmap-ref-stats",
	.max_objects = MAX_REFS,
	.max_states = MAX_STATES,
	.max_work = MAX_WORK,
	.tracked_struct = "dev_pagemap",
	.foreign_field = "pgmap-field",
	.acquires = is_get,
	.call = transfer_call,
	.load = load,
	.report = report,
	.object_name = ref_name,
};
