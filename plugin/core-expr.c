// SPDX-License-Identifier: GPL-2.0
/*
 * core-expr.c - the value model: what an operand is, past copies and
 * conversions; whether two operands are the same value; what an expression
 * computes when one of its values is a given constant; and how the user
 * spells a value.  See core.h, "The value model".
 */
#include "core.h"
#include "calls.h"	/* flags_from_decl_or_type */

/*
 * A scalar local whose every store is visible in the function: not static,
 * not external, its address never taken.
 */
bool expr_unaliased_local_p(tree t)
{
	return (TREE_CODE(t) == VAR_DECL || TREE_CODE(t) == PARM_DECL) &&
	       !TREE_STATIC(t) && !DECL_EXTERNAL(t) && !TREE_ADDRESSABLE(t);
}

bool expr_expect_call_p(const gimple *stmt)
{
	return stmt && is_gimple_call(stmt) && gimple_call_builtin_p(stmt, BUILT_IN_EXPECT);
}

static bool is_memory_reference(tree t)
{
	return handled_component_p(t) || TREE_CODE(t) == MEM_REF ||
	       TREE_CODE(t) == VAR_DECL || TREE_CODE(t) == PARM_DECL;
}

/*
 * What T is, past SSA copies and conversions: the reference it was loaded
 * from ("pgmap->type", a local variable kept in memory at -O0), or the SSA
 * name of a parameter, call result or PHI.
 */
tree expr_underlying(tree t)
{
	for (int guard = 0; guard < 32 && t && TREE_CODE(t) == SSA_NAME; guard++) {
		gimple *def = SSA_NAME_DEF_STMT(t);
		if (!is_gimple_assign(def))
			return t;
		enum tree_code code = gimple_assign_rhs_code(def);
		tree rhs = gimple_assign_rhs1(def);
		if (CONVERT_EXPR_CODE_P(code) || code == SSA_NAME)
			t = rhs;
		else if (gimple_assign_single_p(def) && is_memory_reference(rhs))
			return rhs;
		else
			return t;
	}
	return t;
}

/*
 * Two calls that read the same pgmap: page_pgmap(page) twice.  Only for
 * functions the table calls pgmap accessors, or that GCC knows to be pure.
 */
static bool same_call(tree a, tree b, int depth)
{
	gimple *ca = SSA_NAME_DEF_STMT(a), *cb = SSA_NAME_DEF_STMT(b);
	if (!is_gimple_call(ca) || !is_gimple_call(cb))
		return false;
	tree fa = gimple_call_fndecl(ca);
	if (!fa || fa != gimple_call_fndecl(cb) ||
	    gimple_call_num_args(ca) != gimple_call_num_args(cb))
		return false;
	if (!call_api(ca, "pgmap-accessor") && !(flags_from_decl_or_type(fa) & (ECF_CONST | ECF_PURE)))
		return false;
	for (unsigned i = 0; i < gimple_call_num_args(ca); i++)
		if (!expr_same_value(gimple_call_arg(ca, i), gimple_call_arg(cb, i), depth + 1))
			return false;
	return true;
}

/*
 * Do A and B denote the same value?  At -O0 and before FRE every
 * "pgmap->type" in a chain is a load of its own, so loads of the same
 * reference (same fields, same base) count as the same value.
 */
bool expr_same_value(tree a, tree b, int depth)
{
	if (depth > 16)
		return false;
	a = expr_underlying(a);
	b = expr_underlying(b);
	if (a == b)
		return true;
	if (!a || !b || TREE_CODE(a) != TREE_CODE(b))
		return false;
	switch (TREE_CODE(a)) {
	case COMPONENT_REF:
		return TREE_OPERAND(a, 1) == TREE_OPERAND(b, 1) &&
		       expr_same_value(TREE_OPERAND(a, 0), TREE_OPERAND(b, 0), depth + 1);
	case MEM_REF:
		return tree_int_cst_equal(TREE_OPERAND(a, 1), TREE_OPERAND(b, 1)) &&
		       expr_same_value(TREE_OPERAND(a, 0), TREE_OPERAND(b, 0), depth + 1);
	case ADDR_EXPR:
		return expr_same_value(TREE_OPERAND(a, 0), TREE_OPERAND(b, 0), depth + 1);
	case SSA_NAME:
		return same_call(a, b, depth);
	default:
		return false;
	}
}

/* Operations the evaluator folds on constants. */
bool expr_foldable_code(enum tree_code code)
{
	enum tree_code_class cls = TREE_CODE_CLASS(code);
	return cls == tcc_unary || cls == tcc_binary || cls == tcc_comparison ||
	       code == SSA_NAME || code == TRUTH_AND_EXPR || code == TRUTH_OR_EXPR ||
	       code == TRUTH_XOR_EXPR || code == TRUTH_NOT_EXPR;
}

/* Is T an SSA name of a variable the user declared? */
static bool is_user_variable(tree t)
{
	tree var = TREE_CODE(t) == SSA_NAME ? SSA_NAME_VAR(t) : NULL_TREE;
	return var && DECL_NAME(var) && !DECL_IGNORED_P(var) && !DECL_ARTIFICIAL(var);
}

/*
 * Walk the computation of T (SSA definitions by foldable operations,
 * __builtin_expect) down to the values it is computed from: loads,
 * parameters, calls, PHIs.  Constants are not leaves.  STMTS, if given,
 * collects the statements of the expression, leaves' definitions
 * included, down to the user's variables: "type = pgmap->type" is a
 * statement of its own, not part of a later "if (type == ...)".
 * *BUDGET counts the visits left; at 0 the walk is abandoned.
 */
void expr_leaves(tree t, vec<expr_leaf> *leaves, vec<gimple *> *stmts, int *budget,
		 tree named, int depth)
{
	if (TREE_CODE(t) == INTEGER_CST || *budget <= 0)
		return;
	--*budget;
	if (depth > 32 || TREE_CODE(t) != SSA_NAME) {
		expr_leaf l = { t, named ? named : t };
		leaves->safe_push(l);
		return;
	}
	gimple *def = SSA_NAME_DEF_STMT(t);
	if (is_user_variable(t)) {
		stmts = NULL;
		named = t;	/* "int t = pgmap->type": the user reads "t" */
	}
	if (stmts && !gimple_nop_p(def))
		stmts->safe_push(def);
	if (is_gimple_assign(def) && expr_foldable_code(gimple_assign_rhs_code(def))) {
		/*
		 * A variable names the leaf only if it holds it (a copy or a
		 * conversion): "int __ret = !!(t != A && t != B)" (WARN_ON())
		 * holds a computation of it, and the user reads the leaf.
		 */
		enum tree_code code = gimple_assign_rhs_code(def);
		if (!CONVERT_EXPR_CODE_P(code) && code != SSA_NAME && code != NON_LVALUE_EXPR)
			named = NULL_TREE;
		for (unsigned i = 1; i < gimple_num_ops(def); i++)
			expr_leaves(gimple_op(def, i), leaves, stmts, budget, named, depth + 1);
	} else if (is_gimple_assign(def) && gimple_assign_single_p(def) &&
		   TREE_CODE(gimple_assign_rhs1(def)) == INTEGER_CST) {
		/* a constant */
	} else if (expr_expect_call_p(def)) {
		expr_leaves(gimple_call_arg(def, 0), leaves, stmts, budget, named, depth + 1);
	} else {
		expr_leaf l = { t, named ? named : t };
		leaves->safe_push(l);
	}
}

/*
 * The value of T when the tested value V holds the enumerator VALUE (a
 * constant of V's enum type): a constant, or NULL_TREE if T cannot be
 * evaluated.  Folding builds new constants only; the IL is not touched.
 */
tree expr_evaluate(tree t, tree v, tree value, int depth)
{
	if (TREE_CODE(t) == INTEGER_CST)
		return t;
	/* Only called on computations expr_leaves() walked within its budget. */
	if (depth > 32)
		return NULL_TREE;
	if (expr_same_value(t, v))
		return fold_convert(TREE_TYPE(t), value);
	if (TREE_CODE(t) != SSA_NAME)
		return NULL_TREE;
	gimple *def = SSA_NAME_DEF_STMT(t);
	if (expr_expect_call_p(def)) {
		tree r = expr_evaluate(gimple_call_arg(def, 0), v, value, depth + 1);
		return r ? fold_convert(TREE_TYPE(t), r) : NULL_TREE;
	}
	if (!is_gimple_assign(def))
		return NULL_TREE;
	enum tree_code code = gimple_assign_rhs_code(def);
	tree type = TREE_TYPE(gimple_assign_lhs(def));
	tree a = expr_evaluate(gimple_assign_rhs1(def), v, value, depth + 1);
	if (!a)
		return NULL_TREE;
	tree r = NULL_TREE;
	switch (get_gimple_rhs_class(code)) {
	case GIMPLE_SINGLE_RHS:
		r = fold_convert(type, a);
		break;
	case GIMPLE_UNARY_RHS:
		r = fold_unary(code, type, a);
		break;
	case GIMPLE_BINARY_RHS: {
		tree b = expr_evaluate(gimple_assign_rhs2(def), v, value, depth + 1);
		r = b ? fold_binary(code, type, a, b) : NULL_TREE;
		break;
	}
	default:
		break;
	}
	return r && TREE_CODE(r) == INTEGER_CST ? r : NULL_TREE;
}

/* ------------------------------------------------------------------ */
/* Spelling                                                             */

/*
 * How the user would spell reference or value T: "pgmap->type",
 * "page->pgmap->type", "page_pgmap(page)->type", "type".  *POINTER is set
 * when the spelling is of a pointer whose target T is (a MEM_REF): the next
 * field access is then "->".  NULL when there is no readable spelling.
 */
static char *spell(tree t, bool *pointer, int depth = 0)
{
	*pointer = false;
	if (!t || depth > 12)
		return NULL;
	switch (TREE_CODE(t)) {
	case SSA_NAME: {
		/* A named variable is spelled as the user wrote it: "t", not
		 * the "pgmap->type" it was loaded from. */
		tree var = SSA_NAME_VAR(t);
		if (var && DECL_NAME(var) && !DECL_IGNORED_P(var))
			return xstrdup(IDENTIFIER_POINTER(DECL_NAME(var)));
		gimple *def = SSA_NAME_DEF_STMT(t);
		if (is_gimple_assign(def) && (CONVERT_EXPR_CODE_P(gimple_assign_rhs_code(def)) ||
					      gimple_assign_single_p(def)))
			return spell(gimple_assign_rhs1(def), pointer, depth + 1);
		if (is_gimple_call(def) && gimple_call_fndecl(def)) {
			char *s = concat(IDENTIFIER_POINTER(DECL_NAME(gimple_call_fndecl(def))), "(", NULL);
			for (unsigned i = 0; i < gimple_call_num_args(def); i++) {
				bool p;
				char *arg = spell(gimple_call_arg(def, i), &p, depth + 1);
				if (!arg || p) {
					free(arg);
					free(s);
					return NULL;
				}
				char *n = concat(s, i ? ", " : "", arg, NULL);
				free(s);
				free(arg);
				s = n;
			}
			char *n = concat(s, ")", NULL);
			free(s);
			return n;
		}
		return NULL;
	}
	case VAR_DECL:
	case PARM_DECL:
		if (DECL_NAME(t) && !DECL_IGNORED_P(t))
			return xstrdup(IDENTIFIER_POINTER(DECL_NAME(t)));
		return NULL;
	case MEM_REF:
		if (!integer_zerop(TREE_OPERAND(t, 1)))
			return NULL;
		{
			bool p;
			char *s = spell(TREE_OPERAND(t, 0), &p, depth + 1);
			if (!s || p) {
				free(s);
				return NULL;
			}
			*pointer = true;
			return s;
		}
	case COMPONENT_REF: {
		tree field = TREE_OPERAND(t, 1);
		char *base = spell(TREE_OPERAND(t, 0), pointer, depth + 1);
		if (!base || !DECL_NAME(field))	/* an anonymous struct or union */
			return base;
		char *s = concat(base, *pointer ? "->" : ".", IDENTIFIER_POINTER(DECL_NAME(field)), NULL);
		free(base);
		*pointer = false;
		return s;
	}
	default:
		return NULL;
	}
}

char *expr_spelling(tree v, const char *fallback)
{
	bool pointer;
	char *s = spell(v, &pointer);
	if (s && pointer) {
		char *t = concat("*", s, NULL);
		free(s);
		s = t;
	}
	return s ? s : xstrdup(fallback);
}

/* Is T computed (through foldable operations) from a comparison? */
bool expr_computes_comparison(tree t, int *budget)
{
	if (TREE_CODE(t) != SSA_NAME || --*budget <= 0)
		return false;
	gimple *def = SSA_NAME_DEF_STMT(t);
	if (expr_expect_call_p(def))
		return expr_computes_comparison(gimple_call_arg(def, 0), budget);
	if (!is_gimple_assign(def) || !expr_foldable_code(gimple_assign_rhs_code(def)))
		return false;
	if (TREE_CODE_CLASS(gimple_assign_rhs_code(def)) == tcc_comparison)
		return true;
	for (unsigned i = 1; i < gimple_num_ops(def); i++)
		if (expr_computes_comparison(gimple_op(def, i), budget))
			return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* Enumerations                                                         */

/* The enumerators of ENUM_TYPE, in declaration order. */
void enumerators_of(tree enum_type, vec<enumerator> *out)
{
	for (tree v = TYPE_VALUES(enum_type); v; v = TREE_CHAIN(v)) {
		tree name = TREE_PURPOSE(v), value = TREE_VALUE(v);
		if (TREE_CODE(value) == CONST_DECL)
			value = DECL_INITIAL(value);
		if (name && DECL_P(name))
			name = DECL_NAME(name);
		if (!name || TREE_CODE(value) != INTEGER_CST || !tree_fits_shwi_p(value))
			continue;
		enumerator e = { IDENTIFIER_POINTER(name), tree_to_shwi(value) };
		out->safe_push(e);
	}
}
