// SPDX-License-Identifier: GPL-2.0-only
///
/// Read a ZONE_DEVICE page's dev_pagemap with page_pgmap(), not page->pgmap.
///
/// Linux 6.15 ("mm: allow compound zone device pages") moved the pgmap
/// pointer from struct page to struct folio so that ZONE_DEVICE memory can
/// form large folios: a tail page's slot now holds compound_head.  Readers
/// use page_pgmap(page) (or folio->pgmap when they hold a folio), writers
/// store through the folio, as mm/mm_init.c does:
///
///   page->pgmap            ->  page_pgmap(page)
///   folio->page.pgmap      ->  folio->pgmap
///   page_pgmap(&folio->page), page_pgmap(folio_page(folio, 0))
///                          ->  folio->pgmap
///   page->pgmap = pgmap;   ->  page_folio(page)->pgmap = pgmap;
///
/// Only for targets 6.15 and later (see the target note below); older
/// targets keep page->pgmap and nothing is reported.
///
/// A page is recognised by its declared type (struct page *), by a call of
/// a function that returns one (pfn_to_page(), sg_page(), ...) or as a
/// "page" member dereferenced for its pgmap (vmf->page->pgmap).
///
// Subject: read the pgmap through page_pgmap() and folio->pgmap
// Confidence: High
// Copyright: (C) 2025 devmap-lint contributors
// Options: --no-includes --include-headers
// Keywords: pgmap, page_pgmap, ZONE_DEVICE, folio, dev_pagemap
// New-API: page_pgmap
//
// Target kernel: -D target=X.Y on the spatch command line (with make
// coccicheck: SPFLAGS="-D target=X.Y"), else $DEVMAP_LINT_TARGET, else
// 6.19.  See rules/devmap-folio.md for the API table.

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

MSG = {
	"pgmap-read": "page->pgmap moved to struct folio in 6.15 ('mm: allow "
		"compound zone device pages'): read it with page_pgmap(page) "
		"(MODE=patch does)",
	"pgmap-write": "page->pgmap moved to struct folio in 6.15: store it "
		"through the folio, page_folio(page)->pgmap = ..., as "
		"mm/mm_init.c does (MODE=patch does)",
	"pgmap-folio": "a folio has its own pgmap since 6.15: use folio->pgmap "
		"(MODE=patch does)",
}

def message(tag):
	return "WARNING: %s [%s]" % (MSG[tag], tag)

// Every rule depends on this one, so that spatch (--use-gitgrep) and
// scripts/devmap-cocci can tell which files are worth parsing.
@pgmap_file@
expression E;
@@

(
  E->pgmap
|
  E.pgmap
|
  page_pgmap(...)
)

@script:python depends on pgmap_file@
t << virtual.target;
@@
TARGET = version(t)

// ---------------------------------------------------------------------
// Patch.  Writes first: the left-hand side must not be taken for a read.

@pgmap_write depends on pgmap_file && patch@
struct page *P;
expression E, X;
identifier PF = {pfn_to_page, virt_to_page, phys_to_page, sg_page,
		 pfn_swap_entry_to_page, migrate_pfn_to_page, hmm_pfn_to_page,
		 device_private_entry_to_page, folio_page, compound_head,
		 nth_page};
expression list ES;
position p : script:python() { target_has("6.15") };
@@

(
- P@p->pgmap = X
+ page_folio(P)->pgmap = X
|
- PF@p(ES)->pgmap = X
+ page_folio(PF(ES))->pgmap = X
|
- E->page@p->pgmap = X
+ page_folio(E->page)->pgmap = X
)

@pgmap_folio depends on pgmap_file && patch@
struct folio *F;
identifier FF = {page_folio, pfn_folio, virt_to_folio};
expression list ES;
position p : script:python() { target_has("6.15") };
@@

(
- F@p->page.pgmap
+ F->pgmap
|
- page_pgmap@p(&F->page)
+ F->pgmap
|
- page_pgmap@p(folio_page(F, 0))
+ F->pgmap
|
- FF@p(ES)->page.pgmap
+ FF(ES)->pgmap
)

@pgmap_read depends on pgmap_file && patch@
struct page *P;
expression E;
identifier PF = {pfn_to_page, virt_to_page, phys_to_page, sg_page,
		 pfn_swap_entry_to_page, migrate_pfn_to_page, hmm_pfn_to_page,
		 device_private_entry_to_page, folio_page, compound_head,
		 nth_page};
expression list ES;
position p : script:python() { target_has("6.15") };
@@

(
- P@p->pgmap
+ page_pgmap(P)
|
- PF@p(ES)->pgmap
+ page_pgmap(PF(ES))
|
- E->page@p->pgmap
+ page_pgmap(E->page)
)

// ---------------------------------------------------------------------
// Context, report, org: the same sites, without rewriting them.

@w depends on pgmap_file && !patch@
struct page *P;
expression E, X;
identifier PF = {pfn_to_page, virt_to_page, phys_to_page, sg_page,
		 pfn_swap_entry_to_page, migrate_pfn_to_page, hmm_pfn_to_page,
		 device_private_entry_to_page, folio_page, compound_head,
		 nth_page};
position p : script:python() { target_has("6.15") };
@@

(
  P@p->pgmap = X
|
  PF@p(...)->pgmap = X
|
  E->page@p->pgmap = X
)

@f depends on pgmap_file && !patch@
struct folio *F;
identifier FF = {page_folio, pfn_folio, virt_to_folio};
position p : script:python() { target_has("6.15") };
@@

(
  F@p->page.pgmap
|
  page_pgmap@p(&F->page)
|
  page_pgmap@p(folio_page(F, 0))
|
  FF@p(...)->page.pgmap
)

@r depends on pgmap_file && !patch@
struct page *P;
expression E;
identifier PF = {pfn_to_page, virt_to_page, phys_to_page, sg_page,
		 pfn_swap_entry_to_page, migrate_pfn_to_page, hmm_pfn_to_page,
		 device_private_entry_to_page, folio_page, compound_head,
		 nth_page};
position p != w.p;
position p1 : script:python() { target_has("6.15") };
@@

(
  P@p@p1->pgmap
|
  PF@p@p1(...)->pgmap
|
  E->page@p@p1->pgmap
)

@depends on pgmap_file && context@
position any_p : script:python() { target_has("6.15") };
struct page *P;
struct folio *F;
expression E;
@@

(
* P@any_p->pgmap
|
* E->page@any_p->pgmap
|
* F@any_p->page.pgmap
|
* page_pgmap@any_p(&F->page)
)

@script:python depends on pgmap_file && report@
p << w.p;
@@
coccilib.report.print_report(p[0], message("pgmap-write"))

@script:python depends on pgmap_file && report@
p << r.p;
@@
coccilib.report.print_report(p[0], message("pgmap-read"))

@script:python depends on pgmap_file && report@
p << f.p;
@@
coccilib.report.print_report(p[0], message("pgmap-folio"))

@script:python depends on pgmap_file && org@
p << w.p;
@@
cocci.print_main(message("pgmap-write"), p)

@script:python depends on pgmap_file && org@
p << r.p;
@@
cocci.print_main(message("pgmap-read"), p)

@script:python depends on pgmap_file && org@
p << f.p;
@@
cocci.print_main(message("pgmap-folio"), p)
