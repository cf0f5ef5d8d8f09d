// SPDX-License-Identifier: GPL-2.0
/*
 * ir-paths.c - the path engine: a rule's state machine followed along
 * every path of a function lowered to ir-paths.h, for every engine.
 *
 * A forward "property simulation" (ESP, the way smatch tracks refcounts):
 * each block carries a set of abstract states, a state being the status
 * of every object plus what each location holds.  Identical states are
 * merged at joins, a NULL test splits a state and prunes the impossible
 * side, and a cap on the number of states and on the total work keeps it
 * bounded (the function is skipped, silently, past it).
 *
 * Memory is not tracked: an object stored there escapes, and a tracked
 * pointer loaded from it is what the rule says (path_sm.load).
 *
 * The engine reports, for objects acquired in the function: leaks at a
 * return (also by overwriting the only copy, or by an acquire in a loop
 * overwriting its own earlier object), an ignored result, a use before the
 * NULL test or where it is NULL; for every object: a use after the release
 * and a second release.  The rule adds its own diagnostics (path_report).
 *
 * Plain C, also compiled as C++ (see ir.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ir-paths.h"

void *ir_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		abort();
	return p;
}

static bool loc_known(struct ir_loc l)
{
	return l.line != 0 || l.handle != 0;
}

static bool same_loc(struct ir_loc a, struct ir_loc b)
{
	return a.handle == b.handle && a.line == b.line && a.column == b.column &&
	       (a.file == b.file || (a.file && b.file && !strcmp(a.file, b.file)));
}

static const struct ir_loc no_loc = { NULL, 0, 0, 0 };

/* ------------------------------------------------------------------ */
/* Text                                                                 */

char *ir_format(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = (char *)ir_xrealloc(NULL, n + 1);
	va_start(ap, fmt);
	vsnprintf(s, n + 1, fmt, ap);
	va_end(ap);
	return s;
}

void ir_add_note(struct ir_finding *f, struct ir_loc at, char *message)
{
	f->notes = (struct ir_note *)ir_xrealloc(f->notes, (f->nnotes + 1) * sizeof(*f->notes));
	f->notes[f->nnotes].at = at;
	f->notes[f->nnotes].message = message;
	f->nnotes++;
}

/* ------------------------------------------------------------------ */
/* Helper summaries (ir-paths.h): what a static helper hands its caller */

/* What a helper's return value says at its exits (bits). */
enum { RC_ZERO = 1, RC_NONZERO = 2, RC_TEST0 = 4, RC_TEST1 = 8, RC_OTHER = 16 };

/* One channel (the return value, or *PARM) over all the exits seen. */
struct chan_acc {
	bool invalid;		/* an exit hands back something else */
	unsigned held, nothing;	/* exits handing an object held / nothing (NULL, *out as it was) */
	bool held_unchecked;	/* ... held but maybe NULL */
	unsigned held_ret, nothing_ret;	/* RC_* the return value had on those exits */
	struct ir_loc handoff;	/* the first store or return of a held object */
};

struct chan_summary {
	bool acquires;		/* the caller gets an object through this channel */
	bool nonnull;		/* and it is never NULL */
	bool consumes;		/* *out is read first: the caller's cached object is taken over */
	/* *out channels: the call's value, PV_FALSE or PV_TRUE (always), PV_TEST
	 * (nonzero iff the object is non-NULL when POL, NULL when !POL), or 0. */
	enum path_value_kind lhs;
	int pol;
	struct ir_loc handoff;
	char *parm;		/* the helper's parameter's name (channels 1 + I), or NULL */
};

struct path_summary {
	const struct path_sm *sm;
	char *name;		/* the helper */
	struct chan_summary *chans;	/* [0] the return value, [1 + I] parameter I */
	unsigned nchans;
};

/* The summaries of this translation unit's helpers, filled as they are analysed. */
static struct path_summary *summaries;
static unsigned nsummaries, capsummaries;

static const struct path_summary *summary_of(const struct path_sm *sm, const char *callee)
{
	for (unsigned i = 0; callee && i < nsummaries; i++)
		if (summaries[i].sm == sm && !strcmp(summaries[i].name, callee))
			return &summaries[i];
	return NULL;
}

bool path_summarised(const struct path_sm *sm, const char *callee)
{
	return summary_of(sm, callee) != NULL;
}

bool path_summary_acquires(const struct path_sm *sm, const char *callee, int ch)
{
	const struct path_summary *sum = summary_of(sm, callee);
	return sum && ch >= 0 && (unsigned)ch < sum->nchans && sum->chans[ch].acquires;
}

/* ------------------------------------------------------------------ */
/* The walk's context                                                   */

/* Per block: the states reaching its entry (in the tail, with the edge they entered it by). */
struct state_set {
	struct pstate **states;
	int *via;
	unsigned n, cap, done;	/* states[0 .. done) have been propagated */
};

struct path_ctx {
	const struct path_sm *sm;
	const struct path_fn *fn;
	const struct path_front *front;
	struct path_object *objs;
	int nobjs, capobjs;
	int *acq_obj;		/* per statement: its first object, or -1 */
	char *loc_tests;	/* per location: conditions testing it against 0 (max 2) */
	struct path_diag *diags;
	unsigned ndiags, capdiags;
	struct state_set *sets;	/* per block */
	char *tail;		/* per block: can only go on to a return */
	struct pstate **all;	/* for freeing */
	unsigned nall, capall;
	unsigned work;
	bool bail;
	/* Summarising a static helper (see "Helper summaries"). */
	bool summarising;
	char *slot_escaped;	/* per parameter: the slot's address went elsewhere */
	char *slot_consumed;	/* per parameter: *PARM was read before it was written */
	struct chan_acc *acc;	/* [0] the return value, [1 + I] parameter I */
};

const struct path_fn *path_fn_of(struct path_ctx *c)
{
	return c->fn;
}

const struct path_stmt *path_stmt_of(struct path_ctx *c, int stmt)
{
	return stmt >= 0 ? &c->fn->stmts[stmt] : NULL;
}

const struct path_object *path_object_of(struct path_ctx *c, int o)
{
	return &c->objs[o];
}

int path_site(struct path_ctx *c, int stmt)
{
	return stmt + 1;
}

int path_site_stmt(struct path_ctx *c, int site)
{
	return site - 1;
}

static const struct path_op no_op = { POP_NONE, -1, false, false, false, false, -1, false, false, -1, NULL };

const struct path_op *path_call_arg(struct path_ctx *c, int stmt, int i)
{
	const struct path_stmt *st = &c->fn->stmts[stmt];
	return i >= 0 && (unsigned)i < st->nargs ? &st->args[i] : &no_op;
}

/* ------------------------------------------------------------------ */
/* States                                                               */

static void ps_reserve(struct pstate *s, unsigned n)
{
	if (n > s->cap) {
		s->cap = n < 2 * s->cap ? 2 * s->cap : n;
		s->v = (int *)ir_xrealloc(s->v, s->cap * sizeof(int));
	}
}

static struct pstate *new_state(struct path_ctx *c, const struct pstate *from)
{
	struct pstate *s = (struct pstate *)calloc(1, sizeof(*s));
	if (!s)
		abort();
	if (from && from->n) {
		ps_reserve(s, from->n);
		memcpy(s->v, from->v, from->n * sizeof(int));
		s->n = from->n;
	}
	IR_GROW(c->all, c->nall, c->capall);
	c->all[c->nall++] = s;
	return s;
}

/* Remove the (location, value) pair at I. */
static void ps_remove_pair(struct pstate *s, unsigned i)
{
	memmove(&s->v[i], &s->v[i + 2], (s->n - i - 2) * sizeof(int));
	s->n -= 2;
}

enum path_status path_status_of(const struct pstate *s, int r)
{
	return (enum path_status)(s->v[r] & 15);
}

int path_release_site(const struct pstate *s, int r)
{
	return s->v[r] >> 4;
}

void path_set(struct pstate *s, int r, enum path_status status, int put_site)
{
	s->v[r] = (int)status | (put_site << 4);
}

/* Index of the first (location, value) pair at or after LOC. */
static unsigned loc_slot(struct path_ctx *c, const struct pstate *s, int loc)
{
	unsigned lo = 0, hi = (s->n - c->nobjs) / 2;
	unsigned base = c->nobjs;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (s->v[base + 2 * mid] < loc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return base + 2 * lo;
}

static int loc_get(struct path_ctx *c, const struct pstate *s, int loc)
{
	if (loc < 0)
		return 0;
	unsigned i = loc_slot(c, s, loc);
	return i < s->n && s->v[i] == loc ? s->v[i + 1] : 0;
}

static void loc_put(struct path_ctx *c, struct pstate *s, int loc, int val)
{
	unsigned i = loc_slot(c, s, loc);
	bool present = i < s->n && s->v[i] == loc;
	if (present && val) {
		s->v[i + 1] = val;
	} else if (present) {
		ps_remove_pair(s, i);
	} else if (val) {
		ps_reserve(s, s->n + 2);
		memmove(&s->v[i + 2], &s->v[i], (s->n - i) * sizeof(int));
		s->v[i] = loc;
		s->v[i + 1] = val;
		s->n += 2;
	}
}

/* Forget every value that mentions object R (it is no longer followed). */
static void path_forget_values_of(struct path_ctx *c, struct pstate *s, int r, bool refs_too)
{
	for (unsigned i = c->nobjs; i < s->n; ) {
		int v = s->v[i + 1];
		bool mentions = (PATH_VAL_KIND(v) == PV_OBJ && refs_too && PATH_VAL_ARG(v) == r) ||
			(PATH_VAL_KIND(v) == PV_TEST && PATH_VAL_ARG(v) / 2 == r) ||
			(PATH_VAL_KIND(v) == PV_FIELDADDR && PATH_VAL_ARG(v) == r);
		if (mentions)
			ps_remove_pair(s, i);
		else
			i += 2;
	}
}

/* A variable other than EXCEPT that still holds object R. */
static bool path_other_holder(struct path_ctx *c, const struct pstate *s, int r, int except)
{
	for (unsigned i = c->nobjs; i < s->n; i += 2)
		if (s->v[i] != except && c->fn->locs[s->v[i]].holder && s->v[i + 1] == PATH_VAL(PV_OBJ, r))
			return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* Diagnostics (collected, emitted sorted once the function is done)    */

/* Queue a diagnostic; the same KIND, LOC and object again is dropped. */
void path_report(struct path_ctx *c, int kind, int at, struct ir_loc loc, int ref, int other)
{
	for (unsigned i = 0; i < c->ndiags; i++)
		if (c->diags[i].kind == kind && same_loc(c->diags[i].loc, loc) && c->diags[i].obj == ref)
			return;
	IR_GROW(c->diags, c->ndiags, c->capdiags);
	struct path_diag d = { kind, loc, ref, at, other };
	c->diags[c->ndiags++] = d;
}

/* ------------------------------------------------------------------ */
/* Evaluating operands                                                  */

/*
 * The parameter whose caller's slot OP reads or writes ("*out", OUT a
 * parameter pointing to a tracked pointer), or -1.
 */
static int slot_of_ref(struct path_ctx *c, const struct pstate *s, int base)
{
	if (!c->summarising || base < 0)
		return -1;
	int v = loc_get(c, s, base);
	return PATH_VAL_KIND(v) == PV_SLOT ? PATH_VAL_ARG(v) : -1;
}

/* The value of operand OP in state S.  STMT is the statement reading it. */
int path_eval(struct path_ctx *c, const struct pstate *s, const struct path_op *op, int stmt)
{
	switch (op->kind) {
	case POP_NULL:
		return PATH_VAL(PV_NULL, 0);
	case POP_INT:
		/* A helper's "return 0;" / "return -ENXIO;": what tells its caller. */
		return c->summarising ? PATH_VAL(op->nonzero ? PV_TRUE : PV_FALSE, 0) : 0;
	case POP_LOC:
		return loc_get(c, s, op->loc);
	case POP_MEM: {
		int slot = slot_of_ref(c, s, op->base);
		if (slot >= 0) {
			int v = loc_get(c, s, c->fn->parms[slot].slot_loc);
			if (PATH_VAL_KIND(v) != PV_INIT)
				return v;
			c->slot_consumed[slot] = 1;	/* the caller's pgmap, as the rule reads it */
		}
		/* A tracked pointer loaded from memory: the rule says what it is. */
		return c->sm->load(c, op, stmt);
	}
	default:
		return 0;
	}
}

/* Where a store to DEST goes: a location, the caller's slot, or -1 (memory). */
static int dest_loc(struct path_ctx *c, const struct pstate *s, const struct path_dest *dest)
{
	if (!dest->present)
		return -1;
	if (dest->loc >= 0)
		return dest->loc;
	int slot = slot_of_ref(c, s, dest->base);
	return slot >= 0 ? c->fn->parms[slot].slot_loc : -1;
}

int path_object_of_value(int v)
{
	return PATH_VAL_KIND(v) == PV_OBJ || PATH_VAL_KIND(v) == PV_FIELDADDR ? PATH_VAL_ARG(v) : -1;
}

static int negate_test(int v)
{
	switch (PATH_VAL_KIND(v)) {
	case PV_TEST: return PATH_VAL(PV_TEST, PATH_VAL_ARG(v) ^ 1);
	case PV_TRUE: return PATH_VAL(PV_FALSE, 0);
	case PV_FALSE: return PATH_VAL(PV_TRUE, 0);
	default: return 0;
	}
}

/*
 * The value of "A CMP B" when it is a NULL test: of a pointer against 0
 * (pgmap == NULL), or of an earlier test against 0 (the !! and
 * __builtin_expect() of likely()/unlikely(), WARN_ON()'s int __ret).
 */
static int null_test(struct path_ctx *c, const struct pstate *s, enum path_cmp cmp,
		     const struct path_op *a, const struct path_op *b, int stmt)
{
	if (cmp == PCMP_OTHER)
		return 0;
	if (!b->zero) {
		if (!a->zero)
			return 0;
		const struct path_op *t = a;
		a = b;
		b = t;
	}
	int v = path_eval(c, s, a, stmt);
	if (a->pointer) {
		if (PATH_VAL_KIND(v) == PV_OBJ)
			v = PATH_VAL(PV_TEST, PATH_VAL_ARG(v) * 2 + 1);	/* true iff non-NULL */
		else if (PATH_VAL_KIND(v) == PV_NULL)
			v = PATH_VAL(PV_FALSE, 0);
		else
			return 0;
	} else if (PATH_VAL_KIND(v) != PV_TEST && PATH_VAL_KIND(v) != PV_TRUE && PATH_VAL_KIND(v) != PV_FALSE) {
		return 0;
	}
	return cmp == PCMP_NE ? v : negate_test(v);
}

/* ------------------------------------------------------------------ */
/* Events on objects                                                    */

/* Object R escapes (returned, stored, passed): no longer ours to release. */
static void path_escape(struct pstate *s, int r)
{
	if (path_held_p(path_status_of(s, r)))
		path_set(s, r, PS_GONE, 0);
}

/*
 * STMT uses object R: it dereferences it, or passes it to a function that
 * does (BORROW).  NULL_OK: only a use after the release matters.
 */
void path_use(struct path_ctx *c, struct pstate *s, int r, int stmt, bool borrow, bool null_ok)
{
	struct ir_loc loc = c->fn->stmts[stmt].loc;
	bool ours = c->objs[r].acq >= 0;
	switch (path_status_of(s, r)) {
	case PS_UNCHECKED:
		if (null_ok)
			return;
		if (ours)
			path_report(c, borrow ? PD_UNCHECKED_PASS : PD_UNCHECKED, stmt, loc, r, -1);
		path_set(s, r, PS_NONNULL, 0);		/* report once per path */
		return;
	case PS_NULL:
		if (null_ok)
			return;
		if (ours)
			path_report(c, PD_NULL_USE, stmt, loc, r, -1);
		path_set(s, r, PS_GONE, 0);
		return;
	case PS_RELEASED:
		path_report(c, PD_USE_AFTER_RELEASE, stmt, loc, r,
			    path_site_stmt(c, path_release_site(s, r)));
		path_set(s, r, PS_GONE, 0);
		return;
	default:
		return;
	}
}

/*
 * Location LOC gets value VAL.  Overwriting the only copy of an object
 * that is still held leaks it (AT is the statement, -1 for an edge's
 * copy; WHERE is where, for the report).
 */
static void path_write(struct path_ctx *c, struct pstate *s, int loc, int val, int at,
		       struct ir_loc where)
{
	enum path_value_kind k = PATH_VAL_KIND(val);
	if ((k == PV_NULL || k == PV_TAG1 || k == PV_TAG2) && !c->fn->locs[loc].tracked)
		val = 0;
	int old = loc_get(c, s, loc);
	if (old == val)
		return;
	if (c->fn->locs[loc].holder && PATH_VAL_KIND(old) == PV_OBJ) {
		int r = PATH_VAL_ARG(old);
		if (c->objs[r].acq >= 0 && path_held_p(path_status_of(s, r)) &&
		    !path_other_holder(c, s, r, loc)) {
			path_report(c, PD_OVERWRITE, at, where, r, -1);
			path_set(s, r, PS_GONE, 0);
		}
	}
	if (c->summarising && k == PV_OBJ && c->objs[PATH_VAL_ARG(val)].acq >= 0)
		for (unsigned i = 0; i < c->fn->nparms; i++)
			if (c->fn->parms[i].slot_loc == loc && !loc_known(c->acc[1 + i].handoff))
				c->acc[1 + i].handoff = where;
	loc_put(c, s, loc, val);
}

/* Each memory access of STMT: a dereference of an object is a use. */
static void check_derefs(struct path_ctx *c, struct pstate *s, int stmt)
{
	const struct path_stmt *st = &c->fn->stmts[stmt];
	for (unsigned i = 0; i < st->nderefs; i++) {
		int r = path_object_of_value(loc_get(c, s, st->derefs[i]));
		if (r >= 0)
			path_use(c, s, r, stmt, false, false);
	}
}

/* ------------------------------------------------------------------ */
/* Statements                                                           */

/*
 * "a && b" folded to "a & b" on _Bool (no side effects, -O2): known when one side
 * decides it (false && x, true || x) or is neutral (true && x, false || x).
 */
static int combine_tests(bool is_and, int a, int b)
{
	enum path_value_kind absorbing = is_and ? PV_FALSE : PV_TRUE;
	enum path_value_kind neutral = is_and ? PV_TRUE : PV_FALSE;
	if (PATH_VAL_KIND(a) == absorbing || PATH_VAL_KIND(b) == absorbing)
		return PATH_VAL(absorbing, 0);
	if (PATH_VAL_KIND(a) == neutral)
		return b;
	if (PATH_VAL_KIND(b) == neutral)
		return a;
	return 0;
}

/* The value an assignment computes. */
static int assign_value(struct path_ctx *c, const struct pstate *s, int stmt)
{
	const struct path_stmt *st = &c->fn->stmts[stmt];
	switch (st->rhs) {
	case PRHS_CMP:
		return null_test(c, s, st->cmp, &st->a, &st->b, stmt);
	case PRHS_FIELDADDR: {
		/* &obj->field (&pgmap->ref): a pointer into the object, not a copy of it. */
		int r = st->a.kind != POP_NONE ? path_object_of_value(path_eval(c, s, &st->a, stmt)) : -1;
		return r >= 0 ? PATH_VAL(PV_FIELDADDR, r) : 0;
	}
	case PRHS_COPY: {
		int v = path_eval(c, s, &st->a, stmt);
		/* (char)256 is 0: a narrowing conversion does not keep "nonzero". */
		return PATH_VAL_KIND(v) == PV_TRUE && st->narrowing ? 0 : v;
	}
	case PRHS_NOT:
		return negate_test(path_eval(c, s, &st->a, stmt));
	case PRHS_XOR1: {
		int v = path_eval(c, s, &st->a, stmt);
		/* A flag known nonzero may be 3: 3 ^ 1 is nonzero too. */
		return PATH_VAL_KIND(v) == PV_TEST || st->one_bit ? negate_test(v) : 0;
	}
	case PRHS_AND:
	case PRHS_OR:
		return combine_tests(st->rhs == PRHS_AND, path_eval(c, s, &st->a, stmt),
				     path_eval(c, s, &st->b, stmt));
	case PRHS_PTRPLUS: {
		int r = path_object_of_value(path_eval(c, s, &st->a, stmt));
		return r >= 0 ? PATH_VAL(PV_FIELDADDR, r) : 0;
	}
	default:
		return 0;
	}
}

static void transfer_assign(struct path_ctx *c, struct pstate *s, int stmt)
{
	const struct path_stmt *st = &c->fn->stmts[stmt];
	int val = assign_value(c, s, stmt);
	int loc = dest_loc(c, s, &st->dest);
	if (loc >= 0)
		path_write(c, s, loc, val, stmt, st->loc);
	else if (PATH_VAL_KIND(val) == PV_OBJ)
		path_escape(s, PATH_VAL_ARG(val));	/* stored through a pointer, into a struct or a global */
	else if (PATH_VAL_KIND(val) == PV_SLOT)
		c->slot_escaped[PATH_VAL_ARG(val)] = 1;
}

/*
 * STMT, an acquiring call, takes its object anew.  CONSUMED: the object
 * the call took over from its arguments (-1 if none), e.g. a cached pgmap
 * that get_dev_pagemap() returns as-is.
 */
static void acquire_object(struct path_ctx *c, struct pstate *s, int r, int stmt, int consumed,
			   int loc, bool kept)
{
	struct ir_loc where = c->fn->stmts[stmt].loc;
	/*
	 * This call ran before on this path (a loop) and its object is still
	 * held: overwriting its only copy leaks it.  If another variable still
	 * holds it, the two instances cannot be told apart: stop following it.
	 */
	if (consumed != r && path_held_p(path_status_of(s, r))) {
		if (path_other_holder(c, s, r, loc)) {
			path_forget_values_of(c, s, r, true);
		} else {
			path_report(c, PD_LOOP_OVERWRITE, stmt, where, r, -1);
			if (loc >= 0)
				loc_put(c, s, loc, 0);
		}
	}
	path_forget_values_of(c, s, r, false);	/* stale NULL tests of the old one */
	path_set(s, r, PS_UNCHECKED, 0);

	if (loc >= 0) {
		path_write(c, s, loc, PATH_VAL(PV_OBJ, r), stmt, where);
	} else if (kept) {
		path_set(s, r, PS_GONE, 0);		/* ctx->pgmap = get_dev_pagemap(...) */
	} else {
		path_report(c, PD_IGNORED, stmt, where, r, -1);
		path_set(s, r, PS_GONE, 0);
	}
}

void path_acquire(struct path_ctx *c, struct pstate *s, int stmt, int consumed)
{
	const struct path_dest *dest = &c->fn->stmts[stmt].dest;
	acquire_object(c, s, c->acq_obj[stmt], stmt, consumed, dest_loc(c, s, dest), dest->present);
}

/* STMT releases the value V: an object of ours, or nothing we follow. */
void path_release(struct path_ctx *c, struct pstate *s, int stmt, int v)
{
	if (PATH_VAL_KIND(v) != PV_OBJ)
		return;		/* not ours: page->pgmap in free_zone_device_page() is fine */
	int r = PATH_VAL_ARG(v);
	switch (path_status_of(s, r)) {
	case PS_UNCHECKED:
	case PS_NONNULL:
		path_set(s, r, PS_RELEASED, path_site(c, stmt));
		return;
	case PS_RELEASED:
		path_report(c, PD_DOUBLE_RELEASE, stmt, c->fn->stmts[stmt].loc, r,
			    path_site_stmt(c, path_release_site(s, r)));
		path_set(s, r, PS_GONE, 0);
		return;
	default:
		return;		/* releasing NULL does nothing (put_dev_pagemap(NULL)) */
	}
}

/*
 * The object call STMT is a method of, -1 if none: an indirect call through
 * a table the object points to, "pgmap->ops->memory_failure(pgmap, ...)".
 * Passing the object to its own method is not a hand-off.  (The callee
 * was loaded through the object: reading it was the use.)
 */
static int method_of(struct path_ctx *c, const struct pstate *s, const struct path_stmt *st)
{
	for (unsigned i = 0; i < st->nmethod_bases; i++) {
		int r = path_object_of_value(loc_get(c, s, st->method_bases[i]));
		if (r >= 0)
			return r;
	}
	return -1;
}

/* Argument V passed to a function that is not the rule's: it may take an object over. */
static void pass_on(struct path_ctx *c, struct pstate *s, int v, int self, int stmt)
{
	if (PATH_VAL_KIND(v) == PV_OBJ && PATH_VAL_ARG(v) != self)
		path_escape(s, PATH_VAL_ARG(v));
	else if (PATH_VAL_KIND(v) == PV_FIELDADDR)
		path_use(c, s, PATH_VAL_ARG(v), stmt, false, false);
	else if (PATH_VAL_KIND(v) == PV_SLOT)
		c->slot_escaped[PATH_VAL_ARG(v)] = 1;
}

/*
 * A call of a summarised helper: each channel that hands an object over
 * acquires one, into the call's result, the local whose address was
 * passed, or the caller's own slot (*out of this function); anything else
 * passed is handed on as to any function.
 */
static void apply_summary(struct path_ctx *c, struct pstate *s, int stmt,
			  const struct path_summary *sum)
{
	const struct path_stmt *st = &c->fn->stmts[stmt];
	int lhs_val = 0;
	bool lhs_done = false;
	for (unsigned i = 0; i < st->nargs; i++) {
		if (i + 1 < sum->nchans && sum->chans[i + 1].acquires)
			continue;
		pass_on(c, s, path_eval(c, s, &st->args[i], stmt), -1, stmt);
	}
	for (int r = c->acq_obj[stmt]; r < c->nobjs && c->objs[r].acq == stmt; r++) {
		int ch = c->objs[r].chan;
		const struct chan_summary *cs = &sum->chans[ch + 1];
		int loc = -1, consumed = -1;
		if (ch < 0) {
			loc = dest_loc(c, s, &st->dest);
			lhs_done = true;
		} else if (c->objs[r].has_var) {
			loc = c->objs[r].var_loc;
		} else {
			int v = path_eval(c, s, path_call_arg(c, stmt, ch), stmt);
			if (PATH_VAL_KIND(v) == PV_SLOT)
				loc = c->fn->parms[PATH_VAL_ARG(v)].slot_loc;
		}
		if (cs->consumes && loc >= 0) {
			int old = loc_get(c, s, loc);
			if (PATH_VAL_KIND(old) == PV_OBJ && path_held_p(path_status_of(s, PATH_VAL_ARG(old)))) {
				consumed = PATH_VAL_ARG(old);
				path_set(s, consumed, PS_GONE, 0);
			} else if (PATH_VAL_KIND(old) == PV_INIT) {
				c->slot_consumed[PATH_VAL_ARG(old)] = 1;
			}
		}
		acquire_object(c, s, r, stmt, consumed, loc, ch >= 0 || st->dest.present);
		if (cs->nonnull && path_status_of(s, r) == PS_UNCHECKED)
			path_set(s, r, PS_NONNULL, 0);
		if (ch >= 0 && !lhs_val && cs->lhs == PV_TEST)
			lhs_val = PATH_VAL(PV_TEST, r * 2 + cs->pol);
		else if (ch >= 0 && !lhs_val && cs->lhs)
			lhs_val = PATH_VAL(cs->lhs, 0);
	}
	int loc = lhs_done ? -1 : dest_loc(c, s, &st->dest);
	if (loc >= 0)
		path_write(c, s, loc, lhs_val, stmt, st->loc);
}

static void transfer_call(struct path_ctx *c, struct pstate *s, int stmt)
{
	const struct path_stmt *st = &c->fn->stmts[stmt];
	int lhs_val = 0;

	enum path_call how = c->sm->call(c, s, stmt, &lhs_val);
	if (how == PC_DONE)
		return;
	const struct path_summary *sum = how == PC_DEFAULT ? summary_of(c->sm, st->callee) : NULL;
	if (sum) {
		apply_summary(c, s, stmt, sum);
		return;
	}
	if (how == PC_SET_LHS) {
		/* the rule's call */
	} else if (st->expect) {
		lhs_val = path_eval(c, s, path_call_arg(c, stmt, 0), stmt);	/* likely(), unlikely() */
	} else if (!st->builtin) {
		/*
		 * Any other function may take the object over, or use it; a
		 * method of the object only uses it.
		 */
		int self = method_of(c, s, st);
		for (unsigned i = 0; i < st->nargs; i++)
			pass_on(c, s, path_eval(c, s, &st->args[i], stmt), self, stmt);
	}
	int loc = dest_loc(c, s, &st->dest);
	if (loc >= 0)
		path_write(c, s, loc, lhs_val, stmt, st->loc);
}

/* ------------------------------------------------------------------ */
/* Returns                                                              */

/*
 * What the return value V says about object R (a channel's), as RC_*: a
 * constant, or a NULL test of R; a NULL test of an object known NULL or
 * not on this path is a constant.
 */
static unsigned return_class(const struct pstate *s, int v, int r)
{
	switch (PATH_VAL_KIND(v)) {
	case PV_FALSE: return RC_ZERO;
	case PV_TRUE: return RC_NONZERO;
	case PV_TEST: {
		int t = PATH_VAL_ARG(v) / 2;
		bool nonnull_is_true = PATH_VAL_ARG(v) & 1;
		if (path_status_of(s, t) == PS_NONNULL)
			return nonnull_is_true ? RC_NONZERO : RC_ZERO;
		if (path_status_of(s, t) == PS_NULL)
			return nonnull_is_true ? RC_ZERO : RC_NONZERO;
		if (t == r)
			return nonnull_is_true ? RC_TEST1 : RC_TEST0;
		return RC_OTHER;
	}
	default: return RC_OTHER;
	}
}

/* Channel CH hands V to the caller on this exit; RETV is the return value. */
static void summarise_channel(struct path_ctx *c, const struct pstate *s, int ch, int v, int retv,
			      struct ir_loc where)
{
	struct chan_acc *a = &c->acc[ch];
	int r = PATH_VAL_KIND(v) == PV_OBJ ? PATH_VAL_ARG(v) : -1;
	if (r >= 0 && c->objs[r].acq >= 0 && path_held_p(path_status_of(s, r))) {
		a->held++;
		a->held_unchecked |= path_status_of(s, r) == PS_UNCHECKED;
		a->held_ret |= return_class(s, retv, r);
		if (!loc_known(a->handoff))
			a->handoff = where;
	} else if (PATH_VAL_KIND(v) == PV_NULL || PATH_VAL_KIND(v) == PV_INIT ||
		   (r >= 0 && c->objs[r].acq >= 0 && path_status_of(s, r) == PS_NULL)) {
		a->nothing++;
		a->nothing_ret |= return_class(s, retv, -1);
	} else {
		a->invalid = true;
	}
}

/*
 * An exit of a helper being summarised: what its channels hand over.  The
 * objects left in the caller's slots are the caller's now.
 */
static void summarise_exit(struct path_ctx *c, struct pstate *s, int retv, int ret, int via)
{
	if (c->fn->returns_tracked)
		summarise_channel(c, s, 0, retv, 0, c->front->exit_location(c->fn, via, ret));
	for (unsigned i = 0; i < c->fn->nparms; i++) {
		if (c->fn->parms[i].slot_loc < 0)
			continue;
		int v = loc_get(c, s, c->fn->parms[i].slot_loc);
		summarise_channel(c, s, 1 + i, v, retv, no_loc);
		if (PATH_VAL_KIND(v) == PV_OBJ)
			path_escape(s, PATH_VAL_ARG(v));
	}
}

static void transfer_return(struct path_ctx *c, struct pstate *s, int ret, int via)
{
	int v = path_eval(c, s, &c->fn->stmts[ret].a, ret);
	if (c->summarising)
		summarise_exit(c, s, v, ret, via);
	if (PATH_VAL_KIND(v) == PV_OBJ)
		path_escape(s, PATH_VAL_ARG(v));
	struct ir_loc where = no_loc;
	bool located = false;
	for (int r = 0; r < c->nobjs; r++)
		if (c->objs[r].acq >= 0 && path_held_p(path_status_of(s, r))) {
			if (!located)
				where = c->front->exit_location(c->fn, via, ret);
			located = true;
			path_report(c, PD_LEAK, ret, where, r, -1);
		}
}

static void transfer_stmt(struct path_ctx *c, struct pstate *s, int stmt, int via)
{
	const struct path_stmt *st = &c->fn->stmts[stmt];
	check_derefs(c, s, stmt);
	switch (st->kind) {
	case PST_ASSIGN:
		transfer_assign(c, s, stmt);
		break;
	case PST_CLOBBER:
		/* End of the variable's scope: forget it (an exit reports the leak). */
		if (st->dest.loc >= 0)
			loc_put(c, s, st->dest.loc, 0);
		break;
	case PST_CALL:
		transfer_call(c, s, stmt);
		break;
	case PST_RETURN:
		transfer_return(c, s, stmt, via);
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Edges                                                                */

/*
 * Refine S by the NULL test T taking the branch TAKEN.  False when the
 * branch cannot be taken in S (the test's outcome is already known).
 */
static bool refine(struct pstate *s, int t, bool taken)
{
	switch (PATH_VAL_KIND(t)) {
	case PV_TRUE:
		return taken;
	case PV_FALSE:
		return !taken;
	case PV_TEST: {
		int r = PATH_VAL_ARG(t) / 2;
		bool nonnull = (PATH_VAL_ARG(t) & 1) == taken;
		switch (path_status_of(s, r)) {
		case PS_UNCHECKED:
			path_set(s, r, nonnull ? PS_NONNULL : PS_NULL, 0);
			return true;
		case PS_NONNULL:
			return nonnull;
		case PS_NULL:
			return !nonnull;
		case PS_RELEASED:
			/* put_dev_pagemap(NULL) then "if (pgmap)": it was never held. */
			if (!nonnull)
				path_set(s, r, PS_NULL, 0);
			return true;
		default:
			return true;
		}
	}
	default:
		return true;
	}
}

/*
 * The integer variable that "A CMP B" tests against 0 ("if (flags)"), or
 * -1.  Temporaries ("flags & FOLL_GET") do not count: they are not
 * compared with anything later.
 */
static int flag_tested(struct path_ctx *c, enum path_cmp cmp, const struct path_op *a,
		       const struct path_op *b)
{
	if (cmp == PCMP_OTHER || !b->zero || !a->integral || a->kind != POP_LOC)
		return -1;
	return c->fn->locs[a->loc].holder ? a->loc : -1;
}

/* Count the tests of variables in STMT: a condition or a comparison ("c && p" at -O2). */
static void count_flag_test(struct path_ctx *c, const struct path_stmt *st)
{
	int flag = -1;
	if (st->kind == PST_COND || (st->kind == PST_ASSIGN && st->rhs == PRHS_CMP))
		flag = flag_tested(c, st->cmp, &st->a, &st->b);
	if (flag >= 0 && c->loc_tests[flag] < 2)
		c->loc_tests[flag]++;
}

/*
 * "if (c) pgmap = get(...); ... if (c) put(pgmap);": the second test goes
 * the way the first went.  Remember which way a variable's test went, for
 * the variables tested more than once (others would only multiply states).
 */
static void record_flag(struct path_ctx *c, struct pstate *s, const struct path_stmt *cond, bool taken)
{
	int loc = flag_tested(c, cond->cmp, &cond->a, &cond->b);
	if (loc < 0 || c->loc_tests[loc] < 2 || loc_get(c, s, loc))
		return;
	bool nonzero = taken == (cond->cmp == PCMP_NE);
	loc_put(c, s, loc, PATH_VAL(nonzero ? PV_TRUE : PV_FALSE, 0));
}

/* The copies on edge E (PHIs), as parallel assignments. */
static void apply_copies(struct path_ctx *c, struct pstate *s, const struct path_edge *e)
{
	int vals[e->ncopies ? e->ncopies : 1];
	for (unsigned i = 0; i < e->ncopies; i++)
		vals[i] = path_eval(c, s, &e->copies[i].a, -1);
	for (unsigned i = 0; i < e->ncopies; i++)
		path_write(c, s, e->copies[i].dest, vals[i], -1, e->copies[i].loc);
}

/* Drop the temporaries that are dead once block B is left. */
static void drop_block_temps(struct path_ctx *c, struct pstate *s, int b)
{
	for (unsigned i = c->nobjs; i < s->n; ) {
		if (c->fn->locs[s->v[i]].block == b)
			ps_remove_pair(s, i);
		else
			i += 2;
	}
}

static bool transfer_edge(struct path_ctx *c, struct pstate *s, int edge)
{
	const struct path_edge *e = &c->fn->edges[edge];
	int cond = e->src >= 0 ? c->fn->blocks[e->src].cond : -1;
	if (cond >= 0 && (e->on_true || e->on_false)) {
		const struct path_stmt *st = &c->fn->stmts[cond];
		int t = null_test(c, s, st->cmp, &st->a, &st->b, cond);
		if (!refine(s, t, e->on_true))
			return false;
		record_flag(c, s, st, e->on_true);
	}
	apply_copies(c, s, e);
	if (e->src >= 0)
		drop_block_temps(c, s, e->src);
	return true;
}

/* ------------------------------------------------------------------ */
/* The worklist                                                         */

/*
 * The tail: the return blocks and the blocks that can only go on to one
 * ("out: unlock(); return ret;").  States in the tail are kept apart by
 * the edge they entered it by, so that a leak names the return (or the
 * "goto out") it leaves by.  Successors come later in reverse post-order.
 */
static void find_tail(struct path_ctx *c)
{
	const struct path_fn *fn = c->fn;
	for (int b = (int)fn->nreach - 1; b >= 0; b--) {
		const struct path_block *bb = &fn->blocks[b];
		int succ = bb->nsuccs == 1 ? fn->edges[bb->succs[0]].dest : -1;
		c->tail[b] = bb->returns || (succ >= 0 && succ != b && c->tail[succ]);
	}
}

/* Drop the recorded outcomes of flag tests (see record_flag), and a summarised helper's constants. */
static void forget_flags(struct path_ctx *c, struct pstate *s)
{
	for (unsigned i = c->nobjs; i < s->n; ) {
		enum path_value_kind k = PATH_VAL_KIND(s->v[i + 1]);
		/* A helper being summarised also keeps its constants ("ret = 0"):
		 * forget them too (its return value then tells nothing). */
		if ((c->loc_tests[s->v[i]] >= 2 || c->summarising) && (k == PV_TRUE || k == PV_FALSE))
			ps_remove_pair(s, i);
		else
			i += 2;
	}
}

static bool states_equal(const struct pstate *a, const struct pstate *b)
{
	return a->n == b->n && (!a->n || !memcmp(a->v, b->v, a->n * sizeof(int)));
}

/*
 * The edge that names the exit of a state crossing E, which it entered
 * the tail by (VIA, or -1 outside the tail): the edge into the tail, or
 * the first goto or return the user wrote in it.  "goto out; ... out:
 * return ret;" is named by its goto at every optimisation level, even
 * where GCC keeps the return in a block of its own with a goto to it.
 */
static int tail_edge(struct path_ctx *c, int edge, int via)
{
	const struct path_edge *e = &c->fn->edges[edge];
	if (!c->tail[e->dest])
		return -1;
	if (e->src < 0 || !c->tail[e->src] || via < 0)
		return edge;
	return e->explicit_jump && !c->fn->edges[via].explicit_jump ? edge : via;
}

/*
 * Add S to the states at the entry of block B.  VIA: the edge S entered
 * the tail by, -1 outside it.  True if new.
 */
static bool add_state(struct path_ctx *c, int b, struct pstate *s, int via)
{
	struct state_set *set = &c->sets[b];
	/*
	 * Many flags tested twice multiply the states (2^n): past half the
	 * cap, forget which way the flags went, so that such states merge.
	 */
	if (set->n >= c->sm->max_states / 2)
		forget_flags(c, s);
	for (unsigned i = 0; i < set->n; i++)
		if (set->via[i] == via && states_equal(set->states[i], s))
			return false;
	if (set->n >= c->sm->max_states) {
		c->bail = true;
		return false;
	}
	if (set->n >= set->cap) {
		set->cap = set->cap ? 2 * set->cap : 4;
		set->states = (struct pstate **)ir_xrealloc(set->states, set->cap * sizeof(*set->states));
		set->via = (int *)ir_xrealloc(set->via, set->cap * sizeof(int));
	}
	set->states[set->n] = s;
	set->via[set->n] = via;
	set->n++;
	return true;
}

/* Run the new states of block B through it and along its edges. */
static void process_block(struct path_ctx *c, int b, char *pending)
{
	const struct path_block *bb = &c->fn->blocks[b];
	struct state_set *set = &c->sets[b];
	while (set->done < set->n && !c->bail) {
		unsigned i = set->done++;
		if (++c->work > c->sm->max_work) {
			c->bail = true;
			return;
		}
		struct pstate *s = new_state(c, set->states[i]);
		int via = set->via[i];
		for (unsigned k = 0; k < bb->n; k++)
			transfer_stmt(c, s, bb->first + k, via);

		for (unsigned k = 0; k < bb->nsuccs; k++) {
			int edge = bb->succs[k];
			int dest = c->fn->edges[edge].dest;
			if (dest < 0)
				continue;
			struct pstate *next = new_state(c, s);
			int tail_via = tail_edge(c, edge, via);
			if (transfer_edge(c, next, edge) && add_state(c, dest, next, tail_via))
				pending[dest] = 1;
		}
	}
}

/* The state at function entry: each tracked parameter holds the caller's object. */
static struct pstate *entry_state(struct path_ctx *c)
{
	struct pstate *s = new_state(c, NULL);
	ps_reserve(s, c->nobjs);
	memset(s->v, 0, c->nobjs * sizeof(int));
	s->n = c->nobjs;
	for (int r = 0; r < c->nobjs; r++)
		if (c->objs[r].parm >= 0) {
			path_set(s, r, PS_UNCHECKED, 0);
			/* -1 if its address is taken (then it is memory). */
			int loc = c->fn->parms[c->objs[r].parm].loc;
			if (loc >= 0)
				loc_put(c, s, loc, PATH_VAL(PV_OBJ, r));
		}
	/* A helper's "struct dev_pagemap **out": the caller's slot, as it was. */
	for (unsigned i = 0; i < c->fn->nparms; i++) {
		const struct path_parm *p = &c->fn->parms[i];
		if (p->slot_loc >= 0 && p->loc >= 0) {
			loc_put(c, s, p->loc, PATH_VAL(PV_SLOT, (int)i));
			loc_put(c, s, p->slot_loc, PATH_VAL(PV_INIT, (int)i));
		}
	}
	return s;
}

static void run(struct path_ctx *c)
{
	unsigned n = c->fn->nreach;
	if (!n)
		return;
	c->sets = (struct state_set *)calloc(c->fn->nblocks, sizeof(*c->sets));
	c->tail = (char *)calloc(c->fn->nblocks, 1);
	char *pending = (char *)calloc(n, 1);
	if (!c->sets || !c->tail || !pending)
		abort();
	find_tail(c);

	int first = c->fn->entry_edge;
	struct pstate *s = entry_state(c);
	if (transfer_edge(c, s, first) && add_state(c, 0, s, tail_edge(c, first, -1)))
		pending[0] = 1;

	/* Always the earliest pending block in reverse post-order. */
	for (;;) {
		unsigned next = 0;
		while (next < n && !pending[next])
			next++;
		if (c->bail || next == n)
			break;
		pending[next] = 0;
		process_block(c, next, pending);
	}
	free(pending);
}

/* ------------------------------------------------------------------ */
/* Reporting                                                            */

/* Source order, so the output does not depend on the walk. */
static int diag_cmp(const struct path_diag *x, const struct path_diag *y)
{
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	if (x->loc.column != y->loc.column)
		return x->loc.column < y->loc.column ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->obj - y->obj;
}

/* A stable insertion sort: few diagnostics per function. */
static void sort_diags(struct path_diag *d, unsigned n)
{
	for (unsigned i = 1; i < n; i++) {
		struct path_diag t = d[i];
		unsigned j = i;
		for (; j > 0 && diag_cmp(&d[j - 1], &t) > 0; j--)
			d[j] = d[j - 1];
		d[j] = t;
	}
}

/*
 * One warning per leaked object, at its first leaking exit in source
 * order; its other leaking exits become notes (as smatch's "not released
 * on lines: ..."), so a missing release before a shared label is one report.
 */
static void emit(struct path_ctx *c)
{
	sort_diags(c->diags, c->ndiags);
	for (unsigned i = 0; i < c->ndiags; i++) {
		const struct path_diag *d = &c->diags[i];
		bool repeat = false;
		for (unsigned j = 0; j < i && !repeat; j++)
			repeat = d->kind == PD_LEAK && c->diags[j].kind == PD_LEAK &&
				 c->diags[j].obj == d->obj;
		if (repeat)
			continue;
		struct ir_finding f;
		memset(&f, 0, sizeof(f));
		f.loc = d->loc;
		if (!c->sm->report(c, d, &f)) {
			ir_finding_free(&f);
			continue;
		}
		for (unsigned j = i + 1; j < c->ndiags; j++)
			if (d->kind == PD_LEAK && c->diags[j].kind == PD_LEAK && c->diags[j].obj == d->obj)
				ir_add_note(&f, c->diags[j].loc,
					    ir_format(IR_OPEN_QUOTE "%s" IR_CLOSE_QUOTE " also leaks when "
						      "the function returns by this path",
						      c->sm->object_name(c, d->obj)));
		c->front->report(c->sm->rule, &f);
		ir_finding_free(&f);
	}
}

/* ------------------------------------------------------------------ */
/* Objects and summaries                                                */

static int add_object(struct path_ctx *c, struct path_object p)
{
	IR_GROW(c->objs, c->nobjs, c->capobjs);
	c->objs[c->nobjs] = p;
	return c->nobjs++;
}

/*
 * The objects of the function: one per acquiring call, one per channel of
 * a summarised helper's call, one per parameter of the tracked type; how
 * often each variable is tested against 0 (see record_flag); and, for a
 * static helper, whether it is summarised.
 */
static void find_objects(struct path_ctx *c)
{
	const struct path_fn *fn = c->fn;
	for (unsigned k = 0; k < fn->nscan; k++) {
		int id = fn->scan[k];
		const struct path_stmt *st = &fn->stmts[id];
		count_flag_test(c, st);
		if (st->kind != PST_CALL)
			continue;
		const struct path_summary *sum;
		if (c->sm->acquires(st)) {
			struct path_object p = { id, -1, -1, NULL, false, NULL, -1, no_loc };
			c->acq_obj[id] = add_object(c, p);
		} else if ((sum = summary_of(c->sm, st->callee))) {
			c->acq_obj[id] = c->nobjs;
			for (unsigned ch = 0; ch < sum->nchans; ch++) {
				if (!sum->chans[ch].acquires)
					continue;
				const struct path_op *arg = ch ? path_call_arg(c, id, ch - 1) : &no_op;
				struct path_object p = { id, -1, (int)ch - 1, sum->chans[ch].parm,
							 arg->addr, arg->addr_name, arg->addr_loc,
							 sum->chans[ch].handoff };
				add_object(c, p);
			}
		}
	}
	for (unsigned i = 0; i < fn->nparms; i++)
		if (fn->parms[i].tracked) {
			struct path_object p = { -1, (int)i, -1, NULL, false, NULL, -1, no_loc };
			add_object(c, p);
		}

	/* A static helper that may hand its caller an object gets a summary. */
	bool any = fn->returns_tracked;
	for (unsigned i = 0; i < fn->nparms; i++)
		any |= fn->parms[i].slot_loc >= 0;
	c->summarising = any && fn->is_static;
}

/* The summary of the function just walked, from what its exits handed over; false if none. */
static bool save_summary(struct path_ctx *c)
{
	const struct path_fn *fn = c->fn;
	unsigned nchans = 1 + fn->nparms;
	struct chan_summary *chans = (struct chan_summary *)calloc(nchans, sizeof(*chans));
	if (!chans)
		abort();
	bool any = false;
	for (unsigned ch = 0; ch < nchans; ch++) {
		const struct chan_acc *a = &c->acc[ch];
		struct chan_summary *cs = &chans[ch];
		cs->acquires = a->held && !a->invalid && (ch == 0 || !c->slot_escaped[ch - 1]);
		cs->nonnull = !a->held_unchecked && !a->nothing;
		cs->consumes = ch > 0 && c->slot_consumed[ch - 1];
		cs->handoff = a->handoff;
		cs->lhs = PV_UNKNOWN;
		if (ch > 0 && !a->nothing) {
			/* Always stored: the return value is only known if constant. */
			if (a->held_ret == RC_ZERO)
				cs->lhs = PV_FALSE;
			else if (a->held_ret == RC_NONZERO)
				cs->lhs = PV_TRUE;
		} else if (ch > 0 && !(a->held_ret & ~(RC_ZERO | RC_TEST0)) && a->nothing_ret == RC_NONZERO) {
			cs->lhs = PV_TEST;	/* "return -ENXIO;" when nothing was stored */
			cs->pol = 0;
		} else if (ch > 0 && !(a->held_ret & ~(RC_NONZERO | RC_TEST1)) && a->nothing_ret == RC_ZERO) {
			cs->lhs = PV_TEST;	/* "return false;" when nothing was stored */
			cs->pol = 1;
		}
		/*
		 * Stored on some exits only, and neither the return value nor a
		 * void function's *out tells the caller which: a caller testing
		 * what the helper returned ("if (!page) return") would be taken
		 * to leak.  No summary (silent) rather than false leaks.
		 */
		if (ch > 0 && a->nothing && cs->lhs == PV_UNKNOWN && !fn->returns_void)
			cs->acquires = false;
		if (ch > 0 && fn->parms[ch - 1].name)
			cs->parm = strdup(fn->parms[ch - 1].name);
		any |= cs->acquires;
	}
	if (!any) {
		for (unsigned ch = 0; ch < nchans; ch++)
			free(chans[ch].parm);
		free(chans);
		return false;
	}
	struct path_summary *slot = (struct path_summary *)summary_of(c->sm, fn->name);
	if (slot) {
		for (unsigned ch = 0; ch < slot->nchans; ch++)
			free(slot->chans[ch].parm);
		free(slot->chans);
	} else {
		IR_GROW(summaries, nsummaries, capsummaries);
		slot = &summaries[nsummaries++];
		slot->sm = c->sm;
		slot->name = strdup(fn->name);
	}
	slot->chans = chans;
	slot->nchans = nchans;
	return true;
}

/*
 * $STATS_ENV=1: one line on stderr per function analysed, so that a test
 * can tell "clean" from "skipped past the bounds", and which static
 * helpers got a summary ("hands-over").  The line is not a diagnostic,
 * and devmap-lint's report ignores it.
 */
static void print_stats(struct path_ctx *c, bool summarised)
{
	if (!c->sm->stats_env || !getenv(c->sm->stats_env))
		return;
	unsigned most = 0;
	for (unsigned b = 0; c->sets && b < c->fn->nblocks; b++)
		if (c->sets[b].n > most)
			most = c->sets[b].n;
	fprintf(stderr, "%s %s %s refs=%d max-states=%u work=%u%s %s\n", c->sm->stats_tag,
		c->fn->file, c->fn->name, c->nobjs, most, c->work, summarised ? " hands-over" : "",
		c->bail ? "skipped" : "checked");
}

static void free_ctx(struct path_ctx *c)
{
	for (unsigned b = 0; c->sets && b < c->fn->nblocks; b++) {
		free(c->sets[b].states);
		free(c->sets[b].via);
	}
	for (unsigned i = 0; i < c->nall; i++) {
		free(c->all[i]->v);
		free(c->all[i]);
	}
	free(c->all);
	free(c->sets);
	free(c->tail);
	free(c->diags);
	free(c->objs);
	free(c->acq_obj);
	free(c->loc_tests);
	free(c->slot_escaped);
	free(c->slot_consumed);
	free(c->acc);
}

static void dump_fn(FILE *out, const struct path_fn *fn);

void path_run(const struct path_sm *sm, const struct path_fn *fn, const struct path_front *front)
{
	struct path_ctx c;
	if (getenv("DEVMAP_LINT_PATHS_DUMP"))
		dump_fn(stderr, fn);
	memset(&c, 0, sizeof(c));
	c.sm = sm;
	c.fn = fn;
	c.front = front;
	c.acq_obj = (int *)ir_xrealloc(NULL, (fn->nstmts + 1) * sizeof(int));
	for (unsigned i = 0; i < fn->nstmts; i++)
		c.acq_obj[i] = -1;
	c.loc_tests = (char *)calloc(fn->nlocs + 1, 1);
	c.slot_escaped = (char *)calloc(fn->nparms + 1, 1);
	c.slot_consumed = (char *)calloc(fn->nparms + 1, 1);
	c.acc = (struct chan_acc *)calloc(fn->nparms + 1, sizeof(*c.acc));
	if (!c.loc_tests || !c.slot_escaped || !c.slot_consumed || !c.acc)
		abort();

	find_objects(&c);
	if (c.nobjs <= sm->max_objects)
		run(&c);
	else
		c.bail = true;
	bool summarised = !c.bail && c.summarising && save_summary(&c);
	print_stats(&c, summarised);
	if (!c.bail)
		emit(&c);
	free_ctx(&c);
}

/* ------------------------------------------------------------------ */
/* Debugging: DEVMAP_LINT_PATHS_DUMP=1 prints each function as lowered  */

static void dump_op(FILE *out, const struct path_op *o)
{
	static const char *const kinds[] = { "none", "loc", "null", "int", "mem", "other" };
	fprintf(out, "%s", kinds[o->kind]);
	if (o->kind == POP_LOC)
		fprintf(out, " L%d", o->loc);
	if (o->kind == POP_INT)
		fprintf(out, " %s", o->nonzero ? "nonzero" : "0");
	if (o->kind == POP_MEM)
		fprintf(out, " *L%d%s", o->base, o->foreign ? " foreign" : "");
	if (o->addr)
		fprintf(out, " &%s(L%d)", o->addr_name ? o->addr_name : "?", o->addr_loc);
	if (o->zero)
		fprintf(out, " zero");
	if (o->pointer)
		fprintf(out, " ptr");
}

static void dump_fn(FILE *out, const struct path_fn *fn)
{
	static const char *const kinds[] = { "assign", "call", "return", "cond", "clobber", "other" };
	static const char *const rhs[] = { "copy", "cmp", "fieldaddr", "not", "xor1", "and", "or",
					   "ptrplus", "other" };
	fprintf(out, "paths %s: %u blocks (%u reachable), %u locations\n", fn->name, fn->nblocks,
		fn->nreach, fn->nlocs);
	for (unsigned i = 0; i < fn->nparms; i++)
		fprintf(out, "  parm %s%s L%d slot L%d\n", fn->parms[i].name ? fn->parms[i].name : "?",
			fn->parms[i].tracked ? " tracked" : "", fn->parms[i].loc, fn->parms[i].slot_loc);
	for (unsigned b = 0; b < fn->nblocks; b++) {
		const struct path_block *bb = &fn->blocks[b];
		fprintf(out, "  B%u%s%s\n", b, bb->returns ? " returns" : "", bb->cond >= 0 ? " cond" : "");
		for (unsigned k = 0; k < bb->n; k++) {
			const struct path_stmt *st = &fn->stmts[bb->first + k];
			fprintf(out, "    S%u %d:%d %s", bb->first + k, st->loc.line, st->loc.column, kinds[st->kind]);
			if (st->kind == PST_ASSIGN)
				fprintf(out, " %s", rhs[st->rhs]);
			if (st->kind == PST_CALL)
				fprintf(out, " %s", st->callee ? st->callee : "(indirect)");
			if (st->dest.present)
				fprintf(out, " -> L%d/*L%d", st->dest.loc, st->dest.base);
			if (st->kind != PST_CALL && st->a.kind != POP_NONE) {
				fprintf(out, " a=");
				dump_op(out, &st->a);
			}
			if (st->b.kind != POP_NONE) {
				fprintf(out, " b=");
				dump_op(out, &st->b);
			}
			for (unsigned i = 0; i < st->nargs; i++) {
				fprintf(out, " arg%u=", i);
				dump_op(out, &st->args[i]);
			}
			for (unsigned i = 0; i < st->nderefs; i++)
				fprintf(out, " deref L%d", st->derefs[i]);
			fprintf(out, "\n");
		}
		for (unsigned k = 0; k < bb->nsuccs; k++) {
			const struct path_edge *e = &fn->edges[bb->succs[k]];
			fprintf(out, "    -> B%d%s%s%s\n", e->dest, e->on_true ? " true" : "",
				e->on_false ? " false" : "", e->explicit_jump ? " jump" : "");
			for (unsigned i = 0; i < e->ncopies; i++) {
				fprintf(out, "       L%d = ", e->copies[i].dest);
				dump_op(out, &e->copies[i].a);
				fprintf(out, "\n");
			}
		}
	}
}
