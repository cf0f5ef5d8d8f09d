#!/usr/bin/env bash
# tier: unit
# The libclang engine (build/devmap-lint-clang) against the GCC plugin on
# the annotated unit tests: the rules it runs (pgmap-type, refcount-one)
# come from the same judgement code (plugin/ir-*.c), so each testsrc/plugin
# file must meet the same annotations (scripts/tests/annotations.py,
# restricted to each rule), and its warnings, columns, notes and fix-its
# must be the plugin's, line for line.  Known differences between the
# engines are listed in rules/RULE.md; there are none on these files, and
# the one refcount-one lists for macros is pinned below.  Then the tool's and its kbuild wrapper's edges: flags libclang
# does not know, files that do not parse, the per-file findings format.
set -uo pipefail
cd "$(dirname "$0")/../.."
export LC_ALL=C
tool=build/devmap-lint-clang plugin=build/devmap_lint.so rule=pgmap-type
rules="pgmap-type refcount-one pgmap-ref"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; }

if [ ! -x $tool ]; then
	fail "$tool is missing (make)"; exit 0
fi

# The warnings of RULE and the fix-its in LOG, sorted.
findings() { grep -E "\[devmap-lint:$rule\]\$|^fix-it:" "$1" | sort; }
# The warnings of RULE in LOG, each with its notes and fix-its on one line, sorted.
with_notes() {
	awk -v tag="[devmap-lint:$rule]" '
		/: warning: / { if (w != "") print w; w = (index($0, tag) && substr($0, length($0) - length(tag) + 1) == tag) ? $0 : ""; next }
		/: note: |^fix-it:/ { if (w != "") w = w " | " $0; next }
		{ if (w != "") print w; w = "" }
		END { if (w != "") print w }' "$1" | sort
}
# engines GCC-LOG CLANG-LOG RULE...: for each RULE, a line
#   RULE same|differ WARNINGS NOTES FIXITS
# same when the RULE warnings of both logs, each with its notes and fix-its
# (with_notes), are the same lines, as many times each (with_notes of the
# two logs compare equal); the counts are GCC-LOG's.  One awk for every
# rule (the failures show with_notes' diff).
engines() {
	local g=$1 c=$2; shift 2
	awk -v rules="$*" '
		BEGIN { nr = split(rules, rule, " ") }
		function flush() {
			if (w != "") {
				seen[side, wr, w]++; key[wr, w] = 1
				if (side == 1) { nw[wr]++; nn[wr] += gsub(/: note: /, "&", w); nf[wr] += gsub(/fix-it:/, "&", w) }
			}
			w = ""
		}
		FILENAME != file { flush(); file = FILENAME; side = FILENAME == ARGV[1] ? 1 : 2 }
		/: warning: / {
			flush()
			for (i = 1; i <= nr; i++) {
				tag = "[devmap-lint:" rule[i] "]"
				if (substr($0, length($0) - length(tag) + 1) == tag) { w = $0; wr = rule[i] }
			}
			next
		}
		/: note: |^fix-it:/ { if (w != "") w = w " | " $0; next }
		{ flush() }
		END {
			flush()
			for (i = 1; i <= nr; i++) {
				r = rule[i]; same = "same"
				for (k in key) {
					split(k, part, SUBSEP)
					if (part[1] == r && seen[1, r, part[2]] != seen[2, r, part[2]]) same = "differ"
				}
				print r, same, nw[r] + 0, nn[r] + 0, nf[r] + 0
			}
		}' "$g" "$c"
}

# The checks against the annotations run in one start of the checker
# (scripts/tests/annotations.py --batch, as in plugin-unit): check OUT SRC
# LOG RULE queues one, whose differences are then in OUT (empty when none,
# missing when the checker did not get to it).
check() { printf '%s\t%s\t%s\t%s\n' "$@" >> "$tmp/checks"; }
checked() { [ -f "$1" ] && [ ! -s "$1" ]; }
differences() {
	if [ -f "$1" ]; then sed 's/^/      /' "$1"; else echo "      (not checked: see the checker's errors)"; fi
}

# Each file through the libclang engine (one start for all of them: --each
# forks a process per file once libclang is loaded, and writes each one's
# stdout, stderr and exit status to DIR/KEY.out, .err and .status, KEY the
# path with '/' as '%'), and through the plugin (-O2, every rule, as the
# libclang engine runs them: each rule's warnings, notes and fix-its are
# those of the plugin with only that rule enabled, 33 of 33 compared); then
# the checks.
slurp() {	# VAR FILE: FILE's bytes (up to a NUL) into VAR ("" if none), without a process
	printf -v "$1" ''
	IFS= read -r -d '' "$1" < "$2"
}
srcs=(testsrc/plugin/*.c)
mkdir -p "$tmp/each"
$tool --each="$tmp/each" -Wall -fdiagnostics-parseable-fixits -- "${srcs[@]}"
for src in "${srcs[@]}"; do
	name=${src##*/}; name=${name%.c} key=$tmp/each/${src//\//%}
	slurp err "$key.err"; slurp out "$key.out"
	printf '%s%s' "$err" "$out" > "$tmp/$name.clang"	# as 2>&1 puts them: stdout is flushed at exit
	gcc -O2 -Wall -fplugin=$plugin -fplugin-arg-devmap_lint-enable=${rules// /,} -fdiagnostics-plain-output \
		-fdiagnostics-parseable-fixits -S -o /dev/null "$src" > "$tmp/$name.gcc" 2>&1
	for rule in $rules; do
		check "$tmp/$name.$rule.diff" "$src" "$tmp/$name.clang" $rule
	done
done

# The checker restricted to the rule still fails on a wrong message, and on
# a missing note (refcount-one's notes say why the page is ZONE_DEVICE).
sed 's/is tested against several/is tested against many/' "$tmp/pgmap-type.clang" > "$tmp/wrong-message"
check "$tmp/wrong-message.diff" testsrc/plugin/pgmap-type.c "$tmp/wrong-message" pgmap-type
grep -v "note: the page comes from 'dax_layout_busy_page()'" "$tmp/refcount-one.clang" > "$tmp/wrong-note"
check "$tmp/wrong-note.diff" testsrc/plugin/refcount-one.c "$tmp/wrong-note" refcount-one

python3 scripts/tests/annotations.py --batch "$tmp/checks" 2> "$tmp/checker.err"
if [ -s "$tmp/checker.err" ]; then
	echo "the checker's errors:"; sed 's/^/      /' "$tmp/checker.err"
fi
declare -A nexpect
for rule in $rules; do
	while IFS=: read -r f n; do nexpect[$f.$rule]=$n; done < <(grep -c "expect: $rule" "${srcs[@]}")
done

for src in "${srcs[@]}"; do
	name=${src##*/}; name=${name%.c}
	rc=none; read -r rc < "$tmp/each/${src//\//%}.status"
	if [ "$rc" != 0 ]; then
		fail "$name: devmap-lint-clang exited $rc"; sed 's/^/      /' "$tmp/$name.clang"; continue
	fi
	engines "$tmp/$name.gcc" "$tmp/$name.clang" $rules > "$tmp/engines"
	while read -r rule same nw nn nf; do
		if checked "$tmp/$name.$rule.diff"; then
			pass "$name: the libclang engine meets the ${nexpect[$src.$rule]} $rule expectations (messages, notes), silent elsewhere"
		else
			fail "$name: the libclang engine's $rule diagnostics differ from the annotations:"
			differences "$tmp/$name.$rule.diff"
		fi
		if [ "$same" = same ]; then
			pass "$name: $rule: $nw warnings, their $nn notes and $nf fix-its identical to the GCC plugin's (-O2), columns included"
		else
			fail "$name: $rule: the engines differ (< gcc, > clang):"
			diff <(with_notes "$tmp/$name.gcc") <(with_notes "$tmp/$name.clang") | sed 's/^/      /'
		fi
	done < "$tmp/engines"
done
rule=pgmap-type

if [ -f "$tmp/wrong-message.diff" ] && ! checked "$tmp/wrong-message.diff"; then
	pass "checker: a wrong message from the libclang engine fails"
else
	fail "checker: a wrong message from the libclang engine passed"
fi
if [ -f "$tmp/wrong-note.diff" ] && ! checked "$tmp/wrong-note.diff"; then
	pass "checker: a missing refcount-one note from the libclang engine fails"
else
	fail "checker: a missing refcount-one note from the libclang engine passed"
fi

# refcount-one's messages on each kernel version, as the plugin gives them:
# LINUX_VERSION_CODE on the command line, or the tree's version option.
src=testsrc/plugin/refcount-one-version.c rule=refcount-one
for v in "-DLINUX_VERSION_CODE=$(( (5 << 16) + (19 << 8) ))" "-DLINUX_VERSION_CODE=$(( (6 << 16) + (1 << 8) + 5 ))" \
	 "-DLINUX_VERSION_CODE=$(( (6 << 16) + (16 << 8) ))" -fplugin-arg-devmap_lint-kernel-version=6.12; do
	$tool -Wall $v $src > "$tmp/v.clang" 2>&1
	gcc -O2 -Wall -fplugin=$plugin -fplugin-arg-devmap_lint-enable=$rule $v -fdiagnostics-plain-output \
		-S -o /dev/null $src > "$tmp/v.gcc" 2>&1
	read -r _ same nw _ < <(engines "$tmp/v.gcc" "$tmp/v.clang" $rule)
	if [ "$nw" -gt 0 ] && [ "$same" = same ]; then
		pass "refcount-one $v: the libclang engine's $nw messages are the plugin's"
	else
		fail "refcount-one $v: the engines differ (< gcc, > clang):"
		diff <(with_notes "$tmp/v.gcc") <(with_notes "$tmp/v.clang") | sed 's/^/      /'
	fi
done

# The one difference between the engines rules/refcount-one.md lists for a
# comparison in a macro's body (the others there are in refcount-one.c,
# both engines): its right operand is the macro's argument.  Pinned, so
# that the doc cannot go stale: the plugin warns, the libclang engine is
# silent and still analyses the file.
cat > "$tmp/macro-arg.c" <<'EOF'
#include "kernel.h"
#define count_is(n, v)	((n) == v)

bool macro_arg_right(struct address_space *mapping)
{
	struct page *page = dax_layout_busy_page(mapping);

	return count_is(page_count(page), 1);
}
EOF
gcc -O2 -Wall -Itestsrc/plugin -fplugin=$plugin -fplugin-arg-devmap_lint-enable=refcount-one -fdiagnostics-plain-output \
	-S -o /dev/null "$tmp/macro-arg.c" > "$tmp/macro-arg.gcc" 2>&1
$tool -Wall -Itestsrc/plugin "$tmp/macro-arg.c" > "$tmp/macro-arg.clang" 2>&1
rc=$?
if grep -qxF "$tmp/macro-arg.c:8:25: warning: refcount of a ZONE_DEVICE page (read by 'page_count()') compared with 1: ZONE_DEVICE pages are idle at refcount 1 up to Linux 6.14 and at 0 from 6.15, where this test is wrong; there, test for 0 ('page_count() == 0') or use 'dax_page_is_idle()' [devmap-lint:refcount-one]" "$tmp/macro-arg.gcc" &&
   [ $rc -eq 0 ] && [ ! -s "$tmp/macro-arg.clang" ]; then
	pass "refcount-one, the known difference: a comparison in a macro's body with the argument on its right: the plugin warns, the libclang engine is silent (rules/refcount-one.md)"
else
	fail "refcount-one, the known difference of rules/refcount-one.md no longer holds (update the doc): gcc: $(tr '\n' '|' < "$tmp/macro-arg.gcc") libclang (exit $rc): $(tr '\n' '|' < "$tmp/macro-arg.clang")"
fi
rule=pgmap-type src=testsrc/plugin/pgmap-type.c

# The API table is read, never built in: a missing one is an error naming it, exit 2.
$tool -fplugin-arg-devmap_lint-rules=$tmp/no-such.tbl $src > "$tmp/notbl" 2>&1
rc=$?
if [ $rc -eq 2 ] && grep -q "cannot read the API table $tmp/no-such.tbl" "$tmp/notbl" && ! grep -q warning: "$tmp/notbl"; then
	pass "a missing API table: an error naming it, exit 2, no findings"
else
	fail "a missing API table (exit $rc): $(cat "$tmp/notbl")"
fi

# A flag the installed libclang does not know (a newer clang's) is dropped
# with a warning, and the file is still analysed.
$tool -fno-such-flag-devmap -Wall $src > "$tmp/unknown" 2>&1
rc=$?
if [ $rc -eq 0 ] && grep -q "warning: libclang [0-9?]* does not know '-fno-such-flag-devmap': dropped" "$tmp/unknown" &&
   [ "$(findings "$tmp/unknown" | grep -c warning)" = "$(findings "$tmp/pgmap-type.clang" | grep -c warning)" ]; then
	pass "an unknown flag is dropped with a warning and the file is analysed"
else
	fail "unknown flag (exit $rc):"; sed 's/^/      /' "$tmp/unknown"
fi

# A file that does not parse: the compiler's error line, exit 2, no findings.
printf 'int f(void)\n{\n\treturn undeclared;\n}\n' > "$tmp/bad.c"
$tool "$tmp/bad.c" > "$tmp/bad" 2>&1
rc=$?
if [ $rc -eq 2 ] && grep -q "bad.c:3:9: error: use of undeclared identifier 'undeclared'" "$tmp/bad" &&
   grep -q "the file was not analysed" "$tmp/bad"; then
	pass "a file that does not parse: its error line, 'not analysed', exit 2"
else
	fail "a file that does not parse (exit $rc):"; sed 's/^/      /' "$tmp/bad"
fi
$tool > "$tmp/none" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "no file to analyse" "$tmp/none" && pass "no file: a usage error, exit 2" ||
	fail "no file: exit $rc: $(cat "$tmp/none")"
# --help names what a user sets (the plugin's options, --each) and the rules.
"$tool" --help > "$tmp/help" 2>&1; rc=$?
[ $rc -eq 0 ] && grep -q -- '-fplugin-arg-devmap_lint-enable=RULE' "$tmp/help" && grep -q -- '--each=DIR' "$tmp/help" &&
	grep -q '^Exit status: 0 the file was analysed' "$tmp/help" && grep -qx 'rules: pgmap-type refcount-one pgmap-ref' "$tmp/help" &&
	pass "--help: options, exit status and rules, exit 0" || fail "--help (exit $rc): $(head -5 "$tmp/help" | tr '\n' '|')"
# The plugin's options are checked as the plugin checks them: a typo is an
# error naming it (exit 2, nothing analysed), not a clean file.
for bad in "enable=refcount_one|option 'enable': unknown rule 'refcount_one'" \
	   "disable=pgmap-ref,nosuch|option 'disable': unknown rule 'nosuch'" \
	   "kernel-version=6|option 'kernel-version' needs MAJOR.MINOR (e.g. 6.12), not '6'" \
	   "bogus=1|unknown option '-fplugin-arg-devmap_lint-bogus=1' (try --help)"; do
	"$tool" "-fplugin-arg-devmap_lint-${bad%%|*}" -Itestsrc/plugin testsrc/plugin/refcount-one.c > "$tmp/opt" 2>&1; rc=$?
	[ $rc -eq 2 ] && grep -qxF "devmap-lint-clang: error: ${bad#*|}" "$tmp/opt" && ! grep -q 'warning:' "$tmp/opt" &&
		pass "-fplugin-arg-devmap_lint-${bad%%|*}: an error naming it, exit 2, nothing analysed" ||
		fail "-fplugin-arg-devmap_lint-${bad%%|*} (exit $rc): $(head -3 "$tmp/opt" | tr '\n' '|')"
done
"$tool" -fplugin-arg-devmap_lint-analysis-only -fplugin-arg-devmap_lint-enable=refcount-one -Itestsrc/plugin \
	testsrc/plugin/refcount-one.c > "$tmp/opt" 2>&1; rc=$?
[ $rc -eq 0 ] && grep -q 'warning: .*\[devmap-lint:refcount-one\]' "$tmp/opt" && ! grep -q 'error' "$tmp/opt" &&
	pass "valid plugin options (analysis-only, enable=refcount-one) are taken: the file is analysed" ||
	fail "valid plugin options (exit $rc): $(head -3 "$tmp/opt" | tr '\n' '|')"
"$tool" -Itestsrc/plugin "$tmp/nosuch.c" > "$tmp/opt" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -qxF "devmap-lint-clang: error: cannot read $tmp/nosuch.c: No such file or directory" "$tmp/opt" &&
	pass "a file that does not exist: named, exit 2" || fail "missing file (exit $rc): $(head -3 "$tmp/opt" | tr '\n' '|')"
# --each's usage errors: no file after "--", a directory it cannot write.
"$tool" --each="$tmp" -Itestsrc/plugin -- > "$tmp/each1" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -qF "devmap-lint-clang: --each: no file after '--'" "$tmp/each1" &&
	pass "--each with no file after '--': a usage error, exit 2" || fail "--each, no file (exit $rc): $(cat "$tmp/each1")"
"$tool" --each="$tmp/no/such/dir" -Itestsrc/plugin -- testsrc/plugin/pgmap-ref.c > "$tmp/each2" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -qF "devmap-lint-clang: --each: cannot run on testsrc/plugin/pgmap-ref.c or write $tmp/no/such/dir/" "$tmp/each2" &&
	pass "--each into a directory that does not exist: names it, exit 2" || fail "--each, bad directory (exit $rc): $(cat "$tmp/each2")"

# The kbuild wrapper: kbuild's flags (dependency file, -Werror dropped), the
# per-file findings format of devmap-lint-cc (KEY.log, KEY.status), only
# the files asked for.
mkdir -p "$tmp/out"
DEVMAP_LINT_OUTDIR=$tmp/out DEVMAP_LINT_ONLY=testsrc/plugin/pgmap-type \
	scripts/devmap-lint-clang-cc -Wp,-MMD,$tmp/dep.d -Werror -Wall -c -o $tmp/x.o $src
DEVMAP_LINT_OUTDIR=$tmp/out DEVMAP_LINT_ONLY=testsrc/plugin/pgmap-type \
	scripts/devmap-lint-clang-cc -Wall testsrc/plugin/refcount-one.c
key='testsrc%plugin%pgmap-type.c'
if [ "$(cat "$tmp/out/$key.status" 2>/dev/null)" = 0 ] &&
   [ "$(findings "$tmp/out/$key.log")" = "$(findings "$tmp/pgmap-type.clang" | grep -v fix-it)" ] &&
   [ "$(grep -c '"rule": "pgmap-type"' "$tmp/out/$key.jsonl")" = "$(findings "$tmp/out/$key.log" | grep -c ': warning: ')" ] &&
   [ ! -e "$tmp/dep.d" ] && [ ! -e "$tmp/x.o" ] && [ "$(ls "$tmp/out" | wc -l)" = 3 ]; then
	pass "devmap-lint-clang-cc: KEY.log, KEY.jsonl (a record per warning) and KEY.status as devmap-lint-cc writes them, no object or dependency file, only the files asked for"
else
	fail "devmap-lint-clang-cc: $(ls "$tmp/out"), status $(cat "$tmp/out/$key.status" 2>/dev/null)"
fi

# A suppression comment for a rule the engine ran that suppresses nothing
# is reported (unused-suppression), pgmap-ref's too; for a rule the run
# left out (DEVMAP_LINT_RULES) it is not.
cat > "$tmp/stale.c" <<'EOF'
#include "kernel.h"

int stale_comment(unsigned long pfn)
{
	struct dev_pagemap *pgmap = get_dev_pagemap(pfn, NULL);

	if (!pgmap)
		return -1;
	/* devmap-lint: ignore pgmap-ref -- nothing to suppress here */
	put_dev_pagemap(pgmap);
	return 0;
}
EOF
skey=$(printf '%s' "$tmp/stale.c" | tr / %)
mkdir -p "$tmp/sup" "$tmp/sup2"
DEVMAP_LINT_OUTDIR=$tmp/sup scripts/devmap-lint-clang-cc -Wall -Itestsrc/plugin "$tmp/stale.c"
DEVMAP_LINT_OUTDIR=$tmp/sup2 DEVMAP_LINT_RULES=pgmap-type,refcount-one \
	scripts/devmap-lint-clang-cc -Wall -Itestsrc/plugin "$tmp/stale.c"
if grep -q '"rule": "unused-suppression".*ignore pgmap-ref' "$tmp/sup/$skey.jsonl" 2>/dev/null &&
   [ -f "$tmp/sup2/$skey.jsonl" ] && ! grep -q 'unused-suppression' "$tmp/sup2/$skey.jsonl"; then
	pass "devmap-lint-clang-cc: a stale 'ignore pgmap-ref' comment is reported when pgmap-ref ran, not when it was left out"
else
	fail "devmap-lint-clang-cc: unused suppression: ran: $(tr '\n' '|' < "$tmp/sup/$skey.jsonl" 2>&1) left out: $(tr '\n' '|' < "$tmp/sup2/$skey.jsonl" 2>&1)"
fi
