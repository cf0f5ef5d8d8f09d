// SPDX-License-Identifier: GPL-2.0
/*
 * rule-refcount-one.c - ZONE_DEVICE pages are idle at refcount 0, not 1.
 *
 * FS DAX, device-generic and P2PDMA pages used to start life at refcount 1
 * and fall back to 1 when freed.  The kernel now frees them at 0 like every
 * other page, so on a page proven ZONE_DEVICE (core-zone-device.c) this
 * rule flags:
 *   - a refcount read compared with 1 (== != < <= > >=, in any spelling
 *     GCC folds it to): "page_ref_count(page) > 1" taken to mean busy;
 *   - the same comparison as the condition of a wait on &page->_refcount
 *     (___wait_var_event(&page->_refcount, ... == 1, ...));
 *   - a reset of the refcount to 1 after the page was freed
 *     (->page_free(page); set_page_count(page, 1)).
 * The allocation path (zone_device_page_init() handing a page out with its
 * first reference) sets 1 without a preceding free, and stays silent.
 *
 * Tables (rules/devmap-api.tbl):
 *   refcount-read  FUNCTION ARG [FIELD]   ARG is the page/folio, or &ARG->FIELD
 *   refcount-set   FUNCTION ARG VALUE     VALUE: argument index, or =N
 *   free-event     FUNCTION|->FIELD ARG   the page is freed (->FIELD: an
 *                                         indirect call through that field)
 *   wait-var       FUNCTION ARG           ARG is the variable waited on
 */
#include "core.h"

#define RULE "refcount-one"

static const struct api_kind_decl refcount_kinds[] = {
	{ "refcount-read", 1, 2, "FUNCTION ARG [FIELD]" },
	{ "refcount-set", 2, 2, "FUNCTION ARG VALUE" },
	{ "free-event", 1, 1, "FUNCTION|->FIELD ARG" },
	{ "wait-var", 1, 1, "FUNCTION ARG" },
	{ NULL, 0, 0, NULL }
};

struct refcount_ctx {
	value_graph *g;
	zd_facts *zd;
	vec<gimple *> count_origin;	/* per node: the refcount read it holds */
};

static bool is_refcount_read(const gimple *stmt, void *)
{
	return call_api(stmt, "refcount-read") != NULL;
}

/* Argument I of STMT, or NULL_TREE if it has fewer. */
static tree call_arg(const gimple *stmt, int i)
{
	if (i < 0 || i >= (int)gimple_call_num_args(stmt))
		return NULL_TREE;
	return gimple_call_arg(stmt, i);
}

/*
 * The page node whose refcount the call CALL with table entry E touches;
 * for a refcount-read with a FIELD column, the page whose FIELD it reads.
 */
static int counted_page(refcount_ctx *c, const gimple *call, const api_entry *e)
{
	tree arg = call_arg(call, api_arg(e, 0));
	if (!arg)
		return -1;
	if (!strcmp(e->kind, "refcount-read") && e->ncols > 1)
		return vf_field_base(c->g, arg, e->col[1]);	/* &page->_refcount */
	return vf_node_of(c->g, arg);
}

/*
 * Is "count CODE cst" (count on the left) a test against refcount 1?  It is
 * when it separates 1 from 2 (> 1, >= 2, < 2, <= 1) or singles 1 out
 * (== 1, != 1).  "< 1" and ">= 1" separate 0 from 1: a test for a free
 * page, which is right under both conventions.
 */
static bool tests_one(enum tree_code code, tree cst)
{
	if (TREE_CODE(cst) != INTEGER_CST || !tree_fits_shwi_p(cst))
		return false;
	HOST_WIDE_INT v = tree_to_shwi(cst);
	switch (code) {
	case EQ_EXPR: case NE_EXPR: case GT_EXPR: case LE_EXPR:
		return v == 1;
	case GE_EXPR: case LT_EXPR:
		return v == 2;
	default:
		return false;
	}
}

/* Is some wait_var_event() in this function waiting on PAGE's refcount? */
static gimple *wait_on_refcount(refcount_ctx *c, function *fn, int page)
{
	basic_block bb;
	FOR_EACH_BB_FN(bb, fn)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *stmt = gsi_stmt(gsi);
			const api_entry *w = call_api(stmt, "wait-var");
			tree var = w ? call_arg(stmt, api_arg(w, 0)) : NULL_TREE;
			int waited = var ? vf_field_base(c->g, var, "_refcount") : -1;
			if (waited >= 0 && vf_class(c->g, waited) == vf_class(c->g, page))
				return stmt;
		}
	return NULL;
}

static void report_comparison(refcount_ctx *c, function *fn, gimple *cmp,
			      gimple *read, const zd_proof *proof, int page)
{
	const char *reader = call_name(read);
	/*
	 * Point at the read when it is on the comparison's line: GCC gives a
	 * condition inside "a && count != 1" the location of the "&&".
	 */
	location_t loc = stmt_location(cmp);
	bool same_line = expand_location(stmt_location(read)).line == expand_location(loc).line;
	/*
	 * The condition of ___wait_var_event() is the "if (condition)" in the
	 * macro body; the read is spelled in the user's argument: point there.
	 */
	bool cmp_in_macro_body = linemap_location_from_macro_expansion_p(line_table,
							gimple_location(cmp)) &&
		loc == linemap_resolve_location(line_table, gimple_location(cmp),
						LRK_MACRO_EXPANSION_POINT, NULL);
	if (same_line || cmp_in_macro_body) {
		loc = stmt_location(read);
		same_line = true;
	}
	auto_diagnostic_group d;
	bool warned;
	if (wait_on_refcount(c, fn, page))
		warned = devmap_warning(RULE, loc,
			"waiting for the refcount of a ZONE_DEVICE page to reach 1 "
			"(read by %<%s()%>): ZONE_DEVICE pages are idle at refcount 0, "
			"not 1; wait for %<dax_page_is_idle()%> instead",
			reader);
	else
		warned = devmap_warning(RULE, loc,
			"refcount of a ZONE_DEVICE page (read by %<%s()%>) compared with 1: "
			"ZONE_DEVICE pages are idle at refcount 0, not 1; test for 0 or use "
			"%<dax_page_is_idle()%>", reader);
	if (!warned)
		return;
	if (!same_line)
		inform(stmt_location(read), "the refcount is read here");
	zd_explain(proof);
}

/* A comparison of a refcount read with 1, at STMT: report it if the page is ZONE_DEVICE. */
static void check_comparison(refcount_ctx *c, function *fn, gimple *stmt,
			     enum tree_code code, tree lhs, tree rhs)
{
	int ln = vf_node_of(c->g, lhs), rn = vf_node_of(c->g, rhs);
	gimple *read;
	tree cst;
	if (ln >= 0 && c->count_origin[ln]) {
		read = c->count_origin[ln];
		cst = rhs;
	} else if (rn >= 0 && c->count_origin[rn]) {
		read = c->count_origin[rn];
		cst = lhs;
		code = swap_tree_comparison(code);
	} else {
		return;
	}
	if (!tests_one(code, cst))
		return;

	int page = counted_page(c, read, call_api(read, "refcount-read"));
	zd_proof proof = zd_prove(c->zd, page, stmt);
	if (proof.why == ZD_SOURCE || proof.why == ZD_PREDICATE || proof.why == ZD_PGMAP_USE)
		report_comparison(c, fn, stmt, read, &proof, page);
}

/* Does a free event on PAGE's class come before AT on every path? */
static gimple *freed_before(refcount_ctx *c, function *fn, int page, gimple *at)
{
	basic_block bb;
	FOR_EACH_BB_FN(bb, fn)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *stmt = gsi_stmt(gsi);
			if (!is_gimple_call(stmt) || !stmt_dominates(c->g, stmt, at))
				continue;
			const api_entry *ev = call_api(stmt, "free-event");
			tree fn_ptr = gimple_call_fn(stmt);
			if (!ev && fn_ptr && TREE_CODE(fn_ptr) == SSA_NAME) {
				/* ops->page_free(page): an indirect call through a field. */
				gimple *def = SSA_NAME_DEF_STMT(fn_ptr);
				tree ref = gimple_assign_single_p(def) ? gimple_assign_rhs1(def) : NULL_TREE;
				if (ref && TREE_CODE(ref) == COMPONENT_REF &&
				    DECL_NAME(TREE_OPERAND(ref, 1))) {
					char *key = concat("->", IDENTIFIER_POINTER(
						DECL_NAME(TREE_OPERAND(ref, 1))), NULL);
					ev = api_find("free-event", key);
					free(key);
				}
			}
			tree arg = ev ? call_arg(stmt, api_arg(ev, 0)) : NULL_TREE;
			int freed = arg ? vf_node_of(c->g, arg) : -1;
			if (freed >= 0 && vf_class(c->g, freed) == vf_class(c->g, page))
				return stmt;
		}
	return NULL;
}

static void check_reset(refcount_ctx *c, function *fn, gimple *call, const api_entry *set)
{
	const char *value = set->col[1];
	tree v = value[0] == '=' ? NULL_TREE : call_arg(call, atoi(value));
	bool one = value[0] == '=' ? atoi(value + 1) == 1 : (v && integer_onep(v));
	if (!one)
		return;
	int page = counted_page(c, call, set);
	gimple *freed = freed_before(c, fn, page, call);
	if (!freed)
		return;
	zd_proof proof = zd_prove(c->zd, page, call);
	if (proof.why != ZD_SOURCE && proof.why != ZD_PREDICATE && proof.why != ZD_PGMAP_USE)
		return;
	auto_diagnostic_group d;
	if (!devmap_warning(RULE, stmt_location(call),
			"%<%s()%> resets the refcount of a freed ZONE_DEVICE page to 1: "
			"free ZONE_DEVICE pages are at refcount 0 and are handed out again "
			"with their first reference by %<zone_device_page_init()%>; drop the "
			"reset", set->name))
		return;
	inform(stmt_location(freed), "the page is freed here");
	if (proof.stmt != freed)
		zd_explain(&proof);
}

/* A refcount read or set: functions without one are skipped (the core's pre-scan). */
static bool refcount_call(const gimple *stmt)
{
	return is_gimple_call(stmt) &&
	       (call_api(stmt, "refcount-read") || call_api(stmt, "refcount-set"));
}

static void analyse(function *fn)
{
	value_graph g;
	vf_build(&g, fn);
	refcount_ctx c;
	c.g = &g;
	c.count_origin = vNULL;
	vf_taint(&g, is_refcount_read, NULL, false, false, &c.count_origin);
	c.zd = zd_analyse(&g, fn);

	basic_block bb;
	FOR_EACH_BB_FN(bb, fn)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *stmt = gsi_stmt(gsi);
			if (gimple_code(stmt) == GIMPLE_COND) {
				check_comparison(&c, fn, stmt, gimple_cond_code(stmt),
						 gimple_cond_lhs(stmt), gimple_cond_rhs(stmt));
			} else if (is_gimple_assign(stmt) &&
				   TREE_CODE_CLASS(gimple_assign_rhs_code(stmt)) == tcc_comparison) {
				check_comparison(&c, fn, stmt, gimple_assign_rhs_code(stmt),
						 gimple_assign_rhs1(stmt), gimple_assign_rhs2(stmt));
			} else if (const api_entry *set = call_api(stmt, "refcount-set")) {
				check_reset(&c, fn, stmt, set);
			}
		}

	zd_free(c.zd);
	c.count_origin.release();
	vf_free(&g);
}

static struct devmap_rule refcount_one = {
	.name = RULE,
	.summary = "ZONE_DEVICE page refcount compared with, waited for or reset to 1",
	.kinds = refcount_kinds,
	.analyse_function = analyse,
	.relevant = refcount_call,
};
DEVMAP_LINT_RULE(refcount_one)
