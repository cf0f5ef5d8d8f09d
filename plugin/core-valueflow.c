/*
 * core-valueflow.c - the value graph every rule reasons over.
 *
 * Which SSA names and local variables hold the same page (or its folio, or
 * its pfn), and where each got its value.  See core.h for the node and
 * definition kinds.  The graph is built once per function and only read:
 * the plugin never changes the IL, so code generation is untouched.
 */
#include "core.h"

/* A local scalar variable that GCC keeps in memory at -O0. */
static bool tracked_decl_p(tree t)
{
	if (TREE_CODE(t) != VAR_DECL && TREE_CODE(t) != PARM_DECL)
		return false;
	if (TREE_STATIC(t) || DECL_EXTERNAL(t) || TREE_ADDRESSABLE(t))
		return false;
	if (DECL_CONTEXT(t) != current_function_decl)
		return false;
	/* Scalars, and small structs passed by value such as pfn_t. */
	tree type = TREE_TYPE(t);
	return INTEGRAL_TYPE_P(type) || POINTER_TYPE_P(type) ||
	       TREE_CODE(type) == RECORD_TYPE;
}

static bool tracked_p(tree t)
{
	if (!t)
		return false;
	if (TREE_CODE(t) == SSA_NAME)
		return !virtual_operand_p(t);
	return tracked_decl_p(t);
}

static int node_for(value_graph *g, tree t)
{
	int *slot = g->index->get(t);
	if (slot)
		return *slot;
	vf_node n;
	n.t = t;
	n.defs = vNULL;
	n.users = vNULL;
	n.cls = g->nodes.length();
	g->nodes.safe_push(n);
	g->index->put(t, n.cls);
	/* A parameter's incoming value comes from the caller: opaque. */
	if (TREE_CODE(t) == PARM_DECL ||
	    (TREE_CODE(t) == SSA_NAME && SSA_NAME_IS_DEFAULT_DEF(t))) {
		vf_def d = { VF_OPAQUE, -1, -1, NULL };
		g->nodes[n.cls].defs.safe_push(d);
	}
	return n.cls;
}

int vf_node_of(value_graph *g, tree t)
{
	if (!tracked_p(t))
		return -1;
	int *slot = g->index->get(t);
	return slot ? *slot : -1;
}

/* Operand T as a node, creating it; -1 if T is not a tracked value. */
static int operand_node(value_graph *g, tree t)
{
	return tracked_p(t) ? node_for(g, t) : -1;
}

static void add_def(value_graph *g, int to, enum vf_def_kind kind, int from,
		    int from2, gimple *stmt)
{
	vf_def d = { kind, from, from2, stmt };
	g->nodes[to].defs.safe_push(d);
	if (from >= 0)
		g->nodes[from].users.safe_push(to);
	if (from2 >= 0 && from2 != from)
		g->nodes[from2].users.safe_push(to);
}

/* The tag of a struct type, or NULL. */
static const char *struct_tag(tree type)
{
	tree tag = TYPE_NAME(TYPE_MAIN_VARIANT(type));
	if (tag && TREE_CODE(tag) == TYPE_DECL)
		tag = DECL_NAME(tag);
	return tag && TREE_CODE(tag) == IDENTIFIER_NODE ? IDENTIFIER_POINTER(tag) : NULL;
}

/* OBJ without its anonymous unions and structs: "s" of "s.<anon>.<anon>". */
static tree named_object(tree obj)
{
	while (TREE_CODE(obj) == COMPONENT_REF && !DECL_NAME(TREE_OPERAND(obj, 1)))
		obj = TREE_OPERAND(obj, 0);
	return obj;
}

/* Is REF "s.FIELD" with "carrier-field STRUCT FIELD" for s's struct (folio.page)? */
static bool carrier_field_p(tree ref)
{
	tree fld = TREE_OPERAND(ref, 1);
	const char *tag = struct_tag(TREE_TYPE(named_object(TREE_OPERAND(ref, 0))));
	if (!tag || !DECL_NAME(fld))
		return false;
	for (const api_entry *e = api_find("carrier-field", tag); e; e = api_next("carrier-field", e))
		if (!strcmp(e->name, tag) && !strcmp(e->col[0], IDENTIFIER_POINTER(DECL_NAME(fld))))
			return true;
	return false;
}

/*
 * The base pointer of a field access "base->a.b.field", if the innermost
 * field named is FIELD (NULL: any) of a struct whose tag appears in the
 * table KIND as "KIND STRUCT FIELD" (KIND NULL: any struct).
 */
static tree field_access_base(tree ref, const char *field, const char *kind)
{
	if (TREE_CODE(ref) != COMPONENT_REF)
		return NULL_TREE;
	tree fld = TREE_OPERAND(ref, 1);
	if (!DECL_NAME(fld))
		return NULL_TREE;
	const char *fname = IDENTIFIER_POINTER(DECL_NAME(fld));
	if (field && strcmp(fname, field))
		return NULL_TREE;

	/*
	 * Walk out through anonymous unions and structs to the object, and
	 * through carrier fields: folio->page.pgmap (Linux 6.10-6.14) is the
	 * pgmap of the folio's own page, so its base is the folio.
	 */
	tree obj = TREE_OPERAND(ref, 0), type = NULL_TREE;
	for (int guard = 0; guard < 16 && TREE_CODE(obj) == COMPONENT_REF; guard++) {
		tree f = TREE_OPERAND(obj, 1);
		if (DECL_NAME(f)) {
			if (!carrier_field_p(obj))
				break;
			if (!type)
				type = TREE_TYPE(obj);	/* the struct FIELD is in */
		}
		obj = TREE_OPERAND(obj, 0);
	}
	if (TREE_CODE(obj) != MEM_REF || !integer_zerop(TREE_OPERAND(obj, 1)))
		return NULL_TREE;
	if (!type)
		type = TREE_TYPE(obj);

	if (kind) {
		type = TYPE_MAIN_VARIANT(type);
		tree tag = TYPE_NAME(type);
		if (tag && TREE_CODE(tag) == TYPE_DECL)
			tag = DECL_NAME(tag);
		if (!tag || TREE_CODE(tag) != IDENTIFIER_NODE)
			return NULL_TREE;
		const api_entry *e = api_find(kind, IDENTIFIER_POINTER(tag));
		bool found = false;
		for (; e && !found; e = api_next(kind, e))
			found = !strcmp(e->name, IDENTIFIER_POINTER(tag)) &&
				!strcmp(e->col[0], fname);
		if (!found)
			return NULL_TREE;
	}
	return TREE_OPERAND(obj, 0);
}

tree vf_field_ref_base(tree ref, const char *kind)
{
	return field_access_base(ref, NULL, kind);
}

int vf_field_base(value_graph *g, tree t, const char *field)
{
	/* Follow SSA copies back to the address computation. */
	while (t && TREE_CODE(t) == SSA_NAME) {
		gimple *def = SSA_NAME_DEF_STMT(t);
		if (!is_gimple_assign(def) || !gimple_assign_single_p(def))
			return -1;
		t = gimple_assign_rhs1(def);
	}
	if (!t || TREE_CODE(t) != ADDR_EXPR)
		return -1;
	tree base = field_access_base(TREE_OPERAND(t, 0), field, NULL);
	return base ? vf_node_of(g, base) : -1;
}

static void add_assign_defs(value_graph *g, gimple *stmt)
{
	tree lhs = gimple_assign_lhs(stmt);
	if (!tracked_p(lhs))
		return;
	int to = node_for(g, lhs);
	enum tree_code code = gimple_assign_rhs_code(stmt);
	tree rhs1 = gimple_assign_rhs1(stmt);

	if (gimple_assign_single_p(stmt) || CONVERT_EXPR_CODE_P(code) ||
	    code == VIEW_CONVERT_EXPR) {
		if (tracked_p(rhs1)) {
			add_def(g, to, VF_COPY, node_for(g, rhs1), -1, stmt);
		} else if (POINTER_TYPE_P(TREE_TYPE(lhs)) && integer_zerop(rhs1)) {
			add_def(g, to, VF_NULL, -1, -1, stmt);
		} else if (TREE_CODE(rhs1) == ADDR_EXPR) {
			/* &folio->page: the same object through a carrier field. */
			tree base = field_access_base(TREE_OPERAND(rhs1, 0), NULL, "carrier-field");
			int from = base ? operand_node(g, base) : -1;
			add_def(g, to, from >= 0 ? VF_CARRIER : VF_OPAQUE, from, -1, stmt);
		} else {
			add_def(g, to, VF_OPAQUE, -1, -1, stmt);
		}
		return;
	}

	switch (code) {
	case PLUS_EXPR: case MINUS_EXPR: case POINTER_PLUS_EXPR:
	case POINTER_DIFF_EXPR: case MULT_EXPR: case EXACT_DIV_EXPR:
	case TRUNC_DIV_EXPR: case RSHIFT_EXPR: case LSHIFT_EXPR: {
		int a = operand_node(g, rhs1);
		int b = operand_node(g, gimple_assign_rhs2(stmt));
		if (a < 0 && b >= 0) {
			a = b;
			b = -1;
		}
		add_def(g, to, a >= 0 ? VF_ARITH : VF_OPAQUE, a, b, stmt);
		return;
	}
	default:
		add_def(g, to, VF_OPAQUE, -1, -1, stmt);
	}
}

static void add_call_defs(value_graph *g, gimple *stmt)
{
	tree lhs = gimple_call_lhs(stmt);
	if (!tracked_p(lhs))
		return;
	int to = node_for(g, lhs);

	/* likely()/unlikely() pass their first argument through. */
	if (gimple_call_builtin_p(stmt, BUILT_IN_EXPECT) && gimple_call_num_args(stmt) > 0) {
		int from = operand_node(g, gimple_call_arg(stmt, 0));
		add_def(g, to, from >= 0 ? VF_COPY : VF_OPAQUE, from, -1, stmt);
		return;
	}

	const api_entry *carrier = call_api(stmt, "carrier");
	int arg = carrier ? api_arg(carrier, 0) : -1;
	if (arg >= 0 && arg < (int)gimple_call_num_args(stmt)) {
		int from = operand_node(g, gimple_call_arg(stmt, arg));
		if (from >= 0) {
			add_def(g, to, VF_CARRIER, from, -1, stmt);
			return;
		}
	}
	add_def(g, to, VF_CALL, -1, -1, stmt);
}

static void add_phi_defs(value_graph *g, gphi *phi)
{
	tree res = gimple_phi_result(phi);
	if (!tracked_p(res))
		return;
	int to = node_for(g, res);
	for (unsigned i = 0; i < gimple_phi_num_args(phi); i++) {
		tree arg = gimple_phi_arg_def(phi, i);
		if (tracked_p(arg))
			add_def(g, to, VF_COPY, node_for(g, arg), -1, phi);
		else if (POINTER_TYPE_P(TREE_TYPE(res)) && integer_zerop(arg))
			add_def(g, to, VF_NULL, -1, -1, phi);
		else
			add_def(g, to, VF_OPAQUE, -1, -1, phi);
	}
}

static int find_root(value_graph *g, int n)
{
	while (g->nodes[n].cls != n) {
		g->nodes[n].cls = g->nodes[g->nodes[n].cls].cls;
		n = g->nodes[n].cls;
	}
	return n;
}

/* Copies and carriers connect the same object: one class. */
static void build_classes(value_graph *g)
{
	for (unsigned n = 0; n < g->nodes.length(); n++)
		for (const vf_def &d : g->nodes[n].defs)
			if ((d.kind == VF_COPY || d.kind == VF_CARRIER) && d.from >= 0) {
				int a = find_root(g, n), b = find_root(g, d.from);
				if (a != b)
					g->nodes[MAX(a, b)].cls = MIN(a, b);
			}
}

int vf_class(value_graph *g, int n)
{
	return n < 0 ? -1 : find_root(g, n);
}

void vf_build(value_graph *g, function *fn)
{
	g->index = new hash_map<tree, int>;
	g->position = new hash_map<gimple *, int>;
	g->nodes = vNULL;

	/* Every value gets its node up front, so lookups never create one. */
	unsigned i;
	tree name;
	FOR_EACH_SSA_NAME(i, name, fn)
		if (tracked_p(name))
			node_for(g, name);
	for (tree parm = DECL_ARGUMENTS(fn->decl); parm; parm = DECL_CHAIN(parm))
		if (tracked_p(parm))
			node_for(g, parm);
	tree var;
	FOR_EACH_LOCAL_DECL(fn, i, var)
		if (tracked_p(var))
			node_for(g, var);

	basic_block bb;
	FOR_EACH_BB_FN(bb, fn) {
		int pos = 0;
		for (gphi_iterator pi = gsi_start_phis(bb); !gsi_end_p(pi); gsi_next(&pi)) {
			g->position->put(pi.phi(), pos);
			add_phi_defs(g, pi.phi());
		}
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *stmt = gsi_stmt(gsi);
			g->position->put(stmt, ++pos);
			if (is_gimple_assign(stmt))
				add_assign_defs(g, stmt);
			else if (is_gimple_call(stmt))
				add_call_defs(g, stmt);
		}
	}
	build_classes(g);
}

void vf_free(value_graph *g)
{
	for (vf_node &n : g->nodes) {
		n.defs.release();
		n.users.release();
	}
	g->nodes.release();
	delete g->index;
	delete g->position;
}

bool vf_before(value_graph *g, const gimple *a, const gimple *b)
{
	int *pa = g->position->get(const_cast<gimple *>(a));
	int *pb = g->position->get(const_cast<gimple *>(b));
	return pa && pb && *pa < *pb;
}

int vf_param_of(value_graph *g, function *fn, int n)
{
	if (n < 0)
		return -1;
	int cls = vf_class(g, n), i = 0;
	for (tree parm = DECL_ARGUMENTS(fn->decl); parm; parm = DECL_CHAIN(parm), i++) {
		int p = vf_node_of(g, parm);
		tree def = ssa_default_def(fn, parm);
		int d = def ? vf_node_of(g, def) : -1;
		if ((p >= 0 && vf_class(g, p) == cls) || (d >= 0 && vf_class(g, d) == cls))
			return i;
	}
	return -1;
}

tree vf_user_var(value_graph *g, int n)
{
	for (int guard = 0; guard < 16 && n >= 0; guard++) {
		tree t = g->nodes[n].t;
		tree decl = TREE_CODE(t) == SSA_NAME ? SSA_NAME_VAR(t) : t;
		if (decl && DECL_P(decl) && DECL_NAME(decl) && !DECL_ARTIFICIAL(decl))
			return decl;
		const vec<vf_def> &defs = g->nodes[n].defs;
		if (defs.length() != 1 || defs[0].kind != VF_COPY)
			return NULL_TREE;
		n = defs[0].from;
	}
	return NULL_TREE;
}

bool stmt_dominates(value_graph *g, gimple *a, gimple *b)
{
	basic_block ba = gimple_bb(a), bbb = gimple_bb(b);
	if (ba == bbb)
		return vf_before(g, a, b);
	return dominated_by_p(CDI_DOMINATORS, bbb, ba);
}

/* May definition D stay, given the current members? */
static bool def_supported(const vf_def &d, const vec<gimple *> &origin,
			  bool allow_carrier, bool allow_arith)
{
	switch (d.kind) {
	case VF_COPY:
		return origin[d.from] != NULL;
	case VF_CARRIER:
		return allow_carrier && origin[d.from] != NULL;
	case VF_ARITH:
		return allow_arith && (origin[d.from] != NULL ||
				       (d.from2 >= 0 && origin[d.from2] != NULL));
	case VF_NULL:
		return true;
	default:
		return false;
	}
}

void vf_taint(value_graph *g, vf_seed_fn is_seed, void *data,
	      bool allow_carrier, bool allow_arith, vec<gimple *> *origin_out)
{
	unsigned count = g->nodes.length();
	auto_vec<gimple *> origin;
	origin.safe_grow_cleared(count);
	auto_vec<int> work;

	/* 1. Seeds, then everything they reach through the allowed edges. */
	for (unsigned n = 0; n < count; n++)
		for (const vf_def &d : g->nodes[n].defs)
			if (d.kind == VF_CALL && is_seed(d.stmt, data) && !origin[n]) {
				origin[n] = d.stmt;
				work.safe_push(n);
			}
	while (!work.is_empty()) {
		int n = work.pop();
		for (int user : g->nodes[n].users) {
			if (origin[user])
				continue;
			for (const vf_def &d : g->nodes[user].defs) {
				bool edge = (d.from == n || d.from2 == n) &&
					(d.kind == VF_COPY ||
					 (d.kind == VF_CARRIER && allow_carrier) ||
					 (d.kind == VF_ARITH && allow_arith));
				if (edge) {
					origin[user] = origin[n];
					work.safe_push(user);
					break;
				}
			}
		}
	}

	/*
	 * 2. Greatest fixpoint: drop members with a definition that is not
	 * supported (an opaque load, a PHI argument from an ordinary page...),
	 * and re-examine their users, until nothing changes.
	 */
	for (unsigned n = 0; n < count; n++)
		if (origin[n])
			work.safe_push(n);
	while (!work.is_empty()) {
		int n = work.pop();
		if (!origin[n])
			continue;
		bool ok = true;
		for (const vf_def &d : g->nodes[n].defs) {
			if (d.kind == VF_CALL && is_seed(d.stmt, data))
				continue;
			if (!def_supported(d, origin, allow_carrier, allow_arith)) {
				ok = false;
				break;
			}
		}
		if (!ok) {
			origin[n] = NULL;
			for (int user : g->nodes[n].users)
				if (origin[user])
					work.safe_push(user);
		}
	}

	origin_out->truncate(0);
	origin_out->safe_splice(origin);
}
