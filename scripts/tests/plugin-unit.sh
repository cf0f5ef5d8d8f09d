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

# The diagnostics of every log are compared with the annotations by one
# start of scripts/tests/annotations.py (clang-unit uses it too), after
# the compiles: each check adds a line OUT<TAB>SRC<TAB>LOG to $tmp/checks,
# and its differences are then in OUT (empty when there are none; no OUT
# when the checker did not get to it).
# check OUT SRC LOG: queue that check.
check() {
	printf '%s\t%s\t%s\n' "$@" >> "$tmp/checks"
}
# checked OUT: the queued check found no difference.
checked() {
	[ -f "$1" ] && [ ! -s "$1" ]
}
# differences OUT: what the queued check found, indented.
differences() {
	if [ -f "$1" ]; then sed 's/^/      /' "$1"; else echo "      (not checked: see the checker's errors)"; fi
}

# compile KIND OPT SRC OUT: the plugin on SRC at OPT, into OUT (exit status
# in OUT.rc): a full compile (KIND full: every pass down to the assembly
# code; the assembler, which adds no diagnostic, is not run) or one that
# stops after the analysis (KIND stop, what devmap-lint check runs).
# Every compile of the suite runs first, two bash processes each running
# half of them; the checks below read their logs.
compile() {
	local kind=$1 opt=$2 src=$3 out=$4
	if [ "$kind" = stop ]; then
		gcc $opt -Wall -fplugin=$plugin -fplugin-arg-devmap_lint-analysis-only \
			-fdiagnostics-plain-output -S -o /dev/null "$src" > "$out" 2>&1
	else
		gcc $opt -Wall -fplugin=$plugin -fdiagnostics-plain-output -S -o /dev/null "$src" > "$out" 2>&1
	fi
	echo $? > "$out.rc"
}
compile_all() {	# KIND OPT SRC OUT, KIND OPT SRC OUT, ...
	while [ $# -ge 4 ]; do compile "$1" "$2" "$3" "$4"; shift 4; done
}
export -f compile compile_all; export plugin
srcs=(testsrc/plugin/*.c)
njobs=$(( ${#srcs[@]} * 3 * 2 ))
for src in "${srcs[@]}"; do
	name=${src##*/}; name=${name%.c}
	for opt in -O0 -O2 -Os; do
		echo "full $opt $src $tmp/$name$opt.log"
		echo "stop $opt $src $tmp/$name$opt.stop"
		check "$tmp/$name$opt.diff" "$src" "$tmp/$name$opt.log"
	done
done | xargs -P 2 -n $(( (njobs + 1) / 2 * 4 )) bash -c 'compile_all "$@"' compile_all

# The checker itself: a wrong text, a note in the wrong group, a second
# warning on one line and a missing one are all caught.
cat > "$tmp/self.c" <<'EOF'
int f(void)
{
	int a = 0;	/* note */
	return a;	/* expect: pgmap-ref "leaks" */ /* expect: pgmap-ref "twice" */
}
EOF
selftests=()	# NAME WANT-EXIT, NAME WANT-EXIT, ...: the checker's cases
selflog() {	# NAME WANT-EXIT LOG-LINES...: queue the checker on that log
	local n=$(( ${#selftests[@]} / 2 ))
	selftests+=("$1" "$2"); shift 2
	printf '%s\n' "$@" > "$tmp/self$n.log"
	check "$tmp/self$n.diff" "$tmp/self.c" "$tmp/self$n.log"
}
w1='self.c:4:2: warning: x leaks here [devmap-lint:pgmap-ref]'
w2='self.c:4:2: warning: x is put twice [devmap-lint:pgmap-ref]'
n3='self.c:3:6: note: taken here'
selflog "exact diagnostics pass" 0 "$w1" "$n3" "$w2"
selflog "the note in the other warning's group fails" 1 "$w1" "$w2" "$n3"
selflog "one of two warnings on a line missing fails" 1 "$w1" "$n3"
selflog "a third warning on the line fails" 1 "$w1" "$n3" "$w2" "$w2"
selflog "a wrong message fails" 1 "$w1" "$n3" "${w2/twice/again}"
selflog "an extra note fails" 1 "$w1" "$n3" "$n3" "$w2"
selflog "a warning of another rule fails" 1 "$w1" "$n3" "${w2/pgmap-ref/pgmap-type}"

# The worked example of rules/README.md: rules/example/rule-toy-ref.c built
# with the core into a plugin of its own, on its annotated test file.
ex=rules/example
ex_built=0
if make -s build/example/devmap_lint.so > "$tmp/ex.log" 2>&1; then
	ex_built=1
	for opt in -O0 -O2; do
		gcc $opt -Wall -fplugin=build/example/devmap_lint.so -fplugin-arg-devmap_lint-rules=$ex/toy.tbl \
			-fdiagnostics-plain-output -S -o /dev/null $ex/toy-ref-test.c > "$tmp/ex$opt.log" 2>&1
		echo $? > "$tmp/ex$opt.log.rc"
		check "$tmp/ex$opt.diff" $ex/toy-ref-test.c "$tmp/ex$opt.log"
	done
fi

# Every check queued above, in one start of the checker.
python3 scripts/tests/annotations.py --batch "$tmp/checks" 2> "$tmp/checker.err"
if [ -s "$tmp/checker.err" ]; then
	echo "the checker's errors:"; sed 's/^/      /' "$tmp/checker.err"
fi

# The number of expectations of each file, and the logs with a devmap-lint
# warning that does not end with its [devmap-lint:RULE] tag.
declare -A nexpect untagged
while IFS=: read -r f n; do nexpect[$f]=$n; done < <(grep -c 'expect:' "${srcs[@]}")
while IFS= read -r f; do untagged[$f]=1; done < <(grep -H 'warning:.*devmap-lint' "$tmp"/*.log |
	grep -v '\[devmap-lint:[a-z-]*\]$' | sed 's/:.*//')

for src in "${srcs[@]}"; do
	name=${src##*/}; name=${name%.c}
	for opt in -O0 -O2 -Os; do
		log=$tmp/$name$opt.log
		rc=none; read -r rc < "$log.rc"
		if [ "$rc" != 0 ]; then
			echo "FAIL: $name $opt: compiler exited $rc"; sed 's/^/      /' "$log"; continue
		fi
		if [ -n "${untagged[$log]:-}" ]; then
			echo "FAIL: $name $opt: a warning does not end with [devmap-lint:RULE]"; continue
		fi
		if checked "$tmp/$name$opt.diff"; then
			echo "PASS: $name $opt: ${nexpect[$src]} lines of expectations, messages and notes"
		else
			echo "FAIL: $name $opt: the diagnostics differ from the annotations:"
			differences "$tmp/$name$opt.diff"
		fi
	done
done

for ((i = 0; i < ${#selftests[@]}; i += 2)); do
	name=${selftests[i]} want=${selftests[i + 1]} diff=$tmp/self$((i / 2)).diff
	got=1; checked "$diff" && got=0
	if [ -f "$diff" ] && [ $got -eq "$want" ]; then echo "PASS: checker: $name"; else
		echo "FAIL: checker: $name: exit $got, wanted $want:"; differences "$diff"; fi
done

if [ $ex_built = 1 ]; then
	for opt in -O0 -O2; do
		rc=none; read -r rc < "$tmp/ex$opt.log.rc"
		if [ "$rc" = 0 ] && checked "$tmp/ex$opt.diff"; then
			echo "PASS: the example rule (toy-ref) $opt: its expectations, messages and notes"
		else
			echo "FAIL: the example rule (toy-ref) $opt:"; differences "$tmp/ex$opt.diff"; sed 's/^/      /' "$tmp/ex$opt.log"
		fi
	done
else
	echo "FAIL: the example rule does not build:"; sed 's/^/      /' "$tmp/ex.log"
fi

# analysis-only (what devmap-lint check uses) stops after the analysis: the
# diagnostics must be exactly those of a full compile, at every level.
slurp() {	# VAR FILE: FILE's bytes (up to a NUL) into VAR ("" if none), without a process
	printf -v "$1" ''
	IFS= read -r -d '' "$1" < "$2"
}
for src in "${srcs[@]}"; do
	name=${src##*/}; name=${name%.c}
	for opt in -O0 -O2 -Os; do
		slurp full "$tmp/$name$opt.log"; slurp stop "$tmp/$name$opt.stop"
		rc=none; read -r rc < "$tmp/$name$opt.stop.rc"
		if [ "$rc" = 0 ] && [[ $full == *devmap-lint:* ]] && [ "$full" == "$stop" ]; then
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
