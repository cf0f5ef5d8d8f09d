// SPDX-License-Identifier: GPL-2.0
/*
 * clang-cfg.c - the control-flow graph of a function body from libclang's
 * cursors (libclang 14's C API has no CFG), modelled on clang's own
 * (clang/lib/Analysis/CFG.cpp), for the lowering of the libclang engine to
 * the engine-neutral representation.  Plain C, libclang's C API only.
 *
 * What a block holds (clang-cfg.h): ELEMENTS, the cursors evaluated there
 * in evaluation order (post-order: operands, then the expression; a local
 * variable with an initializer after it; an asm statement), a TERMINATOR
 * and SUCCESSORS.  Operands are taken left to right, the callee before the
 * arguments, for every operator (C leaves the order of "a = b" open; clang's
 * CFG takes b first).  Parentheses and implicit casts are never elements.
 *
 * Covered: compound statements, declarations (only initialised automatic
 * variables are elements; a static's initializer runs once, not here),
 * expression statements, if/else, while, do-while (do { } while (0): its
 * back edge is dead, see below), for (a declaration as its init, missing
 * clauses), switch with case, GNU case ranges, default, the implicit default,
 * fall-through, break, continue, goto and labels (backward too), goto *p
 * (to every label whose address is taken: &&label), return (to the exit),
 * the comma operator (its operands are elements of the same block), &&, ||
 * (each a terminator on its left operand; in a condition they branch
 * straight to the condition's targets, as clang's CFG does, and are no
 * element; where their value is used they are also an element of the block
 * where both paths meet), ! (an element, no terminator), c ? a : b, GNU
 * a ?: b, statement expressions ({ ... }) (their statements inline, then the
 * StmtExpr as an element: its value is the last expression statement's),
 * __builtin_choose_expr (the chosen operand only: its condition is a
 * constant and the other operand is not evaluated), asm goto, and calls
 * that do not return.
 *
 * Constant conditions: a 2-way branch whose condition is an integer
 * constant expression (clang_Cursor_Evaluate: while (0), while (1), for (;;),
 * IS_ENABLED(CONFIG_X), if (0)) keeps both successors, and the one never
 * taken is marked dead (clang's CFG prunes it the same way); reachability
 * and the way to the exit ignore dead edges.
 *
 * Calls that do not return end their block with one edge to the exit
 * (kind noreturn): a callee whose type has the GNU attribute (libclang 14
 * spells it in the function type, "void (void) __attribute__((noreturn))":
 * __builtin_unreachable(), __builtin_trap(), the kernel's __noreturn
 * functions such as panic(), BUG() through its __builtin_unreachable(),
 * calls through a pointer of such a type), or a callee declared with
 * C11 _Noreturn or [[noreturn]] (an attribute cursor, UnexposedAttr in
 * libclang 14, whose token says so).  Not recognised: a function that only
 * never returns by its body (no attribute).
 *
 * asm goto: libclang 14 exposes neither "goto" nor the labels of an asm
 * statement.  Conservatively, an asm statement whose tokens (its own, or,
 * when it comes from a macro, the macro invocation's, which carry the label
 * argument: unsafe_get_user(x, p, Efault)) name a label of the function may
 * jump to each such label (CFG_ASM edges after the fall-through), unless a
 * parameter or local variable has the label's name too (BUG_ON(err) with a
 * label err: is no jump).
 *
 * Not covered, and what happens instead:
 *  - && and || spelled inside a macro's body whose right operand starts
 *    in a macro argument ("#define EITHER(a, b) (a || b)"): libclang 14 has
 *    no operator kind, and the operator is read from the tokens (in the
 *    file or in an argument), or, in a macro's body, from the token spelled
 *    before the right operand when that operand starts in the body too
 *    ("((a) && (b))", the kernel's style); otherwise it cannot be read and
 *    the operator is an ordinary element (both operands in one block).
 *  - a for statement of a header's macro with one or two of its three
 *    clauses missing: libclang says which kids it has, not which clause
 *    each is, and its tokens then do not start at "for (" (they do for a
 *    for statement in the file, or in a macro defined in the file, and the
 *    clauses are read from them); one kid is taken as the condition, two as
 *    the init and the condition (as in the kernel's for_each_process());
 *    --check-cfg counts these guesses.  All three or none present is exact.
 *  - operands of sizeof/_Alignof, typeof and _Generic are not evaluated
 *    and are no elements (a VLA's sizeof neither); __builtin_offsetof is an
 *    element after its array indexes (libclang 14 does not expose it).
 *  - setjmp/longjmp, exceptions, nested functions: nothing.
 *
 * Block numbers: the entry is B0, the exit the last; the others in the
 * order the builder made them (source order, roughly).  Empty blocks with
 * no terminator, no label and one successor are bypassed and dropped.
 *
 * The dump (devmap-lint-clang --dump-cfg [--cfg-function=NAME] FLAGS FILE):
 *
 *	function NAME (FILE:LINE): N blocks
 *	B0 (entry)
 *	  preds: -
 *	  label LabelStmt 16:1 `out:return err`
 *	  elem KIND LINE:COL `SPELLING`
 *	  term KIND LINE:COL `SPELLING`
 *	  noreturn CallExpr LINE:COL `SPELLING`
 *	  succs: B1 true, B2 false (dead)
 *	B2 [unreachable] [no exit]
 *	...
 *	BN (exit)
 *
 * KIND is libclang's cursor kind spelling, LINE:COL the cursor's location
 * (where GCC would report it: a macro's expansion point, display columns),
 * SPELLING its tokens, abbreviated to 40 characters ("..." at the end; a
 * statement's or a label's are the whole statement's, a macro's expression
 * is spelled as its invocation).  Labels are LabelStmt, CaseStmt and
 * DefaultStmt cursors.
 * Successor labels: true, false, case V, case LO ... HI, default,
 * default (implicit), asm, noreturn, and "goto" / "break" / "continue" /
 * "return" / nothing for plain edges; "(dead)" marks an edge a constant
 * condition never takes.  "[unreachable]": no path from the entry;
 * "[no exit]": reachable, but no path to the exit (an endless loop).
 * "preds" lists every block with an edge to this one, dead edges included.
 *
 * --check-cfg checks every function's invariants instead (cfg_check) and
 * prints one line: "cfg: F functions, B blocks, U unreachable, X without
 * exit, G for clauses guessed, V violations" (exit status 1 when V > 0;
 * G: the for statements of a macro body whose clauses were guessed).
 */
#include <stdlib.h>
#include <string.h>
#include "clang-cfg.h"

/* ---- cursors --------------------------------------------------------------- */

/* Parentheses and implicit casts (one-kid unexposed expressions): never elements. */
static bool is_wrapper(const struct cnode *n)
{
	return n->nkids == 1 && (n->kind == CXCursor_ParenExpr || n->kind == CXCursor_UnexposedExpr);
}

struct cnode *cfg_unwrap(struct cnode *n)
{
	while (n && is_wrapper(n))
		n = n->kids[0];
	return n;
}

/* GNU "a ?: b": libclang 14 shows it as an unexposed expression of 4 kids:
 * a, then a twice as opaque values (condition, true value: a's extent), then b. */
static bool is_bincond(const struct cnode *n)
{
	if (n->kind != CXCursor_UnexposedExpr || n->nkids != 4)
		return false;	/* 4 kids: also __builtin_offsetof(T, a.b.c), of types and members */
	for (unsigned i = 0; i < 4; i++)
		if (!clang_isExpression(n->kids[i]->kind))
			return false;
	return clang_equalRanges(clang_getCursorExtent(n->kids[0]->c), clang_getCursorExtent(n->kids[1]->c)) &&
	       clang_equalRanges(clang_getCursorExtent(n->kids[0]->c), clang_getCursorExtent(n->kids[2]->c));
}

/* Offset of L in its file, by FN (clang_getFileLocation or clang_getExpansionLocation). */
typedef void (*loc_fn)(CXSourceLocation, CXFile *, unsigned *, unsigned *, unsigned *);
static unsigned offset_by(loc_fn fn, CXSourceLocation l, CXFile *file)
{
	unsigned off = 0;
	fn(l, file, NULL, NULL, &off);
	return off;
}

/* Is L in a macro's body: is the token there spelled elsewhere than L's file location? */
static bool in_macro_body(CXTranslationUnit tu, CXSourceLocation l)
{
	CXToken *tok = clang_getToken(tu, l);
	if (!tok)
		return false;
	CXFile ft, fl;
	unsigned ot = offset_by(clang_getFileLocation, clang_getTokenLocation(tu, *tok), &ft);
	unsigned ol = offset_by(clang_getFileLocation, l, &fl);
	clang_disposeTokens(tu, tok, 1);
	return !ft || !fl || !clang_File_isEqual(ft, fl) || ot != ol;
}

/*
 * N's tokens as written, COUNT of them (malloc'ed): as written when N is
 * in the file or inside one macro argument; from its macro invocation's
 * start when N starts in a macro's body or argument and ends elsewhere
 * (libclang's own tokens of a macro body's expression run from the macro's
 * definition).
 */
static char **written_tokens(const struct cnode *n, unsigned *count)
{
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(n->c);
	CXSourceRange r = clang_getCursorExtent(n->c);
	CXSourceLocation start = clang_getRangeStart(r), end = clang_getRangeEnd(r);
	CXFile fs, fx, fe, fy;
	unsigned os = offset_by(clang_getFileLocation, start, &fs);
	unsigned xs = offset_by(clang_getExpansionLocation, start, &fx);
	unsigned oe = offset_by(clang_getFileLocation, end, &fe);
	unsigned xe = offset_by(clang_getExpansionLocation, end, &fy);
	bool start_arg = os != xs, end_arg = oe != xe;
	if (!(start_arg && end_arg) && (start_arg || in_macro_body(tu, start)))
		os = xs;
	*count = 0;
	char **t = calloc(1, sizeof(char *));
	if (!fs || !fe || !clang_File_isEqual(fs, fe) || oe < os)
		return t;
	CXToken *tokens = NULL;
	unsigned k = 0;
	clang_tokenize(tu, clang_getRange(clang_getLocationForOffset(tu, fs, os), clang_getLocationForOffset(tu, fe, oe)),
		       &tokens, &k);
	t = realloc(t, (k + 1) * sizeof(char *));
	for (unsigned i = 0; i < k; i++) {
		if (clang_getTokenKind(tokens[i]) == CXToken_Comment)
			continue;
		CXString sp = clang_getTokenSpelling(tu, tokens[i]);
		t[(*count)++] = strdup(clang_getCString(sp));
		clang_disposeString(sp);
	}
	if (tokens)
		clang_disposeTokens(tu, tokens, k);
	return t;
}

/* Can binary N's operator be read from its tokens (as clang-tests.c's is_op reads it)? */
static bool op_readable(const struct cnode *n)
{
	unsigned na, nl;
	char **all = cnode_tokens(n, &na), **l = cnode_tokens(n->kids[0], &nl);
	bool r = nl && na > nl + 1 && !strcmp(all[0], l[0]);
	free_tokens(all, na);
	free_tokens(l, nl);
	return r;
}

/*
 * The token spelled just before R's first token, when R starts in a macro's
 * body: the operator of "A OP R" written in that body ("(a) && (b)").
 * libclang 14 tokenizes a location at its spelling, so the macro's
 * definition is read there.  Malloc'ed, or NULL.
 */
static char *op_before(const struct cnode *r)
{
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(r->c);
	CXSourceLocation start = clang_getRangeStart(clang_getCursorExtent(r->c));
	if (!in_macro_body(tu, start))
		return NULL;
	CXToken *tok = clang_getToken(tu, start);
	if (!tok)
		return NULL;
	CXFile f;
	unsigned off;
	clang_getFileLocation(clang_getTokenLocation(tu, *tok), &f, NULL, NULL, &off);
	clang_disposeTokens(tu, tok, 1);
	if (!f || !off)
		return NULL;
	unsigned from = off > 64 ? off - 64 : 0;
	CXToken *tokens = NULL;
	unsigned k = 0;
	clang_tokenize(tu, clang_getRange(clang_getLocationForOffset(tu, f, from), clang_getLocationForOffset(tu, f, off)),
		       &tokens, &k);
	char *op = NULL;
	for (unsigned i = k; i-- > 0 && !op;) {
		unsigned o;
		clang_getFileLocation(clang_getTokenLocation(tu, tokens[i]), NULL, NULL, NULL, &o);
		if (clang_getTokenKind(tokens[i]) == CXToken_Comment || o >= off)
			continue;
		CXString sp = clang_getTokenSpelling(tu, tokens[i]);
		op = strdup(clang_getCString(sp));
		clang_disposeString(sp);
	}
	if (tokens)
		clang_disposeTokens(tu, tokens, k);
	return op;
}

/*
 * 1 for "a && b", 2 for "a || b", 0 otherwise.  From the tokens; in a
 * macro's body, from the token before the right operand when that operand
 * starts in the body too ("(a) && (b)"); else unread (the header).
 */
static int logical_op(const struct cnode *n)
{
	if (n->kind != CXCursor_BinaryOperator || n->nkids != 2)
		return 0;
	if (is_op(n, "&&"))
		return 1;
	if (is_op(n, "||"))
		return 2;
	if (op_readable(n))
		return 0;
	char *op = op_before(n->kids[1]);
	int r = op && !strcmp(op, "&&") ? 1 : op && !strcmp(op, "||") ? 2 : 0;
	free(op);
	return r;
}

/* Is N an expression (an element candidate)?  StmtExpr included. */
static bool is_expr(const struct cnode *n)
{
	return clang_isExpression(n->kind);
}

/*
 * The kids of expression N that are evaluated, in order (at most N->nkids):
 * a cast's type (typeof(x) among them) is not, sizeof/_Alignof/_Generic/
 * offsetof are leaves, GNU a ?: b evaluates a and b, not the opaque copies.
 */
static int evaluated_kids(const struct cnode *n, struct cnode **out)
{
	int k = 0;
	switch (n->kind) {
	case CXCursor_UnaryExpr:		/* sizeof, _Alignof */
	case CXCursor_GenericSelectionExpr:
		return 0;
	case CXCursor_CStyleCastExpr:
	case CXCursor_CompoundLiteralExpr:
		if (n->nkids && is_expr(n->kids[n->nkids - 1]))
			out[k++] = n->kids[n->nkids - 1];
		return k;
	default:
		break;
	}
	if (is_bincond(n)) {
		out[k++] = n->kids[0];
		out[k++] = n->kids[3];
		return k;
	}
	/* __builtin_choose_expr(C, A, B): unexposed, 3 kids, C a constant: only A or B is evaluated */
	long long c;
	if (n->kind == CXCursor_UnexposedExpr && n->nkids == 3 && is_expr(n->kids[1]) && is_expr(n->kids[2]) &&
	    constant_of(n->kids[0], &c)) {
		out[k++] = n->kids[c ? 1 : 2];
		return k;
	}
	for (unsigned i = 0; i < n->nkids; i++)
		if (is_expr(n->kids[i]))
			out[k++] = n->kids[i];
	return k;
}

/* Is A's location before B's, or equal (offsets in their file)? */
static bool not_before(CXCursor a, CXCursor b)
{
	CXFile fa, fb;
	unsigned oa, ob;
	clang_getSpellingLocation(clang_getCursorLocation(a), &fa, NULL, NULL, &oa);
	clang_getSpellingLocation(clang_getCursorLocation(b), &fb, NULL, NULL, &ob);
	return !fa || !fb || !clang_File_isEqual(fa, fb) || oa >= ob;
}

/*
 * The initializer of local variable V evaluated where it is declared, or
 * NULL: none, or V is static/extern (its initializer is not run here).
 * libclang 14 has no accessor: the initializer is V's last expression kid
 * when it comes after V's name (a typeof(x) in the type comes before it),
 * and for an array an initializer list or a string (not a size: int a[N]).
 */
static struct cnode *var_init(const struct cnode *v)
{
	if (v->kind != CXCursor_VarDecl || !v->nkids || clang_Cursor_hasVarDeclGlobalStorage(v->c) == 1)
		return NULL;
	struct cnode *init = v->kids[v->nkids - 1];
	if (!is_expr(init) || !not_before(init->c, v->c))
		return NULL;
	enum CXTypeKind t = clang_getCursorType(v->c).kind;
	if (t == CXType_ConstantArray || t == CXType_IncompleteArray || t == CXType_VariableArray ||
	    t == CXType_DependentSizedArray) {
		struct cnode *s = cfg_unwrap(init);
		if (s->kind != CXCursor_InitListExpr && s->kind != CXCursor_StringLiteral)
			return NULL;
	}
	return init;
}

/* The for statement N's clauses (NULL when missing) and body; true when the clauses were guessed (see the header). */
static bool for_parts(struct cnode *n, struct cnode **init, struct cnode **cond, struct cnode **inc,
		      struct cnode **body)
{
	bool guessed = false;
	*init = *cond = *inc = NULL;
	*body = n->nkids ? n->kids[n->nkids - 1] : NULL;
	int nclauses = (int)n->nkids - 1;
	bool present[3] = { nclauses == 3, nclauses >= 1, nclauses == 3 };
	if (nclauses == 2)
		present[0] = true;	/* macro body: (init, cond), see the header */
	unsigned nt;
	char **t = cnode_tokens(n, &nt);
	if (nt > 2 && !strcmp(t[0], "for") && !strcmp(t[1], "(") && nclauses > 0 && nclauses < 3) {
		/* its own tokens: a clause is missing where ';' or ')' follows '(' or ';' */
		int depth = 0, slot = 0;
		bool seen = false;
		bool has[3] = { false, false, false };
		for (unsigned i = 2; i < nt && slot < 3; i++) {
			const char *s = t[i];
			if (depth == 0 && (!strcmp(s, ";") || !strcmp(s, ")"))) {
				has[slot++] = seen;
				seen = false;
				if (!strcmp(s, ")"))
					break;
				continue;
			}
			if (!strcmp(s, "(") || !strcmp(s, "[") || !strcmp(s, "{"))
				depth++;
			else if (!strcmp(s, ")") || !strcmp(s, "]") || !strcmp(s, "}"))
				depth--;
			seen = true;
		}
		if (slot == 3 && has[0] + has[1] + has[2] == nclauses)
			memcpy(present, has, sizeof(present));
		else
			guessed = true;
	} else if (nclauses > 0 && nclauses < 3) {
		guessed = true;
	}
	free_tokens(t, nt);
	struct cnode **slot[3] = { init, cond, inc };
	int k = 0;
	for (int i = 0; i < 3; i++)
		if (present[i] && k < nclauses)
			*slot[i] = n->kids[k++];
	return guessed;
}

/* Does a function of type T never return (the GNU attribute, which libclang 14 spells in the type)? */
static bool type_noreturn(CXType t)
{
	if (t.kind == CXType_Pointer)
		t = clang_getPointeeType(t);
	CXString s = clang_getTypeSpelling(t);
	bool r = strstr(clang_getCString(s), "__attribute__((noreturn))") != NULL;
	clang_disposeString(s);
	return r;
}

static enum CXChildVisitResult find_noreturn_attr(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (!clang_isAttribute(clang_getCursorKind(c)))
		return CXChildVisit_Continue;
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
	CXToken *tokens = NULL;
	unsigned n = 0;
	clang_tokenize(tu, clang_getCursorExtent(c), &tokens, &n);
	for (unsigned i = 0; i < n; i++) {
		CXString s = clang_getTokenSpelling(tu, tokens[i]);
		const char *p = clang_getCString(s);
		if (!strcmp(p, "_Noreturn") || !strcmp(p, "noreturn") || !strcmp(p, "__noreturn__"))
			*(bool *)data = true;
		clang_disposeString(s);
	}
	if (tokens)
		clang_disposeTokens(tu, tokens, n);
	return *(bool *)data ? CXChildVisit_Break : CXChildVisit_Continue;
}

/* Does call N never return? */
static bool noreturn_call(const struct cnode *n)
{
	if (n->kind != CXCursor_CallExpr)
		return false;
	if (n->nkids && type_noreturn(clang_getCursorType(cfg_unwrap(n->kids[0])->c)))
		return true;
	CXCursor callee = clang_getCursorReferenced(n->c);
	if (clang_Cursor_isNull(callee) || clang_getCursorKind(callee) != CXCursor_FunctionDecl)
		return false;
	if (type_noreturn(clang_getCursorType(callee)))
		return true;
	bool found = false;
	clang_visitChildren(callee, find_noreturn_attr, &found);
	CXCursor canon = clang_getCanonicalCursor(callee);
	if (!found && !clang_equalCursors(canon, callee))
		clang_visitChildren(canon, find_noreturn_attr, &found);
	return found;
}

/* ---- building ------------------------------------------------------------- */

struct jump_target {
	int brk, cont;		/* -1: none (a switch has no continue of its own) */
};

struct switch_ctx {
	int block;		/* the block the switch terminates */
	struct cfg_succ deflt;	/* its default edge, added last */
	bool has_default;
};

struct pending {
	int block;
	struct cnode *stmt;	/* GotoStmt, IndirectGotoStmt, GCCAsmStmt */
};

struct label_at {
	struct cnode *label;	/* LabelStmt */
	int block;
	char *name;
};

struct builder {
	struct cfg *g;
	int cur;		/* the block being filled, -1 after a jump */
	int exit;
	struct jump_target *targets;
	int ntargets;
	struct switch_ctx *sw;
	struct pending *jumps;
	int njumps;
	struct label_at *labels;	/* every label of the function, found first */
	int nlabels;
	struct cnode **addr_taken;	/* LabelStmts whose address is taken (&&label) */
	int naddr;
	char **vars;			/* names of the parameters and local variables */
	int nvars;
};

#define GROW(arr, n) do { (arr) = realloc((arr), ((n) + 1) * sizeof(*(arr))); if (!(arr)) abort(); } while (0)

static int new_block(struct builder *b)
{
	struct cfg *g = b->g;
	GROW(g->blocks, g->nblocks);
	memset(&g->blocks[g->nblocks], 0, sizeof(g->blocks[0]));
	return g->nblocks++;
}

static int here(struct builder *b)
{
	if (b->cur < 0)
		b->cur = new_block(b);	/* code after a jump: a block of its own, unreachable */
	return b->cur;
}

static void emit(struct builder *b, struct cnode *n)
{
	struct cfg_block *blk = &b->g->blocks[here(b)];
	GROW(blk->elems, blk->nelems);
	blk->elems[blk->nelems++] = n;
}

static struct cfg_succ *add_edge(struct builder *b, int from, int to, enum cfg_edge kind)
{
	struct cfg_block *blk = &b->g->blocks[from];
	GROW(blk->succs, blk->nsuccs);
	struct cfg_succ *s = &blk->succs[blk->nsuccs++];
	memset(s, 0, sizeof(*s));
	s->block = to;
	s->kind = kind;
	return s;
}

/* Fall from the current block (if any) into TO; nothing is current after. */
static void jump_to(struct builder *b, int to)
{
	if (b->cur >= 0)
		add_edge(b, b->cur, to, CFG_NEXT);
	b->cur = -1;
}

/* Start block BLK, falling into it from the current one. */
static void start(struct builder *b, int blk)
{
	jump_to(b, blk);
	b->cur = blk;
}

static int terminate(struct builder *b, enum cfg_term k, struct cnode *term)
{
	int blk = here(b);
	b->g->blocks[blk].tkind = k;
	b->g->blocks[blk].term = term;
	b->cur = -1;
	return blk;
}

static void stmt(struct builder *b, struct cnode *n);
static void expr(struct builder *b, struct cnode *n);

/* End the current block with 2-way terminator TERM on COND (NULL: always true). */
static void branch(struct builder *b, enum cfg_term k, struct cnode *term, struct cnode *cond, int t, int f)
{
	long long v = 1;
	bool constant = !cond || constant_of(cond, &v);
	int blk = terminate(b, k, term);
	add_edge(b, blk, t, CFG_TRUE)->dead = constant && !v;
	add_edge(b, blk, f, CFG_FALSE)->dead = constant && v;
}

/* Evaluate condition C and branch to T or F: && and || branch straight to them. */
static void condition(struct builder *b, struct cnode *c, enum cfg_term k, struct cnode *term, int t, int f)
{
	struct cnode *s = cfg_unwrap(c);
	int op = logical_op(s);
	if (op) {
		int rhs = new_block(b);
		if (op == 1)
			condition(b, s->kids[0], CFG_T_AND, s, rhs, f);
		else
			condition(b, s->kids[0], CFG_T_OR, s, t, rhs);
		b->cur = rhs;
		condition(b, s->kids[1], k, term, t, f);
		return;
	}
	expr(b, c);
	branch(b, k, term, s, t, f);
}

/* a && b, a || b as a value: a's block branches, both paths meet where the operator is an element. */
static void expr_logical(struct builder *b, struct cnode *n, int op)
{
	int rhs = new_block(b), join = new_block(b);
	if (op == 1)
		condition(b, n->kids[0], CFG_T_AND, n, rhs, join);
	else
		condition(b, n->kids[0], CFG_T_OR, n, join, rhs);
	b->cur = rhs;
	expr(b, n->kids[1]);
	start(b, join);
	emit(b, n);
}

/* c ? a : b: c's block branches, a and b meet where the operator is an element. */
static void expr_cond(struct builder *b, struct cnode *n)
{
	int tb = new_block(b), fb = new_block(b), join = new_block(b);
	condition(b, n->kids[0], CFG_T_COND, n, tb, fb);
	b->cur = tb;
	expr(b, n->kids[1]);
	jump_to(b, join);
	b->cur = fb;
	expr(b, n->kids[2]);
	start(b, join);
	emit(b, n);
}

/* GNU a ?: b: a once; its true edge goes straight to the join (the value is a). */
static void expr_bincond(struct builder *b, struct cnode *n)
{
	int fb = new_block(b), join = new_block(b);
	expr(b, n->kids[0]);
	branch(b, CFG_T_BINCOND, n, cfg_unwrap(n->kids[0]), join, fb);
	b->cur = fb;
	expr(b, n->kids[3]);
	start(b, join);
	emit(b, n);
}

/* Evaluate expression N: its evaluated operands, then N; a call that does not return ends the block. */
static void expr(struct builder *b, struct cnode *n)
{
	n = cfg_unwrap(n);
	if (!n || !is_expr(n))
		return;
	int op = logical_op(n);
	if (op) {
		expr_logical(b, n, op);
		return;
	}
	if (n->kind == CXCursor_ConditionalOperator && n->nkids == 3) {
		expr_cond(b, n);
		return;
	}
	if (is_bincond(n)) {
		expr_bincond(b, n);
		return;
	}
	if (n->kind == CXCursor_StmtExpr) {
		for (unsigned i = 0; i < n->nkids; i++)
			stmt(b, n->kids[i]);
		emit(b, n);
		return;
	}
	struct cnode **kids = calloc(n->nkids + 1, sizeof(*kids));
	int k = evaluated_kids(n, kids);
	for (int i = 0; i < k; i++)
		expr(b, kids[i]);
	free(kids);
	emit(b, n);
	if (noreturn_call(n)) {
		int blk = here(b);
		b->g->blocks[blk].noreturn = n;
		add_edge(b, blk, b->exit, CFG_NORETURN);
		b->cur = -1;
	}
}

/* LABEL's entry (a LabelStmt, as a LabelRef's referenced cursor: compared by location). */
static struct label_at *label_of(struct builder *b, CXCursor label)
{
	if (clang_Cursor_isNull(label))
		return NULL;
	CXSourceLocation at = clang_getCursorLocation(label);
	for (int i = 0; i < b->nlabels; i++)
		if (clang_equalCursors(b->labels[i].label->c, label) ||
		    clang_equalLocations(clang_getCursorLocation(b->labels[i].label->c), at))
			return &b->labels[i];
	return NULL;
}

static void push_target(struct builder *b, int brk, int cont)
{
	GROW(b->targets, b->ntargets);
	b->targets[b->ntargets].brk = brk;
	b->targets[b->ntargets].cont = cont;
	b->ntargets++;
}

static void pending(struct builder *b, int blk, struct cnode *n)
{
	GROW(b->jumps, b->njumps);
	b->jumps[b->njumps].block = blk;
	b->jumps[b->njumps].stmt = n;
	b->njumps++;
}

/* Start a block for case/default label N of the innermost switch; its edge from the switch. */
static void case_label(struct builder *b, struct cnode *n)
{
	int blk = new_block(b);
	start(b, blk);
	struct cfg_block *x = &b->g->blocks[blk];
	GROW(x->labels, x->nlabels);
	x->labels[x->nlabels++] = n;
	if (!b->sw)
		return;			/* a label outside a switch does not compile */
	if (n->kind == CXCursor_DefaultStmt) {
		b->sw->has_default = true;
		b->sw->deflt.block = blk;
		b->sw->deflt.label = n;
		return;
	}
	struct cfg_succ *s = add_edge(b, b->sw->block, blk, CFG_CASE);
	s->label = n;
	if (!constant_of(n->kids[0], &s->lo))
		s->lo = 0;
	s->hi = s->lo;
	if (n->nkids == 3 && !constant_of(n->kids[1], &s->hi))
		s->hi = s->lo;
}

/* if (c) then [else otherwise]: both branches meet after. */
static void stmt_if(struct builder *b, struct cnode *n)
{
	int t = new_block(b), f = n->nkids == 3 ? new_block(b) : -1, join = new_block(b);
	condition(b, n->kids[0], CFG_T_IF, n, t, f >= 0 ? f : join);
	b->cur = t;
	stmt(b, n->kids[1]);
	jump_to(b, join);
	if (f >= 0) {
		b->cur = f;
		stmt(b, n->kids[2]);
		jump_to(b, join);
	}
	b->cur = join;
}

/* while (c) body: continue re-tests c. */
static void stmt_while(struct builder *b, struct cnode *n)
{
	int condb = new_block(b);
	start(b, condb);
	int t = new_block(b), after = new_block(b);
	condition(b, n->kids[0], CFG_T_WHILE, n, t, after);
	push_target(b, after, condb);
	b->cur = t;
	stmt(b, n->kids[1]);
	jump_to(b, condb);
	b->ntargets--;
	b->cur = after;
}

/* do body while (c): continue goes to the test, whose true edge is the back edge. */
static void stmt_do(struct builder *b, struct cnode *n)
{
	int body = new_block(b), condb = new_block(b), after = new_block(b);
	start(b, body);
	push_target(b, after, condb);
	stmt(b, n->kids[0]);
	b->ntargets--;
	start(b, condb);
	condition(b, n->kids[1], CFG_T_DO, n, body, after);
	b->cur = after;
}

/* for (init; c; inc) body: continue goes to inc (to the test without inc); no c is always true. */
static void stmt_for(struct builder *b, struct cnode *n)
{
	struct cnode *init, *cond, *inc, *body;
	b->g->guessed_fors += for_parts(n, &init, &cond, &inc, &body);
	if (init)
		stmt(b, init);
	int condb = new_block(b);
	start(b, condb);
	int t = new_block(b), incb = inc ? new_block(b) : condb, after = new_block(b);
	if (cond)
		condition(b, cond, CFG_T_FOR, n, t, after);
	else
		branch(b, CFG_T_FOR, n, NULL, t, after);
	push_target(b, after, incb);
	b->cur = t;
	if (body)
		stmt(b, body);
	b->ntargets--;
	if (inc) {
		start(b, incb);
		expr(b, inc);
	}
	jump_to(b, condb);
	b->cur = after;
}

/* switch (c) body: an edge per case label as the body meets them, the default last. */
static void stmt_switch(struct builder *b, struct cnode *n)
{
	expr(b, n->kids[0]);
	struct switch_ctx sw = { terminate(b, CFG_T_SWITCH, n), { 0 }, false }, *outer = b->sw;
	int after = new_block(b);
	b->sw = &sw;
	push_target(b, after, b->ntargets ? b->targets[b->ntargets - 1].cont : -1);
	stmt(b, n->kids[n->nkids - 1]);
	jump_to(b, after);
	b->ntargets--;
	b->sw = outer;
	struct cfg_succ *d = add_edge(b, sw.block, after, CFG_DEFAULT);
	if (sw.has_default) {
		d->block = sw.deflt.block;
		d->label = sw.deflt.label;
	}
	b->cur = after;
}

/* LABEL: stmt starts a block that gotos reach. */
static void stmt_label(struct builder *b, struct cnode *n)
{
	struct label_at *l = label_of(b, n->c);
	int blk = new_block(b);
	start(b, blk);
	struct cfg_block *x = &b->g->blocks[blk];
	GROW(x->labels, x->nlabels);
	x->labels[x->nlabels++] = n;
	if (l)
		l->block = blk;
	if (n->nkids)
		stmt(b, n->kids[0]);
}

/* break, continue: to the innermost loop's or switch's target (a switch has no continue of its own). */
static void stmt_break(struct builder *b, struct cnode *n)
{
	bool brk = n->kind == CXCursor_BreakStmt;
	int to = b->exit;
	for (int i = b->ntargets - 1; i >= 0; i--) {
		int x = brk ? b->targets[i].brk : b->targets[i].cont;
		if (x >= 0) {
			to = x;
			break;
		}
	}
	add_edge(b, terminate(b, brk ? CFG_T_BREAK : CFG_T_CONTINUE, n), to, CFG_NEXT);
}

static void stmt(struct builder *b, struct cnode *n)
{
	switch (n->kind) {
	case CXCursor_CompoundStmt:
		for (unsigned i = 0; i < n->nkids; i++)
			stmt(b, n->kids[i]);
		return;
	case CXCursor_DeclStmt:
		for (unsigned i = 0; i < n->nkids; i++) {
			struct cnode *v = var_init(n->kids[i]);
			if (v) {
				expr(b, v);
				emit(b, n->kids[i]);
			}
		}
		return;
	case CXCursor_IfStmt:
		stmt_if(b, n);
		return;
	case CXCursor_WhileStmt:
		stmt_while(b, n);
		return;
	case CXCursor_DoStmt:
		stmt_do(b, n);
		return;
	case CXCursor_ForStmt:
		stmt_for(b, n);
		return;
	case CXCursor_SwitchStmt:
		stmt_switch(b, n);
		return;
	case CXCursor_CaseStmt:
	case CXCursor_DefaultStmt:
		case_label(b, n);
		if (n->nkids)
			stmt(b, n->kids[n->nkids - 1]);
		return;
	case CXCursor_LabelStmt:
		stmt_label(b, n);
		return;
	case CXCursor_GotoStmt:
		pending(b, terminate(b, CFG_T_GOTO, n), n);
		return;
	case CXCursor_IndirectGotoStmt:
		if (n->nkids)
			expr(b, n->kids[0]);
		pending(b, terminate(b, CFG_T_INDIRECT_GOTO, n), n);
		return;
	case CXCursor_BreakStmt:
	case CXCursor_ContinueStmt:
		stmt_break(b, n);
		return;
	case CXCursor_ReturnStmt:
		if (n->nkids)
			expr(b, n->kids[0]);
		add_edge(b, terminate(b, CFG_T_RETURN, n), b->exit, CFG_NEXT);
		return;
	case CXCursor_NullStmt:
		return;
	case CXCursor_GCCAsmStmt:
	case CXCursor_MSAsmStmt:
		for (unsigned i = 0; i < n->nkids; i++)
			expr(b, n->kids[i]);	/* operands */
		emit(b, n);
		pending(b, here(b), n);		/* its labels, if any: resolved last */
		return;
	default:
		if (is_expr(n))
			expr(b, n);		/* an expression statement */
		else if (clang_isStatement(n->kind))
			for (unsigned i = 0; i < n->nkids; i++)
				stmt(b, n->kids[i]);	/* e.g. an attributed statement: fallthrough; */
		return;
	}
}

/* Every label of the function (with its name), and those whose address is taken. */
static void find_labels(struct builder *b, struct cnode *n)
{
	if (n->kind == CXCursor_VarDecl || n->kind == CXCursor_ParmDecl) {
		CXString s = clang_getCursorSpelling(n->c);
		GROW(b->vars, b->nvars);
		b->vars[b->nvars++] = strdup(clang_getCString(s));
		clang_disposeString(s);
	}
	if (n->kind == CXCursor_LabelStmt) {
		GROW(b->labels, b->nlabels);
		CXString s = clang_getCursorSpelling(n->c);
		b->labels[b->nlabels].label = n;
		b->labels[b->nlabels].block = -1;
		b->labels[b->nlabels].name = strdup(clang_getCString(s));
		clang_disposeString(s);
		b->nlabels++;
	}
	for (unsigned i = 0; i < n->nkids; i++)
		find_labels(b, n->kids[i]);
}

static void find_addr_taken(struct builder *b, struct cnode *n)
{
	if (n->kind == CXCursor_AddrLabelExpr && n->nkids && n->kids[0]->kind == CXCursor_LabelRef) {
		struct label_at *l = label_of(b, clang_getCursorReferenced(n->kids[0]->c));
		bool seen = false;
		for (int i = 0; l && i < b->naddr; i++)
			seen |= b->addr_taken[i] == l->label;
		if (l && !seen) {
			GROW(b->addr_taken, b->naddr);
			b->addr_taken[b->naddr++] = l->label;
		}
	}
	for (unsigned i = 0; i < n->nkids; i++)
		find_addr_taken(b, n->kids[i]);
}

/*
 * Asm statement J of pending jump J ends its block: what followed it in the
 * block (elements, terminator, successors) moves to a new block, the asm's
 * fall-through; later pending jumps of that block leave from the new one.
 */
static void split_after_asm(struct builder *b, int j)
{
	int from = b->jumps[j].block, rest = new_block(b);
	struct cfg_block *blk = &b->g->blocks[from], *r = &b->g->blocks[rest];
	r->succs = blk->succs, r->nsuccs = blk->nsuccs;
	r->tkind = blk->tkind, r->term = blk->term, r->noreturn = blk->noreturn;
	int at = 0;
	while (blk->elems[at] != b->jumps[j].stmt)
		at++;
	r->nelems = blk->nelems - at - 1;
	r->elems = malloc((r->nelems + 1) * sizeof(*r->elems));
	memcpy(r->elems, blk->elems + at + 1, r->nelems * sizeof(*r->elems));
	blk->nelems = at + 1;
	blk->succs = NULL, blk->nsuccs = 0, blk->noreturn = NULL;
	blk->tkind = CFG_T_ASM_GOTO, blk->term = b->jumps[j].stmt;
	add_edge(b, from, rest, CFG_NEXT);
	for (int q = j + 1; q < b->njumps; q++)
		if (b->jumps[q].block == from)
			b->jumps[q].block = rest;
}

/*
 * The labels asm statement J may jump to: those named among its tokens (or
 * its macro invocation's), unless a variable has that name too (BUG_ON(err)
 * is no jump to a label err:).
 */
static void asm_labels(struct builder *b, int j)
{
	unsigned nt;
	char **t = written_tokens(b->jumps[j].stmt, &nt);
	bool split = false;
	for (int i = 0; i < b->nlabels; i++) {
		bool named = false;
		for (unsigned k = 0; k < nt && !named; k++)
			named = !strcmp(t[k], b->labels[i].name);
		for (int v = 0; v < b->nvars && named; v++)
			named = strcmp(b->vars[v], b->labels[i].name) != 0;
		if (!named || b->labels[i].block < 0)
			continue;
		if (!split)
			split_after_asm(b, j);
		split = true;
		add_edge(b, b->jumps[j].block, b->labels[i].block, CFG_ASM)->label = b->labels[i].label;
	}
	free_tokens(t, nt);
}

/* The edges of gotos, computed gotos and asm statements, once every label has its block. */
static void resolve_jumps(struct builder *b)
{
	for (int j = 0; j < b->njumps; j++) {
		struct pending *p = &b->jumps[j];
		if (p->stmt->kind == CXCursor_GotoStmt) {
			struct label_at *l = NULL;
			for (unsigned i = 0; i < p->stmt->nkids && !l; i++)
				if (p->stmt->kids[i]->kind == CXCursor_LabelRef)
					l = label_of(b, clang_getCursorReferenced(p->stmt->kids[i]->c));
			struct cfg_succ *s = add_edge(b, p->block, l && l->block >= 0 ? l->block : b->exit, CFG_NEXT);
			s->label = l ? l->label : NULL;
		} else if (p->stmt->kind == CXCursor_IndirectGotoStmt) {
			for (int i = 0; i < b->naddr; i++) {
				struct label_at *l = label_of(b, b->addr_taken[i]->c);
				if (l && l->block >= 0)
					add_edge(b, p->block, l->block, CFG_NEXT)->label = l->label;
			}
			if (!b->g->blocks[p->block].nsuccs)
				add_edge(b, p->block, b->exit, CFG_NEXT);
		} else {
			asm_labels(b, j);
		}
	}
}

/* Is block I empty, unlabelled, unterminated, with one plain successor? */
static bool pass_through(const struct cfg *g, int i)
{
	const struct cfg_block *x = &g->blocks[i];
	return !x->nelems && !x->nlabels && x->tkind == CFG_T_NONE && !x->noreturn && x->nsuccs == 1 &&
	       x->succs[0].kind == CFG_NEXT && x->succs[0].block != i;
}

/* Bypass the empty pass-through blocks, drop the blocks nothing enters that hold nothing; number entry first, exit last. */
static void compact(struct cfg *g)
{
	int n = g->nblocks;
	int *fwd = malloc(n * sizeof(int)), *refs = calloc(n, sizeof(int)), *num = malloc(n * sizeof(int));
	for (int i = 0; i < n; i++) {
		int to = i, steps = 0;
		while (to != g->entry && pass_through(g, to) && steps++ < n)
			to = g->blocks[to].succs[0].block;
		fwd[i] = to;
	}
	for (int i = 0; i < n; i++)
		for (int s = 0; s < g->blocks[i].nsuccs; s++)
			g->blocks[i].succs[s].block = fwd[g->blocks[i].succs[s].block];
	bool changed = true;
	bool *gone = calloc(n, sizeof(bool));
	while (changed) {
		changed = false;
		memset(refs, 0, n * sizeof(int));
		for (int i = 0; i < n; i++)
			for (int s = 0; !gone[i] && s < g->blocks[i].nsuccs; s++)
				refs[g->blocks[i].succs[s].block]++;
		for (int i = 0; i < n; i++) {
			struct cfg_block *x = &g->blocks[i];
			if (gone[i] || i == g->entry || i == g->exit || refs[i] || x->nelems || x->nlabels ||
			    x->tkind != CFG_T_NONE || x->noreturn)
				continue;
			gone[i] = changed = true;
		}
	}
	int k = 0;
	for (int i = 0; i < n; i++)
		if (!gone[i] && i != g->exit)
			num[i] = k++;
	num[g->exit] = k++;
	struct cfg_block *blocks = calloc(k, sizeof(*blocks));
	for (int i = 0; i < n; i++) {
		if (gone[i]) {
			free(g->blocks[i].elems);
			free(g->blocks[i].succs);
			free(g->blocks[i].labels);
			continue;
		}
		blocks[num[i]] = g->blocks[i];
		for (int s = 0; s < blocks[num[i]].nsuccs; s++)
			blocks[num[i]].succs[s].block = num[blocks[num[i]].succs[s].block];
	}
	free(g->blocks);
	g->blocks = blocks;
	g->nblocks = k;
	g->entry = num[g->entry];
	g->exit = k - 1;
	free(fwd);
	free(refs);
	free(num);
	free(gone);
}

/* Predecessors, reachability from the entry, and the way to the exit (dead edges ignored). */
static void annotate(struct cfg *g)
{
	for (int i = 0; i < g->nblocks; i++)
		for (int s = 0; s < g->blocks[i].nsuccs; s++) {
			struct cfg_block *to = &g->blocks[g->blocks[i].succs[s].block];
			bool dup = false;
			for (int p = 0; p < to->npreds; p++)
				dup |= to->preds[p] == i;
			if (!dup) {
				GROW(to->preds, to->npreds);
				to->preds[to->npreds++] = i;
			}
		}
	int *stack = malloc((g->nblocks + 1) * sizeof(int)), sp = 0;
	g->blocks[g->entry].reachable = true;
	stack[sp++] = g->entry;
	while (sp) {
		struct cfg_block *x = &g->blocks[stack[--sp]];
		for (int s = 0; s < x->nsuccs; s++)
			if (!x->succs[s].dead && !g->blocks[x->succs[s].block].reachable) {
				g->blocks[x->succs[s].block].reachable = true;
				stack[sp++] = x->succs[s].block;
			}
	}
	for (bool changed = (g->blocks[g->exit].exits = true); changed;) {
		changed = false;
		for (int i = 0; i < g->nblocks; i++)
			for (int s = 0; !g->blocks[i].exits && s < g->blocks[i].nsuccs; s++)
				if (!g->blocks[i].succs[s].dead && g->blocks[g->blocks[i].succs[s].block].exits)
					g->blocks[i].exits = changed = true;
	}
	free(stack);
}

bool cfg_build(struct cfg *g, struct cnode *fn)
{
	memset(g, 0, sizeof(*g));
	g->fn = fn;
	for (unsigned i = 0; i < fn->nkids; i++)
		if (fn->kids[i]->kind == CXCursor_CompoundStmt)
			g->body = fn->kids[i];
	if (!g->body)
		return false;
	struct builder b = { g, -1, -1, NULL, 0, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0 };
	g->entry = new_block(&b);
	g->exit = b.exit = new_block(&b);
	find_labels(&b, fn);
	find_addr_taken(&b, g->body);
	b.cur = g->entry;
	stmt(&b, g->body);
	jump_to(&b, b.exit);
	resolve_jumps(&b);
	compact(g);
	annotate(g);
	for (int i = 0; i < b.nlabels; i++)
		free(b.labels[i].name);
	for (int i = 0; i < b.nvars; i++)
		free(b.vars[i]);
	free(b.vars);
	free(b.labels);
	free(b.addr_taken);
	free(b.jumps);
	free(b.targets);
	return true;
}

void cfg_free(struct cfg *g)
{
	for (int i = 0; i < g->nblocks; i++) {
		free(g->blocks[i].elems);
		free(g->blocks[i].succs);
		free(g->blocks[i].labels);
		free(g->blocks[i].preds);
	}
	free(g->blocks);
	memset(g, 0, sizeof(*g));
}

/* ---- the dump ----------------------------------------------------------- */

static bool wordish(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == '"' || c == '\'';
}

/* N's tokens, a space between two words and after a comma, abbreviated to 40 characters. */
static void print_spelling(FILE *out, const struct cnode *n)
{
	unsigned nt;
	char **t = written_tokens(n, &nt);
	char buf[512];
	size_t len = 0;
	buf[0] = 0;
	for (unsigned i = 0; i < nt && len < 200; i++) {
		bool space = i && (!strcmp(t[i - 1], ",") || (wordish(buf[len - 1]) && wordish(t[i][0])) ||
				   ((!strcmp(t[i - 1], "return") || !strcmp(t[i - 1], "case")) && strcmp(t[i], ";")));
		len += snprintf(buf + len, sizeof(buf) - len, "%s%.*s", space ? " " : "", 200, t[i]);
	}
	free_tokens(t, nt);
	if (len > 40)
		strcpy(buf + 37, "...");
	fprintf(out, " `%s`", buf);
}

static void print_cursor(FILE *out, const char *what, const struct cnode *n)
{
	CXString k = clang_getCursorKindSpelling(n->kind);
	struct ir_loc l = cnode_loc(n);
	fprintf(out, "  %s %s %d:%d", what, clang_getCString(k), l.line, l.column);
	clang_disposeString(k);
	print_spelling(out, n);
	fputc('\n', out);
}

static const char *edge_name(const struct cfg_block *x, const struct cfg_succ *s, char *buf, size_t size)
{
	switch (s->kind) {
	case CFG_TRUE: return "true";
	case CFG_FALSE: return "false";
	case CFG_CASE:
		if (s->lo == s->hi)
			snprintf(buf, size, "case %lld", s->lo);
		else
			snprintf(buf, size, "case %lld ... %lld", s->lo, s->hi);
		return buf;
	case CFG_DEFAULT: return s->label ? "default" : "default (implicit)";
	case CFG_ASM: return "asm";
	case CFG_NORETURN: return "noreturn";
	case CFG_NEXT:
		break;
	}
	switch (x->tkind) {
	case CFG_T_GOTO: case CFG_T_INDIRECT_GOTO: return "goto";
	case CFG_T_BREAK: return "break";
	case CFG_T_CONTINUE: return "continue";
	case CFG_T_RETURN: return "return";
	default: return "";
	}
}

void cfg_dump(FILE *out, const struct cfg *g)
{
	CXString name = clang_getCursorSpelling(g->fn->c);
	struct ir_loc at = cnode_loc(g->fn);
	const char *file = at.file ? strrchr(at.file, '/') : NULL;
	fprintf(out, "function %s (%s:%d): %d blocks\n", clang_getCString(name),
		file ? file + 1 : at.file ? at.file : "?", at.line, g->nblocks);
	clang_disposeString(name);
	for (int i = 0; i < g->nblocks; i++) {
		const struct cfg_block *x = &g->blocks[i];
		fprintf(out, "B%d%s%s%s\n", i, i == g->entry ? " (entry)" : i == g->exit ? " (exit)" : "",
			x->reachable ? "" : " [unreachable]", x->reachable && !x->exits ? " [no exit]" : "");
		fprintf(out, "  preds:");
		for (int p = 0; p < x->npreds; p++)
			fprintf(out, " B%d", x->preds[p]);
		fprintf(out, "%s\n", x->npreds ? "" : " -");
		for (int l = 0; l < x->nlabels; l++)
			print_cursor(out, "label", x->labels[l]);
		for (int e = 0; e < x->nelems; e++)
			print_cursor(out, "elem", x->elems[e]);
		if (x->term)
			print_cursor(out, "term", x->term);
		if (x->noreturn)
			print_cursor(out, "noreturn", x->noreturn);
		if (!x->nsuccs)
			continue;
		fprintf(out, "  succs:");
		for (int s = 0; s < x->nsuccs; s++) {
			char buf[64];
			const char *e = edge_name(x, &x->succs[s], buf, sizeof(buf));
			fprintf(out, "%s B%d%s%s%s", s ? "," : "", x->succs[s].block, *e ? " " : "", e,
				x->succs[s].dead ? " (dead)" : "");
		}
		fputc('\n', out);
	}
}

/* ---- invariants ----------------------------------------------------------- */

/* How often each cursor is an element, a terminator, a label (a pointer-keyed table). */
struct seen {
	const struct cnode *n;
	int elem, term, label;
};

struct seen_table {
	struct seen *slots;
	unsigned size;
};

static struct seen *seen_of(struct seen_table *t, const struct cnode *n)
{
	unsigned h = (unsigned)(((unsigned long)n >> 4) * 2654435761u) & (t->size - 1);
	while (t->slots[h].n && t->slots[h].n != n)
		h = (h + 1) & (t->size - 1);
	t->slots[h].n = n;
	return &t->slots[h];
}

static unsigned count_nodes(const struct cnode *n)
{
	unsigned k = 1;
	for (unsigned i = 0; i < n->nkids; i++)
		k += count_nodes(n->kids[i]);
	return k;
}

static int violation(FILE *out, const struct cfg *g, const char *what, const struct cnode *n)
{
	CXString name = clang_getCursorSpelling(g->fn->c);
	fprintf(out, "cfg: %s: violation: %s", clang_getCString(name), what);
	clang_disposeString(name);
	if (n) {
		CXString k = clang_getCursorKindSpelling(n->kind);
		struct ir_loc l = cnode_loc(n);
		fprintf(out, ": %s %d:%d", clang_getCString(k), l.line, l.column);
		clang_disposeString(k);
	}
	fputc('\n', out);
	return 1;
}

/* What the body must show: each evaluated expression an element once, each jump a terminator once. */
static int expect(FILE *out, const struct cfg *g, struct seen_table *t, struct cnode *n, bool evaluated)
{
	int bad = 0;
	struct seen *s = seen_of(t, n);
	switch (n->kind) {
	case CXCursor_IfStmt: case CXCursor_WhileStmt: case CXCursor_DoStmt: case CXCursor_ForStmt:
	case CXCursor_SwitchStmt: case CXCursor_GotoStmt: case CXCursor_IndirectGotoStmt:
	case CXCursor_BreakStmt: case CXCursor_ContinueStmt: case CXCursor_ReturnStmt:
		if (s->term != 1 || s->elem)
			bad += violation(out, g, "a jump is not the terminator of exactly one block", n);
		break;
	case CXCursor_LabelStmt: case CXCursor_CaseStmt: case CXCursor_DefaultStmt:
		if (s->label != 1)
			bad += violation(out, g, "a label does not start exactly one block", n);
		/* a case's values are constants, not evaluated: only its statement runs */
		return bad + (n->nkids ? expect(out, g, t, n->kids[n->nkids - 1], true) : 0);
	case CXCursor_GCCAsmStmt:
		if (s->elem != 1 || s->term > 1)
			bad += violation(out, g, "an asm statement is not an element exactly once", n);
		break;
	case CXCursor_VarDecl: {
		struct cnode *init = var_init(n);
		if ((init ? 1 : 0) != s->elem)
			bad += violation(out, g, init ? "an initialised variable is not an element exactly once" :
					 "a variable without initializer here is an element", n);
		return bad + (init ? expect(out, g, t, init, true) : 0);
	}
	default:
		if (clang_isDeclaration(n->kind))
			return bad;	/* a struct or type declared in the body: nothing runs */
		break;
	}
	if (is_expr(n)) {
		if (!evaluated || is_wrapper(n)) {
			if (s->elem || s->term)
				bad += violation(out, g, "a wrapper or unevaluated expression is an element", n);
		} else if (logical_op(n) || n->kind == CXCursor_ConditionalOperator || is_bincond(n)) {
			if (s->term != 1 || s->elem > 1)
				bad += violation(out, g, "a branching operator is not the terminator of exactly one block", n);
		} else if (s->elem != 1 || s->term) {
			bad += violation(out, g, s->elem ? "an expression is an element more than once" :
					 "an evaluated expression is no element", n);
		}
		if (!evaluated)
			return bad;
		struct cnode **kids = calloc(n->nkids + 1, sizeof(*kids));
		int k = is_wrapper(n) ? (kids[0] = n->kids[0], 1) : evaluated_kids(n, kids);
		for (unsigned i = 0; i < n->nkids; i++) {
			bool ev = false;
			for (int j = 0; j < k; j++)
				ev |= kids[j] == n->kids[i];
			bad += expect(out, g, t, n->kids[i], ev || n->kind == CXCursor_StmtExpr);
		}
		free(kids);
		return bad;
	}
	for (unsigned i = 0; i < n->nkids; i++)
		bad += expect(out, g, t, n->kids[i], true);
	return bad;
}

/* The successors terminator kind K must have. */
static int check_succs(FILE *out, const struct cfg *g, int i)
{
	const struct cfg_block *x = &g->blocks[i];
	const struct cnode *at = x->term ? x->term : x->noreturn;
	switch (x->tkind) {
	case CFG_T_IF: case CFG_T_WHILE: case CFG_T_DO: case CFG_T_FOR:
	case CFG_T_AND: case CFG_T_OR: case CFG_T_COND: case CFG_T_BINCOND:
		if (x->nsuccs != 2 || x->succs[0].kind != CFG_TRUE || x->succs[1].kind != CFG_FALSE)
			return violation(out, g, "a 2-way branch without its true and false successors", at);
		return 0;
	case CFG_T_SWITCH: {
		int defaults = 0;
		for (int s = 0; s < x->nsuccs; s++)
			defaults += x->succs[s].kind == CFG_DEFAULT;
		if (defaults != 1 || x->succs[x->nsuccs - 1].kind != CFG_DEFAULT)
			return violation(out, g, "a switch without exactly one default successor, last", at);
		return 0;
	}
	case CFG_T_GOTO: case CFG_T_BREAK: case CFG_T_CONTINUE: case CFG_T_RETURN:
		if (x->nsuccs != 1 || (x->tkind == CFG_T_RETURN && x->succs[0].block != g->exit))
			return violation(out, g, "a jump without exactly one successor (a return's: the exit)", at);
		return 0;
	case CFG_T_INDIRECT_GOTO:
		return x->nsuccs < 1 ? violation(out, g, "a computed goto without successors", at) : 0;
	case CFG_T_ASM_GOTO:
		return x->nsuccs < 2 || x->succs[0].kind != CFG_NEXT ?
			violation(out, g, "an asm goto without its fall-through and a label", at) : 0;
	case CFG_T_NONE:
		break;
	}
	if (x->noreturn)
		return x->nsuccs != 1 || x->succs[0].block != g->exit ?
			violation(out, g, "a call that does not return does not go to the exit", at) : 0;
	if (i == g->exit)
		return x->nsuccs || x->nelems ? violation(out, g, "the exit has elements or successors", NULL) : 0;
	return x->nsuccs != 1 ? violation(out, g, "a block without terminator has not exactly one successor", NULL) : 0;
}

/* The operand of condition C that its block branches on: && and || branch on their right operand's. */
static struct cnode *branch_operand(struct cnode *c)
{
	struct cnode *s = cfg_unwrap(c);
	while (s && logical_op(s))
		s = cfg_unwrap(s->kids[1]);
	return s;
}

/* The condition of block I's terminator, which must be its last element (NULL: none to check). */
static struct cnode *term_condition(const struct cfg_block *x)
{
	struct cnode *t = x->term, *init, *cond, *inc, *body;
	switch (x->tkind) {
	case CFG_T_IF: case CFG_T_WHILE: case CFG_T_SWITCH:
		return t->kids[0];
	case CFG_T_DO:
		return t->kids[1];
	case CFG_T_FOR:
		for_parts(t, &init, &cond, &inc, &body);
		return cond;
	case CFG_T_AND: case CFG_T_OR: case CFG_T_COND: case CFG_T_BINCOND:
		return t->kids[0];
	default:
		return NULL;
	}
}

int cfg_check(FILE *out, const struct cfg *g)
{
	int bad = 0;
	struct seen_table t;
	unsigned nodes = count_nodes(g->body);
	for (t.size = 64; t.size < 2 * nodes + 64; t.size *= 2)
		;
	t.slots = calloc(t.size, sizeof(*t.slots));
	for (int i = 0; i < g->nblocks; i++) {
		const struct cfg_block *x = &g->blocks[i];
		for (int e = 0; e < x->nelems; e++)
			seen_of(&t, x->elems[e])->elem++;
		if (x->term)
			seen_of(&t, x->term)->term++;
		for (int l = 0; l < x->nlabels; l++)
			seen_of(&t, x->labels[l])->label++;
		bad += check_succs(out, g, i);
		for (int s = 0; s < x->nsuccs; s++)
			if (x->succs[s].block < 0 || x->succs[s].block >= g->nblocks)
				bad += violation(out, g, "a successor out of range", x->term);
		struct cnode *c = term_condition(x);
		/* a condition whose evaluation ends in a call that does not return leaves the branch unreachable */
		if (c && (!x->nelems || x->elems[x->nelems - 1] != branch_operand(c)) && x->reachable)
			bad += violation(out, g, "a branch's condition is not its block's last element", x->term);
	}
	if (g->blocks[g->entry].npreds)
		bad += violation(out, g, "the entry has predecessors", NULL);
	bad += expect(out, g, &t, g->body, true);
	free(t.slots);
	return bad;
}

/* ---- devmap-lint-clang --dump-cfg / --check-cfg --------------------------- */

struct run {
	enum cfg_mode mode;
	const char *only;
	int functions, blocks, unreachable, noexit, guessed, violations;
};

/*
 * DEVMAP_LINT_CFG_CORRUPT=1 (tests only): drop the last element of the
 * first block that has one before the check, so a test sees it fail.
 */
static void corrupt(struct cfg *g)
{
	const char *e = getenv("DEVMAP_LINT_CFG_CORRUPT");
	if (!e || strcmp(e, "1"))
		return;
	for (int i = 0; i < g->nblocks; i++)
		if (g->blocks[i].nelems) {
			g->blocks[i].nelems--;
			return;
		}
}

static enum CXChildVisitResult run_function(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct run *r = data;
	if (clang_getCursorKind(c) != CXCursor_FunctionDecl || !clang_isCursorDefinition(c) ||
	    !clang_Location_isFromMainFile(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	if (r->only) {
		CXString s = clang_getCursorSpelling(c);
		bool match = !strcmp(clang_getCString(s), r->only);
		clang_disposeString(s);
		if (!match)
			return CXChildVisit_Continue;
	}
	struct cnode *fn = cnode_build(c);
	struct cfg g;
	if (cfg_build(&g, fn)) {
		r->functions++;
		r->blocks += g.nblocks;
		r->guessed += g.guessed_fors;
		corrupt(&g);
		for (int i = 0; i < g.nblocks; i++) {
			r->unreachable += !g.blocks[i].reachable;
			r->noexit += g.blocks[i].reachable && !g.blocks[i].exits;
		}
		if (r->mode == CFG_MODE_DUMP) {
			cfg_dump(stdout, &g);
			putchar('\n');
		}
		r->violations += cfg_check(r->mode == CFG_MODE_DUMP ? stderr : stdout, &g);
		cfg_free(&g);
	}
	cnode_free(fn);
	return CXChildVisit_Continue;
}

int cfg_run(CXTranslationUnit tu, enum cfg_mode mode, const char *only)
{
	struct run r = { mode, only, 0, 0, 0, 0, 0, 0 };
	clang_visitChildren(clang_getTranslationUnitCursor(tu), run_function, &r);
	if (mode == CFG_MODE_CHECK)
		printf("cfg: %d functions, %d blocks, %d unreachable, %d without exit, %d for clauses guessed, "
		       "%d violations\n", r.functions, r.blocks, r.unreachable, r.noexit, r.guessed, r.violations);
	return r.violations ? 1 : 0;
}
