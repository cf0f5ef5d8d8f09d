// SPDX-License-Identifier: GPL-2.0
/*
 * core-paths.c - the path engine: a rule's state machine followed along
 * every path of a function's CFG (see core.h, "The path engine").
 *
 * A forward "property simulation" (ESP, the way smatch tracks refcounts):
 * each block carries a set of abstract states, a state being the status
 * of every object plus what each local variable holds.  Identical states
 * are merged at joins, a NULL test splits a state and prunes the impossible
 * side, and a cap on the number of states and on the total work keeps it
 * bounded (the function is skipped, silently, past it).
 *
 * Locations: a user variable is one location whatever its SSA version (the
 * pass runs right after "ssa", when the versions of a variable never
 * overlap); a compiler temporary is its own location, dropped at the end of
 * its block when it is not used elsewhere.  A memory-resident local scalar
 * (at -O0 on older compilers) is a location too.  Memory is not tracked: an
 * object stored there escapes, and a tracked pointer loaded from it is
 * what the rule says (path_sm.load).
 *
 * The engine reports, for objects acquired in the function: leaks at a
 * return (also by overwriting the only copy, or by an acquire in a loop
 * overwriting its own earlier object), an ignored result, a use before the
 * NULL test or where it is NULL; for every object: a use after the release
 * and a second release.  The rule adds its own diagnostics (path_report).
 */
#include "core.h"
#include "gimple-walk.h"

/* ------------------------------------------------------------------ */
/* Helper summaries (core.h): what a static helper hands its caller     */

/* What a helper's return value says at its exits (bits). */
enum { RC_ZERO = 1, RC_NONZERO = 2, RC_TEST0 = 4, RC_TEST1 = 8, RC_OTHER = 16 };

/* One channel (the return value, or *PARM) over all the exits seen. */
struct chan_acc {
	bool invalid;		/* an exit hands back something else */
	unsigned held, nothing;	/* exits handing an object held / nothing (NULL, *out as it was) */
	bool held_unchecked;	/* ... held but maybe NULL */
	unsigned held_ret, nothing_ret;	/* RC_* the return value had on those exits */
	location_t handoff;	/* the first store or return of a held object */
};

struct chan_summary {
	bool acquires;		/* the caller gets an object through this channel */
	bool nonnull;		/* and it is never NULL */
	bool consumes;		/* *out is read first: the caller's cached object is taken over */
	/* *out channels: the call's value, PV_FALSE or PV_TRUE (always), PV_TEST
	 * (nonzero iff the object is non-NULL when POL, NULL when !POL), or 0. */
	enum path_value_kind lhs;
	int pol;
	location_t handoff;
};

struct path_summary {
	const path_sm *sm;
	vec<chan_summary> chans;	/* [0] the return value, [1 + I] parameter I */
};

/* FUNCTION_DECL -> its summary: filled when the helper is analysed, read at its calls. */
static hash_map<tree, path_summary *> *summaries;

static const path_summary *summary_of(const path_sm *sm, const gimple *stmt)
{
	tree fndecl = is_gimple_call(stmt) ? gimple_call_fndecl(stmt) : NULL_TREE;
	path_summary **sum = summaries && fndecl ? summaries->get(fndecl) : NULL;
	return sum && (*sum)->sm == sm ? *sum : NULL;
}

bool path_summarised_call(const path_sm *sm, const gimple *stmt)
{
	return summary_of(sm, stmt) != NULL;
}

/* Per block: the states reaching its entry (in the tail, with the edge they entered it by). */
struct state_set {
	vec<pstate *> states;
	vec<edge> via;
	unsigned done;		/* states[0 .. done) have been propagated */
};

struct path_ctx {
	const path_sm *sm;
	function *fn;
	vec<path_object> objs;
	hash_map<gimple *, int> *acq_obj;	/* acquiring call -> its object */
	/* Locations. */
	hash_map<tree, int> *loc_index;
	vec<tree> locs;
	vec<char> loc_holder;	/* a variable: counts as a copy of an object */
	vec<char> loc_local;	/* a temporary used only in its own block */
	vec<char> loc_tracked;	/* of the tracked pointer type */
	vec<char> loc_tests;	/* conditions testing the variable against 0 (max 2) */
	/* Statements a state refers to (release sites, the rule's), 1-based. */
	vec<gimple *> sites;
	hash_map<gimple *, int> *site_index;
	vec<path_diag> diags;
	vec<state_set> sets;
	vec<char> tail;		/* per block: can only go on to a return */
	vec<pstate *> all_states;	/* for freeing */
	unsigned work;
	bool bail;
	/* Summarising a static helper (see "Helper summaries"). */
	bool summarising;
	vec<int> slot_loc;	/* per parameter: the location of *PARM, or -1 */
	vec<char> slot_escaped;	/* the slot's address went elsewhere */
	vec<char> slot_consumed;	/* *PARM was read before it was written */
	vec<chan_acc> acc;	/* [0] the return value, [1 + I] parameter I */
	/* Locals whose address is passed only for a helper to store into. */
	hash_set<tree> *out_locals;
};

static int nobjs(path_ctx *c)
{
	return c->objs.length();
}

int path_site(path_ctx *c, gimple *stmt)
{
	bool existed;
	int &slot = c->site_index->get_or_insert(stmt, &existed);
	if (!existed) {
		c->sites.safe_push(stmt);
		slot = c->sites.length();
	}
	return slot;
}

gimple *path_site_stmt(path_ctx *c, int site)
{
	return site > 0 ? c->sites[site - 1] : NULL;
}

static pstate *new_state(path_ctx *c, const pstate *from)
{
	pstate *s = new pstate();
	*s = vNULL;
	if (from)
		s->safe_splice(*from);
	c->all_states.safe_push(s);
	return s;
}

enum path_status path_status_of(const pstate &s, int r)
{
	return (enum path_status)(s[r] & 15);
}

int path_release_site(const pstate &s, int r)
{
	return s[r] >> 4;
}

void path_set(pstate &s, int r, enum path_status status, int put_site)
{
	s[r] = (int)status | (put_site << 4);
}

/* Index of the first (location, value) pair at or after LOC. */
static unsigned loc_slot(path_ctx *c, const pstate &s, int loc)
{
	unsigned lo = 0, hi = (s.length() - nobjs(c)) / 2;
	unsigned base = nobjs(c);
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (s[base + 2 * mid] < loc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return base + 2 * lo;
}

static int loc_get(path_ctx *c, const pstate &s, int loc)
{
	if (loc < 0)
		return 0;
	unsigned i = loc_slot(c, s, loc);
	return i < s.length() && s[i] == loc ? s[i + 1] : 0;
}

static void loc_put(path_ctx *c, pstate &s, int loc, int val)
{
	unsigned i = loc_slot(c, s, loc);
	bool present = i < s.length() && s[i] == loc;
	if (present && val) {
		s[i + 1] = val;
	} else if (present) {
		s.ordered_remove(i);
		s.ordered_remove(i);
	} else if (val) {
		s.safe_insert(i, val);
		s.safe_insert(i, loc);
	}
}

/* Forget every value that mentions object R (it is no longer followed). */
static void path_forget_values_of(path_ctx *c, pstate &s, int r, bool refs_too)
{
	for (unsigned i = nobjs(c); i < s.length(); ) {
		int v = s[i + 1];
		bool mentions = (PATH_VAL_KIND(v) == PV_OBJ && refs_too && PATH_VAL_ARG(v) == r) ||
			(PATH_VAL_KIND(v) == PV_TEST && PATH_VAL_ARG(v) / 2 == r) ||
			(PATH_VAL_KIND(v) == PV_FIELDADDR && PATH_VAL_ARG(v) == r);
		if (mentions) {
			s.ordered_remove(i);
			s.ordered_remove(i);
		} else {
			i += 2;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Locations                                                            */

/* A user variable of this function, kept as one location for all its SSA versions. */
static bool user_variable_p(tree var)
{
	return var && (TREE_CODE(var) == VAR_DECL || TREE_CODE(var) == PARM_DECL) &&
	       DECL_NAME(var) && !DECL_ARTIFICIAL(var) &&
	       DECL_CONTEXT(var) == current_function_decl;
}

/* A scalar local that lives in memory but whose address is never taken. */
static bool memory_local_p(tree t)
{
	return expr_unaliased_local_p(t) && DECL_CONTEXT(t) == current_function_decl &&
	       (POINTER_TYPE_P(TREE_TYPE(t)) || INTEGRAL_TYPE_P(TREE_TYPE(t)));
}

/* ... or whose address only goes to helpers that store an object into it. */
static bool local_location_p(path_ctx *c, tree t)
{
	return memory_local_p(t) || (c->out_locals && DECL_P(t) && c->out_locals->contains(t));
}

/*
 * Is SSA name T used only in its defining block (or in PHIs on edges
 * leaving it)?  Then its value can be dropped at the end of that block,
 * which keeps states from differing only in dead temporaries.
 */
static bool block_local_p(tree t)
{
	gimple *def = SSA_NAME_DEF_STMT(t);
	basic_block bb = def ? gimple_bb(def) : NULL;
	if (!bb || SSA_NAME_IS_DEFAULT_DEF(t))
		return false;
	imm_use_iterator it;
	use_operand_p use;
	FOR_EACH_IMM_USE_FAST(use, it, t) {
		gimple *u = USE_STMT(use);
		if (is_gimple_debug(u))
			continue;
		if (gphi *phi = dyn_cast<gphi *>(u)) {
			if (gimple_phi_arg_edge(phi, PHI_ARG_INDEX_FROM_USE(use))->src != bb)
				return false;
		} else if (gimple_bb(u) != bb) {
			return false;
		}
	}
	return true;
}

/* The location of operand T, or -1 (memory, constants, ...). */
static int path_loc(path_ctx *c, tree t)
{
	if (!t)
		return -1;
	tree key = t;
	if (TREE_CODE(t) == SSA_NAME) {
		if (virtual_operand_p(t))
			return -1;
		if (user_variable_p(SSA_NAME_VAR(t)))
			key = SSA_NAME_VAR(t);
	} else if (!local_location_p(c, t)) {
		return -1;
	}
	int *slot = c->loc_index->get(key);
	if (slot)
		return *slot;
	int n = c->locs.length();
	c->loc_index->put(key, n);
	c->locs.safe_push(key);
	c->loc_holder.safe_push(DECL_P(key));
	c->loc_local.safe_push(TREE_CODE(key) == SSA_NAME && block_local_p(key));
	c->loc_tracked.safe_push(c->sm->tracked_type(TREE_TYPE(key)));
	c->loc_tests.safe_push(0);
	return n;
}

/* A variable other than EXCEPT that still holds object R. */
static bool path_other_holder(path_ctx *c, const pstate &s, int r, int except)
{
	for (unsigned i = nobjs(c); i < s.length(); i += 2)
		if (s[i] != except && c->loc_holder[s[i]] && s[i + 1] == PATH_VAL(PV_OBJ, r))
			return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* Diagnostics (collected, emitted sorted once the function is done)    */

/* Queue a diagnostic; the same KIND, LOC and object again is dropped. */
void path_report(path_ctx *c, int kind, gimple *at, location_t loc, int ref, gimple *other)
{
	for (const path_diag &d : c->diags)
		if (d.kind == kind && d.loc == loc && d.obj == ref)
			return;
	path_diag d = { kind, loc, ref, at, other };
	c->diags.safe_push(d);
}

/* ------------------------------------------------------------------ */
/* Evaluating operands                                                  */

/* The pointer a memory reference dereferences (p in p->a.b, *p), or NULL. */
static tree deref_pointer(tree ref)
{
	while (handled_component_p(ref))
		ref = TREE_OPERAND(ref, 0);
	if (TREE_CODE(ref) == MEM_REF || TREE_CODE(ref) == TARGET_MEM_REF) {
		tree p = TREE_OPERAND(ref, 0);
		if (TREE_CODE(p) == SSA_NAME || memory_local_p(p))
			return p;
	}
	return NULL_TREE;
}

static int slot_of_ref(path_ctx *c, const pstate &s, tree ref, gimple *stmt);

/* The value of operand OP in state S.  STMT is the statement reading it. */
int path_eval(path_ctx *c, const pstate &s, tree op, gimple *stmt)
{
	if (!op)
		return 0;
	if (TREE_CODE(op) == INTEGER_CST) {
		if (POINTER_TYPE_P(TREE_TYPE(op)))
			return integer_zerop(op) ? PATH_VAL(PV_NULL, 0) : 0;
		/* A helper's "return 0;" / "return -ENXIO;": what tells its caller. */
		if (c->summarising && INTEGRAL_TYPE_P(TREE_TYPE(op)))
			return PATH_VAL(integer_zerop(op) ? PV_FALSE : PV_TRUE, 0);
		return 0;
	}
	int loc = path_loc(c, op);
	if (loc >= 0)
		return loc_get(c, s, loc);
	if (!c->sm->tracked_type(TREE_TYPE(op)) || !REFERENCE_CLASS_P(op))
		return 0;
	int slot = slot_of_ref(c, s, op, stmt);
	if (slot >= 0) {
		int v = loc_get(c, s, c->slot_loc[slot]);
		if (PATH_VAL_KIND(v) != PV_INIT)
			return v;
		c->slot_consumed[slot] = 1;	/* the caller's pgmap, as the rule reads it */
	}
	/* A tracked pointer loaded from memory: the rule says what it is. */
	return c->sm->load(c, op, stmt);
}

/*
 * The parameter whose caller's slot REF is ("*out", OUT a parameter
 * pointing to a tracked pointer), or -1.
 */
static int slot_of_ref(path_ctx *c, const pstate &s, tree ref, gimple *stmt)
{
	if (!c->summarising || !ref || TREE_CODE(ref) != MEM_REF ||
	    !integer_zerop(TREE_OPERAND(ref, 1)) || !c->sm->tracked_type(TREE_TYPE(ref)))
		return -1;
	int v = path_eval(c, s, TREE_OPERAND(ref, 0), stmt);
	return PATH_VAL_KIND(v) == PV_SLOT ? PATH_VAL_ARG(v) : -1;
}

/* Where a store to LHS goes: a location, the caller's slot, or -1 (memory). */
static int dest_loc(path_ctx *c, const pstate &s, tree lhs, gimple *stmt)
{
	int loc = path_loc(c, lhs);
	if (loc < 0) {
		int slot = slot_of_ref(c, s, lhs, stmt);
		if (slot >= 0)
			loc = c->slot_loc[slot];
	}
	return loc;
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
 * The value of "A CODE B" when it is a NULL test: of a pointer against 0
 * (pgmap == NULL), or of an earlier test against 0 (the !! and
 * __builtin_expect() of likely()/unlikely(), WARN_ON()'s int __ret).
 */
static int null_test(path_ctx *c, const pstate &s, enum tree_code code, tree a, tree b, gimple *stmt)
{
	if (code != EQ_EXPR && code != NE_EXPR)
		return 0;
	if (!integer_zerop(b)) {
		if (!integer_zerop(a))
			return 0;
		std::swap(a, b);
	}
	int v = path_eval(c, s, a, stmt);
	if (POINTER_TYPE_P(TREE_TYPE(a))) {
		if (PATH_VAL_KIND(v) == PV_OBJ)
			v = PATH_VAL(PV_TEST, PATH_VAL_ARG(v) * 2 + 1);	/* true iff non-NULL */
		else if (PATH_VAL_KIND(v) == PV_NULL)
			v = PATH_VAL(PV_FALSE, 0);
		else
			return 0;
	} else if (PATH_VAL_KIND(v) != PV_TEST && PATH_VAL_KIND(v) != PV_TRUE && PATH_VAL_KIND(v) != PV_FALSE) {
		return 0;
	}
	return code == NE_EXPR ? v : negate_test(v);
}

/* ------------------------------------------------------------------ */
/* Events on objects                                                    */

/* Object R escapes (returned, stored, passed): no longer ours to release. */
static void path_escape(pstate &s, int r)
{
	if (path_held_p(path_status_of(s, r)))
		path_set(s, r, PS_GONE);
}

/*
 * STMT uses object R: it dereferences it, or passes it to a function that
 * does (BORROW).  NULL_OK: only a use after the release matters.
 */
void path_use(path_ctx *c, pstate &s, int r, gimple *stmt, bool borrow, bool null_ok)
{
	location_t loc = stmt_location(stmt);
	bool ours = c->objs[r].acq != NULL;
	switch (path_status_of(s, r)) {
	case PS_UNCHECKED:
		if (null_ok)
			return;
		if (ours)
			path_report(c, borrow ? PD_UNCHECKED_PASS : PD_UNCHECKED, stmt, loc, r, NULL);
		path_set(s, r, PS_NONNULL);		/* report once per path */
		return;
	case PS_NULL:
		if (null_ok)
			return;
		if (ours)
			path_report(c, PD_NULL_USE, stmt, loc, r, NULL);
		path_set(s, r, PS_GONE);
		return;
	case PS_RELEASED:
		path_report(c, PD_USE_AFTER_RELEASE, stmt, loc, r, path_site_stmt(c, path_release_site(s, r)));
		path_set(s, r, PS_GONE);
		return;
	default:
		return;
	}
}

/*
 * Location LOC gets value VAL.  Overwriting the only copy of an object
 * that is still held leaks it (AT is where, for the report).
 */
static void path_write(path_ctx *c, pstate &s, int loc, int val, gimple *at, location_t where)
{
	enum path_value_kind k = PATH_VAL_KIND(val);
	if ((k == PV_NULL || k == PV_TAG1 || k == PV_TAG2) && !c->loc_tracked[loc])
		val = 0;
	int old = loc_get(c, s, loc);
	if (old == val)
		return;
	if (c->loc_holder[loc] && PATH_VAL_KIND(old) == PV_OBJ) {
		int r = PATH_VAL_ARG(old);
		if (c->objs[r].acq && path_held_p(path_status_of(s, r)) && !path_other_holder(c, s, r, loc)) {
			path_report(c, PD_OVERWRITE, at, where, r, NULL);
			path_set(s, r, PS_GONE);
		}
	}
	if (c->summarising && k == PV_OBJ && c->objs[PATH_VAL_ARG(val)].acq)
		for (unsigned i = 0; i < c->slot_loc.length(); i++)
			if (c->slot_loc[i] == loc && c->acc[1 + i].handoff == UNKNOWN_LOCATION)
				c->acc[1 + i].handoff = where;
	loc_put(c, s, loc, val);
}

/* Check each memory access of STMT: a dereference of an object is a use. */
static void check_deref(path_ctx *c, pstate &s, gimple *stmt, tree op)
{
	if (!op)
		return;
	tree p = deref_pointer(op);
	int r = p ? path_object_of_value(path_eval(c, s, p, stmt)) : -1;
	if (r >= 0)
		path_use(c, s, r, stmt, false, false);
}

static void check_derefs(path_ctx *c, pstate &s, gimple *stmt)
{
	if (is_gimple_assign(stmt)) {
		check_deref(c, s, stmt, gimple_assign_lhs(stmt));
		if (gimple_assign_single_p(stmt) && TREE_CODE(gimple_assign_rhs1(stmt)) != ADDR_EXPR)
			check_deref(c, s, stmt, gimple_assign_rhs1(stmt));
	} else if (is_gimple_call(stmt)) {
		check_deref(c, s, stmt, gimple_call_lhs(stmt));
		for (unsigned i = 0; i < gimple_call_num_args(stmt); i++) {
			tree a = gimple_call_arg(stmt, i);
			/* &obj->field handed to a callee (&pgmap->ref): it will access it. */
			check_deref(c, s, stmt, TREE_CODE(a) == ADDR_EXPR ? TREE_OPERAND(a, 0) : a);
		}
	} else if (greturn *ret = dyn_cast<greturn *>(stmt)) {
		check_deref(c, s, stmt, gimple_return_retval(ret));
	} else if (gasm *as = dyn_cast<gasm *>(stmt)) {
		for (unsigned i = 0; i < gimple_asm_ninputs(as); i++)
			check_deref(c, s, stmt, TREE_VALUE(gimple_asm_input_op(as, i)));
		for (unsigned i = 0; i < gimple_asm_noutputs(as); i++)
			check_deref(c, s, stmt, TREE_VALUE(gimple_asm_output_op(as, i)));
	}
}

/* ------------------------------------------------------------------ */
/* Statements                                                           */

/*
 * "a && b" folded to "a & b" on _Bool (no side effects, -O2): known when one side
 * decides it (false && x, true || x) or is neutral (true && x, false || x).
 */
static int combine_tests(enum tree_code code, int a, int b)
{
	bool is_and = code == BIT_AND_EXPR || code == TRUTH_AND_EXPR;
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
static int assign_value(path_ctx *c, const pstate &s, gimple *stmt)
{
	enum tree_code code = gimple_assign_rhs_code(stmt);
	tree rhs1 = gimple_assign_rhs1(stmt);
	if (TREE_CODE_CLASS(code) == tcc_comparison)
		return null_test(c, s, code, rhs1, gimple_assign_rhs2(stmt), stmt);
	if (code == ADDR_EXPR) {
		/* &obj->field (&pgmap->ref): a pointer into the object, not a copy of it. */
		tree p = deref_pointer(TREE_OPERAND(rhs1, 0));
		int r = p ? path_object_of_value(path_eval(c, s, p, stmt)) : -1;
		return r >= 0 ? PATH_VAL(PV_FIELDADDR, r) : 0;
	}
	if (gimple_assign_single_p(stmt) || CONVERT_EXPR_CODE_P(code)) {
		int v = path_eval(c, s, rhs1, stmt);
		/* (char)256 is 0: a narrowing conversion does not keep "nonzero". */
		if (PATH_VAL_KIND(v) == PV_TRUE && CONVERT_EXPR_CODE_P(code) &&
		    TYPE_PRECISION(TREE_TYPE(gimple_assign_lhs(stmt))) <
		    TYPE_PRECISION(TREE_TYPE(rhs1)))
			return 0;
		return v;
	}
	/* !x, and its spellings on 0/1 values (~b on _Bool, t ^ 1 on a test). */
	if (code == TRUTH_NOT_EXPR ||
	    (code == BIT_NOT_EXPR && TYPE_PRECISION(TREE_TYPE(rhs1)) == 1))
		return negate_test(path_eval(c, s, rhs1, stmt));
	if (code == BIT_XOR_EXPR && integer_onep(gimple_assign_rhs2(stmt))) {
		int v = path_eval(c, s, rhs1, stmt);
		/* A flag known nonzero may be 3: 3 ^ 1 is nonzero too. */
		return PATH_VAL_KIND(v) == PV_TEST || TYPE_PRECISION(TREE_TYPE(rhs1)) == 1 ?
			negate_test(v) : 0;
	}
	if ((code == BIT_AND_EXPR || code == BIT_IOR_EXPR ||
	     code == TRUTH_AND_EXPR || code == TRUTH_OR_EXPR) &&
	    TYPE_PRECISION(TREE_TYPE(gimple_assign_lhs(stmt))) == 1)
		return combine_tests(code, path_eval(c, s, rhs1, stmt),
				     path_eval(c, s, gimple_assign_rhs2(stmt), stmt));
	if (code == POINTER_PLUS_EXPR) {
		int r = path_object_of_value(path_eval(c, s, rhs1, stmt));
		return r >= 0 ? PATH_VAL(PV_FIELDADDR, r) : 0;
	}
	return 0;
}

static void transfer_assign(path_ctx *c, pstate &s, gimple *stmt)
{
	tree lhs = gimple_assign_lhs(stmt);
	int loc = path_loc(c, lhs);
	if (gimple_clobber_p(stmt)) {
		/* End of the variable's scope: forget it (an exit reports the leak). */
		if (loc >= 0)
			loc_put(c, s, loc, 0);
		return;
	}
	int val = assign_value(c, s, stmt);
	loc = dest_loc(c, s, lhs, stmt);
	if (loc >= 0)
		path_write(c, s, loc, val, stmt, stmt_location(stmt));
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
static void acquire_object(path_ctx *c, pstate &s, int r, gcall *stmt, int consumed,
			   int loc, bool kept)
{
	/*
	 * This call ran before on this path (a loop) and its object is still
	 * held: overwriting its only copy leaks it.  If another variable still
	 * holds it, the two instances cannot be told apart: stop following it.
	 */
	if (consumed != r && path_held_p(path_status_of(s, r))) {
		if (path_other_holder(c, s, r, loc)) {
			path_forget_values_of(c, s, r, true);
		} else {
			path_report(c, PD_LOOP_OVERWRITE, stmt, stmt_location(stmt), r, NULL);
			if (loc >= 0)
				loc_put(c, s, loc, 0);
		}
	}
	path_forget_values_of(c, s, r, false);	/* stale NULL tests of the old one */
	path_set(s, r, PS_UNCHECKED);

	if (loc >= 0) {
		path_write(c, s, loc, PATH_VAL(PV_OBJ, r), stmt, stmt_location(stmt));
	} else if (kept) {
		path_set(s, r, PS_GONE);		/* ctx->pgmap = get_dev_pagemap(...) */
	} else {
		path_report(c, PD_IGNORED, stmt, stmt_location(stmt), r, NULL);
		path_set(s, r, PS_GONE);
	}
}

void path_acquire(path_ctx *c, pstate &s, gcall *stmt, int consumed)
{
	tree lhs = gimple_call_lhs(stmt);
	acquire_object(c, s, *c->acq_obj->get(stmt), stmt, consumed, dest_loc(c, s, lhs, stmt),
		       lhs != NULL_TREE);
}

/* STMT releases the value V: an object of ours, or nothing we follow. */
void path_release(path_ctx *c, pstate &s, gimple *stmt, int v)
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
		path_report(c, PD_DOUBLE_RELEASE, stmt, stmt_location(stmt), r,
			 path_site_stmt(c, path_release_site(s, r)));
		path_set(s, r, PS_GONE);
		return;
	default:
		return;		/* releasing NULL does nothing (put_dev_pagemap(NULL)) */
	}
}

/*
 * The object CALL is a method of, -1 if none: an indirect call through a
 * table the object points to, "pgmap->ops->memory_failure(pgmap, ...)".
 * Passing the object to its own method is not a hand-off.  (The callee
 * was loaded through the object: reading it was the use.)
 */
static int method_of(path_ctx *c, const pstate &s, gcall *call)
{
	tree fn = gimple_call_fn(call);
	for (int guard = 0; guard < 6 && fn && TREE_CODE(fn) == SSA_NAME; guard++) {
		gimple *def = SSA_NAME_DEF_STMT(fn);
		if (!is_gimple_assign(def))
			return -1;
		tree rhs = gimple_assign_rhs1(def);
		if (CONVERT_EXPR_CODE_P(gimple_assign_rhs_code(def))) {
			fn = rhs;		/* (const struct x_ops *)pgmap->ops */
			continue;
		}
		if (!gimple_assign_single_p(def))
			return -1;
		tree base = deref_pointer(rhs);
		if (!base)
			return -1;
		int r = path_object_of_value(path_eval(c, s, base, def));
		if (r >= 0)
			return r;
		fn = base;			/* ->memory_failure of pgmap->ops */
	}
	return -1;
}

/*
 * A call of a summarised helper: each channel that hands an object over
 * acquires one, into the call's result, the local whose address was
 * passed, or the caller's own slot (*out of this function); anything else
 * passed is handed on as to any function.
 */
static void apply_summary(path_ctx *c, pstate &s, gcall *stmt, const path_summary *sum)
{
	tree lhs = gimple_call_lhs(stmt);
	int lhs_val = 0;
	bool lhs_done = false;
	for (unsigned i = 0; i < gimple_call_num_args(stmt); i++) {
		if (i + 1 < sum->chans.length() && sum->chans[i + 1].acquires)
			continue;
		int v = path_eval(c, s, gimple_call_arg(stmt, i), stmt);
		if (PATH_VAL_KIND(v) == PV_OBJ)
			path_escape(s, PATH_VAL_ARG(v));
		else if (PATH_VAL_KIND(v) == PV_FIELDADDR)
			path_use(c, s, PATH_VAL_ARG(v), stmt, false, false);
		else if (PATH_VAL_KIND(v) == PV_SLOT)
			c->slot_escaped[PATH_VAL_ARG(v)] = 1;
	}
	for (int r = *c->acq_obj->get(stmt); r < nobjs(c) && c->objs[r].acq == stmt; r++) {
		int ch = c->objs[r].chan;
		const chan_summary &cs = sum->chans[ch + 1];
		int loc = -1, consumed = -1;
		if (ch < 0) {
			loc = dest_loc(c, s, lhs, stmt);
			lhs_done = true;
		} else if (c->objs[r].var) {
			loc = path_loc(c, c->objs[r].var);
		} else {
			int v = path_eval(c, s, path_call_arg(stmt, ch), stmt);
			if (PATH_VAL_KIND(v) == PV_SLOT)
				loc = c->slot_loc[PATH_VAL_ARG(v)];
		}
		if (cs.consumes && loc >= 0) {
			int old = loc_get(c, s, loc);
			if (PATH_VAL_KIND(old) == PV_OBJ && path_held_p(path_status_of(s, PATH_VAL_ARG(old)))) {
				consumed = PATH_VAL_ARG(old);
				path_set(s, consumed, PS_GONE);
			} else if (PATH_VAL_KIND(old) == PV_INIT) {
				c->slot_consumed[PATH_VAL_ARG(old)] = 1;
			}
		}
		acquire_object(c, s, r, stmt, consumed, loc, ch >= 0 || lhs);
		if (cs.nonnull && path_status_of(s, r) == PS_UNCHECKED)
			path_set(s, r, PS_NONNULL);
		if (ch >= 0 && !lhs_val && cs.lhs == PV_TEST)
			lhs_val = PATH_VAL(PV_TEST, r * 2 + cs.pol);
		else if (ch >= 0 && !lhs_val && cs.lhs)
			lhs_val = PATH_VAL(cs.lhs, 0);
	}
	int loc = lhs_done ? -1 : dest_loc(c, s, lhs, stmt);
	if (loc >= 0)
		path_write(c, s, loc, lhs_val, stmt, stmt_location(stmt));
}

static void transfer_call(path_ctx *c, pstate &s, gcall *stmt)
{
	tree lhs = gimple_call_lhs(stmt);
	int lhs_val = 0;

	enum path_call how = c->sm->call(c, s, stmt, &lhs_val);
	if (how == PC_DONE)
		return;
	const path_summary *sum = how == PC_DEFAULT ? summary_of(c->sm, stmt) : NULL;
	if (sum) {
		apply_summary(c, s, stmt, sum);
		return;
	}
	if (how == PC_SET_LHS) {
		/* the rule's call */
	} else if (gimple_call_builtin_p(stmt, BUILT_IN_EXPECT)) {
		lhs_val = path_eval(c, s, path_call_arg(stmt, 0), stmt);	/* likely(), unlikely() */
	} else if (!gimple_call_internal_p(stmt) && !gimple_call_builtin_p(stmt)) {
		/*
		 * Any other function may take the object over, or use it; a
		 * method of the object only uses it.
		 */
		int self = method_of(c, s, stmt);
		for (unsigned i = 0; i < gimple_call_num_args(stmt); i++) {
			int v = path_eval(c, s, gimple_call_arg(stmt, i), stmt);
			if (PATH_VAL_KIND(v) == PV_OBJ && PATH_VAL_ARG(v) != self)
				path_escape(s, PATH_VAL_ARG(v));
			else if (PATH_VAL_KIND(v) == PV_FIELDADDR)
				path_use(c, s, PATH_VAL_ARG(v), stmt, false, false);
			else if (PATH_VAL_KIND(v) == PV_SLOT)
				c->slot_escaped[PATH_VAL_ARG(v)] = 1;
		}
	}
	int loc = dest_loc(c, s, lhs, stmt);
	if (loc >= 0)
		path_write(c, s, loc, lhs_val, stmt, stmt_location(stmt));
}

/* ------------------------------------------------------------------ */
/* Returns                                                              */

/* Is E a goto, return, break or continue the user wrote? */
static bool explicit_jump_p(edge e)
{
	gimple *last = last_stmt(e->src);
	return LOCATION_LOCUS(e->goto_locus) != UNKNOWN_LOCATION &&
	       !(last && gimple_code(last) == GIMPLE_COND);
}

/* Does BB start with a label the user wrote ("out:")? */
static bool user_label_p(basic_block bb)
{
	gimple_stmt_iterator gsi = gsi_start_bb(bb);
	glabel *label = gsi_end_p(gsi) ? NULL : dyn_cast<glabel *>(gsi_stmt(gsi));
	return label && DECL_NAME(gimple_label_label(label)) &&
	       !DECL_ARTIFICIAL(gimple_label_label(label));
}

/*
 * Where a path that enters the tail of the function by edge VIA leaves it
 * at return RET: the return statement as written.  GCC merges the returns
 * of a function into one, turning the others into gotos whose location
 * stays on their edge, and how much of the code before the merged return
 * shares its block depends on the optimisation level: hence the edge into
 * the tail (the blocks that can only go on to the return), not into the
 * return's block.
 */
static location_t exit_location(path_ctx *c, edge via, greturn *ret)
{
	if (via && via->src != ENTRY_BLOCK_PTR_FOR_FN(c->fn)) {
		gimple *last = last_stmt(via->src);
		if (explicit_jump_p(via))
			return user_location(via->goto_locus);
		/* "if (x) goto out;": the goto's location is lost, its condition's is not. */
		if (last && gimple_code(last) == GIMPLE_COND && user_label_p(via->dest))
			return stmt_location(last);
	}
	/* A path that falls through to the return: the return itself. */
	if (LOCATION_LOCUS(gimple_location(ret)) != UNKNOWN_LOCATION)
		return stmt_location(ret);
	/*
	 * A merged "return x;" has lost its location; the statement that
	 * computes x for it has not (a PHI argument on the path's edge).
	 */
	tree val = gimple_return_retval(ret);
	gimple *def = val && TREE_CODE(val) == SSA_NAME ? SSA_NAME_DEF_STMT(val) : NULL;
	location_t loc = def ? gimple_location(def) : UNKNOWN_LOCATION;
	if (via && def && gimple_code(def) == GIMPLE_PHI) {
		edge into = via;
		while (into->dest != gimple_bb(ret) && single_succ_p(into->dest))
			into = single_succ_edge(into->dest);
		loc = into->dest == gimple_bb(def) ?
			gimple_phi_arg_location_from_edge(as_a<gphi *>(def), into) :
			UNKNOWN_LOCATION;
	}
	if (LOCATION_LOCUS(loc) != UNKNOWN_LOCATION)
		return user_location(loc);
	/* Falling off the end of a void function: its closing brace. */
	return c->fn->function_end_locus;
}

/*
 * What the return value V says about object R (a channel's), as RC_*: a
 * constant, or a NULL test of R; a NULL test of an object known NULL or
 * not on this path is a constant.
 */
static unsigned return_class(const pstate &s, int v, int r)
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
static void summarise_channel(path_ctx *c, const pstate &s, int ch, int v, int retv,
			      location_t where)
{
	chan_acc &a = c->acc[ch];
	int r = PATH_VAL_KIND(v) == PV_OBJ ? PATH_VAL_ARG(v) : -1;
	if (r >= 0 && c->objs[r].acq && path_held_p(path_status_of(s, r))) {
		a.held++;
		a.held_unchecked |= path_status_of(s, r) == PS_UNCHECKED;
		a.held_ret |= return_class(s, retv, r);
		if (a.handoff == UNKNOWN_LOCATION)
			a.handoff = where;
	} else if (PATH_VAL_KIND(v) == PV_NULL || PATH_VAL_KIND(v) == PV_INIT ||
		   (r >= 0 && c->objs[r].acq && path_status_of(s, r) == PS_NULL)) {
		a.nothing++;
		a.nothing_ret |= return_class(s, retv, -1);
	} else {
		a.invalid = true;
	}
}

/*
 * An exit of a helper being summarised: what its channels hand over.  The
 * objects left in the caller's slots are the caller's now.
 */
static void summarise_exit(path_ctx *c, pstate &s, int retv, greturn *ret, edge via)
{
	if (c->sm->tracked_type(TREE_TYPE(TREE_TYPE(c->fn->decl))))
		summarise_channel(c, s, 0, retv, 0, exit_location(c, via, ret));
	for (unsigned i = 0; i < c->slot_loc.length(); i++) {
		if (c->slot_loc[i] < 0)
			continue;
		int v = loc_get(c, s, c->slot_loc[i]);
		summarise_channel(c, s, 1 + i, v, retv, UNKNOWN_LOCATION);
		if (PATH_VAL_KIND(v) == PV_OBJ)
			path_escape(s, PATH_VAL_ARG(v));
	}
}

static void transfer_return(path_ctx *c, pstate &s, greturn *ret, edge via)
{
	int v = path_eval(c, s, gimple_return_retval(ret), ret);
	if (c->summarising)
		summarise_exit(c, s, v, ret, via);
	if (PATH_VAL_KIND(v) == PV_OBJ)
		path_escape(s, PATH_VAL_ARG(v));
	location_t where = UNKNOWN_LOCATION;
	for (int r = 0; r < nobjs(c); r++)
		if (c->objs[r].acq && path_held_p(path_status_of(s, r))) {
			if (where == UNKNOWN_LOCATION)
				where = exit_location(c, via, ret);
			path_report(c, PD_LEAK, ret, where, r, NULL);
		}
}

static void transfer_stmt(path_ctx *c, pstate &s, gimple *stmt, edge via)
{
	if (is_gimple_debug(stmt))
		return;
	check_derefs(c, s, stmt);
	switch (gimple_code(stmt)) {
	case GIMPLE_ASSIGN:
		transfer_assign(c, s, stmt);
		break;
	case GIMPLE_CALL:
		transfer_call(c, s, as_a<gcall *>(stmt));
		break;
	case GIMPLE_RETURN:
		transfer_return(c, s, as_a<greturn *>(stmt), via);
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
static bool refine(pstate &s, int t, bool taken)
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
			path_set(s, r, nonnull ? PS_NONNULL : PS_NULL);
			return true;
		case PS_NONNULL:
			return nonnull;
		case PS_NULL:
			return !nonnull;
		case PS_RELEASED:
			/* put_dev_pagemap(NULL) then "if (pgmap)": it was never held. */
			if (!nonnull)
				path_set(s, r, PS_NULL);
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
 * The integer variable that "A CODE B" tests against 0 ("if (flags)"), or
 * NULL_TREE.  Temporaries ("flags & FOLL_GET") do not count: they are not
 * compared with anything later.
 */
static tree flag_tested(path_ctx *c, enum tree_code code, tree a, tree b)
{
	if ((code != EQ_EXPR && code != NE_EXPR) || !integer_zerop(b) ||
	    !INTEGRAL_TYPE_P(TREE_TYPE(a)))
		return NULL_TREE;
	int loc = path_loc(c, a);
	return loc >= 0 && c->loc_holder[loc] ? a : NULL_TREE;
}

/* Count the tests of variables in STMT: a condition or a comparison ("c && p" at -O2). */
static void count_flag_test(path_ctx *c, gimple *stmt)
{
	tree flag = NULL_TREE;
	if (gcond *cond = dyn_cast<gcond *>(stmt))
		flag = flag_tested(c, gimple_cond_code(cond), gimple_cond_lhs(cond),
				   gimple_cond_rhs(cond));
	else if (is_gimple_assign(stmt) &&
		 TREE_CODE_CLASS(gimple_assign_rhs_code(stmt)) == tcc_comparison)
		flag = flag_tested(c, gimple_assign_rhs_code(stmt), gimple_assign_rhs1(stmt),
				   gimple_assign_rhs2(stmt));
	if (flag && c->loc_tests[path_loc(c, flag)] < 2)
		c->loc_tests[path_loc(c, flag)]++;
}

/*
 * "if (c) pgmap = get(...); ... if (c) put(pgmap);": the second test goes
 * the way the first went.  Remember which way a variable's test went, for
 * the variables tested more than once (others would only multiply states).
 */
static void record_flag(path_ctx *c, pstate &s, gcond *cond, bool taken)
{
	tree flag = flag_tested(c, gimple_cond_code(cond), gimple_cond_lhs(cond),
				gimple_cond_rhs(cond));
	int loc = flag ? path_loc(c, flag) : -1;
	if (loc < 0 || c->loc_tests[loc] < 2 || loc_get(c, s, loc))
		return;
	bool nonzero = taken == (gimple_cond_code(cond) == NE_EXPR);
	loc_put(c, s, loc, PATH_VAL(nonzero ? PV_TRUE : PV_FALSE, 0));
}

/* PHIs on edge E, as parallel assignments to their variables. */
static void apply_phis(path_ctx *c, pstate &s, edge e)
{
	auto_vec<std::pair<int, int>, 8> writes;
	auto_vec<gphi *, 8> phis;
	for (gphi_iterator gsi = gsi_start_phis(e->dest); !gsi_end_p(gsi); gsi_next(&gsi)) {
		gphi *phi = gsi.phi();
		tree res = gimple_phi_result(phi);
		if (virtual_operand_p(res))
			continue;
		int loc = path_loc(c, res);
		tree arg = PHI_ARG_DEF_FROM_EDGE(phi, e);
		if (loc < 0 || path_loc(c, arg) == loc)
			continue;	/* pgmap_9 = PHI <pgmap_21, ...>: the same variable */
		writes.safe_push(std::make_pair(loc, path_eval(c, s, arg, phi)));
		phis.safe_push(phi);
	}
	for (unsigned i = 0; i < writes.length(); i++) {
		location_t where = gimple_phi_arg_location_from_edge(phis[i], e);
		if (LOCATION_LOCUS(where) == UNKNOWN_LOCATION)
			where = e->goto_locus;
		path_write(c, s, writes[i].first, writes[i].second, phis[i], user_location(where));
	}
}

/* Drop the temporaries that are dead once BB is left. */
static void drop_block_temps(path_ctx *c, pstate &s, basic_block bb)
{
	for (unsigned i = nobjs(c); i < s.length(); ) {
		tree t = c->locs[s[i]];
		if (c->loc_local[s[i]] && gimple_bb(SSA_NAME_DEF_STMT(t)) == bb) {
			s.ordered_remove(i);
			s.ordered_remove(i);
		} else {
			i += 2;
		}
	}
}

static bool transfer_edge(path_ctx *c, pstate &s, edge e)
{
	gimple *last = last_stmt(e->src);
	if (last && gimple_code(last) == GIMPLE_COND &&
	    (e->flags & (EDGE_TRUE_VALUE | EDGE_FALSE_VALUE))) {
		int t = null_test(c, s, gimple_cond_code(last), gimple_cond_lhs(last),
				  gimple_cond_rhs(last), last);
		bool taken = (e->flags & EDGE_TRUE_VALUE) != 0;
		if (!refine(s, t, taken))
			return false;
		record_flag(c, s, as_a<gcond *>(last), taken);
	}
	apply_phis(c, s, e);
	drop_block_temps(c, s, e->src);
	return true;
}

/* ------------------------------------------------------------------ */
/* The worklist                                                         */

static bool is_return_block(basic_block bb)
{
	gimple *last = last_stmt(bb);
	return last && gimple_code(last) == GIMPLE_RETURN;
}

/*
 * The tail: the return blocks and the blocks that can only go on to one
 * ("out: unlock(); return ret;").  States in the tail are kept apart by
 * the edge they entered it by, so that a leak names the return (or the
 * "goto out") it leaves by.  Successors come later in reverse post-order.
 */
static void find_tail(path_ctx *c, const int *rpo, int n)
{
	c->tail.safe_grow_cleared(last_basic_block_for_fn(c->fn));
	for (int i = n - 1; i >= 0; i--) {
		basic_block bb = BASIC_BLOCK_FOR_FN(c->fn, rpo[i]);
		c->tail[bb->index] = is_return_block(bb) ||
			(single_succ_p(bb) && single_succ(bb) != bb &&
			 single_succ(bb)->index < (int)c->tail.length() &&
			 c->tail[single_succ(bb)->index]);
	}
}

/* Drop the recorded outcomes of flag tests (see record_flag), and a summarised helper's constants. */
static void forget_flags(path_ctx *c, pstate &s)
{
	for (unsigned i = nobjs(c); i < s.length(); ) {
		enum path_value_kind k = PATH_VAL_KIND(s[i + 1]);
		/* A helper being summarised also keeps its constants ("ret = 0"):
		 * forget them too (its return value then tells nothing). */
		if ((c->loc_tests[s[i]] >= 2 || c->summarising) && (k == PV_TRUE || k == PV_FALSE)) {
			s.ordered_remove(i);
			s.ordered_remove(i);
		} else {
			i += 2;
		}
	}
}

static bool states_equal(const pstate &a, const pstate &b)
{
	return a.length() == b.length() &&
	       (a.is_empty() || !memcmp(a.address(), b.address(), a.length() * sizeof(int)));
}

/*
 * The edge that names the exit of a state crossing E, which it entered
 * the tail by (VIA, or NULL outside the tail): the edge into the tail, or
 * the first goto or return the user wrote in it.  "goto out; ... out:
 * return ret;" is named by its goto at every optimisation level, even
 * where GCC keeps the return in a block of its own with a goto to it.
 */
static edge tail_edge(path_ctx *c, edge e, edge via)
{
	if (!c->tail[e->dest->index])
		return NULL;
	if (!c->tail[e->src->index] || !via)
		return e;
	return explicit_jump_p(e) && !explicit_jump_p(via) ? e : via;
}

/*
 * Add S to the states at the entry of BB.  VIA: the edge S entered the
 * tail by, NULL outside it.  True if new.
 */
static bool add_state(path_ctx *c, basic_block bb, pstate *s, edge via)
{
	state_set &set = c->sets[bb->index];
	/*
	 * Many flags tested twice multiply the states (2^n): past half the
	 * cap, forget which way the flags went, so that such states merge.
	 */
	if (set.states.length() >= c->sm->max_states / 2)
		forget_flags(c, *s);
	for (unsigned i = 0; i < set.states.length(); i++)
		if (set.via[i] == via && states_equal(*set.states[i], *s))
			return false;
	if (set.states.length() >= c->sm->max_states) {
		c->bail = true;
		return false;
	}
	set.states.safe_push(s);
	set.via.safe_push(via);
	return true;
}

/* Run the new states of BB through it and along its edges. */
static void process_block(path_ctx *c, basic_block bb, sbitmap pending, const int *order)
{
	state_set &set = c->sets[bb->index];
	while (set.done < set.states.length() && !c->bail) {
		unsigned i = set.done++;
		if (++c->work > c->sm->max_work) {
			c->bail = true;
			return;
		}
		pstate *s = new_state(c, set.states[i]);
		edge via = set.via[i];
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi))
			transfer_stmt(c, *s, gsi_stmt(gsi), via);

		edge e;
		edge_iterator ei;
		FOR_EACH_EDGE(e, ei, bb->succs) {
			if (e->dest == EXIT_BLOCK_PTR_FOR_FN(c->fn))
				continue;
			pstate *next = new_state(c, s);
			edge tail_via = tail_edge(c, e, via);
			if (transfer_edge(c, *next, e) && add_state(c, e->dest, next, tail_via))
				bitmap_set_bit(pending, order[e->dest->index]);
		}
	}
}

/* The state at function entry: each tracked parameter holds the caller's object. */
static pstate *entry_state(path_ctx *c)
{
	pstate *s = new_state(c, NULL);
	s->safe_grow_cleared(nobjs(c));
	for (int r = 0; r < nobjs(c); r++)
		if (c->objs[r].parm) {
			path_set(*s, r, PS_UNCHECKED);
			/* Its SSA versions share the PARM_DECL's location; -1 if
			 * its address is taken (then it is memory). */
			int loc = path_loc(c, c->objs[r].parm);
			if (loc >= 0)
				loc_put(c, *s, loc, PATH_VAL(PV_OBJ, r));
		}
	/* A helper's "struct dev_pagemap **out": the caller's slot, as it was. */
	int i = 0;
	for (tree parm = DECL_ARGUMENTS(c->fn->decl); parm; parm = DECL_CHAIN(parm), i++) {
		int loc = c->slot_loc[i] >= 0 ? path_loc(c, parm) : -1;
		if (loc >= 0) {
			loc_put(c, *s, loc, PATH_VAL(PV_SLOT, i));
			loc_put(c, *s, c->slot_loc[i], PATH_VAL(PV_INIT, i));
		}
	}
	return s;
}

static void run(path_ctx *c)
{
	function *fn = c->fn;
	int *rpo = XNEWVEC(int, n_basic_blocks_for_fn(fn));
	int n = pre_and_rev_post_order_compute_fn(fn, NULL, rpo, false);
	int *order = XNEWVEC(int, last_basic_block_for_fn(fn));
	for (int i = 0; i < n; i++)
		order[rpo[i]] = i;
	c->sets.safe_grow_cleared(last_basic_block_for_fn(fn));
	find_tail(c, rpo, n);

	auto_sbitmap pending(n);
	bitmap_clear(pending);
	edge first = single_succ_edge(ENTRY_BLOCK_PTR_FOR_FN(fn));
	pstate *s = entry_state(c);
	if (transfer_edge(c, *s, first) && add_state(c, first->dest, s, tail_edge(c, first, NULL)))
		bitmap_set_bit(pending, order[first->dest->index]);

	/* Always the earliest pending block in reverse post-order. */
	int next;
	while (!c->bail && (next = bitmap_first_set_bit(pending)) >= 0) {
		bitmap_clear_bit(pending, next);
		process_block(c, BASIC_BLOCK_FOR_FN(fn, rpo[next]), pending, order);
	}

	free(order);
	free(rpo);
}

/* ------------------------------------------------------------------ */
/* Reporting                                                            */

/* Source order, so the output does not depend on the walk. */
static int diag_cmp(const void *a, const void *b)
{
	const path_diag *x = (const path_diag *)a, *y = (const path_diag *)b;
	expanded_location ex = expand_location(x->loc), ey = expand_location(y->loc);
	if (ex.line != ey.line)
		return ex.line < ey.line ? -1 : 1;
	if (ex.column != ey.column)
		return ex.column < ey.column ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->obj - y->obj;
}

/*
 * One warning per leaked object, at its first leaking exit in source
 * order; its other leaking exits become notes (as smatch's "not released
 * on lines: ..."), so a missing release before a shared label is one report.
 */
static void emit(path_ctx *c)
{
	c->diags.qsort(diag_cmp);
	for (unsigned i = 0; i < c->diags.length(); i++) {
		const path_diag &d = c->diags[i];
		bool repeat = false;
		for (unsigned j = 0; j < i && !repeat; j++)
			repeat = d.kind == PD_LEAK && c->diags[j].kind == PD_LEAK &&
				 c->diags[j].obj == d.obj;
		if (repeat)
			continue;
		auto_diagnostic_group group;
		if (!c->sm->report(c, d))
			continue;
		c->sm->explain(c, d);
		for (unsigned j = i + 1; j < c->diags.length(); j++)
			if (d.kind == PD_LEAK && c->diags[j].kind == PD_LEAK && c->diags[j].obj == d.obj)
				inform(c->diags[j].loc, "%qs also leaks when the function returns "
				       "by this path", c->sm->object_name(c, d.obj));
	}
}

/* ------------------------------------------------------------------ */
/* Entry point                                                          */

const path_object &path_object_of(path_ctx *c, int o)
{
	return c->objs[o];
}

/* Argument I of CALL, or NULL_TREE if it has fewer (the 1-arg get): call_arg(). */
tree path_call_arg(const gimple *call, int i)
{
	return call_arg(call, i);
}

/*
 * The objects of FN: one per acquiring call, one per parameter of the
 * tracked type; and how often each variable is tested against 0 (see
 * record_flag).
 */
/* A local of the tracked type whose address is passed as &VAR (ARG)? */
static tree out_local_candidate(path_ctx *c, tree arg)
{
	if (!arg || TREE_CODE(arg) != ADDR_EXPR)
		return NULL_TREE;
	tree var = TREE_OPERAND(arg, 0);
	return TREE_CODE(var) == VAR_DECL && DECL_CONTEXT(var) == c->fn->decl &&
	       !TREE_STATIC(var) && !DECL_EXTERNAL(var) && c->sm->tracked_type(TREE_TYPE(var)) ?
	       var : NULL_TREE;
}

/* walk_gimple_op callback: count the addresses taken of the candidates (wi->info). */
static tree count_addresses(tree *tp, int *walk_subtrees, void *data)
{
	hash_map<tree, int> *taken = (hash_map<tree, int> *)((walk_stmt_info *)data)->info;
	if (TREE_CODE(*tp) == ADDR_EXPR) {
		tree base = get_base_address(TREE_OPERAND(*tp, 0));
		if (int *n = base ? taken->get(base) : NULL)
			(*n)--;
	}
	return NULL_TREE;
}

/*
 * The locals whose address is passed only where a summarised helper stores
 * an object (int err = lookup(pfn, &pgmap)): no other code can change
 * them, so they are followed as locations.  PASSED counts those passes.
 */
static void find_out_locals(path_ctx *c, hash_map<tree, int> &passed)
{
	if (passed.is_empty())
		return;
	hash_map<tree, int> taken;
	for (auto it = passed.begin(); it != passed.end(); ++it)
		taken.put((*it).first, (*it).second);
	walk_stmt_info wi;
	memset(&wi, 0, sizeof(wi));
	wi.info = &taken;
	basic_block bb;
	FOR_EACH_BB_FN(bb, c->fn) {
		for (gphi_iterator gsi = gsi_start_phis(bb); !gsi_end_p(gsi); gsi_next(&gsi))
			for (unsigned i = 0; i < gimple_phi_num_args(gsi.phi()); i++) {
				tree a = gimple_phi_arg_def(gsi.phi(), i);
				count_addresses(&a, NULL, &wi);
			}
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi))
			walk_gimple_op(gsi_stmt(gsi), count_addresses, &wi);
	}
	c->out_locals = new hash_set<tree>;
	for (auto it = taken.begin(); it != taken.end(); ++it)
		if ((*it).second == 0)
			c->out_locals->add((*it).first);
}

/*
 * The objects of FN: one per acquiring call, one per channel of a
 * summarised helper's call, one per parameter of the tracked type; how
 * often each variable is tested against 0 (see record_flag); and, for a
 * static helper, the caller's slots it may store into.
 */
static void find_objects(path_ctx *c)
{
	hash_map<tree, int> passed;
	basic_block bb;
	FOR_EACH_BB_FN(bb, c->fn)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *stmt = gsi_stmt(gsi);
			count_flag_test(c, stmt);
			const path_summary *sum;
			if (c->sm->acquires(stmt)) {
				path_object p = { stmt, NULL_TREE, -1, NULL_TREE, UNKNOWN_LOCATION };
				c->acq_obj->put(stmt, c->objs.length());
				c->objs.safe_push(p);
			} else if ((sum = summary_of(c->sm, stmt))) {
				c->acq_obj->put(stmt, c->objs.length());
				for (unsigned ch = 0; ch < sum->chans.length(); ch++) {
					if (!sum->chans[ch].acquires)
						continue;
					tree var = ch ? out_local_candidate(c, path_call_arg(stmt, ch - 1)) : NULL_TREE;
					if (var)
						passed.get_or_insert(var)++;
					path_object p = { stmt, NULL_TREE, (int)ch - 1, var, sum->chans[ch].handoff };
					c->objs.safe_push(p);
				}
			}
		}
	find_out_locals(c, passed);
	for (tree parm = DECL_ARGUMENTS(c->fn->decl); parm; parm = DECL_CHAIN(parm))
		if (c->sm->tracked_type(TREE_TYPE(parm))) {
			path_object p = { NULL, parm, -1, NULL_TREE, UNKNOWN_LOCATION };
			c->objs.safe_push(p);
		}

	/* A static helper that may hand its caller an object gets a summary. */
	tree fndecl = c->fn->decl;
	bool any = c->sm->tracked_type(TREE_TYPE(TREE_TYPE(fndecl)));
	for (tree parm = DECL_ARGUMENTS(fndecl); parm; parm = DECL_CHAIN(parm)) {
		tree t = TREE_TYPE(parm);
		tree def = ssa_default_def(c->fn, parm);
		int loc = -1;
		if (!TREE_PUBLIC(fndecl) && POINTER_TYPE_P(t) && c->sm->tracked_type(TREE_TYPE(t)) && def) {
			/* *PARM: a location of its own, keyed by the parameter's
			 * default definition (path_loc keys the parameter itself). */
			loc = c->locs.length();
			c->loc_index->put(def, loc);
			c->locs.safe_push(def);
			c->loc_holder.safe_push(1);
			c->loc_local.safe_push(0);
			c->loc_tracked.safe_push(1);
			c->loc_tests.safe_push(0);
			any = true;
		}
		c->slot_loc.safe_push(loc);
		c->slot_escaped.safe_push(0);
		c->slot_consumed.safe_push(0);
	}
	c->summarising = any && !TREE_PUBLIC(fndecl);
	chan_acc none;
	memset(&none, 0, sizeof(none));
	none.handoff = UNKNOWN_LOCATION;
	for (unsigned i = 0; i <= c->slot_loc.length(); i++)
		c->acc.safe_push(none);
}

/* The summary of the function just walked, from what its exits handed over; false if none. */
static bool save_summary(path_ctx *c)
{
	path_summary *sum = new path_summary;
	sum->sm = c->sm;
	sum->chans = vNULL;
	bool any = false;
	for (unsigned ch = 0; ch < c->acc.length(); ch++) {
		const chan_acc &a = c->acc[ch];
		chan_summary cs;
		memset(&cs, 0, sizeof(cs));
		cs.acquires = a.held && !a.invalid && (ch == 0 || !c->slot_escaped[ch - 1]);
		cs.nonnull = !a.held_unchecked && !a.nothing;
		cs.consumes = ch > 0 && c->slot_consumed[ch - 1];
		cs.handoff = a.handoff;
		cs.lhs = PV_UNKNOWN;
		if (ch > 0 && !a.nothing) {
			/* Always stored: the return value is only known if constant. */
			if (a.held_ret == RC_ZERO)
				cs.lhs = PV_FALSE;
			else if (a.held_ret == RC_NONZERO)
				cs.lhs = PV_TRUE;
		} else if (ch > 0 && !(a.held_ret & ~(RC_ZERO | RC_TEST0)) && a.nothing_ret == RC_NONZERO) {
			cs.lhs = PV_TEST;	/* "return -ENXIO;" when nothing was stored */
			cs.pol = 0;
		} else if (ch > 0 && !(a.held_ret & ~(RC_NONZERO | RC_TEST1)) && a.nothing_ret == RC_ZERO) {
			cs.lhs = PV_TEST;	/* "return false;" when nothing was stored */
			cs.pol = 1;
		}
		/*
		 * Stored on some exits only, and neither the return value nor a
		 * void function's *out tells the caller which: a caller testing
		 * what the helper returned ("if (!page) return") would be taken
		 * to leak.  No summary (silent) rather than false leaks.
		 */
		if (ch > 0 && a.nothing && cs.lhs == PV_UNKNOWN &&
		    !VOID_TYPE_P(TREE_TYPE(TREE_TYPE(c->fn->decl))))
			cs.acquires = false;
		any |= cs.acquires;
		sum->chans.safe_push(cs);
	}
	if (!any) {
		sum->chans.release();
		delete sum;
		return false;
	}
	if (!summaries)
		summaries = new hash_map<tree, path_summary *>;
	bool existed;
	path_summary *&slot = summaries->get_or_insert(c->fn->decl, &existed);
	if (existed) {
		slot->chans.release();
		delete slot;
	}
	slot = sum;
	return true;
}

/*
 * $STATS_ENV=1: one line on stderr per function analysed, so that a test
 * can tell "clean" from "skipped past the bounds", and which static
 * helpers got a summary ("hands-over").  The line is not a diagnostic,
 * and devmap-lint's report ignores it.
 */
static void print_stats(path_ctx *c, bool summarised)
{
	if (!c->sm->stats_env || !getenv(c->sm->stats_env))
		return;
	unsigned most = 0;
	for (const state_set &set : c->sets)
		most = MAX(most, set.states.length());
	fprintf(stderr, "%s %s %s refs=%d max-states=%u work=%u%s %s\n", c->sm->stats_tag,
		LOCATION_FILE(DECL_SOURCE_LOCATION(c->fn->decl)), function_name(c->fn),
		nobjs(c), most, c->work, summarised ? " hands-over" : "",
		c->bail ? "skipped" : "checked");
}

void path_analyse(const path_sm *sm, function *fn)
{
	path_ctx c;
	memset((void *)&c, 0, sizeof(c));
	c.sm = sm;
	c.fn = fn;
	c.acq_obj = new hash_map<gimple *, int>;
	c.loc_index = new hash_map<tree, int>;
	c.site_index = new hash_map<gimple *, int>;

	find_objects(&c);
	if (nobjs(&c) <= sm->max_objects)
		run(&c);
	else
		c.bail = true;
	bool summarised = !c.bail && c.summarising && save_summary(&c);
	print_stats(&c, summarised);
	if (!c.bail)
		emit(&c);

	for (state_set &set : c.sets) {
		set.states.release();
		set.via.release();
	}
	for (pstate *s : c.all_states) {
		s->release();
		delete s;
	}
	c.all_states.release();
	c.sets.release();
	c.tail.release();
	c.diags.release();
	c.sites.release();
	c.locs.release();
	c.loc_holder.release();
	c.loc_local.release();
	c.loc_tracked.release();
	c.loc_tests.release();
	c.objs.release();
	c.slot_loc.release();
	c.slot_escaped.release();
	c.slot_consumed.release();
	c.acc.release();
	delete c.out_locals;
	delete c.acq_obj;
	delete c.loc_index;
	delete c.site_index;
}
