#!/usr/bin/env bash
# Analysing a change without building it (issue 13): checkpatch and check
# --diff compile the touched units with kbuild's recorded flags from an
# overlay (the tree is never written), report only the added lines, name
# what they could not analyse and never print "0 warnings" for code nobody
# read; files built by another directory's Makefile are found through
# kbuild's records.  On every real tree (6.1 and 6.12, and the clang-built
# 6.12 tree, where the libclang engine analyses the units): the patches that
# need a tree's exact lines live in testsrc/checkpatch/VERSION/; what either
# command reports is what check reports on the same file.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
D=scripts/devmap-lint
P=testsrc/checkpatch

# no_c_said NAME [WHY]: the command whose streams are in $tmp/out and
# $tmp/err said, in one line on stderr, that the change holds no C (WHY,
# default "no C source or header in this change") and there is nothing to
# check (and named nothing as not analysed, nor an error).
no_c_said() {
	local why=${2:-no C source or header in this change}
	if [ "$(grep -c '^devmap-lint: ' $tmp/err)" = 1 ] &&
	   grep -qxF "devmap-lint: $why: nothing to check" $tmp/err &&
	   ! grep -qE 'not analysed|error:' $tmp/out $tmp/err; then
		return 0
	fi
	fail "$1: not one '$why' line on stderr: $(tr '\n' '|' < $tmp/err)"
	return 1
}

# retouch_gdp TREE: a patch that adds a comment to mm/memremap.c's
# get_dev_pagemap(PHYS_PFN(range->start), NULL) line (the same in 6.1 and
# 6.12): an added line with the two-argument call, right for the tree's
# kernel, which 6.18 changed.
retouch_gdp() {
	local f=mm/memremap.c n
	n=$(grep -n 'conflict_pgmap = get_dev_pagemap(PHYS_PFN(range->start), NULL);' "$1/$f" | head -1 | cut -d: -f1)
	[ -n "$n" ] || return 1
	printf -- '--- a/%s\n+++ b/%s\n@@ -%d,3 +%d,3 @@\n' $f $f $((n - 1)) $((n - 1))
	sed -n "$((n - 1))s/^/ /p; ${n}s/^/-/p" "$1/$f"
	sed -n "${n}s|^\(.*\)\$|+\1 /* retouched */|p; $((n + 1))s/^/ /p" "$1/$f"
}

# deletion_of TREE FILE: a git patch that deletes FILE (relative to TREE).
deletion_of() {
	printf 'diff --git a/%s b/%s\ndeleted file mode 100644\n--- a/%s\n+++ /dev/null\n@@ -1,%s +0,0 @@\n' \
		"$2" "$2" "$2" "$(wc -l < "$1/$2")"
	sed 's/^/-/' "$1/$2"
}

# block_of TYPE: the checkpatch block of the first TYPE warning on stdin,
# from its WARNING line to the blank line that closes it.
block_of() { awk -v t="WARNING:$1: " 'index($0, t) == 1 { b = 1 } b && /^$/ { exit } b'; }

# tree_cases VERSION [llvm]: every case that needs a built tree, on Linux
# VERSION (with llvm: its clang-built tree, scripts/kernel-tree --llvm, or
# $DEVMAP_LINT_LLVM_TREE).  The lines the expectations name differ between
# versions (the same code moved): dax_line is where
# reintroduce-refcount-one.patch adds its test in dax_associate_entry(),
# dax_note its note (the loop taking the pfn from dax_to_pfn()),
# busy_line/busy_note the refcount test of dax_busy_page() and the note on
# its pfn (testsrc/realtree/VERSION/refcount-one.expected).  errtag: how
# the engine words an #error ("#error TEXT" for GCC, "TEXT" for clang).
tree_cases() {
kv=$1 errtag='#error '
if [ "${2:-}" = llvm ]; then
	kv=$1-llvm errtag=
	tree=${DEVMAP_LINT_LLVM_TREE:-$(scripts/kernel-tree --version "$1" --llvm 2>/dev/null)} ||
		{ fail "$kv: no clang-built Linux $1 tree (scripts/kernel-tree --version $1 --llvm)"; return; }
else
	tree=$(kernel_tree "$kv")
fi
case $1 in
6.1)	dax_line=378 dax_note=374 busy_line=417 busy_note=414 get_line=181 ;;
6.12)	dax_line=370 dax_note=366 busy_line=409 busy_note=406 get_line=182 ;;
*)	fail "change: no expectations for Linux $1"; return ;;
esac
TP=$P/$1

# The units the patches below touch must have been built once (kbuild's
# records are what the engine reads): a check builds them as make would.
for f in fs/dax.c fs/fuse/dax.c mm/huge_memory.c mm/memremap.c; do
	[ -f "$tree/$(dirname $f)/.$(basename $f .c).o.cmd" ] || $D check --tree "$tree" $f > /dev/null 2>&1
done

# What "the tree is never written" is checked against: git's view of the
# sources and the objects and records of the units analysed.
tree_state() {
	(cd "$tree" && git status --porcelain --untracked-files=no &&
		stat -c '%n %Y %s' fs/dax.o fs/.dax.o.cmd fs/fuse/dax.o fs/fuse/.dax.o.cmd mm/huge_memory.o \
			mm/memremap.o mm/.memremap.o.cmd \
			include/config/auto.conf .config 2>&1)
}
tree_state > $tmp/state.before

# --- checkpatch: one file (Linux $kv) ----------------------------------------------
expect "$kv checkpatch: a one-file patch reintroducing refcount-one" 1 "^WARNING:DEVMAP_REFCOUNT_ONE: refcount of a ZONE_DEVICE page \(read by 'page_ref_count\(\)'\) compared with 1" \
	$D checkpatch --tree "$tree" $TP/reintroduce-refcount-one.patch
grep -qE "^#8: FILE: fs/dax.c:$dax_line:\$" $tmp/out && [ "$(grep -c '^WARNING:' $tmp/out)" = 1 ] &&
	pass "$kv checkpatch: only the added line, at its patch and file lines" || fail "$kv checkpatch: $(tr '\n' '|' < $tmp/out)"
# The finding's note, in its block (from its WARNING line to the blank
# line that closes it), as the text report of check shows it.
block_of DEVMAP_REFCOUNT_ONE < $tmp/out > $tmp/block
[ "$(grep -c '^NOTE: ' $tmp/block)" = 1 ] &&
	grep -qxF "NOTE: FILE: fs/dax.c:$dax_note: the page's pfn comes from 'dax_to_pfn()' here, which returns ZONE_DEVICE pfns" $tmp/block &&
	[ "$(grep -c '^NOTE: ' $tmp/out)" = 1 ] &&
	pass "$kv checkpatch: the finding's note under it (NOTE: FILE: fs/dax.c:$dax_note: why the page is ZONE_DEVICE)" ||
	fail "$kv checkpatch: note: $(tr '\n' '|' < $tmp/out)"
! grep -q 'not analysed' $tmp/out $tmp/err && pass "$kv checkpatch: a fully analysed patch names nothing as not analysed" ||
	fail "$kv checkpatch: $(grep 'not analysed' $tmp/out $tmp/err)"
# The same patch made on another version of the file: its hunk header 5
# lines off, so git apply applies it at an offset.  The finding is still
# on the added line, at the line where it applied (a 6.12 patch checked
# on 6.1 is such a patch), in checkpatch and in check --diff -.
awk '$1 == "@@" { split($2, o, ","); split($3, n, ","); $2 = "-" (5 - o[1]) "," o[2]; $3 = "+" (n[1] + 5) "," n[2] } 1' \
	$TP/reintroduce-refcount-one.patch > $tmp/offset.patch
grep -q "^@@ -$((dax_line - 4 + 5)),6 " $tmp/offset.patch || fail "$kv test input: offset.patch: $(grep '^@@' $tmp/offset.patch)"
expect "$kv checkpatch: a patch that applies at an offset" 1 "^WARNING:DEVMAP_REFCOUNT_ONE: " \
	$D checkpatch --tree "$tree" $tmp/offset.patch
grep -qE "^#8: FILE: fs/dax.c:$dax_line:\$" $tmp/out && grep -qxF "+		WARN_ON_ONCE(page_ref_count(page) != 1);" $tmp/out &&
	[ "$(grep -c '^WARNING:' $tmp/out)" = 1 ] &&
	pass "$kv checkpatch: ... the finding on the added line, at the file line where it applied ($dax_line)" ||
	fail "$kv checkpatch: offset: $(tr '\n' '|' < $tmp/out)"
expect "$kv check --diff -: a patch that applies at an offset" 1 "^fs/dax.c:$dax_line:[0-9]+: warning: refcount of a ZONE_DEVICE page" \
	sh -c "$D check --tree '$tree' --diff - < $tmp/offset.patch"
! grep -q 'copying' $tmp/err && pass "$kv checkpatch: no tree copy" || fail "$kv checkpatch: copied the tree"
# The engine is the tree's compiler's, and says so on a clang-built tree.
engine_msg="the tree is built with clang: checking with the libclang engine \(pgmap-type, refcount-one, pgmap-ref\); the semantic patches run as on any tree"
case $kv in
*-llvm) grep -qE "^devmap-lint: $engine_msg\$" $tmp/err && pass "$kv checkpatch: says it runs the libclang engine and which rules it has" ||
		fail "$kv checkpatch: no libclang engine message: $(tr '\n' '|' < $tmp/err)" ;;
*)	! grep -q 'libclang' $tmp/err && pass "$kv checkpatch: the GCC plugin, no libclang engine message" ||
		fail "$kv checkpatch: $(grep libclang $tmp/err)" ;;
esac
# The same site compared with 0 (a free test, right under both
# conventions): analysed, and silent.
sed 's/page_ref_count(page) != 1/page_ref_count(page) == 0/' $TP/reintroduce-refcount-one.patch > $tmp/zero.patch
expect "$kv checkpatch: the same site compared with 0 stays silent" 0 "^total: 0 errors, 0 warnings, 8 lines checked\$" \
	$D checkpatch --tree "$tree" $tmp/zero.patch
! grep -q 'WARNING' $tmp/out && ! grep -q 'not analysed' $tmp/out $tmp/err &&
	pass "$kv checkpatch: ... with no warning and nothing left unanalysed" ||
	fail "$kv checkpatch: $(tr '\n' '|' < $tmp/out) / $(tr '\n' '|' < $tmp/err)"

# --- pgmap-ref: a get_dev_pagemap() reference leaked on a new path --------
# reintroduce-pgmap-leak.patch adds an early return to the conflict probe
# of pagemap_range() (get at line $get_line, put three lines further on):
# the reference leaks there.  The same branch without the return is silent.
expect "$kv checkpatch: a patch that leaks a get_dev_pagemap() reference" 1 \
	"^WARNING:DEVMAP_PGMAP_REF: 'conflict_pgmap' from 'get_dev_pagemap\(\)' at line $get_line is neither put nor handed on when the function returns by this path: the reference leaks and pins the device\$" \
	$D checkpatch --tree "$tree" $TP/reintroduce-pgmap-leak.patch
block_of DEVMAP_PGMAP_REF < $tmp/out > $tmp/block
grep -qxF "#7: FILE: mm/memremap.c:$((get_line + 3)):" $tmp/block &&
	grep -qxF "NOTE: FILE: mm/memremap.c:$get_line: the reference is taken here" $tmp/block &&
	[ "$(grep -c '^WARNING:' $tmp/out)" = 1 ] &&
	pass "$kv checkpatch: ... at the added return, the get as its note, nothing else" ||
	fail "$kv checkpatch: pgmap-ref: $(tr '\n' '|' < $tmp/out)"
sed 's/return -EBUSY;/pr_debug("private\\n");/' $TP/reintroduce-pgmap-leak.patch > $tmp/noleak.patch
expect "$kv checkpatch: the same branch without the return stays silent" 0 "^total: 0 errors, 0 warnings, 7 lines checked\$" \
	$D checkpatch --tree "$tree" $tmp/noleak.patch
! grep -q 'WARNING' $tmp/out && ! grep -q 'not analysed' $tmp/out $tmp/err &&
	pass "$kv checkpatch: ... with no warning and nothing left unanalysed" ||
	fail "$kv checkpatch: $(tr '\n' '|' < $tmp/out) $(tr '\n' '|' < $tmp/err)"

# --- a patched header is seen by the units that include it ---------------
# fuse_i.h is included as "fuse_i.h" (next to the .c); pfn_t.h as
# <linux/pfn_t.h> (through -I): an #error in the patched version must fire
# in each, which proves the overlay wins over the tree for both lookups.
cat > $tmp/quote.patch <<'EOF'
--- a/fs/fuse/fuse_i.h
+++ b/fs/fuse/fuse_i.h
@@ -9,6 +9,7 @@
 #ifndef _FS_FUSE_I_H
 #define _FS_FUSE_I_H
 
+#error devmap-lint test: the patched fuse_i.h is the one compiled
 #ifndef pr_fmt
 # define pr_fmt(fmt) "fuse: " fmt
 #endif
EOF
(cd "$tree" && git apply --check $tmp/quote.patch) 2>/dev/null || fail "$kv test input: quote.patch does not apply to $kv"
expect "$kv checkpatch: a patched \"local\" header is compiled into the .c files that include it" 2 \
	"fs/fuse/fuse_i.h:12:2: ${errtag}devmap-lint test: the patched fuse_i.h is the one compiled" \
	$D checkpatch --tree "$tree" $tmp/quote.patch
grep -q 'fs/fuse/dax.c' $tmp/err && pass "$kv checkpatch: the error names the unit it broke (fs/fuse/dax.c)" || fail "$kv checkpatch: $(tr '\n' '|' < $tmp/err)"
cat > $tmp/angle.patch <<'EOF'
--- a/include/linux/pfn_t.h
+++ b/include/linux/pfn_t.h
@@ -2,6 +2,7 @@
 #ifndef _LINUX_PFN_T_H_
 #define _LINUX_PFN_T_H_
 #include <linux/mm.h>
+#error devmap-lint test: the patched pfn_t.h is the one compiled
 
 /*
  * PFN_FLAGS_MASK - mask of all the possible valid pfn_t flags
EOF
(cd "$tree" && git apply --check $tmp/angle.patch) 2>/dev/null || fail "$kv test input: angle.patch does not apply to $kv"
expect "$kv checkpatch: a patched <linux/...> header is compiled through -I" 2 \
	"include/linux/pfn_t.h:5:2: ${errtag}devmap-lint test: the patched pfn_t.h is the one compiled" \
	$D checkpatch --tree "$tree" $tmp/angle.patch
# A header change that compiles: analysed through its includers, clean.
sed 's/^+#error .*/+\/* devmap-lint test: a comment *\//' $tmp/quote.patch > $tmp/quote-ok.patch
expect "$kv checkpatch: a header-only patch is analysed through the units including it" 0 "^total: 0 errors, 0 warnings" \
	$D checkpatch --tree "$tree" $tmp/quote-ok.patch

# --- honest when it cannot look -------------------------------------------
cat > $tmp/unbuilt.patch <<'EOF'
--- a/drivers/gpu/drm/amd/amdkfd/kfd_migrate.c
+++ b/drivers/gpu/drm/amd/amdkfd/kfd_migrate.c
@@ -22,6 +22,7 @@
  */
 #include <linux/types.h>
 #include <linux/hmm.h>
+#include <linux/memremap.h>
 #include <linux/dma-direction.h>
 #include <linux/dma-mapping.h>
 #include <linux/migrate.h>
EOF
(cd "$tree" && git apply --check $tmp/unbuilt.patch) 2>/dev/null || fail "$kv test input: unbuilt.patch does not apply to $kv"
expect "$kv checkpatch: a .c the tree does not build: nothing analysed is an error, not 0 warnings" 2 \
	"nothing in this change could be analysed" $D checkpatch --tree "$tree" $tmp/unbuilt.patch
# Why a run failed goes to stderr with its error, so that a user sending
# stdout to a report file still reads it; stdout holds only the report.
grep -q "^devmap-lint: not analysed: drivers/gpu/drm/amd/amdkfd/kfd_migrate.c: no kbuild record of building it" $tmp/err &&
	grep -q "^devmap-lint: error: nothing in this change could be analysed" $tmp/err &&
	pass "$kv checkpatch: names the file and why on stderr, with the error" ||
	fail "$kv checkpatch: stderr: $(tr '\n' '|' < $tmp/err)"
[ ! -s $tmp/out ] && pass "$kv checkpatch: nothing on stdout for a change it did not analyse (no 'total: 0 warnings')" ||
	fail "$kv checkpatch: printed on stdout for a change it did not analyse: $(tr '\n' '|' < $tmp/out)"
cat $TP/reintroduce-refcount-one.patch $tmp/unbuilt.patch > $tmp/partly.patch
expect "$kv checkpatch: a partly analysable patch reports what it saw" 1 "^WARNING:DEVMAP_REFCOUNT_ONE: " \
	$D checkpatch --tree "$tree" $tmp/partly.patch
grep -q "^devmap-lint: not analysed: drivers/gpu/drm/amd/amdkfd/kfd_migrate.c: " $tmp/err &&
	grep -q "^devmap-lint: 1 of the touched files and hunks could not be analysed" $tmp/err &&
	pass "$kv checkpatch: ... and names and counts what it did not, on stderr" || fail "$kv checkpatch: stderr: $(tr '\n' '|' < $tmp/err)"
# stdout is checkpatch's format and nothing else: findings' blocks (the
# WARNING line, #N: FILE:, the + line, NOTE: lines, a blank line), the total.
grep -vE '^(WARNING:.*|#[0-9]+: FILE: .*|\+.*|NOTE: FILE: .*|total: [0-9]+ errors, [0-9]+ warnings, [0-9]+ lines checked|)$' $tmp/out > $tmp/stray
[ ! -s $tmp/stray ] && tail -1 $tmp/out | grep -q '^total: ' &&
	pass "$kv checkpatch: stdout holds only checkpatch's format, ending with the total" ||
	fail "$kv checkpatch: other lines on stdout: $(tr '\n' '|' < $tmp/stray)"

# A change with no .c or .h file (documentation, Kconfig, a rename without
# changes): nothing to check, which is a pass (exit 0: a "git rebase -x"
# loop goes on past such a commit), said in one line; the report, empty,
# in the format asked for.  (A .c or .h that cannot be analysed is still
# exit 2, above and below.)
for p in docs-several kconfig-only rename-only; do
	expect "$kv checkpatch: a change with no .c or .h file ($p) has nothing to check (exit 0)" 0 "" \
		$D checkpatch --tree "$tree" $P/$p.patch
	no_c_said "$kv checkpatch: $p" && grep -qx "total: 0 errors, 0 warnings, [0-9]* lines checked" $tmp/out &&
		[ "$(wc -l < $tmp/out)" = 1 ] && pass "$kv checkpatch: $p: ... with its total line, and nothing else" ||
		fail "$kv checkpatch: $p: $(tr '\n' '|' < $tmp/out)"
	expect "$kv check --diff - --format json: a change with no .c or .h file ($p) has nothing to check (exit 0)" 0 "" \
		sh -c "$D check --tree '$tree' --diff - --format json < $P/$p.patch"
	no_c_said "$kv check --diff -: $p" &&
		python3 -c "import json,sys; assert json.load(open(sys.argv[1]))['findings'] == []" $tmp/out &&
		pass "$kv check --diff - --format json: $p: ... with an empty findings list" ||
		fail "$kv check --diff - --format json: $p: $(head -c 200 $tmp/out)"
done
# A change that only deletes files (a C file here) adds no code: nothing
# to check either, said as such.
deletion_of "$tree" mm/hmm.c > $tmp/delete.patch
expect "$kv checkpatch: a change that only deletes a C file has nothing to check (exit 0)" 0 \
	"^total: 0 errors, 0 warnings, " $D checkpatch --tree "$tree" $tmp/delete.patch
no_c_said "$kv checkpatch: deletion" "this change only deletes files" &&
	pass "$kv checkpatch: deletion: ... said in one line on stderr"
expect "$kv check --diff -: a change that only deletes a C file has nothing to check (exit 0)" 0 "" \
	sh -c "$D check --tree '$tree' --diff - < $tmp/delete.patch"
no_c_said "$kv check --diff -: deletion" "this change only deletes files" && [ ! -s $tmp/out ] &&
	pass "$kv check --diff -: deletion: ... said in one line on stderr, and an empty report"
# The folio rules judge a patch by the tree's kernel: the two-argument
# get_dev_pagemap() is right on 6.1 and 6.12 (silent), and what 6.18
# changed when DEVMAP_LINT_TARGET asks for 6.19 (fires, with its message).
gdp_warning="WARNING:DEVMAP_COCCI_FOLIO_GET_DEV_PAGEMAP: get_dev_pagemap() lost its pgmap argument in 6.18"
if retouch_gdp "$tree" > $tmp/gdp.patch; then
	expect "$kv checkpatch: get_dev_pagemap(pfn, NULL) added: right for this tree's kernel (silent, exit 0)" 0 \
		"^total: 0 errors, 0 warnings, " $D checkpatch --tree "$tree" $tmp/gdp.patch
	expect "$kv checkpatch: ... reported against DEVMAP_LINT_TARGET=6.19 (exit 1)" 1 "" \
		env DEVMAP_LINT_TARGET=6.19 $D checkpatch --tree "$tree" $tmp/gdp.patch
	grep -qF "$gdp_warning" $tmp/out && grep -qxF "+	conflict_pgmap = get_dev_pagemap(PHYS_PFN(range->start), NULL); /* retouched */" $tmp/out &&
		pass "$kv checkpatch: ... with the rule's message on the added line" ||
		fail "$kv checkpatch: DEVMAP_LINT_TARGET=6.19: $(head -3 $tmp/out | tr '\n' '|')"
	expect "$kv check --diff -: get_dev_pagemap(pfn, NULL) added: silent on this tree's kernel (exit 0)" 0 "" \
		sh -c "$D check --tree '$tree' --diff - < $tmp/gdp.patch"
	[ ! -s $tmp/out ] && pass "$kv check --diff -: ... no finding printed" || fail "$kv check --diff -: $(head -3 $tmp/out | tr '\n' '|')"
else
	fail "$kv test input: no get_dev_pagemap(PHYS_PFN(range->start), NULL) line in mm/memremap.c"
fi
# Several files that are not C (one with two hunks) next to C: named once
# each, on one line for their common reason, and counted.
notc="devmap-lint: not analysed: Documentation/filesystems/dax.rst, fs/Kconfig, mm/Kconfig: not C (only .c and .h files are analysed)"
cat $TP/reintroduce-refcount-one.patch $P/docs-several.patch > $tmp/c-and-docs.patch
expect "$kv checkpatch: C and several non-C files: the C is analysed" 1 "^WARNING:DEVMAP_REFCOUNT_ONE: " \
	$D checkpatch --tree "$tree" $tmp/c-and-docs.patch
[ "$(grep -c 'not analysed' $tmp/err)" = 1 ] && grep -qxF "$notc" $tmp/err && ! grep -q 'analysed' $tmp/out &&
	grep -qx "devmap-lint: 3 of the touched files and hunks could not be analysed (named above)" $tmp/err &&
	pass "$kv checkpatch: the non-C files named once each, on one line, and counted, on stderr" ||
	fail "$kv checkpatch: non-C summary: $(tr '\n' '|' < $tmp/out) / $(tr '\n' '|' < $tmp/err)"
expect "$kv check --diff -: C and several non-C files: the C is analysed" 1 "^fs/dax.c:$dax_line:[0-9]+: warning: " \
	sh -c "$D check --tree '$tree' --diff - < $tmp/c-and-docs.patch"
[ "$(grep -c 'not analysed' $tmp/err)" = 1 ] && grep -qxF "$notc" $tmp/err && ! grep -q 'not analysed' $tmp/out &&
	pass "$kv check --diff -: the non-C files named once each, on one line, on stderr" ||
	fail "$kv check --diff -: non-C summary: $(tr '\n' '|' < $tmp/err) / $(head -c 200 $tmp/out)"

# --- check --diff ----------------------------------------------------------
# A revision of the tree without fs/dax.c's refcount test in dax_busy_page()
# ($busy_line), in a private object store (the tree's .git is not written):
# against it, the working tree "adds" that line, so exactly its finding is
# reported, not the other one of fs/dax.c.
mkdir -p $tmp/objects
export GIT_OBJECT_DIRECTORY=$tmp/objects GIT_ALTERNATE_OBJECT_DIRECTORIES=$tree/.git/objects
base=$(cd "$tree" && git rev-parse HEAD)
blob=$(cd "$tree" && git show HEAD:fs/dax.c | sed "${busy_line}d" | git hash-object -w --stdin)
idx=$tmp/index
(cd "$tree" && GIT_INDEX_FILE=$idx git read-tree HEAD && GIT_INDEX_FILE=$idx git update-index --cacheinfo 100644,$blob,fs/dax.c)
rev=$(cd "$tree" && t=$(GIT_INDEX_FILE=$idx git write-tree) &&
	git -c user.name=t -c user.email=t@t commit-tree -p $base -m "without line $busy_line" $t)
expect "$kv check --diff REV: only the findings on lines the working tree adds" 1 \
	"^fs/dax.c:$busy_line:21: warning: refcount of a ZONE_DEVICE page .*\[devmap-lint:refcount-one\]$" \
	$D check --tree "$tree" --diff $rev
[ "$(grep -c ': warning: ' $tmp/out)" = 1 ] && grep -q "^fs/dax.c:$busy_note:9: note: " $tmp/out &&
	pass "$kv check --diff: one finding with its note (the other fs/dax.c finding is not on an added line)" || fail "$kv check --diff: $(tr '\n' '|' < $tmp/out)"
cp $tmp/out $tmp/d.txt
$D check --tree "$tree" --diff $rev --format json > $tmp/d.json 2>/dev/null
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); f=d['findings']; assert len(f)==1 and f[0]['line']==int(sys.argv[2]) and f[0]['rule']=='refcount-one'" $tmp/d.json $busy_line &&
	pass "$kv check --diff: JSON" || fail "$kv check --diff: JSON $(head -c 300 $tmp/d.json)"
$D check --tree "$tree" --diff $rev --format sarif > $tmp/d.sarif 2>/dev/null
python3 scripts/tests/check-sarif.py $tmp/d.sarif 1 && pass "$kv check --diff: SARIF 2.1.0" || fail "$kv check --diff: SARIF"
# Revisions from which the working tree differs in no .c or .h: one where
# Documentation/filesystems/dax.rst lacks its first line, one where
# kernel-parameters.txt has another name (git diff REV: a rename only).
kp=Documentation/admin-guide/kernel-parameters.txt
blob=$(cd "$tree" && git show HEAD:Documentation/filesystems/dax.rst | sed 1d | git hash-object -w --stdin)
docs_rev=$(cd "$tree" && GIT_INDEX_FILE=$idx git read-tree HEAD &&
	GIT_INDEX_FILE=$idx git update-index --cacheinfo 100644,$blob,Documentation/filesystems/dax.rst &&
	t=$(GIT_INDEX_FILE=$idx git write-tree) && git -c user.name=t -c user.email=t@t commit-tree -p $base -m "docs" $t)
ren_rev=$(cd "$tree" && GIT_INDEX_FILE=$idx git read-tree HEAD && kb=$(git rev-parse HEAD:$kp) &&
	GIT_INDEX_FILE=$idx git update-index --force-remove $kp &&
	GIT_INDEX_FILE=$idx git update-index --add --cacheinfo 100644,$kb,${kp%.txt}-old.txt &&
	t=$(GIT_INDEX_FILE=$idx git write-tree) && git -c user.name=t -c user.email=t@t commit-tree -p $base -m "rename" $t)
git -C "$tree" diff --no-ext-diff $ren_rev -- | grep -qx "rename to $kp" ||
	fail "$kv test input: git diff against the rename revision is not a rename of $kp"
for r in "docs-only $docs_rev" "rename-only $ren_rev"; do
	expect "$kv check --diff REV: a change with no .c or .h file (${r% *}) has nothing to check (exit 0)" 0 "" \
		$D check --tree "$tree" --diff ${r#* }
	no_c_said "$kv check --diff REV: ${r% *}" && [ ! -s $tmp/out ] &&
		pass "$kv check --diff REV: ${r% *}: ... and an empty text report" ||
		fail "$kv check --diff REV: ${r% *}: $(head -c 200 $tmp/out)"
	$D check --tree "$tree" --diff ${r#* } --format sarif > $tmp/n.sarif 2>/dev/null
	python3 scripts/tests/check-sarif.py $tmp/n.sarif 0 && pass "$kv check --diff REV --format sarif: ${r% *}: a valid SARIF run with no result" ||
		fail "$kv check --diff REV --format sarif: ${r% *}: $(head -c 200 $tmp/n.sarif)"
done
unset GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
# What --diff reports is what check reports on the same file, with the same
# engine: its text lines, and its record (message, notes, fingerprint).
# (One check run; its JSON from the per-file records it kept, as check's
# own report reads them.)
DEVMAP_LINT_WORK=$tmp/cw $D check --tree "$tree" fs/dax.c > $tmp/check.txt 2>/dev/null
build/devmap-report --format json --tree "$tree" --rules-dir rules $tmp/cw/out > $tmp/check.json
if [ -s $tmp/check.txt ] && grep -q ': warning: ' $tmp/d.txt && ! grep -vxF -f $tmp/check.txt $tmp/d.txt > $tmp/only-diff; then
	pass "$kv check --diff: its lines are check's lines on fs/dax.c"
else
	fail "$kv check --diff: lines check does not report: $(tr '\n' '|' < $tmp/only-diff)"
fi
python3 -c "
import json,sys; d=json.load(open(sys.argv[1]))['findings']; c=json.load(open(sys.argv[2]))['findings']
assert len(d)==1 and d[0] in c, (d, c)" $tmp/d.json $tmp/check.json &&
	pass "$kv check --diff: its JSON record is check's record of the same finding" ||
	fail "$kv check --diff: JSON records differ from check's: $(head -c 300 $tmp/d.json)"
expect "$kv check --diff -: a patch on standard input" 1 "^fs/dax.c:$dax_line:[0-9]+: warning: .*\[devmap-lint:refcount-one\]$" \
	sh -c "$D check --tree '$tree' --diff - < $TP/reintroduce-refcount-one.patch"
[ "$(grep -c ': warning: ' $tmp/out)" = 1 ] && pass "$kv check --diff -: only the added line" || fail "$kv check --diff -: $(grep -c ': warning: ' $tmp/out) warnings"
# --- suppression comments in a change ------------------------------------
# On 6.1 only: what is tested is the comment's handling, which no tree
# changes (the patches' lines are 6.1's).
if [ -f $TP/suppressed-refcount-one.patch ]; then
expect "$kv checkpatch: a 'devmap-lint: ignore refcount-one' comment on the line above suppresses it (exit 0)" 0 \
	"^total: 0 errors, 0 warnings" $D checkpatch --tree "$tree" $TP/suppressed-refcount-one.patch
expect "$kv check --diff -: the suppressed finding is not shown (exit 0)" 0 "" \
	sh -c "$D check --tree '$tree' --diff - < $TP/suppressed-refcount-one.patch"
[ ! -s $tmp/out ] && pass "$kv check --diff -: ... the text report is empty" || fail "$kv check --diff -: $(head -3 $tmp/out)"
sh -c "$D check --tree '$tree' --diff - --format json < $TP/suppressed-refcount-one.patch" > $tmp/s.json 2>/dev/null
python3 -c "
import json,sys; f=json.load(open(sys.argv[1]))['findings']
assert len(f)==1 and f[0]['line']==379 and f[0]['rule']=='refcount-one' and f[0]['suppressed'], f
assert f[0]['suppression']=={'line': 378, 'reason': \"the entry's only reference is ours here\", 'text': \"devmap-lint: ignore refcount-one -- the entry's only reference is ours here\"}, f[0]['suppression']
" $tmp/s.json && pass "$kv check --diff - --format json: the suppressed finding listed, suppressed: true, with the comment and reason" ||
	fail "$kv check --diff: JSON of a suppressed finding: $(head -c 400 $tmp/s.json)"
expect "$kv checkpatch: a comment naming another rule does not suppress" 1 \
	"^WARNING:DEVMAP_REFCOUNT_ONE: refcount of a ZONE_DEVICE page" $D checkpatch --tree "$tree" $TP/suppressed-other-rule.patch
grep -q "^WARNING:DEVMAP_UNUSED_SUPPRESSION: this 'devmap-lint: ignore pgmap-ref' comment suppresses nothing: no pgmap-ref finding on this line or the next; remove it$" $tmp/out &&
	pass "$kv checkpatch: ... and the comment is reported as an unused suppression" ||
	fail "$kv checkpatch: no unused suppression: $(grep WARNING $tmp/out)"
# Two findings: the note goes under the one it belongs to, the unused
# suppression (no notes) gets none.
block_of DEVMAP_UNUSED_SUPPRESSION < $tmp/out > $tmp/block-unused
block_of DEVMAP_REFCOUNT_ONE < $tmp/out > $tmp/block-r1
[ -s $tmp/block-unused ] && ! grep -q '^NOTE' $tmp/block-unused &&
	grep -qxF "NOTE: FILE: fs/dax.c:374: the page's pfn comes from 'dax_to_pfn()' here, which returns ZONE_DEVICE pfns" $tmp/block-r1 &&
	pass "$kv checkpatch: the note under DEVMAP_REFCOUNT_ONE, none under the unused suppression" ||
	fail "$kv checkpatch: notes misplaced: $(tr '\n' '|' < $tmp/out)"
fi
expect "$kv check --diff: no change is an error, not a clean result" 2 "does not differ from HEAD" \
	$D check --tree "$tree" --diff HEAD
expect "$kv check --diff: an unknown revision" 2 "is not a revision" $D check --tree "$tree" --diff no-such-rev
expect "$kv check --diff -: nothing analysable" 2 "nothing in this change could be analysed" \
	sh -c "$D check --tree '$tree' --diff - < $tmp/unbuilt.patch"
expect "$kv check --diff - --format json: nothing analysable" 2 "nothing in this change could be analysed" \
	sh -c "$D check --tree '$tree' --diff - --format json < $tmp/unbuilt.patch"
[ ! -s $tmp/out ] && pass "$kv check --diff --format json: no findings list for a change it did not analyse" ||
	fail "$kv check --diff --format json: printed a report for a change it did not analyse: $(head -c 200 $tmp/out)"

# --- files another directory's Makefile builds ---------------------------
# fs/xfs/libxfs has no Makefile: fs/xfs/Makefile builds libxfs/*.o.
expect "$kv check: a .c built by its parent directory's Makefile" 0 "" $D check --tree "$tree" fs/xfs/libxfs/xfs_ag_resv.c
[ -f "$tree/fs/xfs/libxfs/.xfs_ag_resv.o.cmd" ] && pass "$kv check: ... through kbuild's record of it" ||
	fail "$kv check: no record fs/xfs/libxfs/.xfs_ag_resv.o.cmd"
# --- the tree was never written --------------------------------------------
tree_state > $tmp/state.after
compare "$kv checkpatch and check --diff left the tree's sources, objects and records alone" $tmp/state.before $tmp/state.after
}

for v in $(realtree_versions); do
	tree_cases "$v"
done
# The clang-built 6.12 tree (make LLVM=1): the libclang engine.
case " $(realtree_versions) " in *" 6.12 "*) tree_cases 6.12 llvm ;; esac

# --no-tree: the hunk cases of issue 13 (a hunk starting in a licence
# comment, one cutting a for loop open) are analysed, and a hunk whose
# post-image spatch cannot parse is named, never "0 warnings".
expect "checkpatch --no-tree: a hunk starting inside a licence comment" 1 "^WARNING:DEVMAP_COCCI_PXX_DEVMAP: pmd_devmap\(\) is redundant" \
	$D checkpatch --no-tree $P/licence-comment.patch
! grep -q '^NOTE' $tmp/out && pass "checkpatch --no-tree: a finding without notes is printed without any" ||
	fail "checkpatch --no-tree: notes where there are none: $(grep '^NOTE' $tmp/out)"
expect "checkpatch --no-tree: a hunk cutting a for loop open" 1 "^WARNING:DEVMAP_COCCI_PXX_DEVMAP: pte_mkdevmap\(\) is gone upstream" \
	$D checkpatch --no-tree $P/for-loop-cut.patch
expect "checkpatch --no-tree: a hunk starting in the middle of a condition" 2 \
	"nothing in this change could be analysed" $D checkpatch --no-tree $P/mid-condition.patch
grep -qE "^devmap-lint: not analysed: mm/hmm.c:[0-9]+-[0-9]+: hunk 1: the semantic patches cannot parse the lines it adds" $tmp/err &&
	pass "checkpatch --no-tree: names the hunk spatch cannot parse" || fail "checkpatch --no-tree: $(tr '\n' '|' < $tmp/out)"
printf 'diff --git a/drivers/x/y.c b/drivers/x/y.c\ndeleted file mode 100644\n--- a/drivers/x/y.c\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-int y;\n-int z;\n' > $tmp/delete-nt.patch
expect "checkpatch --no-tree: a change that only deletes a C file has nothing to check (exit 0)" 0 \
	"^total: 0 errors, 0 warnings, " $D checkpatch --no-tree $tmp/delete-nt.patch
no_c_said "checkpatch --no-tree: deletion" "this change only deletes files" &&
	pass "checkpatch --no-tree: deletion: ... said in one line on stderr"
retouch_gdp "$(kernel_tree 6.12)" > $tmp/gdp-nt.patch
expect "checkpatch --no-tree: get_dev_pagemap(pfn, NULL) added: reported against the default target, 6.19 (exit 1)" 1 \
	"^WARNING:DEVMAP_COCCI_FOLIO_GET_DEV_PAGEMAP: get_dev_pagemap\(\) lost its pgmap argument in 6.18" $D checkpatch --no-tree $tmp/gdp-nt.patch
expect "checkpatch --no-tree: DEVMAP_LINT_TARGET that is not a kernel version is an error naming it (exit 2)" 2 \
	"error: DEVMAP_LINT_TARGET='foo' is not a kernel version such as 6.18" \
	env DEVMAP_LINT_TARGET=foo $D checkpatch --no-tree $tmp/gdp-nt.patch
printf 'Subject: no diff here\n\njust text\n' > $tmp/not-a-patch
expect "checkpatch --no-tree: input that is not a patch is an error (exit 2)" 2 \
	"not a unified diff" $D checkpatch --no-tree $tmp/not-a-patch
for p in docs-only docs-several kconfig-only rename-only; do
	expect "checkpatch --no-tree: a change with no .c or .h file ($p) has nothing to check (exit 0)" 0 \
		"^total: 0 errors, 0 warnings, " $D checkpatch --no-tree $P/$p.patch
	no_c_said "checkpatch --no-tree: $p" && pass "checkpatch --no-tree: $p: ... said in one line on stderr"
done
cat $P/reintroduce-pmd-devmap.patch $P/docs-several.patch > $tmp/c-and-docs.patch
expect "checkpatch --no-tree: C and several non-C files: the C is analysed" 1 "^WARNING:DEVMAP_COCCI_PXX_DEVMAP: " \
	$D checkpatch --no-tree $tmp/c-and-docs.patch
[ "$(grep -c 'not analysed' $tmp/err)" = 1 ] && ! grep -q 'analysed' $tmp/out &&
	grep -qxF "devmap-lint: not analysed: Documentation/filesystems/dax.rst, fs/Kconfig, mm/Kconfig: not C (only .c and .h files are analysed)" $tmp/err &&
	grep -qx "devmap-lint: 3 of the touched files and hunks could not be analysed (named above)" $tmp/err &&
	pass "checkpatch --no-tree: the non-C files named once each, on one line, and counted, on stderr" ||
	fail "checkpatch --no-tree: non-C summary: $(tr '\n' '|' < $tmp/out) / $(tr '\n' '|' < $tmp/err)"

# --- files another directory's Makefile builds, outside a tree ------------
# (the configuration records come from the 6.1 tree)
tree=$(kernel_tree 6.1)
# amdgpu builds ../amdkfd/*.o: a record whose source lies in another
# directory.  A scratch tree with such a record (the 6.1 configuration
# does not build amdgpu): devmap-units finds and compiles it from the record.
s=$tmp/mini
mkdir -p $s/drivers/gpu/drm/amd/amdgpu $s/drivers/gpu/drm/amd/amdkfd $s/drivers/gpu/drm/amd/include
echo '#define KFD_ANSWER 42' > $s/drivers/gpu/drm/amd/include/kfd_answer.h
printf '#include "kfd_answer.h"\nint kfd_answer(void) { return KFD_ANSWER; }\n' > $s/drivers/gpu/drm/amd/amdkfd/kfd_x.c
cat > $s/drivers/gpu/drm/amd/amdkfd/.kfd_x.o.cmd <<'EOF'
savedcmd_drivers/gpu/drm/amd/amdgpu/../amdkfd/kfd_x.o := gcc -Wp,-MMD,drivers/gpu/drm/amd/amdgpu/../amdkfd/.kfd_x.o.d -O2 -I./drivers/gpu/drm/amd/include -DKBUILD_MODNAME='"amdgpu"' -c -o drivers/gpu/drm/amd/amdgpu/../amdkfd/kfd_x.o drivers/gpu/drm/amd/amdgpu/../amdkfd/kfd_x.c

source_drivers/gpu/drm/amd/amdgpu/../amdkfd/kfd_x.o := drivers/gpu/drm/amd/amdgpu/../amdkfd/kfd_x.c

deps_drivers/gpu/drm/amd/amdgpu/../amdkfd/kfd_x.o := \
  drivers/gpu/drm/amd/amdgpu/../include/kfd_answer.h \

drivers/gpu/drm/amd/amdgpu/../amdkfd/kfd_x.o: $(deps_drivers/gpu/drm/amd/amdgpu/../amdkfd/kfd_x.o)
EOF
scripts/devmap-units --tree $s --out $tmp/mini-jobs drivers/gpu/drm/amd/amdkfd/kfd_x.c drivers/gpu/drm/amd/include/kfd_answer.h > $tmp/mini-why
if [ ! -s $tmp/mini-why ] && [ "$(ls $tmp/mini-jobs/*.argv | wc -l)" = 1 ] &&
   (cd $s && xargs -0 -a $tmp/mini-jobs/0.argv sh -c '"$@" -c -o /dev/null' sh); then
	pass "units: a .c that another directory builds (amdgpu/../amdkfd) is found through its record and compiles"
else
	fail "units: $(cat $tmp/mini-why) $(ls $tmp/mini-jobs)"
fi
grep -qz 'KBUILD_MODNAME="amdgpu"' $tmp/mini-jobs/0.argv && pass "units: with the flags of the Makefile that builds it" ||
	fail "units: flags $(tr '\0' ' ' < $tmp/mini-jobs/0.argv)"
# check on it: with the 6.1 tree's configuration records around the mini
# sources (and an empty Makefile: a kbuild run would fail), check must go
# through the record, not kbuild.
mkdir -p $s/include/config $s/include/generated
cp -p "$tree/.config" $s/
cp -p "$tree/include/config/auto.conf" "$tree/include/config/auto.conf.cmd" $s/include/config/
touch $s/Makefile $s/Kbuild $s/include/generated/autoconf.h $s/include/generated/asm-offsets.h
expect "check: a .c that another directory builds is checked through kbuild's record" 0 "" \
	$D check --tree $s drivers/gpu/drm/amd/amdkfd/kfd_x.c
! grep -q 'kbuild failed' $tmp/err && pass "check: ... without asking kbuild for a target it has no rule for" || fail "check: $(tr '\n' '|' < $tmp/err)"


# The same on a clang-built tree's configuration (the clang 6.12 tree's
# records around mini sources): check goes through the record with the
# libclang engine, and finds what the file holds.
if lltree=${DEVMAP_LINT_LLVM_TREE:-$(scripts/kernel-tree --version 6.12 --llvm 2>/dev/null)}; then
	s=$tmp/mini-llvm
	mkdir -p $s/drivers/gpu/drm/amd/amdkfd $s/include/config $s/include/generated
	cat > $s/drivers/gpu/drm/amd/amdkfd/kfd_x.c <<'C'
#include "kernel.h"

struct page *kfd_busy_page(void *entry)
{
	unsigned long pfn;

	for_each_mapped_pfn(entry, pfn) {
		struct page *page = pfn_to_page(pfn);

		if (page_ref_count(page) > 1)
			return page;
	}
	return NULL;
}
C
	sed -e 's/:= gcc /:= clang /' -e "s|-O2 |-O2 -I$top/testsrc/plugin |" \
		$tmp/mini/drivers/gpu/drm/amd/amdkfd/.kfd_x.o.cmd > $s/drivers/gpu/drm/amd/amdkfd/.kfd_x.o.cmd
	cp -p "$lltree/.config" $s/
	cp -p "$lltree/include/config/auto.conf" "$lltree/include/config/auto.conf.cmd" $s/include/config/
	touch $s/Makefile $s/Kbuild $s/include/generated/autoconf.h $s/include/generated/asm-offsets.h
	expect "check, clang-built tree: a .c that another directory builds is checked through its record, by the libclang engine" 1 \
		"^drivers/gpu/drm/amd/amdkfd/kfd_x.c:10:21: warning: refcount of a ZONE_DEVICE page \(read by 'page_ref_count\(\)'\) compared with 1: .*\[devmap-lint:refcount-one\]$" \
		$D check --tree $s drivers/gpu/drm/amd/amdkfd/kfd_x.c
	grep -q 'checking with the libclang engine' $tmp/err && ! grep -q 'kbuild failed' $tmp/err &&
		pass "check, clang-built tree: ... saying so, without asking kbuild for a target it has no rule for" ||
		fail "check, clang-built tree: $(tr '\n' '|' < $tmp/err)"
else
	fail "check, clang-built tree: no clang-built 6.12 tree (scripts/kernel-tree --version 6.12 --llvm)"
fi
