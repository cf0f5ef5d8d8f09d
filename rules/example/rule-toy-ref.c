// SPDX-License-Identifier: GPL-2.0
/*
 * rule-toy-ref.c - the worked example of rules/README.md: a path-sensitive
 * rule in one file, on the path engine (ir-paths.h).  Not part of the
 * shipped plugin; scripts/tests/plugin-unit.sh builds it into a plugin of
 * its own (build/example/devmap_lint.so) and runs it on toy-ref-test.c.
 *
 * The API: toy_get(id) returns a counted reference on a struct toy, or
 * NULL; toy_put(toy) drops it (NULL is fine); toy_peek(toy) reads it
 * without taking it over.  The rule: every reference taken is put exactly
 * once on every path, is tested for NULL before it is used, and is not
 * used after it is put.
 *
 * The state machine (toy_sm, down to "The declaration") is engine-neutral:
 * it reads only ir-paths.h, so every engine can run it.  The end of the
 * file registers it with the GCC plugin.
 *
 * Tables (toy.tbl, passed with -fplugin-arg-devmap_lint-rules=FILE):
 *   toy-get    FUNCTION          returns a new reference (or NULL)
 *   toy-put    FUNCTION ARG      drops ARG's reference
 *   toy-borrow FUNCTION ARG      reads ARG without taking it over
 */
#include <stdlib.h>
#include "ir-paths.h"

#define RULE "toy-ref"
#define Q(x) IR_OPEN_QUOTE x IR_CLOSE_QUOTE

/* The table line of KIND that call STMT calls, or false. */
static bool calls(const struct path_stmt *st, const char *kind, struct ir_api *e)
{
	return st->kind == PST_CALL && ir_api_find(kind, st->callee, e);
}

/* An object is born at each toy-get call. */
static bool is_get(const struct path_stmt *st)
{
	struct ir_api e;
	return calls(st, "toy-get", &e);
}

/* The transitions: what the table's calls do to the state. */
static enum path_call toy_call(struct path_ctx *c, struct pstate *s, int stmt, int *lhs_val)
{
	const struct path_stmt *st = path_stmt_of(c, stmt);
	struct ir_api e;
	if (is_get(st)) {
		path_acquire(c, s, stmt, -1);	/* start: UNCHECKED, result stored */
		return PC_DONE;
	}
	if (calls(st, "toy-put", &e)) {
		const struct path_op *arg = path_call_arg(c, stmt, atoi(e.col[0]));
		path_release(c, s, stmt, path_eval(c, s, arg, stmt));	/* -> RELEASED */
		return PC_SET_LHS;
	}
	if (calls(st, "toy-borrow", &e)) {
		const struct path_op *arg = path_call_arg(c, stmt, atoi(e.col[0]));
		int o = path_object_of_value(path_eval(c, s, arg, stmt));
		if (o >= 0)
			path_use(c, s, o, stmt, true, false);	/* a use, not an escape */
		return PC_SET_LHS;
	}
	return PC_DEFAULT;	/* anything else: an object passed to it escapes */
}

/* A struct toy * read from memory is somebody else's. */
static int toy_load(struct path_ctx *c, const struct path_op *op, int stmt)
{
	return PATH_VAL(PV_TAG1, 0);
}

static const char *toy_name(struct path_ctx *c, int o)
{
	const struct path_object *p = path_object_of(c, o);
	const char *name = p->parm >= 0 ? path_fn_of(c)->parms[p->parm].name :
			   path_stmt_of(c, p->acq)->lhs_name;
	return name ? name : "the value";
}

/* The messages, and their notes. */
static bool toy_report(struct path_ctx *c, const struct path_diag *d, struct ir_finding *out)
{
	const char *name = d->obj >= 0 ? toy_name(c, d->obj) : "the toy";
	switch (d->kind) {
	case PD_LEAK:
	case PD_OVERWRITE:
	case PD_LOOP_OVERWRITE:
	case PD_IGNORED:
		out->message = ir_format("the reference in " Q("%s") " leaks here", name);
		break;
	case PD_UNCHECKED:
	case PD_UNCHECKED_PASS:
		out->message = ir_format(Q("%s") " is used before it is checked for NULL", name);
		break;
	case PD_NULL_USE:
		out->message = ir_format(Q("%s") " is used where it is NULL", name);
		break;
	case PD_USE_AFTER_RELEASE:
		out->message = ir_format(Q("%s") " is used after it is put", name);
		break;
	case PD_DOUBLE_RELEASE:
		out->message = ir_format(Q("%s") " is put twice", name);
		break;
	default:
		return false;
	}
	if (d->obj >= 0 && path_object_of(c, d->obj)->acq >= 0)
		ir_add_note(out, path_stmt_of(c, path_object_of(c, d->obj)->acq)->loc,
			    ir_format("taken here"));
	return true;
}

/* The declaration the engine runs. */
static const struct path_sm toy_sm = {
	.rule = RULE,
	.stats_env = NULL,
	.stats_tag = NULL,
	.max_objects = 16,
	.max_states = 64,
	.max_work = 20000,
	.tracked_struct = "toy",	/* "struct toy *": NULL facts are kept for these */
	.foreign_field = NULL,
	.acquires = is_get,
	.call = toy_call,
	.load = toy_load,
	.report = toy_report,
	.object_name = toy_name,
};

/* ------------------------------------------------------------------ */
/* In the GCC plugin                                                    */

#include "core.h"

static const struct api_kind_decl toy_kinds[] = {
	{ "toy-get", 0, 0, "FUNCTION" },
	{ "toy-put", 1, 1, "FUNCTION ARG" },
	{ "toy-borrow", 1, 1, "FUNCTION ARG" },
	{ NULL, 0, 0, NULL }
};

/* The cheap exit: functions without a get or a put are not analysed. */
static bool get_or_put(const gimple *stmt)
{
	return is_gimple_call(stmt) && (call_api(stmt, "toy-get") || call_api(stmt, "toy-put"));
}

static void analyse(function *fn)
{
	path_analyse(&toy_sm, fn);
}

static struct devmap_rule toy_ref = {
	.name = RULE,
	.summary = "toy_get() reference leaked, put twice, used after put or unchecked",
	.kinds = toy_kinds,
	.analyse_function = analyse,
	.relevant = get_or_put,
};
DEVMAP_LINT_RULE(toy_ref)
