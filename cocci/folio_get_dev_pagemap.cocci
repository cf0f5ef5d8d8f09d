// SPDX-License-Identifier: GPL-2.0-only
///
/// Drop get_dev_pagemap()'s second argument for targets 6.18 and later.
///
/// "mm/memremap: Remove unused get_dev_pagemap() parameter" (6.18) removed
/// the cached-pgmap argument once GUP, its only user, stopped taking pgmap
/// references ("mm/gup: Remove dead pgmap refcounting code"):
///
///   get_dev_pagemap(pfn, NULL)   ->  get_dev_pagemap(pfn)
///
/// A call that passes a cached dev_pagemap relied on get_dev_pagemap()
/// returning it as is, or dropping its reference when the pfn is outside
/// it; that is reported, not rewritten: drop the cache (put_dev_pagemap()
/// the old one yourself) or, as GUP did, the pgmap reference altogether.
///
// Subject: drop the NULL pgmap argument of get_dev_pagemap()
// Confidence: High
// Copyright: (C) 2025 devmap-lint contributors
// Options: --no-includes --include-headers
// Keywords: get_dev_pagemap, put_dev_pagemap, dev_pagemap, ZONE_DEVICE
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
	"get-dev-pagemap": "get_dev_pagemap() lost its pgmap argument in "
		"6.18 ('mm/memremap: Remove unused get_dev_pagemap() "
		"parameter') (MODE=patch drops the NULL)",
	"get-dev-pagemap-cached": "get_dev_pagemap() lost its cached pgmap "
		"argument in 6.18: it no longer returns the cached pgmap or "
		"drops its reference for you; put_dev_pagemap() the old one "
		"and call get_dev_pagemap(pfn), or drop the pgmap reference "
		"altogether as GUP did ('mm/gup: Remove dead pgmap refcounting "
		"code')",
	"definition": "get_dev_pagemap() is defined here: upstream removed "
		"its pgmap parameter and the cached-pgmap fast path in 6.18",
}

def message(tag):
	return "WARNING: %s [%s]" % (MSG[tag], tag)

// Every rule depends on this one, so that spatch (--use-gitgrep) and
// scripts/devmap-cocci can tell which files are worth parsing.
@gdp_file@
@@

get_dev_pagemap(...)

@script:python depends on gdp_file@
t << virtual.target;
@@
TARGET = version(t)

@depends on gdp_file && patch@
expression PFN;
position p : script:python() { target_has("6.18") };
@@

  get_dev_pagemap@p(PFN
- , \(NULL\|0\)
  )

@null depends on gdp_file && !patch@
expression PFN;
position p : script:python() { target_has("6.18") };
@@

get_dev_pagemap@p(PFN, \(NULL\|0\))

@cached depends on gdp_file && !patch@
expression PFN, X;
position p != null.p;
position p1 : script:python() { target_has("6.18") };
@@

get_dev_pagemap@p@p1(PFN, X)

@def depends on gdp_file && !patch@
position p : script:python() { target_has("6.18") };
@@

get_dev_pagemap@p(...) { ... }

@depends on gdp_file && context@
expression PFN, X;
position any_p : script:python() { target_has("6.18") };
@@

* get_dev_pagemap@any_p(PFN, X)

@script:python depends on gdp_file && report@
p << null.p;
@@
coccilib.report.print_report(p[0], message("get-dev-pagemap"))

@script:python depends on gdp_file && report@
p << cached.p;
@@
coccilib.report.print_report(p[0], message("get-dev-pagemap-cached"))

@script:python depends on gdp_file && report@
p << def.p;
@@
coccilib.report.print_report(p[0], message("definition"))

@script:python depends on gdp_file && org@
p << null.p;
@@
cocci.print_main(message("get-dev-pagemap"), p)

@script:python depends on gdp_file && org@
p << cached.p;
@@
cocci.print_main(message("get-dev-pagemap-cached"), p)

@script:python depends on gdp_file && org@
p << def.p;
@@
cocci.print_main(message("definition"), p)
