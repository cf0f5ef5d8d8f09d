#!/usr/bin/env bash
# tier: unit
# cocci-pxx-devmap-fixtures.sh: cocci/pxx_devmap.cocci, cocci/devmap-lint.h
# and scripts/devmap-cocci on the fixtures of testsrc/cocci/pxx_devmap/, no
# kernel tree (cocci-pxx-devmap.sh has the Linux 6.1 cases).  Prints
# "PASS: name" or "FAIL: name: why" per case (see scripts/run-tests); exits
# non-zero only if the suite itself broke.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cocci=$top/cocci/pxx_devmap.cocci
runner=$top/scripts/devmap-cocci
fixtures=$top/testsrc/cocci/pxx_devmap

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cocci-pxx-devmap-fixtures.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
source "$top/scripts/tests/lib.bash"	# split_out; pass and fail are redefined below

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }
info() { echo "  $*"; }

# check NAME WHY COMMAND...: PASS if COMMAND succeeds, else FAIL with WHY.
check() {
	local name=$1 why=$2
	shift 2
	if "$@"; then pass "$name"; else fail "$name" "$why"; fi
}

# spatch the way "make coccicheck" runs it on one file (minus the -I flags
# that --no-includes makes moot), from a directory that is no kernel tree.
spatch_like_kernel() {
	local mode=$1 file=$2
	shift 2
	(cd "$fixtures" && spatch -D "$mode" --very-quiet --cocci-file "$cocci" \
		--no-includes --include-headers "$@" "$file")
}

# spatch_dir DIR MODE: spatch over the C files of DIR (run from DIR), as
# "make coccicheck M=DIR" runs a directory (minus the -I flags that
# --no-includes makes moot).
spatch_dir() {
	(cd "$1" && spatch -D "$2" --very-quiet --cocci-file "$cocci" \
		--no-includes --include-headers --dir .)
}

# ---------------------------------------------------------------------
# Fixtures: NAME.c -> NAME.res (patch mode), NAME.rep (report mode).

fixture_cases() {
	local c name names=() fx=$tmp/fx out=$tmp/fx-out again=$tmp/fx-again
	rm -rf "$fx" "$out" "$again"; mkdir -p "$fx"
	for c in "$fixtures"/*.c; do
		name=$(basename "$c" .c)
		[ "$name" = newer ] && continue		# needs the macro file: below
		cp "$c" "$fx/"; names+=("$name.c")
	done
	# One run per mode over all the fixtures, as make coccicheck M=DIR runs
	# a directory (--dir: each file on its own); the output is split per
	# fixture, and a line of none of them fails them all.
	spatch_dir "$fx" patch > "$tmp/fx.diff" 2> "$tmp/err"
	cp -a "$fx" "$out"
	(cd "$out" && patch -s -p1 < "$tmp/fx.diff") > "$tmp/patch.err" 2>&1 ||
		info "the patch of the fixtures does not apply: $(head -c 300 "$tmp/patch.err")"
	spatch_dir "$fx" report 2>&1 | sed 's|^\./||' | sort -t: -k1,1 -k2,2n -k3,3n > "$tmp/fx.rep"
	split_out report "$tmp/fx.rep" "${names[@]}"
	# Idempotence: the results have nothing left to rewrite.
	cp -a "$out" "$again"
	spatch_dir "$again" patch > "$tmp/again.diff" 2>&1
	split_out diff "$tmp/again.diff" "${names[@]}"
	for name in "${names[@]}"; do
		name=${name%.c}
		check "fixture $name: patch" "output differs from $name.res: $(diff "$fixtures/$name.res" "$out/$name.c" | head -c 400)" \
			cmp -s "$fixtures/$name.res" "$out/$name.c"
		if [ -f "$fixtures/$name.rep" ]; then
			check "fixture $name: report" "report differs from $name.rep: $(diff "$fixtures/$name.rep" "$tmp/fx.rep.$name.c" | head -c 400)" \
				cmp -s "$fixtures/$name.rep" "$tmp/fx.rep.$name.c"
		fi
		check "fixture $name: second run changes nothing" "$(head -c 300 "$tmp/again.diff.$name.c")" \
			test ! -s "$tmp/again.diff.$name.c"
	done

	# A tree without pmd_mkspecial() (before 6.11) keeps pmd/pud_mkdevmap().
	rm -f "$tmp/nospecial.out"
	DEVMAP_LINT_PXD_SPECIAL=no spatch_like_kernel patch mkdevmap.c -o "$tmp/nospecial.out" > /dev/null 2>&1
	check "fixture mkdevmap: tree without pmd_mkspecial" "differs from mkdevmap.nospecial.res" \
		cmp -s "$fixtures/mkdevmap.nospecial.res" "$tmp/nospecial.out"
	mkdir -p "$tmp/oldtree/include/linux" "$tmp/oldtree/mm"
	echo 'static inline pte_t pte_mkspecial(pte_t pte);' > "$tmp/oldtree/include/linux/mm.h"
	cp "$fixtures/mkdevmap.c" "$tmp/oldtree/mm/"
	"$runner" --tree "$tmp/oldtree" --mode patch --no-count mm > "$tmp/old.diff" 2> /dev/null
	check "fixture mkdevmap: detects a tree without pmd_mkspecial" "pmd/pud_mkspecial added: $(grep '^+.*p[mu]d_mkspecial' "$tmp/old.diff" | head -2)" \
		eval '! grep -q "^+.*p[mu]d_mkspecial" "$tmp/old.diff" && grep -q "^+.*pte_mkspecial" "$tmp/old.diff"'
}

# The constructs of newer kernels parse only with cocci/devmap-lint.h.
macro_file_cases() {
	local msg
	cp "$fixtures/newer.c" "$tmp/newer.c"
	"$runner" --tree "$fixtures" --mode patch newer.c > "$tmp/newer.diff" 2> "$tmp/newer.err"
	(cd "$tmp" && patch -s -p1 newer.c < newer.diff)
	check "fixture newer: patch with the macro file" "differs from newer.res: $(diff "$fixtures/newer.res" "$tmp/newer.c" | head -c 300)" \
		cmp -s "$fixtures/newer.res" "$tmp/newer.c"
	msg=$(grep 'could not be parsed' "$tmp/newer.err")
	check "fixture newer: every function parses with the macro file" "$msg" \
		grep -q ' 0 functions could not be parsed' <<< "$msg"
	"$runner" --tree "$fixtures" --mode patch --no-macro-file newer.c > /dev/null 2> "$tmp/newer.err"
	msg=$(grep 'could not be parsed' "$tmp/newer.err")
	check "fixture newer: parse failures are counted without it" "$msg" \
		grep -qE ' [1-9][0-9]* functions could not be parsed' <<< "$msg"
}

# Every mode produces output for a fixture; report mode exits 1 on findings.
mode_cases() {
	local mode rc report_rc
	for mode in patch report context org; do
		"$runner" --tree "$fixtures" --mode $mode --no-count judgement.c > "$tmp/mode.out" 2> "$tmp/mode.err"
		rc=$?
		[ $mode = report ] && report_rc=$rc
		check "runner --mode $mode gives output" "status $rc, $(wc -l < "$tmp/mode.out") lines: $(head -c 200 "$tmp/mode.err")" \
			test -s "$tmp/mode.out" -a $rc -le 1
	done
	check "runner --mode report exits 1 on findings" "status $report_rc" test "$report_rc" -eq 1
	cp "$fixtures/and_chain.res" "$tmp/clean.c"
	"$runner" --tree "$tmp" --mode report --no-count clean.c > /dev/null 2>&1
	check "runner --mode report exits 0 on a clean file" "status $?" test $? -eq 0
	"$runner" --list-rules | grep -q '^pxx_devmap '
	check "runner --list-rules names pxx_devmap" "not listed" test $? -eq 0
}

# The runner's cache of what it derives from spatch (scripts/spatch-meta.bash):
# used when warm, never stale, and optional.  A spatch wrapper on PATH
# logs what the runner asks spatch.
cache_cases() {
	local real rc log=$tmp/spatch.log c=$tmp/cache want
	real=$(command -v spatch)
	mkdir -p "$tmp/bin"
	printf '#!/bin/sh\nprintf "%%s\\n" "$*" >> "%s"\nexec "%s" "$@"\n' "$log" "$real" > "$tmp/bin/spatch"
	chmod +x "$tmp/bin/spatch"
	# call NAME [ENV...]: the runner on judgement.c, patch mode, with the
	# wrapper; output in $tmp/cache.NAME.{out,err,rc}.
	call() {
		local name=$1; shift
		: > "$log"
		env PATH="$tmp/bin:$PATH" "$@" "$runner" --tree "$fixtures" --mode patch judgement.c \
			> "$tmp/cache.$name.out" 2> "$tmp/cache.$name.err"
		echo $? > "$tmp/cache.$name.rc"
	}
	call cold DEVMAP_LINT_CACHE="$c"
	check "runner cache: a cold cache asks spatch for its macro file and the grep names" \
		"spatch calls: $(grep -c -e --longhelp -e --parse-cocci "$log")" \
		eval 'grep -q -e --longhelp "$log" && grep -q -e --parse-cocci "$log"'
	check "runner cache: the first call fills the cache" "$(ls "$c/spatch" 2>&1 | head -5 | tr '\n' ' ')" \
		eval 'ls "$c/spatch" 2>/dev/null | grep -q "^builtins\." && ls "$c/spatch" 2>/dev/null | grep -q "^names\.patch\."'
	call warm DEVMAP_LINT_CACHE="$c"
	check "runner cache: a warm cache asks spatch for neither" "$(grep -e --longhelp -e --parse-cocci "$log" | head -3)" \
		eval '! grep -q -e --longhelp -e --parse-cocci "$log"'
	check "runner cache: a second call gives byte-identical output" \
		"$(diff "$tmp/cache.cold.out" "$tmp/cache.warm.out" | head -5; diff "$tmp/cache.cold.err" "$tmp/cache.warm.err" | head -5)" \
		eval 'cmp -s "$tmp/cache.cold.out" "$tmp/cache.warm.out" && cmp -s "$tmp/cache.cold.err" "$tmp/cache.warm.err" &&
			cmp -s "$tmp/cache.cold.rc" "$tmp/cache.warm.rc" && test -s "$tmp/cache.cold.out"'

	# A rule of our own on two small files: "foo" selects a.c, "baz" b.c.
	mkdir -p "$tmp/ctree" "$tmp/crule"
	printf 'void f(int x)\n{\n\tfoo(x);\n}\n' > "$tmp/ctree/a.c"
	printf 'void g(int x)\n{\n\tbaz(x);\n}\n' > "$tmp/ctree/b.c"
	# rule NAME CACHE: the rule rewriting NAME(E) on ctree, with CACHE;
	# output in $tmp/crule/NAME.{diff,err}, status in $rc.
	rule() {
		printf 'virtual patch\n\n@depends on patch@\nexpression E;\n@@\n- %s(E);\n+ qux(E);\n' "$1" > "$tmp/crule/r.cocci"
		DEVMAP_LINT_CACHE=$2 "$runner" --tree "$tmp/ctree" --mode patch --no-count --cocci "$tmp/crule/r.cocci" \
			> "$tmp/crule/$1.diff" 2> "$tmp/crule/$1.err"
		rc=$?
	}
	rule foo "$c"
	check "runner cache: a rule's grep names select its files (foo: a.c)" "status $rc: $(head -c 300 "$tmp/crule/foo.diff" "$tmp/crule/foo.err")" \
		eval '[ $rc = 0 ] && grep -q "^+.*qux(x)" "$tmp/crule/foo.diff" && grep -q "^+++ b/a.c" "$tmp/crule/foo.diff" && ! grep -q "b/b.c" "$tmp/crule/foo.diff"'
	# An unusable cache (here a file) changes nothing but speed.
	mv "$tmp/crule/foo.diff" "$tmp/crule/want.diff"; mv "$tmp/crule/foo.err" "$tmp/crule/want.err"
	: > "$tmp/not-a-dir"
	rule foo "$tmp/not-a-dir"
	check "runner cache: an unusable cache (a file) gives the same output, exit 0" \
		"status $rc; $(diff "$tmp/crule/want.diff" "$tmp/crule/foo.diff" | head -5; head -c 300 "$tmp/crule/foo.err")" \
		eval '[ $rc = 0 ] && cmp -s "$tmp/crule/want.diff" "$tmp/crule/foo.diff" && cmp -s "$tmp/crule/want.err" "$tmp/crule/foo.err"'
	# The rule edited (same name, same size): a stale "foo" from the cache
	# would leave b.c out of the candidates.
	rule baz "$c"
	check "runner cache: an edited rule is not served the old grep names (baz: b.c)" "status $rc: $(head -c 300 "$tmp/crule/baz.diff" "$tmp/crule/baz.err")" \
		eval '[ $rc = 0 ] && grep -q "^+.*qux(x)" "$tmp/crule/baz.diff" && grep -q "^+++ b/b.c" "$tmp/crule/baz.diff" && ! grep -q "b/a.c" "$tmp/crule/baz.diff"'
}

# Bad input exits 2 with a message.
error_cases() {
	local out rc
	expect_2() {	# NAME PATTERN COMMAND...
		local name=$1 pattern=$2
		shift 2
		out=$("$@" 2>&1 >/dev/null); rc=$?
		check "runner error: $name" "status $rc, message '$out'" \
			eval '[ $rc -eq 2 ] && grep -q -- "$pattern" <<< "$out"'
	}
	expect_2 "unknown mode" "unknown mode 'fix'" "$runner" --tree "$fixtures" --mode fix
	expect_2 "missing mode" "--mode is required" "$runner" --tree "$fixtures"
	expect_2 "missing tree" "is not a directory" "$runner" --tree "$tmp/nowhere" --mode report
	expect_2 "no --tree" "--tree DIR is required" "$runner" --mode report
	expect_2 "missing path" "does not exist" "$runner" --tree "$fixtures" --mode report nosuch.c
	expect_2 "unknown rule" "no rule 'nosuch'" "$runner" --tree "$fixtures" --mode report --rules nosuch
	expect_2 "spatch missing" "spatch not found" env PATH=/nonexistent /bin/bash "$runner" --tree "$fixtures" --mode report
	printf '@@\n@@\n- foo(\n' > "$tmp/broken.cocci"
	expect_2 "spatch fails" "spatch" "$runner" --tree "$fixtures" --mode patch --cocci "$tmp/broken.cocci"
}

command -v spatch > /dev/null || { fail "spatch" "spatch is not installed"; exit 0; }
fixture_cases
macro_file_cases
mode_cases
cache_cases
error_cases
exit 0
