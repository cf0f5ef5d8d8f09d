// SPDX-License-Identifier: GPL-2.0-only
///
/// Remove the callers of pte_devmap(), pmd_devmap(), pud_devmap() and of
/// pte_mkdevmap(), pmd_mkdevmap(), pud_mkdevmap().
///
/// ZONE_DEVICE pages are now refcounted like any other page (free at
/// refcount 0), so DAX PTEs/PMDs/PUDs are ordinary special or huge entries
/// and the devmap page-table bit is gone ("mm: Remove pXX_devmap page table
/// bit and pfn_t type").  A devmap test next to pXd_trans_huge(),
/// pXd_leaf(), pXd_huge() or pte_special() of the same entry is redundant and
/// is dropped, as upstream did; pXd_mkdevmap() becomes pXd_mkspecial().
/// Every other caller needs judgement and is reported with what upstream did
/// in that situation, and so are pfn_t_devmap(), PFN_DEV and PFN_MAP, which
/// only existed to create devmap entries and went away with pfn_t.
///
// Subject: remove pXX_devmap() callers
// Confidence: High
// Copyright: (C) 2025 devmap-lint contributors
// Options: --no-includes --include-headers
// Keywords: pte_devmap, pmd_devmap, pud_devmap, pte_mkdevmap, pmd_mkdevmap, pud_mkdevmap, pfn_t_devmap, PFN_DEV, PFN_MAP, ZONE_DEVICE, DAX
//
// How it works: the "Looking" rules only look (they run in every mode) and
// hand the position of each devmap call to python, which files it under one
// class (first class wins: definition, self-test, redundant, branch, narrow,
// uncovered, other).  Patch mode rewrites the "redundant" class and pXd_mkdevmap() in
// one rule, then folds the pfn_t_devmap() branch that can leave; report and
// org print one message per call, its class in brackets; context mode stars
// every call.
//
// Only pmd_mkspecial()/pud_mkspecial() need the tree to have them (Linux
// 6.11 and later).  The tree is found through $srctree (set by kbuild) or
// the current directory; a tree whose include/linux/mm.h lacks them gets
// a [nospecial] report instead of a patch that would not compile.
// DEVMAP_LINT_PXD_SPECIAL=yes|no overrides the detection.

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
import os
import re

# The tests that, after the series, are true for every former devmap entry
# of the same level: DAX PMDs/PUDs are huge leaf entries, DAX PTEs are
# special (or normal refcounted pages, which vm_normal_page() returns).
COVERED_BY = {
	"pmd_devmap": ("pmd_trans_huge", "pmd_leaf", "pmd_huge"),
	"pud_devmap": ("pud_trans_huge", "pud_leaf", "pud_huge"),
	"pte_devmap": ("pte_special",),
}

def covers(devmap, companion):
	return companion in COVERED_BY.get(devmap, ())

def kernel_tree():
	"""The kernel tree being checked, or None (a lone file, a fixture)."""
	for cand in (os.environ.get("srctree"), os.getcwd()):
		if cand and os.path.isfile(os.path.join(cand, "include/linux/mm.h")):
			return cand
	return None

def detect_pxd_special():
	"""Does the tree define pmd_mkspecial() and pud_mkspecial()?"""
	forced = os.environ.get("DEVMAP_LINT_PXD_SPECIAL", "")
	if forced in ("yes", "no"):
		return forced == "yes"
	tree = kernel_tree()
	if tree is None:
		return True	# no tree to ask: assume a current kernel
	with open(os.path.join(tree, "include/linux/mm.h"), errors="replace") as f:
		text = f.read()
	return all(re.search(r"\b%s\b" % name, text)
		   for name in ("pmd_mkspecial", "pud_mkspecial"))

HAVE_PXD_SPECIAL = detect_pxd_special()

# Class of each devmap call, keyed by (file, line, column); first one wins.
site_class = {}
# For the "definition" class: the devmap helper the call is in.
helper_of = {}

def is_devmap_helper(name):
	"""Is NAME one of the devmap helpers that go away with the bit: the
	generic pte/pmd/pud_devmap() and pXd_mkdevmap(), pfn_t_devmap(), and
	an architecture's variants of them (powerpc's radix__pmd_mkdevmap(),
	hash__pud_mkdevmap()...)?"""
	return re.search(r"(^|_)((pte|pmd|pud)_(mk)?devmap|pfn_t_devmap)$", name) is not None

def key(p):
	return (p[0].file, p[0].line, p[0].column)

def mark(p, cls):
	site_class.setdefault(key(p), cls)

def is_redundant(p):
	return site_class.get(key(p)) == "redundant"

def may_mkspecial(p, level):
	"""May pXd_mkdevmap() at p become pXd_mkspecial()?  Not inside a
	self-test or a devmap helper's own definition, and pmd/pud only where
	the tree has pXd_mkspecial()."""
	if site_class.get(key(p)) in ("selftest", "definition"):
		return False
	return level == "pte" or HAVE_PXD_SPECIAL

UPSTREAM = {
	"redundant": "is redundant: another test of the same entry in this "
		"condition covers DAX entries now; drop it as upstream did "
		"(MODE=patch does)",
	"selftest": "tests the devmap bit itself: upstream deleted these "
		"tests from mm/debug_vm_pgtable.c together with the bit",
	"branch": "is the whole test: upstream deleted most such branches and "
		"assertions (gup.c, memory.c, khugepaged.c, vmscan.c: the "
		"generic THP/special path handles DAX now) and replaced a few "
		"with pXd_trans_huge() or pXd_leaf() (memory-failure.c)",
	"narrow": "narrows the condition to devmap entries: upstream used "
		"vma_is_dax() where DAX still needs its own path (hmm.c, "
		"userfaultfd.c), dropped the term (memory-failure.c) or deleted "
		"the branch (gup.c, follow_devmap_pXd())",
	"uncovered": "has no pXd_trans_huge()/pXd_leaf()/pte_special() test "
		"of the same entry beside it: upstream dropped the term only "
		"where one was, and used vma_is_dax() elsewhere",
	"other": "is a devmap test: the bit is gone upstream; pXd_trans_huge() "
		"(PMD/PUD) "
		"and pte_special() or vm_normal_page() (PTE) cover devmap "
		"entries now",
}

PFN_UPSTREAM = {
	"pfn_t_devmap": "pfn_t_devmap() is gone with pfn_t: upstream maps "
		"these pfns as special entries unconditionally (insert_pfn(), "
		"insert_pfn_pmd/pud(): pXd_mkspecial()) and dropped the checks "
		"(vm_mixed_ok(), __vm_insert_mixed(), vmf_insert_pfn_pmd/pud() "
		"BUG_ON, dax_iomap_direct_access())",
	"PFN_DEV": "PFN_DEV is gone with pfn_t: DAX pfns always have a "
		"ZONE_DEVICE page now, and vmf_insert_mixed()/vmf_insert_pfn() "
		"make a pte_special() mapping without it; upstream dropped the "
		"flag and passes the raw pfn",
	"PFN_MAP": "PFN_MAP is gone with pfn_t: ZONE_DEVICE pages are "
		"refcounted now and upstream inserts them as pages or folios "
		"(vmf_insert_page_mkwrite(), vmf_insert_folio_pmd/pud())",
}

def definition_message(p, name):
	return ("WARNING: %s is inside %s(), a devmap helper that goes away "
		"with the bit: upstream deleted such helpers (and their "
		"architecture variants) instead of rewriting them; remove the helper "
		"once nothing calls it (MODE=patch leaves it as it is) "
		"[definition]" % (name, helper_of[key(p)]))

def pfn_message(p, name):
	if site_class.get(key(p)) == "definition":
		return definition_message(p, name)
	return "WARNING: %s [%s]" % (PFN_UPSTREAM[name], name)

def devmap_message(p, name):
	cls = site_class.get(key(p), "other")
	if cls == "definition":
		return definition_message(p, name + "()")
	return "WARNING: %s() %s [%s]" % (name, UPSTREAM[cls], cls)

def mkdevmap_message(p, name):
	if key(p) in site_class:	# inside pXd_devmap(): a self-test
		return devmap_message(p, name)
	special = name.replace("mkdevmap", "mkspecial")
	if name != "pte_mkdevmap" and not HAVE_PXD_SPECIAL:
		return ("WARNING: %s(): upstream made the entry %s(), which this "
			"tree lacks (added in Linux 6.11); backport pmd/pud "
			"special support first [nospecial]" % (name, special))
	return ("WARNING: %s() is gone upstream: use %s() (MODE=patch does) "
		"[mkspecial]" % (name, special))

// ---------------------------------------------------------------------
// Every rule below depends on this one, so that spatch can compute which
// files are worth parsing (with --use-gitgrep, as in the kernel's
// .cocciconfig) instead of parsing the whole directory.  The names must be
// spelled out here: spatch derives no grep query from identifier sets.

@devmap_file@
@@

(
  pte_devmap(...) \| pmd_devmap(...) \| pud_devmap(...)
|
  pte_mkdevmap(...) \| pmd_mkdevmap(...) \| pud_mkdevmap(...)
|
  pfn_t_devmap(...) \| PFN_DEV \| PFN_MAP
)

// ---------------------------------------------------------------------
// Looking: the devmap helpers' own definitions (riscv builds pmd_mkdevmap()
// from pte_mkdevmap(), powerpc pmd_devmap() from pte_devmap()).  Rewriting
// one would change what the helper does for every caller; upstream deleted
// them with the bit.  First, so that no other class claims their calls.

@definition depends on devmap_file@
identifier H : script:python() { is_devmap_helper(H) };
identifier D = {pte_devmap, pmd_devmap, pud_devmap,
		pte_mkdevmap, pmd_mkdevmap, pud_mkdevmap, pfn_t_devmap};
type T;
position p;
@@

T H(...) { <+... D@p(...) ...+> }

@definition_flag depends on devmap_file@
identifier H : script:python() { is_devmap_helper(H) };
identifier F = {PFN_DEV, PFN_MAP};
type T;
position p;
@@

T H(...) { <+... F@p ...+> }

@script:python depends on devmap_file@
p << definition.p;
h << definition.H;
@@
mark(p, "definition")
helper_of[key(p)] = h

@script:python depends on devmap_file@
p << definition_flag.p;
h << definition_flag.H;
@@
mark(p, "definition")
helper_of[key(p)] = h

// ---------------------------------------------------------------------
// Looking: self-tests pXd_devmap(pXd_mkdevmap(x)) stay as they are.

@selftest depends on devmap_file@
identifier D = {pte_devmap, pmd_devmap, pud_devmap};
identifier M = {pte_mkdevmap, pmd_mkdevmap, pud_mkdevmap};
expression E;
position pd, pm;
@@

D@pd(M@pm(E))

@script:python depends on devmap_file@
pd << selftest.pd;
pm << selftest.pm;
@@
mark(pd, "selftest")
mark(pm, "selftest")

// ---------------------------------------------------------------------
// Looking: a companion test covers a devmap term only when it is itself a
// term of the condition.  Negated, under && (for an || chain; under || for
// an && chain), an argument of a call or an arm of ?: it does not.

@bad_or depends on devmap_file@
identifier C = {pmd_trans_huge, pmd_leaf, pmd_huge,
		pud_trans_huge, pud_leaf, pud_huge, pte_special};
identifier F;
expression E, X, Y;
position pc;
@@

(
  !C@pc(E)
|
  X && C@pc(E)
|
  C@pc(E) && X
|
  F(..., C@pc(E), ...)
|
  X ? C@pc(E) : Y
|
  X ? Y : C@pc(E)
)

@bad_and depends on devmap_file@
identifier C = {pmd_trans_huge, pmd_leaf, pmd_huge,
		pud_trans_huge, pud_leaf, pud_huge, pte_special,
		vm_normal_page};
identifier F;
expression E, X, Y;
position pc;
@@

(
  X || !C@pc(..., E)
|
  !C@pc(..., E) || X
|
  F(..., !C@pc(..., E), ...)
|
  X ? !C@pc(..., E) : Y
|
  X ? Y : !C@pc(..., E)
)

// ---------------------------------------------------------------------
// Looking: devmap terms in a form the patch can drop.  || is
// left-associative and spatch has no AC matching, so a term is either the
// right operand of an || (last or middle of a chain) or the left one (first
// of a chain); "(pXd_present(x) && pXd_devmap(x))" is one term.

@drop_or depends on devmap_file@
identifier D = {pte_devmap, pmd_devmap, pud_devmap};
identifier P = {pte_present, pmd_present, pud_present};
expression X, E;
position pd;
@@

(
  X || D@pd(E)
|
  D@pd(E) || X
|
  X || (P(E) && D@pd(E))
|
  (P(E) && D@pd(E)) || X
)

@drop_and depends on devmap_file@
identifier D = {pte_devmap, pmd_devmap, pud_devmap};
expression X, E;
position pd;
@@

(
  X && !D@pd(E)
|
  !D@pd(E) && X
)

// ---------------------------------------------------------------------
// Looking: which of those the same condition covers.  A devmap term can be
// dropped when a covering test of the same entry is on the other side of
// an || above it (for "!pXd_devmap(x)": a negated covering test across an
// &&): whenever the devmap test is true, that side decides the result.
// The first operand is in parentheses only because SmPL cannot start an
// expression with <+... ...+>; the paren isomorphism matches code without.

@cover_or depends on devmap_file@
identifier drop_or.D;
identifier C : script:python (D) { covers(D, C) };
expression drop_or.E;
position drop_or.pd;
position pc != bad_or.pc;
position p;
@@

(
  (<+... D@pd@p(E) ...+>) || <+... C@pc(E) ...+>
|
  (<+... C@pc(E) ...+>) || <+... D@pd@p(E) ...+>
)

@cover_and depends on devmap_file@
identifier drop_and.D;
identifier C : script:python (D) { covers(D, C) };
expression drop_and.E;
position drop_and.pd;
position pc != bad_and.pc;
position p;
@@

(
  (<+... !D@pd@p(E) ...+>) && <+... !C@pc(E) ...+>
|
  (<+... !C@pc(E) ...+>) && <+... !D@pd@p(E) ...+>
)

// !vm_normal_page(vma, addr, pte) && !pte_devmap(pte): refcounted DAX
// pages are normal pages now, so vm_normal_page() covers them (mm/hmm.c).
@cover_and_pte depends on devmap_file@
expression drop_and.E;
position drop_and.pd;
position pc != bad_and.pc;
position p;
@@

(
  (<+... !pte_devmap@pd@p(E) ...+>) && <+... !vm_normal_page@pc(..., E) ...+>
|
  (<+... !vm_normal_page@pc(..., E) ...+>) && <+... !pte_devmap@pd@p(E) ...+>
)

@script:python depends on devmap_file@
p << cover_or.p;
@@
mark(p, "redundant")

@script:python depends on devmap_file@
p << cover_and.p;
@@
mark(p, "redundant")

@script:python depends on devmap_file@
p << cover_and_pte.p;
@@
mark(p, "redundant")

// ---------------------------------------------------------------------
// Patch: drop the covered terms, keeping the rest of the condition as it
// was written (the whole operator is replaced, so no "||" or ")" is left
// alone on a line), and turn pXd_mkdevmap() into pXd_mkspecial().
//
// This must be ONE rule: after a rule modifies a function spatch reparses
// it, and the positions python recorded above no longer name its tokens.

@depends on devmap_file && patch@
identifier D = {pte_devmap, pmd_devmap, pud_devmap};
identifier P = {pte_present, pmd_present, pud_present};
identifier C;
expression X, E;
expression list ES;
position p : script:python() { is_redundant(p) };
position pm : script:python() { may_mkspecial(pm, "pte") };
position pxm : script:python() { may_mkspecial(pxm, "pmd/pud") };
@@

(
// "!(pmd_trans_huge(x) || pmd_devmap(x))" loses its parentheses too.
- !(C(ES) || D@p(E))
+ !C(ES)
|
- !(D@p(E) || C(ES))
+ !C(ES)
|
- X || D@p(E)
+ X
|
- D@p(E) || X
+ X
|
- X || (P(E) && D@p(E))
+ X
|
- (P(E) && D@p(E)) || X
+ X
|
- X && !D@p(E)
+ X
|
- !D@p(E) && X
+ X
|
- pte_mkdevmap@pm(E)
+ pte_mkspecial(E)
|
- pmd_mkdevmap@pxm(E)
+ pmd_mkspecial(E)
|
- pud_mkdevmap@pxm(E)
+ pud_mkspecial(E)
)

// After that, "if (pfn_t_devmap(pfn)) x = pte_mkspecial(a); else
// x = pte_mkspecial(a);" has two equal branches: keep one, as upstream.

@depends on devmap_file && patch@
identifier S = {pte_mkspecial, pmd_mkspecial, pud_mkspecial};
expression P, X, A;
@@

- if (pfn_t_devmap(P))
-	X = S(A);
- else
	X = S(A);

// ---------------------------------------------------------------------
// Report, org: classify what is left (first class wins), then print.

@branch depends on devmap_file && !patch@
identifier D = {pte_devmap, pmd_devmap, pud_devmap};
identifier W = {likely, unlikely, WARN_ON, WARN_ON_ONCE, VM_WARN_ON,
		VM_WARN_ON_ONCE, VM_BUG_ON, BUG_ON};
expression E;
position p;
statement S1, S2;
@@

(
  if (\( D@p(E) \| !D@p(E) \| W(D@p(E)) \| W(!D@p(E)) \)) S1 else S2
|
  if (\( D@p(E) \| !D@p(E) \| W(D@p(E)) \| W(!D@p(E)) \)) S1
|
  W(\( D@p(E) \| !D@p(E) \));
)

@script:python depends on devmap_file@
p << branch.p;
@@
mark(p, "branch")

@narrow depends on devmap_file && !patch@
identifier D = {pte_devmap, pmd_devmap, pud_devmap};
expression E, X;
position p;
@@

(
  X && D@p(E)
|
  D@p(E) && X
|
  X || !D@p(E)
|
  !D@p(E) || X
)

@script:python depends on devmap_file@
p << narrow.p;
@@
mark(p, "narrow")

@script:python depends on devmap_file@
p << drop_or.pd;
@@
mark(p, "uncovered")

@script:python depends on devmap_file@
p << drop_and.pd;
@@
mark(p, "uncovered")

@site depends on devmap_file && !patch@
identifier D = {pte_devmap, pmd_devmap, pud_devmap};
position p;
@@

D@p(...)

@mksite depends on devmap_file && !patch@
identifier M = {pte_mkdevmap, pmd_mkdevmap, pud_mkdevmap};
position p;
@@

M@p(...)

@depends on devmap_file && context@
identifier D = {pte_devmap, pmd_devmap, pud_devmap,
		pte_mkdevmap, pmd_mkdevmap, pud_mkdevmap};
@@

* D(...)

@script:python depends on devmap_file && report@
p << site.p;
d << site.D;
@@
coccilib.report.print_report(p[0], devmap_message(p, d))

@script:python depends on devmap_file && report@
p << mksite.p;
m << mksite.M;
@@
coccilib.report.print_report(p[0], mkdevmap_message(p, m))

@script:python depends on devmap_file && org@
p << site.p;
d << site.D;
@@
cocci.print_main(devmap_message(p, d), p)

@script:python depends on devmap_file && org@
p << mksite.p;
m << mksite.M;
@@
cocci.print_main(mkdevmap_message(p, m), p)

// ---------------------------------------------------------------------
// pfn_t_devmap(), PFN_DEV, PFN_MAP: report only.

@pfn_t depends on devmap_file && !patch@
position p;
expression E;
@@

pfn_t_devmap@p(E)

@flag depends on devmap_file && !patch@
identifier F = {PFN_DEV, PFN_MAP};
position p;
@@

F@p

@depends on devmap_file && context@
identifier F = {PFN_DEV, PFN_MAP};
expression E;
@@

(
* pfn_t_devmap(E)
|
* F
)

@script:python depends on devmap_file && report@
p << pfn_t.p;
@@
coccilib.report.print_report(p[0], pfn_message(p, "pfn_t_devmap"))

@script:python depends on devmap_file && report@
p << flag.p;
f << flag.F;
@@
coccilib.report.print_report(p[0], pfn_message(p, f))

@script:python depends on devmap_file && org@
p << pfn_t.p;
@@
cocci.print_main(pfn_message(p, "pfn_t_devmap"), p)

@script:python depends on devmap_file && org@
p << flag.p;
f << flag.F;
@@
cocci.print_main(pfn_message(p, f), p)
