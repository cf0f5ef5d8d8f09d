#!/usr/bin/env bash
# cocci-folio: the devmap-to-folio semantic patches (cocci/folio_*.cocci).
#
# 1. Fixtures, testsrc/cocci/folio_*/NAME.c, for every target kernel in
#    $targets, without a target (the default, 6.19) and with the target in
#    $DEVMAP_LINT_TARGET: the patch result must equal NAME.V.res and the
#    report NAME.V.rep, where V is the greatest version <= the target that
#    has such a file (none: the file is left unchanged / nothing reported).
#    The version in a file name is thus where the rule's behaviour changes.
#    Context and org mode must run and agree with report mode; a second
#    patch run on the result must change nothing.
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

targets="6.10 6.15 6.17 6.18 6.19"
rules=$(cd cocci && ls folio_*.cocci | sed 's/\.cocci$//')
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
timing() { echo "   time: $1: $(( $(date +%s) - $2 ))s"; }

# ---------------------------------------------------------------------
# spatch as scripts/devmap-cocci runs it.

# spatch's builtin macros plus cocci/devmap-lint.h (see scripts/devmap-cocci).
std=$(spatch --longhelp 2>/dev/null | sed -n 's/.*--macro-file-builtins.*default=\([^)]*\)).*/\1/p')
names=$(sed -n 's/^#define[ \t]\{1,\}\([A-Za-z_][A-Za-z0-9_]*\).*/\1/p' cocci/devmap-lint.h | sort -u | paste -sd'|')
awk -v re="^#define[ \t]+($names)([ \t(]|\$)" '
	skip && /\\$/ { next }
	skip { skip = 0; next }
	$0 ~ re { skip = /\\$/; next }
	{ print }' "$std" > "$tmp/builtins.h"
cat cocci/devmap-lint.h >> "$tmp/builtins.h"
mkdir -p "$tmp/home"

# cocci_run RULE MODE TARGET DIR FILE...: spatch on FILEs (relative to
# DIR), output relative to DIR; TARGET "-" for none.
cocci_run() {
	local rule=$top/cocci/$1.cocci mode=$2 target=$3 dir=$4; shift 4
	local opts flags=(--very-quiet) groups=$tmp/groups.$$
	opts=$(sed -n 's|^// *Options: *||p' "$rule" | head -1)
	case $mode in report|org) flags+=(--no-show-diff) ;; esac
	[ "$target" = - ] || flags+=(-D "target=$target")
	printf '%s\n\n' "${@/#/$dir/}" > "$groups"
	(cd "$tmp/home" && srctree=$dir HOME=$tmp/home spatch -D "$mode" "${flags[@]}" \
		--macro-file-builtins "$tmp/builtins.h" --jobs 2 --chunksize 1 \
		--cocci-file "$rule" $opts --patch "$dir" --file-groups "$groups") |
		sed "s|$dir/||g"
	return "${PIPESTATUS[0]}"
}

# The files under PATHs of DIR that mention a name of RULE's grep query.
candidates() {
	local rule=$1 dir=$2; shift 2
	spatch -D patch --parse-cocci "cocci/$rule.cocci" 2>/dev/null |
		sed -n '/^Grep query$/{n;p;q}' | tr -s ' |' '\n' | grep -v '^$' > "$tmp/names"
	(cd "$dir" && git grep -l -w -F -f "$tmp/names" -- "$@" | grep -E '\.[ch]$')
}

sort_report() { sort -t: -k1,1 -k2,2n -k3,3; }

# expected FILE-STEM KIND TARGET: the expected file for TARGET, or nothing.
expected() {
	local stem=$1 kind=$2 target=$3 best= v
	for v in $targets; do
		[ "$(printf '%s\n%s\n' "$v" "$target" | sort -V | tail -1)" = "$target" ] || continue
		[ -f "$stem.$v.$kind" ] && best=$stem.$v.$kind
	done
	echo "$best"
}

# ---------------------------------------------------------------------
# 1. Fixtures.
t0=$(date +%s)
for rule in $rules; do
	for src in testsrc/cocci/$rule/*.c; do
		[ -f "$src" ] || continue
		name=$(basename "$src" .c) stem=${src%.c} why=
		for target in $targets - env; do
			w=$tmp/fx; rm -rf "$w"; mkdir -p "$w"; cp "$src" "$w/$name.c"
			case $target in
			-) t=- want=6.19 ;;
			env) t=- want=6.17 ;;
			*) t=$target want=$target ;;
			esac
			if [ $target = env ]; then
				DEVMAP_LINT_TARGET=6.17 cocci_run "$rule" patch - "$w" "$name.c" > "$w/diff" 2> "$w/err"
			else
				cocci_run "$rule" patch "$t" "$w" "$name.c" > "$w/diff" 2> "$w/err"
			fi
			rc=$?
			[ $rc -eq 0 ] && [ ! -s "$w/err" ] || { why="$why; patch at $target: status $rc: $(head -3 "$w/err" | tr '\n' ' ')"; continue; }
			(cd "$w" && patch -s -p1 < diff) || { why="$why; patch at $target does not apply"; continue; }
			res=$(expected "$stem" res $want); [ -n "$res" ] || res=$src
			cmp -s "$res" "$w/$name.c" || why="$why; patch at $target differs from $(basename "$res"): $(diff -u "$res" "$w/$name.c" | sed -n '3,40p' | tr '\n' '~')"
			# A second run on the result changes nothing.
			if [ $target = - ]; then
				cocci_run "$rule" patch - "$w" "$name.c" > "$w/diff2" 2>/dev/null
				[ ! -s "$w/diff2" ] || why="$why; a second patch run is not empty"
			fi
			cp "$src" "$w/$name.c"
			if [ $target = env ]; then
				DEVMAP_LINT_TARGET=6.17 cocci_run "$rule" report - "$w" "$name.c" 2>&1 | sort_report > "$w/rep"
			else
				cocci_run "$rule" report "$t" "$w" "$name.c" 2>&1 | sort_report > "$w/rep"
			fi
			rep=$(expected "$stem" rep $want)
			if [ -n "$rep" ]; then cmp -s "$rep" "$w/rep"; else [ ! -s "$w/rep" ]; fi ||
				why="$why; report at $target differs from ${rep:-nothing}: $(diff -u "${rep:-/dev/null}" "$w/rep" | sed -n '3,20p' | tr '\n' '~')"
			[ $target = - ] || continue
			# Context and org mode, default target: they run, and find
			# what report mode finds.
			nrep=$(wc -l < "$w/rep")
			cocci_run "$rule" org - "$w" "$name.c" > "$w/org" 2> "$w/err" || why="$why; org mode failed: $(head -2 "$w/err")"
			norg=$(grep -c '^\* TODO' "$w/org")
			[ "$norg" = "$nrep" ] || why="$why; org mode gives $norg items, report mode $nrep"
			cocci_run "$rule" context - "$w" "$name.c" > "$w/ctx" 2> "$w/err" || why="$why; context mode failed: $(head -2 "$w/err")"
			if [ "$nrep" -gt 0 ]; then grep -q '^-' "$w/ctx"; else [ ! -s "$w/ctx" ]; fi ||
				why="$why; context mode disagrees with report mode ($nrep sites)"
		done
		if [ -z "$why" ]; then
			pass "$rule/$name.c: patch and report at $targets, default (6.19), \$DEVMAP_LINT_TARGET; org, context, idempotent"
		else
			fail "$rule/$name.c:${why#;}" | sed 's/~/\n      /g'
		fi
	done
done
timing fixtures $t0

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
	spatch -D patch --parse-cocci "cocci/$rule.cocci" 2>/dev/null |
		sed -n '/^Grep query$/{n;p;q}' | tr -s ' |' '\n' | grep -v '^$' > "$tmp/names"
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
