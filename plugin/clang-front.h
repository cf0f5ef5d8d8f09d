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

/* pgmap-type on one function body (clang-pgmap-type.c). */
void pgmap_type_function(struct cnode *body);

#endif
