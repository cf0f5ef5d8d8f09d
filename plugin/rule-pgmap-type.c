// SPDX-License-Identifier: GPL-2.0
/*
 * rule-pgmap-type.c - every dispatch on enum memory_type must name every type.
 *
 * __init_zone_device_page() and free_zone_device_page() tested pgmap->type
 * against PRIVATE and COHERENT, and every other type fell into one implicit
 * branch; when PCI_P2PDMA pages changed their refcount rules that branch
 * silently did the wrong thing for them.  Upstream now writes these as
 * switches with a case for every type.  This rule flags:
 *
 *   - a switch on a memory_type value with no case for some enumerator,
 *     with or without a default.  The case labels are those the user wrote,
 *     recorded from the front end (parsed_function): after CFG construction
 *     GCC drops the labels that go where the default goes.  The warning
 *     carries fix-it hints that add the missing "case X:" labels with the
 *     behaviour unchanged (before 'default:', or before the first case with
 *     a 'break;' when there is no default);
 *   - a condition that tests one memory_type value against two or more
 *     enumerators: "type != A && type != B", "type == A || type == B", an
 *     if/else-if ladder on the same value, and the range tests the C front
 *     end folds those into at -O2 ("(unsigned) type + 4294967295 > 1").
 *     Rather than pattern-match the spellings, the rule evaluates the
 *     condition for every enumerator and reports which types take which
 *     branch.
 *
 * Silent: exhaustive switches (a default for invalid values is fine),
 * single-type predicates ("type == MEMORY_DEVICE_PRIVATE",
 * is_device_private_page()), assignments, and everything on other enums.
 *
 * The enumerators are always those of the translation unit's own enum
 * memory_type (TYPE_VALUES): no kernel version's list is built in.
 *
 * Tables (rules/devmap-api.tbl): pgmap-accessor (core) marks calls such as
 * page_pgmap(page) whose repeated calls read the same pgmap.
 */
#include "core.h"

#define RULE "pgmap-type"

/* ------------------------------------------------------------------ */
/* enum memory_type                                                     */

/* TYPE if it is (a variant of) enum memory_type, else NULL_TREE. */
static tree memory_type_enum(tree type)
{
	if (!type || TREE_CODE(type) != ENUMERAL_TYPE)
		return NULL_TREE;
	type = TYPE_MAIN_VARIANT(type);
	tree name = TYPE_NAME(type);
	if (name && TREE_CODE(name) == TYPE_DECL)
		name = DECL_NAME(name);
	if (!name || TREE_CODE(name) != IDENTIFIER_NODE ||
	    strcmp(IDENTIFIER_POINTER(name), "memory_type"))
		return NULL_TREE;
	return type;
}

struct pgmap_ctx {
	function *fn;
	/* Local variables (kept in memory at -O0) known to hold a memory type:
	 * the enum type, or NULL_TREE when they hold anything else. */
	hash_map<tree, tree> *local_copies;
};

static tree memory_type_of(pgmap_ctx *c, tree leaf);

/*
 * "int t = pgmap->type; ... switch (t)": a local variable whose every store
 * stores a memory type holds one.  Its enum type, or NULL_TREE.
 */
static tree local_copy_type(pgmap_ctx *c, tree var)
{
	if (tree *known = c->local_copies->get(var))
		return *known;
	c->local_copies->put(var, NULL_TREE);	/* no cycles through ourselves */
	tree type = NULL_TREE;
	bool stored = false;
	basic_block bb;
	FOR_EACH_BB_FN(bb, c->fn)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *stmt = gsi_stmt(gsi);
			if (!gimple_assign_single_p(stmt) || gimple_assign_lhs(stmt) != var)
				continue;
			tree t = memory_type_of(c, gimple_assign_rhs1(stmt));
			if (!t || (stored && t != type)) {
				c->local_copies->put(var, NULL_TREE);
				return NULL_TREE;
			}
			type = t;
			stored = true;
		}
	c->local_copies->put(var, type);
	return type;
}

/*
 * The enum memory_type that LEAF holds, or NULL_TREE.  GCC converts a
 * switch's condition to unsigned int and a copy may have another integer
 * type: look through to the loaded field or the stored value.
 */
static tree memory_type_of(pgmap_ctx *c, tree leaf)
{
	if (tree type = memory_type_enum(TREE_TYPE(leaf)))
		return type;
	tree u = expr_underlying(leaf);
	if (TREE_CODE(u) == COMPONENT_REF)
		return memory_type_enum(TREE_TYPE(TREE_OPERAND(u, 1)));
	/* Stores through a pointer would not be seen: only unaliased locals. */
	if (TREE_CODE(u) == VAR_DECL && expr_unaliased_local_p(u) && INTEGRAL_TYPE_P(TREE_TYPE(u)))
		return local_copy_type(c, u);
	if (u != leaf)
		return memory_type_enum(TREE_TYPE(u));
	return NULL_TREE;
}

/* What a condition or switch tests: one memory-type value. */
struct tested {
	tree value;		/* a leaf holding the memory type */
	tree spelled;		/* what to call it in a message */
	tree enum_type;
};

/*
 * Is the outcome of OPS (a condition's operands, a switch's index) a
 * function of one memory-type value and constants?  Fills *T if so.
 */
static bool find_tested(pgmap_ctx *c, tree *ops, int nops, tested *t,
			vec<gimple *> *stmts = NULL)
{
	auto_vec<expr_leaf> leaves;
	int budget = EXPR_MAX_VISITS;
	t->value = t->spelled = t->enum_type = NULL_TREE;
	for (int i = 0; i < nops; i++)
		expr_leaves(ops[i], &leaves, stmts, &budget);
	if (budget <= 0)
		return false;	/* too big to be a test of the type */
	for (const expr_leaf &l : leaves)
		if ((t->enum_type = memory_type_of(c, l.value))) {
			t->value = l.value;
			t->spelled = l.spelled;
			break;
		}
	if (!t->value)
		return false;
	for (const expr_leaf &l : leaves)
		if (!expr_same_value(l.value, t->value))
			return false;
	return true;
}

/*
 * Check the switch W on the tested value T: INDEX is its index in the IL,
 * or NULL_TREE when GCC turned the switch into a condition (one case and a
 * default), whose index was T itself.
 */
static void check_written_switch(const tested &t, tree index, const written_switch *w,
				 location_t loc)
{
	auto_vec<enumerator> enums;
	enumerators_of(t.enum_type, &enums);
	auto_vec<const char *> missing;
	for (const enumerator &e : enums) {
		tree value = build_int_cst(t.enum_type, e.value);
		tree idx = index ? expr_evaluate(index, t.value, value) : value;
		if (!idx || !tree_fits_shwi_p(idx))
			return;
		if (!switch_has_case(w, tree_to_shwi(idx)))
			missing.safe_push(e.name);
	}
	if (missing.is_empty())
		return;

	char *value = expr_spelling(index ? index : t.spelled, "the memory type");
	char *names = join_names(missing);
	bool one = missing.length() == 1;
	gcc_rich_location richloc(loc);
	switch_add_case_fixits(&richloc, w, missing);
	if (w->default_loc != UNKNOWN_LOCATION)
		devmap_warning(RULE, &richloc, "switch on %qs: %s %s into %<default%>; give every "
			   "memory type its own case",
			   value, names, one ? "falls" : "fall");
	else
		devmap_warning(RULE, &richloc, "switch on %qs: %s %s not handled; give every "
			   "memory type its own case",
			   value, names, one ? "is" : "are");
	free(names);
	free(value);
}

static void check_switch(pgmap_ctx *c, gswitch *sw)
{
	tree index = gimple_switch_index(sw);
	tested t;
	if (!find_tested(c, &index, 1, &t))
		return;
	/* Not seen by the front end: which labels were written is unknown. */
	if (const written_switch *w = switch_as_written(gimple_location(sw)))
		check_written_switch(t, index, w, stmt_location(sw));
}

/* ------------------------------------------------------------------ */
/* Conditions                                                           */

/*
 * How a condition splits the enumerators: one class per outcome (a
 * destination block, or a truth value), each with the enumerators that
 * reach it.
 */
struct outcome {
	basic_block dest;		/* NULL for a truth value */
	bool truth;			/* for a truth value */
	bool via_true, via_false;	/* entered by true / false edges */
	auto_vec<const char *> names;
	auto_vec<HOST_WIDE_INT> values;	/* distinct enumerator values */
};

/* Enumerator E reaches outcome O. */
static void add_enumerator(outcome *o, const enumerator &e)
{
	if (!o->values.contains(e.value))
		o->values.safe_push(e.value);
	o->names.safe_push(e.name);
}

/*
 * Does the split test two or more enumerators?  With N distinct values and
 * L in the largest class, N - L values were singled out: "type == A" singles
 * out one and is a predicate; "type != A && type != B", "type == A || type
 * == B" and ladders single out two or more.
 */
static bool tests_several(const vec<outcome *> &outcomes, unsigned ndistinct)
{
	unsigned largest = 0, nonempty = 0;
	for (outcome *o : outcomes) {
		largest = MAX(largest, o->values.length());
		nonempty += !o->values.is_empty();
	}
	return nonempty >= 2 && ndistinct - largest >= 2;
}

static int outcome_line(const outcome *o)
{
	location_t loc = o->dest ? block_location(o->dest) : UNKNOWN_LOCATION;
	return loc == UNKNOWN_LOCATION ? INT_MAX : expand_location(loc).line;
}

static int compare_outcomes(const void *a, const void *b)
{
	int la = outcome_line(*(outcome *const *)a), lb = outcome_line(*(outcome *const *)b);
	return la < lb ? -1 : la > lb;
}

/*
 * Report a condition on the tested value T that splits the enumerators into
 * OUTCOMES.  Two outcomes that are the condition's truth values read "holds
 * for X and fails for Y"; otherwise each branch is named by its first line.
 */
static void report_condition(location_t loc, const tested &t, vec<outcome *> &outcomes)
{
	outcome *holds = NULL, *fails = NULL;
	unsigned nonempty = 0;
	for (outcome *o : outcomes) {
		if (o->names.is_empty())
			continue;
		nonempty++;
		bool t = o->dest ? o->via_true && !o->via_false : o->truth;
		bool f = o->dest ? o->via_false && !o->via_true : !o->truth;
		if (t)
			holds = o;
		else if (f)
			fails = o;
	}
	char *value = expr_spelling(t.spelled, "the memory type");
	if (nonempty == 2 && holds && fails) {
		char *h = join_names(holds->names), *f = join_names(fails->names);
		devmap_warning(RULE, loc, "%qs is tested against several memory types: the condition "
			   "holds for %s and fails for %s; dispatch with a switch that names "
			   "every memory type", value, h, f);
		free(h);
		free(f);
		free(value);
		return;
	}

	outcomes.qsort(compare_outcomes);
	char *branches = xstrdup("");
	bool first = true;
	for (outcome *o : outcomes) {
		if (o->names.is_empty())
			continue;
		char *names = join_names(o->names);
		int line = outcome_line(o);
		char where[64];
		if (line == INT_MAX)
			snprintf(where, sizeof(where), "another branch");
		else
			snprintf(where, sizeof(where), "the branch at line %d", line);
		const char *verb = !first ? "" : o->names.length() == 1 ? " takes" : " take";
		char *s = concat(branches, first ? "" : "; ", names, verb, " ", where, NULL);
		free(branches);
		free(names);
		branches = s;
		first = false;
	}
	devmap_warning(RULE, loc, "%qs is tested against several memory types: %s; dispatch with "
		   "a switch that names every memory type", value, branches);
	free(branches);
	free(value);
}

static outcome *new_outcome(vec<outcome *> *outcomes)
{
	outcome *o = new outcome();
	o->dest = NULL;
	o->truth = o->via_true = o->via_false = false;
	outcomes->safe_push(o);
	return o;
}

static void free_outcomes(vec<outcome *> *outcomes)
{
	for (outcome *o : *outcomes)
		delete o;
	outcomes->release();
}

static unsigned distinct_values(const vec<enumerator> &enums)
{
	auto_vec<HOST_WIDE_INT> seen;
	for (const enumerator &e : enums)
		if (!seen.contains(e.value))
			seen.safe_push(e.value);
	return seen.length();
}

/* ---- if-chains: regions of conditions on one value ----------------- */

/* The memory-type test that ends BB, if any. */
static gcond *type_test(pgmap_ctx *c, basic_block bb, tested *t, vec<gimple *> *stmts = NULL)
{
	gimple *last = last_stmt(bb);
	gcond *cond = last ? dyn_cast<gcond *>(last) : NULL;
	if (!cond)
		return NULL;
	tree ops[2] = { gimple_cond_lhs(cond), gimple_cond_rhs(cond) };
	if (!find_tested(c, ops, 2, t, stmts))
		return NULL;
	if (stmts)
		stmts->safe_push(cond);
	return cond;
}

/*
 * Does BB do nothing but compute its final test?  Only then is it the
 * "else if" of the test before it, rather than a new statement.
 */
static bool only_tests(basic_block bb)
{
	for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
		gimple *stmt = gsi_stmt(gsi);
		if (is_gimple_debug(stmt) || gimple_code(stmt) == GIMPLE_LABEL ||
		    gimple_code(stmt) == GIMPLE_COND || gimple_code(stmt) == GIMPLE_NOP)
			continue;
		if (is_gimple_assign(stmt) && !gimple_vdef(stmt) && !gimple_has_side_effects(stmt) &&
		    TREE_CODE(gimple_assign_lhs(stmt)) == SSA_NAME)
			continue;
		if (is_gimple_call(stmt) && (expr_expect_call_p(stmt) || call_api(stmt, "pgmap-accessor")))
			continue;
		return false;
	}
	return true;
}

/* The region (block index of its entry) each test block belongs to; -1 if none. */
struct regions {
	vec<int> entry_of;
	vec<tested> test_of;
};

/*
 * The written switch that CFG construction turned into BB's condition
 * (a switch with one case and a default becomes an "if"), or NULL.
 */
static const written_switch *switch_of(basic_block bb)
{
	gimple *last = last_stmt(bb);
	return last && gimple_code(last) == GIMPLE_COND ? switch_as_written(gimple_location(last)) : NULL;
}

/*
 * Is every way into BB a test on the same value in REGION (directly or
 * through a forwarder)?
 */
static bool entered_only_from(regions *r, basic_block bb, int region)
{
	edge e;
	edge_iterator ei;
	FOR_EACH_EDGE(e, ei, bb->preds) {
		basic_block p = e->src;
		if (is_forwarder(p) && single_pred_p(p))
			p = single_pred(p);
		if (p->index >= (int)r->entry_of.length() || r->entry_of[p->index] != region)
			return false;
	}
	return true;
}

/*
 * Group the test blocks into regions: a test block that only computes its
 * test, is entered only from tests on the same value of one region, joins
 * that region ("else if", the second operand of "||").
 */
static void build_regions(pgmap_ctx *c, function *fn, regions *r)
{
	r->entry_of.safe_grow_cleared(last_basic_block_for_fn(fn));
	r->test_of.safe_grow_cleared(last_basic_block_for_fn(fn));
	for (unsigned i = 0; i < r->entry_of.length(); i++)
		r->entry_of[i] = -1;

	int *rpo = XNEWVEC(int, n_basic_blocks_for_fn(fn));
	int n = pre_and_rev_post_order_compute_fn(fn, NULL, rpo, false);
	for (int i = 0; i < n; i++) {
		basic_block bb = BASIC_BLOCK_FOR_FN(fn, rpo[i]);
		tested t;
		if (!type_test(c, bb, &t))
			continue;
		r->test_of[bb->index] = t;
		r->entry_of[bb->index] = bb->index;	/* a region of its own, unless... */
		if (!only_tests(bb) || EDGE_COUNT(bb->preds) == 0 || switch_of(bb))
			continue;
		basic_block p = EDGE_PRED(bb, 0)->src;
		if (is_forwarder(p) && single_pred_p(p))
			p = single_pred(p);
		int region = r->entry_of[p->index];
		if (region < 0 || p == bb || !expr_same_value(r->test_of[region].value, t.value) ||
		    switch_of(BASIC_BLOCK_FOR_FN(fn, region)))
			continue;
		r->entry_of[bb->index] = region;
		if (!entered_only_from(r, bb, region))
			r->entry_of[bb->index] = bb->index;
	}
	free(rpo);
}

/* The outcome for DEST in OUTCOMES, made if new. */
static outcome *outcome_for(vec<outcome *> *outcomes, basic_block dest)
{
	for (outcome *o : *outcomes)
		if (o->dest == dest)
			return o;
	outcome *o = new_outcome(outcomes);
	o->dest = dest;
	return o;
}

/*
 * Where the region entered at ENTRY sends the enumerator VALUE: follow the
 * edges each test takes until one leaves the region.  NULL if a test cannot
 * be evaluated.
 */
static basic_block run_region(regions *r, basic_block entry, int region, tree value)
{
	basic_block bb = entry;
	for (unsigned steps = 0; steps < r->entry_of.length(); steps++) {
		gcond *cond = as_a<gcond *>(last_stmt(bb));
		const tested &t = r->test_of[region];
		tree lhs = expr_evaluate(gimple_cond_lhs(cond), t.value, value);
		tree rhs = lhs ? expr_evaluate(gimple_cond_rhs(cond), t.value, value) : NULL_TREE;
		tree res = rhs ? fold_binary(gimple_cond_code(cond), boolean_type_node, lhs, rhs) : NULL_TREE;
		if (!res || TREE_CODE(res) != INTEGER_CST)
			return NULL;
		edge true_edge, false_edge;
		extract_true_false_edges_from_block(bb, &true_edge, &false_edge);
		basic_block next = skip_forwarders(integer_zerop(res) ? false_edge->dest : true_edge->dest);
		if (next->index >= (int)r->entry_of.length() || r->entry_of[next->index] != region)
			return next;
		bb = next;
	}
	return NULL;
}

/* Which edges, true or false, leave the region for each outcome's block. */
static void mark_exit_edges(regions *r, function *fn, int region, vec<outcome *> *outcomes)
{
	basic_block bb;
	FOR_EACH_BB_FN(bb, fn) {
		if (r->entry_of[bb->index] != region)
			continue;
		edge e;
		edge_iterator ei;
		FOR_EACH_EDGE(e, ei, bb->succs) {
			basic_block dest = skip_forwarders(e->dest);
			if (dest->index < (int)r->entry_of.length() && r->entry_of[dest->index] == region)
				continue;
			outcome *o = outcome_for(outcomes, dest);
			o->via_true |= (e->flags & EDGE_TRUE_VALUE) != 0;
			o->via_false |= (e->flags & EDGE_FALSE_VALUE) != 0;
		}
	}
}

static void check_region(pgmap_ctx *c, function *fn, regions *r, basic_block entry)
{
	int region = entry->index;
	const tested &t = r->test_of[region];
	if (const written_switch *w = switch_of(entry)) {
		check_written_switch(t, NULL_TREE, w, stmt_location(last_stmt(entry)));
		return;
	}
	auto_vec<enumerator> enums;
	enumerators_of(t.enum_type, &enums);
	auto_vec<outcome *> outcomes;
	for (const enumerator &e : enums) {
		basic_block dest = run_region(r, entry, region, build_int_cst(t.enum_type, e.value));
		if (!dest) {
			free_outcomes(&outcomes);
			return;
		}
		add_enumerator(outcome_for(&outcomes, dest), e);
	}
	if (tests_several(outcomes, distinct_values(enums))) {
		mark_exit_edges(r, fn, region, &outcomes);
		/* Report at the earliest token of any test of the region. */
		auto_vec<gimple *> stmts;
		basic_block bb;
		FOR_EACH_BB_FN(bb, fn)
			if (r->entry_of[bb->index] == region) {
				tested ignored;
				type_test(c, bb, &ignored, &stmts);
			}
		location_t loc = earliest_location(stmts, stmt_location(last_stmt(entry)));
		report_condition(loc, t, outcomes);
	}
	free_outcomes(&outcomes);
}

/* ---- conditions computed as values ----------------------------------- */

/*
 * Is STMT's value used by a further computation on the same value V (a
 * larger condition, a test, a switch)?  Then that one is reported instead.
 */
static bool feeds_larger_test(pgmap_ctx *c, gimple *stmt, tree v)
{
	tree lhs = gimple_assign_lhs(stmt);
	imm_use_iterator it;
	gimple *use;
	FOR_EACH_IMM_USE_STMT(use, it, lhs) {
		tested t;
		tree ops[2];
		int nops = 0;
		if (is_gimple_assign(use) && expr_foldable_code(gimple_assign_rhs_code(use)))
			ops[nops++] = gimple_assign_lhs(use);
		else if (gcond *cond = dyn_cast<gcond *>(use)) {
			ops[nops++] = gimple_cond_lhs(cond);
			ops[nops++] = gimple_cond_rhs(cond);
		} else if (gswitch *sw = dyn_cast<gswitch *>(use))
			ops[nops++] = gimple_switch_index(sw);
		else if (expr_expect_call_p(use) && gimple_call_lhs(use))
			ops[nops++] = gimple_call_lhs(use);
		if (nops && find_tested(c, ops, nops, &t) && expr_same_value(t.value, v))
			return true;
	}
	return false;
}

/*
 * "bool b = type == A || type == B": at -O2 the front end folds it into
 * one value, with no branch.  The root of such a computation (its result
 * is used by something else than a larger test on the same value) splits
 * the enumerators into those that make it true and false.
 */
static void check_value_condition(pgmap_ctx *c, gimple *stmt)
{
	if (!is_gimple_assign(stmt) || TREE_CODE(gimple_assign_lhs(stmt)) != SSA_NAME ||
	    !expr_foldable_code(gimple_assign_rhs_code(stmt)))
		return;
	tree lhs = gimple_assign_lhs(stmt);
	/*
	 * The condition proper is below the copies and conversions that carry
	 * it to its use ("bool r = a || b; return r;" ends in "_10 = r"):
	 * its statements give the location.
	 */
	gimple *op = stmt;
	while (is_gimple_assign(op) && (gimple_assign_rhs_code(op) == SSA_NAME ||
					CONVERT_EXPR_CODE_P(gimple_assign_rhs_code(op))) &&
	       TREE_CODE(gimple_assign_rhs1(op)) == SSA_NAME)
		op = SSA_NAME_DEF_STMT(gimple_assign_rhs1(op));
	if (!is_gimple_assign(op))
		return;
	tree ops[3];
	int nops = 0;
	for (unsigned i = 1; i < gimple_num_ops(op); i++)
		ops[nops++] = gimple_op(op, i);
	tested t;
	auto_vec<gimple *> stmts;
	stmts.safe_push(op);
	int budget = EXPR_MAX_VISITS;
	if (!find_tested(c, ops, nops, &t, &stmts) || !expr_computes_comparison(lhs, &budget) ||
	    feeds_larger_test(c, stmt, t.value))
		return;

	auto_vec<enumerator> enums;
	enumerators_of(t.enum_type, &enums);
	auto_vec<outcome *> outcomes;
	outcome *yes = new_outcome(&outcomes), *no = new_outcome(&outcomes);
	yes->truth = true;
	for (const enumerator &e : enums) {
		tree r = expr_evaluate(lhs, t.value, build_int_cst(t.enum_type, e.value));
		if (!r) {
			free_outcomes(&outcomes);
			return;
		}
		add_enumerator(integer_zerop(r) ? no : yes, e);
	}
	if (tests_several(outcomes, distinct_values(enums)))
		report_condition(earliest_location(stmts, stmt_location(stmt)), t, outcomes);
	free_outcomes(&outcomes);
}

/* ------------------------------------------------------------------ */

/*
 * Has any operand of STMT type enum memory_type?  Every form this rule
 * flags loads such a value (pgmap->type, a local copy of it), so functions
 * without one are skipped before anything is built (the core's pre-scan).
 */
static bool memory_type_operand(const gimple *stmt)
{
	for (unsigned i = 0; i < gimple_num_ops(stmt); i++) {
		tree op = gimple_op(stmt, i);
		if (op && TREE_TYPE(op) && memory_type_enum(TREE_TYPE(op)))
			return true;
	}
	return false;
}

static void analyse(function *fn)
{
	pgmap_ctx c;
	c.fn = fn;
	c.local_copies = new hash_map<tree, tree>();

	regions r;
	r.entry_of = vNULL;
	r.test_of = vNULL;
	build_regions(&c, fn, &r);

	basic_block bb;
	FOR_EACH_BB_FN(bb, fn) {
		if (r.entry_of[bb->index] == bb->index)
			check_region(&c, fn, &r, bb);
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *stmt = gsi_stmt(gsi);
			if (gswitch *sw = dyn_cast<gswitch *>(stmt))
				check_switch(&c, sw);
			else
				check_value_condition(&c, stmt);
		}
	}

	r.entry_of.release();
	r.test_of.release();
	delete c.local_copies;
}

static struct devmap_rule pgmap_type = {
	.name = RULE,
	.summary = "a dispatch on enum memory_type that leaves some types implicit",
	.analyse_function = analyse,
	.relevant = memory_type_operand,
	.parsed_function = switch_record_parsed,
};
DEVMAP_LINT_RULE(pgmap_type)
