/* SPDX-License-Identifier: GPL-2.0 */
/*
 * clang-cfg.h - the control-flow graph of a function body, built from
 * libclang's cursors (libclang's C API has none).  Modelled on clang's own
 * CFG (clang/Analysis/CFG.h); plugin/clang-cfg.c says what is covered and
 * how the dump (devmap-lint-clang --dump-cfg) reads.
 *
 * Each block holds, in evaluation order, the cursors evaluated there
 * (ELEMENTS: each evaluated sub-expression post-order, the full expression
 * last, a local variable after its initializer), then maybe a TERMINATOR
 * (the statement or operator that branches or jumps; a branch's condition is
 * the block's last element) and its SUCCESSORS.  Parentheses and implicit
 * casts are never elements: the expression inside them is.
 */
#ifndef DEVMAP_LINT_CLANG_CFG_H
#define DEVMAP_LINT_CLANG_CFG_H

#include <stdio.h>
#include "clang-front.h"

enum cfg_edge {
	CFG_NEXT,	/* unconditional: fall-through, loop back edge, goto, break, return */
	CFG_TRUE,	/* 2-way branch: always succs[0] */
	CFG_FALSE,	/* ... always succs[1] */
	CFG_CASE,	/* switch: "case lo" or the GNU range "case lo ... hi" */
	CFG_DEFAULT,	/* switch: its default label, or the implicit one (label NULL); always last */
	CFG_ASM,	/* asm goto: to one of its labels (succs[0] is the fall-through) */
	CFG_NORETURN	/* from a call that does not return, to the exit */
};

struct cfg_succ {
	int block;
	enum cfg_edge kind;
	bool dead;		/* a constant condition never takes it (do { } while (0)'s true edge) */
	long long lo, hi;	/* CFG_CASE: the value, or the range lo ... hi */
	struct cnode *label;	/* CFG_CASE, CFG_DEFAULT: the CaseStmt/DefaultStmt; a goto's or asm goto's LabelStmt */
};

enum cfg_term {
	CFG_T_NONE,
	CFG_T_IF, CFG_T_WHILE, CFG_T_DO, CFG_T_FOR,	/* 2 successors: true, false */
	CFG_T_AND, CFG_T_OR,				/* a && b, a || b: on a's value */
	CFG_T_COND,					/* c ? a : b: on c */
	CFG_T_BINCOND,					/* GNU a ?: b: on a */
	CFG_T_SWITCH,		/* one successor per case, then the default (explicit or implicit) */
	CFG_T_GOTO, CFG_T_BREAK, CFG_T_CONTINUE,	/* 1 successor */
	CFG_T_RETURN,		/* 1 successor: the exit */
	CFG_T_INDIRECT_GOTO,	/* goto *p: every address-taken label (the exit when none) */
	CFG_T_ASM_GOTO		/* asm goto: fall-through, then each label it may jump to */
};

struct cfg_block {
	struct cnode **elems;
	int nelems;
	enum cfg_term tkind;
	struct cnode *term;	/* the terminator's cursor (the goto, the return, the &&...): report locations */
	struct cfg_succ *succs;
	int nsuccs;
	struct cnode **labels;	/* LabelStmt, CaseStmt, DefaultStmt that start the block */
	int nlabels;
	struct cnode *noreturn;	/* the call that does not return and ends the block (succ: the exit) */
	int *preds;		/* every block with an edge here, dead edges included; ascending */
	int npreds;
	bool reachable;		/* from the entry, by edges that are not dead */
	bool exits;		/* reaches the exit by edges that are not dead */
};

struct cfg {
	struct cnode *fn;	/* the FunctionDecl */
	struct cnode *body;	/* its CompoundStmt */
	struct cfg_block *blocks;
	int nblocks;
	int entry, exit;	/* entry 0, exit nblocks - 1 */
	int guessed_fors;	/* for statements of a macro body whose clauses were guessed */
};

/* N past parentheses and implicit casts: the expression that is an element. */
struct cnode *cfg_unwrap(struct cnode *n);

/* The CFG of function definition FN (a cnode tree from cnode_build); false when FN has no body. */
bool cfg_build(struct cfg *g, struct cnode *fn);
void cfg_free(struct cfg *g);
/* G in the dump format (clang-cfg.c's header comment). */
void cfg_dump(FILE *out, const struct cfg *g);
/*
 * G's invariants (every element once, successor counts, conditions last,
 * labels once, the entry without predecessors...): the number of violations,
 * each printed to OUT.
 */
int cfg_check(FILE *out, const struct cfg *g);

/* devmap-lint-clang --dump-cfg / --check-cfg on every function of TU's main file
 * (only the function ONLY when not NULL).  Exit status: 0, or 1 when an invariant fails. */
enum cfg_mode { CFG_MODE_NONE, CFG_MODE_DUMP, CFG_MODE_CHECK };
int cfg_run(CXTranslationUnit tu, enum cfg_mode mode, const char *only);

#endif
