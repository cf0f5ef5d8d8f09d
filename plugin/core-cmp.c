// SPDX-License-Identifier: GPL-2.0
/*
 * core-cmp.c - comparisons of a variable with a constant, where the user
 * wrote them.  GCC gives a condition in "a &&\n refs == 1" the location of
 * the "&&" (at every -O level) and keeps none for the comparison itself;
 * the front end still has it.  A rule records them as its parsed_node
 * (cmp_record_node) and looks them up from the GIMPLE pass
 * (cmp_as_written).
 */
#include "core.h"

struct written_cmp {
	location_t truth;	/* the enclosing &&, ||, &, | (pure location) */
	tree var;		/* the variable compared (a declaration: not collected) */
	HOST_WIDE_INT value;	/* the constant it is compared with */
	location_t cmp;		/* the comparison's operator */
};
static vec<written_cmp> written_cmps;

static bool truth_code_p(enum tree_code code)
{
	return code == TRUTH_ANDIF_EXPR || code == TRUTH_ORIF_EXPR ||
	       code == TRUTH_AND_EXPR || code == TRUTH_OR_EXPR;
}

/* "VAR op N" or "N op VAR": the variable (and *VALUE = N), else NULL. */
static tree compared_var(tree cmp, HOST_WIDE_INT *value)
{
	tree a = TREE_OPERAND(cmp, 0), b = TREE_OPERAND(cmp, 1);
	STRIP_NOPS(a);
	STRIP_NOPS(b);
	if (TREE_CODE(a) == INTEGER_CST)
		std::swap(a, b);
	if (TREE_CODE(b) != INTEGER_CST || !tree_fits_shwi_p(b))
		return NULL_TREE;
	*value = tree_to_shwi(b);
	return TREE_CODE(a) == VAR_DECL || TREE_CODE(a) == PARM_DECL ? a : NULL_TREE;
}

/* Record the comparisons of variables among the operands of a truth operation at LOC. */
static void record_operands(location_t loc, tree op)
{
	for (int guard = 0; guard < 8 && op && (CONVERT_EXPR_P(op) ||
		TREE_CODE(op) == NON_LVALUE_EXPR || TREE_CODE(op) == TRUTH_NOT_EXPR); guard++)
		op = TREE_OPERAND(op, 0);
	if (!op)
		return;
	if (truth_code_p(TREE_CODE(op))) {
		record_operands(loc, TREE_OPERAND(op, 0));
		record_operands(loc, TREE_OPERAND(op, 1));
		return;
	}
	tree var;
	HOST_WIDE_INT value;
	if (COMPARISON_CLASS_P(op) && EXPR_HAS_LOCATION(op) && (var = compared_var(op, &value))) {
		written_cmp w = { loc, var, value, EXPR_LOCATION(op) };
		written_cmps.safe_push(w);
	}
}

/* A truth operation seen twice records the same comparisons twice, which
 * cmp_as_written() tells from two different ones. */
void cmp_record_node(tree t)
{
	if (truth_code_p(TREE_CODE(t)) && EXPR_HAS_LOCATION(t)) {
		location_t loc = get_pure_location(EXPR_LOCATION(t));
		record_operands(loc, TREE_OPERAND(t, 0));
		record_operands(loc, TREE_OPERAND(t, 1));
	}
}

location_t cmp_as_written(location_t at, tree var, HOST_WIDE_INT low, HOST_WIDE_INT high)
{
	location_t found = UNKNOWN_LOCATION;
	at = get_pure_location(at);
	for (const written_cmp &w : written_cmps)
		if (w.truth == at && w.var == var && w.value >= low && w.value <= high) {
			if (found != UNKNOWN_LOCATION && found != w.cmp)
				return UNKNOWN_LOCATION;	/* two: which one? */
			found = w.cmp;
		}
	return found;
}
