#!/usr/bin/env bash
# cocci-folio: the devmap-to-folio semantic patches (cocci/folio_*.cocci).
#
# 1. Fixtures (testsrc/cocci/folio_*/, see cocci-folio-fixtures.sh, which
#    checks them at the default target in the unit tier) at every target
#    kernel in $targets and with the target in $DEVMAP_LINT_TARGET.
# 2. The real Linux trees 6.1 and 6.12 (scripts/kernel-tree, lib.bash's
#    realtree_versions), mm/ fs/ drivers/ lib/, default target: the patch
#    equals testsrc/realtree/VERSION/folio-patch.expected, applies (git apply
#    --check), changes nothing when run again on the patched files; the
#    report equals testsrc/realtree/VERSION/folio-report.expected; every site
#    fired is the one hand-reviewed in testsrc/realtree/VERSION/folio.sites.
# 3. The fixture driver testsrc/cocci/folio/fixture-driver/ (a device-private
#    module in the style of lib/test_hmm.c) builds against the 6.1 tree, and
#    its conversion equals its expected/ copy.
#
# spatch is called here with the flags scripts/devmap-cocci uses (macro
# file, candidate files from the rule's grep query, --file-groups, --patch,
# run outside the tree with HOME moved), plus -D target=..., which the
# runner cannot pass yet.
source "$(dirname "$0")/lib.bash"
command -v spatch >/dev/null || { fail "spatch not installed"; exit 0; }

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/cocci-folio.bash"

# ---------------------------------------------------------------------
# 1. The fixtures' target matrix.
t0=$(date +%s)
fixture_cases $targets env
timing "fixtures, every target" $t0

# ---------------------------------------------------------------------
# 2. The real trees (Linux 6.1 and 6.12, realtree_versions), default
# target, each against its records in testsrc/realtree/VERSION/.  Report
# mode runs each rule on the pristine tree.  Patch mode runs the rules one
# after the other, as a maintainer would apply them, on a scratch copy of
# their candidate files: folio-patch.expected is the sum, pristine -> last.
check_version() {
kv=$1
tree=$(kernel_tree $kv)
record=testsrc/realtree/$kv/folio
paths=(mm fs drivers lib)
t0=$(date +%s)
: > "$tmp/tree.report"; : > "$tmp/allfiles"
rm -rf "$tmp/scratch" "$tmp/pristine"
status=0
for rule in $rules; do
	candidates "$rule" "$tree" "${paths[@]}" > "$tmp/files.$rule"
	# folio_predicates only matches a struct folio's page: skip the
	# files that never say "folio" (455 candidates down to 85).
	if [ $rule = folio_predicates ]; then
		(cd "$tree" && git grep -l -w folio -- "${paths[@]}") | sort > "$tmp/folio-files"
		sort "$tmp/files.$rule" | comm -12 - "$tmp/folio-files" > "$tmp/f" && mv "$tmp/f" "$tmp/files.$rule"
	fi
	cat "$tmp/files.$rule" >> "$tmp/allfiles"
	[ -s "$tmp/files.$rule" ] || continue
	cocci_run "$rule" report - "$tree" $(cat "$tmp/files.$rule") >> "$tmp/tree.report" 2> "$tmp/err" || status=1
	[ -s "$tmp/err" ] && { status=1; sed 's/^/   spatch: /' "$tmp/err" | head -5; }
done
sort_report < "$tmp/tree.report" > "$tmp/tree.report.sorted"
timing "$kv report" $t0

t0=$(date +%s)
scratch=$tmp/scratch
sort -u "$tmp/allfiles" > "$tmp/allfiles.u"
while read -r f; do mkdir -p "$scratch/$(dirname "$f")"; cp "$tree/$f" "$scratch/$f"; done < "$tmp/allfiles.u"
cp -a "$scratch" "$tmp/pristine"
for rule in $rules; do
	[ -s "$tmp/files.$rule" ] || continue
	# The candidates again, in the files as the previous rules left them.
	spatch_grep_names patch "$top/cocci/$rule.cocci" "$tmp/names"
	files=$(cd "$scratch" && grep -r -l -w -F -f "$tmp/names" --include='*.[ch]' . | sed 's|^\./||' |
		sort | comm -12 - <(sort "$tmp/files.$rule"))
	[ -n "$files" ] || continue
	cocci_run "$rule" patch - "$scratch" $files > "$tmp/p.$rule" 2> "$tmp/err" || status=1
	[ -s "$tmp/err" ] && { status=1; sed 's/^/   spatch: /' "$tmp/err" | head -5; }
	(cd "$scratch" && patch -s -p1 < "$tmp/p.$rule") || { status=1; echo "   $rule: its patch does not apply to the scratch copy"; }
done
(cd "$tmp" && diff -urN pristine scratch) | sed -e 's|^--- pristine/\([^\t]*\).*|--- a/\1|' \
	-e 's|^+++ scratch/\([^\t]*\).*|+++ b/\1|' -e '/^diff -urN /d' > "$tmp/tree.patch"
[ $status = 0 ] && pass "$kv: every rule ran cleanly over ${paths[*]} ($(wc -l < "$tmp/allfiles.u") candidate files)" ||
	fail "$kv: spatch failed or complained"
# FOLIO_SAVE=DIR keeps the outputs, to review a change of the records.
[ -n "${FOLIO_SAVE:-}" ] && mkdir -p "$FOLIO_SAVE/$kv" && cp "$tmp/tree.patch" "$tmp/tree.report.sorted" "$FOLIO_SAVE/$kv"/
compare "$kv: the patch equals $record-patch.expected" $record-patch.expected "$tmp/tree.patch"
compare "$kv: the report equals $record-report.expected" $record-report.expected "$tmp/tree.report.sorted"
if git -C "$tree" apply --check "$tmp/tree.patch" 2> "$tmp/err"; then
	pass "$kv: the patch applies to the tree (git apply --check)"
else
	fail "$kv: the patch does not apply: $(head -3 "$tmp/err")"
fi
timing "$kv patch" $t0

# Idempotence: every rule again on the converted files changes nothing.
t0=$(date +%s)
touched=$(sed -n 's|^+++ b/||p' "$tmp/tree.patch" | sort -u)
: > "$tmp/again"
for rule in $rules; do
	cocci_run "$rule" patch - "$scratch" $touched >> "$tmp/again" 2>/dev/null
done
if [ -z "$touched" ]; then
	fail "$kv: the patch touches no file"
elif [ -s "$tmp/again" ]; then
	fail "$kv: a second run on the converted files changes them again:"; sed 's/^/      /' "$tmp/again" | head -30
else
	pass "$kv: a second run of every rule on the $(echo $touched | wc -w) converted files is empty (idempotent)"
fi
timing "$kv idempotence" $t0

# Every report site and every rewritten line is a reviewed site.
#   folio.sites: FILE:LINE TAG rewritten|kept  # note
grep -v '^#' $record.sites | awk 'NF {print $1, $2}' | sort > "$tmp/want-sites"
sed -n 's/^\([^:]*:[0-9]*\):.*\[\([a-z0-9-]*\)\]$/\1 \2/p' "$tmp/tree.report.sorted" | sort -u > "$tmp/got-sites"
compare "$kv: the report fires exactly on the sites of $record.sites" "$tmp/want-sites" "$tmp/got-sites"
# Old-side line numbers of the lines the patch removes or changes.
awk '/^--- a\//{f=substr($2,3)} /^@@/{split($2,a,","); l=-a[1]; next}
     /^ /{l++} /^-/&&!/^---/{print f ":" l; l++}' "$tmp/tree.patch" | sort -u > "$tmp/got-lines"
grep -v '^#' $record.sites | awk '$3 == "rewritten" {print $1}' | sort -u > "$tmp/want-lines"
# A rewritten site spanning lines counts by its first line.
comm -13 "$tmp/got-lines" "$tmp/want-lines" > "$tmp/missing"
if [ -s "$tmp/missing" ]; then
	fail "$kv: sites recorded as rewritten that the patch leaves: $(paste -sd' ' "$tmp/missing")"
else
	pass "$kv: every site recorded as rewritten is changed by the patch"
fi
}

for v in $(realtree_versions); do check_version $v; done

# ---------------------------------------------------------------------
# 3. The fixture driver: builds against 6.1, converts as expected.
t0=$(date +%s)
tree=$(kernel_tree 6.1)
drv=testsrc/cocci/folio/fixture-driver
build=$tmp/driver
mkdir -p "$build"; cp "$drv"/*.c "$drv"/Kbuild "$drv"/Makefile "$build"/
# The tree is prepared, not built: it has neither Module.symvers (modpost
# may only warn about kernel symbols) nor scripts/module.lds (made by
# "make modules_prepare"), so the scratch copy makes its own from the
# tree's module.lds.S with kbuild's rule, and the final link uses it.
cp "$tree/scripts/module.lds.S" "$build"/
echo 'always-y += module.lds' >> "$build/Kbuild"
if make -s -C "$tree" M="$build" KBUILD_MODPOST_WARN=1 ARCH_MODULE_LDS="$build/module.lds" \
	modules > "$tmp/build.log" 2>&1 && [ -f "$build/dmirror_lite.ko" ]; then
	pass "fixture driver builds against Linux 6.1 (dmirror_lite.ko)"
else
	fail "fixture driver does not build against Linux 6.1:"; sed 's/^/      /' "$tmp/build.log" | head -30
fi
conv=$tmp/converted; mkdir -p "$conv"; cp "$drv"/dmirror_lite.c "$conv"/
for rule in $rules; do
	cocci_run "$rule" patch - "$conv" dmirror_lite.c > "$tmp/d.diff" 2>/dev/null
	(cd "$conv" && patch -s -p1 < "$tmp/d.diff")
done
compare "fixture driver converts to $drv/expected/dmirror_lite.c (target 6.19)" "$drv/expected/dmirror_lite.c" "$conv/dmirror_lite.c"
timing "fixture driver" $t0
exit 0
