// SPDX-License-Identifier: GPL-2.0
/*
 * clang-values.c - what the libclang engine knows of one function's values
 * and control, rebuilt from the cursors (libclang has no CFG and no SSA;
 * clang-refcount-one.c's header says how coarse this is):
 *
 *   - cursors and tokens: spellings, operators, struct and field names,
 *     the locations GCC reports;
 *   - objects: a local variable or parameter, and everything a carrier
 *     (rules/devmap-api.tbl: carrier, carrier-field) leads back to it.
 *     Copies join objects into one class, flow-insensitively; a rule sees
 *     the other values a variable is set to through struct values' hooks;
 *   - control: "A is evaluated before B on every path", "S falls through".
 *
 * Rule-neutral: nothing here knows what a rule looks for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clang-core.h"

static const char *const all_ops[] = {
	"==", "!=", "<", "<=", ">", ">=", "&&", "||", "+", "-", "=", "*", "/", "%",
	"&", "|", "^", "<<", ">>", "+=", "-=", ",",
};

/* ---- cursors ----------------------------------------------------------- */

char *cursor_spelling(CXCursor c)
{
	CXString s = clang_getCursorSpelling(c);
	char *r = strdup(clang_getCString(s));
	clang_disposeString(s);
	return r;
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

static const char *const cmp_spellings[] = {
	[IR_EQ] = "==", [IR_NE] = "!=", [IR_LT] = "<", [IR_LE] = "<=", [IR_GT] = ">", [IR_GE] = ">=",
};

int cmp_op_of(const char *spelled)
{
	for (int i = 0; spelled && i < (int)(sizeof(cmp_spellings) / sizeof(cmp_spellings[0])); i++)
		if (!strcmp(spelled, cmp_spellings[i]))
			return i;
	return -1;
}

enum ir_cmp_op cmp_op_mirrored(enum ir_cmp_op op)
{
	static const enum ir_cmp_op mirrored[] = {
		[IR_EQ] = IR_EQ, [IR_NE] = IR_NE, [IR_LT] = IR_GT, [IR_LE] = IR_GE, [IR_GT] = IR_LT, [IR_GE] = IR_LE,
	};
	return mirrored[op];
}

/*
 * The comparison operator written just before the right operand R of a
 * binary operator in a macro's body ("#define idle(p) (page_ref_count(p) == 1)"),
 * malloc'ed, or NULL.  libclang 14 gives such an operator no tokens (a
 * cursor's extent ends at the macro's use), but tokenizing the one
 * location where R starts lexes R's first token where it is spelled, the
 * macro's definition, with that file location; the token before it there
 * is the operator.  Only comparisons: in a body, an arithmetic or
 * assignment operator is left to op_of()'s types (the conversions of
 * obj_of() are written for them), and a right operand that is the macro's
 * argument (spelled at the use, after a ',' or '(') gives nothing.
 */
static char *cmp_spelled_before(const struct cnode *r)
{
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(r->c);
	CXSourceLocation at = clang_getRangeStart(clang_getCursorExtent(r->c));
	CXToken *t = NULL;
	unsigned k = 0, off;
	CXFile file;
	clang_tokenize(tu, clang_getRange(at, at), &t, &k);
	if (!k) {
		if (t)
			clang_disposeTokens(tu, t, k);
		return NULL;
	}
	clang_getFileLocation(clang_getTokenLocation(tu, t[0]), &file, NULL, NULL, &off);
	clang_disposeTokens(tu, t, k);
	if (!file || off == 0)
		return NULL;
	/* A window of the spelling before R: the operator is its last token. */
	unsigned from = off > 64 ? off - 64 : 0;
	t = NULL;
	k = 0;
	clang_tokenize(tu, clang_getRange(clang_getLocationForOffset(tu, file, from),
					  clang_getLocationForOffset(tu, file, off)), &t, &k);
	char *r_op = NULL;
	for (unsigned i = k; i-- > 0;) {
		unsigned o;
		clang_getFileLocation(clang_getTokenLocation(tu, t[i]), NULL, NULL, NULL, &o);
		if (o >= off || clang_getTokenKind(t[i]) == CXToken_Comment)
			continue;
		CXString sp = clang_getTokenSpelling(tu, t[i]);
		const char *text = clang_getCString(sp);
		if (cmp_op_of(text) >= 0)
			r_op = strdup(text);
		clang_disposeString(sp);
		break;		/* only the token right before R */
	}
	if (t)
		clang_disposeTokens(tu, t, k);
	return r_op;
}

char *op_of(const struct cnode *n)
{
	if ((n->kind != CXCursor_BinaryOperator && n->kind != CXCursor_UnaryOperator) || !n->nkids)
		return NULL;
	CXSourceRange all = clang_getCursorExtent(n->c), kid = clang_getCursorExtent(n->kids[0]->c);
	if (n->kind == CXCursor_BinaryOperator) {
		char *op = n->nkids == 2 ? op_between(n, clang_getRangeEnd(kid),
				clang_getRangeStart(clang_getCursorExtent(n->kids[1]->c))) : NULL;
		if (!op && n->nkids == 2)
			op = cmp_spelled_before(n->kids[1]);
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

bool op_is(const struct cnode *n, const char *want)
{
	char *op = op_of(n);
	bool r = op && !strcmp(op, want);
	free(op);
	return r;
}

/* The struct name of T (past pointers, typedefs, const), malloc'ed, or NULL. */
char *struct_name(CXType t)
{
	t = clang_getCanonicalType(t);
	if (t.kind == CXType_Pointer)
		t = clang_getCanonicalType(clang_getPointeeType(t));
	if (t.kind != CXType_Record)
		return NULL;
	return cursor_spelling(clang_getTypeDeclaration(t));
}

/* MemberRefExpr M: its base expression, past anonymous unions and structs
 * (page->pgmap is page->(union)->pgmap to clang). */
struct cnode *member_base(const struct cnode *m)
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
bool member_of_kind(const struct cnode *m, const char *kind)
{
	if (m->kind != CXCursor_MemberRefExpr || !m->nkids)
		return false;
	char *field = cursor_spelling(m->c), *st = struct_name(clang_getCursorType(member_base(m)->c));
	bool r = st && tbl_find2(kind, st, field) != NULL;
	free(field);
	free(st);
	return r;
}

/* The location of token I of N's extent (negative: from the end). */
struct ir_loc token_loc(const struct cnode *n, int i)
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
struct ir_loc operator_loc(const struct cnode *n)
{
	unsigned k;
	char **l = cnode_tokens(n->kids[0], &k);
	free_tokens(l, k);
	return token_loc(n, (int)k);
}

/* "x.pgmap" / "x->pgmap": GCC puts a field access at its "." or "->". */
struct ir_loc member_loc(const struct cnode *m)
{
	return token_loc(m, -2);
}

bool cnode_before(const struct cnode *a, const struct cnode *b)
{
	unsigned oa, ob;
	clang_getFileLocation(clang_getRangeStart(clang_getCursorExtent(a->c)), NULL, NULL, NULL, &oa);
	clang_getFileLocation(clang_getRangeStart(clang_getCursorExtent(b->c)), NULL, NULL, NULL, &ob);
	return oa < ob;
}

/* ---- objects: variables and what leads back to them ---------------------- */

int value_class(struct values *c, int v)
{
	while (c->vars[v].parent != v)
		v = c->vars[v].parent;
	return v;
}

int value_var(struct values *c, CXCursor decl)
{
	for (int i = 0; i < c->nvars; i++)
		if (clang_equalCursors(c->vars[i].decl, decl))
			return i;
	c->vars = (struct value_var *)realloc(c->vars, (c->nvars + 1) * sizeof(*c->vars));
	struct value_var *v = &c->vars[c->nvars];
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

bool local_var(CXCursor d)
{
	enum CXCursorKind k = clang_getCursorKind(d);
	if (k == CXCursor_ParmDecl)
		return true;
	return k == CXCursor_VarDecl &&
	       clang_getCursorKind(clang_getCursorSemanticParent(d)) != CXCursor_TranslationUnit &&
	       !clang_Cursor_hasVarDeclGlobalStorage(d);
}

/* The object E is (a variable's index), or -1. */
int obj_of(struct values *c, struct cnode *e)
{
	e = cnode_strip(e);
	if (!e)
		return -1;
	switch (e->kind) {
	case CXCursor_DeclRefExpr: {
		CXCursor d = clang_getCursorReferenced(e->c);
		return local_var(d) ? value_var(c, d) : -1;
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
int field_base(struct values *c, struct cnode *arg, const char *field)
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
	char *f = cursor_spelling(m->c);
	bool ok = !strcmp(f, field);
	free(f);
	return ok ? obj_of(c, member_base(m)) : -1;
}

bool same_object(struct values *c, int a, int b)
{
	return a >= 0 && b >= 0 && value_class(c, a) == value_class(c, b);
}

/*
 * Variable V is set to E: an object joins V's class; any other value is
 * the rule's (hooks->claim) unless NULL, else V is mixed.
 */
static void assign(struct values *c, int v, struct cnode *e)
{
	e = cnode_strip(e);
	int o = obj_of(c, e);
	long long k;
	if (o >= 0) {
		int a = value_class(c, v), b = value_class(c, o);
		if (a != b)
			c->vars[a].parent = b;
		return;
	}
	if (c->claim && c->claim(c, v, e))
		return;
	if (e && constant_of(e, &k) && k == 0)
		return;		/* NULL */
	c->vars[v].mixed = true;
	if (c->unclaimed)
		c->unclaimed(c, v);
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

void values_collect(struct values *c, struct cnode *n)
{
	c->nodes = (struct cnode **)realloc(c->nodes, (c->nnodes + 1) * sizeof(*c->nodes));
	c->nodes[c->nnodes++] = n;
	if (n->kind == CXCursor_VarDecl && n->nkids && clang_isExpression(n->kids[n->nkids - 1]->kind))
	{
		int v = value_var(c, n->c);
		assign(c, v, n->kids[n->nkids - 1]);
	}
	if (n->kind == CXCursor_BinaryOperator && n->nkids == 2 && assignment(n)) {
		struct cnode *l = cnode_strip(n->kids[0]);
		if (l && l->kind == CXCursor_DeclRefExpr && local_var(clang_getCursorReferenced(l->c)))
		{
			int v = value_var(c, clang_getCursorReferenced(l->c));
			assign(c, v, n->kids[1]);
		}
	}
	for (unsigned i = 0; i < n->nkids; i++)
		values_collect(c, n->kids[i]);
}

void values_free(struct values *c)
{
	free(c->vars);
	free(c->nodes);
	c->vars = NULL;
	c->nodes = NULL;
	c->nvars = c->nnodes = 0;
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
bool dominates(const struct cnode *a, const struct cnode *b)
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

bool falls_through(struct cnode *s)
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

