#!/usr/bin/env bash
# pgmap-ref on the real Linux trees (6.1 and 6.12), each against its
# reviewed record in testsrc/realtree/VERSION/:
#   pgmap-ref.files     every file that calls get/put_dev_pagemap()
#   pgmap-ref.sites     every call in them, with its verdict
#   pgmap-ref.expected  the exact output of check
#   pgmap-ref.helpers   the static helpers that hand a reference to their
#                       callers (the engine's summaries), and their calls
source "$(dirname "$0")/lib.bash"
top_tmp=$(mktemp -d); trap 'rm -rf "$top_tmp"' EXIT

# 6-7 on the logs of the run just made ($tmp/work): the summaries and the
# functions analysed are the reviewed ones.
check_analysed() {
# 6. The static helpers summarised as handing a reference to their callers
#    are exactly the reviewed ones, and grep finds exactly the reviewed
#    lines for their names (the definitions and every call).
awk '!/^#/ && $2 == "helper" {print $3}' $record.helpers | sort -u > $tmp/recorded-helpers
cat $tmp/work/out/*.log | awk '$1 == "pgmap-ref-stats" && $(NF-1) == "hands-over" {print $3}' |
	sort -u > $tmp/summarised-helpers
compare "$kv: the static helpers that hand a reference to their callers are reviewed in $record.helpers" \
	$tmp/recorded-helpers $tmp/summarised-helpers
helpers=$(paste -sd'|' $tmp/recorded-helpers)
if [ -n "$helpers" ]; then
	(cd "$tree" && grep -nE "\b($helpers)\(" $files | grep -vE "$comment" | cut -d: -f1,2) |
		sort > $tmp/grep-helper-sites
else
	: > $tmp/grep-helper-sites
fi
grep -v '^#' $record.helpers | awk '{print $1}' | sort > $tmp/recorded-helper-sites
compare "$kv: every definition and call of those helpers is reviewed in $record.helpers" \
	$tmp/grep-helper-sites $tmp/recorded-helper-sites

# 7. Clean means analysed: every function of the records (a get or put, or
#    a call of a summarised helper) was checked to the end, none skipped
#    past the rule's bounds, and no other function was analysed.
grep -hv '^#' $record.sites $record.helpers | awk '{print $3}' | sort -u > $tmp/recorded-functions
cat $tmp/work/out/*.log | awk '$1 == "pgmap-ref-stats" && $NF == "checked" {print $3}' |
	sort -u > $tmp/checked-functions
compare "$kv: every function of $record.sites and $record.helpers was analysed" $tmp/recorded-functions $tmp/checked-functions
skipped=$(cat $tmp/work/out/*.log | awk '$1 == "pgmap-ref-stats" && $NF == "skipped" {print $2 ":" $3}')
[ -z "$skipped" ] && pass "$kv: no function skipped past the bounds" || fail "$kv: skipped: $skipped"
}

check_version() {
kv=$1
tree=$(kernel_tree $kv)
record=testsrc/realtree/$kv/pgmap-ref
tmp=$top_tmp/$kv; mkdir -p $tmp

calls='\b(get|put)_dev_pagemap\('
# A comment line (" * get_dev_pagemap() - ..."), not "*pgmap = get_dev_pagemap(...)".
comment='^[^:]*:[0-9]+:\s*(\*\s|\*$|\*/|/\*)'

# 1-2. The findings, exactly; every file checked cleanly.  The rule prints
#      one line per function it analysed when DEVMAP_LINT_PGMAP_REF_STATS
#      is set (kept in the logs, used by 6. below).
realtree_run pgmap-ref $record DEVMAP_LINT_PGMAP_REF_STATS=1

# 3. The file set is complete: no other C file of the tree calls the pair.
(cd "$tree" && grep -rnE --include='*.c' "$calls" . | grep -vE "$comment" |
	cut -d: -f1 | sed 's|^\./||' | sort -u) > $tmp/grep-files
echo "$files" | sort > $tmp/recorded-files
compare "$kv: every C file of the tree that calls get/put_dev_pagemap() is in $record.files" \
	$tmp/recorded-files $tmp/grep-files

# 4. The record covers every call: each one grep finds has a reviewed verdict.
(cd "$tree" && grep -nE "$calls" $files | grep -vE "$comment" | cut -d: -f1,2) | sort > $tmp/grep-sites
grep -v '^#' $record.sites | awk '{print $1}' | sort > $tmp/recorded-sites
compare "$kv: every get/put_dev_pagemap() call of the file set is reviewed in $record.sites" \
	$tmp/grep-sites $tmp/recorded-sites

# 5. The sites recorded as "fire" are exactly the warnings' lines.
realtree_fire_sites $record

check_analysed
}

# The clang-built 6.12 tree (scripts/kernel-tree --version 6.12 --llvm):
# check runs the libclang engine there (the same rule, plugin/ir-pgmap-ref.c,
# on the CFG clang-cfg.c builds from the cursors); its findings, the helpers
# it summarises and the functions it analyses must be the GCC-built tree's
# record, exactly.  DEVMAP_LINT_LLVM_TREE: another clang-configured 6.12 tree.
check_llvm() {
realtree_llvm_run pgmap-ref DEVMAP_LINT_PGMAP_REF_STATS=1 || return
files=$(grep -v '^#' "$record.files")
check_analysed
}

for v in $(realtree_versions); do check_version $v; done
case " $(realtree_versions) " in *" 6.12 "*) check_llvm ;; esac
