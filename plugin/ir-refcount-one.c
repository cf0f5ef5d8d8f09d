// SPDX-License-Identifier: GPL-2.0
/*
 * ir-refcount-one.c - refcount-one's judgement, for every engine
 * (rules/refcount-one.md): which comparisons test a refcount against 1, and
 * what to tell the user on the kernel version compiled for.  Reads only
 * ir.h's structures; the GCC plugin (rule-refcount-one.c) and the libclang
 * tool (clang-refcount-one.c) find the sites - a refcount read compared
 * with a constant, the condition of a wait on the refcount, a reset to 1
 * after a free, a helper's call - and prove the page ZONE_DEVICE their own
 * way.
 *
 * ZONE_DEVICE pages used to be idle at refcount 1; from Linux 6.15 they are
 * idle at 0 like every other page.  Before 6.15 a flagged test is right and
 * breaks with the conversion (the advice names only what that version
 * has); from 6.15 it is wrong now; for an unknown version both, in one text.
 * The test with 0 it suggests asks what the user's test asks: a busy test
 * (!= 1, > 1, >= 2) stays a busy test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ir.h"

#define KV(a, b, c)	(((a) << 16) + ((b) << 8) + (c))
/* ZONE_DEVICE pages are idle (free) at refcount 0 from this version on. */
#define IDLE_AT_ZERO	KV(6, 15, 0)
/* zone_device_page_init() hands a page out with its first reference. */
#define HAS_ZONE_DEVICE_PAGE_INIT	KV(6, 1, 0)

#define Q(x) IR_OPEN_QUOTE x IR_CLOSE_QUOTE

bool refcount_one_tests_one(enum ir_cmp_op op, long long constant)
{
	switch (op) {
	case IR_EQ: case IR_NE: case IR_GT: case IR_LE:
		return constant == 1;
	case IR_GE: case IR_LT:
		return constant == 2;
	}
	return false;
}

/*
 * Does "count OP 1" (or 2) test for a busy page, one someone else holds
 * (!= 1, > 1, >= 2), rather than an idle one (== 1, <= 1, < 2)?
 */
static bool tests_busy(enum ir_cmp_op op)
{
	return op == IR_NE || op == IR_GT || op == IR_GE;
}

/*
 * The test with 0 that replaces "count OP 1" once pages are idle at 0: the
 * same question, spelled the plainest way: == 1, <= 1 and < 2 become
 * "== 0" (idle); != 1 becomes "!= 0" and > 1, >= 2 become "> 0" (busy).
 */
static const char *zero_test(enum ir_cmp_op op)
{
	switch (op) {
	case IR_NE: return "!= 0";
	case IR_GT: case IR_GE: return "> 0";
	default: return "== 0";
	}
}

/* 6.15's idle test in the sense of OP: "dax_page_is_idle()" or its negation. */
static const char *idle_call(enum ir_cmp_op op)
{
	return tests_busy(op) ? "!dax_page_is_idle()" : "dax_page_is_idle()";
}

/* The message of S (quote markers around names).  Malloc'ed. */
static char *message(const struct ir_rc_site *s)
{
	const char *api = s->api, *zero = zero_test(s->op), *idle = idle_call(s->op);
	const char *meaning = tests_busy(s->op) ? "busy" : "idle";
	int v = s->version, major = v >> 16, minor = (v >> 8) & 0xff;
	if (v < 0) {
		switch (s->kind) {
		case IR_RC_COMPARE:
			return ir_format("refcount of a ZONE_DEVICE page (read by " Q("%s()") ") compared with 1: "
				"ZONE_DEVICE pages are idle at refcount 1 up to Linux 6.14 and at 0 "
				"from 6.15, where this test is wrong; there, test for 0 (" Q("%s() %s")
				") or use " Q("%s"), api, api, zero, idle);
		case IR_RC_WAIT:
			return ir_format("waiting for the refcount of a ZONE_DEVICE page to reach 1 "
				"(read by " Q("%s()") "): ZONE_DEVICE pages are idle at refcount 1 up to "
				"Linux 6.14 and at 0 from 6.15, where this wait is wrong; there, "
				"wait for " Q("%s") " instead", api, idle);
		case IR_RC_RESET:
			return ir_format(Q("%s()") " resets the refcount of a freed ZONE_DEVICE page to 1: "
				"free ZONE_DEVICE pages are kept at refcount 1 up to Linux 6.14 and "
				"at 0 from 6.15, where this reset is wrong; there, drop it "
				"(" Q("zone_device_page_init()") " hands the page out again with its "
				"first reference)", api);
		}
	}
	if (v >= IDLE_AT_ZERO) {
		switch (s->kind) {
		case IR_RC_COMPARE:
			return ir_format("refcount of a ZONE_DEVICE page (read by " Q("%s()") ") compared with 1: "
				"wrong on Linux %d.%d, where ZONE_DEVICE pages are idle at refcount 0, "
				"not 1 (since 6.15); test for 0 (" Q("%s() %s") ") or use " Q("%s"),
				api, major, minor, api, zero, idle);
		case IR_RC_WAIT:
			return ir_format("waiting for the refcount of a ZONE_DEVICE page to reach 1 "
				"(read by " Q("%s()") "): wrong on Linux %d.%d, where ZONE_DEVICE pages "
				"are idle at refcount 0, not 1 (since 6.15); wait for "
				Q("%s") " instead, or break the layout with "
				Q("dax_break_layout_inode()"), api, major, minor, idle);
		case IR_RC_RESET:
			return ir_format(Q("%s()") " resets the refcount of a freed ZONE_DEVICE page to 1: "
				"wrong on Linux %d.%d, where free ZONE_DEVICE pages are at refcount 0 "
				"and are handed out again with their first reference by "
				Q("zone_device_page_init()") "; drop the reset", api, major, minor);
		}
	}
	switch (s->kind) {
	case IR_RC_COMPARE:
		return ir_format("refcount of a ZONE_DEVICE page (read by " Q("%s()") ") compared with 1: "
			"right on Linux %d.%d, where ZONE_DEVICE pages are idle at refcount 1, "
			"but breaks when they become idle at 0 (Linux 6.15); with that change, "
			"compare with 0 instead (%s is " Q("%s() %s") ")",
			api, major, minor, meaning, api, zero);
	case IR_RC_WAIT:
		return ir_format("waiting for the refcount of a ZONE_DEVICE page to reach 1 "
			"(read by " Q("%s()") "): right on Linux %d.%d, where ZONE_DEVICE pages are "
			"idle at refcount 1, but breaks when they become idle at 0 "
			"(Linux 6.15); with that change, wait for " Q("%s() %s") " instead",
			api, major, minor, api, zero);
	case IR_RC_RESET:
		if (v >= HAS_ZONE_DEVICE_PAGE_INIT)
			return ir_format(Q("%s()") " resets the refcount of a freed ZONE_DEVICE page to 1: "
				"right on Linux %d.%d, where free ZONE_DEVICE pages are kept at "
				"refcount 1, but breaks when they are free at 0 (Linux 6.15); with "
				"that change, drop the reset and let " Q("zone_device_page_init()")
				" hand the page out with its first reference", api, major, minor);
		return ir_format(Q("%s()") " resets the refcount of a freed ZONE_DEVICE page to 1: "
			"right on Linux %d.%d, where free ZONE_DEVICE pages are kept at "
			"refcount 1, but breaks when they are free at 0 (Linux 6.15); with "
			"that change, drop the reset and give the page its first reference "
			"when it is handed out", api, major, minor);
	}
	return ir_format("%s", "");
}

static void add_note(struct ir_finding *f, struct ir_loc at, char *message)
{
	f->notes = (struct ir_note *)realloc(f->notes, (f->nnotes + 1) * sizeof(*f->notes));
	if (!f->notes)
		abort();
	f->notes[f->nnotes].at = at;
	f->notes[f->nnotes].message = message;
	f->nnotes++;
}

bool refcount_one_judge(const struct ir_rc_site *s, struct ir_finding *out)
{
	if (!ir_zd_proven(&s->proof))
		return false;
	memset(out, 0, sizeof(*out));
	out->loc = s->loc;
	out->message = message(s);
	if (s->read.line)
		add_note(out, s->read, ir_format("the refcount is read here"));
	if (s->helper)
		add_note(out, s->helper_at, ir_format(s->kind == IR_RC_WAIT
			? "the wait for refcount 1 is in " Q("%s") ", here"
			: "the comparison with 1 is in " Q("%s") ", here", s->helper));
	if (s->freed.line)
		add_note(out, s->freed, ir_format("the page is freed here"));
	struct ir_note n;
	if (s->explain && ir_zd_note(&s->proof, &n))
		add_note(out, n.at, n.message);
	return true;
}
