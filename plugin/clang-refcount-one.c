// SPDX-License-Identifier: GPL-2.0
/*
 * clang-refcount-one.c - refcount-one's libclang front end: find the sites
 * refcount-one reasons over in one function's cursors, prove their page
 * ZONE_DEVICE, and hand them to the judgement (ir-refcount-one.c) that the
 * GCC plugin runs.  Every spelling comes from rules/devmap-api.tbl
 * (refcount-read, refcount-set, free-event, wait-var, zd-source,
 * zd-predicate, carrier, carrier-field, pgmap-field, pgmap-accessor).
 *
 * libclang has no CFG and no SSA; what GCC's value graph and dominators
 * give the plugin is rebuilt from the cursors, coarser:
 *
 *   - objects: a local variable or parameter, and everything a carrier
 *     leads back to it (page_folio(), pfn_to_page(), &folio->page, pfn
 *     arithmetic: "x + n" is x when only x is a local object).  Copies join
 *     objects into one class, flow-insensitively (GCC: per SSA value);
 *   - a source: a class some variable of which is set from a zd-source
 *     call, and never from anything else but carriers of it or NULL;
 *   - a predicate holds at a point when the point is in the branch its
 *     condition's truth selects (if, ?:, the right of && and ||, a while
 *     body), or follows "if (!pred(x)) return/goto/break/continue" in an
 *     enclosing block; "any" predicates' false edges prove a page is not
 *     ZONE_DEVICE;
 *   - "A dominates B" (a pgmap use before a read, a free before a reset):
 *     A is evaluated unconditionally on the way to B in the cursor tree (an
 *     earlier statement of an enclosing block, the condition of an
 *     enclosing if or loop, the left of && or ||, an earlier operand).
 *
 * Across functions as in the plugin: a function with internal linkage that
 * compares (or waits for) its parameter's refcount without proving the
 * page ZONE_DEVICE gets a summary, computed when a call to it is met; the
 * call is reported when it passes a ZONE_DEVICE page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "clang-front.h"

/* ---- the API table (rules/devmap-api.tbl) ------------------------------- */

struct tbl_entry {
	char *kind, *name, *col[3];
	int ncols;
};
static struct tbl_entry *tbl;
static int ntbl;

bool refcount_one_load_table(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "devmap-lint-clang: error: cannot read the API table %s\n", path);
		return false;
	}
	char line[1024];
	while (fgets(line, sizeof(line), f)) {
		char *hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		char *w[5];
		int n = 0;
		for (char *t = strtok(line, " \t\r\n"); t && n < 5; t = strtok(NULL, " \t\r\n"))
			w[n++] = t;
		if (n < 2)
			continue;
		tbl = (struct tbl_entry *)realloc(tbl, (ntbl + 1) * sizeof(*tbl));
		struct tbl_entry *e = &tbl[ntbl++];
		memset(e, 0, sizeof(*e));
		e->kind = strdup(w[0]);
		e->name = strdup(w[1]);
		for (int i = 2; i < n; i++)
			e->col[e->ncols++] = strdup(w[i]);
	}
	fclose(f);
	return true;
}

static const struct tbl_entry *tbl_find(const char *kind, const char *name)
{
	for (int i = 0; name && i < ntbl; i++)
		if (!strcmp(tbl[i].kind, kind) && !strcmp(tbl[i].name, name))
			return &tbl[i];
	return NULL;
}

static const struct tbl_entry *tbl_find2(const char *kind, const char *a, const char *b)
{
	for (int i = 0; i < ntbl; i++)
		if (!strcmp(tbl[i].kind, kind) && !strcmp(tbl[i].name, a) &&
		    tbl[i].ncols > 0 && !strcmp(tbl[i].col[0], b))
			return &tbl[i];
	return NULL;
}

static int tbl_arg(const struct tbl_entry *e, int col)
{
	return e && col < e->ncols ? atoi(e->col[col]) : -1;
}

int refcount_one_version = -1;

static const char *const all_ops[] = {
	"==", "!=", "<", "<=", ">", ">=", "&&", "||", "+", "-", "=", "*", "/", "%",
	"&", "|", "^", "<<", ">>", "+=", "-=", ",",
};

/* ---- cursors ----------------------------------------------------------- */

static char *spelling(CXCursor c)
{
	CXString s = clang_getCursorSpelling(c);
	char *r = strdup(clang_getCString(s));
	clang_disposeString(s);
	return r;
}

/* The name of the function CALL calls directly (malloc'ed), or NULL. */
static char *callee_name(const struct cnode *call)
{
	if (call->kind != CXCursor_CallExpr)
		return NULL;
	CXCursor f = clang_getCursorReferenced(call->c);
	if (clang_Cursor_isNull(f) || clang_getCursorKind(f) != CXCursor_FunctionDecl)
		return NULL;
	return spelling(f);
}

/* Argument I of CALL (kids[0] is the callee), or NULL. */
static struct cnode *call_arg(const struct cnode *call, int i)
{
	int n = clang_Cursor_getNumArguments(call->c);
	if (i < 0 || i >= n || (int)call->nkids != n + 1)
		return NULL;
	return call->kids[i + 1];
}

/* CALL's table entry of KIND (by name, or "->FIELD" for a call through a field). */
static const struct tbl_entry *call_api(const struct cnode *call, const char *kind)
{
	if (call->kind != CXCursor_CallExpr)
		return NULL;
	char *name = callee_name(call);
	const struct tbl_entry *e = NULL;
	if (name) {
		e = tbl_find(kind, name);
	} else if (call->nkids) {
		struct cnode *callee = cnode_strip(call->kids[0]);
		if (callee && callee->kind == CXCursor_MemberRefExpr) {
			char *field = spelling(callee->c);
			char key[256];
			snprintf(key, sizeof(key), "->%s", field);
			e = tbl_find(kind, key);
			free(field);
		}
	}
	free(name);
	return e;
}

/*
 * The operator of binary or unary N, malloc'ed, or NULL.  From the tokens
 * (clang-tests.c) where they show it; in a macro's body (pfn_to_page(),
 * likely(), folio_page()) libclang 14 gives none, and its types decide: a
 * unary operator giving a pointer to its operand's type is "&", one giving
 * an int is taken for "!" (likely()'s "!!"); a binary one is "?"
 * (arithmetic, for obj_of()).
 */
static bool known_op(const char *t)
{
	for (unsigned i = 0; i < sizeof(all_ops) / sizeof(all_ops[0]); i++)
		if (!strcmp(t, all_ops[i]))
			return true;
	return !strcmp(t, "!") || !strcmp(t, "~") || !strcmp(t, "++") || !strcmp(t, "--");
}

/*
 * The operator token between FROM and TO (an operand's end and the next
 * one's start): a few tokens, not the whole expression's (this runs on
 * every operator of the file).  Malloc'ed, or NULL.
 */
static char *op_between(const struct cnode *n, CXSourceLocation from, CXSourceLocation to)
{
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(n->c);
	unsigned fo, to_off;
	CXFile ff, tf;
	clang_getFileLocation(from, &ff, NULL, NULL, &fo);
	clang_getFileLocation(to, &tf, NULL, NULL, &to_off);
	if (!ff || !clang_File_isEqual(ff, tf) || to_off < fo || to_off - fo > 256)
		return NULL;
	CXToken *t = NULL;
	unsigned k = 0;
	clang_tokenize(tu, clang_getRange(from, to), &t, &k);
	char *r = NULL;
	for (unsigned i = 0; i < k && !r; i++) {
		unsigned off;
		clang_getFileLocation(clang_getTokenLocation(tu, t[i]), NULL, NULL, NULL, &off);
		if (off < fo || off >= to_off || clang_getTokenKind(t[i]) != CXToken_Punctuation)
			continue;
		CXString sp = clang_getTokenSpelling(tu, t[i]);
		if (known_op(clang_getCString(sp)))
			r = strdup(clang_getCString(sp));
		clang_disposeString(sp);
	}
	if (t)
		clang_disposeTokens(tu, t, k);
	return r;
}

static char *op_of(const struct cnode *n)
{
	if ((n->kind != CXCursor_BinaryOperator && n->kind != CXCursor_UnaryOperator) || !n->nkids)
		return NULL;
	CXSourceRange all = clang_getCursorExtent(n->c), kid = clang_getCursorExtent(n->kids[0]->c);
	if (n->kind == CXCursor_BinaryOperator) {
		char *op = n->nkids == 2 ? op_between(n, clang_getRangeEnd(kid),
				clang_getRangeStart(clang_getCursorExtent(n->kids[1]->c))) : NULL;
		return op ? op : strdup("?");
	}
	char *op = op_between(n, clang_getRangeStart(all), clang_getRangeStart(kid));
	if (!op)
		op = op_between(n, clang_getRangeEnd(kid), clang_getRangeEnd(all));
	if (op)
		return op;
	CXType t = clang_getCanonicalType(clang_getCursorType(n->c));
	CXType k = clang_getCanonicalType(clang_getCursorType(n->kids[0]->c));
	if (t.kind == CXType_Pointer && clang_equalTypes(clang_getCanonicalType(clang_getPointeeType(t)), k))
		return strdup("&");
	if (t.kind == CXType_Int)
		return strdup("!");
	return NULL;
}

static bool op_is(const struct cnode *n, const char *want)
{
	char *op = op_of(n);
	bool r = op && !strcmp(op, want);
	free(op);
	return r;
}

/* The struct name of T (past pointers, typedefs, const), malloc'ed, or NULL. */
static char *struct_name(CXType t)
{
	t = clang_getCanonicalType(t);
	if (t.kind == CXType_Pointer)
		t = clang_getCanonicalType(clang_getPointeeType(t));
	if (t.kind != CXType_Record)
		return NULL;
	return spelling(clang_getTypeDeclaration(t));
}

/* MemberRefExpr M: its base expression, past anonymous unions and structs
 * (page->pgmap is page->(union)->pgmap to clang). */
static struct cnode *member_base(const struct cnode *m)
{
	struct cnode *b = m->nkids ? cnode_strip(m->kids[0]) : NULL;
	while (b && b->kind == CXCursor_MemberRefExpr && b->nkids) {
		CXString s = clang_getCursorSpelling(b->c);
		bool anon = !*clang_getCString(s);
		clang_disposeString(s);
		if (!anon)
			break;
		b = cnode_strip(b->kids[0]);
	}
	return b;
}

/* Is member access M "base->FIELD" or "base.FIELD" of a KIND table line (STRUCT FIELD)? */
static bool member_of_kind(const struct cnode *m, const char *kind)
{
	if (m->kind != CXCursor_MemberRefExpr || !m->nkids)
		return false;
	char *field = spelling(m->c), *st = struct_name(clang_getCursorType(member_base(m)->c));
	bool r = st && tbl_find2(kind, st, field) != NULL;
	free(field);
	free(st);
	return r;
}

/* The location of token I of N's extent (negative: from the end). */
static struct ir_loc token_loc(const struct cnode *n, int i)
{
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(n->c);
	CXToken *t = NULL;
	unsigned k = 0, m = 0;
	clang_tokenize(tu, clang_getCursorExtent(n->c), &t, &k);
	CXToken *code = (CXToken *)calloc(k + 1, sizeof(*code));
	for (unsigned j = 0; j < k; j++)
		if (clang_getTokenKind(t[j]) != CXToken_Comment)
			code[m++] = t[j];	/* as cnode_tokens(): no comments */
	struct ir_loc r = cnode_start(n);
	if (i < 0)
		i += (int)m;
	if (i >= 0 && i < (int)m)
		r = clang_loc(clang_getTokenLocation(tu, code[i]));
	free(code);
	if (t)
		clang_disposeTokens(tu, t, k);
	return r;
}

/* The operator of binary N: its location. */
static struct ir_loc operator_loc(const struct cnode *n)
{
	unsigned k;
	char **l = cnode_tokens(n->kids[0], &k);
	free_tokens(l, k);
	return token_loc(n, (int)k);
}

/* "x.pgmap" / "x->pgmap": GCC puts a field access at its "." or "->". */
static struct ir_loc member_loc(const struct cnode *m)
{
	return token_loc(m, -2);
}

static bool before(const struct cnode *a, const struct cnode *b)
{
	unsigned oa, ob;
	clang_getFileLocation(clang_getRangeStart(clang_getCursorExtent(a->c)), NULL, NULL, NULL, &oa);
	clang_getFileLocation(clang_getRangeStart(clang_getCursorExtent(b->c)), NULL, NULL, NULL, &ob);
	return oa < ob;
}

/* ---- objects: variables and what leads back to them ---------------------- */

struct var {
	CXCursor decl;
	int parent;			/* union-find */
	int param;			/* parameter index, or -1 */
	bool mixed;			/* set from something that is not a carrier of it */
	struct cnode *source;		/* a zd-source call that sets it */
	struct cnode *count;		/* a refcount read that sets it */
	bool count_mixed;
};

struct summary {
	int param;
	enum ir_rc_kind kind;
	char *reader;
	struct ir_loc where;
	char *helper;
};

struct fn_state {
	CXCursor def;
	int state;			/* 1 analysing, 2 done */
	struct summary *s;
	int ns;
};
static struct fn_state *fns;
static int nfns;

struct ctx {
	CXCursor fn;
	bool internal;
	struct cnode *body;
	struct var *vars;
	int nvars;
	struct cnode **nodes;		/* every node, in tree order */
	int nnodes;
	int me;				/* its fn_state (fns moves when a callee is analysed) */
};

static int find(struct ctx *c, int v)
{
	while (c->vars[v].parent != v)
		v = c->vars[v].parent;
	return v;
}

static int var_index(struct ctx *c, CXCursor decl)
{
	for (int i = 0; i < c->nvars; i++)
		if (clang_equalCursors(c->vars[i].decl, decl))
			return i;
	c->vars = (struct var *)realloc(c->vars, (c->nvars + 1) * sizeof(*c->vars));
	struct var *v = &c->vars[c->nvars];
	memset(v, 0, sizeof(*v));
	v->decl = decl;
	v->parent = c->nvars;
	v->param = -1;
	int n = clang_Cursor_getNumArguments(c->fn);
	for (int i = 0; i < n; i++)
		if (clang_equalCursors(clang_Cursor_getArgument(c->fn, i), decl)) {
			v->param = i;
			v->mixed = true;	/* its value comes from the caller */
		}
	return c->nvars++;
}

static bool local_var(CXCursor d)
{
	enum CXCursorKind k = clang_getCursorKind(d);
	if (k == CXCursor_ParmDecl)
		return true;
	return k == CXCursor_VarDecl &&
	       clang_getCursorKind(clang_getCursorSemanticParent(d)) != CXCursor_TranslationUnit &&
	       !clang_Cursor_hasVarDeclGlobalStorage(d);
}

/* The object E is (a variable's index), or -1. */
static int obj_of(struct ctx *c, struct cnode *e)
{
	e = cnode_strip(e);
	if (!e)
		return -1;
	switch (e->kind) {
	case CXCursor_DeclRefExpr: {
		CXCursor d = clang_getCursorReferenced(e->c);
		return local_var(d) ? var_index(c, d) : -1;
	}
	case CXCursor_CallExpr: {
		char *name = callee_name(e);
		const struct tbl_entry *carrier = tbl_find("carrier", name);
		free(name);
		struct cnode *arg = carrier ? call_arg(e, tbl_arg(carrier, 0)) : NULL;
		return arg ? obj_of(c, arg) : -1;
	}
	case CXCursor_MemberRefExpr:
		return member_of_kind(e, "carrier-field") ? obj_of(c, member_base(e)) : -1;
	case CXCursor_UnaryOperator: {
		char *op = op_of(e);
		bool addr = op && !strcmp(op, "&");
		free(op);
		return addr ? obj_of(c, e->kids[0]) : -1;
	}
	case CXCursor_BinaryOperator:
		if (op_is(e, "+") || op_is(e, "-") || op_is(e, "?")) {
			int a = obj_of(c, e->kids[0]), b = obj_of(c, e->kids[1]);
			return a >= 0 && b >= 0 ? -1 : a >= 0 ? a : b;
		}
		return -1;
	default:
		return -1;
	}
}

/* The object whose FIELD "&X->FIELD" (ARG) names, or -1. */
static int field_base(struct ctx *c, struct cnode *arg, const char *field)
{
	arg = cnode_strip(arg);
	char *op = arg ? op_of(arg) : NULL;
	bool addr = op && !strcmp(op, "&");
	free(op);
	if (!addr)
		return -1;
	struct cnode *m = cnode_strip(arg->kids[0]);
	if (!m || m->kind != CXCursor_MemberRefExpr || !m->nkids)
		return -1;
	char *f = spelling(m->c);
	bool ok = !strcmp(f, field);
	free(f);
	return ok ? obj_of(c, member_base(m)) : -1;
}

static bool same(struct ctx *c, int a, int b)
{
	return a >= 0 && b >= 0 && find(c, a) == find(c, b);
}

/* Variable V is set to E. */
static void assign(struct ctx *c, int v, struct cnode *e)
{
	e = cnode_strip(e);
	int o = obj_of(c, e);
	long long k;
	if (o >= 0) {
		int a = find(c, v), b = find(c, o);
		if (a != b)
			c->vars[a].parent = b;
		return;
	}
	if (e && e->kind == CXCursor_CallExpr && call_api(e, "zd-source")) {
		if (!c->vars[v].source)
			c->vars[v].source = e;
		return;
	}
	if (e && e->kind == CXCursor_CallExpr && call_api(e, "refcount-read")) {
		if (c->vars[v].count)
			c->vars[v].count_mixed = true;
		c->vars[v].count = e;
		return;
	}
	if (e && constant_of(e, &k) && k == 0)
		return;		/* NULL */
	c->vars[v].mixed = true;
	c->vars[v].count_mixed = true;
}

/*
 * Is binary N "A = B"?  In a macro's body (for_each_mapped_pfn()'s "pfn =
 * dax_to_pfn(entry)") there are no tokens: an operator whose value is not
 * used (a statement's, a for's init) is taken for an assignment.
 */
static bool assignment(const struct cnode *n)
{
	if (op_is(n, "="))
		return true;
	struct cnode *p = cnode_parent((struct cnode *)n);
	return op_is(n, "?") && p && !clang_isExpression(p->kind) &&
	       clang_equalTypes(clang_getCanonicalType(clang_getCursorType(n->c)),
				clang_getCanonicalType(clang_getCursorType(n->kids[0]->c)));
}

static void collect(struct ctx *c, struct cnode *n)
{
	c->nodes = (struct cnode **)realloc(c->nodes, (c->nnodes + 1) * sizeof(*c->nodes));
	c->nodes[c->nnodes++] = n;
	if (n->kind == CXCursor_VarDecl && n->nkids && clang_isExpression(n->kids[n->nkids - 1]->kind))
	{
		int v = var_index(c, n->c);
		assign(c, v, n->kids[n->nkids - 1]);
	}
	if (n->kind == CXCursor_BinaryOperator && n->nkids == 2 && assignment(n)) {
		struct cnode *l = cnode_strip(n->kids[0]);
		if (l && l->kind == CXCursor_DeclRefExpr && local_var(clang_getCursorReferenced(l->c)))
		{
			int v = var_index(c, clang_getCursorReferenced(l->c));
			assign(c, v, n->kids[1]);
		}
	}
	for (unsigned i = 0; i < n->nkids; i++)
		collect(c, n->kids[i]);
}

/* ---- control: what holds where ----------------------------------------- */

static bool is_ancestor(const struct cnode *a, const struct cnode *n)
{
	for (; n; n = n->parent)
		if (n == a)
			return true;
	return false;
}

static bool is_loop_body(const struct cnode *p, const struct cnode *x)
{
	return (p->kind == CXCursor_WhileStmt && x->index > 0) ||
	       (p->kind == CXCursor_ForStmt && x->index + 1 == p->nkids) ||
	       (p->kind == CXCursor_SwitchStmt && x->index > 0);
}

/* Is X (a kid of P) evaluated whenever P is? */
static bool unconditional_in(const struct cnode *p, const struct cnode *x)
{
	if (p->kind == CXCursor_IfStmt || p->kind == CXCursor_ConditionalOperator)
		return x->index == 0;
	if (is_loop_body(p, x))
		return false;
	if (p->kind == CXCursor_BinaryOperator && (op_is(p, "&&") || op_is(p, "||")))
		return x->index == 0;
	return true;
}

/* Is A evaluated before B on every path to B? */
static bool dominates(const struct cnode *a, const struct cnode *b)
{
	for (const struct cnode *x = a; x->parent; x = x->parent) {
		const struct cnode *p = x->parent;
		if (p == b)
			return true;	/* an operand of B */
		if (is_ancestor(p, b)) {
			const struct cnode *cb = b;
			while (cb->parent != p)
				cb = cb->parent;
			if (x->index >= cb->index)
				return false;
			if (p->kind == CXCursor_IfStmt || p->kind == CXCursor_ConditionalOperator ||
			    p->kind == CXCursor_WhileStmt || p->kind == CXCursor_SwitchStmt ||
			    (p->kind == CXCursor_BinaryOperator && (op_is(p, "&&") || op_is(p, "||"))))
				return x->index == 0;
			return true;
		}
		if (!unconditional_in(p, x))
			return false;
	}
	return false;
}

static bool falls_through(struct cnode *s)
{
	s = cnode_strip(s);
	if (!s)
		return true;
	switch (s->kind) {
	case CXCursor_ReturnStmt: case CXCursor_GotoStmt: case CXCursor_BreakStmt:
	case CXCursor_ContinueStmt:
		return false;
	case CXCursor_CompoundStmt:
		return !s->nkids || falls_through(s->kids[s->nkids - 1]);
	case CXCursor_IfStmt:
		return s->nkids < 3 || falls_through(s->kids[1]) || falls_through(s->kids[2]);
	default:
		return true;
	}
}

struct fact {
	bool positive;
	struct cnode *at;		/* the predicate call or pgmap use */
	const char *what;		/* its name (a table entry's) */
	struct cnode *arg;
	int why;			/* IR_ZD_PREDICATE or IR_ZD_PGMAP_USE */
};

/* The facts on object class CLS that E being TRUTH gives. */
static void facts_of(struct ctx *c, struct cnode *e, bool truth, int cls, struct fact *out, int *n)
{
	e = cnode_strip(e);
	if (!e || *n >= 16)
		return;
	char *op = op_of(e);
	bool neg = op && !strcmp(op, "!");
	free(op);
	if (neg) {
		facts_of(c, e->kids[0], !truth, cls, out, n);
		return;
	}
	if (e->kind == CXCursor_BinaryOperator && (op_is(e, "&&") || op_is(e, "||"))) {
		if (truth == op_is(e, "&&")) {
			facts_of(c, e->kids[0], truth, cls, out, n);
			facts_of(c, e->kids[1], truth, cls, out, n);
		}
		return;
	}
	if (e->kind != CXCursor_CallExpr)
		return;
	char *name = callee_name(e);
	if (name && !strcmp(name, "__builtin_expect") && call_arg(e, 0)) {
		free(name);
		facts_of(c, call_arg(e, 0), truth, cls, out, n);
		return;
	}
	const struct tbl_entry *pred = tbl_find("zd-predicate", name);
	free(name);
	struct cnode *arg = pred ? call_arg(e, tbl_arg(pred, 0)) : NULL;
	if (!arg || !same(c, obj_of(c, arg), cls))
		return;
	if (!truth && strcmp(pred->col[1], "any"))
		return;
	struct fact f = { truth, e, pred->name, arg, IR_ZD_PREDICATE };
	out[(*n)++] = f;
}

/* The facts of the predicates that hold at P on class CLS (edges dominating P). */
static void path_facts(struct ctx *c, struct cnode *p, int cls, struct fact *out, int *n)
{
	for (struct cnode *x = p; x->parent; x = x->parent) {
		struct cnode *a = x->parent;
		if ((a->kind == CXCursor_IfStmt || a->kind == CXCursor_ConditionalOperator) &&
		    x->index > 0 && a->nkids >= 2)
			facts_of(c, a->kids[0], x->index == 1, cls, out, n);
		else if (a->kind == CXCursor_WhileStmt && x->index == 1)
			facts_of(c, a->kids[0], true, cls, out, n);
		else if (a->kind == CXCursor_BinaryOperator && x->index == 1 &&
			 (op_is(a, "&&") || op_is(a, "||")))
			facts_of(c, a->kids[0], op_is(a, "&&"), cls, out, n);
		else if (a->kind == CXCursor_CompoundStmt)
			for (unsigned i = 0; i < x->index; i++) {
				struct cnode *s = a->kids[i];
				if (s->kind == CXCursor_IfStmt && s->nkids == 2 && !falls_through(s->kids[1]))
					facts_of(c, s->kids[0], false, cls, out, n);
			}
	}
}

/* Is pgmap use or accessor call N a use of class CLS's pgmap? */
static bool pgmap_use(struct ctx *c, struct cnode *n, int cls, const char **what)
{
	if (n->kind == CXCursor_MemberRefExpr && member_of_kind(n, "pgmap-field")) {
		*what = "pgmap";
		return same(c, obj_of(c, member_base(n)), cls);
	}
	if (n->kind == CXCursor_CallExpr) {
		const struct tbl_entry *acc = call_api(n, "pgmap-accessor");
		struct cnode *arg = acc ? call_arg(n, tbl_arg(acc, 0)) : NULL;
		*what = acc ? acc->name : NULL;
		return arg && same(c, obj_of(c, arg), cls);
	}
	return false;
}

static struct ir_loc call_loc(const struct cnode *call)
{
	return cnode_start(call);
}

/* Why object O is (not) ZONE_DEVICE at P; the order of core-zone-device.c's zd_prove(). */
static struct ir_zd_proof prove(struct ctx *c, int o, struct cnode *p)
{
	struct ir_zd_proof r;
	memset(&r, 0, sizeof(r));
	r.why = IR_ZD_NOT_PROVEN;
	if (o < 0)
		return r;
	int cls = find(c, o);
	struct fact facts[16];
	int n = 0;
	path_facts(c, p, cls, facts, &n);
	for (int i = 0; i < n; i++)
		if (!facts[i].positive) {
			r.why = IR_ZD_NEGATED;
			return r;
		}
	struct cnode *src = NULL;
	bool mixed = false;
	for (int i = 0; i < c->nvars; i++)
		if (find(c, i) == cls) {
			mixed |= c->vars[i].mixed;
			if (c->vars[i].source && (!src || before(c->vars[i].source, src)))
				src = c->vars[i].source;
		}
	if (src && !mixed) {
		const struct tbl_entry *e = call_api(src, "zd-source");
		r.why = IR_ZD_SOURCE;
		r.at = call_loc(src);
		r.what = e->name;
		r.pfn = e->ncols && !strcmp(e->col[0], "pfn");
		return r;
	}
	/* The earliest positive fact: a predicate on the path or a pgmap use before P. */
	struct fact best = { false, NULL, NULL, NULL, 0 };
	for (int i = 0; i < n; i++)
		if (!best.at || before(facts[i].at, best.at))
			best = facts[i];
	for (int i = 0; i < c->nnodes; i++) {
		const char *what;
		struct cnode *u = c->nodes[i];
		if ((u->kind == CXCursor_MemberRefExpr || u->kind == CXCursor_CallExpr) &&
		    (!best.at || before(u, best.at)) && pgmap_use(c, u, cls, &what) && dominates(u, p)) {
			struct fact f = { true, u, what, NULL, IR_ZD_PGMAP_USE };
			best = f;
		}
	}
	if (!best.at)
		return r;
	r.why = (enum ir_zd_why)best.why;
	r.what = best.what;
	if (best.why == IR_ZD_PREDICATE) {
		r.at = call_loc(best.at);
		r.arg = cnode_pretty(best.arg);		/* proof_free() */
	} else {
		r.at = best.at->kind == CXCursor_MemberRefExpr ? member_loc(best.at) : call_loc(best.at);
	}
	return r;
}

static void proof_free(struct ir_zd_proof *p)
{
	free((char *)p->arg);
	p->arg = NULL;
}

/* ---- the sites ------------------------------------------------------------ */

static void report(struct ir_rc_site *s)
{
	s->version = refcount_one_version;
	struct ir_finding f;
	if (refcount_one_judge(s, &f)) {
		clang_report(REFCOUNT_ONE_RULE, &f);
		ir_finding_free(&f);
	}
	proof_free(&s->proof);
}

static void add_summary(struct fn_state *fs, int param, enum ir_rc_kind kind, const char *reader,
			struct ir_loc where, const char *helper)
{
	fs->s = (struct summary *)realloc(fs->s, (fs->ns + 1) * sizeof(*fs->s));
	struct summary *s = &fs->s[fs->ns++];
	s->param = param;
	s->kind = kind;
	s->reader = strdup(reader);
	s->where = where;
	s->helper = strdup(helper);
}

/* The parameter index of O's class, or -1 (only functions with internal linkage hand up). */
static int param_of(struct ctx *c, int o)
{
	if (o < 0 || !c->internal)
		return -1;
	for (int i = 0; i < c->nvars; i++)
		if (c->vars[i].param >= 0 && find(c, i) == find(c, o))
			return c->vars[i].param;
	return -1;
}

/* Is some wait in this function waiting on class CLS's refcount? */
static bool waited_on(struct ctx *c, int o)
{
	for (int i = 0; i < c->nnodes; i++) {
		const struct tbl_entry *w = call_api(c->nodes[i], "wait-var");
		struct cnode *var = w ? call_arg(c->nodes[i], tbl_arg(w, 0)) : NULL;
		if (var && same(c, field_base(c, var, "_refcount"), o))
			return true;
	}
	return false;
}

/* The refcount read E stands for: the call, and whether E is it (not a variable). */
static struct cnode *count_read(struct ctx *c, struct cnode *e, bool *direct)
{
	e = cnode_strip(e);
	if (!e)
		return NULL;
	if (e->kind == CXCursor_CallExpr && call_api(e, "refcount-read")) {
		*direct = true;
		return e;
	}
	if (e->kind == CXCursor_DeclRefExpr && local_var(clang_getCursorReferenced(e->c))) {
		int i = var_index(c, clang_getCursorReferenced(e->c));
		struct var *v = &c->vars[i];
		*direct = false;
		return v->count && !v->count_mixed ? v->count : NULL;
	}
	return NULL;
}

/* The page whose refcount READ (a refcount-read or -set call) touches. */
static int counted_page(struct ctx *c, struct cnode *call, const struct tbl_entry *e)
{
	struct cnode *arg = call_arg(call, tbl_arg(e, 0));
	if (!arg)
		return -1;
	if (!strcmp(e->kind, "refcount-read") && e->ncols > 1)
		return field_base(c, arg, e->col[1]);
	return obj_of(c, arg);
}

/* Is N an operand (through !, parentheses, casts) of an && or ||? */
static bool in_truth_operand(struct cnode *n)
{
	for (struct cnode *p = cnode_parent(n); p; n = p, p = cnode_parent(p)) {
		if (p->kind == CXCursor_BinaryOperator && (op_is(p, "&&") || op_is(p, "||")))
			return true;
		char *op = op_of(p);
		bool neg = op && !strcmp(op, "!");
		free(op);
		if (!neg)
			return false;
	}
	return false;
}

static const enum ir_cmp_op mirrored[] = { IR_EQ, IR_NE, IR_GT, IR_GE, IR_LT, IR_LE };
static const char *const cmp_ops[] = { "==", "!=", "<", "<=", ">", ">=" };

static void check_comparison(struct ctx *c, struct cnode *n)
{
	int k = -1;
	char *op_text = op_of(n);
	for (int i = 0; op_text && i < 6 && k < 0; i++)
		if (!strcmp(op_text, cmp_ops[i]))
			k = i;
	free(op_text);
	if (k < 0 || n->nkids != 2)
		return;
	bool direct = false;
	long long v;
	enum ir_cmp_op op;
	struct cnode *read = count_read(c, n->kids[0], &direct);
	if (read && constant_of(n->kids[1], &v))
		op = (enum ir_cmp_op)k;
	else if ((read = count_read(c, n->kids[1], &direct)) && constant_of(n->kids[0], &v))
		op = mirrored[k];
	else
		return;
	if (!refcount_one_tests_one(op, v))
		return;
	const struct tbl_entry *e = call_api(read, "refcount-read");
	int page = counted_page(c, read, e);
	struct ir_rc_site s;
	memset(&s, 0, sizeof(s));
	s.kind = waited_on(c, page) ? IR_RC_WAIT : IR_RC_COMPARE;
	s.api = e->name;
	struct ir_loc read_at = call_loc(read);
	if (direct) {
		s.loc = read_at;
	} else {
		/* GCC puts an if's or while's whole condition at its "(". */
		struct cnode *x = n;
		while (x->parent && x->parent != cnode_parent(n))
			x = x->parent;
		struct cnode *st = cnode_parent(n);
		if (st && (st->kind == CXCursor_IfStmt || st->kind == CXCursor_WhileStmt) && x->index == 0)
			s.loc = token_loc(st, 1);
		else
			s.loc = operator_loc(n);
		if (s.loc.line == read_at.line && !in_truth_operand(n))
			s.loc = read_at;
		else if (s.loc.line != read_at.line)
			s.read = read_at;
	}
	s.proof = prove(c, page, n);
	if (s.proof.why == IR_ZD_NOT_PROVEN) {
		proof_free(&s.proof);
		int param = param_of(c, page);
		if (param >= 0) {
			char *name = spelling(c->fn);
			add_summary(&fns[c->me], param, s.kind, s.api, s.loc, name);
			free(name);
		}
		return;
	}
	s.explain = true;
	report(&s);
}

static void check_reset(struct ctx *c, struct cnode *call, const struct tbl_entry *set)
{
	const char *value = set->col[1];
	long long k;
	struct cnode *v = value[0] == '=' ? NULL : call_arg(call, atoi(value));
	bool one = value[0] == '=' ? atoi(value + 1) == 1 : (v && constant_of(v, &k) && k == 1);
	if (!one)
		return;
	int page = counted_page(c, call, set);
	struct cnode *freed = NULL;
	for (int i = 0; i < c->nnodes && !freed; i++) {
		struct cnode *f = c->nodes[i];
		const struct tbl_entry *ev = call_api(f, "free-event");
		struct cnode *arg = ev ? call_arg(f, tbl_arg(ev, 0)) : NULL;
		if (arg && same(c, obj_of(c, arg), page) && dominates(f, call))
			freed = f;
	}
	if (!freed)
		return;
	struct ir_rc_site s;
	memset(&s, 0, sizeof(s));
	s.kind = IR_RC_RESET;
	s.loc = call_loc(call);
	s.api = set->name;
	s.freed = call_loc(freed);
	s.proof = prove(c, page, call);
	s.explain = true;
	report(&s);
}

static struct fn_state *analyse(CXCursor def);

static void check_helper_call(struct ctx *c, struct cnode *call)
{
	CXCursor f = clang_getCursorReferenced(call->c);
	if (clang_Cursor_isNull(f) || clang_getCursorKind(f) != CXCursor_FunctionDecl)
		return;
	CXCursor def = clang_getCursorDefinition(f);
	if (clang_Cursor_isNull(def) || clang_getCursorLinkage(def) != CXLinkage_Internal)
		return;
	/* Only when some argument could matter: a ZONE_DEVICE page, or our parameter. */
	int n = clang_Cursor_getNumArguments(call->c);
	bool worth = false;
	for (int i = 0; i < n && !worth; i++) {
		int o = call_arg(call, i) ? obj_of(c, call_arg(call, i)) : -1;
		struct ir_zd_proof p = prove(c, o, call);
		worth = o >= 0 && (param_of(c, o) >= 0 || ir_zd_proven(&p));
		proof_free(&p);
	}
	if (!worth)
		return;
	struct fn_state *fs = analyse(def);
	for (int i = 0; fs && i < fs->ns; i++) {
		struct summary h = fs->s[i];
		struct cnode *arg = call_arg(call, h.param);
		int page = arg ? obj_of(c, arg) : -1;
		if (page < 0)
			continue;
		struct ir_zd_proof proof = prove(c, page, call);
		if (!ir_zd_proven(&proof))
			proof_free(&proof);
		if (proof.why == IR_ZD_NOT_PROVEN) {
			int param = param_of(c, page);
			if (param >= 0)
				add_summary(&fns[c->me], param, h.kind, h.reader, h.where, h.helper);
			continue;
		}
		if (proof.why == IR_ZD_NEGATED)
			continue;
		struct ir_rc_site s;
		memset(&s, 0, sizeof(s));
		s.kind = h.kind;
		s.loc = call_loc(call);
		s.api = h.reader;
		s.helper = h.helper;
		s.helper_at = h.where;
		s.proof = proof;
		s.explain = true;
		report(&s);
	}
}

static struct fn_state *state_of(CXCursor def)
{
	for (int i = 0; i < nfns; i++)
		if (clang_equalCursors(fns[i].def, def))
			return &fns[i];
	return NULL;
}

/* Analyse function DEF once (reporting its findings); its summary. */
static struct fn_state *analyse(CXCursor def)
{
	struct fn_state *fs = state_of(def);
	if (fs)
		return fs->state == 2 ? fs : NULL;	/* a call cycle: no summary yet */
	fns = (struct fn_state *)realloc(fns, (nfns + 1) * sizeof(*fns));
	int me = nfns++;
	memset(&fns[me], 0, sizeof(fns[me]));
	fns[me].def = def;
	fns[me].state = 1;

	struct ctx c;
	memset(&c, 0, sizeof(c));
	c.fn = def;
	c.me = me;
	c.internal = clang_getCursorLinkage(def) == CXLinkage_Internal;
	struct cnode *root = cnode_build(def);
	for (unsigned i = 0; i < root->nkids; i++)
		if (root->kids[i]->kind == CXCursor_CompoundStmt)
			c.body = root->kids[i];
	if (c.body) {
		collect(&c, c.body);
		for (int i = 0; i < c.nnodes; i++) {
			struct cnode *n = c.nodes[i];
			const struct tbl_entry *set;
			if (n->kind == CXCursor_BinaryOperator)
				check_comparison(&c, n);
			else if (n->kind == CXCursor_CallExpr && (set = call_api(n, "refcount-set")))
				check_reset(&c, n, set);
			else if (n->kind == CXCursor_CallExpr)
				check_helper_call(&c, n);
		}
	}
	cnode_free(root);
	free(c.vars);
	free(c.nodes);
	fns[me].state = 2;
	return &fns[me];
}

void refcount_one_function(CXCursor def)
{
	analyse(def);
}
