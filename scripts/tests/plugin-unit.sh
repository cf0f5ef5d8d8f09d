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

# check SRC LOG: compare the annotations of SRC with the diagnostics in LOG
# (gcc -fdiagnostics-plain-output); prints the differences, exits 1 if any.
check() {
	python3 - "$1" "$2" <<'EOF'
import os, re, sys
src, log = sys.argv[1], sys.argv[2]
base = os.path.basename(src)

EXPECT = re.compile(r'expect:\s*([a-z][a-z-]*)(?:\s+"([^"]*)")?(?:\s+#(\w+))?')
NOTE = re.compile(r'/\*\s*note(?:\s+"([^"]*)")?(?:\s+#(\w+))?\s*\*/')
problems = []

# Expectations: [line, rule, text, label, func, notes]; notes: [line, text]
expects, notes = [], []
func = 0
for n, line in enumerate(open(src, encoding='utf-8'), 1):
    for m in EXPECT.finditer(line):
        if m.group(2) is None:
            problems.append('%d: "expect: %s" without the "TEXT" of its message' % (n, m.group(1)))
        expects.append([n, m.group(1), m.group(2) or '', m.group(3), func, []])
    for m in NOTE.finditer(line):
        notes.append((n, m.group(1) or '', m.group(2), func))
    if line.startswith('}'):
        func += 1
for n, text, label, f in notes:
    if label:
        owner = [e for e in expects if e[3] == label]
        if len(owner) != 1:
            problems.append('%d: note #%s: %d expectations carry that label' % (n, label, len(owner)))
            continue
        owner = owner[0]
    else:
        same = [e for e in expects if e[4] == f]
        after = [e for e in same if e[0] >= n]
        owner = after[0] if after else (same[-1] if same else None)
        if owner is None:
            problems.append('%d: note with no expectation in its function' % n)
            continue
    owner[5].append((n, text))

# Reported: [line, rule, message, notes]; notes of devmap-lint warnings only.
DIAG = re.compile(r'^(.*?):(\d+):\d+: (warning|note|error): (.*)$')
reported, current = [], None
for raw in open(log, encoding='utf-8', errors='replace'):
    m = DIAG.match(raw.rstrip('\n'))
    if not m:
        continue
    path, line, kind, msg = m.group(1), int(m.group(2)), m.group(3), m.group(4)
    where = line if os.path.basename(path) == base else '%s:%d' % (path, line)
    if kind == 'note':
        if current is not None:
            current[3].append((where, msg))
        continue
    current = None
    t = re.search(r' \[devmap-lint:([a-z-]+)\]$', msg)
    if kind == 'warning' and t:
        current = [where, t.group(1), msg, []]
        reported.append(current)

def match(want, got, ok):
    """Pair each of WANT with one of GOT (ok(w, g)); a maximum matching."""
    pair = {}
    def augment(i, seen):
        for j, g in enumerate(got):
            if j in seen or not ok(want[i], g):
                continue
            seen.add(j)
            if j not in pair or augment(pair[j], seen):
                pair[j] = i
                return True
        return False
    for i in range(len(want)):
        augment(i, set())
    return {i: j for j, i in pair.items()}

m = match(expects, reported, lambda e, r: e[0] == r[0] and e[1] == r[1] and e[2] in r[2])
for i, e in enumerate(expects):
    if i not in m:
        problems.append('%d: missing %s warning containing "%s"' % (e[0], e[1], e[2]))
        continue
    r = reported[m[i]]
    nm = match(e[5], r[3], lambda w, g: w[0] == g[0] and w[1] in g[1])
    for k, w in enumerate(e[5]):
        if k not in nm:
            problems.append('%d: missing note "%s" of the warning at line %d' % (w[0], w[1], e[0]))
    for k, g in enumerate(r[3]):
        if k not in nm.values():
            problems.append('%s: unexpected note of the warning at line %d: %s' % (g[0], e[0], g[1]))
for j, r in enumerate(reported):
    if j not in m.values():
        problems.append('%s: unexpected warning: %s' % (r[0], r[2]))
        for g in r[3]:
            problems.append('%s:   with note: %s' % (g[0], g[1]))
for p in sorted(problems, key=lambda p: int(re.match(r'\d*', p).group() or 0)):
    print(p)
sys.exit(1 if problems else 0)
EOF
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
