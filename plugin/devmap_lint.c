// SPDX-License-Identifier: GPL-2.0
/*
 * devmap_lint.c - the GCC plugin's entry point.
 *
 *   gcc -fplugin=build/devmap_lint.so [-fplugin-arg-devmap_lint-KEY[=VAL]] ...
 *
 * Options:
 *   disable=RULE[,RULE]   do not run these rules
 *   enable=RULE[,RULE]    run only these rules
 *   rules=FILE            the kernel API tables (default: rules/devmap-api.tbl
 *                         next to the plugin)
 *   kernel-version=MAJOR.MINOR
 *                         the Linux version compiled for, when the
 *                         translation unit does not define LINUX_VERSION_CODE
 *                         (devmap-lint-cc passes the tree's): messages say
 *                         what is wrong on that version
 *   analysis-only         stop the compiler once every function has been
 *                         analysed: no code is generated.  For the CHECK
 *                         wrapper, whose output goes to /dev/null; never for
 *                         a build whose objects you keep
 *   help                  list the options and rules
 *
 * The plugin adds one GIMPLE pass right after the function is put into SSA
 * form and before the early inliner: the kernel's static inline helpers
 * (page_ref_count(), is_zone_device_page(), ...) are still calls there, at
 * every optimisation level.  The pass only reads the IL; it never changes
 * it, so objects built with and without the plugin are byte-identical.
 * Rules that need the front end's view of a function (struct devmap_rule
 * parsed_node) get it from one walk per body in a PLUGIN_PRE_GENERICIZE
 * callback.
 */
#include "core.h"
#include "plugin-version.h"

int plugin_is_GPL_compatible;

static struct plugin_info devmap_lint_info = {
	"0.1",
	"devmap-lint: ZONE_DEVICE refcount-transition checks.  "
	"Options: disable=RULE[,RULE] enable=RULE[,RULE] rules=FILE kernel-version=MAJOR.MINOR analysis-only help",
};


static void print_help(void)
{
	fprintf(stderr,
		"devmap-lint GCC plugin options (-fplugin-arg-devmap_lint-KEY[=VAL]):\n"
		"  disable=RULE[,RULE]  do not run these rules\n"
		"  enable=RULE[,RULE]   run only these rules\n"
		"  rules=FILE           kernel API tables (default %s)\n"
		"  kernel-version=MAJOR.MINOR\n"
		"                       the Linux version compiled for, if the code does not\n"
		"                       define LINUX_VERSION_CODE (messages fit that version)\n"
		"  analysis-only        stop after the analysis, generate no code (for checkers)\n"
		"  help                 this text\n"
		"rules:\n", api_default_path());
	for (devmap_rule *r = devmap_rules(); r; r = r->next)
		fprintf(stderr, "  %-14s %s\n", r->name, r->summary);
}

/* Apply ENABLE (true) or disable to each rule named in the comma list. */
static bool set_rules(const char *key, const char *list, bool enable)
{
	if (!list || !*list) {
		error("devmap-lint: option %qs needs a list of rules", key);
		return false;
	}
	char *copy = xstrdup(list);
	bool ok = true;
	for (char *name = strtok(copy, ","); name; name = strtok(NULL, ",")) {
		devmap_rule *r = devmap_find_rule(name);
		if (!r) {
			error("devmap-lint: option %qs: unknown rule %qs", key, name);
			ok = false;
			continue;
		}
		r->enabled = enable;
	}
	free(copy);
	return ok;
}

static bool analysis_only;

static bool parse_options(struct plugin_name_args *info, const char **rules_file)
{
	bool ok = true;
	for (int i = 0; i < info->argc; i++) {
		const char *key = info->argv[i].key, *value = info->argv[i].value;
		if (!strcmp(key, "disable")) {
			ok &= set_rules(key, value, false);
		} else if (!strcmp(key, "enable")) {
			/* enable= is a whitelist: everything else goes off first. */
			for (devmap_rule *r = devmap_rules(); r; r = r->next)
				r->enabled = false;
			ok &= set_rules(key, value, true);
		} else if (!strcmp(key, "rules")) {
			if (!value || !*value) {
				error("devmap-lint: option %<rules%> needs a file");
				ok = false;
			}
			*rules_file = value;
		} else if (!strcmp(key, "kernel-version")) {
			if (!kernel_version_option(value)) {
				error("devmap-lint: option %<kernel-version%> needs MAJOR.MINOR "
				      "(e.g. 6.12), not %qs", value ? value : "");
				ok = false;
			}
		} else if (!strcmp(key, "analysis-only")) {
			if (value) {
				error("devmap-lint: option %<analysis-only%> takes no value");
				ok = false;
			}
			analysis_only = true;
		} else if (!strcmp(key, "help")) {
			if (value) {
				error("devmap-lint: option %<help%> takes no value");
				ok = false;
			}
			print_help();
		} else {
			error("devmap-lint: unknown option %<-fplugin-arg-%s-%s%> "
			      "(try -fplugin-arg-%s-help)", info->base_name, key, info->base_name);
			ok = false;
		}
	}
	return ok;
}

/* ------------------------------------------------------------------ */

static const pass_data devmap_lint_pass_data = {
	GIMPLE_PASS,
	"devmap_lint",
	OPTGROUP_NONE,
	TV_PLUGIN_RUN,		/* -ftime-report: "plugin execution" */
	PROP_cfg | PROP_ssa,
	0, 0, 0, 0,
};

/*
 * The per-function pre-scan: one walk over the statements decides, for
 * every enabled rule at once, whether the function has anything the rule
 * looks at (struct devmap_rule relevant).  Most functions have nothing.
 */
#define MAX_RULES 32
static devmap_rule *scanned_rules[MAX_RULES];
static bool scanned_hit[MAX_RULES];
static unsigned nscanned;

static void prescan(function *fn)
{
	unsigned left = 0;
	nscanned = 0;
	for (devmap_rule *r = devmap_rules(); r && nscanned < MAX_RULES; r = r->next)
		if (r->enabled && r->relevant) {
			scanned_rules[nscanned] = r;
			scanned_hit[nscanned++] = false;
			left++;
		}
	basic_block bb;
	FOR_EACH_BB_FN(bb, fn)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi) && left; gsi_next(&gsi))
			for (unsigned i = 0; i < nscanned; i++)
				if (!scanned_hit[i] && scanned_rules[i]->relevant(gsi_stmt(gsi))) {
					scanned_hit[i] = true;
					left--;
				}
}

static bool relevant_to(devmap_rule *r, function *)
{
	if (!r->relevant)
		return true;
	for (unsigned i = 0; i < nscanned; i++)
		if (scanned_rules[i] == r)
			return scanned_hit[i];
	return true;	/* past MAX_RULES: the rule looks itself */
}

class devmap_lint_pass : public gimple_opt_pass {
public:
	devmap_lint_pass(gcc::context *ctx) : gimple_opt_pass(devmap_lint_pass_data, ctx) {}

	unsigned int execute(function *fn) final override
	{
		/* Dominators are only computed if absent, and freed again, so later
		 * passes find the state they would have found without us. */
		bool had_dominators = dom_info_available_p(fn, CDI_DOMINATORS);
		if (!had_dominators)
			calculate_dominance_info(CDI_DOMINATORS);

		prescan(fn);

		for (devmap_rule *r = devmap_rules(); r; r = r->next)
			if (r->enabled && relevant_to(r, fn))
				r->analyse_function(fn);

		if (!had_dominators)
			free_dominance_info(fn, CDI_DOMINATORS);
		return 0;
	}
};

/*
 * The front end's view of each body, for the rules that ask (parsed_node).
 *
 * This runs for every function the translation unit defines, the
 * thousands of static inline helpers from headers included (5,184 bodies
 * for mm/hmm.c on 6.12, most never compiled), and was the plugin's largest
 * per-compile cost: two walks with a set of visited nodes took 1.5% of the
 * compile of mm/hmm.c.  One walk now serves every rule, and it keeps no
 * visited set, which hashed every node (0.4%).  The C front end shares
 * few subtrees (a compound assignment's operand, a SAVE_EXPR), so a node
 * is rarely handed over twice, and the rules' records take that.  In case
 * sharing ever multiplies a walk, a budget stops it and the body is walked
 * again with the visited set, each node once.
 */
#define PARSED_WALK_BUDGET 1000000	/* nodes; kernel bodies have < 100,000 */

struct parsed_walk {
	devmap_rule *rules[8];		/* the enabled rules with a parsed_node */
	unsigned nrules;
	unsigned long visited;
	bool budgeted;
};

static tree visit_parsed(tree *tp, int *, void *data)
{
	parsed_walk *w = (parsed_walk *)data;
	if (w->budgeted && ++w->visited > PARSED_WALK_BUDGET)
		return *tp;	/* stop: walk_tree() returns it */
	for (unsigned i = 0; i < w->nrules; i++)
		w->rules[i]->parsed_node(*tp);
	return NULL_TREE;
}

/* PLUGIN_PRE_GENERICIZE: GCC_DATA is the FUNCTION_DECL just parsed. */
static void pre_genericize(void *gcc_data, void *)
{
	tree fndecl = (tree)gcc_data;
	parsed_walk w = {};
	for (devmap_rule *r = devmap_rules(); r && w.nrules < ARRAY_SIZE(w.rules); r = r->next)
		if (r->enabled && r->parsed_node)
			w.rules[w.nrules++] = r;
	if (!w.nrules || !DECL_SAVED_TREE(fndecl))
		return;
	w.budgeted = true;
	if (walk_tree(&DECL_SAVED_TREE(fndecl), visit_parsed, &w, NULL)) {
		w.budgeted = false;
		walk_tree_without_duplicates(&DECL_SAVED_TREE(fndecl), visit_parsed, &w);
	}
}

/*
 * PLUGIN_ALL_IPA_PASSES_END, with analysis-only: every function has been
 * through the early passes, ours included, and its diagnostics printed.
 * What is left is optimisation and code generation, most of a compile's
 * time, for an object devmap-lint check throws away: stop here.
 */
static void stop_after_analysis(void *, void *)
{
	fflush(stdout);
	fflush(stderr);
	exit(seen_error() ? FATAL_EXIT_CODE : SUCCESS_EXIT_CODE);
}

int plugin_init(struct plugin_name_args *info, struct plugin_gcc_version *version)
{
	if (!plugin_default_version_check(version, &gcc_version)) {
		error("devmap-lint: this plugin was built for GCC %s and cannot run in GCC %s; "
		      "rebuild it with 'make'", gcc_version.basever, version->basever);
		return 1;
	}
	if (strncmp(lang_hooks.name, "GNU C", 5) || strstr(lang_hooks.name, "++")) {
		error("devmap-lint: only C is supported, not %qs", lang_hooks.name);
		return 1;
	}

	api_set_plugin_path(info->full_name);
	const char *rules_file = api_default_path();
	if (!parse_options(info, &rules_file))
		return 1;
	if (!api_load(rules_file))
		return 1;

	register_callback(info->base_name, PLUGIN_INFO, NULL, &devmap_lint_info);
	register_callback(info->base_name, PLUGIN_PRE_GENERICIZE, pre_genericize, NULL);
	if (analysis_only)
		register_callback(info->base_name, PLUGIN_ALL_IPA_PASSES_END, stop_after_analysis, NULL);

	struct register_pass_info pass;
	pass.pass = new devmap_lint_pass(g);
	pass.reference_pass_name = "ssa";
	pass.ref_pass_instance_number = 1;
	pass.pos_op = PASS_POS_INSERT_AFTER;
	register_callback(info->base_name, PLUGIN_PASS_MANAGER_SETUP, NULL, &pass);
	return 0;
}
