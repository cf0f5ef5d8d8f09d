// SPDX-License-Identifier: GPL-2.0
/*
 * clang-tests.c - the libclang front end's graph of tests: what a rule that
 * asks "where does this function's control go for each value of X" needs,
 * built from the cursors (libclang has no CFG).
 *
 * Every condition - of an if, a loop, a ?:, or computed as a value - is
 * lowered to nodes, one per comparison of a tested value with a constant
 * (T_CMP) or other operand (T_OPAQUE), joined by its && || ! short-circuit
 * edges.  An if's true and false edges go to the first test or statement of
 * its branch, or of what follows the if (the next statement, past the ends
 * of enclosing blocks); a condition computed as a value ends in two truth
 * nodes.  An if is "entered otherwise" (not only by those edges) unless it
 * is an else, the first statement of a branch, or follows an if without
 * else whose branch cannot fall through.
 *
 * Regions are GCC's (core-regions.c): a comparison joins the region of its
 * predecessors when every way into it is a comparison of one region on the
 * same value.  The rule says what a tested value is (test_graph.tested).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clang-front.h"

/* ---- operators ---------------------------------------------------------- */

/*
 * The operator of binary N ("&&", "=="): the token after its left operand's
 * tokens (libclang 14 has no operator kind).  Malloc'ed; NULL if none: an
 * extent libclang cannot tokenize, across a macro's body and arguments.
 */
static char *binary_op(const struct cnode *n)
{
	if ((n->kind != CXCursor_BinaryOperator && n->kind != CXCursor_CompoundAssignOperator) ||
	    n->nkids != 2)
		return NULL;
	unsigned na, nl;
	char **all = cnode_tokens(n, &na), **l = cnode_tokens(n->kids[0], &nl);
	char *op = nl && na > nl + 1 && !strcmp(all[0], l[0]) ? strdup(all[nl]) : NULL;
	free_tokens(all, na);
	free_tokens(l, nl);
	return op;
}

bool is_op(const struct cnode *n, const char *want)
{
	char *op = binary_op(n);
	bool r = op && !strcmp(op, want);
	free(op);
	return r;
}

/* The operator of unary N: "!", "&", "++" (prefix or postfix).  Malloc'ed or NULL. */
char *unary_op(const struct cnode *n)
{
	if (n->kind != CXCursor_UnaryOperator || n->nkids != 1)
		return NULL;
	unsigned na, nk;
	char **all = cnode_tokens(n, &na), **k = cnode_tokens(n->kids[0], &nk);
	char *op = NULL;
	if (nk && na == nk + 1)
		op = strdup(strcmp(all[0], k[0]) ? all[0] : all[na - 1]);
	free_tokens(all, na);
	free_tokens(k, nk);
	return op;
}

static bool is_not(const struct cnode *n)
{
	char *op = unary_op(n);
	bool r = op && !strcmp(op, "!");
	free(op);
	return r;
}

static bool is_logical(const struct cnode *n)
{
	return n && (is_op(n, "&&") || is_op(n, "||") || is_not(n));
}

static bool is_comparison(const struct cnode *n)
{
	char *op = binary_op(n);
	bool r = cmp_op_of(op) >= 0;
	free(op);
	return r;
}

bool constant_of(struct cnode *e, long long *v)
{
	CXEvalResult r = clang_Cursor_Evaluate(e->c);
	if (!r)
		return false;
	bool ok = clang_EvalResult_getKind(r) == CXEval_Int;
	if (ok)
		*v = clang_EvalResult_getAsLongLong(r);
	clang_EvalResult_dispose(r);
	return ok;
}

/* ---- the graph of tests ------------------------------------------------- */

static int new_node(struct test_graph *c, enum tkind kind, int line)
{
	c->nodes = (struct tnode *)realloc(c->nodes, (c->nnodes + 1) * sizeof(*c->nodes));
	struct tnode *n = &c->nodes[c->nnodes];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->t = n->f = -1;
	n->line = line;
	n->region = -1;
	return c->nnodes++;
}

/* The node for statement-like destination KEY of KIND, made once. */
static int keyed_node(struct test_graph *c, enum tkind kind, const struct cnode *key, int line)
{
	for (int i = 0; i < c->nnodes; i++)
		if (c->nodes[i].key == key && c->nodes[i].kind == kind)
			return i;
	int n = new_node(c, kind, line);
	c->nodes[n].key = key;
	return n;
}

/* E as a comparison of a memory-type value with a constant: a T_CMP node, or -1. */
static int comparison(struct test_graph *c, struct cnode *e, int t, int f, struct ir_loc report)
{
	char *op = binary_op(e);
	int k = cmp_op_of(op);
	free(op);
	if (k < 0)
		return -1;
	char *value = NULL;
	CXCursor decl;
	long long constant;
	enum ir_cmp_op cmp;
	if (c->tested(c->data, e->kids[0], &value, &decl) && constant_of(e->kids[1], &constant))
		cmp = (enum ir_cmp_op)k;
	else if (!value && c->tested(c->data, e->kids[1], &value, &decl) && constant_of(e->kids[0], &constant))
		cmp = cmp_op_mirrored((enum ir_cmp_op)k);	/* "C OP v" as "v OP' C" */
	else {
		free(value);
		return -1;
	}
	int n = new_node(c, T_CMP, cnode_start(e).line);
	struct tnode *x = &c->nodes[n];
	x->t = t;
	x->f = f;
	x->op = cmp;
	x->constant = constant;
	x->value = value;
	x->enum_decl = decl;
	x->report = report;
	return n;
}

/* Lower condition E with destinations T (true) and F (false): its entry node. */
static int build_cond(struct test_graph *c, struct cnode *e, int t, int f, struct ir_loc report)
{
	e = cnode_strip(e);
	if (is_op(e, "&&")) {
		int b = build_cond(c, e->kids[1], t, f, report);
		return build_cond(c, e->kids[0], b, f, report);
	}
	if (is_op(e, "||")) {
		int b = build_cond(c, e->kids[1], t, f, report);
		return build_cond(c, e->kids[0], t, b, report);
	}
	if (is_not(e))
		return build_cond(c, e->kids[0], f, t, report);
	int n = comparison(c, e, t, f, report);
	if (n < 0) {
		n = new_node(c, T_OPAQUE, cnode_start(e).line);
		c->nodes[n].t = t;
		c->nodes[n].f = f;
	}
	return n;
}

/* Can S complete normally (fall through to what follows it)? */
static bool can_complete(const struct cnode *s)
{
	switch (s->kind) {
	case CXCursor_ReturnStmt:
	case CXCursor_GotoStmt:
	case CXCursor_BreakStmt:
	case CXCursor_ContinueStmt:
		return false;
	case CXCursor_CompoundStmt:
		return s->nkids == 0 || can_complete(s->kids[s->nkids - 1]);
	case CXCursor_IfStmt:
		return s->nkids < 3 || can_complete(s->kids[1]) || can_complete(s->kids[2]);
	default:
		return true;
	}
}

/*
 * Can if statement S be entered otherwise than by the edges of the tests
 * before it: by falling through from a statement, a label, a loop?
 */
static bool entered_otherwise(const struct cnode *s)
{
	const struct cnode *p = s->parent;
	if (!p)
		return true;
	if (p->kind == CXCursor_IfStmt)
		return s->index == 0;	/* a branch: only by the condition's edges */
	if (p->kind != CXCursor_CompoundStmt)
		return true;
	if (s->index == 0)
		return !p->parent || p->parent->kind != CXCursor_IfStmt;
	const struct cnode *prev = p->kids[s->index - 1];
	return !(prev->kind == CXCursor_IfStmt && prev->nkids == 2 && !can_complete(prev->kids[1]));
}

static int entry_of(struct test_graph *c, const struct cnode *s);

/* Where control goes after statement S completes. */
static int next_of(struct test_graph *c, const struct cnode *s)
{
	const struct cnode *p = s->parent;
	if (!p)
		return keyed_node(c, T_END, s, 0);
	switch (p->kind) {
	case CXCursor_CompoundStmt:
		if (s->index + 1 < p->nkids)
			return entry_of(c, p->kids[s->index + 1]);
		return next_of(c, p);
	case CXCursor_IfStmt:
	case CXCursor_LabelStmt:
	case CXCursor_CaseStmt:
	case CXCursor_DefaultStmt:
		return next_of(c, p);
	default:
		/* the end of a function, of a loop's body: "another branch" */
		return keyed_node(c, T_END, p, 0);
	}
}

/* The '(' after the keyword of statement S: where GCC reports its condition. */
static struct ir_loc paren_after_keyword(const struct cnode *s)
{
	struct ir_loc l = cnode_loc(s);
	unsigned len;
	const char *text = l.file ? source_line(l.file, l.line, &len) : NULL;
	if (!text)
		return l;
	for (int b = byte_column(l.file, l.line, l.column) - 1; b < (int)len; b++)
		if (text[b] == '(') {
			l.column = display_column(l.file, l.line, b + 1);
			break;
		}
	return l;
}

static int build_if(struct test_graph *c, const struct cnode *s)
{
	for (int i = 0; i < c->nifs; i++)
		if (c->if_stmt[i] == s)
			return c->if_entry[i];
	int t = entry_of(c, s->kids[1]);
	int f = s->nkids > 2 ? entry_of(c, s->kids[2]) : next_of(c, s);
	int n = build_cond(c, s->kids[0], t, f, paren_after_keyword(s));
	c->nodes[n].other_entry = entered_otherwise(s);
	c->if_stmt = (const struct cnode **)realloc(c->if_stmt, (c->nifs + 1) * sizeof(*c->if_stmt));
	c->if_entry = (int *)realloc(c->if_entry, (c->nifs + 1) * sizeof(*c->if_entry));
	c->if_stmt[c->nifs] = s;
	c->if_entry[c->nifs++] = n;
	return n;
}

/* The first test or statement executed when control reaches statement S. */
static int entry_of(struct test_graph *c, const struct cnode *s)
{
	if (s->kind == CXCursor_CompoundStmt)
		return s->nkids ? entry_of(c, s->kids[0]) : next_of(c, s);
	if (s->kind == CXCursor_IfStmt && s->nkids >= 2)
		return build_if(c, s);
	if (s->kind == CXCursor_NullStmt)
		return next_of(c, s);
	return keyed_node(c, T_STMT, s, cnode_start(s).line);
}

/*
 * Where a condition computed as a value is reported, as GCC does: its
 * first tested operand, a field read at its last '->' or '.'; but a
 * condition passed to a macro whose body computes with it (WARN_ON()'s
 * "!!(cond)") at the macro's expansion point.
 */
static struct ir_loc value_report(struct cnode *root)
{
	struct ir_loc start = cnode_loc(root), expansion = cnode_expansion(root);
	if (root->parent && (expansion.line != start.line || expansion.column != start.column)) {
		struct ir_loc p = cnode_loc(root->parent);
		if (p.line == expansion.line && p.column == expansion.column)
			return expansion;	/* the parent is in the macro's body */
	}
	struct cnode *e = cnode_strip(root);
	while (e && e->nkids >= 1 && (is_logical(e) || is_comparison(e)))
		e = cnode_strip(e->kids[0]);
	struct ir_loc l = e ? cnode_loc(e) : start;
	if (e && e->kind == CXCursor_MemberRefExpr) {
		/* clang locates a field read at the field's name */
		unsigned len;
		const char *text = l.file ? source_line(l.file, l.line, &len) : NULL;
		int b = text ? byte_column(l.file, l.line, l.column) - 2 : -1;
		while (b >= 0 && (text[b] == ' ' || text[b] == '\t'))
			b--;
		if (b >= 1 && text[b] == '>' && text[b - 1] == '-')
			b--;
		if (b >= 0 && (text[b] == '.' || text[b] == '-'))
			l.column = display_column(l.file, l.line, b + 1);
	}
	return l;
}

/* Conditions that are not an if's: of loops, of ?:, and values. */
static void build_root(struct test_graph *c, struct cnode *root)
{
	struct cnode *p = cnode_parent(root);
	if (p && p->kind == CXCursor_IfStmt && cnode_strip(p->kids[0]) == root)
		return;		/* build_if's */
	int t, f;
	struct ir_loc report;
	if (p && (p->kind == CXCursor_WhileStmt || p->kind == CXCursor_ForStmt ||
		  p->kind == CXCursor_DoStmt) && p->nkids >= 2) {
		struct cnode *body = p->kids[p->nkids - 1];
		if (cnode_strip(body) == root)
			return;
		t = keyed_node(c, T_STMT, body, cnode_start(body).line);
		f = next_of(c, p);
		report = paren_after_keyword(p);
	} else if (p && p->kind == CXCursor_ConditionalOperator && p->nkids == 3 &&
		   cnode_strip(p->kids[0]) == root) {
		t = keyed_node(c, T_STMT, p->kids[1], cnode_start(p->kids[1]).line);
		f = keyed_node(c, T_STMT, p->kids[2], cnode_start(p->kids[2]).line);
		report = value_report(root);
	} else {
		t = new_node(c, T_TRUTH, 0);
		c->nodes[t].truth = true;
		f = new_node(c, T_TRUTH, 0);
		report = value_report(root);
	}
	int n = build_cond(c, root, t, f, report);
	c->nodes[n].other_entry = true;
}

/* Build the graph of every condition under N. */
static void build_all(struct test_graph *c, struct cnode *n)
{
	if (n->kind == CXCursor_IfStmt && n->nkids >= 2)
		build_if(c, n);
	else if (clang_isExpression(n->kind) && cnode_strip(n) == n &&
		 (is_logical(n) || is_comparison(n)) && !is_logical(cnode_parent(n)))
		build_root(c, n);
	for (unsigned i = 0; i < n->nkids; i++)
		build_all(c, n->kids[i]);
}

/* ---- regions, as GCC's (core-regions.c) ------------------------------------ */

static void add_pred(struct test_graph *c, int to, int from)
{
	if (to < 0)
		return;
	struct tnode *n = &c->nodes[to];
	n->preds = (int *)realloc(n->preds, (n->npreds + 1) * sizeof(int));
	n->preds[n->npreds++] = from;
}

/* The entry of the region of comparison N (N itself if it starts one). */
int tests_region(struct test_graph *c, int n)
{
	struct tnode *x = &c->nodes[n];
	if (x->region >= 0)
		return x->region;
	x->region = n;		/* no cycles through ourselves */
	int region = -1;
	bool joins = !x->other_entry && x->npreds > 0;
	for (int i = 0; joins && i < x->npreds; i++) {
		int p = x->preds[i];
		const struct tnode *y = &c->nodes[p];
		if (y->kind != T_CMP || strcmp(y->value, x->value)) {
			joins = false;
			break;
		}
		int r = tests_region(c, p);
		if (region >= 0 && r != region)
			joins = false;
		region = r;
	}
	c->nodes[n].region = joins ? region : n;
	return c->nodes[n].region;
}

bool tests_in_region(struct test_graph *c, int n, int region)
{
	return n >= 0 && c->nodes[n].kind == T_CMP && tests_region(c, n) == region;
}

bool tests_holds(const struct tnode *n, long long v)
{
	return ir_cmp_holds(n->op, v, n->constant);
}

void tests_build(struct test_graph *c, struct cnode *body, tested_fn tested, void *data)
{
	memset(c, 0, sizeof(*c));
	c->tested = tested;
	c->data = data;
	build_all(c, body);
	for (int n = 0; n < c->nnodes; n++)
		if (c->nodes[n].kind == T_CMP || c->nodes[n].kind == T_OPAQUE) {
			add_pred(c, c->nodes[n].t, n);
			add_pred(c, c->nodes[n].f, n);
		}
}

void tests_free(struct test_graph *c)
{
	for (int n = 0; n < c->nnodes; n++) {
		free(c->nodes[n].value);
		free(c->nodes[n].preds);
	}
	free(c->nodes);
	free(c->if_stmt);
	free(c->if_entry);
}
