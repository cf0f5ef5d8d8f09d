#!/usr/bin/env bash
# The plugin over every .c file the configured Linux 6.1 and 6.12 trees
# build in mm/ and fs/: no internal compiler error, no compile failure, and
# every object byte-identical with and without the plugin (it only analyses).
source "$(dirname "$0")/lib.bash"
top_tmp=$(mktemp -d); trap 'rm -rf "$top_tmp"' EXIT

check_version() {
kv=$1
tree=$(kernel_tree $kv)
tmp=$top_tmp/$kv; mkdir -p $tmp

DEVMAP_LINT_WORK=$tmp/work DEVMAP_LINT_COMPARE=1 \
	scripts/devmap-lint check --tree "$tree" mm/ fs/ > $tmp/findings 2> $tmp/stderr
rc=$?
out=$tmp/work/out
n=$(ls $out/*.status 2>/dev/null | wc -l)
# Every object kbuild built in mm/ and fs/ was checked (built-in and modules).
built=$(cd "$tree" && find mm fs -name '*.o' ! -name '*.mod.o' ! -name 'built-in*' | while read -r o; do
	[ -f "${o%.o}.c" ] && echo "$o"; done | wc -l)
if [ "$n" -ge 300 ] && [ "$n" -eq "$built" ]; then
	pass "$kv mm/ and fs/: all $n built .c files checked"
else
	fail "$kv mm/ and fs/: $n files checked, $built objects built from .c files"
fi
[ $rc -le 1 ] && pass "$kv: check completed (exit $rc)" || { fail "$kv: check exited $rc"; tail -20 $tmp/stderr; }

ice=$(grep -l 'internal compiler error' $out/*.log 2>/dev/null | wc -l)
[ "$ice" -eq 0 ] && pass "$kv: no internal compiler error in $n files" || fail "$kv: $ice file(s) with an internal compiler error"

bad=$(grep -L '^0$' $out/*.status 2>/dev/null | sed 's|.*/||; s|\.status$||; s|%|/|g')
[ -z "$bad" ] && pass "$kv: every file compiles with the plugin" || fail "$kv: compiler failed with the plugin on: $bad"

same=$(grep -l '^identical$' $out/*.compare 2>/dev/null | wc -l)
diff=$(grep -l '^DIFFERENT$' $out/*.compare 2>/dev/null | sed 's|.*/||; s|\.compare$||; s|%|/|g')
if [ -z "$diff" ] && [ "$same" -eq "$n" ]; then
	pass "$kv: all $same objects byte-identical with and without the plugin"
else
	fail "$kv: objects differ with the plugin ($same identical of $n): $diff"
fi
}

for v in $(realtree_versions); do check_version $v; done
