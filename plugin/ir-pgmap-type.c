// SPDX-License-Identifier: GPL-2.0
/*
 * ir-pgmap-type.c - pgmap-type's judgement, for every engine: which memory
 * types a switch or a test names, lumps together or leaves out, and what
 * to tell the user (rules/pgmap-type.md).  Reads only ir.h's structures;
 * the GCC plugin (rule-pgmap-type.c) and the libclang tool (clang-*.c)
 * lower their own view to them.
 *
 * __init_zone_device_page() and free_zone_device_page() tested pgmap->type
 * against PRIVATE and COHERENT, and every other type fell into one implicit
 * branch; when PCI_P2PDMA pages changed their refcount rules that branch
 * silently did the wrong thing for them.  Upstream now writes these as
 * switches with a case for every type.  This rule flags:
 *
 *   - a switch on a memory_type value with no case for some enumerator,
 *     with or without a default.  The warning carries fix-its that add the
 *     missing "case X:" labels with the behaviour unchanged (before
 *     'default:', or before the first case with a 'break;' when there is no
 *     default);
 *   - a test that sends two or more enumerators of one memory_type value
 *     elsewhere than the rest: "type != A && type != B", "type == A || type
 *     == B", an if/else-if ladder.  The message says which types take which
 *     branch.
 *
 * Silent: exhaustive switches (a default for invalid values is fine),
 * single-type predicates ("type == MEMORY_DEVICE_PRIVATE",
 * is_device_private_page()), assignments, and everything on other enums.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ir.h"

/* ---- strings ---------------------------------------------------------- */

static char *xstrcat(char *s, const char *t)
{
	size_t a = s ? strlen(s) : 0, b = strlen(t);
	char *r = (char *)realloc(s, a + b + 1);
	if (!r)
		abort();
	memcpy(r + a, t, b + 1);
	return r;
}

static char *xdup(const char *t)
{
	return xstrcat(NULL, t);
}

/* "A", "A and B", "A, B and C" of the N NAMES.  Malloc'ed. */
static char *join(const char *const *names, unsigned n)
{
	char *s = xdup("");
	for (unsigned i = 0; i < n; i++) {
		s = xstrcat(s, i == 0 ? "" : i + 1 == n ? " and " : ", ");
		s = xstrcat(s, names[i]);
	}
	return s;
}

static char *quoted(const char *s)
{
	return xstrcat(xstrcat(xdup(IR_OPEN_QUOTE), s), IR_CLOSE_QUOTE);
}

char *ir_render(const char *message, const char *open, const char *close)
{
	char *r = xdup("");
	char one[2] = { 0, 0 };
	for (const char *p = message; *p; p++) {
		if (*p == IR_OPEN_QUOTE[0])
			r = xstrcat(r, open);
		else if (*p == IR_CLOSE_QUOTE[0])
			r = xstrcat(r, close);
		else {
			one[0] = *p;
			r = xstrcat(r, one);
		}
	}
	return r;
}

void ir_finding_free(struct ir_finding *f)
{
	free(f->message);
	for (unsigned i = 0; i < f->nfixits; i++)
		free(f->fixits[i].text);
	free(f->fixits);
	for (unsigned i = 0; i < f->nnotes; i++)
		free(f->notes[i].message);
	free(f->notes);
	f->message = NULL;
	f->fixits = NULL;
	f->nfixits = 0;
	f->notes = NULL;
	f->nnotes = 0;
}

static void add_fixit(struct ir_finding *f, struct ir_loc at, char *text)
{
	f->fixits = (struct ir_fixit *)realloc(f->fixits, (f->nfixits + 1) * sizeof(*f->fixits));
	if (!f->fixits)
		abort();
	f->fixits[f->nfixits].at = at;
	f->fixits[f->nfixits].text = text;
	f->nfixits++;
}

/* ---- source-level comparisons ------------------------------------------ */

bool ir_cmp_holds(enum ir_cmp_op op, long long v, long long constant)
{
	switch (op) {
	case IR_EQ: return v == constant;
	case IR_NE: return v != constant;
	case IR_LT: return v < constant;
	case IR_LE: return v <= constant;
	case IR_GT: return v > constant;
	case IR_GE: return v >= constant;
	}
	return false;
}

enum ir_cmp_op ir_cmp_negated(enum ir_cmp_op op)
{
	static const enum ir_cmp_op negated[] = {
		[IR_EQ] = IR_NE, [IR_NE] = IR_EQ, [IR_LT] = IR_GE, [IR_LE] = IR_GT, [IR_GT] = IR_LE, [IR_GE] = IR_LT,
	};
	return negated[op];
}

/* ---- switches ----------------------------------------------------------- */

static bool has_case(const struct ir_switch *sw, long long v)
{
	for (unsigned i = 0; i < sw->ncases; i++)
		if (sw->cases[i].low <= v && v <= sw->cases[i].high)
			return true;
	return false;
}

/*
 * Fix-its that name the MISSING enumerators without changing what the
 * switch does: "case X:" lines just before "default:" (they go where they
 * went), or, with no default, "case X: ... break;" before the first label
 * (nothing falls into it, and they leave the switch as they did).
 */
static void case_fixits(const struct ir_switch *sw, const char *const *missing, unsigned n,
			struct ir_finding *f)
{
	if (sw->fixit_at.line == 0 || !sw->indent)
		return;
	for (unsigned i = 0; i < n; i++) {
		char *line = xstrcat(xstrcat(xstrcat(xdup(sw->indent), "case "), missing[i]), ":\n");
		add_fixit(f, sw->fixit_at, line);
	}
	if (!sw->has_default)
		add_fixit(f, sw->fixit_at, xstrcat(xdup(sw->indent), "\tbreak;\n"));
}

bool pgmap_type_judge_switch(const struct ir_switch *sw, struct ir_finding *out)
{
	const struct ir_enum *e = sw->type;
	const char **missing = (const char **)calloc(e->n + 1, sizeof(*missing));
	unsigned n = 0;
	for (unsigned i = 0; i < e->n; i++)
		if (!has_case(sw, sw->index[i]))
			missing[n++] = e->items[i].name;
	if (n == 0) {
		free(missing);
		return false;
	}
	memset(out, 0, sizeof(*out));
	out->loc = sw->loc;
	char *names = join(missing, n), *value = quoted(sw->value);
	char *m = xstrcat(xstrcat(xstrcat(xdup("switch on "), value), ": "), names);
	if (sw->has_default)
		m = xstrcat(m, n == 1 ? " falls into " IR_OPEN_QUOTE "default" IR_CLOSE_QUOTE
				      : " fall into " IR_OPEN_QUOTE "default" IR_CLOSE_QUOTE);
	else
		m = xstrcat(m, n == 1 ? " is not handled" : " are not handled");
	out->message = xstrcat(m, "; give every memory type its own case");
	case_fixits(sw, missing, n, out);
	free(names);
	free(value);
	free(missing);
	return true;
}

/* ---- splits ------------------------------------------------------------- */

static bool seen_value(const struct ir_enum *e, unsigned upto, long long v)
{
	for (unsigned i = 0; i < upto; i++)
		if (e->items[i].value == v)
			return true;
	return false;
}

/*
 * Does the split test two or more enumerators?  With N distinct values and
 * L in the largest outcome, N - L values were singled out: "type == A"
 * singles out one and is a predicate; "type != A && type != B", "type == A
 * || type == B" and ladders single out two or more.
 */
static bool tests_several(const struct ir_split *s)
{
	const struct ir_enum *e = s->type;
	unsigned ndistinct = 0, largest = 0, nonempty = 0;
	for (unsigned i = 0; i < e->n; i++)
		ndistinct += !seen_value(e, i, e->items[i].value);
	for (unsigned o = 0; o < s->noutcomes; o++) {
		unsigned values = 0;
		for (unsigned i = 0; i < e->n; i++)
			if (s->outcome_of[i] == (int)o) {
				bool again = false;
				for (unsigned j = 0; j < i; j++)
					again |= s->outcome_of[j] == (int)o &&
						 e->items[j].value == e->items[i].value;
				values += !again;
			}
		if (values > largest)
			largest = values;
		nonempty += values > 0;
	}
	return nonempty >= 2 && ndistinct - largest >= 2;
}

/* The names of the enumerators that reach outcome O, joined; *COUNT of them. */
static char *names_of(const struct ir_split *s, unsigned o, unsigned *count)
{
	const char **names = (const char **)calloc(s->type->n + 1, sizeof(*names));
	unsigned n = 0;
	for (unsigned i = 0; i < s->type->n; i++)
		if (s->outcome_of[i] == (int)o)
			names[n++] = s->type->items[i].name;
	char *r = join(names, n);
	free(names);
	if (count)
		*count = n;
	return r;
}

static int outcome_line(const struct ir_outcome *o)
{
	return o->is_truth || o->line <= 0 ? 0x7fffffff : o->line;
}

/*
 * Two outcomes that are the condition's truth values read "holds for X and
 * fails for Y"; otherwise each branch is named by its first line.
 */
bool pgmap_type_judge_split(const struct ir_split *s, struct ir_finding *out)
{
	if (!tests_several(s))
		return false;
	int holds = -1, fails = -1;
	unsigned nonempty = 0;
	for (unsigned o = 0; o < s->noutcomes; o++) {
		unsigned n;
		free(names_of(s, o, &n));
		if (!n)
			continue;
		nonempty++;
		const struct ir_outcome *x = &s->outcomes[o];
		bool t = x->is_truth ? x->truth : x->via_true && !x->via_false;
		bool f = x->is_truth ? !x->truth : x->via_false && !x->via_true;
		if (t)
			holds = (int)o;
		else if (f)
			fails = (int)o;
	}
	memset(out, 0, sizeof(*out));
	out->loc = s->loc;
	char *m = xstrcat(quoted(s->value), " is tested against several memory types: ");
	if (nonempty == 2 && holds >= 0 && fails >= 0) {
		char *h = names_of(s, (unsigned)holds, NULL), *f = names_of(s, (unsigned)fails, NULL);
		m = xstrcat(xstrcat(xstrcat(xstrcat(m, "the condition holds for "), h), " and fails for "), f);
		free(h);
		free(f);
	} else {
		/* The branches in line order (stable: equal lines keep their order). */
		unsigned *order = (unsigned *)calloc(s->noutcomes + 1, sizeof(*order));
		for (unsigned o = 0; o < s->noutcomes; o++) {
			unsigned k = o;
			while (k > 0 && outcome_line(&s->outcomes[order[k - 1]]) > outcome_line(&s->outcomes[o])) {
				order[k] = order[k - 1];
				k--;
			}
			order[k] = o;
		}
		bool first = true;
		for (unsigned k = 0; k < s->noutcomes; k++) {
			unsigned n;
			char *names = names_of(s, order[k], &n);
			if (!n) {
				free(names);
				continue;
			}
			int line = outcome_line(&s->outcomes[order[k]]);
			char where[64];
			if (line == 0x7fffffff)
				snprintf(where, sizeof(where), "another branch");
			else
				snprintf(where, sizeof(where), "the branch at line %d", line);
			m = xstrcat(xstrcat(m, first ? "" : "; "), names);
			m = xstrcat(m, !first ? "" : n == 1 ? " takes" : " take");
			m = xstrcat(xstrcat(m, " "), where);
			free(names);
			first = false;
		}
		free(order);
	}
	out->message = xstrcat(m, "; dispatch with a switch that names every memory type");
	return true;
}
