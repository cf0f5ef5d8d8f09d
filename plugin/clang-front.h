/* SPDX-License-Identifier: GPL-2.0 */
/*
 * clang-front.h - devmap-lint's libclang front end (build/devmap-lint-clang).
 *
 * libclang parses one file with the compiler's flags; the front end builds
 * from its cursors what the engine-neutral representation (ir.h) needs,
 * runs the rules' judgement (ir-*.c, the same code the GCC plugin runs) and
 * prints GCC-style diagnostics:
 *
 *	file:line:col: warning: MESSAGE [devmap-lint:RULE]
 *
 * libclang's C API has no CFG and no statement-level data flow: the front
 * end builds only what a rule needs, from the cursors (clang-pgmap-type.c
 * says what, for pgmap-type).  Plain C, libclang's C API only.
 */
#ifndef DEVMAP_LINT_CLANG_FRONT_H
#define DEVMAP_LINT_CLANG_FRONT_H

#include <clang-c/Index.h>
#include "ir.h"

/*
 * A cursor and its children: libclang only visits downwards, the lowering
 * also looks up (is this expression an if's condition? what follows this
 * statement?).
 */
struct cnode {
	CXCursor c;
	enum CXCursorKind kind;
	struct cnode *parent;
	struct cnode **kids;
	unsigned nkids;
	unsigned index;			/* among the parent's kids */
};

/* The tree under ROOT (ROOT included), and its release. */
struct cnode *cnode_build(CXCursor root);
void cnode_free(struct cnode *n);
/* N past parentheses and implicit or explicit casts. */
struct cnode *cnode_strip(struct cnode *n);
/* N's parent past parentheses and casts (NULL at the top). */
struct cnode *cnode_parent(struct cnode *n);

/*
 * Locations as GCC reports them: a token spelled in a macro argument is at
 * its spelling, one from a macro body at the expansion point
 * (clang_getFileLocation); columns are display columns (tabs to 8).
 */
struct ir_loc clang_loc(CXSourceLocation l);
struct ir_loc cnode_loc(const struct cnode *n);		/* the cursor's location */
struct ir_loc cnode_expansion(const struct cnode *n);	/* ... at its macro's expansion point */
struct ir_loc cnode_start(const struct cnode *n);	/* its first token */
/* Is A before B (same file)? */
bool ir_loc_before(struct ir_loc a, struct ir_loc b);
/* Line LINE of FILE (without its newline), or NULL; the file is read once. */
const char *source_line(const char *file, int line, unsigned *len);
/* Display column (tabs to 8) of byte column BYTE (1-based) on that line, and back. */
int display_column(const char *file, int line, int byte);
int byte_column(const char *file, int line, int col);
/*
 * The tokens of N's extent (their spelling: a macro argument's in the file),
 * COUNT of them; free with free_tokens.  No tokens when the extent spans a
 * macro's body and its arguments.
 */
char **cnode_tokens(const struct cnode *n, unsigned *count);
void free_tokens(char **tokens, unsigned count);
/* N as written, tokens joined ("pgmap->type", "page_pgmap(page)->type", "f(a, b)").  Malloc'ed. */
char *cnode_pretty(const struct cnode *n);

/* Print F as GCC does: "file:line:col: warning: MESSAGE [devmap-lint:RULE]", fix-its if asked. */
void clang_report(const char *rule, const struct ir_finding *f);

/* ---- the graph of tests (clang-tests.c) ---------------------------------- */

/* Operators, read from tokens (libclang 14 has no operator kind). */
bool is_op(const struct cnode *n, const char *op);	/* binary N is "A OP B" */
char *unary_op(const struct cnode *n);			/* "!", "&", "++"...: malloc'ed or NULL */
/* E's value as an integer constant expression. */
bool constant_of(struct cnode *e, long long *v);
/* The comparison SPELLED ("==", "!=", "<", "<=", ">", ">="), or -1 for any
 * other text or NULL (clang-values.c). */
int cmp_op_of(const char *spelled);
/* OP with its operands swapped: "C < v" is "v > C". */
enum ir_cmp_op cmp_op_mirrored(enum ir_cmp_op op);

enum tkind {
	T_CMP,		/* a comparison of a tested value with a constant */
	T_OPAQUE,	/* any other operand of a condition: a branch on something else */
	T_STMT,		/* a statement reached (a destination) */
	T_TRUTH,	/* a truth value of a condition computed as a value */
	T_END		/* the end of a function or a loop's body: "another branch" */
};

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

/* Is E a tested value?  Its spelling (malloc'ed) and its enum's declaration. */
typedef bool (*tested_fn)(void *data, struct cnode *e, char **spelling, CXCursor *type_decl);

struct test_graph {
	struct tnode *nodes;
	int nnodes;
	tested_fn tested;
	void *data;
	const struct cnode **if_stmt;	/* the if statements whose condition is built, ... */
	int *if_entry;			/* ... and their entry node */
	int nifs;
};

/* The graph of every condition of function BODY; free with tests_free. */
void tests_build(struct test_graph *g, struct cnode *body, tested_fn tested, void *data);
void tests_free(struct test_graph *g);
/* The entry of the region of comparison N (N itself if it starts one). */
int tests_region(struct test_graph *g, int n);
bool tests_in_region(struct test_graph *g, int n, int region);
/* Does comparison N hold when its value is V? */
bool tests_holds(const struct tnode *n, long long v);

/* pgmap-type on one function body (clang-pgmap-type.c). */
void pgmap_type_function(struct cnode *body);

/*
 * refcount-one (clang-refcount-one.c) on each function, once the API table
 * is read (api_table_load(), clang-core.h).
 */
extern int refcount_one_version;	/* LINUX_VERSION_CODE, or -1 */
void refcount_one_function(CXCursor def);

/*
 * pgmap-ref (ir-pgmap-ref.c on the path engine) on every function of TU's
 * main file, callees first, lowered from their CFG (clang-paths.c).
 */
void pgmap_ref_unit(CXTranslationUnit tu);

#endif
