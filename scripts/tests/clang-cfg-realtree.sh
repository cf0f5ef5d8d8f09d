#!/usr/bin/env bash
# The libclang engine's control-flow graph (plugin/clang-cfg.c) on the
# clang-built Linux 6.12 tree (scripts/kernel-tree --version 6.12 --llvm, or
# DEVMAP_LINT_LLVM_TREE), on the files pgmap-ref will be ported for: every
# function of each file parsed with the file's real clang flags, without a
# crash, every invariant of --check-cfg holding, and the counts (functions,
# blocks, blocks unreachable from the entry, blocks without a way to the
# exit, for statements whose clauses were guessed) as recorded below; then
# the invariants on every other object of mm/ and fs/ the tree has a
# record of (no counts: which objects the cached tree has built may change).
#
# The flags are kbuild's record of the object (DIR/.NAME.o.cmd), handed over
# as the kbuild CHECK= wrapper gets them (scripts/devmap-lint-clang-cc:
# kbuild_cc_args drops the dependency file and -Werror); no make runs in the
# tree.  The cached clang tree holds only the objects some command built:
# when mm/memory_hotplug.o has no record yet, its flags are mm/memremap.o's
# with the object's name replaced (same directory, so the same flags but
# KBUILD_BASENAME/KBUILD_MODNAME and the file names; the counts below were
# the same with both).
source "$(dirname "$0")/lib.bash"
kbuild_prog=clang-cfg-realtree
source scripts/kbuild.bash
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
tool=$top/build/devmap-lint-clang
[ -x "$tool" ] || { fail "$tool is missing (make)"; exit 0; }
tree=${DEVMAP_LINT_LLVM_TREE:-$(scripts/kernel-tree --version 6.12 --llvm 2>$tmp/kt.err)} ||
	{ fail "no clang-built 6.12 tree: scripts/kernel-tree --version 6.12 --llvm: $(tail -3 $tmp/kt.err | tr '\n' '|')"; exit 0; }

# FILE  FUNCTIONS BLOCKS UNREACHABLE NOEXIT GUESSED-FORS
# gup.c's fault_in_writeable() and fault_in_readable() have 8 asm gotos each
# (unsafe_put_user(..., out), unsafe_get_user(..., out): one per access size).
# The guessed for statements of memory-failure.c are for_each_process()'s
# (init and condition, no increment: the guess is right for them).
expected="
mm/memremap.c		20 324 20 0 0
mm/gup.c		83 1391 29 0 0
mm/hmm.c		16 180 0 0 0
mm/memory-failure.c	73 972 17 0 3
mm/memory_hotplug.c	81 1061 159 0 0
fs/dax.c		68 891 36 0 0
"

# The flags kbuild recorded for SRC's object (in the array ARGS), or 1.
record_args() {
	local src=$1 dir base cmdfile cmd from=
	dir=$(dirname "$src") base=$(basename "$src" .c)
	cmdfile=$tree/$dir/.$base.o.cmd
	if [ ! -f "$cmdfile" ] && [ "$src" = mm/memory_hotplug.c ]; then
		cmdfile=$tree/mm/.memremap.o.cmd from=memremap
	fi
	[ -f "$cmdfile" ] || return 1
	cmd=$(sed -n '1s/^\(saved\)\{0,1\}cmd_[^ ]* := //p' "$cmdfile")
	[ -n "$from" ] && cmd=${cmd//$from/$base}
	eval "set -- $cmd"	# kbuild's own command line, shell-quoted by kbuild
	shift			# the compiler
	kbuild_cc_args "$@"
	[ "$KBUILD_CC_SRC" = "$src" ]
}

while read -r src functions blocks unreachable noexit guessed; do
	[ -n "$src" ] || continue
	if ! record_args "$src"; then
		fail "$src: no kbuild record of its object in $tree"; continue
	fi
	(cd "$tree" && "$tool" --check-cfg "${KBUILD_CC_ARGS[@]}") > $tmp/out 2>&1
	rc=$?
	want="cfg: $functions functions, $blocks blocks, $unreachable unreachable, $noexit without exit, $guessed for clauses guessed, 0 violations"
	got=$(grep '^cfg: [0-9]* functions' $tmp/out)
	if [ $rc -eq 0 ] && [ "$got" = "$want" ]; then
		pass "6.12-llvm $src: ${want#cfg: }"
	else
		fail "6.12-llvm $src: exit $rc, '$got', wanted '$want': $(grep -v '^cfg: [0-9]* functions' $tmp/out | head -5 | tr '\n' '|')"
	fi
done <<< "$expected"

# Every other object of mm/ and fs/ with a record: no crash, the invariants hold.
n=0 bad=()
while read -r cmdfile; do
	cmd=$(sed -n '1s/^\(saved\)\{0,1\}cmd_[^ ]* := //p' "$cmdfile")
	[ -n "$cmd" ] || continue
	eval "set -- $cmd"
	shift
	kbuild_cc_args "$@"
	case $KBUILD_CC_SRC in ""|mm/memremap.c|mm/gup.c|mm/hmm.c|mm/memory-failure.c|mm/memory_hotplug.c|fs/dax.c) continue ;; esac
	n=$((n + 1))
	(cd "$tree" && "$tool" --check-cfg "${KBUILD_CC_ARGS[@]}") > $tmp/out 2>&1
	rc=$?
	grep -q '^cfg: [0-9]* functions, .*, 0 violations$' $tmp/out && [ $rc -eq 0 ] ||
		bad+=("$KBUILD_CC_SRC (exit $rc: $(grep -v '^cfg: [0-9]* functions' $tmp/out | head -2 | tr '\n' '|'))")
done < <(cd "$tree" && find mm fs -name '.*.o.cmd' | sort | sed "s|^|$tree/|")
if [ $n -gt 0 ] && [ ${#bad[@]} -eq 0 ]; then
	pass "6.12-llvm: the invariants hold on the $n other objects of mm/ and fs/ the tree has built"
else
	fail "6.12-llvm: $n other objects of mm/ and fs/, the invariants fail on: ${bad[*]:-none (no object found)}"
fi
