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

/* ------------------------------------------------------------------ */
/* The kernel version the translation unit is compiled for              */

/* The C front end's preprocessor (c-family/c-opts.cc). */
extern cpp_reader *parse_in;

static int version_option = -1;		/* kernel-version=, or -1 */

bool kernel_version_option(const char *value)
{
	unsigned major, minor;
	char end;
	if (!value || sscanf(value, "%u.%u%c", &major, &minor, &end) != 2 ||
	    major < 2 || major > 255 || minor > 255)
		return false;
	version_option = KERNEL_VERSION_CODE(major, minor, 0);
	return true;
}

/*
 * LINUX_VERSION_CODE as the translation unit defines it (<linux/version.h>
 * writes "#define LINUX_VERSION_CODE 393479"), or -1.  Looked up once, when
 * the first function is analysed: parsing is over by then.
 */
static int version_macro(void)
{
	if (!parse_in)
		return -1;
	cpp_hashnode *node = cpp_lookup(parse_in, (const unsigned char *)"LINUX_VERSION_CODE",
					strlen("LINUX_VERSION_CODE"));
	if (!node || !cpp_macro_p(node) || cpp_builtin_macro_p(node))
		return -1;
	const char *def = (const char *)cpp_macro_definition(parse_in, node);
	const char *body = def ? strchr(def, ' ') : NULL;
	if (!body)
		return -1;
	/* A plain number, or KERNEL_VERSION(a, b, c) with numbers. */
	unsigned a, b, c;
	char close;
	if (sscanf(body, " KERNEL_VERSION ( %u , %u , %u %c", &a, &b, &c, &close) == 4 &&
	    close == ')' && a < 256 && b < 256)
		return KERNEL_VERSION_CODE((int)a, (int)b, c > 255 ? 255 : (int)c);
	char *end;
	long code = strtol(body, &end, 0);
	while (*end == 'U' || *end == 'u' || *end == 'L' || *end == 'l' || *end == ' ')
		end++;
	if (*end || code <= 0 || code > 0xffffff)
		return -1;
	return (int)code;
}

int kernel_version(void)
{
	static int cached = -2;
	if (cached == -2) {
		cached = version_macro();
		if (cached < 0)
			cached = version_option;
	}
	return cached;
}
