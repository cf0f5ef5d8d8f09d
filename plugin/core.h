/* SPDX-License-Identifier: GPL-2.0 */
/*
 * core.h - what every devmap-lint rule shares.
 *
 *   - the rule registry            (core-rules.c)
 *   - the kernel API tables        (core-api.c, data in rules/devmap-api.tbl)
 *   - diagnostics helpers          (core-diag.c)
 *   - the value model: operands past copies, same value, evaluation under
 *     a hypothesis, spelling      (core-expr.c)
 *   - switches as written          (core-switch.c)
 *   - comparisons as written: where "x == 1" is inside "a && x == 1"
 *                                  (core-cmp.c)
 *   - condition regions: the blocks of one if/else-if ladder or && / ||
 *     chain on one value           (core-regions.c)
 *   - the path engine: a rule's state machine along every path
 *                                  (ir-paths.c; GIMPLE lowered to its
 *                                  CFG by core-paths.c)
 *   - the value graph: which SSA names and local variables carry the same
 *     page, pfn or count, and the greatest-fixpoint "taint" over it
 *                                  (core-valueflow.c)
 *   - the engine-neutral representation (ir.h) and its GCC side: judgement
 *     written once for the plugin and the libclang tool (core-ir.c, ir-*.c)
 *   - ZONE_DEVICE facts: is this page proven ZONE_DEVICE at this statement,
 *     and why                      (core-zone-device.c)
 *
 * A rule is one file, rule-NAME.c, that fills a struct devmap_rule and
 * registers it with DEVMAP_LINT_RULE(); the plugin runs every enabled rule
 * on every function, before the early inliner, so static inline kernel
 * helpers (page_ref_count(), is_zone_device_page(), ...) are still calls.
 */
#ifndef DEVMAP_LINT_CORE_H
#define DEVMAP_LINT_CORE_H

#include "gcc-common.h"
#include "ir.h"

/* ------------------------------------------------------------------ */
/* Rules                                                                */

struct devmap_rule {
	const char *name;		/* as in [devmap-lint:NAME] and disable= */
	const char *summary;		/* one line, for -fplugin-arg-devmap_lint-help */
	/* API table kinds this rule reads, NULL-terminated (validated on load). */
	const struct api_kind_decl *kinds;
	void (*analyse_function)(function *fn);
	/*
	 * The cheap exit: a statement that makes a function worth analysing
	 * (a call the rule knows, an operand of its type).  One walk over the
	 * function's statements serves every rule; analyse_function runs only
	 * when some statement matched.  NULL: every function.
	 */
	bool (*relevant)(const gimple *stmt);
	bool enabled;
	struct devmap_rule *next;
	/*
	 * Optional: every node of each function definition as the front end
	 * parsed it, before it is lowered (PLUGIN_PRE_GENERICIZE).  For what
	 * the IL no longer shows by the time analyse_function runs, e.g. a
	 * switch's case labels that go where its default goes (CFG
	 * construction drops them).  One walk over each body serves every
	 * rule (devmap_lint.c).  Must only read: record what is needed, keyed
	 * by location.  A subtree the front end shares may be handed over
	 * twice: recording it twice must change nothing.
	 */
	void (*parsed_node)(tree t);
};

void devmap_register_rule(struct devmap_rule *rule);
struct devmap_rule *devmap_rules(void);
struct devmap_rule *devmap_find_rule(const char *name);

/*
 * A rule fills its struct with designated initializers and registers it:
 *
 *	#define RULE "my-rule"
 *	static struct devmap_rule my_rule = {
 *		.name = RULE,
 *		.summary = "one line for help",
 *		.kinds = my_kinds,
 *		.analyse_function = analyse,
 *		.relevant = calls_my_api,
 *	};
 *	DEVMAP_LINT_RULE(my_rule)
 *
 * Registration enables it; enabled and next belong to the registry.
 */
#define DEVMAP_LINT_RULE(rule)						\
	static void __attribute__((constructor)) register_##rule(void)	\
	{ devmap_register_rule(&rule); }

/* ------------------------------------------------------------------ */
/* API tables                                                           */

/*
 * One kind of table line, e.g. "refcount-read FUNCTION ARG".  min/max count
 * the columns after the function name.
 */
struct api_kind_decl {
	const char *kind;
	int min_args, max_args;
	const char *columns;		/* for error messages: "FUNCTION ARG" */
};

#define API_MAX_COLS 4
struct api_entry {
	const char *kind;
	const char *name;		/* function, field or struct name */
	const char *col[API_MAX_COLS];	/* the remaining columns */
	int ncols;
	const char *file;
	int line;
};

/* Load FILE (or the default table next to the plugin).  Errors via error(). */
bool api_load(const char *file);
const char *api_default_path(void);
/* Where the default table is, from the plugin's own path (plugin_init). */
void api_set_plugin_path(const char *so_path);
/* The entry of KIND for NAME, or NULL. */
const struct api_entry *api_find(const char *kind, const char *name);
/* Every entry of KIND, for iteration: returns the next after PREV (NULL first). */
const struct api_entry *api_next(const char *kind, const struct api_entry *prev);
/* Column I as an argument index (0-based); -1 if absent or not a number. */
int api_arg(const struct api_entry *e, int i);

/* The callee's name of a direct call, or NULL. */
const char *call_name(const gimple *stmt);
/* The API entry of KIND that STMT calls, or NULL. */
const struct api_entry *call_api(const gimple *stmt, const char *kind);
/*
 * For an indirect call through a struct field loaded from memory
 * (ops->page_free(page)): the entry of KIND for "->FIELD", or NULL.
 */
const struct api_entry *call_api_field(const gimple *stmt, const char *kind);
/* Argument I of call STMT, or NULL_TREE if it has fewer. */
tree call_arg(const gimple *stmt, int i);

/* ------------------------------------------------------------------ */
/* Diagnostics                                                          */

/*
 * The location to report for STMT: in the user's code, not inside a header
 * macro (a macro argument keeps its spelling; a macro body maps to where
 * the macro was expanded).
 */
location_t user_location(location_t loc);
location_t stmt_location(const gimple *stmt);

/*
 * A warning of rule RULE (a string literal, the rule's name) at LOC (a
 * location_t or a rich_location *, for fix-its), with the tag every
 * devmap-lint warning ends with appended: "MESSAGE [devmap-lint:RULE]".
 * FMT is a GCC diagnostic format (%qs, %<...%>).  True if it was reported
 * (false when suppressed, e.g. by -w or a pragma): notes go only after a
 * reported warning, in the same auto_diagnostic_group.
 */
#define devmap_warning(RULE, LOC, FMT, ...) \
	warning_at((LOC), 0, FMT " [devmap-lint:" RULE "]", ##__VA_ARGS__)

/* A short, readable name for a value: the variable, else "the value". */
const char *value_name(tree t);
/* "A", "A and B", "A, B and C".  Malloc'ed. */
char *join_names(const vec<const char *> &names);
/*
 * Where to report a condition: its first token.  The statements of one
 * source condition carry the locations of different operators at -O0 and
 * -O2 ("&&" where the front end folded the chain), so take the earliest of
 * STMTS; FALLBACK if none has one.
 */
location_t earliest_location(const vec<gimple *> &stmts, location_t fallback);
/* The first located statement of BB ("the branch at line N"), or UNKNOWN_LOCATION. */
location_t block_location(basic_block bb);
/* An empty block that only passes control on (-O0 keeps some for goto locations)? */
bool is_forwarder(basic_block bb);
/* BB past its forwarders (at most 8). */
basic_block skip_forwarders(basic_block bb);

/* ------------------------------------------------------------------ */
/* The neutral representation, GCC side (core-ir.c; ir.h)               */

/* LOC as an ir_loc (file, line, display column), LOC itself as its handle. */
ir_loc ir_location(location_t loc);
/* The enumerators of ENUM_TYPE (an ENUMERAL_TYPE); free with ir_release_enum. */
ir_enum ir_lower_enum(tree enum_type);
void ir_release_enum(ir_enum *e);
/*
 * Report the judgement's finding F of rule RULE as a warning, with its
 * fix-its; its quotes become %< %> (as %qs: GCC's quotes and colours).
 */
bool ir_report(const char *rule, const ir_finding *f);
void ir_inform_notes(const ir_finding *f);

/* ------------------------------------------------------------------ */
/* The value model (core-expr.c)                                       */

/* An operation expr_leaves() and expr_evaluate() look through (unary, binary, comparison, truth). */
bool expr_foldable_code(enum tree_code code);
/* A __builtin_expect() call (likely(), unlikely())? */
bool expr_expect_call_p(const gimple *stmt);
/* A scalar local whose every store is visible: not static nor external, address not taken. */
bool expr_unaliased_local_p(tree t);
/*
 * What T is, past SSA copies and conversions: the reference it was loaded
 * from ("pgmap->type", a local variable kept in memory at -O0), or the SSA
 * name of a parameter, call result or PHI.
 */
tree expr_underlying(tree t);
/*
 * Do A and B denote the same value?  At -O0 and before FRE every
 * "pgmap->type" is a load of its own, so loads of the same reference (same
 * fields, same base) count as the same value, and so do two calls of a
 * pure function or a pgmap-accessor (page_pgmap(page)) on the same values.
 */
bool expr_same_value(tree a, tree b, int depth = 0);

/*
 * A test is a handful of operations.  The walks do not share
 * subexpressions, so a long computation that reuses its values (hash
 * mixing: x2 = x1 + x1, x3 = x2 + x2, ...) would take exponential time:
 * they give up after this many visits.
 */
#define EXPR_MAX_VISITS 64

struct expr_leaf {
	tree value;
	tree spelled;	/* the user's variable holding it, else the value */
};

/*
 * Walk the computation of T (SSA definitions by foldable operations,
 * __builtin_expect) down to the values it is computed from: loads,
 * parameters, calls, PHIs.  Constants are not leaves.  STMTS, if given,
 * collects the statements of the expression down to the user's variables.
 * *BUDGET counts the visits left (start: EXPR_MAX_VISITS); at 0 the walk
 * is abandoned.
 */
void expr_leaves(tree t, vec<expr_leaf> *leaves, vec<gimple *> *stmts, int *budget,
		 tree named = NULL_TREE, int depth = 0);
/*
 * The value of T when V holds VALUE (a constant of V's type): a constant,
 * or NULL_TREE if T cannot be evaluated.  Builds new constants only.
 */
tree expr_evaluate(tree t, tree v, tree value, int depth = 0);
/*
 * V as the user spells it, for %qs: "pgmap->type", "page_pgmap(page)->type",
 * "type", "*p"; FALLBACK when it has no readable spelling.  Malloc'ed.
 */
char *expr_spelling(tree v, const char *fallback);

/* Is T computed (through foldable operations) from a comparison?  *BUDGET as for expr_leaves. */
bool expr_computes_comparison(tree t, int *budget);

struct enumerator {
	const char *name;
	HOST_WIDE_INT value;
};
/* The enumerators of ENUM_TYPE (an ENUMERAL_TYPE), in declaration order. */
void enumerators_of(tree enum_type, vec<enumerator> *out);

/* ------------------------------------------------------------------ */
/* Switches as written (core-switch.c)                                  */

struct written_case {
	HOST_WIDE_INT low, high;
};

struct written_switch {
	location_t loc;			/* the switch keyword */
	location_t default_loc;		/* the default label, or UNKNOWN_LOCATION */
	location_t first_label_loc;	/* the first label of the body */
	unsigned first_case, ncases;	/* in the recorded cases */
};

/* Record T if it is a switch, with its labels (a rule's parsed_node). */
void switch_record_node(tree t);
/* The recorded switch whose keyword is at LOC (a GIMPLE switch's location), or NULL. */
const written_switch *switch_as_written(location_t loc);
/* Case label I (0 .. ncases-1) of W. */
const written_case *switch_case(const written_switch *w, unsigned i);
/*
 * Where fix-its adding labels to W insert whole lines: column 1 of the line
 * of 'default:', or with no default of the first label; *INDENT (malloc'ed)
 * the blanks before that label.  UNKNOWN_LOCATION when the label does not
 * start its line or comes from a macro.
 */
location_t switch_fixit_line(const written_switch *w, char **indent);

/* ------------------------------------------------------------------ */
/* Comparisons as written (core-cmp.c)                                  */

/*
 * Record the comparisons of a variable with an integer constant that are
 * operands of T, if T is an && / || / & / | (a rule's parsed_node).
 */
void cmp_record_node(tree t);
/*
 * Where the comparison of VAR (a VAR_DECL or PARM_DECL) with a constant in
 * LOW..HIGH is written, when the statement that compares it carries the
 * location AT of an enclosing && or || (GCC keeps none for the comparison
 * itself): the comparison's operator if the front end saw exactly one such
 * comparison there, else UNKNOWN_LOCATION.
 */
location_t cmp_as_written(location_t at, tree var, HOST_WIDE_INT low, HOST_WIDE_INT high);

/* ------------------------------------------------------------------ */
/* Condition regions (core-regions.c)                                   */

/*
 * One condition as written is several blocks: an if/else-if ladder, an
 * && / || chain.  A block whose final condition tests a value (as the
 * rule's TESTED says: the value, or NULL_TREE) starts a region, unless it
 * only computes its test and every way into it is a test of one region on
 * the same value (expr_same_value): then it joins that region ("else if",
 * the second operand of "||").  A condition that was a written switch (one
 * case and a default) is a region of its own and joins none.
 */
typedef tree (*region_test_fn)(basic_block bb, void *data);
struct cond_regions {
	vec<int> entry_of;	/* per block index: its region's entry block index; -1: no test */
	vec<tree> value_of;	/* per block index: the value its test tests */
};
void regions_build(function *fn, region_test_fn tested, void *data, cond_regions *r);
void regions_free(cond_regions *r);
/*
 * Where the region entered at ENTRY sends its value when that is VALUE (a
 * constant of its type): the first block outside it, past forwarders.
 * NULL if a test cannot be evaluated.
 */
basic_block region_run(const cond_regions *r, basic_block entry, tree value);
/* Call EXIT for each edge that leaves REGION: its destination past forwarders, its flags. */
void region_exits(const cond_regions *r, function *fn, int region,
		  void (*exit)(basic_block dest, int flags, void *data), void *data);
/* The written switch that CFG construction turned into BB's condition (one case and a default), or NULL. */
const written_switch *switch_of_cond(basic_block bb);

/*
 * The Linux version the code is compiled for, as KERNEL_VERSION_CODE(a, b,
 * c) (<linux/version.h>'s LINUX_VERSION_CODE), or -1 if unknown: the
 * translation unit's LINUX_VERSION_CODE if it defines one as a number,
 * else the plugin option kernel-version=MAJOR.MINOR.
 */
#define KERNEL_VERSION_CODE(a, b, c)	(((a) << 16) + ((b) << 8) + (c))
int kernel_version(void);
/* Parse kernel-version=MAJOR.MINOR; false if VALUE is not one. */
bool kernel_version_option(const char *value);

/* ------------------------------------------------------------------ */
/* The value graph                                                      */

/*
 * Nodes are SSA names and local scalar variables.  At -O0 GCC keeps user
 * variables in memory ("page = _1; ... _5 = page;"), so a local variable is
 * a node too, defined by every store to it (a flow-insensitive merge).
 *
 * Each node has a list of definitions:
 *   VF_COPY     the same value (SSA copy, conversion, PHI argument, store
 *               into a variable, __builtin_expect)
 *   VF_CARRIER  the same object seen another way (page_folio(),
 *               &folio->page, pfn_to_page() ...: rules/ "carrier")
 *   VF_ARITH    computed from another value (pfn + 1, page - vmemmap ...)
 *   VF_NULL     a null pointer constant
 *   VF_CALL     the result of a call that is not a carrier
 *   VF_OPAQUE   anything else (a load from memory, a parameter)
 */
enum vf_def_kind { VF_COPY, VF_CARRIER, VF_ARITH, VF_NULL, VF_CALL, VF_OPAQUE };

struct vf_def {
	enum vf_def_kind kind;
	int from;		/* source node, -1 if none */
	int from2;		/* second operand node for VF_ARITH, -1 if none */
	gimple *stmt;		/* defining statement (NULL for parameters) */
};

struct vf_node {
	tree t;
	vec<vf_def> defs;
	vec<int> users;		/* nodes that have a def from this one */
	int cls;		/* union-find parent: same object via copies/carriers */
};

struct value_graph {
	hash_map<tree, int> *index;
	vec<vf_node> nodes;
	hash_map<gimple *, int> *position;	/* statement order within its block */
};

void vf_build(value_graph *g, function *fn);
void vf_free(value_graph *g);
/* The node of T (an SSA name or local variable), or -1. */
int vf_node_of(value_graph *g, tree t);
/* The object class of node N (nodes that are the same page/folio/pfn). */
int vf_class(value_graph *g, int n);
/* Does A come before B in the same basic block? */
bool vf_before(value_graph *g, const gimple *a, const gimple *b);
/* Which parameter of FN (0-based) holds node N's object (its class)?  -1: none. */
int vf_param_of(value_graph *g, function *fn, int n);
/*
 * The user's variable (a named, not artificial declaration) whose value
 * node N is, through copies only (at most 16), or NULL_TREE.
 */
tree vf_user_var(value_graph *g, int n);

/*
 * The greatest set of nodes reachable from the seeds such that every
 * definition of a member is a seed, a copy/carrier of a member, an
 * arithmetic result with a member operand (if ALLOW_ARITH), or (for
 * pointers) NULL.  ORIGIN[n] is the seed statement that explains member n,
 * NULL for non-members.  IS_SEED decides for VF_CALL definitions.
 */
typedef bool (*vf_seed_fn)(const gimple *stmt, void *data);
void vf_taint(value_graph *g, vf_seed_fn is_seed, void *data,
	      bool allow_carrier, bool allow_arith, vec<gimple *> *origin);

/* ------------------------------------------------------------------ */
/* ZONE_DEVICE facts                                                    */

/* The same order as ir.h's enum ir_zd_why (zd_lower() converts by value). */
enum zd_why { ZD_NOT_PROVEN, ZD_SOURCE, ZD_PREDICATE, ZD_PGMAP_USE, ZD_NEGATED };

struct zd_proof {
	enum zd_why why;
	gimple *stmt;		/* the source call, predicate call or pgmap use */
	const char *what;	/* the function or "page->pgmap" */
};

struct zd_facts;

struct zd_facts *zd_analyse(value_graph *g, function *fn);
void zd_free(struct zd_facts *f);
/* Is the page/folio/pfn in node N ZONE_DEVICE at statement AT? */
struct zd_proof zd_prove(struct zd_facts *f, int n, gimple *at);
/* Emit the inform() note that explains PROOF. */
void zd_explain(const struct zd_proof *proof);
/* PROOF in the engine-neutral form (ir.h), for the judgement in ir-*.c. */
struct ir_zd_proof zd_lower(const struct zd_proof *proof);
/* Does a fact established at/after A hold at B (dominance within fn)? */
bool stmt_dominates(value_graph *g, gimple *a, gimple *b);

/* The base pointer of "base->...->field" if FIELD is listed as
 * "KIND STRUCT FIELD" for base's struct (KIND NULL: any), else NULL. */
tree vf_field_ref_base(tree ref, const char *kind);
/* The node of the page whose field FIELD is addressed by T ("&page->_refcount"), or -1. */
int vf_field_base(value_graph *g, tree t, const char *field);

extern const struct api_kind_decl zd_api_kinds[];

/* ------------------------------------------------------------------ */
/* The path engine's GCC front end (core-paths.c)                       */

/*
 * The engine and a rule's state machine are engine-neutral (ir-paths.h,
 * ir-paths.c): this lowers a function's GIMPLE to the engine's CFG and
 * reports through GCC's diagnostics.
 */
#include "ir-paths.h"

/* Walk FN under SM and emit its diagnostics.  Cheap exits are the caller's. */
void path_analyse(const struct path_sm *sm, function *fn);
/* Is STMT a call of a static helper SM summarised (it hands an object over)? */
bool path_summarised_call(const struct path_sm *sm, const gimple *stmt);

#endif
