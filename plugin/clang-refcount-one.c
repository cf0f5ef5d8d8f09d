// SPDX-License-Identifier: GPL-2.0
/*
 * clang-refcount-one.c - refcount-one's libclang front end: find the sites
 * refcount-one reasons over in one function's cursors, prove their page
 * ZONE_DEVICE, and hand them to the judgement (ir-refcount-one.c) that the
 * GCC plugin runs.  Every spelling comes from rules/devmap-api.tbl
 * (refcount-read, refcount-set, free-event, wait-var, zd-source,
 * zd-predicate, carrier, carrier-field, pgmap-field, pgmap-accessor).
 *
 * libclang has no CFG and no SSA; what GCC's value graph and dominators
 * give the plugin is rebuilt from the cursors, coarser (the objects and
 * "dominates" are the shared core's, clang-values.c; the table and calls
 * clang-api.c's; clang-core.h declares them):
 *
 *   - objects: a local variable or parameter, and everything a carrier
 *     leads back to it (page_folio(), pfn_to_page(), &folio->page, pfn
 *     arithmetic: "x + n" is x when only x is a local object).  Copies join
 *     objects into one class, flow-insensitively (GCC: per SSA value);
 *   - a source: a class some variable of which is set from a zd-source
 *     call, and never from anything else but carriers of it or NULL;
 *   - a predicate holds at a point when the point is in the branch its
 *     condition's truth selects (if, ?:, the right of && and ||, a while
 *     body), or follows "if (!pred(x)) return/goto/break/continue" in an
 *     enclosing block; "any" predicates' false edges prove a page is not
 *     ZONE_DEVICE;
 *   - "A dominates B" (a pgmap use before a read, a free before a reset):
 *     A is evaluated unconditionally on the way to B in the cursor tree (an
 *     earlier statement of an enclosing block, the condition of an
 *     enclosing if or loop, the left of && or ||, an earlier operand).
 *
 * Across functions as in the plugin: a function with internal linkage that
 * compares (or waits for) its parameter's refcount without proving the
 * page ZONE_DEVICE gets a summary, computed when a call to it is met; the
 * call is reported when it passes a ZONE_DEVICE page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clang-core.h"

int refcount_one_version = -1;

/* ---- refcount-one's state: per variable, per function ---------------------- */

/* What refcount-one knows of a variable (indexed as struct values' vars). */
struct rc_var {
	struct cnode *source;		/* a zd-source call that sets it */
	struct cnode *count;		/* a refcount read that sets it */
	bool count_mixed;
};

struct summary {
	int param;
	enum ir_rc_kind kind;
	char *reader;
	enum ir_cmp_op op;
	struct ir_loc where;
	char *helper;
};

struct fn_state {
	CXCursor def;
	int state;			/* 1 analysing, 2 done */
	struct summary *s;
	int ns;
};
static struct fn_state *fns;
static int nfns;

struct ctx {
	struct values v;		/* its objects (v.rule is this ctx) */
	bool internal;
	struct cnode *body;
	struct rc_var *rc;		/* as v.vars */
	int nrc;
	int me;				/* its fn_state (fns moves when a callee is analysed) */
};

/* Refcount-one's view of object I (grown with v.vars: objects are made on demand). */
static struct rc_var *rc_of(struct ctx *c, int i)
{
	if (i >= c->nrc) {
		c->rc = (struct rc_var *)realloc(c->rc, (i + 1) * sizeof(*c->rc));
		memset(&c->rc[c->nrc], 0, (i + 1 - c->nrc) * sizeof(*c->rc));
		c->nrc = i + 1;
	}
	return &c->rc[i];
}

/* Variable V set to E: a zd-source call or a refcount read is refcount-one's. */
static bool claim(struct values *vs, int v, struct cnode *e)
{
	struct ctx *c = (struct ctx *)vs->rule;
	if (e && e->kind == CXCursor_CallExpr && call_api(e, "zd-source")) {
		if (!rc_of(c, v)->source)
			rc_of(c, v)->source = e;
		return true;
	}
	if (e && e->kind == CXCursor_CallExpr && call_api(e, "refcount-read")) {
		if (rc_of(c, v)->count)
			rc_of(c, v)->count_mixed = true;
		rc_of(c, v)->count = e;
		return true;
	}
	return false;
}

static void unclaimed(struct values *vs, int v)
{
	rc_of((struct ctx *)vs->rule, v)->count_mixed = true;
}

/* ---- facts and proofs ------------------------------------------------------ */

struct fact {
	bool positive;
	struct cnode *at;		/* the predicate call or pgmap use */
	const char *what;		/* its name (a table entry's) */
	struct cnode *arg;
	int why;			/* IR_ZD_PREDICATE or IR_ZD_PGMAP_USE */
};

/* The facts on object class CLS that E being TRUTH gives. */
static void facts_of(struct ctx *c, struct cnode *e, bool truth, int cls, struct fact *out, int *n)
{
	e = cnode_strip(e);
	if (!e || *n >= 16)
		return;
	char *op = op_of(e);
	bool neg = op && !strcmp(op, "!");
	free(op);
	if (neg) {
		facts_of(c, e->kids[0], !truth, cls, out, n);
		return;
	}
	if (e->kind == CXCursor_BinaryOperator && (op_is(e, "&&") || op_is(e, "||"))) {
		if (truth == op_is(e, "&&")) {
			facts_of(c, e->kids[0], truth, cls, out, n);
			facts_of(c, e->kids[1], truth, cls, out, n);
		}
		return;
	}
	if (e->kind != CXCursor_CallExpr)
		return;
	char *name = callee_name(e);
	if (name && !strcmp(name, "__builtin_expect") && call_arg(e, 0)) {
		free(name);
		facts_of(c, call_arg(e, 0), truth, cls, out, n);
		return;
	}
	const struct tbl_entry *pred = tbl_find("zd-predicate", name);
	free(name);
	struct cnode *arg = pred ? call_arg(e, tbl_arg(pred, 0)) : NULL;
	if (!arg || !same_object(&c->v, obj_of(&c->v, arg), cls))
		return;
	if (!truth && strcmp(pred->col[1], "any"))
		return;
	struct fact f = { truth, e, pred->name, arg, IR_ZD_PREDICATE };
	out[(*n)++] = f;
}

/* The facts of the predicates that hold at P on class CLS (edges dominating P). */
static void path_facts(struct ctx *c, struct cnode *p, int cls, struct fact *out, int *n)
{
	for (struct cnode *x = p; x->parent; x = x->parent) {
		struct cnode *a = x->parent;
		if ((a->kind == CXCursor_IfStmt || a->kind == CXCursor_ConditionalOperator) &&
		    x->index > 0 && a->nkids >= 2)
			facts_of(c, a->kids[0], x->index == 1, cls, out, n);
		else if (a->kind == CXCursor_WhileStmt && x->index == 1)
			facts_of(c, a->kids[0], true, cls, out, n);
		else if (a->kind == CXCursor_BinaryOperator && x->index == 1 &&
			 (op_is(a, "&&") || op_is(a, "||")))
			facts_of(c, a->kids[0], op_is(a, "&&"), cls, out, n);
		else if (a->kind == CXCursor_CompoundStmt)
			for (unsigned i = 0; i < x->index; i++) {
				struct cnode *s = a->kids[i];
				if (s->kind == CXCursor_IfStmt && s->nkids == 2 && !falls_through(s->kids[1]))
					facts_of(c, s->kids[0], false, cls, out, n);
			}
	}
}

/* Is pgmap use or accessor call N a use of class CLS's pgmap? */
static bool pgmap_use(struct ctx *c, struct cnode *n, int cls, const char **what)
{
	if (n->kind == CXCursor_MemberRefExpr && member_of_kind(n, "pgmap-field")) {
		*what = "pgmap";
		return same_object(&c->v, obj_of(&c->v, member_base(n)), cls);
	}
	if (n->kind == CXCursor_CallExpr) {
		const struct tbl_entry *acc = call_api(n, "pgmap-accessor");
		struct cnode *arg = acc ? call_arg(n, tbl_arg(acc, 0)) : NULL;
		*what = acc ? acc->name : NULL;
		return arg && same_object(&c->v, obj_of(&c->v, arg), cls);
	}
	return false;
}

static struct ir_loc call_loc(const struct cnode *call)
{
	return cnode_start(call);
}

/* Why object O is (not) ZONE_DEVICE at P; the order of core-zone-device.c's zd_prove(). */
static struct ir_zd_proof prove(struct ctx *c, int o, struct cnode *p)
{
	struct ir_zd_proof r;
	memset(&r, 0, sizeof(r));
	r.why = IR_ZD_NOT_PROVEN;
	if (o < 0)
		return r;
	int cls = value_class(&c->v, o);
	struct fact facts[16];
	int n = 0;
	path_facts(c, p, cls, facts, &n);
	for (int i = 0; i < n; i++)
		if (!facts[i].positive) {
			r.why = IR_ZD_NEGATED;
			return r;
		}
	struct cnode *src = NULL;
	bool mixed = false;
	for (int i = 0; i < c->v.nvars; i++)
		if (value_class(&c->v, i) == cls) {
			mixed |= c->v.vars[i].mixed;
			if (rc_of(c, i)->source && (!src || cnode_before(rc_of(c, i)->source, src)))
				src = rc_of(c, i)->source;
		}
	if (src && !mixed) {
		const struct tbl_entry *e = call_api(src, "zd-source");
		r.why = IR_ZD_SOURCE;
		r.at = call_loc(src);
		r.what = e->name;
		r.pfn = e->ncols && !strcmp(e->col[0], "pfn");
		return r;
	}
	/* The earliest positive fact: a predicate on the path or a pgmap use before P. */
	struct fact best = { false, NULL, NULL, NULL, 0 };
	for (int i = 0; i < n; i++)
		if (!best.at || cnode_before(facts[i].at, best.at))
			best = facts[i];
	for (int i = 0; i < c->v.nnodes; i++) {
		const char *what;
		struct cnode *u = c->v.nodes[i];
		if ((u->kind == CXCursor_MemberRefExpr || u->kind == CXCursor_CallExpr) &&
		    (!best.at || cnode_before(u, best.at)) && pgmap_use(c, u, cls, &what) && dominates(u, p)) {
			struct fact f = { true, u, what, NULL, IR_ZD_PGMAP_USE };
			best = f;
		}
	}
	if (!best.at)
		return r;
	r.why = (enum ir_zd_why)best.why;
	r.what = best.what;
	if (best.why == IR_ZD_PREDICATE) {
		r.at = call_loc(best.at);
		r.arg = cnode_pretty(best.arg);		/* proof_free() */
	} else {
		r.at = best.at->kind == CXCursor_MemberRefExpr ? member_loc(best.at) : call_loc(best.at);
	}
	return r;
}

static void proof_free(struct ir_zd_proof *p)
{
	free((char *)p->arg);
	p->arg = NULL;
}

/* ---- the sites ------------------------------------------------------------ */

static void report(struct ir_rc_site *s)
{
	s->version = refcount_one_version;
	struct ir_finding f;
	if (refcount_one_judge(s, &f)) {
		clang_report(REFCOUNT_ONE_RULE, &f);
		ir_finding_free(&f);
	}
	proof_free(&s->proof);
}

static void add_summary(struct fn_state *fs, int param, enum ir_rc_kind kind, const char *reader,
			enum ir_cmp_op op, struct ir_loc where, const char *helper)
{
	fs->s = (struct summary *)realloc(fs->s, (fs->ns + 1) * sizeof(*fs->s));
	struct summary *s = &fs->s[fs->ns++];
	s->param = param;
	s->kind = kind;
	s->reader = strdup(reader);
	s->op = op;
	s->where = where;
	s->helper = strdup(helper);
}

/* The parameter index of O's class, or -1 (only functions with internal linkage hand up). */
static int param_of(struct ctx *c, int o)
{
	if (o < 0 || !c->internal)
		return -1;
	for (int i = 0; i < c->v.nvars; i++)
		if (c->v.vars[i].param >= 0 && value_class(&c->v, i) == value_class(&c->v, o))
			return c->v.vars[i].param;
	return -1;
}

/* Is some wait in this function waiting on class CLS's refcount? */
static bool waited_on(struct ctx *c, int o)
{
	for (int i = 0; i < c->v.nnodes; i++) {
		const struct tbl_entry *w = call_api(c->v.nodes[i], "wait-var");
		struct cnode *var = w ? call_arg(c->v.nodes[i], tbl_arg(w, 0)) : NULL;
		if (var && same_object(&c->v, field_base(&c->v, var, "_refcount"), o))
			return true;
	}
	return false;
}

/* The refcount read E stands for: the call, and whether E is it (not a variable). */
static struct cnode *count_read(struct ctx *c, struct cnode *e, bool *direct)
{
	e = cnode_strip(e);
	if (!e)
		return NULL;
	if (e->kind == CXCursor_CallExpr && call_api(e, "refcount-read")) {
		*direct = true;
		return e;
	}
	if (e->kind == CXCursor_DeclRefExpr && local_var(clang_getCursorReferenced(e->c))) {
		int i = value_var(&c->v, clang_getCursorReferenced(e->c));
		struct rc_var *v = rc_of(c, i);
		*direct = false;
		return v->count && !v->count_mixed ? v->count : NULL;
	}
	return NULL;
}

/* The page whose refcount READ (a refcount-read or -set call) touches. */
static int counted_page(struct ctx *c, struct cnode *call, const struct tbl_entry *e)
{
	struct cnode *arg = call_arg(call, tbl_arg(e, 0));
	if (!arg)
		return -1;
	if (!strcmp(e->kind, "refcount-read") && e->ncols > 1)
		return field_base(&c->v, arg, e->col[1]);
	return obj_of(&c->v, arg);
}

/* Is N an operand (through !, parentheses, casts) of an && or ||? */
static bool in_truth_operand(struct cnode *n)
{
	for (struct cnode *p = cnode_parent(n); p; n = p, p = cnode_parent(p)) {
		if (p->kind == CXCursor_BinaryOperator && (op_is(p, "&&") || op_is(p, "||")))
			return true;
		char *op = op_of(p);
		bool neg = op && !strcmp(op, "!");
		free(op);
		if (!neg)
			return false;
	}
	return false;
}

/*
 * OP, the operator of comparison N, as GCC reads it: GCC's front end folds
 * each "!" around a comparison (through parentheses and casts) into it,
 * "!(c == 1)" into "c != 1", before any pass sees it; the message's
 * suggestion follows the operator, and both engines must say the same.
 */
static enum ir_cmp_op as_folded(struct cnode *n, enum ir_cmp_op op)
{
	for (struct cnode *p = cnode_parent(n); p && p->kind == CXCursor_UnaryOperator; p = cnode_parent(p)) {
		char *o = op_of(p);
		bool neg = o && !strcmp(o, "!");
		free(o);
		if (!neg)
			break;
		op = ir_cmp_negated(op);
	}
	return op;
}

static void check_comparison(struct ctx *c, struct cnode *n)
{
	char *op_text = op_of(n);
	int k = cmp_op_of(op_text);
	free(op_text);
	if (k < 0 || n->nkids != 2)
		return;
	bool direct = false;
	long long v;
	enum ir_cmp_op op;
	struct cnode *read = count_read(c, n->kids[0], &direct);
	if (read && constant_of(n->kids[1], &v))
		op = (enum ir_cmp_op)k;
	else if ((read = count_read(c, n->kids[1], &direct)) && constant_of(n->kids[0], &v))
		op = cmp_op_mirrored((enum ir_cmp_op)k);
	else
		return;
	if (!refcount_one_tests_one(op, v))
		return;
	const struct tbl_entry *e = call_api(read, "refcount-read");
	int page = counted_page(c, read, e);
	struct ir_rc_site s;
	memset(&s, 0, sizeof(s));
	s.kind = waited_on(c, page) ? IR_RC_WAIT : IR_RC_COMPARE;
	s.api = e->name;
	s.op = as_folded(n, op);
	struct ir_loc read_at = call_loc(read);
	if (direct) {
		s.loc = read_at;
	} else {
		/* GCC puts an if's or while's whole condition at its "(". */
		struct cnode *x = n;
		while (x->parent && x->parent != cnode_parent(n))
			x = x->parent;
		struct cnode *st = cnode_parent(n);
		if (st && (st->kind == CXCursor_IfStmt || st->kind == CXCursor_WhileStmt) && x->index == 0)
			s.loc = token_loc(st, 1);
		else
			s.loc = operator_loc(n);
		if (s.loc.line == read_at.line && !in_truth_operand(n))
			s.loc = read_at;
		else if (s.loc.line != read_at.line)
			s.read = read_at;
	}
	s.proof = prove(c, page, n);
	if (s.proof.why == IR_ZD_NOT_PROVEN) {
		proof_free(&s.proof);
		int param = param_of(c, page);
		if (param >= 0) {
			char *name = cursor_spelling(c->v.fn);
			add_summary(&fns[c->me], param, s.kind, s.api, s.op, s.loc, name);
			free(name);
		}
		return;
	}
	s.explain = true;
	report(&s);
}

static void check_reset(struct ctx *c, struct cnode *call, const struct tbl_entry *set)
{
	const char *value = set->col[1];
	long long k;
	struct cnode *v = value[0] == '=' ? NULL : call_arg(call, atoi(value));
	bool one = value[0] == '=' ? atoi(value + 1) == 1 : (v && constant_of(v, &k) && k == 1);
	if (!one)
		return;
	int page = counted_page(c, call, set);
	struct cnode *freed = NULL;
	for (int i = 0; i < c->v.nnodes && !freed; i++) {
		struct cnode *f = c->v.nodes[i];
		const struct tbl_entry *ev = call_api(f, "free-event");
		struct cnode *arg = ev ? call_arg(f, tbl_arg(ev, 0)) : NULL;
		if (arg && same_object(&c->v, obj_of(&c->v, arg), page) && dominates(f, call))
			freed = f;
	}
	if (!freed)
		return;
	struct ir_rc_site s;
	memset(&s, 0, sizeof(s));
	s.kind = IR_RC_RESET;
	s.loc = call_loc(call);
	s.api = set->name;
	s.freed = call_loc(freed);
	s.proof = prove(c, page, call);
	s.explain = true;
	report(&s);
}

static struct fn_state *analyse(CXCursor def);

static void check_helper_call(struct ctx *c, struct cnode *call)
{
	CXCursor f = clang_getCursorReferenced(call->c);
	if (clang_Cursor_isNull(f) || clang_getCursorKind(f) != CXCursor_FunctionDecl)
		return;
	CXCursor def = clang_getCursorDefinition(f);
	if (clang_Cursor_isNull(def) || clang_getCursorLinkage(def) != CXLinkage_Internal)
		return;
	/* Only when some argument could matter: a ZONE_DEVICE page, or our parameter. */
	int n = clang_Cursor_getNumArguments(call->c);
	bool worth = false;
	for (int i = 0; i < n && !worth; i++) {
		int o = call_arg(call, i) ? obj_of(&c->v, call_arg(call, i)) : -1;
		struct ir_zd_proof p = prove(c, o, call);
		worth = o >= 0 && (param_of(c, o) >= 0 || ir_zd_proven(&p));
		proof_free(&p);
	}
	if (!worth)
		return;
	struct fn_state *fs = analyse(def);
	for (int i = 0; fs && i < fs->ns; i++) {
		struct summary h = fs->s[i];
		struct cnode *arg = call_arg(call, h.param);
		int page = arg ? obj_of(&c->v, arg) : -1;
		if (page < 0)
			continue;
		struct ir_zd_proof proof = prove(c, page, call);
		if (!ir_zd_proven(&proof))
			proof_free(&proof);
		if (proof.why == IR_ZD_NOT_PROVEN) {
			int param = param_of(c, page);
			if (param >= 0)
				add_summary(&fns[c->me], param, h.kind, h.reader, h.op, h.where, h.helper);
			continue;
		}
		if (proof.why == IR_ZD_NEGATED)
			continue;
		struct ir_rc_site s;
		memset(&s, 0, sizeof(s));
		s.kind = h.kind;
		s.loc = call_loc(call);
		s.api = h.reader;
		s.op = h.op;
		s.helper = h.helper;
		s.helper_at = h.where;
		s.proof = proof;
		s.explain = true;
		report(&s);
	}
}

static struct fn_state *state_of(CXCursor def)
{
	for (int i = 0; i < nfns; i++)
		if (clang_equalCursors(fns[i].def, def))
			return &fns[i];
	return NULL;
}

/* Analyse function DEF once (reporting its findings); its summary. */
static struct fn_state *analyse(CXCursor def)
{
	struct fn_state *fs = state_of(def);
	if (fs)
		return fs->state == 2 ? fs : NULL;	/* a call cycle: no summary yet */
	fns = (struct fn_state *)realloc(fns, (nfns + 1) * sizeof(*fns));
	int me = nfns++;
	memset(&fns[me], 0, sizeof(fns[me]));
	fns[me].def = def;
	fns[me].state = 1;

	struct ctx c;
	memset(&c, 0, sizeof(c));
	c.v.fn = def;
	c.v.claim = claim;
	c.v.unclaimed = unclaimed;
	c.v.rule = &c;
	c.me = me;
	c.internal = clang_getCursorLinkage(def) == CXLinkage_Internal;
	struct cnode *root = cnode_build(def);
	for (unsigned i = 0; i < root->nkids; i++)
		if (root->kids[i]->kind == CXCursor_CompoundStmt)
			c.body = root->kids[i];
	if (c.body) {
		values_collect(&c.v, c.body);
		for (int i = 0; i < c.v.nnodes; i++) {
			struct cnode *n = c.v.nodes[i];
			const struct tbl_entry *set;
			if (n->kind == CXCursor_BinaryOperator)
				check_comparison(&c, n);
			else if (n->kind == CXCursor_CallExpr && (set = call_api(n, "refcount-set")))
				check_reset(&c, n, set);
			else if (n->kind == CXCursor_CallExpr)
				check_helper_call(&c, n);
		}
	}
	cnode_free(root);
	values_free(&c.v);
	free(c.rc);
	fns[me].state = 2;
	return &fns[me];
}

void refcount_one_function(CXCursor def)
{
	analyse(def);
}
