/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ir-paths.h - the path engine's engine-neutral representation, and the
 * engine's interface for the rules that run on it (pgmap-ref).
 *
 * A rule that follows a resource from where it is taken to where it must be
 * given back (smatch's check_unwind.c, GCC's analyzer sm-malloc.cc) is a
 * state machine (struct path_sm) the engine (ir-paths.c) runs along every
 * path of a function.  The function is lowered to the small CFG below by
 * each front end:
 *
 *   GCC       GIMPLE in SSA form, right after the "ssa" pass: a block per
 *             basic block in reverse post-order, a statement per assignment,
 *             call, return, condition (core-paths.c);
 *   libclang  the CFG built from the cursors (clang-cfg.c), its elements
 *             lowered as GCC's gimplifier would (clang-paths.c).
 *
 * Everything the engine reads is here: no GCC or clang header.  Plain C
 * that is also C++ (the plugin compiles ir-*.c as C++, the libclang tool
 * as C).
 *
 * The pieces:
 *
 *   location   a variable or a temporary whose value a state follows
 *              (struct path_locinfo): a user variable is one location for
 *              all its SSA versions; a temporary used only in its block is
 *              dropped when the block is left
 *   operand    what a statement reads (struct path_op): a location, a
 *              constant, a tracked pointer read from memory
 *   statement  an assignment (copy, NULL test, negation...), a call, a
 *              return, a condition; each lists the locations it
 *              dereferences (a use of an object held there)
 *   edge       to a block, with its condition's side (true/false) and the
 *              copies made on it (GIMPLE's PHIs)
 *
 * What only a front end can say (where a path leaves the function: the
 * "return" or "goto out" the user wrote; how to report) comes through
 * struct path_front.
 */
#ifndef DEVMAP_LINT_IR_PATHS_H
#define DEVMAP_LINT_IR_PATHS_H

#include <stddef.h>
#include "ir.h"

/* ---- growing arrays (the engine and its libclang front end) -------------- */

/* realloc that stops the compiler on running out of memory, as GCC's
 * xrealloc does (N 0 is one byte).  In ir-paths.c: GCC's plugin headers
 * poison realloc in the files that include them. */
void *ir_xrealloc(void *p, size_t n);

/* IR_GROW(ARR, N, CAP): room in ARR (N elements used, CAP allocated) for
 * element N, doubling CAP (first 8). */
#define IR_GROW(arr, n, cap) do {						\
	if ((n) >= (cap)) {							\
		(cap) = (cap) ? 2 * (cap) : 8;					\
		(arr) = (__typeof__(arr))ir_xrealloc((arr), (cap) * sizeof(*(arr))); \
	}									\
} while (0)

/* ---- the function, lowered ---------------------------------------------- */

enum path_op_kind {
	POP_NONE,		/* no operand */
	POP_LOC,		/* location LOC */
	POP_NULL,		/* a null pointer constant */
	POP_INT,		/* an integer constant: NONZERO or not */
	POP_MEM,		/* a pointer of the tracked type read from memory */
	POP_OTHER		/* anything else: nothing the engine follows */
};

struct path_op {
	enum path_op_kind kind;
	int loc;		/* POP_LOC: the location */
	bool nonzero;		/* POP_INT */
	bool zero;		/* an integer or pointer constant 0 */
	bool pointer;		/* of a pointer type */
	bool integral;		/* of an integral type */
	/*
	 * POP_MEM: "*P" with P location BASE (maybe a caller's slot, see
	 * path_parm), else -1; FOREIGN: a field of the rule's foreign kind
	 * (path_sm.foreign_field: page->pgmap, a page's, not the caller's).
	 */
	int base;
	bool foreign;
	/* ADDR: an argument "&VAR" of a local VAR of the tracked pointer
	 * type; VAR's location (-1 if it is not one) and name (NULL: none). */
	bool addr;
	int addr_loc;
	const char *addr_name;
};

/* Where a statement stores: location LOC, or memory ("*P": P location BASE, or -1). */
struct path_dest {
	bool present;		/* false: a call whose result is not kept */
	int loc;
	int base;
};

enum path_stmt_kind {
	PST_ASSIGN,		/* DEST = RHS */
	PST_CALL,		/* [DEST =] CALLEE(ARGS) */
	PST_RETURN,		/* return A */
	PST_COND,		/* the block's branch on "A CMP B" (its edges say which side) */
	PST_CLOBBER,		/* DEST's variable goes out of scope */
	PST_OTHER		/* anything else (asm, a switch): its dereferences only */
};

enum path_rhs {
	PRHS_COPY,		/* A (a conversion too; NARROWING: to fewer bits) */
	PRHS_CMP,		/* A CMP B */
	PRHS_FIELDADDR,		/* &P->field, P location A.loc (A.kind POP_LOC) or none */
	PRHS_NOT,		/* !A, or ~A on a 1-bit value */
	PRHS_XOR1,		/* A ^ 1 (ONE_BIT: A is a 1-bit value) */
	PRHS_AND,		/* A & B, A && B on 1-bit values */
	PRHS_OR,		/* A | B, A || B on 1-bit values */
	PRHS_PTRPLUS,		/* A + offset, A a pointer */
	PRHS_OTHER		/* anything else: unknown */
};

enum path_cmp { PCMP_EQ, PCMP_NE, PCMP_OTHER };

struct path_stmt {
	enum path_stmt_kind kind;
	struct ir_loc loc;	/* where the user wrote it (a macro's expansion point) */
	/* Locations whose pointer the statement dereferences, in order. */
	const int *derefs;
	unsigned nderefs;
	struct path_dest dest;	/* PST_ASSIGN, PST_CALL, PST_CLOBBER */
	enum path_rhs rhs;	/* PST_ASSIGN */
	enum path_cmp cmp;	/* PST_ASSIGN (PRHS_CMP), PST_COND */
	struct path_op a, b;	/* operands: PST_ASSIGN, PST_COND, PST_RETURN (A) */
	bool narrowing, one_bit;	/* PST_ASSIGN */
	/* PST_CALL: */
	const char *callee;	/* a direct call's function, else NULL */
	bool expect;		/* __builtin_expect(): likely(), unlikely() */
	bool builtin;		/* a compiler builtin or internal function */
	const struct path_op *args;
	unsigned nargs;
	const char *lhs_name;	/* the variable the result goes to, or NULL */
	/* An indirect call: the locations the callee pointer was loaded
	 * through, nearest first (pgmap->ops->memory_failure: pgmap->ops,
	 * then pgmap).  The object held in the first that holds one is the
	 * one the call is a method of. */
	const int *method_bases;
	unsigned nmethod_bases;
};

/* A copy made on an edge (a PHI): DEST = A, reported at LOC. */
struct path_copy {
	int dest;
	struct path_op a;
	struct ir_loc loc;
};

struct path_edge {
	int src;		/* a block, or -1: the function's entry */
	int dest;		/* a block, or -1: the function's exit */
	bool on_true, on_false;	/* the side of the source block's condition */
	bool explicit_jump;	/* a goto, return, break, continue the user wrote */
	const struct path_copy *copies;
	unsigned ncopies;
};

struct path_block {
	unsigned first, n;		/* its statements: path_fn.stmts[FIRST .. FIRST + N) */
	const int *succs;		/* indexes into path_fn.edges */
	unsigned nsuccs;
	int cond;			/* its last statement, a PST_COND; else -1 */
	bool returns;			/* its last statement is a PST_RETURN */
};

/* What a state follows in location N. */
struct path_locinfo {
	bool holder;		/* a variable: a copy of an object it holds counts */
	bool tracked;		/* of the tracked pointer type: NULL and the rule's tags kept */
	int block;		/* a temporary used only in this block (dropped on leaving it), or -1 */
};

struct path_parm {
	const char *name;	/* NULL: unnamed */
	bool tracked;		/* of the tracked pointer type: the caller's object */
	int loc;		/* its location, or -1 (its address is taken) */
	/* A pointer to a tracked pointer (struct dev_pagemap **out) of a
	 * static function: the location of the caller's slot *OUT, else -1. */
	int slot_loc;
};

/*
 * One function.  Blocks in reverse post-order, block 0 entered from the
 * function's entry: the first NREACH are reachable from there, the others
 * (dead code) are only scanned.  A block's statements are contiguous.
 */
struct path_fn {
	const char *name, *file;
	bool is_static;		/* not visible outside the file: may get a summary */
	bool returns_tracked;	/* returns a pointer of the tracked type */
	bool returns_void;
	const struct path_parm *parms;
	unsigned nparms;
	const struct path_locinfo *locs;
	unsigned nlocs;
	const struct path_stmt *stmts;
	unsigned nstmts;
	const struct path_block *blocks;
	unsigned nblocks, nreach;
	/* Every statement in the front end's order (unreachable ones too):
	 * objects are numbered in this order. */
	const int *scan;
	unsigned nscan;
	const struct path_edge *edges;
	unsigned nedges;
	int entry_edge;		/* the edge into block 0 (its copies, its flags) */
	void *front_data;	/* the front end's, for path_front */
};

/* ---- the front end's part ------------------------------------------------ */

struct path_front {
	/*
	 * Where a path that entered the function's tail by edge VIA (-1: none)
	 * leaves it at return statement RET: the "return" or "goto out" the
	 * user wrote (GCC merges returns: see core-paths.c).
	 */
	struct ir_loc (*exit_location)(const struct path_fn *fn, int via, int ret);
	/* Report F of RULE; true if it was reported (its notes follow it then). */
	bool (*report)(const char *rule, const struct ir_finding *f);
};

/* ---- the engine (ir-paths.c) --------------------------------------------- */

/*
 * Each object followed is in one of these named states: the calls the rule
 * says acquire (one object per call site: a loop's second execution
 * replaces the first) and the parameters of the tracked pointer type (the
 * caller's: we may release them, never have to).
 */
enum path_status {
	PS_NONE,		/* not taken on this path */
	PS_UNCHECKED,		/* taken, not yet tested against NULL */
	PS_NONNULL,		/* taken and not NULL */
	PS_NULL,		/* the acquire returned NULL: nothing to give back */
	PS_RELEASED,		/* given back (the release site is recorded) */
	PS_GONE			/* escaped (returned, stored, passed), or no longer followed */
};
/* The states an acquired object must not reach a return in (a leak). */
static inline bool path_held_p(enum path_status st)
{
	return st == PS_UNCHECKED || st == PS_NONNULL;
}

/*
 * What a location holds, PATH_VAL(kind, arg).  0 is "unknown".
 * PV_TAG1/PV_TAG2 are the rule's own facts about a pointer of the tracked
 * type that is no object of ours (pgmap-ref: the caller's pgmap, a page's
 * pgmap); like PV_NULL they are kept only in locations of the tracked type.
 */
enum path_value_kind {
	PV_UNKNOWN,
	PV_NULL,		/* a NULL pointer of the tracked type */
	PV_TAG1,		/* rule-defined, ARG is the rule's */
	PV_TAG2,		/* rule-defined, ARG is the rule's */
	PV_OBJ,			/* object ARG */
	PV_TEST,		/* a NULL test of object ARG/2: true means non-NULL iff ARG&1 */
	PV_TRUE,		/* a test known to be true ... */
	PV_FALSE,		/* ... or false */
	PV_FIELDADDR,		/* the address of a field of object ARG (&pgmap->ref) */
	PV_SLOT,		/* parameter ARG, a pointer to the caller's tracked pointer
				   (struct dev_pagemap **out): the address of its slot */
	PV_INIT			/* what the caller's slot of parameter ARG held on entry */
};
#define PATH_VAL(kind, arg)	((int)(kind) | ((arg) << 4))
#define PATH_VAL_KIND(v)	((enum path_value_kind)((v) & 15))
#define PATH_VAL_ARG(v)		((v) >> 4)

/*
 * A state: per object, status | site << 4; then (location, value) pairs
 * sorted by location; two states are equal exactly when their vectors are.
 */
struct pstate {
	int *v;
	unsigned n, cap;
};

/*
 * What a diagnostic is about.  The engine finds the generic ones; a rule
 * adds its own from PD_RULE on (they sort, at one location, between
 * PD_NULL_USE and PD_USE_AFTER_RELEASE).
 */
enum path_diag_kind {
	PD_LEAK,		/* reaches a return still held */
	PD_OVERWRITE,		/* the only copy is overwritten */
	PD_LOOP_OVERWRITE,	/* the acquire overwrites its own earlier object */
	PD_IGNORED,		/* the acquire's result is not used at all */
	PD_UNCHECKED,		/* dereferenced before a NULL test */
	PD_UNCHECKED_PASS,	/* passed to a borrowing function before a NULL test */
	PD_NULL_USE,		/* used where it is NULL */
	PD_RULE = 7,		/* the rule's kinds: PD_RULE + 0 .. 8 */
	PD_USE_AFTER_RELEASE = 16,
	PD_DOUBLE_RELEASE
};

struct path_diag {
	int kind;		/* enum path_diag_kind, or PD_RULE + n */
	struct ir_loc loc;
	int obj;		/* the object, -1 if none */
	int at;			/* the statement reported, -1 if none (an edge's copy) */
	int other;		/* the release, or the rule's related statement; -1 if none */
};

struct path_object {
	int acq;		/* the acquiring call (a statement), or -1 for a parameter */
	int parm;		/* the parameter, for a caller's object; else -1 */
	/*
	 * An object a static helper hands to this function (see "Helper
	 * summaries" below): the helper's parameter it comes back through
	 * (-1: its return value) and that parameter's name, the local
	 * variable whose address was passed for it (its name, NULL if none),
	 * and where the helper stored or returned it.  For the rule's own
	 * acquires: -1, NULL, no variable, line 0.
	 */
	int chan;
	const char *chan_name;
	bool has_var;
	const char *var;
	int var_loc;		/* VAR's location, or -1 */
	struct ir_loc handoff;
};

struct path_ctx;

/* How a call is handled by the rule (path_sm.call). */
enum path_call { PC_DEFAULT, PC_SET_LHS, PC_DONE };

/*
 * A rule's declaration: its state machine's transitions and messages.
 */
struct path_sm {
	const char *rule;	/* its name, for the [devmap-lint:RULE] tag */
	const char *stats_env;	/* env variable that turns on a stats line per function */
	const char *stats_tag;	/* the line's first word */
	/* Bounds, past which the function is skipped: objects followed, states
	 * at the entry of one block, state x block transfers. */
	int max_objects;
	unsigned max_states, max_work;
	/* Pointers to this struct get NULL facts and the rule's tags ("dev_pagemap"). */
	const char *tracked_struct;
	/* A table kind of fields ("STRUCT FIELD") whose pointer is not the caller's, or NULL. */
	const char *foreign_field;
	/* Does call STMT acquire an object (one per call site)? */
	bool (*acquires)(const struct path_stmt *stmt);
	/*
	 * What call STMT does.  PC_DEFAULT: not the rule's (any argument that
	 * is an object escapes, except to the object's own method; a field
	 * address passed is a use).  PC_SET_LHS: handled, the engine stores
	 * *LHS_VAL into the call's result.  PC_DONE: handled, result included.
	 */
	enum path_call (*call)(struct path_ctx *c, struct pstate *s, int stmt, int *lhs_val);
	/* The value of OP (POP_MEM), a tracked pointer read from memory at STMT. */
	int (*load)(struct path_ctx *c, const struct path_op *op, int stmt);
	/* The finding for D (false: none), its message and notes; the engine adds its own notes. */
	bool (*report)(struct path_ctx *c, const struct path_diag *d, struct ir_finding *out);
	/* Object O's name for messages. */
	const char *(*object_name)(struct path_ctx *c, int o);
};

/*
 * Walk FN under SM and report its diagnostics through FRONT.  Cheap exits
 * are the caller's.  Also records FN's summary when it is a static helper
 * that hands its caller an object (below).
 */
void path_run(const struct path_sm *sm, const struct path_fn *fn, const struct path_front *front);

/*
 * Helper summaries.  When path_run() walks a static function that returns
 * a tracked pointer or takes a pointer to one (struct dev_pagemap **out),
 * it records, once, what its exits hand to the caller: an object it
 * acquired and still holds, returned or stored through the parameter
 * (*out = pgmap), on every exit that does not hand back NULL or leave *out
 * as it was; whether it may be NULL; how the return value tells (0 when
 * stored and nonzero otherwise, or the reverse; a helper that stores on
 * some exits only, returns a value and has no such rule gets no summary of
 * *out); whether the helper reads *out first (a cached reference it
 * consumes).  At a call of such a helper in a later function (the front
 * end runs callees first) each channel is an object acquired at the call:
 * returned into the call's result, or stored into the variable whose
 * address was passed (&pgmap: that local is then followed like any other),
 * or into the caller's own parameter of that kind (the summary chains).
 * Helpers reached only through a call cycle get no summary.  Summaries are
 * keyed by the helper's name (a static function's name is unique in its
 * file).  The rule must count such calls in its cheap exit.
 */
bool path_summarised(const struct path_sm *sm, const char *callee);
/* Does the summary of CALLEE hand an object through channel CH (0: the return value, 1 + I: parameter I)? */
bool path_summary_acquires(const struct path_sm *sm, const char *callee, int ch);

/* For the rule's transitions (path_sm.call) and messages: */
const struct path_fn *path_fn_of(struct path_ctx *c);
const struct path_stmt *path_stmt_of(struct path_ctx *c, int stmt);	/* NULL for -1 */
/* Object O: its acquiring call, or the parameter it came in by. */
const struct path_object *path_object_of(struct path_ctx *c, int o);
/* O's state in S; where it was released (a site); set both. */
enum path_status path_status_of(const struct pstate *s, int o);
int path_release_site(const struct pstate *s, int o);
void path_set(struct pstate *s, int o, enum path_status st, int site);
/* A statement as a number a state can hold (1-based), and back (-1: none). */
int path_site(struct path_ctx *c, int stmt);
int path_site_stmt(struct path_ctx *c, int site);
/* The value (PATH_VAL) of operand OP in S, read by statement STMT. */
int path_eval(struct path_ctx *c, const struct pstate *s, const struct path_op *op, int stmt);
/* STMT (an acquiring call) takes its object anew; CONSUMED: the object it took over, or -1. */
void path_acquire(struct path_ctx *c, struct pstate *s, int stmt, int consumed);
/* STMT releases the value V (an object, or nothing followed). */
void path_release(struct path_ctx *c, struct pstate *s, int stmt, int v);
/* STMT uses object O: dereferences it, or passes it to a borrower (PASS). */
void path_use(struct path_ctx *c, struct pstate *s, int o, int stmt, bool pass, bool null_ok);
/*
 * Queue diagnostic KIND (PD_*, or PD_RULE + n) at LOC about object O (-1:
 * none); AT is the statement, OTHER a related one for the notes (the
 * release, the rule's).  The same KIND, LOC and O again is dropped.
 */
void path_report(struct path_ctx *c, int kind, int at, struct ir_loc loc, int o, int other);
/* Object O if V is (a field address of) an object, else -1. */
int path_object_of_value(int v);
/* Argument I of call STMT (a POP_NONE operand if it has fewer: the 1-arg get). */
const struct path_op *path_call_arg(struct path_ctx *c, int stmt, int i);

/* ---- the API table, for rules written once ------------------------------- */

/* A line of rules/devmap-api.tbl as each engine reads it: "KIND NAME COL...". */
struct ir_api {
	const char *name;
	const char *col[4];
	int ncols;
};
/* The line of KIND for NAME: true and *OUT filled, or false (each engine's core). */
bool ir_api_find(const char *kind, const char *name, struct ir_api *out);

/* ---- pgmap-ref (ir-pgmap-ref.c) ------------------------------------------ */

#define PGMAP_REF_RULE "pgmap-ref"
/* Its state machine, for each front end to run on its functions. */
extern const struct path_sm pgmap_ref_sm;

#endif
