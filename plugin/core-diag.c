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
