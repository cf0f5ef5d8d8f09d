# Shared by cocci-folio.sh and cocci-folio-fixtures.sh (sourced after
# lib.bash, with $tmp set): spatch as scripts/devmap-cocci runs it.
targets="6.10 6.15 6.17 6.18 6.19"
rules=$(cd cocci && ls folio_*.cocci | sed 's/\.cocci$//')
timing() { echo "   time: $1: $(( $(date +%s) - $2 ))s"; }

# spatch's builtin macros plus cocci/devmap-lint.h and the rules' grep
# names, as scripts/devmap-cocci derives (and caches) them.
source "$top/scripts/spatch-meta.bash"
spatch_meta_init "$tmp" 1 "$top"/cocci/folio_*.cocci ||
	{ fail "cannot find spatch's standard.h (spatch --longhelp shows none)"; exit 0; }
spatch_make_builtins || { fail "cannot write spatch's builtin macro file"; exit 0; }
builtins=$spatch_builtins
mkdir -p "$tmp/home"

# cocci_run RULE MODE TARGET DIR FILE...: spatch on FILEs (relative to
# DIR), output relative to DIR; TARGET "-" for none.
cocci_run() {
	local rule=$top/cocci/$1.cocci mode=$2 target=$3 dir=$4; shift 4
	local opts flags=(--very-quiet) groups=$tmp/groups.$$
	opts=$(cocci_header_field "$rule" Options)
	case $mode in report|org) flags+=(--no-show-diff) ;; esac
	# Workers only for enough files, as the runner (spatch_workers).
	spatch_workers 2 $#; flags+=("${spatch_worker_flags[@]}")
	[ "$target" = - ] || flags+=(-D "target=$target")
	printf '%s\n\n' "${@/#/$dir/}" > "$groups"
	(cd "$tmp/home" && srctree=$dir HOME=$tmp/home spatch -D "$mode" "${flags[@]}" \
		--macro-file-builtins "$builtins" \
		--cocci-file "$rule" $opts --patch "$dir" --file-groups "$groups") |
		sed "s|$dir/||g"
	return "${PIPESTATUS[0]}"
}

# The files under PATHs of DIR that mention a name of RULE's grep query.
candidates() {
	local rule=$1 dir=$2; shift 2
	spatch_grep_names patch "$top/cocci/$rule.cocci" "$tmp/names"
	(cd "$dir" && git grep -l -w -F -f "$tmp/names" -- "$@" | grep -E '\.[ch]$')
}

sort_report() { sort -t: -k1,1 -k2,2n -k3,3; }

# version_le A B: kernel version A (X.Y) is B or older (bash: this runs
# for every fixture, kind and version).
version_le() {
	local a=${1%%.*} b=${1#*.} c=${2%%.*} d=${2#*.}
	(( a < c || (a == c && b <= d) ))
}

# expected FILE-STEM KIND TARGET: the expected file for TARGET, or nothing.
expected() {
	local stem=$1 kind=$2 target=$3 best= v
	for v in $targets; do
		version_le "$v" "$target" || continue
		[ -f "$stem.$v.$kind" ] && best=$stem.$v.$kind
	done
	echo "$best"
}

# fixture_cases TARGET...: every fixture, patch and report at each TARGET:
# a version, "-" for none (the default, 6.19; also org and context mode and
# idempotence) or "env" (6.17 from $DEVMAP_LINT_TARGET).  One spatch run
# per rule, mode and target covers all the rule's fixtures (one file per
# group, as the runner runs a tree); its output is split per fixture, and
# each fixture passes or fails on its own.
fixture_cases() {
	local rule src name target w t want rc res rep nrep norg what srcs names err
	local -A why
	what="patch and report at $(echo "$@" | sed 's/-/default (6.19)/; s/env/$DEVMAP_LINT_TARGET/')"
	case " $* " in *" - "*) what="$what; org, context, idempotent" ;; esac
	for rule in $rules; do
		srcs=() names=()
		for src in testsrc/cocci/$rule/*.c; do
			[ -f "$src" ] || continue
			srcs+=("$src") names+=("${src##*/}"); why[$src]=
		done
		[ ${#srcs[@]} -gt 0 ] || continue
		for target in "$@"; do
			w=$tmp/fx; rm -rf "$w"; mkdir -p "$w"; cp "${srcs[@]}" "$w/"
			case $target in
			-) t=- want=6.19 ;;
			env) t=- want=6.17 ;;
			*) t=$target want=$target ;;
			esac
			# run_rule MODE: the rule over every fixture of the rule in $w.
			run_rule() {
				if [ $target = env ]; then
					DEVMAP_LINT_TARGET=6.17 cocci_run "$rule" "$1" - "$w" "${names[@]}"
				else
					cocci_run "$rule" "$1" "$t" "$w" "${names[@]}"
				fi
			}
			run_rule patch > "$w/diff" 2> "$w/err"
			rc=$?
			err=
			[ $rc -eq 0 ] && [ ! -s "$w/err" ] || err="patch at $target: status $rc: $(head -3 "$w/err" | tr '\n' ' ')"
			[ -n "$err" ] || (cd "$w" && patch -s -p1 < diff) || err="patch at $target does not apply"
			if [ -n "$err" ]; then
				for src in "${srcs[@]}"; do why[$src]="${why[$src]}; $err"; done
				continue
			fi
			for src in "${srcs[@]}"; do
				name=${src##*/}; name=${name%.c}
				res=$(expected "${src%.c}" res $want); [ -n "$res" ] || res=$src
				cmp -s "$res" "$w/$name.c" ||
					why[$src]="${why[$src]}; patch at $target differs from $(basename "$res"): $(diff -u "$res" "$w/$name.c" | sed -n '3,40p' | tr '\n' '~')"
			done
			# A second run on the results changes nothing.
			if [ $target = - ]; then
				run_rule patch > "$w/diff2" 2>/dev/null
				split_out diff "$w/diff2" "${names[@]}"
				for src in "${srcs[@]}"; do
					[ ! -s "$w/diff2.${src##*/}" ] || why[$src]="${why[$src]}; a second patch run is not empty"
				done
			fi
			cp "${srcs[@]}" "$w/"
			run_rule report 2>&1 | sort_report > "$w/rep"
			split_out report "$w/rep" "${names[@]}"
			for src in "${srcs[@]}"; do
				name=${src##*/}; name=${name%.c}
				rep=$(expected "${src%.c}" rep $want)
				if [ -n "$rep" ]; then cmp -s "$rep" "$w/rep.$name.c"; else [ ! -s "$w/rep.$name.c" ]; fi ||
					why[$src]="${why[$src]}; report at $target differs from ${rep:-nothing}: $(diff -u "${rep:-/dev/null}" "$w/rep.$name.c" | sed -n '3,20p' | tr '\n' '~')"
			done
			[ $target = - ] || continue
			# Context and org mode, default target: they run, and find
			# what report mode finds.
			err=
			run_rule org > "$w/org" 2> "$w/err" || err="; org mode failed: $(head -2 "$w/err")"
			split_out org "$w/org" "${names[@]}"
			run_rule context > "$w/ctx" 2> "$w/err" || err="$err; context mode failed: $(head -2 "$w/err")"
			split_out diff "$w/ctx" "${names[@]}"
			for src in "${srcs[@]}"; do
				name=${src##*/}
				why[$src]="${why[$src]}$err"
				nrep=$(wc -l < "$w/rep.$name")
				norg=$(grep -c '^\* TODO' "$w/org.$name")
				[ "$norg" = "$nrep" ] || why[$src]="${why[$src]}; org mode gives $norg items, report mode $nrep"
				if [ "$nrep" -gt 0 ]; then grep -q '^-' "$w/ctx.$name"; else [ ! -s "$w/ctx.$name" ]; fi ||
					why[$src]="${why[$src]}; context mode disagrees with report mode ($nrep sites)"
			done
		done
		for src in "${srcs[@]}"; do
			if [ -z "${why[$src]}" ]; then
				pass "$rule/${src##*/}: $what"
			else
				fail "$rule/${src##*/}:${why[$src]#;}" | sed 's/~/\n      /g'
			fi
		done
	done
}
