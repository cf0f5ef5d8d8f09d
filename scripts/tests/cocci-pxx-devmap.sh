#!/usr/bin/env bash
# cocci-pxx-devmap.sh: tests for cocci/pxx_devmap.cocci, cocci/devmap-lint.h
# and scripts/devmap-cocci.  Prints "PASS: name" or "FAIL: name: why" per
# case (see scripts/run-tests); exits non-zero only if the suite itself
# broke.  The fixtures are in cocci-pxx-devmap-fixtures.sh (the unit tier);
# here, the real trees: Linux 6.1 and 6.12 ($DEVMAP_LINT_KERNELS, see
# lib.bash), each against its reviewed record
# testsrc/realtree/VERSION/pxx_devmap.record.  A tree comes from
# scripts/kernel-tree and is only read; patching and compiling happen in a
# scratch copy, $DEVMAP_LINT_CACHE/pxx-devmap-scratch-VERSION (refreshed
# when the tree's stamp changes).
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cocci=$top/cocci/pxx_devmap.cocci
runner=$top/scripts/devmap-cocci
cache=${DEVMAP_LINT_CACHE:-$HOME/.cache/devmap-lint}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cocci-pxx-devmap.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }
info() { echo "  $*"; }

# check NAME WHY COMMAND...: PASS if COMMAND succeeds, else FAIL with WHY.
check() {
	local name=$1 why=$2
	shift 2
	if "$@"; then pass "$name"; else fail "$name" "$why"; fi
}

# ---------------------------------------------------------------------
# The real trees (Linux 6.1 and 6.12).

# outcome PATCH REPORT [DIR...]: "FILE:LINE NAME rewritten|kept CLASS" for
# every devmap site of DIRs (default mm/ and fs/) of $tree, CLASS "-" when
# not reported.
NAMES='pte_devmap|pmd_devmap|pud_devmap|pte_mkdevmap|pmd_mkdevmap|pud_mkdevmap|pfn_t_devmap|PFN_DEV|PFN_MAP'
outcome() {
	local patch=$1 report=$2 site name text p c
	shift 2
	[ $# -gt 0 ] || set -- mm fs
	(cd "$tree" && git grep -nowE "$NAMES" -- "$@") |
		awk -F: '{ print $1 ":" $2 " " $3 }' | sort -u > "$tmp/sites"
	# Old line numbers of the patch's removed lines, with the names on them.
	awk '
		/^--- a\// { file = substr($2, 3); next }
		/^\+\+\+ / { next }
		/^@@ / { split($2, a, ","); old = -a[1]; next }
		/^-/ { print file ":" old "\t" substr($0, 2); old++; next }
		/^ / { old++ }' "$patch" |
	while IFS=$'\t' read -r site text; do
		grep -owE "$NAMES" <<< "$text" | sed "s|^|$site |"
	done | sort -u > "$tmp/removed"
	# Report lines: FILE:LINE:COLS: WARNING: NAME... [CLASS]
	sed -n 's/^\([^:]*:[0-9]*\):[^ ]* WARNING: \([A-Za-z_]*\).*\[\([A-Za-z_]*\)\]$/\1 \2 \3/p' \
		"$report" | sort -u > "$tmp/classes"
	while read -r site name; do
		p=kept
		grep -qxF "$site $name" "$tmp/removed" && p=rewritten
		c=$(awk -v s="$site" -v n="$name" '$1 == s && $2 == n { print $3; exit }' "$tmp/classes")
		echo "$site $name $p ${c:--}"
	done < "$tmp/sites"
}

# Scratch copy of the tree (no .git) for patching and compiling: copied
# once per tree stamp, touched files restored from the tree before use.
scratch_copy() {
	local scratch=$cache/pxx-devmap-scratch-$kv stamp st
	stamp=$(cat "$tree/.devmap-lint-stamp" 2>/dev/null)
	if [ ! -f "$scratch/.scratch-stamp" ] || [ "$(cat "$scratch/.scratch-stamp")" != "$stamp" ]; then
		info "copying the tree to $scratch (once per tree version)" >&2
		rm -rf "$scratch" && mkdir -p "$scratch" || return 1
		# tar exits 1 when a file changed while it was read (another
		# command working in the shared tree); the files the patch
		# touches are copied again from the tree before use.
		tar -C "$tree" --exclude=./.git --warning=no-file-changed -cf - . |
			tar -C "$scratch" -xf -
		st=("${PIPESTATUS[@]}")
		[ "${st[0]}" -le 1 ] && [ "${st[1]}" -eq 0 ] || return 1
		echo "$stamp" > "$scratch/.scratch-stamp"
	fi
	echo "$scratch"
}

dirs=(mm fs arch drivers include)

# tree_cases VERSION: the whole tree of Linux VERSION against its record;
# every test name starts with "VERSION tree:".
tree_cases() {
	local kv=$1 t0 t1 mode secs total=0 scratch f objs=() bad=() unbuilt=() o
	local record=$top/testsrc/realtree/$kv/pxx_devmap.record
	if ! tree=$("$top/scripts/kernel-tree" --version "$kv" 2> "$tmp/kt.err"); then
		fail "linux $kv tree" "scripts/kernel-tree --version $kv failed: $(tail -1 "$tmp/kt.err")"
		return
	fi

	# The project's runner over the whole tree, every mode, timed.  The
	# count of unparsed functions (a second parse of every candidate
	# file, as long as a mode's own run) is the same in every mode: it
	# is taken once, in patch mode, and the later runs skip it.
	local count=()
	for mode in patch report context org; do
		t0=$(date +%s.%N)
		"$runner" --tree "$tree" --mode $mode "${count[@]}" "${dirs[@]}" > "$tmp/run.$mode" 2> "$tmp/run.$mode.err"
		rc=$?
		t1=$(date +%s.%N)
		secs=$(echo "$t1 - $t0" | bc)
		total=$(echo "$total + $secs" | bc)
		info "runner --mode $mode over ${dirs[*]}: ${secs}s$(sed -n "s/^devmap-cocci: \([0-9]* candidate files\)/; \1/p" "$tmp/run.$mode.err")"
		check "$kv tree: runner --mode $mode" "status $rc: $(head -c 300 "$tmp/run.$mode.err")" \
			test $rc -le 1 -a -s "$tmp/run.$mode"
		count=(--no-count)
	done
	# Shown, not asserted: speed is measured in make bench, against the
	# plain work of the same run, never as a timed test on a shared machine.
	info "runner, all four modes, whole tree: ${total}s"

	# The kernel's own harness, unchanged rule file, each directory.
	: > "$tmp/harness.patch"; : > "$tmp/harness.report"
	t0=$(date +%s.%N)
	for mode in patch report; do
		for d in "${dirs[@]}"; do
			(cd "$tree" && make -s coccicheck MODE=$mode COCCI="$cocci" M=$d) \
				>> "$tmp/harness.$mode" 2> "$tmp/harness.err" ||
				{ fail "$kv tree: make coccicheck MODE=$mode M=$d" "$(tail -3 "$tmp/harness.err")"; continue 2; }
		done
		pass "$kv tree: make coccicheck MODE=$mode over ${dirs[*]}"
	done
	t1=$(date +%s.%N)
	info "make coccicheck, patch and report, ${#dirs[@]} directories: $(echo "$t1 - $t0" | bc)s"
	for mode in context org; do
		(cd "$tree" && make -s coccicheck MODE=$mode COCCI="$cocci" M=mm) > "$tmp/harness.$mode" 2> "$tmp/harness.err"
		check "$kv tree: make coccicheck MODE=$mode M=mm" "status $?, $(tail -2 "$tmp/harness.err")" \
			eval 'test $? -eq 0 && grep -q "pmd_devmap" "$tmp/harness.$mode"'
	done
	# Same findings both ways (the harness also prints its own chatter).
	grep -E '^[-+][^-+]' "$tmp/harness.patch" | sort > "$tmp/h.lines"
	grep -E '^[-+][^-+]' "$tmp/run.patch" | sort > "$tmp/r.lines"
	check "$kv tree: harness and runner patches agree" "$(diff "$tmp/h.lines" "$tmp/r.lines" | head -c 300)" \
		cmp -s "$tmp/h.lines" "$tmp/r.lines"
	grep ': WARNING: ' "$tmp/harness.report" | sed 's|^\./||' | sort > "$tmp/h.rep"
	sort "$tmp/run.report" > "$tmp/r.rep"
	check "$kv tree: harness and runner reports agree" "$(diff "$tmp/h.rep" "$tmp/r.rep" | head -c 300)" \
		cmp -s "$tmp/h.rep" "$tmp/r.rep"

	# The record: every site of mm/ and fs/, rewritten or reported as
	# reviewed by hand.
	outcome "$tmp/run.patch" "$tmp/run.report" > "$tmp/actual"
	sed 's/[[:space:]]*#.*//; /^$/d' "$record" | awk '{ print $1, $2, $3, $4 }' | sort > "$tmp/expected"
	sort -o "$tmp/actual" "$tmp/actual"
	check "$kv tree: mm/ and fs/ outcome matches the record" "$(diff "$tmp/expected" "$tmp/actual" | head -c 600)" \
		cmp -s "$tmp/expected" "$tmp/actual"
	info "mm/ and fs/: $(grep -c ' rewritten ' "$tmp/actual") sites rewritten, $(grep -vc -e ' rewritten ' -e ' -$' "$tmp/actual") reported for judgement"

	# The devmap helpers' own definitions (both trees have some: powerpc's
	# pmd_devmap() calls pte_devmap(), pfn_t_devmap() reads PFN_DEV and
	# PFN_MAP; 6.12's riscv builds pmd_mkdevmap() from pte_mkdevmap()) are
	# reported as [definition] and never rewritten: rewriting one changes
	# what the helper does for every caller.
	outcome "$tmp/run.patch" "$tmp/run.report" arch include | awk '$4 == "definition"' > "$tmp/defs"
	check "$kv tree: devmap helpers' own definitions are reported [definition] ($(wc -l < "$tmp/defs") sites)" \
		"no [definition] report in arch/ or include/" test -s "$tmp/defs"
	awk '$3 == "rewritten"' "$tmp/defs" > "$tmp/defs.rewritten"
	check "$kv tree: no devmap helper's own definition is rewritten" \
		"$(head -c 400 "$tmp/defs.rewritten")" test ! -s "$tmp/defs.rewritten"
	info "whole tree: $(grep -c '^-[^-]' "$tmp/run.patch") lines removed by the patch, $(wc -l < "$tmp/run.report") report lines"

	(cd "$tree" && git apply --check) < "$tmp/run.patch" 2> "$tmp/apply.err"
	check "$kv tree: the patch applies (git apply --check)" "$(head -c 300 "$tmp/apply.err")" test $? -eq 0

	# Patch a scratch copy, compile what it touched, run again.
	if ! scratch=$(scratch_copy); then
		fail "$kv tree: scratch copy" "could not copy $tree"
		return
	fi
	grep '^+++ b/' "$tmp/run.patch" | cut -c7- > "$tmp/touched"
	while read -r f; do cp -p "$tree/$f" "$scratch/$f"; done < "$tmp/touched"
	(cd "$scratch" && patch -s -p1) < "$tmp/run.patch" > "$tmp/patch.err" 2>&1
	check "$kv tree: the patch applies to the scratch copy" "$(head -c 300 "$tmp/patch.err")" test $? -eq 0

	# Every touched .c file that x86_64 builds (arch code of other
	# architectures cannot be compiled here; touched headers are compiled
	# through the .c files that include them).
	while read -r f; do
		case $f in
		*.c) case $f in arch/*) [[ $f == arch/x86/* ]] || continue ;; esac
		     objs+=("${f%.c}.o") ;;
		esac
	done < "$tmp/touched"
	t0=$(date +%s.%N)
	for o in "${objs[@]}"; do
		rm -f "$scratch/$o"
		(cd "$scratch" && make -s ARCH=x86_64 "$o") > "$tmp/cc.err" 2>&1 && continue
		# Not this configuration's file if the unpatched one fails too
		# (6.12: -Wmissing-prototypes and CONFIG_WERROR, prototypes
		# under the disabled option, as mm/mapping_dirty_helpers.c).
		f=${o%.o}.c
		cp -p "$scratch/$f" "$tmp/patched.c" && cp -p "$tree/$f" "$scratch/$f"
		if (cd "$scratch" && make -s ARCH=x86_64 "$o") > /dev/null 2>&1; then
			bad+=("$o: $(grep -m1 error "$tmp/cc.err")")
		else
			unbuilt+=("$o")
		fi
		cp -p "$tmp/patched.c" "$scratch/$f"
	done
	t1=$(date +%s.%N)
	info "compiled ${#objs[@]} touched objects in $(echo "$t1 - $t0" | bc)s: ${objs[*]}"
	[ ${#unbuilt[@]} -eq 0 ] || info "not built in this configuration (the unpatched file fails too): ${unbuilt[*]}"
	check "$kv tree: every touched object of the configuration compiles ($((${#objs[@]} - ${#unbuilt[@]})))" "${bad[*]:-}" \
		test ${#bad[@]} -eq 0 -a ${#objs[@]} -gt ${#unbuilt[@]}

	"$runner" --tree "$scratch" --mode patch --no-count "${dirs[@]}" > "$tmp/again.patch" 2> "$tmp/again.err"
	check "$kv tree: a second run on the patched tree changes nothing" "$(head -c 300 "$tmp/again.patch")" \
		test ! -s "$tmp/again.patch"

	# After the patch, report mode names exactly the sites left for judgement.
	"$runner" --tree "$scratch" --mode report --no-count mm fs > "$tmp/left.report" 2> /dev/null
	grep -v -e ' rewritten ' -e ' -$' "$tmp/expected" | wc -l > "$tmp/left.want"
	wc -l < "$tmp/left.report" > "$tmp/left.got"
	check "$kv tree: report on the patched tree names the $(cat "$tmp/left.want") sites left" \
		"got $(cat "$tmp/left.got") lines" cmp -s "$tmp/left.want" "$tmp/left.got"
	while read -r f; do cp -p "$tree/$f" "$scratch/$f"; done < "$tmp/touched"

	# Outside a git checkout the runner greps itself and finds the same.
	rm -rf "$tmp/nogit"
	mkdir -p "$tmp/nogit/include/linux" "$tmp/nogit/fs"
	cp -a "$tree/mm" "$tmp/nogit/mm"
	cp "$tree/fs/dax.c" "$tmp/nogit/fs/"
	cp "$tree/include/linux/mm.h" "$tmp/nogit/include/linux/"
	cp "$tree/.cocciconfig" "$tmp/nogit/"
	"$runner" --tree "$tmp/nogit" --mode report --no-count mm fs > "$tmp/nogit.report" 2> "$tmp/nogit.err"
	grep -E '^(mm/|fs/dax.c)' "$tmp/run.report" > "$tmp/git.report"
	check "$kv tree: outside a git checkout the same sites are found" \
		"$(diff "$tmp/git.report" "$tmp/nogit.report" | head -c 300)" \
		eval 'test -s "$tmp/nogit.report" && cmp -s "$tmp/git.report" "$tmp/nogit.report"'
}

command -v spatch > /dev/null || { fail "spatch" "spatch is not installed"; exit 0; }
for kv in $(source "$top/scripts/tests/lib.bash" && realtree_versions); do
	tree_cases "$kv"
done
exit 0
