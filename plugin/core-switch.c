// SPDX-License-Identifier: GPL-2.0
/*
 * core-switch.c - switches as the user wrote them.  After CFG construction
 * GCC drops the case labels that go where the default goes; a rule that
 * checks which enumerators a switch names records the labels from the
 * front end (switch_record_node, as a rule's parsed_node) and
 * looks them up from the GIMPLE pass.  Also where fix-its that add
 * "case X:" labels go.
 */
#include "core.h"

/*
 * Filled by parsed_node, read by the GIMPLE pass.  Only integers and
 * locations: the front end's trees of a dropped label may be garbage
 * collected before the pass runs.
 */
static vec<written_switch> written_switches;
static vec<written_case> written_cases;

static bool is_switch(tree t)
{
	return TREE_CODE(t) == SWITCH_STMT || TREE_CODE(t) == SWITCH_EXPR;
}

/* walk_tree callback over one switch's body: its own labels, not those of nested switches. */
static tree collect_case(tree *tp, int *walk_subtrees, void *data)
{
	written_switch *w = (written_switch *)data;
	if (is_switch(*tp)) {
		*walk_subtrees = 0;
		return NULL_TREE;
	}
	if (TREE_CODE(*tp) != CASE_LABEL_EXPR)
		return NULL_TREE;
	location_t loc = EXPR_LOCATION(*tp);
	if (w->first_label_loc == UNKNOWN_LOCATION)
		w->first_label_loc = loc;
	tree low = CASE_LOW(*tp), high = CASE_HIGH(*tp);
	if (!low) {
		w->default_loc = loc;
		return NULL_TREE;
	}
	if (!high)
		high = low;
	if (tree_fits_shwi_p(low) && tree_fits_shwi_p(high)) {
		written_case c = { tree_to_shwi(low), tree_to_shwi(high) };
		written_cases.safe_push(c);
		w->ncases++;
	}
	return NULL_TREE;
}

/* Record every switch of a parsed body: the core's walk hands over each node,
 * nested switches included.  A switch seen twice gives two identical records,
 * of which switch_as_written() returns the first. */
void switch_record_node(tree t)
{
	if (!is_switch(t))
		return;
	written_switch w = { get_pure_location(EXPR_LOCATION(t)), UNKNOWN_LOCATION, UNKNOWN_LOCATION,
			     written_cases.length(), 0 };
	tree body = TREE_OPERAND(t, 1);
	if (body)
		walk_tree_without_duplicates(&body, collect_case, &w);
	written_switches.safe_push(w);
}

/* The front end's record of the switch at LOC.  The IL's location carries a
 * BLOCK and the front end's a source range: compare the bare positions. */
const written_switch *switch_as_written(location_t loc)
{
	loc = get_pure_location(loc);
	for (const written_switch &w : written_switches)
		if (w.loc == loc)
			return &w;
	return NULL;
}

/*
 * Column 1 of LOC's line, when LOC is spelled in a file (not produced by a
 * macro) and only blanks precede it on its line; *INDENT gets the blanks.
 * A fix-it that inserts whole lines must start there.
 */
static location_t line_start(location_t loc, char **indent)
{
	if (loc == UNKNOWN_LOCATION || linemap_location_from_macro_expansion_p(line_table, loc))
		return UNKNOWN_LOCATION;
	expanded_location x = expand_location(loc);
	if (!x.file || x.column < 1)
		return UNKNOWN_LOCATION;
	char_span line = location_get_source_line(x.file, x.line);
	if (!line || (size_t)x.column > line.length())
		return UNKNOWN_LOCATION;
	for (int i = 0; i < x.column - 1; i++)
		if (line[i] != ' ' && line[i] != '\t')
			return UNKNOWN_LOCATION;
	*indent = xstrndup(line.get_buffer(), x.column - 1);
	const line_map_ordinary *map = linemap_check_ordinary(linemap_lookup(line_table, loc));
	return linemap_position_for_line_and_column(line_table, map, x.line, 1);
}

/*
 * Where fix-its that add labels to W insert their lines: column 1 of the
 * line of 'default:' (they go where they went), or with no default of the
 * first label (nothing falls into them); *INDENT the label's blanks.
 * UNKNOWN_LOCATION when the label is not first on its line or comes from
 * a macro.  The lines themselves are the judgement's (ir-pgmap-type.c).
 */
location_t switch_fixit_line(const written_switch *w, char **indent)
{
	*indent = NULL;
	bool has_default = w->default_loc != UNKNOWN_LOCATION;
	return line_start(has_default ? w->default_loc : w->first_label_loc, indent);
}

const written_case *switch_case(const written_switch *w, unsigned i)
{
	return &written_cases[w->first_case + i];
}
