// SPDX-License-Identifier: GPL-2.0
/*
 * core-regions.c - the CFG blocks of one condition as written: an
 * if/else-if ladder or an && / || chain on one value is several blocks,
 * each ending in a test.  A rule that asks where a condition sends each
 * value of what it tests (pgmap-type: each memory type) groups them into
 * regions and runs a region for a given value.
 */
#include "core.h"

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

const written_switch *switch_of_cond(basic_block bb)
{
	gimple *last = last_stmt(bb);
	return last && gimple_code(last) == GIMPLE_COND ? switch_as_written(gimple_location(last)) : NULL;
}

/*
 * Is every way into BB a test on the same value in REGION (directly or
 * through a forwarder)?
 */
static bool entered_only_from(const cond_regions *r, basic_block bb, int region)
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

void regions_build(function *fn, region_test_fn tested, void *data, cond_regions *r)
{
	r->entry_of = vNULL;
	r->value_of = vNULL;
	r->entry_of.safe_grow_cleared(last_basic_block_for_fn(fn));
	r->value_of.safe_grow_cleared(last_basic_block_for_fn(fn));
	for (unsigned i = 0; i < r->entry_of.length(); i++)
		r->entry_of[i] = -1;

	int *rpo = XNEWVEC(int, n_basic_blocks_for_fn(fn));
	int n = pre_and_rev_post_order_compute_fn(fn, NULL, rpo, false);
	for (int i = 0; i < n; i++) {
		basic_block bb = BASIC_BLOCK_FOR_FN(fn, rpo[i]);
		tree value = tested(bb, data);
		if (!value)
			continue;
		r->value_of[bb->index] = value;
		r->entry_of[bb->index] = bb->index;	/* a region of its own, unless... */
		if (!only_tests(bb) || EDGE_COUNT(bb->preds) == 0 || switch_of_cond(bb))
			continue;
		basic_block p = EDGE_PRED(bb, 0)->src;
		if (is_forwarder(p) && single_pred_p(p))
			p = single_pred(p);
		int region = r->entry_of[p->index];
		if (region < 0 || p == bb || !expr_same_value(r->value_of[region], value) ||
		    switch_of_cond(BASIC_BLOCK_FOR_FN(fn, region)))
			continue;
		r->entry_of[bb->index] = region;
		if (!entered_only_from(r, bb, region))
			r->entry_of[bb->index] = bb->index;
	}
	free(rpo);
}

void regions_free(cond_regions *r)
{
	r->entry_of.release();
	r->value_of.release();
}

/* Follow the edges each test takes until one leaves the region. */
basic_block region_run(const cond_regions *r, basic_block entry, tree value)
{
	int region = entry->index;
	tree v = r->value_of[region];
	basic_block bb = entry;
	for (unsigned steps = 0; steps < r->entry_of.length(); steps++) {
		gcond *cond = as_a<gcond *>(last_stmt(bb));
		tree lhs = expr_evaluate(gimple_cond_lhs(cond), v, value);
		tree rhs = lhs ? expr_evaluate(gimple_cond_rhs(cond), v, value) : NULL_TREE;
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

void region_exits(const cond_regions *r, function *fn, int region,
		  void (*exit)(basic_block dest, int flags, void *data), void *data)
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
			exit(dest, e->flags, data);
		}
	}
}
