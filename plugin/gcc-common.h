/*
 * gcc-common.h - the GCC internals devmap-lint uses, in one place.
 *
 * Like the kernel's scripts/gcc-plugins/gcc-common.h, but only what this
 * plugin needs, for the GCC versions it supports (12 and later).
 */
#ifndef DEVMAP_LINT_GCC_COMMON_H
#define DEVMAP_LINT_GCC_COMMON_H

#include "gcc-plugin.h"
#include "config.h"
#include "system.h"
#include "coretypes.h"
#include "backend.h"
#include "tree.h"
#include "gimple.h"
#include "tree-pass.h"
#include "context.h"
#include "function.h"
#include "basic-block.h"
#include "cfg.h"
#include "dominance.h"
#include "gimple-iterator.h"
#include "gimple-pretty-print.h"
#include "tree-pretty-print.h"
#include "ssa.h"
#include "stringpool.h"
#include "tree-ssanames.h"
#include "diagnostic.h"
#include "diagnostic-core.h"
#include "gcc-rich-location.h"
#include "langhooks.h"
#include "intl.h"
#include "print-tree.h"
#include "hash-map.h"
#include "hash-set.h"
#include "attribs.h"
#include "stor-layout.h"
#include "cgraph.h"
#include "cfgloop.h"
#include "tree-cfg.h"
#include "tree-dfa.h"
#include "cpplib.h"

#endif
