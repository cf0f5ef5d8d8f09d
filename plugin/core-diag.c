/*
 * core-diag.c - where and how to report.
 */
#include "core.h"

/*
 * Report in the user's code.  A token that came from a macro argument (the
 * condition of ___wait_var_event(), the argument of WARN_ON_ONCE()) is
 * spelled at or after the macro's expansion point, in the same file: keep
 * its spelling.  A token from a macro body is spelled in the #define, in a
 * header or earlier in the file: report the expansion point instead.
 */
location_t user_location(location_t loc)
{
	if (loc == UNKNOWN_LOCATION || !linemap_location_from_macro_expansion_p(line_table, loc))
		return loc;
	location_t expansion = linemap_resolve_location(line_table, loc,
							LRK_MACRO_EXPANSION_POINT, NULL);
	location_t spelling = linemap_resolve_location(line_table, loc,
						       LRK_SPELLING_LOCATION, NULL);
	expanded_location exp = expand_location(expansion);
	expanded_location spell = expand_location(spelling);
	if (exp.file && spell.file && !strcmp(exp.file, spell.file) &&
	    (spell.line > exp.line || (spell.line == exp.line && spell.column >= exp.column)))
		return spelling;
	return expansion;
}

location_t stmt_location(const gimple *stmt)
{
	return user_location(gimple_location(stmt));
}

const char *value_name(tree t)
{
	if (t && TREE_CODE(t) == ADDR_EXPR)
		t = TREE_OPERAND(t, 0);
	/* At -O0 an argument is a temporary copied from the variable. */
	for (int guard = 0; guard < 8 && t && TREE_CODE(t) == SSA_NAME && !SSA_NAME_VAR(t); guard++) {
		gimple *def = SSA_NAME_DEF_STMT(t);
		if (!is_gimple_assign(def) || !gimple_assign_single_p(def))
			break;
		t = gimple_assign_rhs1(def);
	}
	if (t && TREE_CODE(t) == SSA_NAME)
		t = SSA_NAME_VAR(t);
	if (t && DECL_P(t) && DECL_NAME(t) && !DECL_IGNORED_P(t))
		return IDENTIFIER_POINTER(DECL_NAME(t));
	return "the value";
}
