// SPDX-License-Identifier: GPL-2.0
/*
 * core-ir.c - the GCC side of the engine-neutral representation (ir.h):
 * locations and enums lowered to it, and the judgement's findings reported
 * through GCC's diagnostics.
 */
#include "core.h"

/* An ir_loc for LOC, its handle the location_t itself. */
ir_loc ir_location(location_t loc)
{
	ir_loc l = { NULL, 0, 0, (unsigned long long)loc };
	if (loc != UNKNOWN_LOCATION) {
		expanded_location x = expand_location(loc);
		l.file = x.file;
		l.line = x.line;
		l.column = x.column;
	}
	return l;
}

/* The enumerators of ENUM_TYPE as an ir_enum; free with ir_release_enum. */
ir_enum ir_lower_enum(tree enum_type)
{
	auto_vec<enumerator> enums;
	enumerators_of(enum_type, &enums);
	ir_enumerator *items = XNEWVEC(ir_enumerator, enums.length() + 1);
	for (unsigned i = 0; i < enums.length(); i++) {
		items[i].name = enums[i].name;
		items[i].value = enums[i].value;
	}
	ir_enum e = { items, enums.length() };
	return e;
}

void ir_release_enum(ir_enum *e)
{
	XDELETEVEC(const_cast<ir_enumerator *>(e->items));
}

/* MESSAGE as a GCC format: % doubled, the quote markers as %< %>.  Malloc'ed. */
static char *gcc_format(const char *message)
{
	char *escaped = xstrdup("");
	for (const char *p = message; *p; p++) {
		char one[2] = { *p, 0 };
		char *n = concat(escaped, *p == '%' ? "%%" : one, NULL);
		free(escaped);
		escaped = n;
	}
	char *msg = ir_render(escaped, "%<", "%>");
	free(escaped);
	return msg;
}

/* F's notes, as inform()s (in the diagnostic group of its warning). */
void ir_inform_notes(const ir_finding *f)
{
	for (unsigned i = 0; i < f->nnotes; i++) {
		char *note = gcc_format(f->notes[i].message);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-security"
		inform((location_t)f->notes[i].at.handle, note);
#pragma GCC diagnostic pop
		free(note);
	}
}

/*
 * Report F through GCC's diagnostics: the judgement's quotes become %< %>
 * (GCC's quotes and colours, as %qs would give), its fix-its go on the
 * rich_location, its notes follow as inform()s.  False when the warning
 * was not emitted (-Wno-..., a pragma): no notes then.
 */
bool ir_report(const char *rule, const ir_finding *f)
{
	char *msg = gcc_format(f->message);
	char *fmt = concat(msg, " [devmap-lint:", rule, "]", NULL);
	gcc_rich_location richloc((location_t)f->loc.handle);
	for (unsigned i = 0; i < f->nfixits; i++)
		richloc.add_fixit_insert_before((location_t)f->fixits[i].at.handle, f->fixits[i].text);
	auto_diagnostic_group d;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-security"
	bool warned = warning_at(&richloc, 0, fmt);
#pragma GCC diagnostic pop
	if (warned)
		ir_inform_notes(f);
	free(fmt);
	free(msg);
	return warned;
}

/* The table line of KIND for NAME, for the engine-neutral rules (ir-paths.h). */
bool ir_api_find(const char *kind, const char *name, struct ir_api *out)
{
	const api_entry *e = name ? api_find(kind, name) : NULL;
	if (!e)
		return false;
	memset(out, 0, sizeof(*out));
	out->name = e->name;
	for (int i = 0; i < e->ncols && i < 4; i++)
		out->col[i] = e->col[i];
	out->ncols = e->ncols < 4 ? e->ncols : 4;
	return true;
}
