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
 * Across functions: a static helper that compares (or waits for) its
 * parameter's refcount without proving the page ZONE_DEVICE gets a summary;
 * a call that passes a ZONE_DEVICE page is reported, with a note into the
 * helper.  Messages depend on the kernel version (kernel_version()): the
 * test is right before 6.15 and breaks then, or is wrong from 6.15 on.
 *
 * Tables (rules/devmap-api.tbl):
 *   refcount-read  FUNCTION ARG [FIELD]   ARG is the page/folio, or &ARG->FIELD
 *   refcount-set   FUNCTION ARG VALUE     VALUE: argument index, or =N
 *   free-event     FUNCTION|->FIELD ARG   the page is freed (->FIELD: an
 *                                         indirect call through that field)
 *   wait-var       FUNCTION ARG           ARG is the variable waited on
 */
#include "core.h"

#define RULE REFCOUNT_ONE_RULE

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
 * Is "count CODE cst" (count on the left) a test against refcount 1?
 * (ir-refcount-one.c)  Then *OP is CODE, which the message's suggestion
 * follows.
 */
static bool tests_one(enum tree_code code, tree cst, enum ir_cmp_op *op)
{
	if (TREE_CODE(cst) != INTEGER_CST || !tree_fits_shwi_p(cst))
		return false;
	switch (code) {
	case EQ_EXPR: *op = IR_EQ; break;
	case NE_EXPR: *op = IR_NE; break;
	case LT_EXPR: *op = IR_LT; break;
	case LE_EXPR: *op = IR_LE; break;
	case GT_EXPR: *op = IR_GT; break;
	case GE_EXPR: *op = IR_GE; break;
	default: return false;
	}
	return refcount_one_tests_one(*op, tree_to_shwi(cst));
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

/*
 * Is node N the result of READ itself, through compiler temporaries only
 * (no user variable between them)?  Then the comparison is spelled
 * "reader(page) == 1", and starts where the read does.
 */
static bool compares_read_directly(refcount_ctx *c, int n, const gimple *read)
{
	tree lhs = gimple_call_lhs(read);
	for (int guard = 0; guard < 16 && n >= 0; guard++) {
		tree t = c->g->nodes[n].t;
		if (TREE_CODE(t) != SSA_NAME)
			return false;
		tree var = SSA_NAME_VAR(t);
		if (var && DECL_NAME(var) && !DECL_IGNORED_P(var) && !DECL_ARTIFICIAL(var))
			return false;
		if (t == lhs)
			return true;
		const vec<vf_def> &defs = c->g->nodes[n].defs;
		if (defs.length() != 1 || defs[0].kind != VF_COPY)
			return false;
		n = defs[0].from;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* Reporting: the message (which depends on kernel_version()) and the
 * notes are the judgement's (ir-refcount-one.c), shared with libclang.   */

/*
 * Report finding KIND at LOC; API is the refcount reader (IR_RC_COMPARE,
 * IR_RC_WAIT) or setter (IR_RC_RESET), OP the comparison (compare, wait;
 * IR_EQ for a reset).  Notes: READ (the read, on another line),
 * HELPER and HELPER_AT (the comparison in a helper), FREED (the free),
 * then PROOF's if EXPLAIN.  Unused locations are UNKNOWN_LOCATION.
 */
static bool report(enum ir_rc_kind kind, location_t loc, const char *api, enum ir_cmp_op op,
		   location_t read, tree helper, location_t helper_at, location_t freed,
		   const zd_proof *proof, bool explain)
{
	ir_rc_site s;
	memset(&s, 0, sizeof(s));
	s.kind = kind;
	s.loc = ir_location(loc);
	s.api = api;
	s.op = op;
	s.version = kernel_version();
	s.read = ir_location(read);
	s.helper = helper ? IDENTIFIER_POINTER(DECL_NAME(helper)) : NULL;
	s.helper_at = ir_location(helper_at);
	s.freed = ir_location(freed);
	s.proof = zd_lower(proof);
	s.explain = explain;
	ir_finding f;
	if (!refcount_one_judge(&s, &f))
		return false;
	bool warned = ir_report(RULE, &f);
	ir_finding_free(&f);
	return warned;
}

/* ------------------------------------------------------------------ */
/* Helpers: a static function that compares its parameter's refcount with
 * 1 (or waits for it) without knowing the page is ZONE_DEVICE is reported
 * where a caller passes a ZONE_DEVICE page.                             */

struct helper_finding {
	int param;			/* which argument is the page */
	enum ir_rc_kind kind;		/* IR_RC_COMPARE or IR_RC_WAIT */
	const char *reader;		/* the refcount reader, for the message */
	enum ir_cmp_op op;		/* its comparison, for the message */
	location_t where;		/* the comparison, in the innermost helper */
	tree helper;			/* the innermost helper's FUNCTION_DECL */
};

/*
 * FUNCTION_DECL -> its findings.  Filled when the pass runs on a function,
 * read at its calls: GCC runs the pass (before the early inliner) over the
 * call graph in topological order, callees before callers, so a helper's
 * summary exists when its callers are analysed; a helper only reached
 * through a call cycle has none yet, and its callers stay silent.
 */
static hash_map<tree, vec<helper_finding>> *summaries;

static const vec<helper_finding> *summary_of(tree fndecl)
{
	return summaries && fndecl ? summaries->get(fndecl) : NULL;
}

/* Which parameter of the current function, a static one, is node N's object?  -1: none. */
static int param_of(refcount_ctx *c, function *fn, int n)
{
	return TREE_PUBLIC(fn->decl) ? -1 : vf_param_of(c->g, fn, n);
}

static void add_summary(function *fn, const helper_finding &h)
{
	if (!summaries)
		summaries = new hash_map<tree, vec<helper_finding>>;
	bool existed;
	vec<helper_finding> &v = summaries->get_or_insert(fn->decl, &existed);
	if (!existed)
		v = vNULL;
	v.safe_push(h);
}

/*
 * Where the comparison with 1 (or 2) of the variable in node N at
 * statement CMP is written, when CMP carries the location of an enclosing
 * && or || (core-cmp.c); else UNKNOWN_LOCATION.
 */
static location_t written_location(refcount_ctx *c, int n, const gimple *cmp)
{
	tree var = vf_user_var(c->g, n);
	return var ? cmp_as_written(gimple_location(cmp), var, 1, 2) : UNKNOWN_LOCATION;
}

static void report_comparison(refcount_ctx *c, function *fn, gimple *cmp, enum ir_cmp_op op,
			      gimple *read, const zd_proof *proof, int page, int count, bool direct)
{
	const char *reader = call_name(read);
	/*
	 * Point at the comparison itself.  GCC gives a condition inside
	 * "a &&\n count == 1" the location of the "&&" (at every -O level), on
	 * the line above: when the read is compared directly, the comparison
	 * starts at the read, so report there; when it goes through a variable,
	 * the statement that compares the variable is the comparison.
	 */
	location_t loc = stmt_location(cmp);
	bool same_line = direct ||
		expand_location(stmt_location(read)).line == expand_location(loc).line;
	/*
	 * The condition of ___wait_var_event() is the "if (condition)" in the
	 * macro body; the read is spelled in the user's argument: point there.
	 */
	bool cmp_in_macro_body = linemap_location_from_macro_expansion_p(line_table,
							gimple_location(cmp)) &&
		loc == linemap_resolve_location(line_table, gimple_location(cmp),
						LRK_MACRO_EXPANSION_POINT, NULL);
	location_t written = direct ? UNKNOWN_LOCATION : written_location(c, count, cmp);
	if (written != UNKNOWN_LOCATION) {
		/*
		 * At its operator: the front end's range of the comparison
		 * survives folding at -O0 only, the operator at every level.
		 */
		loc = user_location(written);
		same_line = expand_location(stmt_location(read)).line == expand_location(loc).line;
	} else if (same_line || cmp_in_macro_body) {
		loc = stmt_location(read);
		same_line = true;
	}
	enum ir_rc_kind kind = wait_on_refcount(c, fn, page) ? IR_RC_WAIT : IR_RC_COMPARE;

	/* Not proven here: if the page is a parameter, the callers may prove it. */
	if (proof->why != ZD_SOURCE && proof->why != ZD_PREDICATE && proof->why != ZD_PGMAP_USE) {
		int param = proof->why == ZD_NOT_PROVEN ? param_of(c, fn, page) : -1;
		if (param >= 0) {
			helper_finding h = { param, kind, reader, op, loc, fn->decl };
			add_summary(fn, h);
		}
		return;
	}

	report(kind, loc, reader, op, same_line ? UNKNOWN_LOCATION : stmt_location(read),
	       NULL_TREE, UNKNOWN_LOCATION, UNKNOWN_LOCATION, proof, true);
}

/*
 * A call of a helper with findings: report those whose page argument is
 * ZONE_DEVICE here; hand the others up when the argument is our parameter.
 */
static void check_helper_call(refcount_ctx *c, function *fn, gimple *call,
			      const vec<helper_finding> *findings)
{
	for (const helper_finding &h : *findings) {
		tree arg = call_arg(call, h.param);
		int page = arg ? vf_node_of(c->g, arg) : -1;
		if (page < 0)
			continue;
		zd_proof proof = zd_prove(c->zd, page, call);
		if (proof.why == ZD_NOT_PROVEN) {
			int param = param_of(c, fn, page);
			if (param >= 0) {
				helper_finding up = h;
				up.param = param;
				add_summary(fn, up);
			}
			continue;
		}
		if (proof.why == ZD_NEGATED)
			continue;
		report(h.kind, stmt_location(call), h.reader, h.op, UNKNOWN_LOCATION,
		       h.helper, h.where, UNKNOWN_LOCATION, &proof, true);
	}
}

/* A comparison of a refcount read with 1, at STMT: report it if the page is ZONE_DEVICE. */
static void check_comparison(refcount_ctx *c, function *fn, gimple *stmt,
			     enum tree_code code, tree lhs, tree rhs)
{
	int ln = vf_node_of(c->g, lhs), rn = vf_node_of(c->g, rhs), count;
	gimple *read;
	tree cst;
	if (ln >= 0 && c->count_origin[ln]) {
		read = c->count_origin[ln];
		cst = rhs;
		count = ln;
	} else if (rn >= 0 && c->count_origin[rn]) {
		read = c->count_origin[rn];
		cst = lhs;
		count = rn;
		code = swap_tree_comparison(code);
	} else {
		return;
	}
	enum ir_cmp_op op;
	if (!tests_one(code, cst, &op))
		return;

	int page = counted_page(c, read, call_api(read, "refcount-read"));
	zd_proof proof = zd_prove(c->zd, page, stmt);
	report_comparison(c, fn, stmt, op, read, &proof, page, count,
			  compares_read_directly(c, count, read));
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
			/* free_fn(page), or ops->page_free(page): a call through a field. */
			const api_entry *ev = call_api(stmt, "free-event");
			if (!ev)
				ev = call_api_field(stmt, "free-event");
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
	report(IR_RC_RESET, stmt_location(call), set->name, IR_EQ, UNKNOWN_LOCATION, NULL_TREE,
	       UNKNOWN_LOCATION, stmt_location(freed), &proof, proof.stmt != freed);
}

/*
 * A refcount read or set, or a call of a helper with findings: functions
 * without one are skipped (the core's pre-scan).
 */
static bool refcount_call(const gimple *stmt)
{
	return is_gimple_call(stmt) &&
	       (call_api(stmt, "refcount-read") || call_api(stmt, "refcount-set") ||
		summary_of(gimple_call_fndecl(stmt)));
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
			} else if (is_gimple_call(stmt)) {
				const vec<helper_finding> *h = summary_of(gimple_call_fndecl(stmt));
				if (h)
					check_helper_call(&c, fn, stmt, h);
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
	.parsed_node = cmp_record_node,
};
DEVMAP_LINT_RULE(refcount_one)
