#!/usr/bin/env bash
# refcount-one on the real Linux trees (6.1 and 6.12, and the clang-built
# 6.12 tree through the libclang engine), each against its reviewed record
# in testsrc/realtree/VERSION/:
#   refcount-one.files     the file set
#   refcount-one.sites     every refcount-vs-1 site in the file set, with
#                          its verdict
#   refcount-one.expected  the exact output of check
source "$(dirname "$0")/lib.bash"
top_tmp=$(mktemp -d); trap 'rm -rf "$top_tmp"' EXIT

check_version() {
kv=$1
tree=$(kernel_tree $kv)
record=testsrc/realtree/$kv/refcount-one
tmp=$top_tmp/$kv; mkdir -p $tmp

# 1-2. The findings, exactly; every file checked cleanly.
realtree_run refcount-one $record

# 3. The record covers every site: each refcount read compared with 1 or 2,
#    or set to 1, found by grep in the file set, has a reviewed verdict.
readers='page_count|page_ref_count|folio_ref_count|folio_count|page_ref_(add|sub|inc|dec)_return|folio_ref_(add|sub|inc|dec)_return|atomic_read\(&[a-z_>.-]*_refcount\)|set_page_count|folio_set_count|init_page_count|set_page_refcounted'
(cd "$tree" && grep -nE "($readers)" $files | grep -E "[=!<>]=? *[12]\b|\b[12] *[=!<>]|, *1\)|init_page_count|set_page_refcounted" |
	grep -v '^\S*:[0-9]*:\s*\*' | cut -d: -f1,2) | sort > $tmp/grep-sites
grep -v '^#' $record.sites | awk '{print $1}' | sort > $tmp/recorded-sites
compare "$kv: every refcount-vs-1 site of the file set is reviewed in $record.sites" $tmp/grep-sites $tmp/recorded-sites

# 4. The sites recorded as "fire" are exactly the warnings' lines.
realtree_fire_sites $record

# 5. Every warning carries a note saying why the page is ZONE_DEVICE.
awk '/: warning: /{if (w && !n) bad++; w=1; n=0; next} /: note: .*(comes from|holds on this path|pgmap is used)/{n=1} END{if (w && !n) bad++; print bad+0}' $tmp/actual > $tmp/bad
[ "$(cat $tmp/bad)" = 0 ] && pass "$kv: every warning explains why the page is ZONE_DEVICE" || fail "$kv: $(cat $tmp/bad) warning(s) without a ZONE_DEVICE note"
}

# The clang-built 6.12 tree (make LLVM=1, scripts/kernel-tree --version 6.12
# --llvm): check runs the libclang engine there, and its findings must be
# the GCC-built tree's record, exactly - the same sources, and the rule's
# judgement is one piece of code (plugin/ir-refcount-one.c).  Differences
# between the engines are listed in rules/refcount-one.md.
# DEVMAP_LINT_LLVM_TREE: another clang-configured 6.12 tree (a copy).
check_llvm() {
realtree_llvm_run refcount-one || return
}

for v in $(realtree_versions); do check_version $v; done
case " $(realtree_versions) " in *" 6.12 "*) check_llvm ;; esac
