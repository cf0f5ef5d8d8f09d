// SPDX-License-Identifier: GPL-2.0
/*
 * clang-paths.c - the path engine's libclang front end: a function's CFG
 * (clang-cfg.c, built from the cursors) lowered to the engine's
 * representation (ir-paths.h), so that pgmap-ref (ir-pgmap-ref.c) runs on
 * clang-built trees with the same engine, transitions and messages as in
 * the GCC plugin.
 *
 * The lowering follows what GCC's gimplifier makes of the same source, so
 * that both engines see the same statements at the same places:
 *
 *   locations   a local variable or parameter of scalar type whose address
 *               is not taken (or is passed only to static helpers that
 *               store a reference into it) is one location; a value an
 *               element computes for another (a call's result, a
 *               comparison, a pgmap loaded from memory) is a temporary,
 *               dropped when its block is left if it is used there
 *   statements  a call, with its result stored where the source stores it
 *               ("pgmap = get_dev_pagemap(...)": the call stores into
 *               pgmap, at the call); an assignment or an initialisation
 *               (a pgmap read from memory into a variable: one statement,
 *               at the "=" or the variable's name, as GCC puts it); a
 *               member read on its own ("pgmap->type" inside a larger
 *               expression: at its "->"); a comparison, a "!"; a return
 *   conditions  the branch of an if/while/for/do, && and ||, on the
 *               condition past "!" and "== 0" / "!= 0", as GCC's gcond
 *   exits       a return statement, or the closing brace a function falls
 *               off; a path that left by a goto, break or continue into
 *               the blocks that only return is reported at that jump
 *
 * Not lowered (their value is unknown to the engine, as for any value it
 * does not follow): the value of && and || used as a value, of ?: and of
 * GNU ?:.  Functions are analysed callees first, as GCC does, so that a
 * static helper's summary is there for its callers.
 */
#include <stdlib.h>
#include <string.h>
#include "clang-core.h"
#include "clang-cfg.h"
#include "ir-paths.h"

/* What the lowering knows of an element. */
struct einfo {
	const struct cnode *n;
	int block;			/* the CFG block it is evaluated in */
	struct path_op val;		/* its value, for the element using it */
	bool absorbed;			/* lowered by the element using it (no statement of its own) */
	bool cond;			/* part of a branch's condition (the gcond reads it) */
	bool folded;			/* a choice lowered as a test: no arm copies */
};

struct var {
	CXCursor decl;
	int loc;			/* its location, or -1 */
	bool addressed;			/* its address is taken other than for a summarised helper */
	bool cleanup;			/* it has a cleanup function (__free()): its address goes there */
	int passed;			/* ... passed to a summarised helper that stores into it */
};

struct lowering {
	const struct path_sm *sm;
	struct cnode *fn;		/* the FunctionDecl */
	struct cfg g;
	struct einfo *info;		/* hash table by cnode */
	unsigned ninfo;			/* its size (a power of 2) */
	struct var *vars;
	int nvars, capvars;
	int *block_of;			/* CFG block -> ours, -1: none (the exit) */
	struct path_locinfo *locs;
	unsigned nlocs, caplocs;
	struct path_stmt *stmts;
	unsigned nstmts, capstmts;
	struct path_block *blocks;
	struct path_edge *edges;
	unsigned nedges, capedges;
	struct ir_loc *edge_jump;	/* per edge: the goto/break/continue/return it is */
	struct path_parm *parms;
	unsigned nparms;
	int *scan;
	unsigned nscan;
	void **allocated;
	unsigned nallocated, capallocated;
	struct path_fn out;
};

static void *keep(struct lowering *l, const void *p, size_t size)
{
	if (!size)
		return NULL;
	void *copy = malloc(size);
	if (!copy)
		abort();
	memcpy(copy, p, size);
	IR_GROW(l->allocated, l->nallocated, l->capallocated);
	l->allocated[l->nallocated++] = copy;
	return copy;
}

/* ---- cursors and types ---------------------------------------------------- */

/* N's parent past parentheses and implicit casts, and which kid it is there. */
static struct cnode *user_of(const struct cnode *n, int *index)
{
	struct cnode *p = n->parent;
	unsigned i = n->index;
	while (p && p->nkids == 1 && (p->kind == CXCursor_ParenExpr || p->kind == CXCursor_UnexposedExpr)) {
		i = p->index;
		p = p->parent;
	}
	if (index)
		*index = (int)i;
	return p;
}

static bool integral_type(CXType t)
{
	t = clang_getCanonicalType(t);
	return (t.kind >= CXType_Bool && t.kind <= CXType_Int128) || t.kind == CXType_Enum;
}

static bool pointer_type(CXType t)
{
	return clang_getCanonicalType(t).kind == CXType_Pointer;
}

/* Is T a pointer to the rule's struct ("struct dev_pagemap *")? */
static bool tracked_type(const struct lowering *l, CXType t)
{
	if (!pointer_type(t))
		return false;
	char *name = struct_name(t);
	bool r = name && !strcmp(name, l->sm->tracked_struct);
	free(name);
	return r;
}

/* Is T a pointer to a pointer to the rule's struct ("struct dev_pagemap **")? */
static bool slot_type(const struct lowering *l, CXType t)
{
	t = clang_getCanonicalType(t);
	return t.kind == CXType_Pointer && tracked_type(l, clang_getPointeeType(t));
}

static CXType type_of(const struct cnode *n)
{
	return clang_getCursorType(n->c);
}

/*
 * Binary N's operator ("==", "=", ","...), malloc'ed, or NULL: from between
 * its operands (op_of), or, when an operand comes from a macro (pgmap ==
 * NULL), from the tokens of the whole extent (is_op).
 */
static char *bin_op(const struct cnode *n)
{
	static const char *const ops[] = {
		"==", "!=", "<=", ">=", "<", ">", "=", "&&", "||", ",", "+", "-", "*", "/",
		"%", "&", "|", "^", "<<", ">>",
	};
	if (n->kind != CXCursor_BinaryOperator || n->nkids != 2)
		return NULL;
	char *op = op_of(n);
	if (op && strcmp(op, "?"))
		return op;
	free(op);
	for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (is_op(n, ops[i]))
			return strdup(ops[i]);
	return NULL;
}

static bool bin_op_is(const struct cnode *n, const char *want)
{
	char *op = bin_op(n);
	bool r = op && !strcmp(op, want);
	free(op);
	return r;
}

/* GCC's location for an expression: a member access at its "->", a binary
 * operator at its operator, anything else at its first token. */
static struct ir_loc expr_loc(const struct cnode *n)
{
	if (n->kind == CXCursor_MemberRefExpr && n->nkids)
		return member_loc(n);
	if ((n->kind == CXCursor_BinaryOperator || n->kind == CXCursor_CompoundAssignOperator) &&
	    n->nkids == 2)
		return operator_loc(n);
	return cnode_start(n);
}

/* ---- elements ------------------------------------------------------------- */

static unsigned hash_ptr(const void *p, unsigned size)
{
	unsigned long long x = (unsigned long long)(size_t)p;
	x ^= x >> 17;
	x *= 0x9e3779b97f4a7c15ULL;
	return (unsigned)(x >> 32) & (size - 1);
}

/* N's entry (created if ADD), or NULL. */
static struct einfo *info_of(struct lowering *l, const struct cnode *n, bool add)
{
	if (!n)
		return NULL;
	for (unsigned i = hash_ptr(n, l->ninfo); ; i = (i + 1) & (l->ninfo - 1)) {
		if (l->info[i].n == n)
			return &l->info[i];
		if (!l->info[i].n) {
			if (!add)
				return NULL;
			l->info[i].n = n;
			l->info[i].block = -1;
			return &l->info[i];
		}
	}
}

static struct path_op op_none(void)
{
	struct path_op o;
	memset(&o, 0, sizeof(o));
	o.kind = POP_NONE;
	o.loc = o.base = o.addr_loc = -1;
	return o;
}

/* An operand of N's type with KIND. */
static struct path_op op_typed(const struct cnode *n, enum path_op_kind kind)
{
	struct path_op o = op_none();
	o.kind = kind;
	CXType t = type_of(n);
	o.pointer = pointer_type(t);
	o.integral = integral_type(t);
	return o;
}

/* ---- locations ------------------------------------------------------------ */

static int new_location(struct lowering *l, bool holder, bool tracked, int block)
{
	IR_GROW(l->locs, l->nlocs, l->caplocs);
	struct path_locinfo li = { holder, tracked, block };
	l->locs[l->nlocs] = li;
	return l->nlocs++;
}

/* The variable DECL (a local or a parameter), or NULL. */
static struct var *var_of(struct lowering *l, CXCursor decl)
{
	for (int i = 0; i < l->nvars; i++)
		if (clang_equalCursors(l->vars[i].decl, decl))
			return &l->vars[i];
	return NULL;
}

static struct var *add_var(struct lowering *l, CXCursor decl)
{
	struct var *v = var_of(l, decl);
	if (v)
		return v;
	IR_GROW(l->vars, l->nvars, l->capvars);
	v = &l->vars[l->nvars++];
	memset(v, 0, sizeof(*v));
	v->decl = decl;
	v->loc = -1;
	return v;
}

/* The variable expression N names, if it is a local or a parameter. */
static struct var *named_var(struct lowering *l, struct cnode *n)
{
	n = cfg_unwrap(n);
	if (!n || n->kind != CXCursor_DeclRefExpr)
		return NULL;
	CXCursor d = clang_getCursorReferenced(n->c);
	enum CXCursorKind k = clang_getCursorKind(d);
	if ((k != CXCursor_VarDecl && k != CXCursor_ParmDecl) || !local_var(d))
		return NULL;
	return var_of(l, d);
}

/* Is A, an argument, "&VAR" of a local VAR of the tracked pointer type?  VAR's declaration. */
static bool out_local_candidate(struct lowering *l, struct cnode *a, CXCursor *decl)
{
	a = cfg_unwrap(a);
	if (!a || a->kind != CXCursor_UnaryOperator || !a->nkids || !op_is(a, "&"))
		return false;
	struct cnode *v = cfg_unwrap(a->kids[0]);
	if (!v || v->kind != CXCursor_DeclRefExpr)
		return false;
	CXCursor d = clang_getCursorReferenced(v->c);
	if (clang_getCursorKind(d) != CXCursor_VarDecl || !local_var(d) ||
	    !tracked_type(l, clang_getCursorType(d)))
		return false;
	*decl = d;
	return true;
}

/*
 * Does declaration D carry a cleanup attribute (__attribute__((cleanup(f))),
 * the kernel's __free(f) and __cleanup(f))?  Then the variable's address
 * goes to F at the end of its scope: GCC's variable lives in memory, and
 * what is stored there is handed on.  libclang 14 exposes the attribute
 * only as an UnexposedAttr: its tokens say which.
 */
static bool has_cleanup(const struct cnode *d)
{
	for (unsigned i = 0; i < d->nkids; i++) {
		if (!clang_isAttribute(d->kids[i]->kind))
			continue;
		unsigned k;
		char **tok = cnode_tokens(d->kids[i], &k);
		bool cleanup = false;
		for (unsigned j = 0; j < k && !cleanup; j++)
			cleanup = strstr(tok[j], "cleanup") || !strcmp(tok[j], "__free");
		free_tokens(tok, k);
		if (cleanup)
			return true;
	}
	return false;
}

/* Collect the variables and where their address is taken (every node of N). */
static void scan_vars(struct lowering *l, struct cnode *n)
{
	if (n->kind == CXCursor_VarDecl || n->kind == CXCursor_ParmDecl) {
		if (local_var(n->c)) {
			struct var *v = add_var(l, n->c);
			if (n->kind == CXCursor_VarDecl && has_cleanup(n))
				v->cleanup = true;
		}
	} else if (n->kind == CXCursor_UnaryOperator && n->nkids && op_is(n, "&")) {
		struct cnode *v = cfg_unwrap(n->kids[0]);
		if (v && v->kind == CXCursor_DeclRefExpr) {
			CXCursor d = clang_getCursorReferenced(v->c);
			if (local_var(d))
				add_var(l, d)->addressed = true;
		}
	} else if (n->kind == CXCursor_CallExpr) {
		/* &pgmap passed where a summarised helper stores a reference (its channel). */
		char *callee = callee_name(n);
		int nargs = clang_Cursor_getNumArguments(n->c);
		for (int i = 0; callee && i < nargs; i++) {
			CXCursor d;
			struct cnode *a = call_arg(n, i);
			if (a && out_local_candidate(l, a, &d) &&
			    path_summary_acquires(l->sm, callee, i + 1))
				add_var(l, d)->passed++;
		}
		free(callee);
	}
	for (unsigned i = 0; i < n->nkids; i++)
		scan_vars(l, n->kids[i]);
}

/* Count "&VAR" per variable again, to tell the helper passes from the others. */
static void count_addresses(struct lowering *l, struct cnode *n, int *count)
{
	if (n->kind == CXCursor_UnaryOperator && n->nkids && op_is(n, "&")) {
		struct cnode *v = cfg_unwrap(n->kids[0]);
		if (v && v->kind == CXCursor_DeclRefExpr) {
			struct var *var = var_of(l, clang_getCursorReferenced(v->c));
			if (var)
				count[var - l->vars]++;
		}
	}
	for (unsigned i = 0; i < n->nkids; i++)
		count_addresses(l, n->kids[i], count);
}

/* Which variables are locations: scalars whose address is not taken, or
 * taken only for summarised helpers to store into. */
static void place_vars(struct lowering *l)
{
	scan_vars(l, l->fn);
	int *count = calloc(l->nvars + 1, sizeof(int));
	if (!count)
		abort();
	count_addresses(l, l->fn, count);
	for (int i = 0; i < l->nvars; i++) {
		struct var *v = &l->vars[i];
		CXType t = clang_getCursorType(v->decl);
		bool scalar = pointer_type(t) || integral_type(t);
		bool out_local = v->passed > 0 && count[i] == v->passed;
		if (scalar && !v->cleanup && (!count[i] || out_local))
			v->loc = new_location(l, true, tracked_type(l, t), -1);
	}
	free(count);
}

/* A temporary for element E's value. */
static int temp_of(struct lowering *l, const struct cnode *e)
{
	struct einfo *in = info_of(l, e, false);
	int block = in ? in->block : -1;
	int idx;
	struct cnode *user = user_of(e, &idx);
	/* The value of a statement expression's last statement is the StmtExpr's. */
	if (user && user->kind == CXCursor_CompoundStmt && user->parent &&
	    user->parent->kind == CXCursor_StmtExpr)
		user = user->parent;
	struct einfo *ui = user ? info_of(l, user, false) : NULL;
	/* Used in its own block (or by the return or branch ending it): dropped on leaving it. */
	bool local = block >= 0 && (ui ? ui->block == block : true);
	return new_location(l, false, tracked_type(l, type_of(e)), local ? block : -1);
}

/* ---- operands ------------------------------------------------------------- */

/* The value of expression N, an element evaluated before (or a constant, a variable). */
static struct path_op value_of(struct lowering *l, struct cnode *n)
{
	n = cfg_unwrap(n);
	if (!n)
		return op_none();
	long long v;
	struct einfo *in = info_of(l, n, false);
	if (in && in->val.kind != POP_NONE && in->val.kind != POP_OTHER)
		return in->val;
	if (n->kind == CXCursor_DeclRefExpr) {
		CXCursor d = clang_getCursorReferenced(n->c);
		if (clang_getCursorKind(d) == CXCursor_EnumConstantDecl) {
			struct path_op o = op_typed(n, POP_INT);
			o.nonzero = clang_getEnumConstantDeclValue(d) != 0;
			o.zero = !o.nonzero;
			return o;
		}
		struct var *var = named_var(l, n);
		if (var && var->loc >= 0) {
			struct path_op o = op_typed(n, POP_LOC);
			o.loc = var->loc;
			return o;
		}
		return op_typed(n, POP_OTHER);
	}
	if (clang_isExpression(n->kind) && constant_of(n, &v)) {
		struct path_op o = op_typed(n, POP_INT);
		o.zero = v == 0;
		o.nonzero = v != 0;
		if (o.pointer)
			o.kind = o.zero ? POP_NULL : POP_OTHER;
		else if (!o.integral)
			o.kind = POP_OTHER;
		return o;
	}
	return op_typed(n, POP_OTHER);
}

/* A pointer read from memory by N (a member access, "*p"): its operand. */
static struct path_op load_of(struct lowering *l, struct cnode *n)
{
	struct path_op o = op_typed(n, POP_MEM);
	if (!tracked_type(l, type_of(n)))
		return op_typed(n, POP_OTHER);
	if (n->kind == CXCursor_UnaryOperator && n->nkids) {
		struct path_op p = value_of(l, n->kids[0]);
		o.base = p.kind == POP_LOC ? p.loc : -1;
	}
	o.foreign = l->sm->foreign_field && member_of_kind(n, l->sm->foreign_field);
	return o;
}

/* The pointer N dereferences (p in p->f, *p, p[i]): its location, or -1. */
static int deref_loc(struct lowering *l, struct cnode *n)
{
	struct cnode *p = NULL;
	if (n->kind == CXCursor_MemberRefExpr && n->nkids) {
		p = member_base(n);	/* "->": its base is a pointer */
	} else if (n->kind == CXCursor_UnaryOperator && n->nkids && op_is(n, "*")) {
		p = n->kids[0];
	} else if (n->kind == CXCursor_ArraySubscriptExpr && n->nkids == 2) {
		p = n->kids[0];
	}
	if (!p || !pointer_type(type_of(cfg_unwrap(p))))
		return -1;
	struct path_op o = value_of(l, p);
	return o.kind == POP_LOC ? o.loc : -1;
}

static bool is_memory_read(const struct cnode *n)
{
	return n->kind == CXCursor_MemberRefExpr || n->kind == CXCursor_ArraySubscriptExpr ||
	       (n->kind == CXCursor_UnaryOperator && n->nkids && op_is(n, "*"));
}

/* Is E c ? a : b (3 kids) or GNU a ?: b (an unexposed expression of 4: a, its copies, b)? */
static bool is_choice(const struct cnode *e)
{
	return (e->kind == CXCursor_ConditionalOperator && e->nkids == 3) ||
	       (e->kind == CXCursor_UnexposedExpr && e->nkids == 4);
}

/* ---- statements ----------------------------------------------------------- */

static struct path_stmt *new_stmt(struct lowering *l, enum path_stmt_kind kind, struct ir_loc loc)
{
	IR_GROW(l->stmts, l->nstmts, l->capstmts);
	struct path_stmt *st = &l->stmts[l->nstmts++];
	memset(st, 0, sizeof(*st));
	st->kind = kind;
	st->loc = loc;
	st->dest.loc = st->dest.base = -1;
	st->a = st->b = op_none();
	return st;
}

static void set_derefs(struct lowering *l, struct path_stmt *st, const int *locs, unsigned n)
{
	int kept[4];
	unsigned m = 0;
	for (unsigned i = 0; i < n && m < 4; i++)
		if (locs[i] >= 0)
			kept[m++] = locs[i];
	st->derefs = keep(l, kept, m * sizeof(int));
	st->nderefs = m;
}

/* Where a store to LHS goes. */
static struct path_dest dest_of(struct lowering *l, struct cnode *lhs)
{
	struct path_dest d = { true, -1, -1 };
	lhs = cfg_unwrap(lhs);
	struct var *v = named_var(l, lhs);
	if (v) {
		d.loc = v->loc;
	} else if (lhs && lhs->kind == CXCursor_UnaryOperator && lhs->nkids && op_is(lhs, "*") &&
		   tracked_type(l, type_of(lhs))) {
		struct path_op p = value_of(l, lhs->kids[0]);
		d.base = p.kind == POP_LOC ? p.loc : -1;
	}
	return d;
}

/* The name of the variable LHS is, or NULL. */
static const char *name_of(struct lowering *l, struct cnode *lhs)
{
	struct var *v = named_var(l, lhs);
	if (!v)
		return NULL;
	char *s = cursor_spelling(v->decl);
	const char *kept = *s ? keep(l, s, strlen(s) + 1) : NULL;
	free(s);
	return kept;
}

/* What uses the value of element E: stores it (E absorbed there), or nobody. */
enum use { USE_VALUE, USE_STORE, USE_INIT, USE_NONE };

static enum use use_of(struct lowering *l, struct cnode *e, struct cnode **user)
{
	int idx;
	struct cnode *p = user_of(e, &idx);
	*user = p;
	if (!p)
		return USE_NONE;
	if (p->kind == CXCursor_BinaryOperator && idx == 1 && p->nkids == 2 && bin_op_is(p, "="))
		return USE_STORE;
	if (p->kind == CXCursor_VarDecl)
		return USE_INIT;
	if (p->kind == CXCursor_CStyleCastExpr &&
	    clang_getCanonicalType(type_of(p)).kind == CXType_Void)
		return USE_NONE;
	if (p->kind == CXCursor_BinaryOperator && idx == 0 && bin_op_is(p, ","))
		return USE_NONE;
	if (clang_isExpression(p->kind) || p->kind == CXCursor_ReturnStmt)
		return USE_VALUE;
	/* The last statement of a statement expression: the value of ({ ... }). */
	if (p->kind == CXCursor_CompoundStmt && p->parent && p->parent->kind == CXCursor_StmtExpr &&
	    idx == (int)p->nkids - 1)
		return USE_VALUE;
	struct einfo *in = info_of(l, e, false);
	return in && in->cond ? USE_VALUE : USE_NONE;
}

/* USER (an assignment, an initialisation) is done by the element it stores: its value is VAL. */
static void absorb(struct lowering *l, struct cnode *user, struct path_op val)
{
	struct einfo *ui = info_of(l, user, true);
	ui->absorbed = true;
	ui->val = val;
}

/* Element E's value is the temporary a statement stores. */
static struct path_dest temp_dest(struct lowering *l, struct cnode *e, struct path_op *val)
{
	struct path_dest d = { true, temp_of(l, e), -1 };
	*val = op_typed(e, POP_LOC);
	val->loc = d.loc;
	return d;
}

/* The locations an indirect call's callee was read through, nearest first. */
static void method_bases(struct lowering *l, struct cnode *call, struct path_stmt *st)
{
	int bases[6];
	unsigned n = 0;
	struct cnode *f = call->nkids ? cfg_unwrap(call->kids[0]) : NULL;
	while (f && f->kind == CXCursor_UnaryOperator && f->nkids && op_is(f, "*"))
		f = cfg_unwrap(f->kids[0]);
	while (f && f->kind == CXCursor_MemberRefExpr && f->nkids && n < 6) {
		struct cnode *base = member_base(f);
		struct path_op o = value_of(l, base);
		if (o.kind == POP_LOC)
			bases[n++] = o.loc;
		f = cfg_unwrap(base);
	}
	st->method_bases = keep(l, bases, n * sizeof(int));
	st->nmethod_bases = n;
}

static void lower_call(struct lowering *l, struct cnode *e, struct einfo *in)
{
	struct path_stmt *st = new_stmt(l, PST_CALL, cnode_start(e));
	char *callee = callee_name(e);
	if (callee) {
		st->callee = keep(l, callee, strlen(callee) + 1);
		st->builtin = !strncmp(callee, "__builtin_", 10);
		st->expect = !strcmp(callee, "__builtin_expect");
		free(callee);
	}
	int nargs = clang_Cursor_getNumArguments(e->c);
	struct path_op *args = calloc(nargs > 0 ? nargs : 1, sizeof(*args));
	if (!args)
		abort();
	for (int i = 0; i < nargs; i++) {
		struct cnode *a = call_arg(e, i);
		args[i] = a ? value_of(l, a) : op_none();
		CXCursor d;
		if (a && out_local_candidate(l, a, &d)) {
			struct var *v = var_of(l, d);
			char *s = cursor_spelling(d);
			args[i].addr = true;
			args[i].addr_loc = v ? v->loc : -1;
			args[i].addr_name = *s ? keep(l, s, strlen(s) + 1) : NULL;
			free(s);
		}
	}
	st->args = keep(l, args, nargs * sizeof(*args));
	st->nargs = nargs > 0 ? nargs : 0;
	free(args);
	method_bases(l, e, st);

	struct cnode *user;
	switch (use_of(l, e, &user)) {
	case USE_STORE:
		st->dest = dest_of(l, user->kids[0]);
		if (st->dest.loc < 0) {
			/* Into memory (*out = get(), ctx->pgmap = get()): GCC stores
			 * the call's result in a temporary, then at the "=". */
			st->dest = temp_dest(l, e, &in->val);
			break;
		}
		st->lhs_name = name_of(l, user->kids[0]);
		in->val = op_typed(user, POP_LOC);
		in->val.loc = st->dest.loc;
		absorb(l, user, in->val);
		break;
	case USE_INIT: {
		struct var *v = add_var(l, user->c);
		st->dest.present = true;
		st->dest.loc = v->loc;
		char *s = cursor_spelling(user->c);
		st->lhs_name = *s ? keep(l, s, strlen(s) + 1) : NULL;
		free(s);
		absorb(l, user, op_typed(e, POP_OTHER));
		in->val = op_typed(e, POP_OTHER);
		break;
	}
	case USE_VALUE:
		st->dest = temp_dest(l, e, &in->val);
		break;
	case USE_NONE:
		in->val = op_typed(e, POP_OTHER);
		break;
	}
}

/* A read from memory (p->f, *p, p[i]) as an element. */
static void lower_read(struct lowering *l, struct cnode *e, struct einfo *in)
{
	int idx;
	struct cnode *user = user_of(e, &idx);
	/* &p->f: the address, not a read (the & element says FIELDADDR). */
	if (user && user->kind == CXCursor_UnaryOperator && op_is(user, "&"))
		return;
	/* The left side of "=": the assignment is the access. */
	if (user && user->kind == CXCursor_BinaryOperator && idx == 0 && bin_op_is(user, "="))
		return;
	if (user && user->kind == CXCursor_CompoundAssignOperator && idx == 0)
		return;
	/* The callee of a call: read through its base (pgmap->ops->fn). */
	if (user && user->kind == CXCursor_CallExpr && idx == 0)
		return;
	int deref = deref_loc(l, e);
	struct path_op val = load_of(l, e);
	struct cnode *u;
	enum use use = use_of(l, e, &u);
	if (val.kind == POP_MEM && (use == USE_STORE || use == USE_INIT)) {
		/* "x = p->pgmap", "T *x = p->pgmap": one statement, at the "=" or at x. */
		struct path_stmt *st = new_stmt(l, PST_ASSIGN, use == USE_INIT ? cnode_loc(u) : operator_loc(u));
		st->rhs = PRHS_COPY;
		st->a = val;
		int derefs[2] = { -1, deref };
		if (use == USE_STORE) {
			st->dest = dest_of(l, u->kids[0]);
			derefs[0] = is_memory_read(cfg_unwrap(u->kids[0])) ? deref_loc(l, cfg_unwrap(u->kids[0])) : -1;
		} else {
			st->dest.present = true;
			st->dest.loc = add_var(l, u->c)->loc;
		}
		set_derefs(l, st, derefs, 2);
		in->val = st->dest.loc >= 0 ? op_typed(u, POP_LOC) : op_typed(u, POP_OTHER);
		in->val.loc = st->dest.loc;
		absorb(l, u, in->val);
		return;
	}
	/* Read straight into a call's argument, it is at the call, as GCC puts it. */
	struct ir_loc at = user && user->kind == CXCursor_CallExpr && idx > 0 ? cnode_start(user) : expr_loc(e);
	struct path_stmt *st = new_stmt(l, val.kind == POP_MEM ? PST_ASSIGN : PST_OTHER, at);
	set_derefs(l, st, &deref, 1);
	if (val.kind == POP_MEM) {
		st->rhs = PRHS_COPY;
		st->a = val;
		st->dest = temp_dest(l, e, &in->val);
	}
}

/* An assignment "LHS = RHS" not absorbed by its right side. */
static void lower_assign(struct lowering *l, struct cnode *e, struct einfo *in)
{
	struct cnode *lhs = cfg_unwrap(e->kids[0]);
	struct path_stmt *st = new_stmt(l, PST_ASSIGN, operator_loc(e));
	st->dest = dest_of(l, lhs);
	st->rhs = e->kind == CXCursor_CompoundAssignOperator ? PRHS_OTHER : PRHS_COPY;
	st->a = value_of(l, e->kids[1]);
	int deref = is_memory_read(lhs) ? deref_loc(l, lhs) : -1;
	set_derefs(l, st, &deref, 1);
	in->val = st->dest.loc >= 0 ? op_typed(e, POP_LOC) : op_typed(e, POP_OTHER);
	in->val.loc = st->dest.loc;
}

static enum path_cmp cmp_of_op(const char *op)
{
	return !strcmp(op, "==") ? PCMP_EQ : !strcmp(op, "!=") ? PCMP_NE : PCMP_OTHER;
}

static void lower_binary(struct lowering *l, struct cnode *e, struct einfo *in)
{
	if (e->nkids != 2)
		return;
	char *op = bin_op(e);
	if (!op) {
		in->val = op_typed(e, POP_OTHER);
	} else if (!strcmp(op, "=")) {
		if (!in->absorbed)
			lower_assign(l, e, in);
	} else if (!strcmp(op, ",")) {
		in->val = value_of(l, e->kids[1]);
	} else if (cmp_op_of(op) >= 0 && !in->cond) {
		struct path_stmt *st = new_stmt(l, PST_ASSIGN, operator_loc(e));
		st->rhs = PRHS_CMP;
		st->cmp = cmp_of_op(op);
		st->a = value_of(l, e->kids[0]);
		st->b = value_of(l, e->kids[1]);
		st->dest = temp_dest(l, e, &in->val);
	} else if ((!strcmp(op, "+") || !strcmp(op, "-")) && pointer_type(type_of(e))) {
		struct path_stmt *st = new_stmt(l, PST_ASSIGN, operator_loc(e));
		st->rhs = PRHS_PTRPLUS;
		st->a = value_of(l, pointer_type(type_of(cfg_unwrap(e->kids[0]))) ? e->kids[0] : e->kids[1]);
		st->dest = temp_dest(l, e, &in->val);
	} else {
		in->val = op_typed(e, POP_OTHER);
	}
	free(op);
}

static void lower_unary(struct lowering *l, struct cnode *e, struct einfo *in)
{
	char *op = op_of(e);
	struct cnode *x = e->nkids ? cfg_unwrap(e->kids[0]) : NULL;
	if (!op || !x) {
		in->val = op_typed(e, POP_OTHER);
	} else if (!strcmp(op, "!")) {
		/* GCC's "x == 0", on a pointer as on a test's value. */
		if (!in->cond) {
			struct path_stmt *st = new_stmt(l, PST_ASSIGN, cnode_start(e));
			st->rhs = PRHS_CMP;
			st->cmp = PCMP_EQ;
			st->a = value_of(l, x);
			st->b = op_typed(x, st->a.pointer ? POP_NULL : POP_INT);
			st->b.zero = true;
			st->dest = temp_dest(l, e, &in->val);
		}
	} else if (!strcmp(op, "&")) {
		if (is_memory_read(x)) {
			/* &p->field: a pointer into the object, not a copy of it. */
			int base = deref_loc(l, x);
			struct path_stmt *st = new_stmt(l, PST_ASSIGN, cnode_start(e));
			st->rhs = PRHS_FIELDADDR;
			if (base >= 0) {
				st->a = op_typed(x, POP_LOC);
				st->a.loc = base;
			}
			st->dest = temp_dest(l, e, &in->val);
		} else {
			in->val = op_typed(e, POP_OTHER);	/* &var: an argument says so (addr) */
		}
	} else if (!strcmp(op, "*")) {
		lower_read(l, e, in);
	} else if (!strcmp(op, "++") || !strcmp(op, "--")) {
		struct path_stmt *st = new_stmt(l, PST_ASSIGN, cnode_start(e));
		st->rhs = PRHS_OTHER;
		st->dest = dest_of(l, x);
		int deref = is_memory_read(x) ? deref_loc(l, x) : -1;
		set_derefs(l, st, &deref, 1);
		in->val = op_typed(e, POP_OTHER);
	} else {
		in->val = op_typed(e, POP_OTHER);
	}
	free(op);
}

/*
 * c ? a : b, GNU a ?: b used as a value: a temporary the edges into the
 * choice's block set to their arm (arm_copies).  "c ? 1 : 0" (constant
 * arms, one of them 0) is the test "c != 0" (or "c == 0"), as GCC folds it.
 */
static void lower_choice(struct lowering *l, struct cnode *e, struct einfo *in)
{
	if (e->kind == CXCursor_ConditionalOperator) {
		struct path_op a = value_of(l, e->kids[1]), b = value_of(l, e->kids[2]);
		if (a.kind == POP_INT && b.kind == POP_INT && a.zero != b.zero) {
			struct path_stmt *st = new_stmt(l, PST_ASSIGN, expr_loc(e));
			st->rhs = PRHS_CMP;
			st->cmp = a.zero ? PCMP_EQ : PCMP_NE;
			st->a = value_of(l, e->kids[0]);
			st->b = op_typed(e->kids[0], st->a.pointer ? POP_NULL : POP_INT);
			st->b.zero = true;
			st->dest = temp_dest(l, e, &in->val);
			in->folded = true;
			return;
		}
	}
	temp_dest(l, e, &in->val);
}

/* "T x = INIT" not absorbed by its initializer. */
static void lower_init(struct lowering *l, struct cnode *e, struct einfo *in)
{
	struct cnode *init = e->nkids ? e->kids[e->nkids - 1] : NULL;
	if (in->absorbed || !init || !clang_isExpression(init->kind))
		return;
	struct var *v = add_var(l, e->c);
	struct path_stmt *st = new_stmt(l, PST_ASSIGN, cnode_loc(e));
	st->dest.present = true;
	st->dest.loc = v->loc;
	st->rhs = PRHS_COPY;
	st->a = value_of(l, init);
}

/* The value of a statement expression: its last expression statement's. */
static void lower_stmt_expr(struct lowering *l, struct cnode *e, struct einfo *in)
{
	struct cnode *body = e->nkids ? e->kids[0] : NULL;
	struct cnode *last = body && body->nkids ? body->kids[body->nkids - 1] : NULL;
	in->val = last && clang_isExpression(last->kind) ? value_of(l, last) : op_typed(e, POP_OTHER);
}

static void lower_element(struct lowering *l, struct cnode *e)
{
	struct einfo *in = info_of(l, e, true);
	switch (e->kind) {
	case CXCursor_CallExpr:
		lower_call(l, e, in);
		break;
	case CXCursor_MemberRefExpr:
	case CXCursor_ArraySubscriptExpr:
		lower_read(l, e, in);
		break;
	case CXCursor_BinaryOperator:
		lower_binary(l, e, in);
		break;
	case CXCursor_CompoundAssignOperator:
		if (e->nkids == 2)
			lower_assign(l, e, in);
		break;
	case CXCursor_UnaryOperator:
		lower_unary(l, e, in);
		break;
	case CXCursor_VarDecl:
		lower_init(l, e, in);
		break;
	case CXCursor_StmtExpr:
		lower_stmt_expr(l, e, in);
		break;
	case CXCursor_ConditionalOperator:
	case CXCursor_UnexposedExpr:
		/* c ? a : b, GNU a ?: b: a temporary the edges into its block set (arm_copy). */
		if (is_choice(e)) {
			struct cnode *user;
			if (use_of(l, e, &user) != USE_NONE)
				lower_choice(l, e, in);
		}
		break;
	case CXCursor_CStyleCastExpr:
		in->val = e->nkids ? value_of(l, e->kids[e->nkids - 1]) : op_none();
		if (in->val.kind == POP_INT && pointer_type(type_of(e)))
			in->val.kind = in->val.zero ? POP_NULL : POP_OTHER;
		in->val.pointer = pointer_type(type_of(e));
		in->val.integral = integral_type(type_of(e));
		break;
	default:
		break;
	}
}

/* ---- choices: c ? a : b, GNU a ?: b ------------------------------------------ */

/*
 * The value choice E takes on the edge from block S (of kind KIND): the
 * arm S ends with (c ? a : b: a or b), or a itself on a ?: b's true edge
 * from the block that tests it.  False when the edge is none of these.
 */
static bool arm_value(struct lowering *l, const struct cnode *e, const struct cfg_block *s,
		      enum cfg_edge kind, struct path_op *out)
{
	struct cnode *last = s->nelems ? cfg_unwrap(s->elems[s->nelems - 1]) : NULL;
	if (e->kind == CXCursor_ConditionalOperator) {
		for (int k = 1; k <= 2; k++)
			if (last && last == cfg_unwrap(e->kids[k])) {
				*out = value_of(l, e->kids[k]);
				return true;
			}
		return false;
	}
	if (s->tkind == CFG_T_BINCOND && s->term == e && kind == CFG_TRUE) {
		*out = value_of(l, e->kids[0]);
		return true;
	}
	if (last && last == cfg_unwrap(e->kids[3])) {
		*out = value_of(l, e->kids[3]);
		return true;
	}
	return false;
}

/* The copies on the edge from S into block D (of the CFG): the choices D evaluates take their arm. */
static void arm_copies(struct lowering *l, const struct cfg_block *s, int d, enum cfg_edge kind,
		       struct path_edge *pe)
{
	const struct cfg_block *db = &l->g.blocks[d];
	struct path_copy copies[8];
	unsigned n = 0;
	for (int i = 0; i < db->nelems && n < 8; i++) {
		struct cnode *e = db->elems[i];
		struct einfo *in = info_of(l, e, false);
		struct path_op v;
		if (!is_choice(e) || !in || in->folded || in->val.kind != POP_LOC ||
		    !arm_value(l, e, s, kind, &v))
			continue;
		struct path_copy c = { in->val.loc, v, expr_loc(e) };
		copies[n++] = c;
	}
	pe->copies = keep(l, copies, n * sizeof(copies[0]));
	pe->ncopies = n;
}

/* ---- conditions ------------------------------------------------------------- */

/*
 * The branch on condition COND (a block's last element) as GCC's gcond
 * sees it: past "!" and comparisons with 0, "A CMP 0".  Marks the
 * elements it reads through (they need no statement of their own).
 */
static void mark_condition(struct lowering *l, struct cnode *cond)
{
	for (struct cnode *c = cfg_unwrap(cond); c; ) {
		info_of(l, c, true)->cond = true;
		if (c->kind == CXCursor_UnaryOperator && c->nkids && op_is(c, "!")) {
			c = cfg_unwrap(c->kids[0]);
		} else if (c->kind == CXCursor_BinaryOperator && c->nkids == 2 &&
			   (bin_op_is(c, "==") || bin_op_is(c, "!="))) {
			return;
		} else {
			return;
		}
	}
}

static void lower_condition(struct lowering *l, struct cnode *cond)
{
	struct ir_loc loc = expr_loc(cfg_unwrap(cond));
	struct path_stmt *st = new_stmt(l, PST_COND, loc);
	bool negated = false;
	struct cnode *c = cfg_unwrap(cond);
	while (c && c->kind == CXCursor_UnaryOperator && c->nkids && op_is(c, "!")) {
		negated = !negated;
		c = cfg_unwrap(c->kids[0]);
	}
	st->cmp = PCMP_NE;
	if (c && c->kind == CXCursor_BinaryOperator && c->nkids == 2 &&
	    (bin_op_is(c, "==") || bin_op_is(c, "!=")) && info_of(l, c, true)->cond) {
		st->cmp = bin_op_is(c, "==") ? PCMP_EQ : PCMP_NE;
		st->a = value_of(l, c->kids[0]);
		st->b = value_of(l, c->kids[1]);
	} else {
		st->a = value_of(l, c);
		st->b = op_typed(c, POP_INT);
		st->b.zero = true;
	}
	if (negated)
		st->cmp = st->cmp == PCMP_EQ ? PCMP_NE : PCMP_EQ;
}

/* ---- blocks ----------------------------------------------------------------- */

static bool two_way(enum cfg_term t)
{
	return t == CFG_T_IF || t == CFG_T_WHILE || t == CFG_T_DO || t == CFG_T_FOR ||
	       t == CFG_T_AND || t == CFG_T_OR || t == CFG_T_COND || t == CFG_T_BINCOND;
}

static bool jump_term(enum cfg_term t)
{
	return t == CFG_T_GOTO || t == CFG_T_BREAK || t == CFG_T_CONTINUE || t == CFG_T_RETURN;
}

/* The reverse post-order of the CFG's live blocks from the entry: ORDER, its length. */
static int reverse_post_order(const struct cfg *g, int *order)
{
	char *seen = calloc(g->nblocks, 1);
	int *stack = malloc(g->nblocks * sizeof(int)), *next = calloc(g->nblocks, sizeof(int));
	int *post = malloc(g->nblocks * sizeof(int));
	if (!seen || !stack || !next || !post)
		abort();
	int sp = 0, np = 0;
	stack[sp++] = g->entry;
	seen[g->entry] = 1;
	while (sp) {
		int b = stack[sp - 1];
		const struct cfg_block *bb = &g->blocks[b];
		if (next[b] < bb->nsuccs) {
			const struct cfg_succ *s = &bb->succs[next[b]++];
			if (!s->dead && s->block != g->exit && !seen[s->block]) {
				seen[s->block] = 1;
				stack[sp++] = s->block;
			}
		} else {
			post[np++] = b;
			sp--;
		}
	}
	for (int i = 0; i < np; i++)
		order[i] = post[np - 1 - i];
	free(seen);
	free(stack);
	free(next);
	free(post);
	return np;
}

static void lower_block(struct lowering *l, int b, struct path_block *pb)
{
	const struct cfg_block *bb = &l->g.blocks[b];
	pb->first = l->nstmts;
	pb->cond = -1;
	if (two_way(bb->tkind) && bb->nelems)
		mark_condition(l, bb->elems[bb->nelems - 1]);
	for (int i = 0; i < bb->nelems; i++)
		lower_element(l, bb->elems[i]);
	if (two_way(bb->tkind) && bb->nelems) {
		lower_condition(l, bb->elems[bb->nelems - 1]);
		pb->cond = l->nstmts - 1;
	} else if (bb->tkind == CFG_T_RETURN) {
		struct cnode *ret = bb->term;
		struct cnode *value = ret && ret->nkids ? ret->kids[0] : NULL;
		struct path_stmt *st = new_stmt(l, PST_RETURN, value ? expr_loc(cfg_unwrap(value)) : cnode_start(ret));
		st->a = value ? value_of(l, value) : op_none();
		pb->returns = true;
	} else {
		/* Falling off the end of the function: GCC's return at its closing brace. */
		for (int i = 0; i < bb->nsuccs; i++)
			if (bb->succs[i].block == l->g.exit && bb->succs[i].kind == CFG_NEXT) {
				new_stmt(l, PST_RETURN, token_loc(l->g.body, -1));
				pb->returns = true;
				break;
			}
	}
	pb->n = l->nstmts - pb->first;
}

static int add_edge(struct lowering *l, int src, int dest, enum cfg_edge kind, bool jump,
		    struct ir_loc jump_at)
{
	IR_GROW(l->edges, l->nedges, l->capedges);
	l->edge_jump = realloc(l->edge_jump, l->capedges * sizeof(*l->edge_jump));
	if (!l->edge_jump)
		abort();
	struct path_edge *e = &l->edges[l->nedges];
	memset(e, 0, sizeof(*e));
	e->src = src;
	e->dest = dest;
	e->on_true = kind == CFG_TRUE;
	e->on_false = kind == CFG_FALSE;
	e->explicit_jump = jump;
	l->edge_jump[l->nedges] = jump_at;
	return l->nedges++;
}

static void lower_edges(struct lowering *l, int b)
{
	const struct cfg_block *bb = &l->g.blocks[b];
	int ours = l->block_of[b];
	int *succs = malloc((bb->nsuccs + 1) * sizeof(int));
	if (!succs)
		abort();
	int n = 0;
	bool jump = jump_term(bb->tkind);
	struct ir_loc at = jump && bb->term ? cnode_start(bb->term) : (struct ir_loc){ 0 };
	for (int i = 0; i < bb->nsuccs; i++) {
		const struct cfg_succ *s = &bb->succs[i];
		if (s->dead)
			continue;
		int dest = s->block == l->g.exit ? -1 : l->block_of[s->block];
		succs[n] = add_edge(l, ours, dest, two_way(bb->tkind) ? s->kind : CFG_NEXT, jump, at);
		if (dest >= 0)
			arm_copies(l, bb, s->block, s->kind, &l->edges[succs[n]]);
		n++;
	}
	l->blocks[ours].succs = keep(l, succs, n * sizeof(int));
	l->blocks[ours].nsuccs = n;
	free(succs);
}

/* ---- the function ----------------------------------------------------------- */

static void lower_parms(struct lowering *l)
{
	int n = clang_Cursor_getNumArguments(l->fn->c);
	bool is_static = clang_Cursor_getStorageClass(l->fn->c) == CX_SC_Static;
	l->parms = calloc(n > 0 ? n : 1, sizeof(*l->parms));
	if (!l->parms)
		abort();
	for (int i = 0; i < n; i++) {
		CXCursor p = clang_Cursor_getArgument(l->fn->c, i);
		CXType t = clang_getCursorType(p);
		struct var *v = add_var(l, p);
		char *s = cursor_spelling(p);
		struct path_parm pp = { *s ? keep(l, s, strlen(s) + 1) : NULL, tracked_type(l, t), v->loc, -1 };
		free(s);
		if (is_static && slot_type(l, t))
			pp.slot_loc = new_location(l, true, true, -1);
		l->parms[i] = pp;
	}
	l->nparms = n > 0 ? n : 0;
}

static struct ir_loc front_exit_location(const struct path_fn *fn, int via, int ret)
{
	struct lowering *l = fn->front_data;
	if (via >= 0 && fn->edges[via].explicit_jump)
		return l->edge_jump[via];
	return fn->stmts[ret].loc;
}

static bool front_report(const char *rule, const struct ir_finding *f)
{
	clang_report(rule, f);
	return true;
}

static const struct path_front clang_front = { front_exit_location, front_report };

/* Every element of G in the info table, with its block. */
static void index_elements(struct lowering *l)
{
	unsigned n = 0;
	for (int b = 0; b < l->g.nblocks; b++)
		n += l->g.blocks[b].nelems;
	for (l->ninfo = 64; l->ninfo < 4 * n; l->ninfo *= 2)
		;
	l->info = calloc(l->ninfo, sizeof(*l->info));
	if (!l->info)
		abort();
	for (int b = 0; b < l->g.nblocks; b++)
		for (int i = 0; i < l->g.blocks[b].nelems; i++)
			info_of(l, l->g.blocks[b].elems[i], true)->block = b;
}

static void free_lowering(struct lowering *l)
{
	for (unsigned i = 0; i < l->nallocated; i++)
		free(l->allocated[i]);
	free(l->allocated);
	free(l->info);
	free(l->vars);
	free(l->block_of);
	free(l->locs);
	free(l->stmts);
	free(l->blocks);
	free(l->edges);
	free(l->edge_jump);
	free(l->parms);
	free(l->scan);
	cfg_free(&l->g);
}

/* SM on function definition FN (a cnode tree). */
static void analyse(const struct path_sm *sm, struct cnode *fn)
{
	struct lowering l;
	memset(&l, 0, sizeof(l));
	l.sm = sm;
	l.fn = fn;
	if (!cfg_build(&l.g, fn))
		return;
	index_elements(&l);
	place_vars(&l);
	lower_parms(&l);

	int *order = malloc((l.g.nblocks + 1) * sizeof(int));
	l.block_of = malloc((l.g.nblocks + 1) * sizeof(int));
	l.blocks = calloc(l.g.nblocks + 1, sizeof(*l.blocks));
	if (!order || !l.block_of || !l.blocks)
		abort();
	int nreach = reverse_post_order(&l.g, order);
	int nblocks = nreach;
	for (int b = 0; b < l.g.nblocks; b++)
		l.block_of[b] = -1;
	for (int i = 0; i < nreach; i++)
		l.block_of[order[i]] = i;
	for (int b = 0; b < l.g.nblocks; b++)
		if (l.block_of[b] < 0 && b != l.g.exit) {
			order[nblocks] = b;
			l.block_of[b] = nblocks++;
		}
	for (int i = 0; i < nblocks; i++)
		lower_block(&l, order[i], &l.blocks[i]);
	for (int i = 0; i < nblocks; i++)
		lower_edges(&l, order[i]);
	int entry = add_edge(&l, -1, 0, CFG_NEXT, false, (struct ir_loc){ 0 });

	/* Objects are numbered in source order (the CFG's block order). */
	l.scan = malloc((l.nstmts + 1) * sizeof(int));
	if (!l.scan)
		abort();
	for (int b = 0; b < l.g.nblocks; b++) {
		if (l.block_of[b] < 0)
			continue;
		const struct path_block *pb = &l.blocks[l.block_of[b]];
		for (unsigned k = 0; k < pb->n; k++)
			l.scan[l.nscan++] = pb->first + k;
	}

	CXType result = clang_getResultType(clang_getCursorType(fn->c));
	char *name = cursor_spelling(fn->c);
	struct path_fn *out = &l.out;
	out->name = name;
	out->file = cnode_loc(fn).file;
	out->is_static = clang_Cursor_getStorageClass(fn->c) == CX_SC_Static;
	out->returns_tracked = tracked_type(&l, result);
	out->returns_void = clang_getCanonicalType(result).kind == CXType_Void;
	out->parms = l.parms;
	out->nparms = l.nparms;
	out->locs = l.locs;
	out->nlocs = l.nlocs;
	out->stmts = l.stmts;
	out->nstmts = l.nstmts;
	out->blocks = l.blocks;
	out->nblocks = nblocks;
	out->nreach = nreach;
	out->edges = l.edges;
	out->nedges = l.nedges;
	out->entry_edge = entry;
	out->scan = l.scan;
	out->nscan = l.nscan;
	out->front_data = &l;
	if (nreach)
		path_run(sm, out, &clang_front);
	free(name);
	free(order);
	free_lowering(&l);
}

/* ---- the translation unit: callees first -------------------------------------- */

struct fn_def {
	struct cnode *n;
	char *name;
	char **callees;
	int ncallees;
	bool done;
};

static void collect_callees(struct fn_def *f, struct cnode *n)
{
	if (n->kind == CXCursor_CallExpr) {
		char *c = callee_name(n);
		if (c) {
			f->callees = realloc(f->callees, (f->ncallees + 1) * sizeof(char *));
			if (!f->callees)
				abort();
			f->callees[f->ncallees++] = c;
		}
	}
	for (unsigned i = 0; i < n->nkids; i++)
		collect_callees(f, n->kids[i]);
}

struct collect {
	struct fn_def *defs;
	int n, cap;
};

static enum CXChildVisitResult collect_def(CXCursor c, CXCursor parent, CXClientData data)
{
	struct collect *col = data;
	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_FunctionDecl || !clang_isCursorDefinition(c) ||
	    !clang_Location_isFromMainFile(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	IR_GROW(col->defs, col->n, col->cap);
	struct fn_def *f = &col->defs[col->n++];
	memset(f, 0, sizeof(*f));
	f->n = cnode_build(c);
	f->name = cursor_spelling(c);
	collect_callees(f, f->n);
	return CXChildVisit_Continue;
}

/* Does F call a function of DEFS not analysed yet (itself aside)? */
static bool waits(const struct fn_def *f, const struct collect *col)
{
	for (int i = 0; i < f->ncallees; i++)
		for (int j = 0; j < col->n; j++)
			if (!col->defs[j].done && &col->defs[j] != f &&
			    !strcmp(col->defs[j].name, f->callees[i]))
				return true;
	return false;
}

/* A get or a put, or a call of a helper that hands a reference over: the cheap exit (as GCC's). */
static bool relevant(const struct path_sm *sm, const struct fn_def *f)
{
	struct ir_api e;
	for (int i = 0; i < f->ncallees; i++)
		if (ir_api_find("pgmap-get", f->callees[i], &e) ||
		    ir_api_find("pgmap-put", f->callees[i], &e) ||
		    path_summarised(sm, f->callees[i]))
			return true;
	return false;
}

void pgmap_ref_unit(CXTranslationUnit tu)
{
	struct collect col = { NULL, 0, 0 };
	clang_visitChildren(clang_getTranslationUnitCursor(tu), collect_def, &col);
	/* Callees first, in source order; a call cycle is broken at its first function. */
	for (int left = col.n; left > 0; left--) {
		int pick = -1;
		for (int i = 0; i < col.n && pick < 0; i++)
			if (!col.defs[i].done && !waits(&col.defs[i], &col))
				pick = i;
		for (int i = 0; i < col.n && pick < 0; i++)
			if (!col.defs[i].done)
				pick = i;
		col.defs[pick].done = true;
		if (relevant(&pgmap_ref_sm, &col.defs[pick]))
			analyse(&pgmap_ref_sm, col.defs[pick].n);
	}
	for (int i = 0; i < col.n; i++) {
		cnode_free(col.defs[i].n);
		free(col.defs[i].name);
		for (int k = 0; k < col.defs[i].ncallees; k++)
			free(col.defs[i].callees[k]);
		free(col.defs[i].callees);
	}
	free(col.defs);
}
