#!/usr/bin/env bash
# devmap-lint, end to end on the real Linux 6.1 tree: check (text, JSON,
# SARIF, baseline, objects untouched), checkpatch (a patch reintroducing an
# idiom, a clean one, bad patches) and every bad input of the issue.
source "$(dirname "$0")/lib.bash"
tree=$(kernel_tree)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
D=scripts/devmap-lint


# --- bad input ---------------------------------------------------------
mkdir -p $tmp/unconfigured && touch $tmp/unconfigured/Makefile $tmp/unconfigured/Kbuild
expect "check: missing tree" 2 "does not exist" $D check --tree $tmp/nope fs/dax.c
expect "check: unconfigured tree" 2 "not configured" $D check --tree $tmp/unconfigured fs/dax.c
expect "check: not a kernel tree" 2 "not a kernel source tree" $D check --tree $tmp fs/dax.c
expect "check: file not in tree" 2 "not in the tree" $D check --tree "$tree" fs/no-such-file.c
expect "check: plugin missing" 2 "plugin .* missing" env DEVMAP_LINT_PLUGIN_SO=$tmp/none.so $D check --tree "$tree" fs/dax.c
expect "check: unknown format" 2 "unknown format" $D check --tree "$tree" --format xml fs/dax.c
expect "check: unknown option" 2 "unknown option" $D check --frobnicate
expect "check: unknown plugin rule" 2 "unknown rule" $D check --tree "$tree" --plugin-arg disable=no-such-rule fs/dax.c
expect "check: unknown plugin option" 2 "unknown option" $D check --tree "$tree" --plugin-arg colour=blue fs/dax.c
expect "unknown command" 2 "unknown command" $D frobnicate
for c in kernel check convert checkpatch; do
	expect "$c --help" 0 "usage: devmap-lint $c" $D $c --help
done

# --- check -------------------------------------------------------------
# On a fresh tree the first check builds the object, as make would; from
# then on check must leave it alone.
obj=$tree/fs/xfs/xfs_inode.o
[ -f $obj ] || $D check --tree "$tree" fs/xfs/xfs_inode.c > /dev/null 2>&1
before=$(stat -c '%Y %s' $obj 2>/dev/null; sha1sum < $obj 2>/dev/null)
expect "check: a finding exits 1" 1 "^fs/xfs/xfs_inode.c:3590:[0-9]+: warning: .*\[devmap-lint:refcount-one\]$" \
	$D check --tree "$tree" fs/xfs/xfs_inode.c
grep -q '^fs/xfs/xfs_inode.c:3589:[0-9]*: note: ' $tmp/out && pass "check: text output carries the notes" || fail "check: no note"
grep -q 'file(s) checked' $tmp/err && pass "check: progress on stderr" || fail "check: no progress on stderr"
! grep -q '^devmap-lint: 0 file(s) checked' $tmp/err && pass "check: no '0 file(s) checked' line before the first file is done (stderr not a terminal, as in CI)" ||
	fail "check: a CI log would read '0 file(s) checked': $(grep 'file(s) checked' $tmp/err | tr '\n' '|')"
after=$(stat -c '%Y %s' $obj 2>/dev/null; sha1sum < $obj 2>/dev/null)
[ -n "$before" ] && [ "$before" = "$after" ] && pass "check: the user's object is untouched" || fail "check: $obj changed"
grep -q '^CONFIG_WERROR=y' "$tree/.config" && pass "check: works on a CONFIG_WERROR=y tree" || fail "the test tree lost CONFIG_WERROR=y"
expect "check: a clean file exits 0" 0 "" $D check --tree "$tree" mm/mprotect.c
[ ! -s $tmp/out ] && pass "check: a clean file prints nothing on stdout" || fail "check: output for a clean file"

$D check --tree "$tree" --format json fs/xfs/xfs_inode.c fs/dax.c > $tmp/r.json 2>/dev/null
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); f=d['findings']; assert len(f)==3 and all(x['rule']=='refcount-one' and x['notes'] for x in f)" $tmp/r.json &&
	pass "check: JSON output" || fail "check: JSON output"
$D check --tree "$tree" --format sarif fs/xfs/xfs_inode.c fs/dax.c > $tmp/r.sarif 2>/dev/null
python3 scripts/tests/check-sarif.py $tmp/r.sarif 3 && pass "check: SARIF 2.1.0 output" || fail "check: SARIF output"

expect "check: --update-baseline" 0 "" $D check --tree "$tree" --baseline $tmp/base --update-baseline fs/xfs/xfs_inode.c
expect "check: nothing new against the baseline" 0 "" $D check --tree "$tree" --baseline $tmp/base fs/xfs/xfs_inode.c fs/pipe.c
expect "check: a new finding against the baseline" 1 "^fs/dax.c:" $D check --tree "$tree" --baseline $tmp/base fs/xfs/xfs_inode.c fs/dax.c
expect "check: unreadable baseline" 2 "baseline" $D check --tree "$tree" --baseline $tmp/none fs/dax.c

# --- checkpatch --------------------------------------------------------
P=testsrc/checkpatch
expect "checkpatch: a patch reintroducing refcount-one" 1 "^WARNING:DEVMAP_REFCOUNT_ONE: " $D checkpatch --tree "$tree" $P/6.1/reintroduce-refcount-one.patch
grep -qE '^#[0-9]+: FILE: fs/dax.c:378:$' $tmp/out && grep -q '^+		WARN_ON_ONCE(page_ref_count(page) != 1);$' $tmp/out &&
	pass "checkpatch: names the patch line, the file line and the + line" || fail "checkpatch: format: $(head -5 $tmp/out)"
[ "$(grep -c '^WARNING:' $tmp/out)" = 1 ] && pass "checkpatch: only the added line is reported (fs/dax.c's own sites are not)" ||
	fail "checkpatch: $(grep -c '^WARNING:' $tmp/out) warnings"
grep -q '^total: 0 errors, 1 warnings, ' $tmp/out && pass "checkpatch: total line" || fail "checkpatch: no total line"
expect "checkpatch: --terse" 1 "^fs/dax.c:378: WARNING:DEVMAP_REFCOUNT_ONE: " $D checkpatch --tree "$tree" --terse $P/6.1/reintroduce-refcount-one.patch
! grep -q 'NOTE' $tmp/out && pass "checkpatch: --terse: one line per finding, its notes left out" || fail "checkpatch: --terse printed notes: $(grep NOTE $tmp/out)"
expect "checkpatch: --ignore" 0 "^total: 0 errors, 0 warnings" $D checkpatch --tree "$tree" --ignore DEVMAP_REFCOUNT_ONE $P/6.1/reintroduce-refcount-one.patch
expect "checkpatch: from standard input" 1 "DEVMAP_REFCOUNT_ONE" sh -c "$D checkpatch --tree '$tree' - < $P/6.1/reintroduce-refcount-one.patch"
expect "checkpatch: a clean patch" 0 "^total: 0 errors, 0 warnings" $D checkpatch --tree "$tree" $P/clean.patch
expect "checkpatch: a garbage patch" 2 "not a unified diff" $D checkpatch --tree "$tree" testsrc/tools/garbage.patch
expect "checkpatch: a patch that does not apply" 2 "does not apply" $D checkpatch --tree "$tree" $P/does-not-apply.patch
expect "checkpatch: no patch" 2 "no patch" $D checkpatch --tree "$tree"
expect "checkpatch: --no-tree runs the semantic patches on the hunks" 1 \
	"^WARNING:DEVMAP_COCCI_PXX_DEVMAP: pmd_devmap\(\) is redundant" $D checkpatch --no-tree $P/reintroduce-pmd-devmap.patch
grep -q '^#10: FILE: mm/huge_memory.c:202:$' $tmp/out && pass "checkpatch: --no-tree keeps the file's line numbers" ||
	fail "checkpatch: --no-tree location: $(head -3 $tmp/out)"
expect "checkpatch: a pXX_devmap caller with the tree" 1 "^WARNING:DEVMAP_COCCI_PXX_DEVMAP: " $D checkpatch --tree "$tree" $P/reintroduce-pmd-devmap.patch
expect "checkpatch: --no-tree honours a 'devmap-lint: ignore cocci-pxx_devmap' comment on the line above" 0 \
	"^total: 0 errors, 0 warnings" $D checkpatch --no-tree $P/suppressed-pmd-devmap.patch
expect "checkpatch: --no-tree on a clean patch" 0 "^total: 0 errors, 0 warnings" $D checkpatch --no-tree $P/clean.patch
# What could not be analysed, and the error, go to stderr (stdout and
# stderr captured apart): a report sent to a file stays checkpatch's
# format, and the terminal still says why the run failed.
expect "checkpatch: a change of which nothing can be analysed (exit 2)" 2 "" $D checkpatch --no-tree $P/mid-condition.patch
[ ! -s $tmp/out ] && grep -q "^devmap-lint: not analysed: mm/hmm.c:[0-9]*-[0-9]*: hunk 1: " $tmp/err &&
	grep -q "^devmap-lint: error: nothing in this change could be analysed" $tmp/err &&
	pass "checkpatch: ... says why on stderr, with the error, and nothing on stdout" ||
	fail "checkpatch: stdout: $(tr '\n' '|' < $tmp/out) stderr: $(tr '\n' '|' < $tmp/err)"
cat $P/reintroduce-pmd-devmap.patch $P/mid-condition.patch > $tmp/partly.patch
expect "checkpatch: a partly analysable change reports what it saw (exit 1)" 1 "" $D checkpatch --no-tree $tmp/partly.patch
grep -q "^WARNING:DEVMAP_COCCI_PXX_DEVMAP: " $tmp/out && tail -1 $tmp/out | grep -q "^total: 0 errors, 1 warnings, " &&
	! grep -q "analysed" $tmp/out && grep -q "^devmap-lint: not analysed: mm/hmm.c:" $tmp/err &&
	grep -qx "devmap-lint: 1 of the touched files and hunks could not be analysed (named above)" $tmp/err &&
	pass "checkpatch: ... its report on stdout, ending with the total; what it could not analyse on stderr" ||
	fail "checkpatch: stdout: $(tr '\n' '|' < $tmp/out) stderr: $(tr '\n' '|' < $tmp/err)"
expect "checkpatch: missing tree" 2 "does not exist" $D checkpatch --tree $tmp/nope $P/clean.patch

# --- convert -----------------------------------------------------------
expect "convert: unknown rule" 2 "unknown rule" $D convert --tree "$tree" --rules no_such_rule -o $tmp/p0
expect "convert: unknown target" 2 "unknown target" $D convert --tree "$tree" --target 2.4 -o $tmp/p0
expect "convert: missing tree" 2 "does not exist" $D convert --tree $tmp/nope -o $tmp/p0
# The author is the user's git identity; --signoff adds theirs.
printf '[user]\n\tname = Test Developer\n\temail = dev@example.org\n' > $tmp/gitconfig
expect "convert: the pXX_devmap series of mm/ and fs/" 0 "wrote [0-9]+ patch" \
	env GIT_CONFIG_GLOBAL=$tmp/gitconfig $D convert --tree "$tree" --rules pxx_devmap --signoff -o $tmp/series mm fs
bad=0
for p in $tmp/series/*.patch; do
	grep -q '^From: Test Developer <dev@example.org>$' $p || bad=1
	[ "$(grep -A1 '^Generated-by: devmap-lint' $p | tail -1)" = "Signed-off-by: Test Developer <dev@example.org>" ] || bad=1
done
[ $bad = 0 ] && pass "convert: authored by the user's git identity, --signoff after Generated-by" ||
	fail "convert: author/signoff: $(grep -m2 '^From:\|^Signed-off-by:' $tmp/series/*.patch | tr '\n' '|')"
expect "convert: --signoff without a git identity is refused" 2 "signoff needs your git identity" \
	env GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 HOME=$tmp $D convert --tree "$tree" --signoff --rules pxx_devmap -o $tmp/p-noid mm
# Commit bodies: prose rewrapped at 72 columns, indented blocks (the rules'
# before/after diagrams) verbatim, for every rule.
bodies=$(bash -c 'source <(sed -n "/^rule_body() {/,/^}/p; /^reflow_body() {/,/^}/p" scripts/devmap-lint)
	for r in cocci/*.cocci; do
		rule_body "$r" | reflow_body > "$1/body"
		rule_body "$r" | grep "^[[:space:]]" | while IFS= read -r l; do grep -qxF -- "$l" "$1/body" || echo "$r: lost: $l"; done
		awk -v r="$r" "length(\$0) > 72 && !/^[ \t]/ && / / { print r \": too long: \" \$0 }" "$1/body"
	done' sh $tmp)
[ -z "$bodies" ] && [ "$(grep -l '^///  ' cocci/*.cocci | wc -l)" -gt 0 ] &&
	pass "convert: commit bodies keep the rules' indented blocks verbatim and wrap prose at 72" || fail "convert: bodies: $bodies"
n=$(ls $tmp/series/*.patch 2>/dev/null | wc -l)
[ "$n" -ge 2 ] && pass "convert: $n patches, split by subsystem" || fail "convert: $n patches"
bad=0
for p in $tmp/series/*.patch; do
	grep -qE '^Subject: \[PATCH [0-9]+/[0-9]+\] [a-z0-9/_, -]+: ' $p || bad=1
	grep -q '^Generated-by: devmap-lint' $p || bad=1
	grep -q 'pXX_devmap\|devmap' $p || bad=1
done
[ $bad = 0 ] && pass "convert: kernel-style subjects, the rule's text, Generated-by trailer" || fail "convert: patch headers"
# git am on the tree: a clone that checks out only the touched files.
git clone -q --no-checkout --shared "$tree" $tmp/am 2>/dev/null &&
	git -C $tmp/am sparse-checkout set --no-cone $(cat $tmp/series/*.patch | sed -n 's|^+++ b/||p' | sort -u) &&
	git -C $tmp/am checkout -q 2>/dev/null
if git -C $tmp/am -c user.name=t -c user.email=t@t am -q $tmp/series/*.patch 2> $tmp/am.err; then
	pass "convert: the series applies with git am on the tree"
else
	fail "convert: git am: $(head -3 $tmp/am.err)"
fi

# --validate on a series whose files the configuration does not build
# (amdkfd: no amdgpu in this .config) validates nothing: an error.
expect "convert --validate: a series of which no object is built is an error (exit 2)" 2 \
	"validate: no object of the [0-9]+ touched .c file\(s\) is built in .*nothing to validate" \
	$D convert --tree "$tree" --rules folio_pagemap_ops --validate -o $tmp/unbuilt-series drivers/gpu/drm/amd/amdkfd
# --validate: the pXX_devmap series compiles, and sparse and gcc find
# nothing new in the touched objects (6.1's own warnings do not count).
expect "convert --validate: no new compiler or sparse warning" 0 "no new compiler or sparse warning" \
	$D convert --tree "$tree" --rules pxx_devmap --validate -o $tmp/validated mm fs

# --- make install ------------------------------------------------------
make -s install DESTDIR=$tmp/inst PREFIX=/usr/local > /dev/null 2> $tmp/install.err &&
	pass "make install" || fail "make install: $(head -3 $tmp/install.err)"
expect "the installed devmap-lint checks a tree" 1 "^fs/xfs/xfs_inode.c:3590:.*\[devmap-lint:refcount-one\]$" \
	$tmp/inst/usr/local/bin/devmap-lint check --tree "$tree" fs/xfs/xfs_inode.c
expect "the installed devmap-lint runs the semantic patches" 1 "^WARNING:DEVMAP_COCCI_PXX_DEVMAP: " \
	$tmp/inst/usr/local/bin/devmap-lint checkpatch --no-tree $P/reintroduce-pmd-devmap.patch
