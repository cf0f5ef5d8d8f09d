// SPDX-License-Identifier: GPL-2.0-only
///
/// FS DAX layout breaking and DAX inserts after the ZONE_DEVICE refcount
/// change (Linux 6.15, "fs/dax: Fix ZONE_DEVICE page reference counts").
///
/// DAX pages used to be idle at refcount 1; since 6.15 they are freed at 0
/// and the waiters are woken on the page itself, from
/// free_zone_device_folio().  Idle tests on a page returned by
/// dax_layout_busy_page() or dax_layout_busy_page_range() use the helper:
///
///   atomic_read(&page->_refcount) == 1,
///   page_ref_count(page) == 1          ->  dax_page_is_idle(page)
///   page_ref_count(page) != 1          ->  !dax_page_is_idle(page)
///   ___wait_var_event(&page->_refcount, <idle>, ...)
///                                      ->  ___wait_var_event(page,
///                                              dax_page_is_idle(page), ...)
///
/// and a whole break-layouts loop (ext4_break_layouts() in 6.1) becomes the
/// helper upstream introduced ("fs/dax: Create a common implementation to
/// break DAX layouts"):
///
///   do {
///           page = dax_layout_busy_page(inode->i_mapping);
///           if (!page)
///                   return 0;
///           error = ___wait_var_event(&page->_refcount, <idle>,
///                           TASK_INTERRUPTIBLE, 0, 0, cb(inode));
///   } while (error == 0);
///   return error;                      ->  return dax_break_layout_inode(
///                                                  inode, cb);
///
/// (dax_layout_busy_page_range(inode->i_mapping, start, end) gives
/// dax_break_layout(inode, start, end, cb)).  A single wait whose caller
/// loops (xfs_break_dax_layouts(), __fuse_dax_break_layouts()) and a busy
/// test without a wait (xfs_mmaplock_two_inodes_and_break_dax_layout())
/// are reported with what upstream made of them.
///
/// vmf_insert_pfn_pmd() and vmf_insert_pfn_pud() on DAX pages map them
/// without a reference; since 6.15 DAX inserts the folio,
/// vmf_insert_folio_pmd/pud(), which takes the mapping's reference: this
/// needs the folio at hand and is reported with upstream's recipe.  An
/// insert counts as DAX when its function calls a dax_*() helper or uses
/// PFN_MAP / pfn_t_devmap(), or its file lives under a dax/ directory.
///
// Subject: use dax_page_is_idle() and dax_break_layout*() for DAX idle pages
// Confidence: Moderate
// Copyright: (C) 2025 devmap-lint contributors
// Options: --no-includes --include-headers
// Keywords: dax_layout_busy_page, dax_page_is_idle, dax_break_layout, dax_break_layout_inode, ___wait_var_event, vmf_insert_pfn_pmd, vmf_insert_folio_pmd, FS DAX
// New-API: dax_break_layout_inode dax_break_layout dax_page_is_idle
//
// Target kernel: -D target=X.Y on the spatch command line (with make
// coccicheck: SPFLAGS="-D target=X.Y"), else $DEVMAP_LINT_TARGET, else
// 6.19.  Everything here is for targets 6.15 and later.  See
// rules/devmap-folio.md for the API table.

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
import os
import re

DEFAULT_TARGET = "6.19"

def version(text):
	m = re.match(r"v?(\d+)\.(\d+)", str(text).strip())
	if not m:
		raise Exception("devmap-lint: target '%s' is not a kernel "
				"version such as 6.18" % text)
	return (int(m.group(1)), int(m.group(2)))

TARGET = version(os.environ.get("DEVMAP_LINT_TARGET") or DEFAULT_TARGET)

def target_has(since):
	"""Does the target kernel have the API introduced in `since`?"""
	return TARGET >= version(since)

def source_lines(path):
	with open(path, errors="replace") as f:
		return f.read().split("\n")

# Lines of the dax_layout_busy_page*() calls that start a loop body.
busy_calls = set()

def busy_call(pb):
	busy_calls.add((pb[0].file, int(pb[0].line)))

def is_busy_loop(p, err):
	"""Is the statement at p a do-while around a busy page call that
	loops while err == 0?"""
	p = p[0]
	if not any(f == p.file and int(p.line) < l <= int(p.line_end)
		   for (f, l) in busy_calls):
		return False
	lines = source_lines(p.file)
	first = lines[int(p.line) - 1][int(p.column):]
	last = lines[int(p.line_end) - 1]
	return (re.match(r"do\b", first) is not None and
		re.search(r"while\s*\(\s*%s\s*==\s*0\s*\)\s*;" % re.escape(err),
			  last) is not None)

# Variables a rewritten loop leaves unused.
dead_vars = set()

# Functions that show their vmf_insert_pfn_pXd() maps DAX pages.
dax_functions = set()

def dax_evidence(p):
	dax_functions.add((p[0].file, p[0].current_element))

def is_dax_insert(p):
	return ((p[0].file, p[0].current_element) in dax_functions or
		re.search(r"(^|/)(fs/dax\.c|dax/)", p[0].file) is not None)

MSG = {
	"dax-break-layout": "this loop is dax_break_layout_inode() / "
		"dax_break_layout() since 6.15 ('fs/dax: Create a common "
		"implementation to break DAX layouts') (MODE=patch does)",
	"dax-wait-idle": "DAX pages are idle at refcount 0 since 6.15 and "
		"waiters are woken on the page: MODE=patch waits on the page "
		"for dax_page_is_idle(); upstream then replaced this "
		"single-shot wait and its caller's retry loop by "
		"dax_break_layout_inode(inode, cb) (xfs_break_dax_layouts()) "
		"or dax_break_layout(inode, start, end, cb) "
		"(fuse_dax_break_layouts())",
	"dax-idle-test": "DAX pages are idle at refcount 0 since 6.15: use "
		"dax_page_is_idle(page) (MODE=patch does); upstream replaced "
		"this busy-page check by error = dax_break_layout(inode, 0, -1, "
		"NULL) (xfs_mmaplock_two_inodes_and_break_dax_layout())",
	"dax-insert": "%s() maps a DAX page without a reference; since 6.15 "
		"upstream inserts the folio with %s(vmf, folio, write), which "
		"takes the mapping's reference: fs/dax.c holds a folio "
		"reference around it (folio_ref_inc(folio); ret = %s(vmf, "
		"folio, write); folio_put(folio)), drivers/dax/device.c passes "
		"page_folio(pfn_t_to_page(pfn)) ('fs/dax: Properly refcount fs "
		"dax pages', 'device/dax: Properly refcount device dax pages "
		"when mapping')",
}

FOLIO_INSERT = {
	"vmf_insert_pfn_pmd": "vmf_insert_folio_pmd",
	"vmf_insert_pfn_pud": "vmf_insert_folio_pud",
}

def message(tag, *args):
	return "WARNING: %s [%s]" % (MSG[tag] % args, tag)

def insert_message(fn):
	new = FOLIO_INSERT[fn]
	return message("dax-insert", fn, new, new)

// Every rule depends on this one, so that spatch (--use-gitgrep) and
// scripts/devmap-cocci can tell which files are worth parsing.
@dax_file@
@@

(
  dax_layout_busy_page(...)
|
  dax_layout_busy_page_range(...)
|
  vmf_insert_pfn_pmd(...)
|
  vmf_insert_pfn_pud(...)
)

@script:python depends on dax_file@
t << virtual.target;
@@
TARGET = version(t)

// ---------------------------------------------------------------------
// Patch, targets 6.15 and later.  First whole loops, then waits, then
// tests, each on a page that came from dax_layout_busy_page*().

// spatch 1.1 cannot match a do-while in a pattern, so the loop is found
// from its body: the busy page, the early return, the wait.  python checks
// that the statement before "return ERR;" is the do-while around them,
// ending in "while (ERR == 0);".  Positions do not survive a rewrite, so
// each form is looked up just before it is rewritten.

// The functions that may lose their loop, found before anything changes.
@loop_fn depends on dax_file && patch@
identifier fn, P;
@@

fn(...) {
  <+... P = \(dax_layout_busy_page\|dax_layout_busy_page_range\)(...) ...+>
}

@inner depends on dax_file && patch@
identifier P, ERR, CB;
expression I;
position pb;
@@

  P = dax_layout_busy_page@pb(I->i_mapping);
  if (!P)
	return 0;
  ERR = ___wait_var_event(&P->_refcount,
	\(atomic_read(&P->_refcount) == 1\|page_ref_count(P) == 1\|dax_page_is_idle(P)\),
	TASK_INTERRUPTIBLE, 0, 0, CB(I));

@script:python depends on inner@
pb << inner.pb;
@@
busy_call(pb)

@loop depends on dax_file && patch@
identifier inner.ERR, inner.CB;
expression inner.I;
statement L;
position p : script:python(ERR) { target_has("6.15") and is_busy_loop(p, ERR) };
@@

- L@p
- return ERR;
+ return dax_break_layout_inode(I, CB);

@script:python depends on loop@
v << inner.P;
e << inner.ERR;
@@
dead_vars.update((v, e))

@inner_range depends on dax_file && patch@
identifier P, ERR, CB;
expression I, S, E;
position pb;
@@

  P = dax_layout_busy_page_range@pb(I->i_mapping, S, E);
  if (!P)
	return 0;
  ERR = ___wait_var_event(&P->_refcount,
	\(atomic_read(&P->_refcount) == 1\|page_ref_count(P) == 1\|dax_page_is_idle(P)\),
	TASK_INTERRUPTIBLE, 0, 0, CB(I));

@script:python depends on inner_range@
pb << inner_range.pb;
@@
busy_call(pb)

@loop_range depends on dax_file && patch@
identifier inner_range.ERR, inner_range.CB;
expression inner_range.I, inner_range.S, inner_range.E;
statement L;
position p : script:python(ERR) { target_has("6.15") and is_busy_loop(p, ERR) };
@@

- L@p
- return ERR;
+ return dax_break_layout(I, S, E, CB);

@script:python depends on loop_range@
v << inner_range.P;
e << inner_range.ERR;
@@
dead_vars.update((v, e))

// The loop's page and error variables are now unused.
@depends on loop || loop_range@
identifier loop_fn.fn;
identifier V : script:python() { V in dead_vars };
type T;
@@

fn(...) {
  ... when any
- T V;
  ... when != V
}

@busy depends on dax_file exists@
identifier fn;
expression P;
@@

fn(...) {
  ... when any
  P = \(dax_layout_busy_page\|dax_layout_busy_page_range\)(...);
  ... when any
}

@wait depends on dax_file && patch@
identifier busy.fn;
expression busy.P;
expression A, B, C, CMD;
position p : script:python() { target_has("6.15") };
@@

fn(...) {
  <...
  ___wait_var_event@p(
- &P->_refcount,
+ P,
- \(atomic_read(&P->_refcount) == 1\|page_ref_count(P) == 1\)
+ dax_page_is_idle(P)
  , A, B, C, CMD)
  ...>
}

@idle depends on dax_file && patch@
identifier busy.fn;
expression busy.P;
position p : script:python() { target_has("6.15") };
@@

fn(...) {
  <...
(
- atomic_read@p(&P->_refcount) == 1
+ dax_page_is_idle(P)
|
- page_ref_count@p(P) == 1
+ dax_page_is_idle(P)
|
- atomic_read@p(&P->_refcount) != 1
+ !dax_page_is_idle(P)
|
- page_ref_count@p(P) != 1
+ !dax_page_is_idle(P)
)
  ...>
}

// ---------------------------------------------------------------------
// Context, report, org.

@inner_site depends on dax_file && !patch@
identifier P, ERR, CB;
expression I, S, E;
position pb;
@@

(
  P = dax_layout_busy_page@pb(I->i_mapping);
|
  P = dax_layout_busy_page_range@pb(I->i_mapping, S, E);
)
  if (!P)
	return 0;
  ERR = ___wait_var_event(&P->_refcount,
	\(atomic_read(&P->_refcount) == 1\|page_ref_count(P) == 1\|dax_page_is_idle(P)\),
	TASK_INTERRUPTIBLE, 0, 0, CB(I));

@script:python depends on inner_site@
pb << inner_site.pb;
@@
busy_call(pb)

@loop_site depends on dax_file && !patch@
identifier inner_site.ERR;
statement L;
position lp : script:python(ERR) { target_has("6.15") and is_busy_loop(lp, ERR) };
@@

  L@lp
  return ERR;

@wait_site depends on dax_file && !patch exists@
identifier busy.fn;
expression busy.P;
position p : script:python() { target_has("6.15") };
position pl != inner_site.pb;
@@

fn(...) {
  ... when any
  P = \(dax_layout_busy_page@pl\|dax_layout_busy_page_range@pl\)(...);
  ... when any
  ___wait_var_event@p(&P->_refcount, ...)
  ... when any
}

// Idle tests inside a wait are reported with the wait or the loop.
@in_wait depends on dax_file && !patch@
expression A, B, C, D, E;
position pc;
@@

___wait_var_event(A, <+... \(atomic_read@pc\|page_ref_count@pc\)(...) ...+>, B, C, D, E)

@idle_test depends on dax_file && !patch@
identifier busy.fn;
expression busy.P;
binary operator OP = {==, !=};
position p != in_wait.pc;
position pt : script:python() { target_has("6.15") };
@@

fn(...) {
  <...
(
  atomic_read@p@pt(&P->_refcount) OP 1
|
  page_ref_count@p@pt(P) OP 1
)
  ...>
}

@evidence depends on dax_file@
identifier D =~ "^dax_";
position pe;
@@

\(D@pe(...) \| PFN_MAP@pe \| pfn_t_devmap@pe(...)\)

@script:python depends on dax_file@
pe << evidence.pe;
@@
dax_evidence(pe)

@insert depends on dax_file && !patch@
identifier I = {vmf_insert_pfn_pmd, vmf_insert_pfn_pud};
position p : script:python() { target_has("6.15") };
@@

I@p(...)

@depends on dax_file && context@
identifier P;
position any_p : script:python() { target_has("6.15") };
@@

(
* dax_layout_busy_page@any_p(...)
|
* dax_layout_busy_page_range@any_p(...)
|
* ___wait_var_event(&P->_refcount, ...)
)

@depends on dax_file && context@
identifier I = {vmf_insert_pfn_pmd, vmf_insert_pfn_pud};
position insert.p;
@@

* I@p(...)

@script:python depends on dax_file && report@
p << loop_site.lp;
@@
coccilib.report.print_report(p[0], message("dax-break-layout"))

@script:python depends on dax_file && report@
p << wait_site.p;
@@
coccilib.report.print_report(p[0], message("dax-wait-idle"))

@script:python depends on dax_file && report@
p << idle_test.p;
@@
coccilib.report.print_report(p[0], message("dax-idle-test"))

@script:python depends on dax_file && report@
p << insert.p;
i << insert.I;
@@
if is_dax_insert(p):
	coccilib.report.print_report(p[0], insert_message(i))

@script:python depends on dax_file && org@
p << loop_site.lp;
@@
cocci.print_main(message("dax-break-layout"), p)

@script:python depends on dax_file && org@
p << wait_site.p;
@@
cocci.print_main(message("dax-wait-idle"), p)

@script:python depends on dax_file && org@
p << idle_test.p;
@@
cocci.print_main(message("dax-idle-test"), p)

@script:python depends on dax_file && org@
p << insert.p;
i << insert.I;
@@
if is_dax_insert(p):
	cocci.print_main(insert_message(i), p)
