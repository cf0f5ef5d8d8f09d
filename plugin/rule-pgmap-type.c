// SPDX-License-Identifier: GPL-2.0
/*
 * rule-pgmap-type.c - pgmap-type's GCC front end: every dispatch on enum
 * memory_type must name every type.
 *
 * What the rule flags, and the messages, are its judgement, written once
 * for both engines in ir-pgmap-type.c.  This file lowers GIMPLE to the
 * neutral representation (ir.h) the judgement reads:
 *
 *   - a switch on a memory_type value (ir_switch): the case labels the user
 *     wrote, recorded from the front end (parsed_node: after CFG
 *     construction GCC drops the labels that go where the default goes),
 *     and its index evaluated for every enumerator;
 *   - a condition on one memory_type value (ir_split): "type != A && type
 *     != B", "type == A || type == B", an if/else-if ladder on the same
 *     value (a region of CFG blocks), and the range tests the C front end
 *     folds those into at -O2 ("(unsigned) type + 4294967295 > 1").  Rather
 *     than pattern-match the spellings, each test is evaluated for every
 *     enumerator (core-expr.c) and the split says where each type goes.
 *
 * The enumerators are always those of the translation unit's own enum
 * memory_type (TYPE_VALUES): no kernel version's list is built in.
 *
 * Tables (rules/devmap-api.tbl): pgmap-accessor (core) marks calls such as
 * page_pgmap(page) whose repeated calls read the same pgmap.
 */
#include "core.h"

#define RULE PGMAP_TYPE_RULE

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
	    strcmp(IDENTIFIER_POINTER(name), PGMAP_TYPE_ENUM))
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

/* ------------------------------------------------------------------ */
/* Lowering to the neutral representation, and reporting (plugin/ir.h)  */

/*
 * Check the switch W on the tested value T: INDEX is its index in the IL,
 * or NULL_TREE when GCC turned the switch into a condition (one case and a
 * default), whose index was T itself.
 */
static void check_written_switch(const tested &t, tree index, const written_switch *w,
				 location_t loc)
{
	ir_enum e = ir_lower_enum(t.enum_type);
	long long *values = XNEWVEC(long long, e.n + 1);
	bool known = true;
	for (unsigned i = 0; i < e.n && known; i++) {
		tree value = build_int_cst(t.enum_type, e.items[i].value);
		tree idx = index ? expr_evaluate(index, t.value, value) : value;
		known = idx && tree_fits_shwi_p(idx);
		values[i] = known ? tree_to_shwi(idx) : 0;
	}
	ir_case *cases = XNEWVEC(ir_case, w->ncases + 1);
	for (unsigned i = 0; i < w->ncases; i++) {
		cases[i].low = switch_case(w, i)->low;
		cases[i].high = switch_case(w, i)->high;
	}
	char *indent = NULL;
	location_t at = switch_fixit_line(w, &indent);
	char *value = expr_spelling(index ? index : t.spelled, "the memory type");
	ir_switch sw = { ir_location(loc), value, &e, values, cases, w->ncases,
			 w->default_loc != UNKNOWN_LOCATION, ir_location(at), indent };
	ir_finding f;
	if (known && pgmap_type_judge_switch(&sw, &f)) {
		ir_report(RULE, &f);
		ir_finding_free(&f);
	}
	free(value);
	free(indent);
	XDELETEVEC(cases);
	XDELETEVEC(values);
	ir_release_enum(&e);
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
 * How a condition splits the enumerators: one outcome per destination
 * block, or per truth value, and the outcome each enumerator reaches.
 */
struct outcome {
	basic_block dest;		/* NULL for a truth value */
	bool truth;			/* for a truth value */
	bool via_true, via_false;	/* entered by true / false edges */
};

struct split {
	auto_vec<outcome> outcomes;
	auto_vec<int> outcome_of;	/* per enumerator, in declaration order */
};

static int new_outcome(split *s, basic_block dest, bool truth)
{
	outcome o = { dest, truth, false, false };
	s->outcomes.safe_push(o);
	return s->outcomes.length() - 1;
}

/* The outcome for DEST in S, made if new. */
static int outcome_for(split *s, basic_block dest)
{
	for (unsigned i = 0; i < s->outcomes.length(); i++)
		if (s->outcomes[i].dest == dest)
			return i;
	return new_outcome(s, dest, false);
}

/* Hand the split S of the tested value T to the judgement; report at LOC. */
static void judge_split(location_t loc, const tested &t, split *s)
{
	ir_enum e = ir_lower_enum(t.enum_type);
	ir_outcome *outs = XNEWVEC(ir_outcome, s->outcomes.length() + 1);
	for (unsigned i = 0; i < s->outcomes.length(); i++) {
		const outcome &o = s->outcomes[i];
		location_t at = o.dest ? block_location(o.dest) : UNKNOWN_LOCATION;
		outs[i].is_truth = !o.dest;
		outs[i].truth = o.truth;
		outs[i].line = at == UNKNOWN_LOCATION ? 0 : expand_location(at).line;
		outs[i].via_true = o.via_true;
		outs[i].via_false = o.via_false;
	}
	char *value = expr_spelling(t.spelled, "the memory type");
	ir_split sp = { ir_location(loc), value, &e, outs, s->outcomes.length(),
			s->outcome_of.address() };
	ir_finding f;
	if (pgmap_type_judge_split(&sp, &f)) {
		ir_report(RULE, &f);
		ir_finding_free(&f);
	}
	free(value);
	XDELETEVEC(outs);
	ir_release_enum(&e);
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

/* The value BB's final condition tests, for the core's regions. */
static tree region_test(basic_block bb, void *data)
{
	tested t;
	return type_test((pgmap_ctx *)data, bb, &t) ? t.value : NULL_TREE;
}

/* A region's exit edge: which of its outcomes is entered by true / false edges. */
static void mark_exit(basic_block dest, int flags, void *data)
{
	split *s = (split *)data;
	outcome &o = s->outcomes[outcome_for(s, dest)];
	o.via_true |= (flags & EDGE_TRUE_VALUE) != 0;
	o.via_false |= (flags & EDGE_FALSE_VALUE) != 0;
}

static void check_region(pgmap_ctx *c, function *fn, cond_regions *r, basic_block entry)
{
	int region = entry->index;
	tested t;
	if (!type_test(c, entry, &t))
		return;
	if (const written_switch *w = switch_of_cond(entry)) {
		check_written_switch(t, NULL_TREE, w, stmt_location(last_stmt(entry)));
		return;
	}
	auto_vec<enumerator> enums;
	enumerators_of(t.enum_type, &enums);
	split s;
	for (const enumerator &e : enums) {
		basic_block dest = region_run(r, entry, build_int_cst(t.enum_type, e.value));
		if (!dest)
			return;
		s.outcome_of.safe_push(outcome_for(&s, dest));
	}
	region_exits(r, fn, region, mark_exit, &s);
	/* Report at the earliest token of any test of the region. */
	auto_vec<gimple *> stmts;
	basic_block bb;
	FOR_EACH_BB_FN(bb, fn)
		if (r->entry_of[bb->index] == region) {
			tested ignored;
			type_test(c, bb, &ignored, &stmts);
		}
	judge_split(earliest_location(stmts, stmt_location(last_stmt(entry))), t, &s);
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
	split s;
	int yes = new_outcome(&s, NULL, true), no = new_outcome(&s, NULL, false);
	for (const enumerator &e : enums) {
		tree r = expr_evaluate(lhs, t.value, build_int_cst(t.enum_type, e.value));
		if (!r)
			return;
		s.outcome_of.safe_push(integer_zerop(r) ? no : yes);
	}
	judge_split(earliest_location(stmts, stmt_location(stmt)), t, &s);
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

	cond_regions r;
	regions_build(fn, region_test, &c, &r);

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

	regions_free(&r);
	delete c.local_copies;
}

static struct devmap_rule pgmap_type = {
	.name = RULE,
	.summary = "a dispatch on enum memory_type that leaves some types implicit",
	.analyse_function = analyse,
	.relevant = memory_type_operand,
	.parsed_node = switch_record_node,
};
DEVMAP_LINT_RULE(pgmap_type)
