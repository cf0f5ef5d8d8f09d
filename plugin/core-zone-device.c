/*
 * core-zone-device.c - is this page ZONE_DEVICE here, and why?
 *
 * A page (or its folio, or its pfn) is taken to be ZONE_DEVICE at a
 * statement when
 *   - a ZONE_DEVICE source produced it (dax_layout_busy_page(), the pfns of
 *     a DAX entry, ...), carried through copies, PHIs, carriers and pfn
 *     arithmetic (vf_taint);
 *   - the true edge of a ZONE_DEVICE predicate dominates the statement
 *     (is_zone_device_page(page), is_device_private_page(page), ...);
 *   - a use of the page's pgmap field dominates it: only ZONE_DEVICE pages
 *     have one, so "if (page->pgmap->type != MEMORY_DEVICE_FS_DAX) return"
 *     proves the rest of the function is about a ZONE_DEVICE page.
 * and it is taken NOT to be when the false edge of a full ZONE_DEVICE
 * predicate (is_zone_device_page(), kind "any") dominates the statement.
 *
 * The tables (rules/devmap-api.tbl):
 *   zd-predicate   FUNCTION ARG any|subtype
 *   zd-source      FUNCTION page|pfn
 *   carrier        FUNCTION ARG        result is the same object as ARG
 *   carrier-field  STRUCT FIELD        &s->FIELD is the same object as s
 *   pgmap-field    STRUCT FIELD        s->FIELD exists only if ZONE_DEVICE
 *   pgmap-accessor FUNCTION ARG        reads ARG's pgmap
 */
#include "core.h"

const struct api_kind_decl zd_api_kinds[] = {
	{ "zd-predicate", 2, 2, "FUNCTION ARG any|subtype" },
	{ "zd-source", 1, 1, "FUNCTION page|pfn" },
	{ "carrier", 1, 1, "FUNCTION ARG" },
	{ "carrier-field", 1, 1, "STRUCT FIELD" },
	{ "pgmap-field", 1, 1, "STRUCT FIELD" },
	{ "pgmap-accessor", 1, 1, "FUNCTION ARG" },
	{ NULL, 0, 0, NULL }
};

/* A fact established about every node of class CLS. */
struct zd_fact {
	int cls;
	bool positive;
	enum zd_why why;
	gimple *stmt;		/* predicate call or pgmap use */
	edge e;			/* for predicates: the edge it holds on */
	const char *what;
	tree arg;		/* the predicate's argument, for the note */
};

struct zd_facts {
	value_graph *g;
	vec<gimple *> source;	/* per node: the ZONE_DEVICE source, or NULL */
	vec<zd_fact> facts;
};

static bool is_zd_source(const gimple *stmt, void *)
{
	return call_api(stmt, "zd-source") != NULL;
}

/*
 * Follow the tested value of a condition back to a predicate call, through
 * conversions, likely()/unlikely() and negations.  Sets *NEGATED when the
 * value is the predicate's negation.
 */
static gimple *predicate_call(tree op, bool *negated)
{
	*negated = false;
	for (int guard = 0; guard < 16 && op && TREE_CODE(op) == SSA_NAME; guard++) {
		gimple *def = SSA_NAME_DEF_STMT(op);
		if (is_gimple_call(def)) {
			if (gimple_call_builtin_p(def, BUILT_IN_EXPECT)) {
				op = gimple_call_arg(def, 0);
				continue;
			}
			return call_api(def, "zd-predicate") ? def : NULL;
		}
		if (!is_gimple_assign(def))
			return NULL;
		enum tree_code code = gimple_assign_rhs_code(def);
		tree rhs2 = gimple_num_ops(def) > 2 ? gimple_assign_rhs2(def) : NULL_TREE;
		if (CONVERT_EXPR_CODE_P(code) || code == SSA_NAME) {
			/* fall through to rhs1 */
		} else if (code == TRUTH_NOT_EXPR ||
			   (code == BIT_NOT_EXPR &&
			    TREE_CODE(TREE_TYPE(gimple_assign_lhs(def))) == BOOLEAN_TYPE) ||
			   (code == BIT_XOR_EXPR && rhs2 && integer_onep(rhs2)) ||
			   (code == EQ_EXPR && rhs2 && integer_zerop(rhs2))) {
			*negated = !*negated;
		} else if (code == NE_EXPR && rhs2 && integer_zerop(rhs2)) {
			/* same value */
		} else {
			return NULL;
		}
		op = gimple_assign_rhs1(def);
	}
	return NULL;
}

static void add_fact(zd_facts *f, int node, bool positive, enum zd_why why,
		     gimple *stmt, edge e, const char *what, tree arg)
{
	if (node < 0)
		return;
	zd_fact fact = { vf_class(f->g, node), positive, why, stmt, e, what, arg };
	f->facts.safe_push(fact);
}

/* if (is_zone_device_page(page)) ...: a fact on each edge that decides. */
static void collect_predicate_facts(zd_facts *f, gcond *cond)
{
	tree op0 = gimple_cond_lhs(cond), op1 = gimple_cond_rhs(cond);
	enum tree_code code = gimple_cond_code(cond);
	if ((code != NE_EXPR && code != EQ_EXPR) || !integer_zerop(op1))
		return;

	bool negated;
	gimple *call = predicate_call(op0, &negated);
	if (!call)
		return;
	const api_entry *pred = call_api(call, "zd-predicate");
	int arg = api_arg(pred, 0);
	if (arg < 0 || arg >= (int)gimple_call_num_args(call))
		return;
	tree page = gimple_call_arg(call, arg);
	int node = vf_node_of(f->g, page);
	bool full = !strcmp(pred->col[1], "any");

	/* Which edge means "the predicate is true"? */
	bool true_edge_holds = (code == NE_EXPR) != negated;
	edge e;
	edge_iterator ei;
	FOR_EACH_EDGE(e, ei, gimple_bb(cond)->succs) {
		bool is_true_edge = e->flags & EDGE_TRUE_VALUE;
		bool holds = is_true_edge == true_edge_holds;
		if (holds)
			add_fact(f, node, true, ZD_PREDICATE, call, e, pred->name, page);
		else if (full)
			add_fact(f, node, false, ZD_NEGATED, call, e, pred->name, page);
	}
}

/* page->pgmap, folio->pgmap, page_pgmap(page): the page is ZONE_DEVICE. */
static void collect_pgmap_uses(zd_facts *f, gimple *stmt)
{
	if (is_gimple_call(stmt)) {
		const api_entry *acc = call_api(stmt, "pgmap-accessor");
		int arg = acc ? api_arg(acc, 0) : -1;
		if (arg >= 0 && arg < (int)gimple_call_num_args(stmt)) {
			tree page = gimple_call_arg(stmt, arg);
			add_fact(f, vf_node_of(f->g, page), true, ZD_PGMAP_USE, stmt, NULL,
				 acc->name, page);
		}
		return;
	}
	if (!gimple_assign_single_p(stmt))
		return;
	tree refs[2] = { gimple_assign_lhs(stmt), gimple_assign_rhs1(stmt) };
	for (tree ref : refs) {
		tree base = vf_field_ref_base(ref, "pgmap-field");
		if (base)
			add_fact(f, vf_node_of(f->g, base), true, ZD_PGMAP_USE, stmt, NULL,
				 "pgmap", base);
	}
}

zd_facts *zd_analyse(value_graph *g, function *fn)
{
	zd_facts *f = XCNEW(zd_facts);
	f->g = g;
	f->source = vNULL;
	f->facts = vNULL;
	vf_taint(g, is_zd_source, NULL, true, true, &f->source);

	basic_block bb;
	FOR_EACH_BB_FN(bb, fn) {
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi))
			collect_pgmap_uses(f, gsi_stmt(gsi));
		gimple *last = last_stmt(bb);
		if (last && gimple_code(last) == GIMPLE_COND)
			collect_predicate_facts(f, as_a<gcond *>(last));
	}
	return f;
}

void zd_free(zd_facts *f)
{
	f->source.release();
	f->facts.release();
	free(f);
}

/*
 * Does edge E decide every path to AT?  Its destination must dominate AT
 * and be entered only through E.
 */
static bool edge_dominates(edge e, gimple *at)
{
	basic_block dest = e->dest, bb = gimple_bb(at);
	if (!single_pred_p(dest))
		return false;
	return dest == bb || dominated_by_p(CDI_DOMINATORS, bb, dest);
}

static bool fact_holds(zd_facts *f, const zd_fact &fact, gimple *at)
{
	if (fact.e)
		return edge_dominates(fact.e, at);
	return stmt_dominates(f->g, fact.stmt, at);
}

zd_proof zd_prove(zd_facts *f, int n, gimple *at)
{
	zd_proof proof = { ZD_NOT_PROVEN, NULL, NULL };
	if (n < 0)
		return proof;
	int cls = vf_class(f->g, n);

	for (const zd_fact &fact : f->facts)
		if (fact.cls == cls && !fact.positive && fact_holds(f, fact, at)) {
			proof.why = ZD_NEGATED;
			proof.stmt = fact.stmt;
			proof.what = fact.what;
			return proof;
		}

	if (f->source[n]) {
		proof.why = ZD_SOURCE;
		proof.stmt = f->source[n];
		proof.what = call_name(proof.stmt);
		return proof;
	}

	for (const zd_fact &fact : f->facts)
		if (fact.cls == cls && fact.positive && fact_holds(f, fact, at)) {
			proof.why = fact.why;
			proof.stmt = fact.stmt;
			proof.what = fact.what;
			return proof;
		}
	return proof;
}

ir_zd_proof zd_lower(const zd_proof *proof)
{
	ir_zd_proof p = { (ir_zd_why)proof->why, ir_location(UNKNOWN_LOCATION), proof->what, NULL, false };
	if (!proof->stmt)
		return p;
	p.at = ir_location(stmt_location(proof->stmt));
	if (proof->why == ZD_SOURCE) {
		const api_entry *src = api_find("zd-source", proof->what);
		p.pfn = src && !strcmp(src->col[0], "pfn");
	} else if (proof->why == ZD_PREDICATE) {
		const api_entry *pred = api_find("zd-predicate", proof->what);
		int arg = pred ? api_arg(pred, 0) : -1;
		if (arg >= 0 && arg < (int)gimple_call_num_args(proof->stmt))
			p.arg = value_name(gimple_call_arg(proof->stmt, arg));
	}
	return p;
}

/* The note's text is the judgement's (ir-zone-device.c), for both engines. */
void zd_explain(const zd_proof *proof)
{
	ir_zd_proof p = zd_lower(proof);
	ir_note note;
	if (!ir_zd_note(&p, &note))
		return;
	ir_finding f;
	memset(&f, 0, sizeof(f));
	f.notes = &note;
	f.nnotes = 1;
	ir_inform_notes(&f);
	free(note.message);
}
