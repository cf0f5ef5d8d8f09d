// SPDX-License-Identifier: GPL-2.0
/*
 * clang-pgmap-type.c - pgmap-type's libclang front end: lower one function's
 * cursors to the neutral representation (ir.h) and run the judgement
 * (ir-pgmap-type.c) that the GCC plugin runs.
 *
 * libclang has no CFG.  What pgmap-type needs is built from the cursors:
 *
 *   - switches: the index, the case labels and ranges, the default
 *     (SwitchStmt, CaseStmt, DefaultStmt) -> ir_switch;
 *   - a graph of tests, the only control flow this rule reads: every
 *     condition (of an if, a loop, ?:, or computed as a value) is lowered to
 *     nodes, one per comparison or other operand, joined by its && || !
 *     short-circuit edges.  An if's true and false edges go to the first
 *     test or statement of its branch, or of what follows the if (the next
 *     statement, past the ends of enclosing blocks).  An if is "entered
 *     otherwise" (not only by those edges) when ordinary statements, labels
 *     or a loop can reach it;
 *   - regions, as GCC's CFG regions (core-regions.c): a comparison on a
 *     memory-type value joins the region of its predecessors when every
 *     way into it is a comparison of one region on the same value; a
 *     region is run for every enumerator to find where each goes -> ir_split.
 *
 * A tested value is an expression of type enum memory_type, or a local
 * variable that only its initializer sets from one ("int t = pgmap->type"),
 * named by clang's printing of it ("pgmap->type", "t").  Operators are read
 * from clang's printing too: libclang 14 has no operator kind.
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

static bool is_op(const struct cnode *n, const char *want)
{
	char *op = binary_op(n);
	bool r = op && !strcmp(op, want);
	free(op);
	return r;
}

/* The operator of unary N: "!", "&", "++" (prefix or postfix).  Malloc'ed or NULL. */
static char *unary_op(const struct cnode *n)
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

static const char *const cmp_ops[] = { "==", "!=", "<", "<=", ">", ">=" };

static bool is_comparison(const struct cnode *n)
{
	char *op = binary_op(n);
	bool r = false;
	for (int i = 0; op && i < 6; i++)
		r |= !strcmp(op, cmp_ops[i]);
	free(op);
	return r;
}

/* ---- the tested value ----------------------------------------------------- */

struct fn_ctx;
static bool tested_of(struct fn_ctx *c, struct cnode *e, char **spelling, CXCursor *enum_decl);

/* Is T enum memory_type?  Its declaration in *DECL. */
static bool memory_type(CXType t, CXCursor *decl)
{
	t = clang_getCanonicalType(t);
	if (t.kind != CXType_Enum)
		return false;
	CXCursor d = clang_getTypeDeclaration(t);
	CXString s = clang_getCursorSpelling(d);
	bool ok = !strcmp(clang_getCString(s), PGMAP_TYPE_ENUM);
	clang_disposeString(s);
	if (ok)
		*decl = d;
	return ok;
}

/* A local variable that only its initializer sets. */
struct copy {
	CXCursor var;
	bool holds;			/* a memory type */
	CXCursor enum_decl;
};

/* The graph of tests (see the top of the file). */
enum tkind { T_CMP, T_OPAQUE, T_STMT, T_TRUTH, T_END };

struct tnode {
	enum tkind kind;
	int t, f;			/* T_CMP, T_OPAQUE: successors */
	enum ir_cmp_op op;		/* T_CMP: "value OP constant" */
	long long constant;
	char *value;			/* T_CMP: the tested value's spelling */
	CXCursor enum_decl;
	struct ir_loc report;		/* T_CMP: where a warning on its region goes */
	int line;			/* as a destination: its first line, 0 unknown */
	bool truth;			/* T_TRUTH */
	bool other_entry;		/* entered otherwise than by the graph's edges */
	int region;			/* T_CMP: -1 not yet known */
	const struct cnode *key;	/* T_STMT, T_END: memo key */
	int *preds, npreds;
};

struct fn_ctx {
	struct cnode *body;
	struct copy *copies;
	unsigned ncopies;
	CXCursor *modified;		/* local variables assigned, incremented, or whose address is taken */
	unsigned nmodified;
	struct tnode *nodes;
	int nnodes;
	const struct cnode **if_stmt;	/* the if statements whose condition is built, ... */
	int *if_entry;			/* ... and their entry node */
	int nifs;
};

static bool modified(struct fn_ctx *c, CXCursor var)
{
	for (unsigned i = 0; i < c->nmodified; i++)
		if (clang_equalCursors(c->modified[i], var))
			return true;
	return false;
}

/* Record the variables N's subtree stores to other than by their initializer. */
static void find_modified(struct fn_ctx *c, struct cnode *n)
{
	for (unsigned i = 0; i < n->nkids; i++)
		find_modified(c, n->kids[i]);
	struct cnode *target = NULL;
	if (n->kind == CXCursor_CompoundAssignOperator || is_op(n, "="))
		target = cnode_strip(n->kids[0]);
	else if (n->kind == CXCursor_UnaryOperator) {
		char *op = unary_op(n);
		if (op && (!strcmp(op, "&") || !strcmp(op, "++") || !strcmp(op, "--")))
			target = cnode_strip(n->kids[0]);
		free(op);
	}
	if (target && target->kind == CXCursor_DeclRefExpr) {
		c->modified = (CXCursor *)realloc(c->modified, (c->nmodified + 1) * sizeof(CXCursor));
		c->modified[c->nmodified++] = clang_getCursorReferenced(target->c);
	}
}

/* "int t = pgmap->type": does local VAR hold a memory type? */
static bool copy_holds(struct fn_ctx *c, CXCursor var, CXCursor *enum_decl)
{
	for (unsigned i = 0; i < c->ncopies; i++)
		if (clang_equalCursors(c->copies[i].var, var)) {
			*enum_decl = c->copies[i].enum_decl;
			return c->copies[i].holds;
		}
	struct copy k = { var, false, clang_getNullCursor() };
	CXCursor parent = clang_getCursorSemanticParent(var);
	if (clang_getCursorKind(parent) == CXCursor_FunctionDecl && !modified(c, var) &&
	    clang_getCursorType(var).kind != CXType_Pointer) {
		struct cnode *decl = cnode_build(var);
		struct cnode *init = decl->nkids ? decl->kids[decl->nkids - 1] : NULL;
		char *s = NULL;
		if (init && clang_isExpression(init->kind))
			k.holds = tested_of(c, init, &s, &k.enum_decl);
		free(s);
		cnode_free(decl);
	}
	c->copies = (struct copy *)realloc(c->copies, (c->ncopies + 1) * sizeof(*c->copies));
	c->copies[c->ncopies++] = k;
	*enum_decl = k.enum_decl;
	return k.holds;
}

/* Is E a memory-type value?  Its spelling and enum if so. */
static bool tested_of(struct fn_ctx *c, struct cnode *e, char **spelling, CXCursor *enum_decl)
{
	e = cnode_strip(e);
	if (!e)
		return false;
	if (!memory_type(clang_getCursorType(e->c), enum_decl)) {
		if (e->kind != CXCursor_DeclRefExpr)
			return false;
		CXCursor var = clang_getCursorReferenced(e->c);
		if (clang_getCursorKind(var) != CXCursor_VarDecl || !copy_holds(c, var, enum_decl))
			return false;
	} else if (e->kind == CXCursor_DeclRefExpr) {
		CXCursor var = clang_getCursorReferenced(e->c);
		if (clang_getCursorKind(var) == CXCursor_EnumConstantDecl)
			return false;	/* a constant, not a value */
	}
	*spelling = cnode_pretty(e);
	return true;
}

static bool constant_of(struct cnode *e, long long *v)
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

static int new_node(struct fn_ctx *c, enum tkind kind, int line)
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
static int keyed_node(struct fn_ctx *c, enum tkind kind, const struct cnode *key, int line)
{
	for (int i = 0; i < c->nnodes; i++)
		if (c->nodes[i].key == key && c->nodes[i].kind == kind)
			return i;
	int n = new_node(c, kind, line);
	c->nodes[n].key = key;
	return n;
}

/* "C OP v" as "v OP' C". */
static const enum ir_cmp_op mirrored[] = { IR_EQ, IR_NE, IR_GT, IR_GE, IR_LT, IR_LE };

/* E as a comparison of a memory-type value with a constant: a T_CMP node, or -1. */
static int comparison(struct fn_ctx *c, struct cnode *e, int t, int f, struct ir_loc report)
{
	char *op = binary_op(e);
	int k = -1;
	for (int i = 0; op && i < 6; i++)
		if (!strcmp(op, cmp_ops[i]))
			k = i;
	free(op);
	if (k < 0)
		return -1;
	char *value = NULL;
	CXCursor decl;
	long long constant;
	enum ir_cmp_op cmp;
	if (tested_of(c, e->kids[0], &value, &decl) && constant_of(e->kids[1], &constant))
		cmp = (enum ir_cmp_op)k;
	else if (!value && tested_of(c, e->kids[1], &value, &decl) && constant_of(e->kids[0], &constant))
		cmp = mirrored[k];
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
static int build_cond(struct fn_ctx *c, struct cnode *e, int t, int f, struct ir_loc report)
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

static int entry_of(struct fn_ctx *c, const struct cnode *s);

/* Where control goes after statement S completes. */
static int next_of(struct fn_ctx *c, const struct cnode *s)
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

static int build_if(struct fn_ctx *c, const struct cnode *s)
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
static int entry_of(struct fn_ctx *c, const struct cnode *s)
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
static void build_root(struct fn_ctx *c, struct cnode *root)
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
static void build_all(struct fn_ctx *c, struct cnode *n)
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

static void add_pred(struct fn_ctx *c, int to, int from)
{
	if (to < 0)
		return;
	struct tnode *n = &c->nodes[to];
	n->preds = (int *)realloc(n->preds, (n->npreds + 1) * sizeof(int));
	n->preds[n->npreds++] = from;
}

/* The entry of the region of comparison N (N itself if it starts one). */
static int region_of(struct fn_ctx *c, int n)
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
		int r = region_of(c, p);
		if (region >= 0 && r != region)
			joins = false;
		region = r;
	}
	c->nodes[n].region = joins ? region : n;
	return c->nodes[n].region;
}

static bool in_region(struct fn_ctx *c, int n, int region)
{
	return n >= 0 && c->nodes[n].kind == T_CMP && region_of(c, n) == region;
}

static bool holds(const struct tnode *n, long long v)
{
	struct ir_cond cmp = { IR_CMP, n->op, n->constant, NULL, NULL, 0 };
	return ir_cond_eval(&cmp, v);
}

struct enum_items {
	struct ir_enumerator *items;
	unsigned n;
};

static enum CXChildVisitResult add_enumerator(CXCursor k, CXCursor p, CXClientData data)
{
	struct enum_items *e = (struct enum_items *)data;
	(void)p;
	if (clang_getCursorKind(k) != CXCursor_EnumConstantDecl)
		return CXChildVisit_Continue;
	e->items = (struct ir_enumerator *)realloc(e->items, (e->n + 1) * sizeof(*e->items));
	CXString s = clang_getCursorSpelling(k);
	e->items[e->n].name = strdup(clang_getCString(s));
	clang_disposeString(s);
	e->items[e->n++].value = clang_getEnumConstantDeclValue(k);
	return CXChildVisit_Continue;
}

static struct ir_enum enum_of(CXCursor decl)
{
	struct enum_items e = { NULL, 0 };
	clang_visitChildren(decl, add_enumerator, &e);
	struct ir_enum r = { e.items, e.n };
	return r;
}

static void free_enum(struct ir_enum *e)
{
	for (unsigned i = 0; i < e->n; i++)
		free((char *)e->items[i].name);
	free((void *)e->items);
}

/* The outcome of destination node D in the split being built, made if new. */
static int outcome_for(int *dest_of, unsigned *n, int d)
{
	for (unsigned i = 0; i < *n; i++)
		if (dest_of[i] == d)
			return (int)i;
	dest_of[*n] = d;
	return (int)(*n)++;
}

/* Run the region entered at comparison ENTRY for every enumerator, and judge the split. */
static void check_region(struct fn_ctx *c, int entry)
{
	const struct tnode *x = &c->nodes[entry];
	struct ir_enum e = enum_of(x->enum_decl);
	int *dest_of = (int *)calloc(c->nnodes + 1, sizeof(int));
	int *outcome_of = (int *)calloc(e.n + 1, sizeof(int));
	unsigned nout = 0;
	for (unsigned i = 0; i < e.n; i++) {
		int cur = entry, steps = 0;
		for (;;) {
			const struct tnode *n = &c->nodes[cur];
			int next = holds(n, e.items[i].value) ? n->t : n->f;
			if (!in_region(c, next, entry) || ++steps > c->nnodes) {
				outcome_of[i] = outcome_for(dest_of, &nout, next);
				break;
			}
			cur = next;
		}
	}
	struct ir_outcome *outs = (struct ir_outcome *)calloc(c->nnodes + 1, sizeof(*outs));
	struct ir_loc report = x->report;
	for (int m = 0; m < c->nnodes; m++) {
		if (!in_region(c, m, entry))
			continue;
		if (ir_loc_before(c->nodes[m].report, report))
			report = c->nodes[m].report;
		int succ[2] = { c->nodes[m].t, c->nodes[m].f };
		for (int k = 0; k < 2; k++) {
			if (in_region(c, succ[k], entry))
				continue;
			int o = outcome_for(dest_of, &nout, succ[k]);
			outs[o].via_true |= k == 0;
			outs[o].via_false |= k == 1;
		}
	}
	for (unsigned o = 0; o < nout; o++) {
		const struct tnode *d = dest_of[o] >= 0 ? &c->nodes[dest_of[o]] : NULL;
		outs[o].is_truth = d && d->kind == T_TRUTH;
		outs[o].truth = d && d->truth;
		outs[o].line = d ? d->line : 0;
	}
	struct ir_split split = { report, x->value, &e, outs, nout, outcome_of };
	struct ir_finding f;
	if (pgmap_type_judge_split(&split, &f)) {
		clang_report(PGMAP_TYPE_RULE, &f);
		ir_finding_free(&f);
	}
	free(outs);
	free(outcome_of);
	free(dest_of);
	free_enum(&e);
}

/* ---- switches ------------------------------------------------------------ */

struct labels {
	struct ir_case *cases;
	unsigned ncases;
	const struct cnode *first, *deflt;
};

/* The labels of one switch's body: not those of nested switches. */
static void collect_labels(const struct cnode *n, struct labels *l)
{
	if (n->kind == CXCursor_SwitchStmt)
		return;
	if (n->kind == CXCursor_CaseStmt || n->kind == CXCursor_DefaultStmt) {
		if (!l->first)
			l->first = n;
		if (n->kind == CXCursor_DefaultStmt)
			l->deflt = n;
		long long lo, hi;
		if (n->kind == CXCursor_CaseStmt && n->nkids >= 2 && constant_of(n->kids[0], &lo)) {
			if (!(n->nkids == 3 && constant_of(n->kids[1], &hi)))
				hi = lo;
			l->cases = (struct ir_case *)realloc(l->cases, (l->ncases + 1) * sizeof(*l->cases));
			l->cases[l->ncases].low = lo;
			l->cases[l->ncases++].high = hi;
		}
	}
	for (unsigned i = 0; i < n->nkids; i++)
		collect_labels(n->kids[i], l);
}

/* Column 1 of LABEL's line when only blanks precede it there; *INDENT those blanks. */
static struct ir_loc line_start(const struct cnode *label, char **indent)
{
	struct ir_loc l = cnode_loc(label), none = { NULL, 0, 0, 0 };
	unsigned len;
	const char *text = l.file ? source_line(l.file, l.line, &len) : NULL;
	int b = text ? byte_column(l.file, l.line, l.column) - 1 : -1;
	const char *word = label->kind == CXCursor_DefaultStmt ? "default" : "case";
	if (b < 0 || (unsigned)b + strlen(word) > len || strncmp(text + b, word, strlen(word)))
		return none;	/* from a macro */
	for (int i = 0; i < b; i++)
		if (text[i] != ' ' && text[i] != '\t')
			return none;
	*indent = strndup(text, b);
	l.column = 1;
	return l;
}

static void check_switch(struct fn_ctx *c, const struct cnode *sw)
{
	char *value = NULL;
	CXCursor decl;
	if (sw->nkids < 2 || !tested_of(c, sw->kids[0], &value, &decl))
		return;
	struct labels l = { NULL, 0, NULL, NULL };
	collect_labels(sw->kids[sw->nkids - 1], &l);
	struct ir_enum e = enum_of(decl);
	long long *index = (long long *)calloc(e.n + 1, sizeof(long long));
	for (unsigned i = 0; i < e.n; i++)
		index[i] = e.items[i].value;
	char *indent = NULL;
	struct ir_loc at = { NULL, 0, 0, 0 };
	if (l.deflt || l.first)
		at = line_start(l.deflt ? l.deflt : l.first, &indent);
	struct ir_switch s = { cnode_loc(sw), value, &e, index, l.cases, l.ncases, l.deflt != NULL,
			       at, indent };
	struct ir_finding f;
	if (pgmap_type_judge_switch(&s, &f)) {
		clang_report(PGMAP_TYPE_RULE, &f);
		ir_finding_free(&f);
	}
	free(indent);
	free(index);
	free_enum(&e);
	free(l.cases);
	free(value);
}

/* ---- the function ---------------------------------------------------------- */

/* Does N's subtree read a memory-type value?  (The cheap exit.) */
static bool relevant(const struct cnode *n)
{
	CXCursor decl;
	if (clang_isExpression(n->kind) && memory_type(clang_getCursorType(n->c), &decl))
		return true;
	for (unsigned i = 0; i < n->nkids; i++)
		if (relevant(n->kids[i]))
			return true;
	return false;
}

static void switches(struct fn_ctx *c, const struct cnode *n)
{
	if (n->kind == CXCursor_SwitchStmt)
		check_switch(c, n);
	for (unsigned i = 0; i < n->nkids; i++)
		switches(c, n->kids[i]);
}

void pgmap_type_function(struct cnode *body)
{
	if (!relevant(body))
		return;
	struct fn_ctx c;
	memset(&c, 0, sizeof(c));
	c.body = body;
	find_modified(&c, body);
	switches(&c, body);
	build_all(&c, body);
	for (int n = 0; n < c.nnodes; n++)
		if (c.nodes[n].kind == T_CMP || c.nodes[n].kind == T_OPAQUE) {
			add_pred(&c, c.nodes[n].t, n);
			add_pred(&c, c.nodes[n].f, n);
		}
	for (int n = 0; n < c.nnodes; n++)
		if (c.nodes[n].kind == T_CMP && region_of(&c, n) == n)
			check_region(&c, n);
	for (int n = 0; n < c.nnodes; n++) {
		free(c.nodes[n].value);
		free(c.nodes[n].preds);
	}
	free(c.nodes);
	free(c.copies);
	free(c.modified);
	free(c.if_stmt);
	free(c.if_entry);
}
