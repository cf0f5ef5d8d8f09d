# Shared by cocci-folio.sh and cocci-folio-fixtures.sh (sourced after
# lib.bash, with $tmp set): spatch as scripts/devmap-cocci runs it.
targets="6.10 6.15 6.17 6.18 6.19"
rules=$(cd cocci && ls folio_*.cocci | sed 's/\.cocci$//')
timing() { echo "   time: $1: $(( $(date +%s) - $2 ))s"; }

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

# fixture_cases TARGET...: every fixture, patch and report at each TARGET:
# a version, "-" for none (the default, 6.19; also org and context mode and
# idempotence) or "env" (6.17 from $DEVMAP_LINT_TARGET).
fixture_cases() {
	local rule src name stem why target w t want rc res rep nrep norg what
	what="patch and report at $(echo "$@" | sed 's/-/default (6.19)/; s/env/$DEVMAP_LINT_TARGET/')"
	case " $* " in *" - "*) what="$what; org, context, idempotent" ;; esac
	for rule in $rules; do
		for src in testsrc/cocci/$rule/*.c; do
			[ -f "$src" ] || continue
			name=$(basename "$src" .c) stem=${src%.c} why=
			for target in "$@"; do
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
				pass "$rule/$name.c: $what"
			else
				fail "$rule/$name.c:${why#;}" | sed 's/~/\n      /g'
			fi
		done
	done
}
