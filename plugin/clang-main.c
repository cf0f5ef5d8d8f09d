// SPDX-License-Identifier: GPL-2.0
/*
 * clang-main.c - devmap-lint-clang: parse one C file with libclang and the
 * compiler's flags, run the rules, print GCC-style diagnostics.
 *
 *	devmap-lint-clang [-fdevmap-lint-enable=RULE] CLANG-FLAGS... FILE.c
 *	devmap-lint-clang --dump-cfg|--check-cfg [--cfg-function=NAME] CLANG-FLAGS... FILE.c
 *	devmap-lint-clang --each=DIR [--dump-cfg|--check-cfg ...] CLANG-FLAGS... -- FILE.c...
 *
 * --dump-cfg prints the control-flow graph of every function (or NAME)
 * instead of running the rules, --check-cfg checks its invariants (the
 * format and the invariants: plugin/clang-cfg.c); exit status 1 when an
 * invariant does not hold.
 *
 * --each=DIR runs the tool on each FILE after "--" in turn, with the same
 * flags, as one run per file would: each in a process forked from this one
 * once libclang is loaded (loading it, a tenth of a second of CPU, is most
 * of a run on a small file; the test suites run the tool on dozens), so
 * nothing carries over from one file to the next.  A file's standard
 * output goes to DIR/KEY.out, its standard error to DIR/KEY.err and its
 * exit status to DIR/KEY.status, KEY being the file's path with every '/'
 * as '%' (as devmap-lint-cc names its logs).  Exit status 0 when every
 * file was run (whatever it found), 2 on bad usage or when DIR cannot be
 * written.
 *
 * The flags are a clang command line as kbuild runs it (LLVM=1); what only
 * concerns output files (-c, -o FILE, -MD, -MF FILE, -Wp,-MMD,...) is
 * dropped, and so is -Werror: devmap-lint's findings are warnings.  The
 * flags libclang does not know must be dropped by the caller
 * (scripts/devmap-lint-clang-cc does, with a warning).
 *
 * Exit status: 0 when the file was analysed (findings or not); 2 when it
 * could not be (bad usage, a parse error: the compiler's error lines are
 * printed, as the compiler would).
 */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "clang-core.h"
#include "clang-cfg.h"
#include "ir-paths.h"

/* The libclang the tool is built against (Makefile: llvm-config --version). */
#ifndef LIBCLANG_MAJOR
#define LIBCLANG_MAJOR "?"
#endif

static bool parseable_fixits;
static const char *open_quote = "'", *close_quote = "'";

/* ---- the cursor tree ---------------------------------------------------- */

static struct cnode *new_node(CXCursor c, struct cnode *parent);

static enum CXChildVisitResult add_kid(CXCursor c, CXCursor p, CXClientData data)
{
	struct cnode *parent = (struct cnode *)data;
	(void)p;
	parent->kids = (struct cnode **)realloc(parent->kids, (parent->nkids + 1) * sizeof(*parent->kids));
	if (!parent->kids)
		abort();
	struct cnode *k = new_node(c, parent);
	k->index = parent->nkids;
	parent->kids[parent->nkids++] = k;
	return CXChildVisit_Continue;
}

static struct cnode *new_node(CXCursor c, struct cnode *parent)
{
	struct cnode *n = (struct cnode *)calloc(1, sizeof(*n));
	if (!n)
		abort();
	n->c = c;
	n->kind = clang_getCursorKind(c);
	n->parent = parent;
	clang_visitChildren(c, add_kid, n);
	return n;
}

struct cnode *cnode_build(CXCursor root)
{
	return new_node(root, NULL);
}

void cnode_free(struct cnode *n)
{
	for (unsigned i = 0; i < n->nkids; i++)
		cnode_free(n->kids[i]);
	free(n->kids);
	free(n);
}

static bool is_wrapper(const struct cnode *n)
{
	/* ( ), implicit casts (unexposed), (T) casts */
	return n->nkids >= 1 && (n->kind == CXCursor_ParenExpr || n->kind == CXCursor_CStyleCastExpr ||
				 (n->kind == CXCursor_UnexposedExpr && n->nkids == 1));
}

struct cnode *cnode_strip(struct cnode *n)
{
	while (n && is_wrapper(n))
		n = n->kids[n->nkids - 1];
	return n;
}

struct cnode *cnode_parent(struct cnode *n)
{
	struct cnode *p = n->parent;
	while (p && is_wrapper(p))
		p = p->parent;
	return p;
}

char **cnode_tokens(const struct cnode *n, unsigned *count)
{
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(n->c);
	CXToken *tokens = NULL;
	unsigned k = 0;
	clang_tokenize(tu, clang_getCursorExtent(n->c), &tokens, &k);
	char **r = (char **)calloc(k + 1, sizeof(char *));
	unsigned kept = 0;
	for (unsigned i = 0; i < k; i++) {
		if (clang_getTokenKind(tokens[i]) == CXToken_Comment)
			continue;	/* a comment between operands is no part of the expression */
		CXString s = clang_getTokenSpelling(tu, tokens[i]);
		r[kept++] = strdup(clang_getCString(s));
		clang_disposeString(s);
	}
	if (tokens)
		clang_disposeTokens(tu, tokens, k);
	*count = kept;
	return r;
}

void free_tokens(char **t, unsigned count)
{
	for (unsigned i = 0; i < count; i++)
		free(t[i]);
	free(t);
}

char *cnode_pretty(const struct cnode *n)
{
	unsigned k;
	char **t = cnode_tokens(n, &k);
	char *r = strdup("");
	for (unsigned i = 0; i < k; i++) {
		size_t len = strlen(r);
		r = (char *)realloc(r, len + strlen(t[i]) + 3);
		strcpy(r + len, t[i]);
		if (!strcmp(t[i], ","))
			strcat(r, " ");
	}
	free_tokens(t, k);
	return r;
}

/* ---- source files and locations ---------------------------------------- */

struct source {
	char *name;
	char *text;
	size_t len;
	struct source *next;
};
static struct source *sources;

static struct source *source_of(const char *file)
{
	for (struct source *s = sources; s; s = s->next)
		if (!strcmp(s->name, file))
			return s;
	struct source *s = (struct source *)calloc(1, sizeof(*s));
	s->name = strdup(file);
	FILE *f = fopen(file, "rb");
	if (f) {
		size_t cap = 1 << 16, n;
		s->text = (char *)malloc(cap);
		while ((n = fread(s->text + s->len, 1, cap - s->len, f)) > 0) {
			s->len += n;
			if (s->len == cap)
				s->text = (char *)realloc(s->text, cap *= 2);
		}
		fclose(f);
	}
	s->next = sources;
	sources = s;
	return s;
}

const char *source_line(const char *file, int line, unsigned *len)
{
	struct source *s = source_of(file);
	if (!s->text || line < 1)
		return NULL;
	const char *p = s->text, *end = s->text + s->len;
	for (int l = 1; l < line; l++) {
		p = (const char *)memchr(p, '\n', end - p);
		if (!p)
			return NULL;
		p++;
	}
	const char *nl = (const char *)memchr(p, '\n', end - p);
	*len = (unsigned)((nl ? nl : end) - p);
	return p;
}

/* GCC's display column of byte column BYTE: tabs to the next multiple of 8. */
int display_column(const char *file, int line, int byte)
{
	unsigned len;
	const char *text = source_line(file, line, &len);
	if (!text)
		return byte;
	int col = 1;
	for (int i = 0; i < byte - 1 && i < (int)len; i++) {
		if (text[i] == '\t')
			col = ((col - 1) / 8 + 1) * 8 + 1;
		else if (((unsigned char)text[i] & 0xc0) != 0x80)
			col++;
	}
	return col;
}

int byte_column(const char *file, int line, int col)
{
	unsigned len;
	const char *text = source_line(file, line, &len);
	if (!text)
		return col;
	for (int b = 1; b <= (int)len + 1; b++)
		if (display_column(file, line, b) >= col)
			return b;
	return col;
}

/* File names live as long as the tool. */
static const char *intern(const char *s)
{
	for (struct source *p = sources; p; p = p->next)
		if (!strcmp(p->name, s))
			return p->name;
	return source_of(s)->name;
}

struct ir_loc clang_loc(CXSourceLocation l)
{
	struct ir_loc r = { NULL, 0, 0, 0 };
	CXFile file;
	unsigned line, col, off;
	clang_getFileLocation(l, &file, &line, &col, &off);
	if (!file)
		return r;
	CXString name = clang_getFileName(file);
	r.file = intern(clang_getCString(name));
	clang_disposeString(name);
	r.line = (int)line;
	r.column = display_column(r.file, r.line, (int)col);
	return r;
}

struct ir_loc cnode_loc(const struct cnode *n)
{
	return clang_loc(clang_getCursorLocation(n->c));
}

struct ir_loc cnode_expansion(const struct cnode *n)
{
	struct ir_loc r = cnode_loc(n);
	CXFile file;
	unsigned line, col, off;
	clang_getExpansionLocation(clang_getCursorLocation(n->c), &file, &line, &col, &off);
	if (file && r.file) {
		r.line = (int)line;
		r.column = display_column(r.file, r.line, (int)col);
	}
	return r;
}

struct ir_loc cnode_start(const struct cnode *n)
{
	return clang_loc(clang_getRangeStart(clang_getCursorExtent(n->c)));
}

bool ir_loc_before(struct ir_loc a, struct ir_loc b)
{
	if (!a.file || !b.file || strcmp(a.file, b.file))
		return false;
	return a.line < b.line || (a.line == b.line && a.column < b.column);
}

/* ---- reporting ------------------------------------------------------------ */

/* TEXT as GCC's parseable fix-its quote it. */
static void print_escaped(const char *text)
{
	for (const char *p = text; *p; p++) {
		if (*p == '\n')
			fputs("\\n", stderr);
		else if (*p == '\t')
			fputs("\\t", stderr);
		else if (*p == '"' || *p == '\\')
			fprintf(stderr, "\\%c", *p);
		else
			fputc(*p, stderr);
	}
}

void clang_report(const char *rule, const struct ir_finding *f)
{
	char *msg = ir_render(f->message, open_quote, close_quote);
	fprintf(stderr, "%s:%d:%d: warning: %s [devmap-lint:%s]\n", f->loc.file ? f->loc.file : "<unknown>",
	       f->loc.line, f->loc.column, msg, rule);
	free(msg);
	for (unsigned i = 0; i < f->nnotes; i++) {
		const struct ir_loc *at = &f->notes[i].at;
		char *note = ir_render(f->notes[i].message, open_quote, close_quote);
		fprintf(stderr, "%s:%d:%d: note: %s\n", at->file ? at->file : "<unknown>", at->line, at->column, note);
		free(note);
	}
	if (!parseable_fixits)
		return;
	for (unsigned i = 0; i < f->nfixits; i++) {
		const struct ir_loc *at = &f->fixits[i].at;
		fprintf(stderr, "fix-it:\"%s\":{%d:%d-%d:%d}:\"", at->file, at->line, at->column, at->line, at->column);
		print_escaped(f->fixits[i].text);
		fputs("\"\n", stderr);
	}
}

/* ---- driver --------------------------------------------------------------- */

static bool rule_on(const char *rule);

static enum CXChildVisitResult visit_top(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	(void)data;
	if (clang_getCursorKind(c) != CXCursor_FunctionDecl || !clang_isCursorDefinition(c) ||
	    !clang_Location_isFromMainFile(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	struct cnode *fn = cnode_build(c);
	for (unsigned i = 0; i < fn->nkids && rule_on(PGMAP_TYPE_RULE); i++)
		if (fn->kids[i]->kind == CXCursor_CompoundStmt)
			pgmap_type_function(fn->kids[i]);
	cnode_free(fn);
	if (rule_on(REFCOUNT_ONE_RULE))
		refcount_one_function(c);
	return CXChildVisit_Continue;
}

/* Flags about output files, and -Werror: not for a parse. */
static int dropped(char **argv, int i, int argc)
{
	const char *a = argv[i];
	if (!strcmp(a, "-o") || !strcmp(a, "-MF") || !strcmp(a, "-MT") || !strcmp(a, "-MQ"))
		return i + 1 < argc ? 2 : 1;
	if (!strcmp(a, "-c") || !strcmp(a, "-S") || !strcmp(a, "-E") || !strcmp(a, "-MD") ||
	    !strcmp(a, "-MMD") || !strcmp(a, "-Werror") || !strncmp(a, "-Wp,", 4) ||
	    !strncmp(a, "-Werror=", 8))
		return 1;
	return 0;
}

/*
 * The argument an "unknown argument: '-fx'" error of the driver names (a
 * flag of a newer clang than the installed libclang), or NULL.  Malloc'ed.
 */
static char *unknown_argument(CXDiagnostic d)
{
	CXString s = clang_getDiagnosticSpelling(d);
	const char *text = clang_getCString(s), *q;
	char *arg = NULL;
	if (!strncmp(text, "unknown argument", 16) && (q = strchr(text, '\'')) && strchr(q + 1, '\''))
		arg = strndup(q + 1, strchr(q + 1, '\'') - q - 1);
	clang_disposeString(s);
	return arg;
}

/*
 * Parse with ARGS.  Flags the installed libclang does not know are dropped
 * with a warning, once, as the kernel's rust/Makefile drops the flags
 * bindgen's libclang does not know; any other error is printed as the
 * compiler prints it and the file is not analysed (NULL).
 */
static CXTranslationUnit parse(CXIndex index, const char **args, int *nargs)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		CXTranslationUnit tu = NULL;
		enum CXErrorCode err = clang_parseTranslationUnit2(index, NULL, args, *nargs, NULL, 0,
								   CXTranslationUnit_KeepGoing, &tu);
		if (err != CXError_Success || !tu) {
			/* Most often the file is not there (a wrong path, or run
			 * from outside the tree its flags' relative -I point in). */
			for (int i = 0; i < *nargs; i++) {
				size_t n = strlen(args[i]);
				if (args[i][0] != '-' && n > 2 && args[i][n - 2] == '.' &&
				    strchr("chi", args[i][n - 1]) && access(args[i], R_OK) != 0) {
					fprintf(stderr, "devmap-lint-clang: error: cannot read %s: %s\n",
						args[i], strerror(errno));
					return NULL;
				}
			}
			fprintf(stderr, "devmap-lint-clang: error: libclang could not parse the file (error %d)\n",
				(int)err);
			return NULL;
		}
		int errors = 0, unknown = 0;
		for (unsigned i = 0; i < clang_getNumDiagnostics(tu); i++) {
			CXDiagnostic d = clang_getDiagnostic(tu, i);
			char *arg = unknown_argument(d);
			if (arg && attempt == 0) {
				for (int k = 0; k < *nargs; k++)
					if (!strcmp(args[k], arg)) {
						fprintf(stderr, "devmap-lint-clang: warning: libclang %s does not know '%s': "
							"dropped\n", LIBCLANG_MAJOR, arg);
						memmove(&args[k], &args[k + 1], (*nargs - k) * sizeof(*args));
						(*nargs)--;
						unknown++;
						break;
					}
			} else if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
				CXString s = clang_formatDiagnostic(d, clang_defaultDiagnosticDisplayOptions());
				fprintf(stderr, "%s\n", clang_getCString(s));
				clang_disposeString(s);
				errors++;
			}
			free(arg);
			clang_disposeDiagnostic(d);
		}
		if (!errors && !unknown)
			return tu;
		clang_disposeTranslationUnit(tu);
		if (errors) {
			fprintf(stderr, "devmap-lint-clang: %d error%s: the file was not analysed\n", errors,
				errors == 1 ? "" : "s");
			return NULL;
		}
	}
	return NULL;
}

/*
 * The API table: -fplugin-arg-devmap_lint-rules=FILE as for the plugin, else
 * next to the tool: build/devmap-lint-clang -> rules/devmap-api.tbl in the
 * source tree, LIBDIR/build/ -> LIBDIR/rules/ when installed.
 */
static char *default_table(void)
{
	static char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 64);
	if (n <= 0)
		return strdup("rules/devmap-api.tbl");
	exe[n] = 0;
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = 0;
	size_t len = strlen(exe) + 64;
	char *p = (char *)malloc(len);
	snprintf(p, len, "%s/../rules/devmap-api.tbl", exe);
	return p;
}

/* "A.B" as KERNEL_VERSION(A, B, 0), or -1. */
static int version_arg(const char *value)
{
	unsigned major, minor;
	char end;
	if (sscanf(value, "%u.%u%c", &major, &minor, &end) != 2 || major < 2 || major > 255 || minor > 255)
		return -1;
	return (int)((major << 16) + (minor << 8));
}

/*
 * The plugin's own options (-fplugin-arg-devmap_lint-NAME=VALUE) are read
 * and checked by plugin_option() below; none reaches libclang.
 * A -DLINUX_VERSION_CODE=N on the command line is the translation unit's
 * version, as the plugin reads the macro (one defined in the source is
 * not seen: the kernel's comes from <linux/version.h>, the same as the
 * tree's kernel.release that devmap-lint-clang-cc passes).
 */
static const char *table_path;
static int option_version = -1, macro_version = -1;
static const char *enabled, *disabled;	/* enable=, disable= lists, as the plugin's */

/* Is RULE in the comma-separated LIST? */
static bool listed(const char *list, const char *rule)
{
	size_t n = strlen(rule);
	for (const char *p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, rule, n) && (p[n] == ',' || p[n] == 0))
			return true;
	return false;
}

static bool rule_on(const char *rule)
{
	return (!enabled || listed(enabled, rule)) && !listed(disabled, rule);
}
/* The rules this engine runs (enable=/disable= are checked against them). */
static const char *const engine_rules[] = { PGMAP_TYPE_RULE, REFCOUNT_ONE_RULE, PGMAP_REF_RULE };
#define NENGINE_RULES (sizeof(engine_rules) / sizeof(engine_rules[0]))

/* A bad option of the plugin's was reported: exit 2 before any parse. */
static bool option_error;
static bool help_asked;

static void option_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "devmap-lint-clang: error: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	option_error = true;
}

/* KEY's LIST names only rules this engine has (as the plugin checks). */
static void check_rules(const char *key, const char *list)
{
	const char *const *known = engine_rules;
	if (!*list) {
		option_fail("option '%s' needs a list of rules", key);
		return;
	}
	for (const char *p = list; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
		size_t n = strcspn(p, ",");
		bool found = false;
		for (size_t k = 0; k < NENGINE_RULES; k++)
			found |= strlen(known[k]) == n && !strncmp(p, known[k], n);
		if (!found) {
			char name[128];
			snprintf(name, sizeof(name), "%.*s", (int)n, p);
			option_fail("option '%s': unknown rule '%s'", key, name);
		}
	}
}

/*
 * The plugin's options (-fplugin-arg-devmap_lint-KEY[=VALUE]), checked as
 * the plugin checks them (a typo is an error, not a clean file): rules=,
 * kernel-version=, enable=, disable= and help are read; analysis-only is
 * accepted (this tool generates no code anyway); none reaches libclang.
 * True when A was one of them.
 */
static bool plugin_option(const char *a)
{
	const char *pre = "-fplugin-arg-devmap_lint-";
	if (!strncmp(a, "-DLINUX_VERSION_CODE=", 21)) {
		char *end;
		long v = strtol(a + 21, &end, 0);
		if (!*end && v > 0 && v <= 0xffffff)
			macro_version = (int)v;
		return false;
	}
	if (strncmp(a, pre, strlen(pre)))
		return false;
	a += strlen(pre);
	if (!strncmp(a, "rules=", 6)) {
		table_path = a + 6;
		if (!*table_path)
			option_fail("option 'rules' needs a file");
	} else if (!strncmp(a, "kernel-version=", 15)) {
		option_version = version_arg(a + 15);
		if (option_version < 0)
			option_fail("option 'kernel-version' needs MAJOR.MINOR (e.g. 6.12), not '%s'", a + 15);
	} else if (!strncmp(a, "enable=", 7)) {
		enabled = a + 7;
		check_rules("enable", enabled);
	} else if (!strncmp(a, "disable=", 8)) {
		disabled = a + 8;
		check_rules("disable", disabled);
	} else if (!strcmp(a, "help")) {
		help_asked = true;
	} else if (strcmp(a, "analysis-only")) {
		option_fail("unknown option '-fplugin-arg-devmap_lint-%s' (try --help)", a);
	}
	return true;
}

/*
 * One run of the tool: ARGS (NARGS of them, the file among them) parsed and
 * analysed: the rules, or the CFG of CFG_MODE.  The exit status.
 */
static int run(const char **args, int nargs, enum cfg_mode cfg_mode, const char *cfg_function)
{
	if (cfg_mode != CFG_MODE_NONE) {
		CXIndex index = clang_createIndex(0, 0);
		CXTranslationUnit tu = parse(index, args, &nargs);
		int status = tu ? cfg_run(tu, cfg_mode, cfg_function) : 2;
		if (tu)
			clang_disposeTranslationUnit(tu);
		clang_disposeIndex(index);
		return status;
	}
	refcount_one_version = macro_version >= 0 ? macro_version : option_version;
	char *table = table_path ? strdup(table_path) : default_table();
	if (!api_table_load(table)) {
		free(table);
		return 2;
	}
	free(table);
	CXIndex index = clang_createIndex(0, 0);
	CXTranslationUnit tu = parse(index, args, &nargs);
	if (!tu) {
		clang_disposeIndex(index);
		return 2;
	}
	clang_visitChildren(clang_getTranslationUnitCursor(tu), visit_top, NULL);
	if (rule_on(PGMAP_REF_RULE))
		pgmap_ref_unit(tu);
	clang_disposeTranslationUnit(tu);
	clang_disposeIndex(index);
	return 0;
}

/* DIR/KEY.EXT for FILE (KEY: FILE with every '/' as '%').  Malloc'ed. */
static char *each_path(const char *dir, const char *file, const char *ext)
{
	size_t len = strlen(dir) + strlen(file) + strlen(ext) + 2;
	char *p = (char *)malloc(len), *k;
	if (!p)
		abort();
	snprintf(p, len, "%s/%s%s", dir, file, ext);
	for (k = p + strlen(dir) + 1; *k; k++)
		if (*k == '/')
			*k = '%';
	return p;
}

/*
 * --each=DIR: run() on each of FILES (NFILES) in a child of its own, its
 * output and status into DIR (see the top of this file).  2 when DIR
 * cannot be written, else 0.
 */
static int run_each(const char *dir, const char **args, int nargs, char **files, int nfiles,
		    enum cfg_mode cfg_mode, const char *cfg_function)
{
	if (nfiles == 0) {
		fprintf(stderr, "devmap-lint-clang: --each: no file after '--'\n");
		return 2;
	}
	for (int i = 0; i < nfiles; i++) {
		char *out = each_path(dir, files[i], ".out"), *err = each_path(dir, files[i], ".err");
		char *st = each_path(dir, files[i], ".status");
		fflush(stdout);
		fflush(stderr);
		pid_t pid = fork();
		if (pid == 0) {
			if (!freopen(out, "w", stdout) || !freopen(err, "w", stderr))
				_exit(127);
			args[nargs] = files[i];
			exit(run(args, nargs + 1, cfg_mode, cfg_function));
		}
		int wstatus = 0, status;
		if (pid < 0 || waitpid(pid, &wstatus, 0) < 0)
			status = -1;
		else
			status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
		FILE *f = status < 0 ? NULL : fopen(st, "w");
		bool written = f && fprintf(f, "%d\n", status) > 0;
		if (f && fclose(f) != 0)
			written = false;
		if (!written) {
			fprintf(stderr, "devmap-lint-clang: --each: cannot run on %s or write %s\n", files[i], st);
			return 2;
		}
		free(out);
		free(err);
		free(st);
	}
	return 0;
}

/* --help: what a user of a clang-built tree needs without the source. */
static void print_help(void)
{
	printf("usage: devmap-lint-clang [OPTION...] CLANG-FLAGS... FILE.c\n"
	       "       devmap-lint-clang --dump-cfg|--check-cfg [--cfg-function=NAME] CLANG-FLAGS... FILE.c\n"
	       "       devmap-lint-clang --each=DIR [OPTION...] CLANG-FLAGS... -- FILE.c...\n"
	       "\n"
	       "Parses FILE.c with libclang " LIBCLANG_MAJOR " and the compiler's flags (a clang\n"
	       "command line as kbuild runs it with LLVM=1), runs devmap-lint's rules and\n"
	       "prints their findings on stderr as GCC prints warnings: \"FILE:LINE:COL:\n"
	       "warning: ... [devmap-lint:RULE]\", then its notes.  Flags about output\n"
	       "files (-c, -o FILE, -MD, -MF FILE, -Wp,...) and -Werror are ignored; a flag\n"
	       "this libclang does not know is dropped with a warning.\n"
	       "\n"
	       "Options (the GCC plugin's, spelled the same):\n"
	       "  -fplugin-arg-devmap_lint-enable=RULE[,RULE...]   run only these rules\n"
	       "  -fplugin-arg-devmap_lint-disable=RULE[,RULE...]  do not run these\n"
	       "  -fplugin-arg-devmap_lint-rules=FILE      the API table (default:\n"
	       "                        ../rules/devmap-api.tbl next to this program)\n"
	       "  -fplugin-arg-devmap_lint-kernel-version=X.Y  the kernel the file is for,\n"
	       "                        when no -DLINUX_VERSION_CODE= says it\n"
	       "  -fdiagnostics-parseable-fixits  fix-its as GCC's \"fix-it:\" lines\n"
	       "  --dump-cfg, --check-cfg  print each function's control-flow graph, or\n"
	       "                        check its invariants, instead of the rules\n"
	       "  --cfg-function=NAME   only function NAME\n"
	       "  --each=DIR            each FILE after \"--\" in turn, as one run each; its\n"
	       "                        stdout, stderr and exit status in DIR/KEY.out, .err,\n"
	       "                        .status (KEY: the path with '/' as '%%')\n"
	       "\n"
	       "Exit status: 0 the file was analysed (findings or not); 1 --check-cfg\n"
	       "found an invariant broken; 2 it could not be analysed (bad usage, a parse\n"
	       "error: the compiler's errors are printed); with --each, 0 when every file\n"
	       "was run, 2 when DIR cannot be written.\n"
	       "rules:");
	for (size_t k = 0; k < NENGINE_RULES; k++)
		printf(" %s", engine_rules[k]);
	putchar('\n');
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	if (!strcmp(nl_langinfo(CODESET), "UTF-8")) {
		open_quote = "\xe2\x80\x98";
		close_quote = "\xe2\x80\x99";
	}
	const char **args = (const char **)calloc(argc + 2, sizeof(*args));
	int nargs = 0;
	enum cfg_mode cfg_mode = CFG_MODE_NONE;
	const char *cfg_function = NULL, *each_dir = NULL;
	char **files = NULL;
	int nfiles = 0;
	for (int i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "--each=", 7) && argv[i][7]) {
			each_dir = argv[i] + 7;
			continue;
		}
		if (each_dir && !strcmp(argv[i], "--")) {
			files = argv + i + 1;
			nfiles = argc - i - 1;
			break;
		}
		if (!strcmp(argv[i], "--dump-cfg") || !strcmp(argv[i], "--check-cfg")) {
			cfg_mode = argv[i][2] == 'd' ? CFG_MODE_DUMP : CFG_MODE_CHECK;
			continue;
		}
		if (!strncmp(argv[i], "--cfg-function=", 15)) {
			cfg_function = argv[i] + 15;
			continue;
		}
		int skip = dropped(argv, i, argc);
		if (skip) {
			i += skip - 1;
			continue;
		}
		if (plugin_option(argv[i]))
			continue;
		if (!strcmp(argv[i], "-fdiagnostics-parseable-fixits"))
			parseable_fixits = true;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			print_help();
			return 0;
		}
		args[nargs++] = argv[i];
	}
	if (help_asked) {
		print_help();
		return 0;
	}
	if (option_error)
		return 2;
	if (each_dir)
		return run_each(each_dir, args, nargs, files, nfiles, cfg_mode, cfg_function);
	if (nargs == 0) {
		fprintf(stderr, "devmap-lint-clang: no file to analyse (usage: devmap-lint-clang CLANG-FLAGS... FILE.c)\n");
		return 2;
	}
	int status = run(args, nargs, cfg_mode, cfg_function);
	free(args);
	return status;
}
