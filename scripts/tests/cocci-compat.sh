#!/usr/bin/env bash
# tier: unit
# cocci-compat: the conversions keep a driver's compatibility code
# (scripts/devmap-compat, scripts/devmap-cocci, devmap-lint convert
# --module without --validate); no kernel tree needed.
#
# testsrc/cocci/compat/NAME.c is converted by every rule in turn (as
# devmap-lint convert does; the fixtures side by side, one call per rule),
# default target:
# - plainly: the result equals NAME.6.19.res; each line marked "kept" is
#   in the result as it is, each line marked "converted" is not;
# - with --compat: the result equals NAME.compat.6.19.res; preprocessed
#   for an old kernel (6.1) it is token for token the original, and for
#   the target (6.19) the plain result: the guarded pairs choose between
#   exactly those two;
# - the kept ranges listed on stderr equal NAME.kept, the guards used
#   NAME.compat.log; a second run on either result changes nothing.
# And the runner's options around it: bad input to --compat / --list-kept,
# --no-keep-compat.  (devmap-lint convert --module on the fixture module,
# without a tree, is in convert-module.sh: the command layer, full tier.)
source "$(dirname "$0")/lib.bash"
command -v spatch >/dev/null || { fail "spatch not installed"; exit 0; }
command -v python3 >/dev/null || { fail "python3 not installed"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
C=scripts/devmap-cocci
rules=$(cd cocci && ls *.cocci | sed 's/\.cocci$//')

# The fixtures are converted together: one devmap-cocci call per rule
# and mode converts every fixture (each file on its own, as always), and
# each case below reads its own file's part of the shared output.
names=() files=()
for src in testsrc/cocci/compat/*.c; do
	names+=("$(basename "$src" .c)"); files+=("$(basename "$src")")
done

# convert_all DIR [--compat]: every rule in turn on the fixtures copied to
# DIR, each on the result of the ones before; stderr of all runs in
# DIR.log.  No count of unparsed functions (--no-count;
# cocci-pxx-devmap-fixtures tests it): nothing here reads it, and it is a
# second spatch run per rule.
convert_all() {
	local dir=$1 r; shift
	mkdir -p "$dir"; cp testsrc/cocci/compat/*.c "$dir/"
	: > "$dir.log"
	for r in $rules; do
		$C --tree "$dir" --mode patch --rules "$r" --no-count "$@" "${files[@]}" > "$dir.diff" 2>> "$dir.log" ||
			{ echo "devmap-cocci failed on $r"; return 1; }
		(cd "$dir" && patch -s -p1 < "$dir.diff") || { echo "the diff of $r does not apply"; return 1; }
	done
}

# own_lines NAME PATTERN PREFIX FILE: the lines of FILE that match
# PATTERN, but not those about another fixture ("PREFIX OTHER.c:..."):
# what a run on NAME.c alone would have printed, and anything unexpected.
own_lines() {
	local name=$1 pattern=$2 prefix=$3 file=$4 other not=()
	for other in "${names[@]}"; do
		[ "$other" = "$name" ] || not+=(-e "$prefix $other\.c:")
	done
	grep -e "$pattern" "$file" | { [ ${#not[@]} -gt 0 ] && grep -v "${not[@]}" || cat; }
}

# diff_part PATH DIFF: the part of DIFF for PATH (DIR/NAME.c of the
# second run's tree), and any part for no fixture of that run (a second
# run that changes PATH, or writes anything else).
diff_part() {
	awk -v path="a/$1" -v all="${again_paths[*]}" '
		BEGIN { n = split(all, o, " "); for (i = 1; i <= n; i++) if ("a/" o[i] != path) other["a/" o[i]] = 1 }
		/^diff / { cur = $NF; sub(/^b\//, "a/", cur) }
		/^--- / { cur = $2 }
		!(cur in other) { print }' "$2"
}

# cpp_for VERSION FILE: FILE preprocessed for kernel VERSION (X.Y) with
# no feature macro defined and no #include, blank lines dropped.
cpp_for() {
	local a=${1%.*} b=${1#*.}
	grep -v '^#include' "$2" |
		gcc -E -P -undef -nostdinc -x c \
			-D'KERNEL_VERSION(a,b,c)=(((a) << 16) + ((b) << 8) + (c))' \
			-DLINUX_VERSION_CODE=$(( (a << 16) + (b << 8) )) - | grep -v '^[[:space:]]*$'
}

# The two conversions are independent of each other: they run side by
# side (run_bg, lib.bash), and the cases read their results in order.
w=$tmp/plain c=$tmp/compat
run_bg plain-conversion convert_all "$w"
run_bg compat-conversion convert_all "$c" --compat
wait
plain_ok=0 compat_ok=0
[ "$(cat "$tmp/plain-conversion.rc")" = 0 ] && plain_ok=1
[ "$(cat "$tmp/compat-conversion.rc")" = 0 ] && compat_ok=1

# Every rule again on both results, in one runner call over one tree
# (plain/NAME.c, compat/NAME.c): the rules do not see each other's
# changes, but a result that any of them would change gives a diff all
# the same.
again=$tmp/again again_paths=() again_ok=0
for d in plain compat; do
	[ "$(eval echo \$${d}_ok)" = 1 ] || continue
	mkdir -p "$again/$d"; cp "$tmp/$d"/*.c "$again/$d/"
	again_paths+=("${files[@]/#/$d/}")
done
if [ ${#again_paths[@]} -gt 0 ]; then
	$C --tree "$again" --mode patch --rules all --no-count "${again_paths[@]}" > "$tmp/again.diff" 2> "$tmp/again.err" &&
		again_ok=1
fi
# again_case NAME DIR WHAT: the second run changed nothing in DIR/NAME.c.
again_case() {
	if [ $again_ok = 0 ]; then
		fail "$1.c: $3: the second run failed: $(head -3 "$tmp/again.err")"
		return
	fi
	diff_part "$2/$1.c" "$tmp/again.diff" > "$tmp/again.part"
	[ -s "$tmp/again.part" ] && fail "$1.c: $3 changes the result: $(head -20 "$tmp/again.part")" ||
		pass "$1.c: $3 changes nothing"
}

for name in "${names[@]}"; do
	src=testsrc/cocci/compat/$name.c stem=testsrc/cocci/compat/$name
	if [ $plain_ok = 1 ]; then
		compare "$name.c: plain conversion equals $(basename "$stem").6.19.res" "$stem.6.19.res" "$w/$name.c"
		own_lines "$name" 'kept as it is' 'kept as it is:' "$w.log" | sort -u > "$tmp/kept"
		compare "$name.c: the kept ranges listed equal $(basename "$stem").kept" "$stem.kept" "$tmp/kept"
		bad=
		while IFS= read -r line; do
			grep -qxF -- "$line" "$w/$name.c" || bad="$bad~  missing: $line"
		done < <(grep '/\* kept \*/' "$src")
		while IFS= read -r line; do
			grep -qxF -- "$line" "$w/$name.c" && bad="$bad~  unchanged: $line"
		done < <(grep '/\* converted \*/' "$src")
		if [ -z "$bad" ]; then
			pass "$name.c: every 'kept' line is in the plain result as it is, no 'converted' line is ($(grep -c '/\* kept \*/' "$src") kept, $(grep -c '/\* converted \*/' "$src") converted)"
		else
			fail "$name.c: marked lines:$bad" | sed 's/~/\n/g'
		fi
		again_case "$name" plain "a second plain run"
	else
		fail "$name.c: plain conversion: $(cat "$tmp/plain-conversion.out" "$tmp/plain-conversion.err") $(tail -3 "$w.log")"
	fi

	if [ $compat_ok = 1 ]; then
		compare "$name.c: --compat conversion equals $(basename "$stem").compat.6.19.res" "$stem.compat.6.19.res" "$c/$name.c"
		own_lines "$name" 'compat: ' 'compat:' "$c.log" > "$tmp/guards"
		compare "$name.c: the guards --compat used equal $(basename "$stem").compat.log" "$stem.compat.log" "$tmp/guards"
		cpp_for 6.1 "$src" > "$tmp/old.want"; cpp_for 6.1 "$c/$name.c" > "$tmp/old.got"
		compare "$name.c: --compat result preprocessed for 6.1 is the original" "$tmp/old.want" "$tmp/old.got"
		cpp_for 6.19 "$w/$name.c" > "$tmp/new.want"; cpp_for 6.19 "$c/$name.c" > "$tmp/new.got"
		compare "$name.c: --compat result preprocessed for 6.19 is the plain conversion" "$tmp/new.want" "$tmp/new.got"
		[ -s "$tmp/new.want" ] && ! cmp -s "$tmp/old.want" "$tmp/new.want" &&
			pass "$name.c: the 6.1 and 6.19 sides differ (the comparisons above are not vacuous)" ||
			fail "$name.c: the 6.1 and 6.19 preprocessed sides are equal or empty"
		again_case "$name" compat "a plain run on the --compat result"
	else
		fail "$name.c: --compat conversion: $(cat "$tmp/compat-conversion.out" "$tmp/compat-conversion.err") $(tail -3 "$c.log")"
	fi
done

# ---------------------------------------------------------------------
# Bad input.
expect_text "--compat outside patch mode is an error" 2 "--compat writes guarded pairs: it needs --mode patch" \
	$C --tree testsrc/cocci/compat --mode report --compat guards.c
expect_text "--compat with an unknown target is an error" 2 "--compat needs a target of rules/targets, not '6.99'" \
	$C --tree testsrc/cocci/compat --mode patch --compat --target 6.99 guards.c
expect_text "--list-kept lists the kept ranges and runs no rule" 0 "kept as it is: guards.c:21-21: old side of '#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 15, 0)' (line 20)" \
	$C --tree testsrc/cocci/compat --list-kept --rules all guards.c
[ ! -s "$tmp/out" ] && pass "--list-kept writes no diff" || fail "--list-kept wrote: $(head -3 "$tmp/out")"
mkdir -p "$tmp/nokeep"; cp testsrc/cocci/compat/guards.c "$tmp/nokeep/"
$C --tree "$tmp/nokeep" --mode patch --rules folio_pgmap --no-keep-compat --no-count guards.c > "$tmp/nokeep.diff" 2>/dev/null
grep -q '^-	return page->pgmap;	/\* kept \*/' "$tmp/nokeep.diff" &&
	pass "--no-keep-compat converts the compatibility code too (the test above would notice a rule that never fires there)" ||
	fail "--no-keep-compat left the old side alone: $(head -20 "$tmp/nokeep.diff")"

exit 0
