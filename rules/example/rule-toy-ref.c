// SPDX-License-Identifier: GPL-2.0
/*
 * rule-toy-ref.c - the worked example of rules/README.md: a path-sensitive
 * rule in one file, on the core's path engine.  Not part of the shipped
 * plugin; scripts/tests/plugin-unit.sh builds it into a plugin of its own
 * (build/example/devmap_lint.so) and runs it on toy-ref-test.c.
 *
 * The API: toy_get(id) returns a counted reference on a struct toy, or
 * NULL; toy_put(toy) drops it (NULL is fine); toy_peek(toy) reads it
 * without taking it over.  The rule: every reference taken is put exactly
 * once on every path, is tested for NULL before it is used, and is not
 * used after it is put.
 *
 * Tables (toy.tbl, passed with -fplugin-arg-devmap_lint-rules=FILE):
 *   toy-get    FUNCTION          returns a new reference (or NULL)
 *   toy-put    FUNCTION ARG      drops ARG's reference
 *   toy-borrow FUNCTION ARG      reads ARG without taking it over
 */
#include "core.h"

#define RULE "toy-ref"

static const struct api_kind_decl toy_kinds[] = {
	{ "toy-get", 0, 0, "FUNCTION" },
	{ "toy-put", 1, 1, "FUNCTION ARG" },
	{ "toy-borrow", 1, 1, "FUNCTION ARG" },
	{ NULL, 0, 0, NULL }
};

/* The objects are "struct toy *": only such variables get NULL facts. */
static bool toy_pointer_p(tree type)
{
	if (!type || !POINTER_TYPE_P(type))
		return false;
	tree tag = TYPE_NAME(TYPE_MAIN_VARIANT(TREE_TYPE(type)));
	if (tag && TREE_CODE(tag) == TYPE_DECL)
		tag = DECL_NAME(tag);
	return tag && TREE_CODE(tag) == IDENTIFIER_NODE && !strcmp(IDENTIFIER_POINTER(tag), "toy");
}

/* An object is born at each toy-get call. */
static bool is_get(const gimple *stmt)
{
	return is_gimple_call(stmt) && call_api(stmt, "toy-get");
}

/* The transitions: what the table's calls do to the state. */
static enum path_call toy_call(path_ctx *c, pstate &s, gcall *stmt, int *lhs_val)
{
	const api_entry *e;
	if (is_get(stmt)) {
		path_acquire(c, s, stmt, -1);	/* start: UNCHECKED, result stored */
		return PC_DONE;
	}
	if ((e = call_api(stmt, "toy-put"))) {
		tree arg = path_call_arg(stmt, api_arg(e, 0));
		path_release(c, s, stmt, path_eval(c, s, arg, stmt));	/* -> RELEASED */
		return PC_SET_LHS;
	}
	if ((e = call_api(stmt, "toy-borrow"))) {
		int o = path_object_of_value(path_eval(c, s, path_call_arg(stmt, api_arg(e, 0)), stmt));
		if (o >= 0)
			path_use(c, s, o, stmt, true, false);	/* a use, not an escape */
		return PC_SET_LHS;
	}
	return PC_DEFAULT;	/* anything else: an object passed to it escapes */
}

/* A struct toy * read from memory is somebody else's. */
static int toy_load(path_ctx *, tree, gimple *)
{
	return PATH_VAL(PV_TAG1, 0);
}

static const char *toy_name(path_ctx *c, int o)
{
	const path_object &p = path_object_of(c, o);
	return value_name(p.parm ? p.parm : gimple_call_lhs(p.acq));
}

/* The messages. */
static bool toy_report(path_ctx *c, const path_diag &d)
{
	const char *name = d.obj >= 0 ? toy_name(c, d.obj) : "the toy";
	switch (d.kind) {
	case PD_LEAK:
	case PD_OVERWRITE:
	case PD_LOOP_OVERWRITE:
	case PD_IGNORED:
		return devmap_warning(RULE, d.loc, "the reference in %qs leaks here", name);
	case PD_UNCHECKED:
	case PD_UNCHECKED_PASS:
		return devmap_warning(RULE, d.loc, "%qs is used before it is checked for NULL", name);
	case PD_NULL_USE:
		return devmap_warning(RULE, d.loc, "%qs is used where it is NULL", name);
	case PD_USE_AFTER_RELEASE:
		return devmap_warning(RULE, d.loc, "%qs is used after it is put", name);
	case PD_DOUBLE_RELEASE:
		return devmap_warning(RULE, d.loc, "%qs is put twice", name);
	}
	return false;
}

static void toy_explain(path_ctx *c, const path_diag &d)
{
	if (d.obj >= 0 && path_object_of(c, d.obj).acq)
		inform(stmt_location(path_object_of(c, d.obj).acq), "taken here");
}

/* The declaration the engine runs. */
static const struct path_sm toy_sm = {
	.stats_env = NULL,
	.stats_tag = NULL,
	.max_objects = 16,
	.max_states = 64,
	.max_work = 20000,
	.tracked_type = toy_pointer_p,
	.acquires = is_get,
	.call = toy_call,
	.load = toy_load,
	.report = toy_report,
	.explain = toy_explain,
	.object_name = toy_name,
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
