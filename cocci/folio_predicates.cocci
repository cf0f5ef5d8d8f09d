// SPDX-License-Identifier: GPL-2.0-only
///
/// Use the folio form of ZONE_DEVICE predicates and refcount accessors
/// when the code holds a folio and passes its page.
///
/// Code half-way through the folio conversion still writes
/// is_device_private_page(&folio->page) or page_ref_count(&folio->page);
/// the folio helpers say the same directly:
///
///   is_zone_device_page(&folio->page)     ->  folio_is_zone_device(folio)
///   is_device_private_page(&folio->page)  ->  folio_is_device_private(folio)
///   is_device_coherent_page(&folio->page) ->  folio_is_device_coherent(folio)
///   is_fsdax_page(&folio->page)           ->  folio_is_fsdax(folio)      6.15
///   is_pci_p2pdma_page(&folio->page)      ->  folio_is_pci_p2pdma(folio) 6.19
///   page_ref_count(&folio->page),
///   page_count(&folio->page)              ->  folio_ref_count(folio)
///   set_page_count(&folio->page, v)       ->  folio_set_count(folio, v)
///   page_ref_{add,sub,inc,dec}(&folio->page, ...) and their _return and
///   _and_test forms                       ->  folio_ref_*(folio, ...)
///   get_page(&folio->page)                ->  folio_get(folio)
///   put_page(&folio->page)                ->  folio_put(folio)           6.15
///   page_to_pfn(&folio->page)             ->  folio_pfn(folio)
///
/// folio_page(folio, 0) counts as &folio->page.  The folio helpers that
/// exist in every supported target apply always; the others from the
/// version in the last column.  put_page() is converted only from 6.15:
/// before it, put_page() also ran the devmap-managed put that folio_put()
/// skips.
///
// Subject: use the folio helpers on folios
// Requires: folio
// Confidence: High
// Copyright: (C) 2025 devmap-lint contributors
// Options: --no-includes --include-headers
// Keywords: folio_is_zone_device, folio_is_device_private, folio_ref_count, folio_get, folio_put, ZONE_DEVICE, folio
// New-API: folio_is_zone_device folio_is_device_private folio_is_device_coherent folio_is_fsdax folio_is_pci_p2pdma
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

# page helper: (folio helper, first target that has the folio helper
# and where it means the same; None: every supported target).
FOLIO_OF = {
	"is_zone_device_page": ("folio_is_zone_device", None),
	"is_device_private_page": ("folio_is_device_private", None),
	"is_device_coherent_page": ("folio_is_device_coherent", None),
	"is_fsdax_page": ("folio_is_fsdax", "6.15"),
	"is_pci_p2pdma_page": ("folio_is_pci_p2pdma", "6.19"),
	"page_ref_count": ("folio_ref_count", None),
	"page_count": ("folio_ref_count", None),
	"set_page_count": ("folio_set_count", None),
	"page_ref_add": ("folio_ref_add", None),
	"page_ref_sub": ("folio_ref_sub", None),
	"page_ref_inc": ("folio_ref_inc", None),
	"page_ref_dec": ("folio_ref_dec", None),
	"page_ref_sub_and_test": ("folio_ref_sub_and_test", None),
	"page_ref_dec_and_test": ("folio_ref_dec_and_test", None),
	"page_ref_inc_return": ("folio_ref_inc_return", None),
	"page_ref_dec_return": ("folio_ref_dec_return", None),
	"get_page": ("folio_get", None),
	"put_page": ("folio_put", "6.15"),
	"page_to_pfn": ("folio_pfn", None),
}

def converts(name):
	if name not in FOLIO_OF:
		return False
	since = FOLIO_OF[name][1]
	return since is None or target_has(since)

def folio_of(name):
	return FOLIO_OF[name][0]

def message(name):
	new, since = FOLIO_OF[name]
	when = " (the target has it since %s)" % since if since else ""
	return ("WARNING: %s(&folio->page) is %s(folio)%s (MODE=patch does) "
		"[folio-helper]" % (name, new, when))

// Every rule depends on this one, so that spatch (--use-gitgrep) and
// scripts/devmap-cocci can tell which files are worth parsing.  The
// names must be spelled out: spatch derives no grep query from the
// identifier constraints below.
@pred_file@
@@

(
  is_zone_device_page(...) \| is_device_private_page(...) \|
  is_device_coherent_page(...) \| is_fsdax_page(...) \|
  is_pci_p2pdma_page(...)
|
  page_ref_count(...) \| page_count(...) \| set_page_count(...) \|
  page_ref_add(...) \| page_ref_sub(...) \| page_ref_inc(...) \|
  page_ref_dec(...) \| page_ref_sub_and_test(...) \|
  page_ref_dec_and_test(...) \| page_ref_inc_return(...) \|
  page_ref_dec_return(...)
|
  get_page(...) \| put_page(...) \| page_to_pfn(...)
)

@script:python depends on pred_file@
t << virtual.target;
@@
TARGET = version(t)

@depends on pred_file && patch@
struct folio *F;
identifier PF : script:python() { converts(PF) };
fresh identifier FF = script:python(PF) { folio_of(PF) };
expression list ES;
@@

(
- PF(&F->page, ES)
+ FF(F, ES)
|
- PF(folio_page(F, 0), ES)
+ FF(F, ES)
)

@site depends on pred_file && !patch@
struct folio *F;
identifier PF : script:python() { converts(PF) };
expression list ES;
position p;
@@

PF@p(\(&F->page\|folio_page(F, 0)\), ES)

@depends on pred_file && context@
struct folio *F;
identifier PF : script:python() { converts(PF) };
expression list ES;
@@

* PF(\(&F->page\|folio_page(F, 0)\), ES)

@script:python depends on pred_file && report@
p << site.p;
pf << site.PF;
@@
coccilib.report.print_report(p[0], message(pf))

@script:python depends on pred_file && org@
p << site.p;
pf << site.PF;
@@
cocci.print_main(message(pf), p)
