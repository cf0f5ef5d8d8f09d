/* SPDX-License-Identifier: GPL-2.0 */
/*
 * clang-core.h - the rule-neutral core of the libclang engine's rules: the
 * API table and calls (clang-api.c), cursors, objects and control
 * (clang-values.c).  A rule (clang-refcount-one.c) builds its sites on it.
 * Strings said "malloc'ed" are the caller's to free.
 */
#ifndef DEVMAP_LINT_CLANG_CORE_H
#define DEVMAP_LINT_CLANG_CORE_H

#include "clang-front.h"

/* ---- the API table and calls (clang-api.c) -------------------------------- */

/* A line of rules/devmap-api.tbl: "KIND NAME COL0 COL1 COL2" (comments dropped). */
struct tbl_entry {
	char *kind, *name, *col[3];
	int ncols;
};

/* Read the table at PATH once; false (and a message on stderr) when it cannot be read. */
bool api_table_load(const char *path);
/* The line of KIND whose NAME is NAME (NULL: none), or NULL. */
const struct tbl_entry *tbl_find(const char *kind, const char *name);
/* The line of KIND whose NAME is A and first column B ("STRUCT FIELD" kinds), or NULL. */
const struct tbl_entry *tbl_find2(const char *kind, const char *a, const char *b);
/* Column COL of E as an argument index, or -1 (no E, no such column). */
int tbl_arg(const struct tbl_entry *e, int col);

/* The name of the function CALL calls directly (malloc'ed), or NULL. */
char *callee_name(const struct cnode *call);
/* Argument I (0-based) of CALL, or NULL. */
struct cnode *call_arg(const struct cnode *call, int i);
/* CALL's table line of KIND (by callee name, or "->FIELD" for a call through a field), or NULL. */
const struct tbl_entry *call_api(const struct cnode *call, const char *kind);

/* ---- cursors and tokens (clang-values.c) ---------------------------------- */

/* C's spelling (a declaration's name, a member access's field), malloc'ed. */
char *cursor_spelling(CXCursor c);
/*
 * The operator of binary or unary N ("==", "&&", "!", "&"...), malloc'ed,
 * or NULL.  From the tokens; in a macro's body (no tokens) a comparison
 * from the macro's definition, else from the types: "&", "!", or "?" for
 * a binary operator.
 */
char *op_of(const struct cnode *n);
bool op_is(const struct cnode *n, const char *want);
/* The struct name of T (past one pointer, typedefs, const), malloc'ed, or NULL. */
char *struct_name(CXType t);
/* Member access M's base expression, past anonymous unions and structs, or NULL. */
struct cnode *member_base(const struct cnode *m);
/* Is member access M "base->FIELD" or "base.FIELD" of a KIND table line (STRUCT FIELD)? */
bool member_of_kind(const struct cnode *m, const char *kind);
/* The location of token I of N's extent (negative: from the end; comments skipped). */
struct ir_loc token_loc(const struct cnode *n, int i);
/* Binary N's operator's location. */
struct ir_loc operator_loc(const struct cnode *n);
/* Member access M's "." or "->" (where GCC puts a field access). */
struct ir_loc member_loc(const struct cnode *m);
/* Does A's extent start before B's (file offsets)? */
bool cnode_before(const struct cnode *a, const struct cnode *b);

/* ---- objects (clang-values.c) --------------------------------------------- */

/* A local variable or parameter of the function. */
struct value_var {
	CXCursor decl;
	int parent;			/* union-find: value_class() */
	int param;			/* parameter index, or -1 */
	bool mixed;			/* a parameter, or set from a value nobody accounts for */
};

/*
 * One function's objects: its variables, joined into classes by copies
 * and carriers (flow-insensitive), and its nodes in tree order.  A rule
 * zeroes it, sets FN and its hooks, and calls values_collect() on the body.
 */
struct values {
	CXCursor fn;
	struct value_var *vars;		/* indexed by object (variable) */
	int nvars;
	struct cnode **nodes;		/* every node collected, in tree order */
	int nnodes;
	/* Variable V is set to E (stripped, maybe NULL), not an object: true when the rule accounts for it. */
	bool (*claim)(struct values *vs, int v, struct cnode *e);
	/* Variable V was set to a value neither an object, the rule's, nor NULL. */
	void (*unclaimed)(struct values *vs, int v);
	void *rule;			/* the rule's, for its hooks */
};

/* Walk N (a function body): record its nodes and its assignments. */
void values_collect(struct values *vs, struct cnode *n);
/* The release of what values_collect() allocated (not VS itself). */
void values_free(struct values *vs);
/* The object of variable DECL (an index into vs->vars), created if new. */
int value_var(struct values *vs, CXCursor decl);
/* The class (representative object) of object V. */
int value_class(struct values *vs, int v);
/* Is D a local variable or a parameter (no static or global storage)? */
bool local_var(CXCursor d);
/* The object expression E is (through carriers, &, pfn arithmetic), or -1. */
int obj_of(struct values *vs, struct cnode *e);
/* The object whose FIELD "&X->FIELD" (ARG) names, or -1. */
int field_base(struct values *vs, struct cnode *arg, const char *field);
/* Are objects A and B (both >= 0) in one class? */
bool same_object(struct values *vs, int a, int b);

/* ---- control (clang-values.c) --------------------------------------------- */

/* Is A evaluated before B on every path to B (in the cursor tree)? */
bool dominates(const struct cnode *a, const struct cnode *b);
/* Can control leave statement S at its end (no return, goto, break, continue)? */
bool falls_through(struct cnode *s);

#endif
