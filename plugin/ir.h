/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ir.h - the engine-neutral representation the rules' judgement reads.
 *
 * devmap-lint has two front ends: the GCC plugin (GIMPLE, build/devmap_lint.so)
 * and the libclang tool (cursors, build/devmap-lint-clang).  Each lowers
 * what it sees to the small structures below; the judgement - which
 * memory types a test names, lumps together or misses, the message, the
 * fix-it - is written once, in ir-*.c, and hands back an ir_finding that
 * each engine reports its own way (warning_at() with a rich_location in
 * GCC, a GCC-style line from libclang).
 *
 * Plain C that is also C++: the plugin compiles ir-*.c as C++ with the rest
 * of plugin/, the libclang tool as C.  No GCC or clang header here.
 *
 * pgmap-type reasons over three things, all of one translation unit:
 *
 *   the enum        the TU's own enum memory_type (enum dev_memory_type in
 *                   older kernels): its enumerators in declaration order,
 *                   never a list built into the tool                ir_enum
 *   a switch        on one tested value: its case labels as written (GCC
 *                   drops some before the pass), its default, where fix-its
 *                   go                                            ir_switch
 *   a split         a condition, an if/else-if ladder or a chain of == / !=
 *                   tests joined by && and || on one tested value: for each
 *                   enumerator, which outcome (a branch, or a truth value)
 *                   the test sends it to                           ir_split
 *
 * How a front end gets there:
 *   - GCC: switch labels from the front end (core-switch.c), the index and
 *     each condition evaluated per enumerator on GIMPLE (core-expr.c's
 *     expr_evaluate), regions of CFG blocks for ladders and chains (GCC folds
 *     "t != A && t != B" into one range test at -O2, so chains are only seen
 *     through evaluation).  rule-pgmap-type.c.
 *   - libclang: no CFG; each condition becomes a graph of comparisons
 *     (ir_cmp_op) joined by its && || ! short-circuit edges, ifs' edges go
 *     to their branches or what follows, and GCC's regions are formed over
 *     it (a ladder: else-if, or ifs whose branch cannot fall through);
 *     each region is run per enumerator.  clang-*.c.
 * A tested value is named by its spelling ("pgmap->type", "t"), as the user
 * wrote it; a location is a file, line and display column (tabs to 8, as
 * GCC prints them) plus the engine's own handle.
 */
#ifndef DEVMAP_LINT_IR_H
#define DEVMAP_LINT_IR_H

#include <stdbool.h>

/* A position in the user's source. */
struct ir_loc {
	const char *file;		/* NULL: unknown */
	int line, column;		/* 1-based; column in display columns */
	unsigned long long handle;	/* the engine's own (GCC: a location_t); opaque here */
};

struct ir_enumerator {
	const char *name;
	long long value;
};

/* The translation unit's enum memory_type, in declaration order. */
struct ir_enum {
	const struct ir_enumerator *items;
	unsigned n;
};

/* A case label as written: "case A:" (low == high) or "case A ... B:". */
struct ir_case {
	long long low, high;
};

/* A switch whose index is computed from one tested value. */
struct ir_switch {
	struct ir_loc loc;		/* the switch keyword: where to report */
	const char *value;		/* the index as spelled: "pgmap->type" */
	const struct ir_enum *type;
	/* index[i]: the switch's index when the tested value is enumerator i
	 * (the front end gave up on the switch if it could not compute one). */
	const long long *index;
	const struct ir_case *cases;
	unsigned ncases;
	bool has_default;
	/*
	 * Where fix-its insert whole lines: column 1 of the line of 'default:'
	 * (or of the first label when there is none), and the blanks before
	 * that label.  fixit_at.line == 0: no fix-it (a label from a macro, or
	 * not first on its line).
	 */
	struct ir_loc fixit_at;
	const char *indent;
};

/* Where a split sends an enumerator. */
struct ir_outcome {
	bool is_truth;			/* a truth value ("bool b = A || B") ... */
	bool truth;			/* ... and which */
	/* A branch: its first line (0: unknown, "another branch"), and whether
	 * it is entered by the tests' true and/or false edges. */
	int line;
	bool via_true, via_false;
};

/* A test of one value that splits the enumerators between outcomes. */
struct ir_split {
	struct ir_loc loc;		/* the test's first token: where to report */
	const char *value;		/* the tested value as spelled */
	const struct ir_enum *type;
	const struct ir_outcome *outcomes;
	unsigned noutcomes;
	const int *outcome_of;		/* per enumerator: an index into outcomes */
};

/* ---- the judgement's answer ------------------------------------------- */

/*
 * Quoted parts of a message ('pgmap->type', 'default') are between these
 * two bytes; ir_render() turns them into the engine's quotes (GCC's
 * open_quote/close_quote: ' or a typographic quote, by locale).
 */
#define IR_OPEN_QUOTE	"\001"
#define IR_CLOSE_QUOTE	"\002"

/* Insert TEXT (whole lines) before AT. */
struct ir_fixit {
	struct ir_loc at;
	char *text;
};

/* A note that follows a finding: where, and what (quote markers as in a message). */
struct ir_note {
	struct ir_loc at;
	char *message;			/* malloc'ed */
};

struct ir_finding {
	struct ir_loc loc;
	char *message;			/* without the [devmap-lint:RULE] tag; malloc'ed */
	struct ir_fixit *fixits;	/* malloc'ed, nfixits of them */
	unsigned nfixits;
	struct ir_note *notes;		/* malloc'ed, nnotes of them, in order */
	unsigned nnotes;
};

/* A finding's text: printf FMT, malloc'ed (quote markers as above; ir-paths.c). */
char *ir_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Append a note at AT with MESSAGE (malloc'ed, taken over) to F (ir-paths.c). */
void ir_add_note(struct ir_finding *f, struct ir_loc at, char *message);

/* MESSAGE with the quote markers replaced by OPEN and CLOSE.  Malloc'ed. */
char *ir_render(const char *message, const char *open, const char *close);
void ir_finding_free(struct ir_finding *f);

/* ---- pgmap-type (ir-pgmap-type.c) ------------------------------------- */

#define PGMAP_TYPE_RULE "pgmap-type"
/* The enum a memory type has: enum memory_type (include/linux/memremap.h). */
#define PGMAP_TYPE_ENUM "memory_type"

/*
 * A switch that gives some memory types no case of their own: true and *OUT
 * filled (the warning, and fix-its that add "case X:" labels with the
 * behaviour unchanged); false if every type has a case.
 */
bool pgmap_type_judge_switch(const struct ir_switch *sw, struct ir_finding *out);
/*
 * A split that singles out two or more memory types ("t != A && t != B",
 * "t == A || t == B", a ladder): true and *OUT filled; false for a
 * single-type predicate or a test that splits nothing.
 */
bool pgmap_type_judge_split(const struct ir_split *split, struct ir_finding *out);

/* ---- source-level comparisons (for front ends without GCC's folding) --- */

/*
 * A comparison of a tested value with a constant as written, "value OP
 * constant" (a front end puts the operands in that order).  GCC folds
 * chains of them before the plugin sees them; the libclang front end
 * reads them from the cursors and joins them with the short-circuit edges
 * of && || ! (clang-tests.c).
 */
enum ir_cmp_op { IR_EQ, IR_NE, IR_LT, IR_LE, IR_GT, IR_GE };

/* Does "V OP CONSTANT" hold? */
bool ir_cmp_holds(enum ir_cmp_op op, long long v, long long constant);
/* The operator of "!(V OP CONSTANT)": == and !=, < and >=, <= and > swapped. */
enum ir_cmp_op ir_cmp_negated(enum ir_cmp_op op);

/* ---- ZONE_DEVICE proofs (ir-zone-device.c) ----------------------------- */

/*
 * Why a page is (or is not) ZONE_DEVICE at a point: each engine proves it
 * its own way (GCC: core-zone-device.c on the value graph and dominators;
 * libclang: clang-refcount-one.c on the cursors) and hands the proof here
 * for the note that explains it.
 */
enum ir_zd_why {
	IR_ZD_NOT_PROVEN,
	IR_ZD_SOURCE,		/* a zd-source call produced it */
	IR_ZD_PREDICATE,	/* a zd-predicate's true edge dominates the point */
	IR_ZD_PGMAP_USE,	/* its pgmap field (or accessor) is used before */
	IR_ZD_NEGATED		/* is_zone_device_page()'s false edge: not ZONE_DEVICE */
};

struct ir_zd_proof {
	enum ir_zd_why why;
	struct ir_loc at;		/* the source call, predicate call or pgmap use */
	const char *what;		/* the source's or predicate's name */
	const char *arg;		/* IR_ZD_PREDICATE: its argument as spelled ("page") */
	bool pfn;			/* IR_ZD_SOURCE: the source returns pfns, not pages */
};

/* Is P a proof that the page is ZONE_DEVICE (source, predicate, pgmap use)? */
bool ir_zd_proven(const struct ir_zd_proof *p);
/* The note that explains P (a proven one); false for the others. */
bool ir_zd_note(const struct ir_zd_proof *p, struct ir_note *out);

/* ---- refcount-one (ir-refcount-one.c) ---------------------------------- */

#define REFCOUNT_ONE_RULE "refcount-one"

enum ir_rc_kind {
	IR_RC_COMPARE,		/* a refcount read compared with 1 */
	IR_RC_WAIT,		/* ... as the condition of a wait on that refcount */
	IR_RC_RESET		/* the refcount set to 1 after the page was freed */
};

/*
 * A site refcount-one reports, as an engine found it.  Unused locations
 * have line 0.
 */
struct ir_rc_site {
	enum ir_rc_kind kind;
	struct ir_loc loc;		/* where to report */
	const char *api;		/* the reader (compare, wait) or setter (reset) */
	/*
	 * Compare and wait: the test, "count OP constant" with the count on
	 * the left, as the compiler reads it (GCC's front end folds "!(c == 1)"
	 * into "c != 1" and "c >= 2" into "c > 1"; the libclang front end
	 * folds "!" the same way).  It picks the test with 0 that the message
	 * suggests.
	 */
	enum ir_cmp_op op;
	/* The kernel compiled for: LINUX_VERSION_CODE (KERNEL_VERSION(a, b, c)), or -1. */
	int version;
	struct ir_loc read;		/* the read, when not on the reported line: a note */
	const char *helper;		/* a helper's call: the helper with the comparison ... */
	struct ir_loc helper_at;	/* ... and where it is in there */
	struct ir_loc freed;		/* IR_RC_RESET: the free event */
	struct ir_zd_proof proof;	/* why the page is ZONE_DEVICE */
	bool explain;			/* add the proof's note */
};

/*
 * Is "count OP CONSTANT" (count on the left) a test against refcount 1?  It
 * is when it separates 1 from 2 (> 1, >= 2, < 2, <= 1) or singles 1 out
 * (== 1, != 1); < 1 and >= 1 separate 0 from 1, a free test right under
 * both conventions.
 */
bool refcount_one_tests_one(enum ir_cmp_op op, long long constant);
/*
 * The finding for S: its version-aware message (the leading clause never
 * changes; what follows says what the test means on that version and the
 * fix that version has) and its notes (the read, the helper's comparison,
 * the free, the proof, in that order).  False when S's page is not proven
 * ZONE_DEVICE.
 */
bool refcount_one_judge(const struct ir_rc_site *s, struct ir_finding *out);

#endif
