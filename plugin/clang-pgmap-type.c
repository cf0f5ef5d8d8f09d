// SPDX-License-Identifier: GPL-2.0
/*
 * clang-pgmap-type.c - pgmap-type's libclang front end: lower one function's
 * cursors to the neutral representation (ir.h) and run the judgement
 * (ir-pgmap-type.c) that the GCC plugin runs.
 *
 * libclang has no CFG.  What pgmap-type needs is built from the cursors
 * (the graph of tests is clang-tests.c's):
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
struct fn_ctx {
	struct cnode *body;
	struct copy *copies;
	unsigned ncopies;
	CXCursor *modified;		/* local variables assigned, incremented, or whose address is taken */
	unsigned nmodified;
	struct test_graph g;
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
	const struct tnode *x = &c->g.nodes[entry];
	struct ir_enum e = enum_of(x->enum_decl);
	int *dest_of = (int *)calloc(c->g.nnodes + 1, sizeof(int));
	int *outcome_of = (int *)calloc(e.n + 1, sizeof(int));
	unsigned nout = 0;
	for (unsigned i = 0; i < e.n; i++) {
		int cur = entry, steps = 0;
		for (;;) {
			const struct tnode *n = &c->g.nodes[cur];
			int next = tests_holds(n, e.items[i].value) ? n->t : n->f;
			if (!tests_in_region(&c->g, next, entry) || ++steps > c->g.nnodes) {
				outcome_of[i] = outcome_for(dest_of, &nout, next);
				break;
			}
			cur = next;
		}
	}
	struct ir_outcome *outs = (struct ir_outcome *)calloc(c->g.nnodes + 1, sizeof(*outs));
	struct ir_loc report = x->report;
	for (int m = 0; m < c->g.nnodes; m++) {
		if (!tests_in_region(&c->g, m, entry))
			continue;
		if (ir_loc_before(c->g.nodes[m].report, report))
			report = c->g.nodes[m].report;
		int succ[2] = { c->g.nodes[m].t, c->g.nodes[m].f };
		for (int k = 0; k < 2; k++) {
			if (tests_in_region(&c->g, succ[k], entry))
				continue;
			int o = outcome_for(dest_of, &nout, succ[k]);
			outs[o].via_true |= k == 0;
			outs[o].via_false |= k == 1;
		}
	}
	for (unsigned o = 0; o < nout; o++) {
		const struct tnode *d = dest_of[o] >= 0 ? &c->g.nodes[dest_of[o]] : NULL;
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

/* The test graph's question: is E a memory-type value? */
static bool tested(void *data, struct cnode *e, char **spelling, CXCursor *enum_decl)
{
	return tested_of((struct fn_ctx *)data, e, spelling, enum_decl);
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
	tests_build(&c.g, body, tested, &c);
	for (int n = 0; n < c.g.nnodes; n++)
		if (c.g.nodes[n].kind == T_CMP && tests_region(&c.g, n) == n)
			check_region(&c, n);
	tests_free(&c.g);
	free(c.copies);
	free(c.modified);
}
