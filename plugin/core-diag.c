// SPDX-License-Identifier: GPL-2.0
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

/* "A", "A and B", "A, B and C".  The result is malloc'ed. */
char *join_names(const vec<const char *> &names)
{
	char *s = xstrdup("");
	for (unsigned i = 0; i < names.length(); i++) {
		const char *sep = i == 0 ? "" : i + 1 == names.length() ? " and " : ", ";
		char *t = concat(s, sep, names[i], NULL);
		free(s);
		s = t;
	}
	return s;
}

/* Is A before B in the same file? */
static bool earlier(location_t a, location_t b)
{
	expanded_location x = expand_location(a), y = expand_location(b);
	if (!x.file || !y.file || strcmp(x.file, y.file))
		return false;
	return x.line < y.line || (x.line == y.line && x.column < y.column);
}

/*
 * Where to report a condition: its first token.  The statements of one
 * source condition carry the locations of different operators at -O0 and
 * -O2 ("&&" where the front end folded the chain), so take the earliest.
 */
location_t earliest_location(const vec<gimple *> &stmts, location_t fallback)
{
	location_t best = fallback;
	for (gimple *stmt : stmts) {
		location_t loc = stmt_location(stmt);
		if (loc != UNKNOWN_LOCATION && (best == UNKNOWN_LOCATION || earlier(loc, best)))
			best = loc;
	}
	return best;
}

/* The first located statement of BB, for "the branch at line N". */
location_t block_location(basic_block bb)
{
	for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
		gimple *stmt = gsi_stmt(gsi);
		if (is_gimple_debug(stmt) || gimple_code(stmt) == GIMPLE_LABEL)
			continue;
		location_t loc = stmt_location(stmt);
		if (loc != UNKNOWN_LOCATION)
			return loc;
	}
	return UNKNOWN_LOCATION;
}

/* An empty block that only passes control on (-O0 keeps some for goto locations). */
bool is_forwarder(basic_block bb)
{
	return single_succ_p(bb) && gsi_end_p(gsi_start_nondebug_after_labels_bb(bb));
}

basic_block skip_forwarders(basic_block bb)
{
	for (int guard = 0; guard < 8 && is_forwarder(bb); guard++)
		bb = single_succ(bb);
	return bb;
}
