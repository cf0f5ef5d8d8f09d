// SPDX-License-Identifier: GPL-2.0
/*
 * rule-pgmap-ref.c - every get_dev_pagemap() reference is put exactly once.
 *
 * get_dev_pagemap() takes a live reference on a struct dev_pagemap (a
 * percpu_ref) that put_dev_pagemap() must drop; it returns NULL when no
 * pgmap covers the pfn.  Up to Linux 6.17 it takes a second argument, a
 * pgmap the caller already holds a reference on, which it either returns
 * as-is or releases.  This rule follows each reference along every path of
 * the function's CFG and flags:
 *
 *   - a leak: a path from a get to a return on which the reference is
 *     neither put nor handed on (returned, stored through a pointer, into
 *     a structure or a global, passed to a function not known to only
 *     borrow it), or on which the only copy of it is overwritten (a get
 *     with a NULL cache argument inside a loop);
 *   - a dereference of the result before any NULL test;
 *   - a cache argument that is neither NULL nor a reference this function
 *     holds (a get result, a parameter, a load from the caller's memory
 *     such as *pgmap or ctx->pgmap): page->pgmap carries no reference for
 *     us, and get_dev_pagemap() may drop it;
 *   - a use of the pgmap after the put on that path (a NULL test is fine:
 *     "put_dev_pagemap(pgmap); if (pgmap) ..." is a legitimate probe);
 *   - a second put on one path.
 *
 * The analysis is a forward "property simulation" (ESP, the way smatch
 * tracks refcounts): each block carries a set of abstract states, a state
 * being the status of every reference plus what each local variable holds.
 * Identical states are merged at joins, a NULL test splits a state and
 * prunes the impossible side, and a cap on the number of states and on the
 * total work keeps it bounded (the function is skipped, silently, past it).
 *
 * Locations: a user variable is one location whatever its SSA version (the
 * pass runs right after "ssa", when the versions of a variable never
 * overlap); a compiler temporary is its own location, dropped at the end of
 * its block when it is not used elsewhere.  A memory-resident local scalar
 * (at -O0 on older compilers) is a location too.  Memory is not tracked: a
 * reference stored there is handed on, and a pgmap loaded from it is the
 * caller's (*pgmap, ctx->pgmap) unless it is a page's pgmap field.
 *
 * Tables (rules/devmap-api.tbl):
 *   pgmap-get    FUNCTION [CACHEARG]    returns a new reference (or NULL);
 *                                       CACHEARG: the cached pgmap's
 *                                       argument, when the call has it
 *   pgmap-put    FUNCTION ARG           drops ARG's reference (NULL is fine)
 *   pgmap-borrow FUNCTION ARG [null-ok] reads ARG without taking it over;
 *                                       null-ok: ARG may be NULL
 * and, from the core, pgmap-field and pgmap-accessor (a page's pgmap).
 */
#include "core.h"

#define RULE "pgmap-ref"

static const struct api_kind_decl pgmap_ref_kinds[] = {
	{ "pgmap-get", 0, 1, "FUNCTION [CACHEARG]" },
	{ "pgmap-put", 1, 1, "FUNCTION ARG" },
	{ "pgmap-borrow", 1, 2, "FUNCTION ARG [null-ok]" },
	{ NULL, 0, 0, NULL }
};

/* Bounds: past them the function is skipped (too hairy, as smatch says). */
#define MAX_REFS	28	/* references tracked in one function */
#define MAX_STATES	96	/* states at the entry of one block */
#define MAX_WORK	40000	/* state x block transfers per function */

/* ------------------------------------------------------------------ */
/* The API table                                                        */

enum call_role { ROLE_GET, ROLE_PUT, ROLE_BORROW, ROLE_ACCESSOR };

struct api_fn {
	tree id;		/* the function's IDENTIFIER_NODE */
	enum call_role role;
	int arg;		/* cache arg (get), argument (put, borrow, accessor); -1 none */
	bool null_ok;		/* borrow: the argument may be NULL */
};

/*
 * The table's functions by identifier, built once: identifiers are unique,
 * so recognising a call is a pointer comparison.  This is what lets a
 * function without any of them cost one walk over its calls.
 */
static vec<api_fn> api_fns;

static void add_api_fns(const char *kind, enum call_role role)
{
	for (const api_entry *e = api_next(kind, NULL); e; e = api_next(kind, e)) {
		api_fn f;
		f.id = get_identifier(e->name);
		f.role = role;
		f.arg = api_arg(e, 0);
		f.null_ok = role == ROLE_BORROW && e->ncols > 1 && !strcmp(e->col[1], "null-ok");
		api_fns.safe_push(f);
	}
}

static void load_api_fns(void)
{
	static bool loaded;
	if (loaded)
		return;
	loaded = true;
	add_api_fns("pgmap-get", ROLE_GET);
	add_api_fns("pgmap-put", ROLE_PUT);
	add_api_fns("pgmap-borrow", ROLE_BORROW);
	add_api_fns("pgmap-accessor", ROLE_ACCESSOR);
}

static const api_fn *api_fn_of(const gimple *stmt)
{
	tree fndecl = is_gimple_call(stmt) ? gimple_call_fndecl(stmt) : NULL_TREE;
	if (!fndecl || !DECL_NAME(fndecl))
		return NULL;
	for (const api_fn &f : api_fns)
		if (f.id == DECL_NAME(fndecl))
			return &f;
	return NULL;
}

/* Argument I of CALL, or NULL_TREE if it has fewer (the 1-arg get). */
static tree call_arg(const gimple *call, int i)
{
	if (i < 0 || i >= (int)gimple_call_num_args(call))
		return NULL_TREE;
	return gimple_call_arg(call, i);
}

/* Is TYPE "struct dev_pagemap *"?  Only such variables get NULL/owner facts. */
static bool pgmap_pointer_type_p(tree type)
{
	if (!type || !POINTER_TYPE_P(type))
		return false;
	tree rec = TYPE_MAIN_VARIANT(TREE_TYPE(type));
	if (TREE_CODE(rec) != RECORD_TYPE)
		return false;
	tree tag = TYPE_NAME(rec);
	if (tag && TREE_CODE(tag) == TYPE_DECL)
		tag = DECL_NAME(tag);
	return tag && TREE_CODE(tag) == IDENTIFIER_NODE &&
	       !strcmp(IDENTIFIER_POINTER(tag), "dev_pagemap");
}

/* ------------------------------------------------------------------ */
/* Abstract values and states                                           */

/*
 * A reference is either a get call of this function (one per call site: a
 * loop's second execution replaces the first, see do_get()) or the pgmap a
 * parameter brings in from the caller (we may put it, never have to).
 */
struct pref {
	gimple *acq;		/* the get call, or NULL for a parameter */
	tree parm;		/* the parameter, for a caller's reference */
};

enum ref_status {
	RS_NONE,		/* not taken on this path */
	RS_MAYBE_NULL,		/* taken, not yet tested against NULL */
	RS_HELD,		/* taken and not NULL */
	RS_NULL,		/* the get returned NULL: nothing to put */
	RS_RELEASED,		/* put (the put site is recorded) */
	RS_GONE			/* handed on, or no longer tracked */
};

/*
 * What a location holds.  0 is "unknown" and is never stored.  The kind is
 * in the low 4 bits, its argument above.
 */
enum value_kind {
	VK_UNKNOWN,
	VK_NULL,		/* a NULL pgmap pointer */
	VK_OWNED,		/* a pgmap the caller owns, loaded from memory (*pgmap, ctx->pgmap) */
	VK_UNOWNED,		/* a page's pgmap (page->pgmap): no reference of ours; arg: site */
	VK_REF,			/* reference ARG */
	VK_TEST,		/* a NULL test of reference ARG/2: true means non-NULL iff ARG&1 */
	VK_TRUE,		/* a test known to be true ... */
	VK_FALSE,		/* ... or false */
	VK_FIELDADDR		/* the address of a field of reference ARG's pgmap (&pgmap->ref) */
};
#define VAL(kind, arg)	((int)(kind) | ((arg) << 4))
#define VAL_KIND(v)	((enum value_kind)((v) & 15))
#define VAL_ARG(v)	((v) >> 4)

/*
 * A state is a vec<int>:
 *   [0 .. nrefs)     per reference: status | put site << 4
 *   then             (location, value) pairs, sorted by location
 * so that two states are equal exactly when their vectors are.
 */
typedef vec<int> pstate;

/* What a diagnostic is about. */
enum diag_kind {
	D_LEAK,			/* reaches a return still held */
	D_OVERWRITE,		/* the only copy is overwritten */
	D_LOOP_OVERWRITE,	/* the get overwrites its own earlier reference */
	D_IGNORED,		/* the get's result is not used at all */
	D_UNCHECKED,		/* dereferenced before a NULL test */
	D_UNCHECKED_BORROW,	/* passed to a borrowing function before a NULL test */
	D_NULL_DEREF,		/* used where it is NULL */
	D_CACHE_UNOWNED,	/* cache argument read from a page */
	D_CACHE_PUT,		/* cache argument already put */
	D_USE_AFTER_PUT,	/* dereferenced after the put */
	D_DOUBLE_PUT		/* put twice */
};

struct diag {
	enum diag_kind kind;
	location_t loc;
	int ref;		/* the reference, -1 if none */
	gimple *at;		/* the statement reported */
	gimple *other;		/* the put, or where an unowned pgmap was read */
};

/* Per block: the states reaching its entry (in the tail, with the edge they entered it by). */
struct state_set {
	vec<pstate *> states;
	vec<edge> via;
	unsigned done;		/* states[0 .. done) have been propagated */
};

struct pctx {
	function *fn;
	vec<pref> refs;
	hash_map<gimple *, int> *acq_ref;	/* get call -> its reference */
	/* Locations. */
	hash_map<tree, int> *loc_index;
	vec<tree> locs;
	vec<char> loc_holder;	/* a variable: counts as a copy of a reference */
	vec<char> loc_local;	/* a temporary used only in its own block */
	vec<char> loc_pgmap;	/* of type struct dev_pagemap * */
	vec<char> loc_tests;	/* conditions testing the variable against 0 (max 2) */
	/* Statements a state refers to (put sites, unowned reads), 1-based. */
	vec<gimple *> sites;
	hash_map<gimple *, int> *site_index;
	vec<diag> diags;
	vec<state_set> sets;
	vec<char> tail;		/* per block: can only go on to a return */
	vec<pstate *> all_states;	/* for freeing */
	unsigned work;
	bool bail;
};

static int nrefs(pctx *c)
{
	return c->refs.length();
}

static int site_of(pctx *c, gimple *stmt)
{
	bool existed;
	int &slot = c->site_index->get_or_insert(stmt, &existed);
	if (!existed) {
		c->sites.safe_push(stmt);
		slot = c->sites.length();
	}
	return slot;
}

static gimple *site_stmt(pctx *c, int site)
{
	return site > 0 ? c->sites[site - 1] : NULL;
}

static pstate *new_state(pctx *c, const pstate *from)
{
	pstate *s = new pstate();
	*s = vNULL;
	if (from)
		s->safe_splice(*from);
	c->all_states.safe_push(s);
	return s;
}

static enum ref_status ref_status(const pstate &s, int r)
{
	return (enum ref_status)(s[r] & 15);
}

static int ref_put_site(const pstate &s, int r)
{
	return s[r] >> 4;
}

static void set_ref(pstate &s, int r, enum ref_status status, int put_site = 0)
{
	s[r] = (int)status | (put_site << 4);
}

static bool held_p(enum ref_status st)
{
	return st == RS_MAYBE_NULL || st == RS_HELD;
}

/* Index of the first (location, value) pair at or after LOC. */
static unsigned loc_slot(pctx *c, const pstate &s, int loc)
{
	unsigned lo = 0, hi = (s.length() - nrefs(c)) / 2;
	unsigned base = nrefs(c);
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (s[base + 2 * mid] < loc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return base + 2 * lo;
}

static int loc_get(pctx *c, const pstate &s, int loc)
{
	if (loc < 0)
		return 0;
	unsigned i = loc_slot(c, s, loc);
	return i < s.length() && s[i] == loc ? s[i + 1] : 0;
}

static void loc_put(pctx *c, pstate &s, int loc, int val)
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

/* Forget every value that mentions reference R (it is no longer followed). */
static void forget_values_of(pctx *c, pstate &s, int r, bool refs_too)
{
	for (unsigned i = nrefs(c); i < s.length(); ) {
		int v = s[i + 1];
		bool mentions = (VAL_KIND(v) == VK_REF && refs_too && VAL_ARG(v) == r) ||
			(VAL_KIND(v) == VK_TEST && VAL_ARG(v) / 2 == r) ||
			(VAL_KIND(v) == VK_FIELDADDR && VAL_ARG(v) == r);
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
	return (TREE_CODE(t) == VAR_DECL || TREE_CODE(t) == PARM_DECL) &&
	       !TREE_STATIC(t) && !DECL_EXTERNAL(t) && !TREE_ADDRESSABLE(t) &&
	       DECL_CONTEXT(t) == current_function_decl &&
	       (POINTER_TYPE_P(TREE_TYPE(t)) || INTEGRAL_TYPE_P(TREE_TYPE(t)));
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
static int loc_of(pctx *c, tree t)
{
	if (!t)
		return -1;
	tree key = t;
	if (TREE_CODE(t) == SSA_NAME) {
		if (virtual_operand_p(t))
			return -1;
		if (user_variable_p(SSA_NAME_VAR(t)))
			key = SSA_NAME_VAR(t);
	} else if (!memory_local_p(t)) {
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
	c->loc_pgmap.safe_push(pgmap_pointer_type_p(TREE_TYPE(key)));
	c->loc_tests.safe_push(0);
	return n;
}

/* A variable other than EXCEPT that still holds reference R. */
static bool other_holder(pctx *c, const pstate &s, int r, int except)
{
	for (unsigned i = nrefs(c); i < s.length(); i += 2)
		if (s[i] != except && c->loc_holder[s[i]] && s[i + 1] == VAL(VK_REF, r))
			return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* Diagnostics (collected, emitted sorted once the function is done)    */

static void add_diag(pctx *c, enum diag_kind kind, gimple *at, location_t loc,
		     int ref, gimple *other)
{
	for (const diag &d : c->diags)
		if (d.kind == kind && d.loc == loc && d.ref == ref)
			return;
	diag d = { kind, loc, ref, at, other };
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

/* The value of operand OP in state S.  STMT is the statement reading it. */
static int eval(pctx *c, const pstate &s, tree op, gimple *stmt)
{
	if (!op)
		return 0;
	if (TREE_CODE(op) == INTEGER_CST)
		return POINTER_TYPE_P(TREE_TYPE(op)) && integer_zerop(op) ? VAL(VK_NULL, 0) : 0;
	int loc = loc_of(c, op);
	if (loc >= 0)
		return loc_get(c, s, loc);
	if (!pgmap_pointer_type_p(TREE_TYPE(op)) || !REFERENCE_CLASS_P(op))
		return 0;
	/* A pgmap pointer loaded from memory: a page's, or the caller's. */
	if (vf_field_ref_base(op, "pgmap-field"))
		return VAL(VK_UNOWNED, site_of(c, stmt));
	return VAL(VK_OWNED, 0);
}

/* Reference R if V is (a field address of) a reference, else -1. */
static int ref_of_value(int v)
{
	return VAL_KIND(v) == VK_REF || VAL_KIND(v) == VK_FIELDADDR ? VAL_ARG(v) : -1;
}

static int negate_test(int v)
{
	switch (VAL_KIND(v)) {
	case VK_TEST: return VAL(VK_TEST, VAL_ARG(v) ^ 1);
	case VK_TRUE: return VAL(VK_FALSE, 0);
	case VK_FALSE: return VAL(VK_TRUE, 0);
	default: return 0;
	}
}

/*
 * The value of "A CODE B" when it is a NULL test: of a pointer against 0
 * (pgmap == NULL), or of an earlier test against 0 (the !! and
 * __builtin_expect() of likely()/unlikely(), WARN_ON()'s int __ret).
 */
static int null_test(pctx *c, const pstate &s, enum tree_code code, tree a, tree b, gimple *stmt)
{
	if (code != EQ_EXPR && code != NE_EXPR)
		return 0;
	if (!integer_zerop(b)) {
		if (!integer_zerop(a))
			return 0;
		std::swap(a, b);
	}
	int v = eval(c, s, a, stmt);
	if (POINTER_TYPE_P(TREE_TYPE(a))) {
		if (VAL_KIND(v) == VK_REF)
			v = VAL(VK_TEST, VAL_ARG(v) * 2 + 1);	/* true iff non-NULL */
		else if (VAL_KIND(v) == VK_NULL)
			v = VAL(VK_FALSE, 0);
		else
			return 0;
	} else if (VAL_KIND(v) != VK_TEST && VAL_KIND(v) != VK_TRUE && VAL_KIND(v) != VK_FALSE) {
		return 0;
	}
	return code == NE_EXPR ? v : negate_test(v);
}

/* ------------------------------------------------------------------ */
/* Events on references                                                 */

/* Reference R is handed on (returned, stored, passed): no longer ours to put. */
static void hand_on(pstate &s, int r)
{
	if (held_p(ref_status(s, r)))
		set_ref(s, r, RS_GONE);
}

/*
 * STMT uses the pgmap of reference R: it dereferences it, or passes it to
 * a function that does (BORROW).  NULL_OK: only a use after put matters.
 */
static void use_ref(pctx *c, pstate &s, int r, gimple *stmt, bool borrow, bool null_ok)
{
	location_t loc = stmt_location(stmt);
	bool ours = c->refs[r].acq != NULL;
	switch (ref_status(s, r)) {
	case RS_MAYBE_NULL:
		if (null_ok)
			return;
		if (ours)
			add_diag(c, borrow ? D_UNCHECKED_BORROW : D_UNCHECKED, stmt, loc, r, NULL);
		set_ref(s, r, RS_HELD);		/* report once per path */
		return;
	case RS_NULL:
		if (null_ok)
			return;
		if (ours)
			add_diag(c, D_NULL_DEREF, stmt, loc, r, NULL);
		set_ref(s, r, RS_GONE);
		return;
	case RS_RELEASED:
		add_diag(c, D_USE_AFTER_PUT, stmt, loc, r, site_stmt(c, ref_put_site(s, r)));
		set_ref(s, r, RS_GONE);
		return;
	default:
		return;
	}
}

/*
 * Location LOC gets value VAL.  Overwriting the only copy of a reference
 * that is still held leaks it (AT is where, for the report).
 */
static void write_loc(pctx *c, pstate &s, int loc, int val, gimple *at, location_t where)
{
	enum value_kind k = VAL_KIND(val);
	if ((k == VK_NULL || k == VK_OWNED || k == VK_UNOWNED) && !c->loc_pgmap[loc])
		val = 0;
	int old = loc_get(c, s, loc);
	if (old == val)
		return;
	if (c->loc_holder[loc] && VAL_KIND(old) == VK_REF) {
		int r = VAL_ARG(old);
		if (c->refs[r].acq && held_p(ref_status(s, r)) && !other_holder(c, s, r, loc)) {
			add_diag(c, D_OVERWRITE, at, where, r, NULL);
			set_ref(s, r, RS_GONE);
		}
	}
	loc_put(c, s, loc, val);
}

/* Check each memory access of STMT: a dereference of a reference is a use. */
static void check_deref(pctx *c, pstate &s, gimple *stmt, tree op)
{
	if (!op)
		return;
	tree p = deref_pointer(op);
	int r = p ? ref_of_value(eval(c, s, p, stmt)) : -1;
	if (r >= 0)
		use_ref(c, s, r, stmt, false, false);
}

static void check_derefs(pctx *c, pstate &s, gimple *stmt)
{
	if (is_gimple_assign(stmt)) {
		check_deref(c, s, stmt, gimple_assign_lhs(stmt));
		if (gimple_assign_single_p(stmt) && TREE_CODE(gimple_assign_rhs1(stmt)) != ADDR_EXPR)
			check_deref(c, s, stmt, gimple_assign_rhs1(stmt));
	} else if (is_gimple_call(stmt)) {
		check_deref(c, s, stmt, gimple_call_lhs(stmt));
		for (unsigned i = 0; i < gimple_call_num_args(stmt); i++) {
			tree a = gimple_call_arg(stmt, i);
			/* &pgmap->ref handed to a callee: it will access it. */
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
	enum value_kind absorbing = is_and ? VK_FALSE : VK_TRUE;
	enum value_kind neutral = is_and ? VK_TRUE : VK_FALSE;
	if (VAL_KIND(a) == absorbing || VAL_KIND(b) == absorbing)
		return VAL(absorbing, 0);
	if (VAL_KIND(a) == neutral)
		return b;
	if (VAL_KIND(b) == neutral)
		return a;
	return 0;
}

/* The value an assignment computes. */
static int assign_value(pctx *c, const pstate &s, gimple *stmt)
{
	enum tree_code code = gimple_assign_rhs_code(stmt);
	tree rhs1 = gimple_assign_rhs1(stmt);
	if (TREE_CODE_CLASS(code) == tcc_comparison)
		return null_test(c, s, code, rhs1, gimple_assign_rhs2(stmt), stmt);
	if (code == ADDR_EXPR) {
		/* &pgmap->field: a pointer into the pgmap, not a copy of it. */
		tree p = deref_pointer(TREE_OPERAND(rhs1, 0));
		int r = p ? ref_of_value(eval(c, s, p, stmt)) : -1;
		return r >= 0 ? VAL(VK_FIELDADDR, r) : 0;
	}
	if (gimple_assign_single_p(stmt) || CONVERT_EXPR_CODE_P(code)) {
		int v = eval(c, s, rhs1, stmt);
		/* (char)256 is 0: a narrowing conversion does not keep "nonzero". */
		if (VAL_KIND(v) == VK_TRUE && CONVERT_EXPR_CODE_P(code) &&
		    TYPE_PRECISION(TREE_TYPE(gimple_assign_lhs(stmt))) <
		    TYPE_PRECISION(TREE_TYPE(rhs1)))
			return 0;
		return v;
	}
	/* !x, and its spellings on 0/1 values (~b on _Bool, t ^ 1 on a test). */
	if (code == TRUTH_NOT_EXPR ||
	    (code == BIT_NOT_EXPR && TYPE_PRECISION(TREE_TYPE(rhs1)) == 1))
		return negate_test(eval(c, s, rhs1, stmt));
	if (code == BIT_XOR_EXPR && integer_onep(gimple_assign_rhs2(stmt))) {
		int v = eval(c, s, rhs1, stmt);
		/* A flag known nonzero may be 3: 3 ^ 1 is nonzero too. */
		return VAL_KIND(v) == VK_TEST || TYPE_PRECISION(TREE_TYPE(rhs1)) == 1 ?
			negate_test(v) : 0;
	}
	if ((code == BIT_AND_EXPR || code == BIT_IOR_EXPR ||
	     code == TRUTH_AND_EXPR || code == TRUTH_OR_EXPR) &&
	    TYPE_PRECISION(TREE_TYPE(gimple_assign_lhs(stmt))) == 1)
		return combine_tests(code, eval(c, s, rhs1, stmt),
				     eval(c, s, gimple_assign_rhs2(stmt), stmt));
	if (code == POINTER_PLUS_EXPR) {
		int r = ref_of_value(eval(c, s, rhs1, stmt));
		return r >= 0 ? VAL(VK_FIELDADDR, r) : 0;
	}
	return 0;
}

static void transfer_assign(pctx *c, pstate &s, gimple *stmt)
{
	tree lhs = gimple_assign_lhs(stmt);
	int loc = loc_of(c, lhs);
	if (gimple_clobber_p(stmt)) {
		/* End of the variable's scope: forget it (an exit reports the leak). */
		if (loc >= 0)
			loc_put(c, s, loc, 0);
		return;
	}
	int val = assign_value(c, s, stmt);
	if (loc >= 0)
		write_loc(c, s, loc, val, stmt, stmt_location(stmt));
	else if (VAL_KIND(val) == VK_REF)
		hand_on(s, VAL_ARG(val));	/* stored through a pointer, into a struct or a global */
}

/* The cache argument V of get call STMT: must be NULL or held; it is consumed. */
static int take_cache_arg(pctx *c, pstate &s, gimple *stmt, int v)
{
	switch (VAL_KIND(v)) {
	case VK_UNOWNED:
		add_diag(c, D_CACHE_UNOWNED, stmt, stmt_location(stmt), -1,
			 site_stmt(c, VAL_ARG(v)));
		return -1;
	case VK_REF: {
		int r = VAL_ARG(v);
		enum ref_status st = ref_status(s, r);
		if (st == RS_RELEASED) {
			add_diag(c, D_CACHE_PUT, stmt, stmt_location(stmt), r,
				 site_stmt(c, ref_put_site(s, r)));
			set_ref(s, r, RS_GONE);
		} else if (held_p(st)) {
			/* Returned as-is or released by the get: either way not ours now. */
			set_ref(s, r, RS_GONE);
			return r;
		}
		return -1;
	}
	default:
		return -1;
	}
}

static void do_get(pctx *c, pstate &s, gcall *stmt, const api_fn *f)
{
	int r = *c->acq_ref->get(stmt);
	tree cache = call_arg(stmt, f->arg);
	int consumed = cache ? take_cache_arg(c, s, stmt, eval(c, s, cache, stmt)) : -1;

	tree lhs = gimple_call_lhs(stmt);
	int loc = loc_of(c, lhs);
	/*
	 * This get ran before on this path (a loop) and its reference is still
	 * held: overwriting its only copy leaks it.  If another variable still
	 * holds it, the two instances cannot be told apart: stop following it.
	 */
	if (consumed != r && held_p(ref_status(s, r))) {
		if (other_holder(c, s, r, loc)) {
			forget_values_of(c, s, r, true);
		} else {
			add_diag(c, D_LOOP_OVERWRITE, stmt, stmt_location(stmt), r, NULL);
			if (loc >= 0)
				loc_put(c, s, loc, 0);
		}
	}
	forget_values_of(c, s, r, false);	/* stale NULL tests of the old one */
	set_ref(s, r, RS_MAYBE_NULL);

	if (loc >= 0) {
		write_loc(c, s, loc, VAL(VK_REF, r), stmt, stmt_location(stmt));
	} else if (lhs) {
		set_ref(s, r, RS_GONE);		/* ctx->pgmap = get_dev_pagemap(...) */
	} else {
		add_diag(c, D_IGNORED, stmt, stmt_location(stmt), r, NULL);
		set_ref(s, r, RS_GONE);
	}
}

static void do_put(pctx *c, pstate &s, gimple *stmt, int v)
{
	if (VAL_KIND(v) != VK_REF)
		return;		/* not ours: page->pgmap in free_zone_device_page() is fine */
	int r = VAL_ARG(v);
	switch (ref_status(s, r)) {
	case RS_MAYBE_NULL:
	case RS_HELD:
		set_ref(s, r, RS_RELEASED, site_of(c, stmt));
		return;
	case RS_RELEASED:
		add_diag(c, D_DOUBLE_PUT, stmt, stmt_location(stmt), r,
			 site_stmt(c, ref_put_site(s, r)));
		set_ref(s, r, RS_GONE);
		return;
	default:
		return;		/* put_dev_pagemap(NULL) does nothing */
	}
}

/*
 * The reference whose pgmap CALL is a method of, -1 if none: an indirect
 * call through a table the pgmap points to, "pgmap->ops->memory_failure(
 * pgmap, ...)".  Passing the object to its own method is not a hand-off.
 * (The callee was loaded through the pgmap: reading it was the use.)
 */
static int method_of(pctx *c, const pstate &s, gcall *call)
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
		int r = ref_of_value(eval(c, s, base, def));
		if (r >= 0)
			return r;
		fn = base;			/* ->memory_failure of pgmap->ops */
	}
	return -1;
}

static void transfer_call(pctx *c, pstate &s, gcall *stmt)
{
	const api_fn *f = api_fn_of(stmt);
	tree lhs = gimple_call_lhs(stmt);
	int lhs_val = 0;

	if (f && f->role == ROLE_GET) {
		do_get(c, s, stmt, f);
		return;
	}
	if (f && f->role == ROLE_PUT) {
		tree a = call_arg(stmt, f->arg);
		do_put(c, s, stmt, eval(c, s, a, stmt));
	} else if (f && f->role == ROLE_BORROW) {
		int r = ref_of_value(eval(c, s, call_arg(stmt, f->arg), stmt));
		if (r >= 0)
			use_ref(c, s, r, stmt, true, f->null_ok);
	} else if (f && f->role == ROLE_ACCESSOR) {
		lhs_val = VAL(VK_UNOWNED, site_of(c, stmt));	/* page_pgmap(page) */
	} else if (gimple_call_builtin_p(stmt, BUILT_IN_EXPECT)) {
		lhs_val = eval(c, s, call_arg(stmt, 0), stmt);	/* likely(), unlikely() */
	} else if (!gimple_call_internal_p(stmt) && !gimple_call_builtin_p(stmt)) {
		/*
		 * Any other function may take the reference over, or use the
		 * pgmap; a method of the pgmap only uses it.
		 */
		int self = method_of(c, s, stmt);
		for (unsigned i = 0; i < gimple_call_num_args(stmt); i++) {
			int v = eval(c, s, gimple_call_arg(stmt, i), stmt);
			if (VAL_KIND(v) == VK_REF && VAL_ARG(v) != self)
				hand_on(s, VAL_ARG(v));
			else if (VAL_KIND(v) == VK_FIELDADDR)
				use_ref(c, s, VAL_ARG(v), stmt, false, false);
		}
	}
	int loc = loc_of(c, lhs);
	if (loc >= 0)
		write_loc(c, s, loc, lhs_val, stmt, stmt_location(stmt));
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
static location_t exit_location(pctx *c, edge via, greturn *ret)
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

static void transfer_return(pctx *c, pstate &s, greturn *ret, edge via)
{
	int v = eval(c, s, gimple_return_retval(ret), ret);
	if (VAL_KIND(v) == VK_REF)
		hand_on(s, VAL_ARG(v));
	location_t where = UNKNOWN_LOCATION;
	for (int r = 0; r < nrefs(c); r++)
		if (c->refs[r].acq && held_p(ref_status(s, r))) {
			if (where == UNKNOWN_LOCATION)
				where = exit_location(c, via, ret);
			add_diag(c, D_LEAK, ret, where, r, NULL);
		}
}

static void transfer_stmt(pctx *c, pstate &s, gimple *stmt, edge via)
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
	switch (VAL_KIND(t)) {
	case VK_TRUE:
		return taken;
	case VK_FALSE:
		return !taken;
	case VK_TEST: {
		int r = VAL_ARG(t) / 2;
		bool nonnull = (VAL_ARG(t) & 1) == taken;
		switch (ref_status(s, r)) {
		case RS_MAYBE_NULL:
			set_ref(s, r, nonnull ? RS_HELD : RS_NULL);
			return true;
		case RS_HELD:
			return nonnull;
		case RS_NULL:
			return !nonnull;
		case RS_RELEASED:
			/* put_dev_pagemap(NULL) then "if (pgmap)": it was never held. */
			if (!nonnull)
				set_ref(s, r, RS_NULL);
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
static tree flag_tested(pctx *c, enum tree_code code, tree a, tree b)
{
	if ((code != EQ_EXPR && code != NE_EXPR) || !integer_zerop(b) ||
	    !INTEGRAL_TYPE_P(TREE_TYPE(a)))
		return NULL_TREE;
	int loc = loc_of(c, a);
	return loc >= 0 && c->loc_holder[loc] ? a : NULL_TREE;
}

/* Count the tests of variables in STMT: a condition or a comparison ("c && p" at -O2). */
static void count_flag_test(pctx *c, gimple *stmt)
{
	tree flag = NULL_TREE;
	if (gcond *cond = dyn_cast<gcond *>(stmt))
		flag = flag_tested(c, gimple_cond_code(cond), gimple_cond_lhs(cond),
				   gimple_cond_rhs(cond));
	else if (is_gimple_assign(stmt) &&
		 TREE_CODE_CLASS(gimple_assign_rhs_code(stmt)) == tcc_comparison)
		flag = flag_tested(c, gimple_assign_rhs_code(stmt), gimple_assign_rhs1(stmt),
				   gimple_assign_rhs2(stmt));
	if (flag && c->loc_tests[loc_of(c, flag)] < 2)
		c->loc_tests[loc_of(c, flag)]++;
}

/*
 * "if (c) pgmap = get(...); ... if (c) put(pgmap);": the second test goes
 * the way the first went.  Remember which way a variable's test went, for
 * the variables tested more than once (others would only multiply states).
 */
static void record_flag(pctx *c, pstate &s, gcond *cond, bool taken)
{
	tree flag = flag_tested(c, gimple_cond_code(cond), gimple_cond_lhs(cond),
				gimple_cond_rhs(cond));
	int loc = flag ? loc_of(c, flag) : -1;
	if (loc < 0 || c->loc_tests[loc] < 2 || loc_get(c, s, loc))
		return;
	bool nonzero = taken == (gimple_cond_code(cond) == NE_EXPR);
	loc_put(c, s, loc, VAL(nonzero ? VK_TRUE : VK_FALSE, 0));
}

/* PHIs on edge E, as parallel assignments to their variables. */
static void apply_phis(pctx *c, pstate &s, edge e)
{
	auto_vec<std::pair<int, int>, 8> writes;
	auto_vec<gphi *, 8> phis;
	for (gphi_iterator gsi = gsi_start_phis(e->dest); !gsi_end_p(gsi); gsi_next(&gsi)) {
		gphi *phi = gsi.phi();
		tree res = gimple_phi_result(phi);
		if (virtual_operand_p(res))
			continue;
		int loc = loc_of(c, res);
		tree arg = PHI_ARG_DEF_FROM_EDGE(phi, e);
		if (loc < 0 || loc_of(c, arg) == loc)
			continue;	/* pgmap_9 = PHI <pgmap_21, ...>: the same variable */
		writes.safe_push(std::make_pair(loc, eval(c, s, arg, phi)));
		phis.safe_push(phi);
	}
	for (unsigned i = 0; i < writes.length(); i++) {
		location_t where = gimple_phi_arg_location_from_edge(phis[i], e);
		if (LOCATION_LOCUS(where) == UNKNOWN_LOCATION)
			where = e->goto_locus;
		write_loc(c, s, writes[i].first, writes[i].second, phis[i], user_location(where));
	}
}

/* Drop the temporaries that are dead once BB is left. */
static void drop_block_temps(pctx *c, pstate &s, basic_block bb)
{
	for (unsigned i = nrefs(c); i < s.length(); ) {
		tree t = c->locs[s[i]];
		if (c->loc_local[s[i]] && gimple_bb(SSA_NAME_DEF_STMT(t)) == bb) {
			s.ordered_remove(i);
			s.ordered_remove(i);
		} else {
			i += 2;
		}
	}
}

static bool transfer_edge(pctx *c, pstate &s, edge e)
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
static void find_tail(pctx *c, const int *rpo, int n)
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

/* Drop the recorded outcomes of flag tests (see record_flag). */
static void forget_flags(pctx *c, pstate &s)
{
	for (unsigned i = nrefs(c); i < s.length(); ) {
		enum value_kind k = VAL_KIND(s[i + 1]);
		if (c->loc_tests[s[i]] >= 2 && (k == VK_TRUE || k == VK_FALSE)) {
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
static edge tail_edge(pctx *c, edge e, edge via)
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
static bool add_state(pctx *c, basic_block bb, pstate *s, edge via)
{
	state_set &set = c->sets[bb->index];
	/*
	 * Many flags tested twice multiply the states (2^n): past half the
	 * cap, forget which way the flags went, so that such states merge.
	 */
	if (set.states.length() >= MAX_STATES / 2)
		forget_flags(c, *s);
	for (unsigned i = 0; i < set.states.length(); i++)
		if (set.via[i] == via && states_equal(*set.states[i], *s))
			return false;
	if (set.states.length() >= MAX_STATES) {
		c->bail = true;
		return false;
	}
	set.states.safe_push(s);
	set.via.safe_push(via);
	return true;
}

/* Run the new states of BB through it and along its edges. */
static void process_block(pctx *c, basic_block bb, sbitmap pending, const int *order)
{
	state_set &set = c->sets[bb->index];
	while (set.done < set.states.length() && !c->bail) {
		unsigned i = set.done++;
		if (++c->work > MAX_WORK) {
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

/* The state at function entry: each pgmap parameter holds the caller's reference. */
static pstate *entry_state(pctx *c)
{
	pstate *s = new_state(c, NULL);
	s->safe_grow_cleared(nrefs(c));
	for (int r = 0; r < nrefs(c); r++)
		if (c->refs[r].parm) {
			set_ref(*s, r, RS_MAYBE_NULL);
			/* Its SSA versions share the PARM_DECL's location; -1 if
			 * its address is taken (then it is memory). */
			int loc = loc_of(c, c->refs[r].parm);
			if (loc >= 0)
				loc_put(c, *s, loc, VAL(VK_REF, r));
		}
	return s;
}

static void run(pctx *c)
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

static const char *ref_name(pctx *c, int r)
{
	const pref &p = c->refs[r];
	const char *name = p.parm ? value_name(p.parm) : value_name(gimple_call_lhs(p.acq));
	return strcmp(name, "the value") ? name : "the pgmap";
}

static int line_of(const gimple *stmt)
{
	return expand_location(stmt_location(stmt)).line;
}

/* The notes that explain D: where the reference was taken, put, read. */
static void explain(pctx *c, const diag &d)
{
	const pref *p = d.ref >= 0 ? &c->refs[d.ref] : NULL;
	switch (d.kind) {
	case D_USE_AFTER_PUT:
	case D_DOUBLE_PUT:
	case D_CACHE_PUT:
		if (d.other)
			inform(stmt_location(d.other), "the reference is dropped here");
		break;
	case D_CACHE_UNOWNED:
		if (d.other)
			inform(stmt_location(d.other), "the pgmap is read from a page here; "
			       "a page's pgmap pointer carries no reference for the caller");
		return;
	default:
		break;
	}
	if (p && p->acq && d.at != p->acq)
		inform(stmt_location(p->acq), "the reference is taken here");
}

static bool report(pctx *c, const diag &d)
{
	const pref *p = d.ref >= 0 ? &c->refs[d.ref] : NULL;
	const char *name = p ? ref_name(c, d.ref) : NULL;
	const char *get = p && p->acq ? call_name(p->acq) : NULL;
	int line = p && p->acq ? line_of(p->acq) : 0;
	const char *put = d.other ? call_name(d.other) : NULL;

	switch (d.kind) {
	case D_LEAK:
		return devmap_warning(RULE, d.loc, "%qs from %<%s()%> at line %d is neither put nor "
				  "handed on when the function returns by this path: the "
				  "reference leaks and pins the device", name, get, line);
	case D_OVERWRITE:
		return devmap_warning(RULE, d.loc, "the only copy of the reference from %<%s()%> at "
				  "line %d is overwritten here before it is put: the reference "
				  "leaks", get, line);
	case D_LOOP_OVERWRITE:
		return devmap_warning(RULE, d.loc, "%<%s()%> overwrites %qs, the only copy of the "
				  "reference it took on an earlier iteration, before that "
				  "reference is put: it leaks", get, name);
	case D_IGNORED:
		return devmap_warning(RULE, d.loc, "the result of %<%s()%> is ignored: the reference "
				  "it takes leaks", get);
	case D_UNCHECKED:
		return devmap_warning(RULE, d.loc, "%qs from %<%s()%> at line %d is dereferenced "
				  "before it is checked for NULL: %<%s()%> returns NULL when "
				  "no pgmap covers the pfn",
				  name, get, line, get);
	case D_UNCHECKED_BORROW:
		return devmap_warning(RULE, d.loc, "%qs from %<%s()%> at line %d is passed to "
				  "%<%s()%> before it is checked for NULL: %<%s()%> returns "
				  "NULL when no pgmap covers the pfn",
				  name, get, line, call_name(d.at), get);
	case D_NULL_DEREF:
		return devmap_warning(RULE, d.loc, "%qs from %<%s()%> at line %d is used here on a "
				  "path where it is NULL", name, get, line);
	case D_CACHE_UNOWNED:
		return devmap_warning(RULE, d.loc, "the cached pgmap passed to %<%s()%> is read from "
				  "a page, not a reference this function holds: %<%s()%> drops "
				  "the reference on a cached pgmap that does not cover the pfn, "
				  "so this drops somebody else's reference",
				  call_name(d.at), call_name(d.at));
	case D_CACHE_PUT:
		return devmap_warning(RULE, d.loc, "the cached pgmap passed to %<%s()%> was already "
				  "put by %<%s()%>: it returns the pgmap as-is or drops its "
				  "reference a second time",
				  call_name(d.at), put);
	case D_USE_AFTER_PUT:
		if (!get)
			return devmap_warning(RULE, d.loc, "%qs is used after %<%s()%> dropped the "
					  "reference the caller passed in",
					  name, put);
		return devmap_warning(RULE, d.loc, "%qs is used after %<%s()%> dropped the reference "
				  "from %<%s()%> at line %d",
				  name, put, get, line);
	case D_DOUBLE_PUT:
		if (!get)
			return devmap_warning(RULE, d.loc, "%qs is put a second time on this path: "
					  "%<%s()%> already dropped the reference the caller passed "
					  "in", name, put);
		return devmap_warning(RULE, d.loc, "%qs is put a second time on this path: %<%s()%> "
				  "already dropped the reference from %<%s()%> at line %d",
				  name, put, get, line);
	}
	return false;
}

/* Source order, so the output does not depend on the walk. */
static int diag_cmp(const void *a, const void *b)
{
	const diag *x = (const diag *)a, *y = (const diag *)b;
	expanded_location ex = expand_location(x->loc), ey = expand_location(y->loc);
	if (ex.line != ey.line)
		return ex.line < ey.line ? -1 : 1;
	if (ex.column != ey.column)
		return ex.column < ey.column ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->ref - y->ref;
}

/*
 * One warning per leaked reference, at its first leaking exit in source
 * order; its other leaking exits become notes (as smatch's "not released
 * on lines: ..."), so a missing put before a shared label is one report.
 */
static void emit(pctx *c)
{
	c->diags.qsort(diag_cmp);
	for (unsigned i = 0; i < c->diags.length(); i++) {
		const diag &d = c->diags[i];
		bool repeat = false;
		for (unsigned j = 0; j < i && !repeat; j++)
			repeat = d.kind == D_LEAK && c->diags[j].kind == D_LEAK &&
				 c->diags[j].ref == d.ref;
		if (repeat)
			continue;
		auto_diagnostic_group group;
		if (!report(c, d))
			continue;
		explain(c, d);
		for (unsigned j = i + 1; j < c->diags.length(); j++)
			if (d.kind == D_LEAK && c->diags[j].kind == D_LEAK && c->diags[j].ref == d.ref)
				inform(c->diags[j].loc, "%qs also leaks when the function returns "
				       "by this path", ref_name(c, d.ref));
	}
}

/* ------------------------------------------------------------------ */
/* Entry point                                                          */

/*
 * A get or a put: the cheap exit almost every function takes (find_stmt),
 * one walk over its statements, a pointer comparison per call.
 */
static bool get_or_put(const gimple *stmt)
{
	const api_fn *f = api_fn_of(stmt);
	return f && (f->role == ROLE_GET || f->role == ROLE_PUT);
}

/*
 * The references of FN: one per get call, one per pgmap parameter; and
 * how often each variable is tested against 0 (see record_flag).
 */
static void find_refs(pctx *c)
{
	basic_block bb;
	FOR_EACH_BB_FN(bb, c->fn)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *stmt = gsi_stmt(gsi);
			count_flag_test(c, stmt);
			const api_fn *f = api_fn_of(stmt);
			if (f && f->role == ROLE_GET) {
				pref p = { stmt, NULL_TREE };
				c->acq_ref->put(stmt, c->refs.length());
				c->refs.safe_push(p);
			}
		}
	for (tree parm = DECL_ARGUMENTS(c->fn->decl); parm; parm = DECL_CHAIN(parm))
		if (pgmap_pointer_type_p(TREE_TYPE(parm))) {
			pref p = { NULL, parm };
			c->refs.safe_push(p);
		}
}

/*
 * DEVMAP_LINT_PGMAP_REF_STATS=1: one line on stderr per function analysed,
 * so that a test can tell "clean" from "skipped past the bounds".  The
 * line is not a diagnostic, and devmap-lint's report ignores it.
 */
static void print_stats(pctx *c)
{
	static int enabled = -1;
	if (enabled < 0)
		enabled = getenv("DEVMAP_LINT_PGMAP_REF_STATS") != NULL;
	if (!enabled)
		return;
	unsigned most = 0;
	for (const state_set &set : c->sets)
		most = MAX(most, set.states.length());
	fprintf(stderr, "pgmap-ref-stats %s %s refs=%d max-states=%u work=%u %s\n",
		LOCATION_FILE(DECL_SOURCE_LOCATION(c->fn->decl)), function_name(c->fn),
		nrefs(c), most, c->work, c->bail ? "skipped" : "checked");
}

static void analyse(function *fn)
{
	load_api_fns();
	if (!find_stmt(fn, get_or_put))
		return;

	pctx c;
	memset((void *)&c, 0, sizeof(c));
	c.fn = fn;
	c.acq_ref = new hash_map<gimple *, int>;
	c.loc_index = new hash_map<tree, int>;
	c.site_index = new hash_map<gimple *, int>;

	find_refs(&c);
	if (nrefs(&c) <= MAX_REFS)
		run(&c);
	else
		c.bail = true;
	print_stats(&c);
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
	c.loc_pgmap.release();
	c.loc_tests.release();
	c.refs.release();
	delete c.acq_ref;
	delete c.loc_index;
	delete c.site_index;
}

static struct devmap_rule pgmap_ref = {
	.name = RULE,
	.summary = "get_dev_pagemap() reference leaked, put twice, used after put or unchecked",
	.kinds = pgmap_ref_kinds,
	.analyse_function = analyse,
};
DEVMAP_LINT_RULE(pgmap_ref)
