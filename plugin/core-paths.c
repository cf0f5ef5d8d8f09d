// SPDX-License-Identifier: GPL-2.0
/*
 * core-paths.c - the path engine's GCC front end: a function's GIMPLE
 * lowered to the engine's CFG (ir-paths.h), and where a path leaves it.
 *
 * The pass runs right after "ssa".  Each basic block becomes a block (in
 * reverse post-order, the unreachable ones after), each statement but
 * debug statements a statement, each PHI argument a copy on its edge.
 *
 * Locations: a user variable is one location whatever its SSA version (the
 * versions of a variable never overlap this early); a compiler temporary
 * is its own location, dropped at the end of its block when it is not used
 * elsewhere.  A memory-resident local scalar (at -O0 on older compilers)
 * is a location too, and so is a local whose address is passed only to
 * static helpers that store an object into it (their summaries: "int err
 * = lookup(pfn, &pgmap)").  A static helper's "struct dev_pagemap **out"
 * gets a location for the caller's slot *out.
 */
#include "core.h"
#include "gimple-walk.h"

/* The lowering of one function. */
struct lowering {
	const path_sm *sm;
	function *fn;
	path_fn out;
	/* Locations. */
	hash_map<tree, int> *loc_index;
	vec<path_locinfo> locs;
	hash_set<tree> *out_locals;	/* locals whose address only goes to helpers that store into them */
	/* Blocks: GCC's index -> ours. */
	vec<int> block_of;
	vec<basic_block> bbs;		/* ours -> GCC's */
	vec<path_stmt> stmts;
	vec<gimple *> gstmts;		/* ours -> GCC's */
	vec<path_block> blocks;
	vec<path_edge> edges;
	vec<edge> gedges;		/* ours -> GCC's (NULL: ENTRY's) */
	vec<path_parm> parms;
	vec<int> scan;
	vec<void *> allocated;		/* arrays the statements and edges point to */
};

/* Is TYPE a pointer to the rule's struct ("struct dev_pagemap *")? */
static bool tracked_type_p(const lowering *l, tree type)
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
	       !strcmp(IDENTIFIER_POINTER(tag), l->sm->tracked_struct);
}

/* A copy of N ints (or whatever T is) that lives as long as the lowering. */
template <typename T>
static const T *keep(lowering *l, const vec<T> &v)
{
	if (v.is_empty())
		return NULL;
	T *p = XNEWVEC(T, v.length());
	memcpy((void *)p, v.address(), v.length() * sizeof(T));
	l->allocated.safe_push(p);
	return p;
}

/* value_name(), or NULL for "the value". */
static const char *name_of(tree t)
{
	const char *name = value_name(t);
	return strcmp(name, "the value") ? name : NULL;
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
static bool local_location_p(lowering *l, tree t)
{
	return memory_local_p(t) || (l->out_locals && DECL_P(t) && l->out_locals->contains(t));
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

static int new_location(lowering *l, tree key, bool holder, int block, bool tracked)
{
	int n = l->locs.length();
	l->loc_index->put(key, n);
	path_locinfo info = { holder, tracked, block };
	l->locs.safe_push(info);
	return n;
}

/* The location of operand T, or -1 (memory, constants, ...). */
static int loc_of(lowering *l, tree t)
{
	if (!t)
		return -1;
	tree key = t;
	if (TREE_CODE(t) == SSA_NAME) {
		if (virtual_operand_p(t))
			return -1;
		if (user_variable_p(SSA_NAME_VAR(t)))
			key = SSA_NAME_VAR(t);
	} else if (!local_location_p(l, t)) {
		return -1;
	}
	if (int *slot = l->loc_index->get(key))
		return *slot;
	int block = -1;
	if (TREE_CODE(key) == SSA_NAME && block_local_p(key))
		block = l->block_of[gimple_bb(SSA_NAME_DEF_STMT(key))->index];
	return new_location(l, key, DECL_P(key), block, tracked_type_p(l, TREE_TYPE(key)));
}

/* ------------------------------------------------------------------ */
/* Operands                                                             */

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

/* "*P" of the tracked type: P's location (maybe the caller's slot), else -1. */
static int slot_base(lowering *l, tree ref)
{
	if (!ref || TREE_CODE(ref) != MEM_REF || !integer_zerop(TREE_OPERAND(ref, 1)) ||
	    !tracked_type_p(l, TREE_TYPE(ref)))
		return -1;
	return loc_of(l, TREE_OPERAND(ref, 0));
}

/* A local of the tracked type whose address is passed as &VAR (ARG)? */
static tree out_local_candidate(lowering *l, tree arg)
{
	if (!arg || TREE_CODE(arg) != ADDR_EXPR)
		return NULL_TREE;
	tree var = TREE_OPERAND(arg, 0);
	return TREE_CODE(var) == VAR_DECL && DECL_CONTEXT(var) == l->fn->decl &&
	       !TREE_STATIC(var) && !DECL_EXTERNAL(var) && tracked_type_p(l, TREE_TYPE(var)) ?
	       var : NULL_TREE;
}

static path_op lower_op(lowering *l, tree op)
{
	path_op o;
	memset(&o, 0, sizeof(o));
	o.kind = POP_NONE;
	o.loc = o.base = o.addr_loc = -1;
	if (!op)
		return o;
	tree type = TREE_TYPE(op);
	o.pointer = type && POINTER_TYPE_P(type);
	o.integral = type && INTEGRAL_TYPE_P(type);
	o.zero = integer_zerop(op);
	if (tree var = out_local_candidate(l, op)) {
		o.addr = true;
		o.addr_name = name_of(var);
		o.addr_loc = loc_of(l, var);
	}
	if (TREE_CODE(op) == INTEGER_CST) {
		if (o.pointer)
			o.kind = o.zero ? POP_NULL : POP_OTHER;
		else if (o.integral)
			o.kind = POP_INT, o.nonzero = !o.zero;
		else
			o.kind = POP_OTHER;
		return o;
	}
	o.loc = loc_of(l, op);
	if (o.loc >= 0) {
		o.kind = POP_LOC;
	} else if (tracked_type_p(l, type) && REFERENCE_CLASS_P(op)) {
		o.kind = POP_MEM;
		o.base = slot_base(l, op);
		o.foreign = l->sm->foreign_field && vf_field_ref_base(op, l->sm->foreign_field);
	} else {
		o.kind = POP_OTHER;
	}
	return o;
}

/* Where a store to LHS goes: a location, or memory (maybe "*P", P a caller's slot). */
static path_dest lower_dest(lowering *l, tree lhs)
{
	path_dest d = { lhs != NULL_TREE, -1, -1 };
	d.loc = loc_of(l, lhs);
	if (d.loc < 0)
		d.base = slot_base(l, lhs);
	return d;
}

/* ------------------------------------------------------------------ */
/* Statements                                                           */

/* The pointer dereferenced by memory access OP, if it is a location. */
static void add_deref(lowering *l, vec<int> *derefs, tree op)
{
	tree p = op ? deref_pointer(op) : NULL_TREE;
	int loc = p ? loc_of(l, p) : -1;
	if (loc >= 0)
		derefs->safe_push(loc);
}

static void lower_derefs(lowering *l, gimple *stmt, path_stmt *st)
{
	auto_vec<int, 4> derefs;
	if (is_gimple_assign(stmt)) {
		add_deref(l, &derefs, gimple_assign_lhs(stmt));
		if (gimple_assign_single_p(stmt) && TREE_CODE(gimple_assign_rhs1(stmt)) != ADDR_EXPR)
			add_deref(l, &derefs, gimple_assign_rhs1(stmt));
	} else if (is_gimple_call(stmt)) {
		add_deref(l, &derefs, gimple_call_lhs(stmt));
		for (unsigned i = 0; i < gimple_call_num_args(stmt); i++) {
			tree a = gimple_call_arg(stmt, i);
			/* &obj->field handed to a callee (&pgmap->ref): it will access it. */
			add_deref(l, &derefs, TREE_CODE(a) == ADDR_EXPR ? TREE_OPERAND(a, 0) : a);
		}
	} else if (greturn *ret = dyn_cast<greturn *>(stmt)) {
		add_deref(l, &derefs, gimple_return_retval(ret));
	} else if (gasm *as = dyn_cast<gasm *>(stmt)) {
		for (unsigned i = 0; i < gimple_asm_ninputs(as); i++)
			add_deref(l, &derefs, TREE_VALUE(gimple_asm_input_op(as, i)));
		for (unsigned i = 0; i < gimple_asm_noutputs(as); i++)
			add_deref(l, &derefs, TREE_VALUE(gimple_asm_output_op(as, i)));
	}
	st->derefs = keep(l, derefs);
	st->nderefs = derefs.length();
}

static enum path_cmp cmp_of(enum tree_code code)
{
	return code == EQ_EXPR ? PCMP_EQ : code == NE_EXPR ? PCMP_NE : PCMP_OTHER;
}

static void lower_assign(lowering *l, gimple *stmt, path_stmt *st)
{
	tree lhs = gimple_assign_lhs(stmt);
	if (gimple_clobber_p(stmt)) {
		st->kind = PST_CLOBBER;
		st->dest.present = true;
		st->dest.loc = loc_of(l, lhs);
		return;
	}
	st->kind = PST_ASSIGN;
	st->dest = lower_dest(l, lhs);
	enum tree_code code = gimple_assign_rhs_code(stmt);
	tree rhs1 = gimple_assign_rhs1(stmt);
	tree rhs2 = gimple_assign_rhs2(stmt);
	unsigned lhs_bits = TYPE_PRECISION(TREE_TYPE(lhs));
	if (TREE_CODE_CLASS(code) == tcc_comparison) {
		st->rhs = PRHS_CMP;
		st->cmp = cmp_of(code);
		st->a = lower_op(l, rhs1);
		st->b = lower_op(l, rhs2);
	} else if (code == ADDR_EXPR) {
		tree p = deref_pointer(TREE_OPERAND(rhs1, 0));
		st->rhs = PRHS_FIELDADDR;
		st->a = lower_op(l, p);
	} else if (gimple_assign_single_p(stmt) || CONVERT_EXPR_CODE_P(code)) {
		st->rhs = PRHS_COPY;
		st->a = lower_op(l, rhs1);
		st->narrowing = CONVERT_EXPR_CODE_P(code) &&
				lhs_bits < TYPE_PRECISION(TREE_TYPE(rhs1));
	} else if (code == TRUTH_NOT_EXPR ||
		   (code == BIT_NOT_EXPR && TYPE_PRECISION(TREE_TYPE(rhs1)) == 1)) {
		st->rhs = PRHS_NOT;
		st->a = lower_op(l, rhs1);
	} else if (code == BIT_XOR_EXPR && integer_onep(rhs2)) {
		st->rhs = PRHS_XOR1;
		st->a = lower_op(l, rhs1);
		st->one_bit = TYPE_PRECISION(TREE_TYPE(rhs1)) == 1;
	} else if ((code == BIT_AND_EXPR || code == BIT_IOR_EXPR ||
		    code == TRUTH_AND_EXPR || code == TRUTH_OR_EXPR) && lhs_bits == 1) {
		st->rhs = code == BIT_AND_EXPR || code == TRUTH_AND_EXPR ? PRHS_AND : PRHS_OR;
		st->a = lower_op(l, rhs1);
		st->b = lower_op(l, rhs2);
	} else if (code == POINTER_PLUS_EXPR) {
		st->rhs = PRHS_PTRPLUS;
		st->a = lower_op(l, rhs1);
	} else {
		st->rhs = PRHS_OTHER;
	}
}

/*
 * The locations an indirect call's callee was loaded through, nearest
 * first ("pgmap->ops->memory_failure": pgmap->ops, then pgmap), past
 * conversions ((const struct x_ops *)pgmap->ops).
 */
static void lower_method_bases(lowering *l, gcall *call, path_stmt *st)
{
	auto_vec<int, 4> bases;
	tree fn = gimple_call_fn(call);
	for (int guard = 0; guard < 6 && fn && TREE_CODE(fn) == SSA_NAME; guard++) {
		gimple *def = SSA_NAME_DEF_STMT(fn);
		if (!is_gimple_assign(def))
			break;
		tree rhs = gimple_assign_rhs1(def);
		if (CONVERT_EXPR_CODE_P(gimple_assign_rhs_code(def))) {
			fn = rhs;
			continue;
		}
		if (!gimple_assign_single_p(def))
			break;
		tree base = deref_pointer(rhs);
		if (!base)
			break;
		bases.safe_push(loc_of(l, base));
		fn = base;
	}
	st->method_bases = keep(l, bases);
	st->nmethod_bases = bases.length();
}

static void lower_call(lowering *l, gcall *call, path_stmt *st)
{
	st->kind = PST_CALL;
	st->callee = call_name(call);
	st->expect = gimple_call_builtin_p(call, BUILT_IN_EXPECT);
	st->builtin = gimple_call_internal_p(call) || gimple_call_builtin_p(call);
	tree lhs = gimple_call_lhs(call);
	st->dest = lower_dest(l, lhs);
	st->lhs_name = name_of(lhs);
	auto_vec<path_op, 6> args;
	for (unsigned i = 0; i < gimple_call_num_args(call); i++)
		args.safe_push(lower_op(l, gimple_call_arg(call, i)));
	st->args = keep(l, args);
	st->nargs = args.length();
	lower_method_bases(l, call, st);
}

static path_stmt lower_stmt(lowering *l, gimple *stmt)
{
	path_stmt st;
	memset(&st, 0, sizeof(st));
	st.kind = PST_OTHER;
	st.loc = ir_location(stmt_location(stmt));
	st.dest.loc = st.dest.base = -1;
	st.a = st.b = lower_op(l, NULL_TREE);
	lower_derefs(l, stmt, &st);
	if (is_gimple_assign(stmt)) {
		lower_assign(l, stmt, &st);
	} else if (gcall *call = dyn_cast<gcall *>(stmt)) {
		lower_call(l, call, &st);
	} else if (greturn *ret = dyn_cast<greturn *>(stmt)) {
		st.kind = PST_RETURN;
		st.a = lower_op(l, gimple_return_retval(ret));
	} else if (gcond *cond = dyn_cast<gcond *>(stmt)) {
		st.kind = PST_COND;
		st.cmp = cmp_of(gimple_cond_code(cond));
		st.a = lower_op(l, gimple_cond_lhs(cond));
		st.b = lower_op(l, gimple_cond_rhs(cond));
	}
	return st;
}

/* ------------------------------------------------------------------ */
/* Blocks and edges                                                     */

/* PHIs on edge E, as the copies made on it. */
static void lower_copies(lowering *l, edge e, path_edge *pe)
{
	auto_vec<path_copy, 8> copies;
	for (gphi_iterator gsi = gsi_start_phis(e->dest); !gsi_end_p(gsi); gsi_next(&gsi)) {
		gphi *phi = gsi.phi();
		tree res = gimple_phi_result(phi);
		if (virtual_operand_p(res))
			continue;
		int loc = loc_of(l, res);
		tree arg = PHI_ARG_DEF_FROM_EDGE(phi, e);
		if (loc < 0 || loc_of(l, arg) == loc)
			continue;	/* pgmap_9 = PHI <pgmap_21, ...>: the same variable */
		location_t where = gimple_phi_arg_location_from_edge(phi, e);
		if (LOCATION_LOCUS(where) == UNKNOWN_LOCATION)
			where = e->goto_locus;
		path_copy copy = { loc, lower_op(l, arg), ir_location(user_location(where)) };
		copies.safe_push(copy);
	}
	pe->copies = keep(l, copies);
	pe->ncopies = copies.length();
}

/* Is E a goto, return, break or continue the user wrote? */
static bool explicit_jump_p(edge e)
{
	gimple *last = last_stmt(e->src);
	return LOCATION_LOCUS(e->goto_locus) != UNKNOWN_LOCATION &&
	       !(last && gimple_code(last) == GIMPLE_COND);
}

static int lower_edge(lowering *l, edge e)
{
	path_edge pe;
	memset(&pe, 0, sizeof(pe));
	bool from_entry = e->src == ENTRY_BLOCK_PTR_FOR_FN(l->fn);
	pe.src = from_entry ? -1 : l->block_of[e->src->index];
	pe.dest = e->dest == EXIT_BLOCK_PTR_FOR_FN(l->fn) ? -1 : l->block_of[e->dest->index];
	pe.on_true = (e->flags & EDGE_TRUE_VALUE) != 0;
	pe.on_false = (e->flags & EDGE_FALSE_VALUE) != 0;
	pe.explicit_jump = explicit_jump_p(e);
	if (pe.dest >= 0)
		lower_copies(l, e, &pe);
	l->edges.safe_push(pe);
	l->gedges.safe_push(from_entry ? NULL : e);
	return l->edges.length() - 1;
}

/* Number the blocks: reverse post-order, then the unreachable ones. */
static void number_blocks(lowering *l)
{
	function *fn = l->fn;
	int *rpo = XNEWVEC(int, n_basic_blocks_for_fn(fn));
	int n = pre_and_rev_post_order_compute_fn(fn, NULL, rpo, false);
	l->block_of.safe_grow(last_basic_block_for_fn(fn));
	for (unsigned i = 0; i < l->block_of.length(); i++)
		l->block_of[i] = -1;
	for (int i = 0; i < n; i++) {
		l->block_of[rpo[i]] = i;
		l->bbs.safe_push(BASIC_BLOCK_FOR_FN(fn, rpo[i]));
	}
	l->out.nreach = n;
	basic_block bb;
	FOR_EACH_BB_FN(bb, fn)
		if (l->block_of[bb->index] < 0) {
			l->block_of[bb->index] = l->bbs.length();
			l->bbs.safe_push(bb);
		}
	free(rpo);
}

static void lower_blocks(lowering *l)
{
	for (unsigned b = 0; b < l->bbs.length(); b++) {
		basic_block bb = l->bbs[b];
		path_block pb;
		memset(&pb, 0, sizeof(pb));
		pb.first = l->stmts.length();
		pb.cond = -1;
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *stmt = gsi_stmt(gsi);
			if (is_gimple_debug(stmt))
				continue;
			l->stmts.safe_push(lower_stmt(l, stmt));
			l->gstmts.safe_push(stmt);
		}
		pb.n = l->stmts.length() - pb.first;
		gimple *last = last_stmt(bb);
		if (last && pb.n && l->gstmts.last() == last) {
			if (gimple_code(last) == GIMPLE_COND)
				pb.cond = l->stmts.length() - 1;
			pb.returns = gimple_code(last) == GIMPLE_RETURN;
		}
		l->blocks.safe_push(pb);
	}
	/* Edges once every block has its number (copies read locations). */
	for (unsigned b = 0; b < l->bbs.length(); b++) {
		auto_vec<int, 4> succs;
		edge e;
		edge_iterator ei;
		FOR_EACH_EDGE(e, ei, l->bbs[b]->succs)
			succs.safe_push(lower_edge(l, e));
		l->blocks[b].succs = keep(l, succs);
		l->blocks[b].nsuccs = succs.length();
	}
	l->out.entry_edge = lower_edge(l, single_succ_edge(ENTRY_BLOCK_PTR_FOR_FN(l->fn)));
}

/* ------------------------------------------------------------------ */
/* Locals handed to helpers, parameters, the statements' order          */

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
 * them, so they are followed as locations.
 */
static void find_out_locals(lowering *l)
{
	hash_map<tree, int> passed;
	basic_block bb;
	FOR_EACH_BB_FN(bb, l->fn)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gcall *call = dyn_cast<gcall *>(gsi_stmt(gsi));
			const char *callee = call ? call_name(call) : NULL;
			if (!callee || !path_summarised(l->sm, callee))
				continue;
			for (unsigned i = 0; i < gimple_call_num_args(call); i++) {
				tree var = out_local_candidate(l, gimple_call_arg(call, i));
				if (var && path_summary_acquires(l->sm, callee, i + 1))
					passed.get_or_insert(var)++;
			}
		}
	if (passed.is_empty())
		return;
	hash_map<tree, int> taken;
	for (auto it = passed.begin(); it != passed.end(); ++it)
		taken.put((*it).first, (*it).second);
	walk_stmt_info wi;
	memset(&wi, 0, sizeof(wi));
	wi.info = &taken;
	FOR_EACH_BB_FN(bb, l->fn) {
		for (gphi_iterator gsi = gsi_start_phis(bb); !gsi_end_p(gsi); gsi_next(&gsi))
			for (unsigned i = 0; i < gimple_phi_num_args(gsi.phi()); i++) {
				tree a = gimple_phi_arg_def(gsi.phi(), i);
				count_addresses(&a, NULL, &wi);
			}
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi))
			walk_gimple_op(gsi_stmt(gsi), count_addresses, &wi);
	}
	l->out_locals = new hash_set<tree>;
	for (auto it = taken.begin(); it != taken.end(); ++it)
		if ((*it).second == 0)
			l->out_locals->add((*it).first);
}

static void lower_parms(lowering *l)
{
	tree fndecl = l->fn->decl;
	for (tree parm = DECL_ARGUMENTS(fndecl); parm; parm = DECL_CHAIN(parm)) {
		tree t = TREE_TYPE(parm);
		path_parm p = { name_of(parm), tracked_type_p(l, t), loc_of(l, parm), -1 };
		tree def = ssa_default_def(l->fn, parm);
		/* *PARM: a location of its own, keyed by the parameter's default
		 * definition (loc_of keys the parameter itself). */
		if (!TREE_PUBLIC(fndecl) && POINTER_TYPE_P(t) && tracked_type_p(l, TREE_TYPE(t)) && def)
			p.slot_loc = new_location(l, def, true, -1, true);
		l->parms.safe_push(p);
	}
}

/* Every statement in GCC's block order (the order objects are numbered in). */
static void scan_order(lowering *l)
{
	basic_block bb;
	FOR_EACH_BB_FN(bb, l->fn) {
		const path_block &pb = l->blocks[l->block_of[bb->index]];
		for (unsigned k = 0; k < pb.n; k++)
			l->scan.safe_push(pb.first + k);
	}
}

/* ------------------------------------------------------------------ */
/* Where a path leaves the function                                     */

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
static location_t exit_location(lowering *l, edge via, greturn *ret)
{
	if (via) {
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
	return l->fn->function_end_locus;
}

static ir_loc front_exit_location(const path_fn *fn, int via, int ret)
{
	lowering *l = (lowering *)fn->front_data;
	edge e = via >= 0 ? l->gedges[via] : NULL;
	return ir_location(exit_location(l, e, as_a<greturn *>(l->gstmts[ret])));
}

static const path_front gcc_front = { front_exit_location, ir_report };

/* ------------------------------------------------------------------ */
/* Entry points                                                         */

bool path_summarised_call(const path_sm *sm, const gimple *stmt)
{
	return path_summarised(sm, call_name(stmt));
}

static void lower(lowering *l)
{
	tree fndecl = l->fn->decl;
	find_out_locals(l);
	number_blocks(l);
	lower_parms(l);
	lower_blocks(l);
	scan_order(l);

	path_fn &out = l->out;
	out.name = function_name(l->fn);
	out.file = LOCATION_FILE(DECL_SOURCE_LOCATION(fndecl));
	out.is_static = !TREE_PUBLIC(fndecl);
	out.returns_tracked = tracked_type_p(l, TREE_TYPE(TREE_TYPE(fndecl)));
	out.returns_void = VOID_TYPE_P(TREE_TYPE(TREE_TYPE(fndecl)));
	out.parms = l->parms.address();
	out.nparms = l->parms.length();
	out.locs = l->locs.address();
	out.nlocs = l->locs.length();
	out.stmts = l->stmts.address();
	out.nstmts = l->stmts.length();
	out.blocks = l->blocks.address();
	out.nblocks = l->blocks.length();
	out.edges = l->edges.address();
	out.nedges = l->edges.length();
	out.scan = l->scan.address();
	out.nscan = l->scan.length();
	out.front_data = l;
}

void path_analyse(const path_sm *sm, function *fn)
{
	lowering l;
	memset((void *)&l, 0, sizeof(l));
	l.sm = sm;
	l.fn = fn;
	l.loc_index = new hash_map<tree, int>;
	lower(&l);
	path_run(sm, &l.out, &gcc_front);

	for (void *p : l.allocated)
		free(p);
	l.allocated.release();
	l.locs.release();
	l.block_of.release();
	l.bbs.release();
	l.stmts.release();
	l.gstmts.release();
	l.blocks.release();
	l.edges.release();
	l.gedges.release();
	l.parms.release();
	l.scan.release();
	delete l.out_locals;
	delete l.loc_index;
}
