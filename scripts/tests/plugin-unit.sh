#!/usr/bin/env bash
# tier: unit
# The plugin on annotated test files (testsrc/plugin/*.c), at -O0, -O2, -Os.
#
# Annotations, in comments on the line a diagnostic points at:
#   expect: RULE "TEXT"   a [devmap-lint:RULE] warning whose message contains
#                         TEXT is reported on this line.  Two on one line
#                         mean two warnings there.
#   /* note */            a note points at this line, in the group of the
#   /* note "TEXT" */     warning it explains (its text containing TEXT).
#   /* note #L */         That warning is, by default, the first expectation
#                         at or after the note's line in the same function,
#                         else the last one before it; "#L" names it
#                         instead: the expectation written  expect: RULE "TEXT" #L
# Everything else is silent: every devmap-lint warning and each of its notes
# must be expected, exactly as often as it is reported.
set -uo pipefail
cd "$(dirname "$0")/../.."
plugin=build/devmap_lint.so
export LC_ALL=C	# quotes in messages are ASCII: expect: RULE "... 'x' ..."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# check SRC LOG [RULE]: compare the annotations of SRC with the diagnostics in
# LOG (gcc -fdiagnostics-plain-output); prints the differences, exits 1 if
# any.  scripts/tests/annotations.py (clang-unit uses it too).
check() {
	python3 scripts/tests/annotations.py "$@"
}

# compile KIND OPT SRC OUT: the plugin on SRC at OPT, into OUT (exit status
# in OUT.rc): a full compile (KIND full) or one that stops after the
# analysis (KIND stop, what devmap-lint check runs).  Every compile of the
# suite runs first, two at a time; the checks below read their logs.
compile() {
	local kind=$1 opt=$2 src=$3 out=$4
	if [ "$kind" = stop ]; then
		gcc $opt -Wall -fplugin=$plugin -fplugin-arg-devmap_lint-analysis-only \
			-fdiagnostics-plain-output -S -o /dev/null "$src" > "$out" 2>&1
	else
		gcc $opt -Wall -fplugin=$plugin -fdiagnostics-plain-output -c -o /dev/null "$src" > "$out" 2>&1
	fi
	echo $? > "$out.rc"
}
export -f compile; export plugin
for src in testsrc/plugin/*.c; do
	name=$(basename "$src" .c)
	for opt in -O0 -O2 -Os; do
		echo "full $opt $src $tmp/$name$opt.log"
		echo "stop $opt $src $tmp/$name$opt.stop"
	done
done | xargs -P 2 -n 4 bash -c 'compile "$@"' compile

for src in testsrc/plugin/*.c; do
	name=$(basename "$src" .c)
	for opt in -O0 -O2 -Os; do
		log=$tmp/$name$opt.log
		rc=$(cat "$log.rc")
		if [ $rc -ne 0 ]; then
			echo "FAIL: $name $opt: compiler exited $rc"; sed 's/^/      /' "$log"; continue
		fi
		if grep -q 'devmap-lint' "$log" && grep 'warning:.*devmap-lint' "$log" | grep -vq '\[devmap-lint:[a-z-]*\]$'; then
			echo "FAIL: $name $opt: a warning does not end with [devmap-lint:RULE]"; continue
		fi
		if check "$src" "$log" > "$tmp/diff"; then
			echo "PASS: $name $opt: $(grep -c 'expect:' "$src") lines of expectations, messages and notes"
		else
			echo "FAIL: $name $opt: the diagnostics differ from the annotations:"
			sed 's/^/      /' "$tmp/diff"
		fi
	done
done

# The checker itself: a wrong text, a note in the wrong group, a second
# warning on one line and a missing one are all caught.
cat > "$tmp/self.c" <<'EOF'
int f(void)
{
	int a = 0;	/* note */
	return a;	/* expect: pgmap-ref "leaks" */ /* expect: pgmap-ref "twice" */
}
EOF
selftest() {	# NAME WANT-EXIT LOG-LINES...
	local name=$1 want=$2; shift 2
	printf '%s\n' "$@" > "$tmp/self.log"
	check "$tmp/self.c" "$tmp/self.log" > "$tmp/self.out"
	if [ $? -eq "$want" ]; then echo "PASS: checker: $name"; else
		echo "FAIL: checker: $name: exit $?, wanted $want:"; sed 's/^/      /' "$tmp/self.out"; fi
}
w1='self.c:4:2: warning: x leaks here [devmap-lint:pgmap-ref]'
w2='self.c:4:2: warning: x is put twice [devmap-lint:pgmap-ref]'
n3='self.c:3:6: note: taken here'
selftest "exact diagnostics pass" 0 "$w1" "$n3" "$w2"
selftest "the note in the other warning's group fails" 1 "$w1" "$w2" "$n3"
selftest "one of two warnings on a line missing fails" 1 "$w1" "$n3"
selftest "a third warning on the line fails" 1 "$w1" "$n3" "$w2" "$w2"
selftest "a wrong message fails" 1 "$w1" "$n3" "${w2/twice/again}"
selftest "an extra note fails" 1 "$w1" "$n3" "$n3" "$w2"
selftest "a warning of another rule fails" 1 "$w1" "$n3" "${w2/pgmap-ref/pgmap-type}"

# The worked example of rules/README.md: rules/example/rule-toy-ref.c built
# with the core into a plugin of its own, on its annotated test file.
ex=rules/example
if make -s build/example/devmap_lint.so > "$tmp/ex.log" 2>&1; then
	for opt in -O0 -O2; do
		gcc $opt -Wall -fplugin=build/example/devmap_lint.so -fplugin-arg-devmap_lint-rules=$ex/toy.tbl \
			-fdiagnostics-plain-output -c -o /dev/null $ex/toy-ref-test.c > "$tmp/ex$opt.log" 2>&1
		if [ $? -eq 0 ] && check $ex/toy-ref-test.c "$tmp/ex$opt.log" > "$tmp/diff"; then
			echo "PASS: the example rule (toy-ref) $opt: its expectations, messages and notes"
		else
			echo "FAIL: the example rule (toy-ref) $opt:"; sed 's/^/      /' "$tmp/diff" "$tmp/ex$opt.log"
		fi
	done
else
	echo "FAIL: the example rule does not build:"; sed 's/^/      /' "$tmp/ex.log"
fi

# analysis-only (what devmap-lint check uses) stops after the analysis: the
# diagnostics must be exactly those of a full compile, at every level.
for src in testsrc/plugin/*.c; do
	name=$(basename "$src" .c)
	for opt in -O0 -O2 -Os; do
		full=$tmp/$name$opt.log stop=$tmp/$name$opt.stop
		rc=$(cat "$stop.rc")
		if [ $rc -eq 0 ] && grep -q 'devmap-lint:' $full && cmp -s $full $stop; then
			echo "PASS: $name $opt: analysis-only reports exactly what a full compile does"
		else
			echo "FAIL: $name $opt: analysis-only differs from a full compile (exit $rc)"
		fi
	done
done
echo 'int x;' > $tmp/bad.c
if ! gcc -fplugin=$plugin -fplugin-arg-devmap_lint-analysis-only=yes -c -o /dev/null $tmp/bad.c 2> $tmp/err &&
   grep -q "analysis-only.*takes no value" $tmp/err; then
	echo "PASS: analysis-only=VALUE is an error that names the option"
else
	echo "FAIL: analysis-only=VALUE: $(cat $tmp/err)"
fi
