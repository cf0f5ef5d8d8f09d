// SPDX-License-Identifier: GPL-2.0-only
///
/// Convert the devmap-managed puts and free_zone_device_page() to the
/// target kernel's folio API.
///
/// Linux 6.10 turned put_devmap_managed_page_refs(page, refs) into
/// put_devmap_managed_folio_refs(folio, refs) ("mm: convert
/// put_devmap_managed_page_refs() to put_devmap_managed_folio_refs()"),
/// removed put_devmap_managed_page() ("mm: remove put_devmap_managed_page()")
/// and made free_zone_device_page(page) free_zone_device_folio(folio).
/// Linux 6.15 ("fs/dax: Properly refcount fs dax pages") frees FS DAX pages
/// at refcount 0 like every other page, so the devmap-managed put is gone:
///
///   if (!put_devmap_managed_folio_refs(folio, refs))
///           folio_put_refs(folio, refs);        ->  folio_put_refs(folio, refs);
///   if (put_devmap_managed_page(page))
///           return;                             ->  (removed: the put that
///   folio_put(folio);                                follows does the work)
///
/// Any other use of the devmap-managed puts needs a human and is reported,
/// with what the plain put is.  For targets 6.10 to 6.14 the calls are
/// converted to put_devmap_managed_folio_refs() instead.
///
// Subject: drop the devmap-managed page put special cases
// Confidence: High
// Copyright: (C) 2025 devmap-lint contributors
// Options: --no-includes --include-headers
// Keywords: put_devmap_managed_page, put_devmap_managed_page_refs, put_devmap_managed_folio_refs, free_zone_device_page, free_zone_device_folio, ZONE_DEVICE, FS DAX
// New-API: free_zone_device_folio put_devmap_managed_folio_refs
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

def folio_refs_era():
	"""put_devmap_managed_folio_refs() exists: 6.10 to 6.14."""
	return target_has("6.10") and not target_has("6.15")

MSG = {
	"devmap-put": "the devmap-managed put is gone since 6.15 ('fs/dax: "
		"Properly refcount fs dax pages'): FS DAX pages are freed at "
		"refcount 0, so the plain put that follows does it "
		"(MODE=patch drops the test)",
	"devmap-put-other": "%s() is gone since 6.15: ZONE_DEVICE pages are "
		"freed at refcount 0; replace it by the plain put "
		"(folio_put_refs(folio, refs) / put_page(page)) and drop what "
		"only ran for devmap-managed pages",
	"devmap-put-folio": "%s() became put_devmap_managed_folio_refs(folio, "
		"refs) in 6.10 (MODE=patch does)",
	"free-zone-device": "free_zone_device_page(page) became "
		"free_zone_device_folio(folio) in 6.10 (MODE=patch does)",
	"definition": "%s() is defined here: upstream %s",
}

# The definitions reported (never rewritten): name -> (the first target
# on which it is out of date, what upstream did).
DEFINED = {
	"free_zone_device_page": ("6.10", "made it "
		"free_zone_device_folio(struct folio *) in 6.10"),
	"__put_devmap_managed_page_refs": ("6.10", "made it "
		"__put_devmap_managed_folio_refs() in 6.10 and deleted it in "
		"6.15; FS DAX waiters are woken from free_zone_device_folio()"),
	# Linux 6.10 to 6.14 (mm/memremap.c); current on those targets.
	"__put_devmap_managed_folio_refs": ("6.15", "deleted it in 6.15; "
		"FS DAX waiters are woken from free_zone_device_folio()"),
}

def defined_stale(fn):
	"""Is the definition of fn (a DEFINED name) gone on the target?"""
	return target_has(DEFINED[fn][0])

def message(tag, *args):
	return "WARNING: %s [%s]" % (MSG[tag] % args, tag)

// Every rule depends on this one, so that spatch (--use-gitgrep) and
// scripts/devmap-cocci can tell which files are worth parsing.
@put_file@
@@

(
  put_devmap_managed_page(...)
|
  put_devmap_managed_page_refs(...)
|
  put_devmap_managed_folio_refs(...)
|
  free_zone_device_page(...)
)

// The definitions, where the file has no call (mm/memremap.c).
@put_def@
@@

free_zone_device_page(...) { ... }

@put_def_refs@
@@

__put_devmap_managed_page_refs(...) { ... }

@put_def_folio_refs@
@@

__put_devmap_managed_folio_refs(...) { ... }

@script:python depends on put_file || put_def || put_def_refs || put_def_folio_refs@
t << virtual.target;
@@
TARGET = version(t)

// ---------------------------------------------------------------------
// Patch, targets 6.15 and later: the devmap-managed test goes, the plain
// put stays.  A folio's page is written &folio->page or folio_page(folio, 0).

@drop_put depends on (put_file || put_def || put_def_refs || put_def_folio_refs) && patch@
struct folio *F;
expression P, R;
statement S;
position p : script:python() { target_has("6.15") };
@@

(
- if (!put_devmap_managed_folio_refs@p(F, R))
	folio_put_refs(F, R);
|
- if (!put_devmap_managed_page_refs@p(\(&F->page\|folio_page(F, 0)\), R))
	folio_put_refs(F, R);
|
- if (!put_devmap_managed_page@p(\(&F->page\|folio_page(F, 0)\)))
	folio_put(F);
|
- if (!put_devmap_managed_page@p(P))
	put_page(P);
|
- if (!put_devmap_managed_page_refs@p(P, R))
	page_ref_sub(P, R);
|
- if (put_devmap_managed_page@p(\(&F->page\|folio_page(F, 0)\)))
-	\(return; \| continue; \)
  \(folio_put(F); \| if (folio_put_testzero(F)) S \| if (folio_ref_dec_and_test(F)) S \)
|
- if (put_devmap_managed_page@p(P))
-	\(return; \| continue; \)
  \(put_page(P); \| folio_put(page_folio(P)); \| if (put_page_testzero(P)) S \)
|
- if (put_devmap_managed_folio_refs@p(F, R))
-	\(return; \| continue; \)
  \(folio_put_refs(F, R); \| if (folio_ref_sub_and_test(F, R)) S \| folio_put(F); \| if (folio_put_testzero(F)) S \)
|
- if (put_devmap_managed_page_refs@p(\(&F->page\|folio_page(F, 0)\), R))
-	\(return; \| continue; \)
  \(folio_put_refs(F, R); \| if (folio_ref_sub_and_test(F, R)) S \)
)

// Patch, targets 6.10 to 6.14: the folio form of the devmap-managed put.

@to_folio_refs depends on (put_file || put_def || put_def_refs || put_def_folio_refs) && patch@
struct folio *F;
expression P, R;
position p : script:python() { folio_refs_era() };
@@

(
- put_devmap_managed_page_refs@p(\(&F->page\|folio_page(F, 0)\), R)
+ put_devmap_managed_folio_refs(F, R)
|
- put_devmap_managed_page_refs@p(P, R)
+ put_devmap_managed_folio_refs(page_folio(P), R)
|
- put_devmap_managed_page@p(\(&F->page\|folio_page(F, 0)\))
+ put_devmap_managed_folio_refs(F, 1)
|
- put_devmap_managed_page@p(P)
+ put_devmap_managed_folio_refs(page_folio(P), 1)
)

// Patch, targets 6.10 and later: free_zone_device_folio().

@to_free_folio depends on (put_file || put_def || put_def_refs || put_def_folio_refs) && patch@
struct folio *F;
expression P;
position p : script:python() { target_has("6.10") };
@@

(
- free_zone_device_page@p(\(&F->page\|folio_page(F, 0)\))
+ free_zone_device_folio(F)
|
- free_zone_device_page@p(P)
+ free_zone_device_folio(page_folio(P))
)

// ---------------------------------------------------------------------
// Context, report, org.  "dropped": what patch mode removes (6.15+);
// "other": every other devmap-managed put (6.15+); "folio_refs": what
// patch mode converts for 6.10 to 6.14.

@dropped depends on (put_file || put_def || put_def_refs || put_def_folio_refs) && !patch@
struct folio *F;
expression P, R;
statement S;
position p : script:python() { target_has("6.15") };
@@

(
  if (!put_devmap_managed_folio_refs@p(F, R))
	folio_put_refs(F, R);
|
  if (!put_devmap_managed_page_refs@p(\(&F->page\|folio_page(F, 0)\), R))
	folio_put_refs(F, R);
|
  if (!put_devmap_managed_page@p(\(&F->page\|folio_page(F, 0)\)))
	folio_put(F);
|
  if (!put_devmap_managed_page@p(P))
	put_page(P);
|
  if (!put_devmap_managed_page_refs@p(P, R))
	page_ref_sub(P, R);
|
  if (put_devmap_managed_page@p(\(&F->page\|folio_page(F, 0)\)))
	\(return; \| continue; \)
  \(folio_put(F); \| if (folio_put_testzero(F)) S \| if (folio_ref_dec_and_test(F)) S \)
|
  if (put_devmap_managed_page@p(P))
	\(return; \| continue; \)
  \(put_page(P); \| folio_put(page_folio(P)); \| if (put_page_testzero(P)) S \)
|
  if (put_devmap_managed_folio_refs@p(F, R))
	\(return; \| continue; \)
  \(folio_put_refs(F, R); \| if (folio_ref_sub_and_test(F, R)) S \| folio_put(F); \| if (folio_put_testzero(F)) S \)
|
  if (put_devmap_managed_page_refs@p(\(&F->page\|folio_page(F, 0)\), R))
	\(return; \| continue; \)
  \(folio_put_refs(F, R); \| if (folio_ref_sub_and_test(F, R)) S \)
)

@other depends on (put_file || put_def || put_def_refs || put_def_folio_refs) && !patch@
identifier PUT = {put_devmap_managed_page, put_devmap_managed_page_refs,
		  put_devmap_managed_folio_refs};
position p != dropped.p;
position p1 : script:python() { target_has("6.15") };
@@

PUT@p@p1(...)

@folio_refs depends on (put_file || put_def || put_def_refs || put_def_folio_refs) && !patch@
identifier PUT = {put_devmap_managed_page, put_devmap_managed_page_refs};
position p : script:python() { folio_refs_era() };
@@

PUT@p(...)

@free_page depends on (put_file || put_def || put_def_refs || put_def_folio_refs) && !patch@
position p : script:python() { target_has("6.10") };
@@

free_zone_device_page@p(...)

@def depends on (put_def || put_def_refs || put_def_folio_refs) && !patch@
identifier FN = {free_zone_device_page, __put_devmap_managed_page_refs,
		 __put_devmap_managed_folio_refs};
position p : script:python(FN) { defined_stale(FN) };
@@

FN@p(...) { ... }

@depends on (put_file || put_def || put_def_refs || put_def_folio_refs) && context@
identifier PUT = {put_devmap_managed_page, put_devmap_managed_page_refs,
		  put_devmap_managed_folio_refs, free_zone_device_page};
position any_p : script:python() { target_has("6.10") };
@@

* PUT@any_p(...)

// The definitions report mode reports ([definition]).
@depends on def && context@
identifier def.FN;
position def.p;
@@

* FN@p(...)
  { ... }

@script:python depends on (put_file || put_def || put_def_refs || put_def_folio_refs) && report@
p << dropped.p;
@@
coccilib.report.print_report(p[0], message("devmap-put"))

@script:python depends on (put_file || put_def || put_def_refs || put_def_folio_refs) && report@
p << other.p;
fn << other.PUT;
@@
coccilib.report.print_report(p[0], message("devmap-put-other", fn))

@script:python depends on (put_file || put_def || put_def_refs || put_def_folio_refs) && report@
p << folio_refs.p;
fn << folio_refs.PUT;
@@
coccilib.report.print_report(p[0], message("devmap-put-folio", fn))

@script:python depends on (put_file || put_def || put_def_refs || put_def_folio_refs) && report@
p << free_page.p;
@@
coccilib.report.print_report(p[0], message("free-zone-device"))

@script:python depends on (put_file || put_def || put_def_refs || put_def_folio_refs) && report@
p << def.p;
fn << def.FN;
@@
coccilib.report.print_report(p[0], message("definition", fn, DEFINED[fn][1]))

@script:python depends on (put_file || put_def || put_def_refs || put_def_folio_refs) && org@
p << dropped.p;
@@
cocci.print_main(message("devmap-put"), p)

@script:python depends on (put_file || put_def || put_def_refs || put_def_folio_refs) && org@
p << other.p;
fn << other.PUT;
@@
cocci.print_main(message("devmap-put-other", fn), p)

@script:python depends on (put_file || put_def || put_def_refs || put_def_folio_refs) && org@
p << folio_refs.p;
fn << folio_refs.PUT;
@@
cocci.print_main(message("devmap-put-folio", fn), p)

@script:python depends on (put_file || put_def || put_def_refs || put_def_folio_refs) && org@
p << free_page.p;
@@
cocci.print_main(message("free-zone-device"), p)

@script:python depends on (put_file || put_def || put_def_refs || put_def_folio_refs) && org@
p << def.p;
fn << def.FN;
@@
cocci.print_main(message("definition", fn, DEFINED[fn][1]), p)
