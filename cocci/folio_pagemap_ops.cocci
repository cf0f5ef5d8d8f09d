// SPDX-License-Identifier: GPL-2.0-only
///
/// Convert ZONE_DEVICE drivers to the folio callbacks and initialisers of
/// Linux 6.19: dev_pagemap_ops .page_free becomes .folio_free, and
/// zone_device_page_init(page) takes the page's dev_pagemap and order.
///
/// "mm/zone_device: rename page_free callback to folio_free" (6.19) changed
/// the callback to void (*folio_free)(struct folio *folio).  As upstream
/// did in every driver, the implementation takes the folio and keeps its
/// body by declaring the page it used to get:
///
///   static void drv_page_free(struct page *page)    ->  drv_folio_free(
///   {                                                     struct folio *folio)
///                                                     {
///                                                     struct page *page =
///                                                           &folio->page;
///   .page_free = drv_page_free,                     ->  .folio_free =
///                                                           drv_folio_free,
///
/// (a name containing "page_free" gets "folio_free"; other names stay).
/// A direct call of the callback (one callback calling another, an error
/// path) is renamed with it and passed page_folio(page), or the folio
/// itself for &folio->page; a callback whose name is used in any other
/// way (its address stored elsewhere) is left as it is and reported.
/// The core's own calls, pgmap->ops->page_free(page), become
/// pgmap->ops->folio_free(folio).
///
/// "mm/zone_device: support large zone device private folios" (6.19)
/// added an order, and "mm/zone_device: reinitialize large zone device
/// private folios" (6.19-rc) the dev_pagemap, to the initialisers:
///
///   zone_device_page_init(page)         ->  zone_device_page_init(page,
///                                               page_pgmap(page), 0)
///   zone_device_page_init(&folio->page) ->  zone_device_folio_init(folio,
///                                               folio->pgmap, 0)
///
/// page_pgmap(page) is what upstream passed for order-0 pages (amdkfd,
/// drm_pagemap); a driver that knows its dev_pagemap may pass that instead,
/// and one that builds large folios must pass the order: both are reported.
///
// Subject: convert dev_pagemap_ops.page_free to folio_free
// Confidence: Moderate
// Copyright: (C) 2025 devmap-lint contributors
// Options: --no-includes --include-headers
// Keywords: page_free, folio_free, dev_pagemap_ops, zone_device_page_init, zone_device_folio_init, ZONE_DEVICE, DEVICE_PRIVATE
// New-API: zone_device_folio_init
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

def folio_free_name(name):
	return name.replace("page_free", "folio_free")

MSG = {
	"folio-free": "dev_pagemap_ops.page_free became .folio_free(struct "
		"folio *) in 6.19 ('mm/zone_device: rename page_free callback "
		"to folio_free'): MODE=patch converts the callback and this "
		"initializer",
	"folio-free-init-manual": "dev_pagemap_ops.page_free became "
		".folio_free(struct folio *) in 6.19: its callback needs "
		"converting by hand (see there), then this initializer",
	"folio-free-cb": "%s() implements .page_free: 6.19 passes it a "
		"struct folio * (MODE=patch converts it to %s(struct folio "
		"*folio) with page = &folio->page)",
	"folio-free-manual": "%s() implements .page_free and already uses "
		"the name 'folio': convert it to .folio_free(struct folio *) "
		"by hand (6.19)",
	"folio-free-ref": "%s() is a .page_free callback, which 6.19 turns "
		"into %s(struct folio *): this other use needs a folio",
	"folio-free-direct-call": "%s() is a .page_free callback also "
		"called directly: MODE=patch renames this call with the "
		"callback and passes the page's folio, %s(page_folio(page))",
	"folio-free-kept": "%s() implements .page_free but is also used "
		"other than as a callback or a direct call (see there): "
		"MODE=patch leaves it as it is; convert it and that use to "
		".folio_free(struct folio *) by hand (6.19)",
	"folio-free-addr": "%s() implements .page_free and is used here "
		"other than as a call: 6.19 passes it a struct folio *, which "
		"patch mode cannot give this use; the callback is left as it "
		"is (convert both by hand)",
	"folio-free-call": "the core calls ops->folio_free(folio) since 6.19 "
		"(MODE=patch does)",
	"zone-device-init": "zone_device_page_init() takes the dev_pagemap "
		"and an order since 6.19 ('mm/zone_device: reinitialize large "
		"zone device private folios'): MODE=patch passes "
		"page_pgmap(page) and order 0, as upstream did for order-0 "
		"pages; pass the driver's own dev_pagemap if it has one, and "
		"use zone_device_folio_init(folio, pgmap, order) for a large "
		"folio",
	"zone-device-folio-init": "zone_device_page_init(&folio->page) "
		"becomes zone_device_folio_init(folio, folio->pgmap, 0) in "
		"6.19 (MODE=patch does); pass the order if the folio is large",
	"definition": "%s() is defined here: upstream %s",
}

DEFINED = {
	"zone_device_page_init": "gave it (struct page *, struct dev_pagemap "
		"*, unsigned int order) and added zone_device_folio_init() in "
		"6.19",
}

def message(tag, *args):
	return "WARNING: %s [%s]" % (MSG[tag] % args, tag)

// Every rule depends on these two, so that spatch (--use-gitgrep) and
// scripts/devmap-cocci can tell which files are worth parsing.  A file
// whose only trace is a designated initializer (.page_free = fn, as
// drivers/pci/p2pdma.c of 6.2-6.18) has no page_free expression: the
// initializer is a gate of its own.
@ops_file@
expression E;
@@

(
  zone_device_page_init(...)
|
  E.page_free
|
  E->page_free
)

@ops_init@
identifier O, FN;
@@

struct dev_pagemap_ops O = {
  .page_free = FN,
};

// One gate for the rules below: spatch derives its grep query (which
// files are worth parsing) from a single dependency, not from "a || b".
@script:python ops_gate depends on ops_file || ops_init@
@@
pass

@script:python depends on ops_gate@
t << virtual.target;
@@
TARGET = version(t)

// ---------------------------------------------------------------------
// Looking: the .page_free callbacks, and those that would clash with the
// new parameter's name.

@ops depends on ops_gate@
identifier O, FN;
position p : script:python() { target_has("6.19") };
position pf;
@@

struct dev_pagemap_ops O = {
  .page_free@p = FN@pf,
};

@clash depends on ops_gate exists@
identifier ops.FN, P;
identifier FV = {folio};
type T;
@@

FN(struct page *P) {
  ... when any
(
  T FV;
|
  T FV = ...;
|
  FV
)
  ... when any
}

// Where else the callback's name is used.  A direct call (one callback
// calling another, an error path) is renamed with the callback and passed
// the page's folio; any other use (the address stored elsewhere, passed
// on, compared) would need a struct folio * that patch mode cannot know:
// then the callback is left alone and reported.

@cb_site depends on ops_gate@
identifier ops.FN, P;
position p;
@@

FN@p(struct page *P) { ... }

@cb_decl depends on ops_gate@
identifier ops.FN, P;
position p;
@@

void FN@p(struct page *P);

@direct_call depends on ops_gate@
identifier ops.FN;
position p;
@@

FN@p(...)

@addr_ref depends on ops_gate@
identifier ops.FN;
position p != {ops.pf, cb_site.p, cb_decl.p, direct_call.p};
@@

FN@p

// ---------------------------------------------------------------------
// Patch, targets 6.19 and later.

@cb depends on ops_gate && patch && !clash && !addr_ref@
identifier ops.FN, P;
fresh identifier FN2 = script:python(FN) { folio_free_name(FN) };
@@

- void FN(struct page *P)
+ void FN2(struct folio *folio)
  {
+ struct page *P = &folio->page;
  ...
  }

@depends on ops_gate && patch && !clash && !addr_ref@
identifier ops.FN, P;
fresh identifier FN2 = script:python(FN) { folio_free_name(FN) };
@@

- void FN(struct page *P);
+ void FN2(struct folio *folio);

@depends on ops_gate && patch && cb@
identifier ops.O, ops.FN;
fresh identifier FN2 = script:python(FN) { folio_free_name(FN) };
@@

struct dev_pagemap_ops O = {
  .
- page_free
+ folio_free
  =
- FN
+ FN2
  ,
};

@depends on ops_gate && patch && cb@
identifier ops.FN;
fresh identifier FN2 = script:python(FN) { folio_free_name(FN) };
struct folio *F;
expression P;
@@

(
- FN(\(&F->page\|folio_page(F, 0)\))
+ FN2(F)
|
- FN(P)
+ FN2(page_folio(P))
)

@core_call depends on ops_gate && patch@
expression E, P;
struct folio *F;
position p : script:python() { target_has("6.19") };
@@

(
- E->ops->page_free@p(\(&F->page\|folio_page(F, 0)\))
+ E->ops->folio_free(F)
|
- E->ops->page_free@p(P)
+ E->ops->folio_free(page_folio(P))
|
- E->ops->page_free@p
+ E->ops->folio_free
)

@init depends on ops_gate && patch@
struct folio *F;
expression P;
position p : script:python() { target_has("6.19") };
@@

(
- zone_device_page_init@p(\(&F->page\|folio_page(F, 0)\))
+ zone_device_folio_init(F, F->pgmap, 0)
|
- zone_device_page_init@p(P)
+ zone_device_page_init(P, page_pgmap(P), 0)
)

// ---------------------------------------------------------------------
// Context, report, org.

@call_site depends on ops_gate && !patch@
expression E;
position p : script:python() { target_has("6.19") };
@@

E->ops->page_free@p

@init_site depends on ops_gate && !patch@
struct folio *F;
position p : script:python() { target_has("6.19") };
@@

zone_device_page_init@p(\(&F->page\|folio_page(F, 0)\))

@init_page_site depends on ops_gate && !patch@
position p != init_site.p;
position p1 : script:python() { target_has("6.19") };
@@

zone_device_page_init@p@p1(...)

@def depends on ops_gate && !patch@
identifier FN = {zone_device_page_init};
position p : script:python() { target_has("6.19") };
@@

FN@p(...) { ... }

@depends on ops_gate && context@
identifier ops.FN, P;
@@

* FN(struct page *P) { ... }

@depends on ops_gate && context@
expression E;
position any_p : script:python() { target_has("6.19") };
@@

(
* E->ops->page_free@any_p
|
* zone_device_page_init@any_p(...)
)

@depends on ops_gate && context@
identifier ops.O, ops.FN;
@@

struct dev_pagemap_ops O = {
*  .page_free = FN,
};

@script:python depends on ops_gate && report && !clash && !addr_ref@
p << ops.p;
@@
coccilib.report.print_report(p[0], message("folio-free"))

@script:python depends on ops_gate && report && (clash || addr_ref)@
p << ops.p;
@@
coccilib.report.print_report(p[0], message("folio-free-init-manual"))

@script:python depends on ops_gate && report && !clash && !addr_ref@
p << cb_site.p;
fn << ops.FN;
@@
coccilib.report.print_report(p[0], message("folio-free-cb", fn, folio_free_name(fn)))

@script:python depends on ops_gate && report && clash@
p << cb_site.p;
fn << ops.FN;
@@
coccilib.report.print_report(p[0], message("folio-free-manual", fn))

@script:python depends on ops_gate && report && addr_ref && !clash@
p << cb_site.p;
fn << ops.FN;
@@
coccilib.report.print_report(p[0], message("folio-free-kept", fn))

@script:python depends on ops_gate && report && !clash && !addr_ref@
p << direct_call.p;
fn << ops.FN;
@@
coccilib.report.print_report(p[0], message("folio-free-direct-call", fn, folio_free_name(fn)))

@script:python depends on ops_gate && report && (clash || addr_ref)@
p << direct_call.p;
fn << ops.FN;
@@
coccilib.report.print_report(p[0], message("folio-free-ref", fn, folio_free_name(fn)))

@script:python depends on ops_gate && report@
p << addr_ref.p;
fn << ops.FN;
@@
coccilib.report.print_report(p[0], message("folio-free-addr", fn))

@script:python depends on ops_gate && report@
p << call_site.p;
@@
coccilib.report.print_report(p[0], message("folio-free-call"))

@script:python depends on ops_gate && report@
p << init_site.p;
@@
coccilib.report.print_report(p[0], message("zone-device-folio-init"))

@script:python depends on ops_gate && report@
p << init_page_site.p;
@@
coccilib.report.print_report(p[0], message("zone-device-init"))

@script:python depends on ops_gate && report@
p << def.p;
fn << def.FN;
@@
coccilib.report.print_report(p[0], message("definition", fn, DEFINED[fn]))

@script:python depends on ops_gate && org && !clash && !addr_ref@
p << ops.p;
@@
cocci.print_main(message("folio-free"), p)

@script:python depends on ops_gate && org && (clash || addr_ref)@
p << ops.p;
@@
cocci.print_main(message("folio-free-init-manual"), p)

@script:python depends on ops_gate && org && !clash && !addr_ref@
p << cb_site.p;
fn << ops.FN;
@@
cocci.print_main(message("folio-free-cb", fn, folio_free_name(fn)), p)

@script:python depends on ops_gate && org && clash@
p << cb_site.p;
fn << ops.FN;
@@
cocci.print_main(message("folio-free-manual", fn), p)

@script:python depends on ops_gate && org && addr_ref && !clash@
p << cb_site.p;
fn << ops.FN;
@@
cocci.print_main(message("folio-free-kept", fn), p)

@script:python depends on ops_gate && org && !clash && !addr_ref@
p << direct_call.p;
fn << ops.FN;
@@
cocci.print_main(message("folio-free-direct-call", fn, folio_free_name(fn)), p)

@script:python depends on ops_gate && org && (clash || addr_ref)@
p << direct_call.p;
fn << ops.FN;
@@
cocci.print_main(message("folio-free-ref", fn, folio_free_name(fn)), p)

@script:python depends on ops_gate && org@
p << addr_ref.p;
fn << ops.FN;
@@
cocci.print_main(message("folio-free-addr", fn), p)

@script:python depends on ops_gate && org@
p << call_site.p;
@@
cocci.print_main(message("folio-free-call"), p)

@script:python depends on ops_gate && org@
p << init_site.p;
@@
cocci.print_main(message("zone-device-folio-init"), p)

@script:python depends on ops_gate && org@
p << init_page_site.p;
@@
cocci.print_main(message("zone-device-init"), p)

@script:python depends on ops_gate && org@
p << def.p;
fn << def.FN;
@@
cocci.print_main(message("definition", fn, DEFINED[fn]), p)
