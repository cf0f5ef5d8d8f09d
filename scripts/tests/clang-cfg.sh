#!/usr/bin/env bash
# tier: unit
# The libclang engine's control-flow graph (plugin/clang-cfg.c), the one the
# lowering of the libclang engine builds on: devmap-lint-clang --dump-cfg on
# small C files (testsrc/clang-cfg/*.c) against their dumps, each reviewed
# by hand against the C (blocks, elements in evaluation order, terminators,
# successors and their labels, dead edges, calls that do not return);
# --check-cfg's invariants on them and on every function of
# testsrc/plugin/*.c (each evaluated expression an element of exactly one
# block, each jump the terminator of exactly one block, each label in one
# block, successor counts that match the terminators, a branch's condition
# last in its block, no predecessor of the entry; every block reaches the
# exit); the checker failing on a corrupted graph; the options' edges.
set -uo pipefail
cd "$(dirname "$0")/../.."
export LC_ALL=C
tool=build/devmap-lint-clang
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; }

if [ ! -x $tool ]; then
	fail "$tool is missing (make)"; exit 0
fi

# The tool runs once per mode on all the files (--each: a process forked
# per file, its stdout, stderr and exit status in DIR/KEY.out, .err and
# .status, KEY the path with '/' as '%'), not once per file: loading
# libclang is most of the time of a run on these small files.
# each_result DIR SRC: the paths of SRC's results into out, err; its status into rc.
each_result() {
	local key=${2//\//%}
	out=$1/$key.out err=$1/$key.err rc=none
	read -r rc < "$1/$key.status"
}

# The dumps, against the reviewed ones.
slurp() {	# VAR FILE: FILE's bytes (up to a NUL) into VAR ("" if none), without a process
	printf -v "$1" ''
	IFS= read -r -d '' "$1" < "$2"
}
mkdir -p "$tmp/dump"
$tool --each="$tmp/dump" --dump-cfg -- testsrc/clang-cfg/*.c
for src in testsrc/clang-cfg/*.c; do
	name=${src##*/}; name=${name%.c}
	each_result "$tmp/dump" "$src"
	slurp want "testsrc/clang-cfg/$name.expected"; slurp got "$out"
	if [ "$rc" != 0 ] || [ -s "$err" ]; then
		fail "$name: --dump-cfg exited $rc: $(head -3 "$err" | tr '\n' '|')"
	elif [ -n "$want" ] && [ "$want" == "$got" ]; then
		mapfile -t lines < "$out"
		nfn=0 nblocks=0
		for l in "${lines[@]}"; do
			[[ $l == "function "* ]] && nfn=$((nfn + 1))
			[[ $l == B[0-9]* ]] && nblocks=$((nblocks + 1))
		done
		pass "$name: the CFG of its $nfn functions is the reviewed dump ($nblocks blocks)"
	else
		diff -u "testsrc/clang-cfg/$name.expected" "$out" > "$tmp/diff"
		fail "$name: the CFG differs from testsrc/clang-cfg/$name.expected:"; sed 's/^/      /' "$tmp/diff" | head -40
	fi
done

# A few facts of those dumps, pinned on their own (the reading a lowering relies on).
# fn_cfg FILE FUNCTION: FUNCTION's part of FILE's dump into $tmp/fn, read by
# bash (awk '/^function /{on = ($2 == fn)} on': a function's lines start at
# its "function NAME" line and end at the next function's).
fn_cfg() {
	local l on=0
	mapfile -t lines < "$tmp/dump/testsrc%clang-cfg%$1.c.out"
	for l in "${lines[@]}"; do
		[[ $l =~ ^function\ [[:space:]]*([^[:space:]]*) ]] && { on=0; [ "${BASH_REMATCH[1]}" = "$2" ] && on=1; }
		[ $on = 1 ] && printf '%s\n' "$l"
	done > "$tmp/fn"
}
has() {	# NAME FILE FUNCTION PATTERN: PATTERN (grep -E) in FUNCTION's dump
	local name=$1 file=$2 fn=$3 pattern=$4
	fn_cfg "$file" "$fn"
	if grep -qE -- "$pattern" "$tmp/fn"; then
		pass "$name"
	else
		fail "$name: no '$pattern' in $fn's CFG"
	fi
}
lacks() {	# NAME FILE FUNCTION PATTERN: PATTERN (grep -E) not in FUNCTION's dump, which exists
	local name=$1 file=$2 fn=$3 pattern=$4
	fn_cfg "$file" "$fn"
	if [ -s "$tmp/fn" ] && ! grep -qE -- "$pattern" "$tmp/fn"; then
		pass "$name"
	else
		fail "$name: '$pattern' in $fn's CFG (or no such function)"
	fi
}
has "do { } while (0): its back edge is dead" loops do_loop 'succs: B3 true \(dead\), B5 false$'
has "for (;;): its false edge is dead" loops for_missing 'succs: B2 true, B4 false \(dead\)$'
has "switch: case, GNU range, default last" switch with_default 'succs: B2 case 1, B3 case 2 \.\.\. 4, B4 default$'
has "switch without default: the implicit default" switch without_default 'B3 default \(implicit\)$'
has "continue inside a switch goes to the loop" switch in_loop 'succs: B1 continue$'
has "goto *p: to the address-taken labels only" goto computed 'succs: B1 goto, B2 goto$'
has "a label nothing reaches is unreachable" goto computed '^B3 \[unreachable\]$'
has "asm goto: fall-through, then its label" goto asm_goto 'succs: B2, B1 asm$'
has "asm goto in a macro: its label argument" goto asm_macro 'succs: B5, B1 asm$'
lacks "an asm naming a variable that is also a label's name: no jump" goto asm_macro 'term GCCAsmStmt 51:9'
has "&& in a condition branches to the if's targets" logic cond_and_or 'term BinaryOperator 6:13 `a&&\(b\|\|c\)`'
has "&& as a value: an element where both paths meet" logic value_and 'elem BinaryOperator 12:17 `a&&g\(b\)`'
has "GNU a ?: b: a evaluated once, true goes to the join" logic elvis 'succs: B2 true, B1 false$'
lacks "__builtin_offsetof (4 kids, as a ?: b) is no branch" logic offset '^  term UnexposedExpr'
has "panic() (GNU noreturn) ends its block" noreturn checks 'noreturn CallExpr 20:9 `panic\("zero"\)`'
has "_Noreturn die() ends its block" noreturn after_die 'noreturn CallExpr 26:17 `die\(a\)`'
has "code after calls that do not return is unreachable" noreturn after_die '^B3 \[unreachable\]$'
has "an endless loop has no exit" noreturn endless '^B1 \[no exit\]$'
has "&& in a macro's body, right operand in the body: a branch" macro-logic macros 'term BinaryOperator 11:13 `BOTH\(x, y\)`'
has "|| in a macro's body, right operand an argument: one block (the known limit)" macro-logic macros 'elem BinaryOperator 13:20 `x, y`'
lacks "__builtin_choose_expr: the operand not chosen is no element" stmtexpr choose '`g\(-a\)`'
has "a statement expression's value is last" stmtexpr stmt_expr 'elem StmtExpr 8:17'

# The invariants, on the small files and on every function of the unit tests.
mkdir -p "$tmp/checks"
$tool --each="$tmp/checks" --check-cfg -- testsrc/clang-cfg/*.c testsrc/plugin/*.c
for src in testsrc/clang-cfg/*.c testsrc/plugin/*.c; do
	name=${src#testsrc/}
	each_result "$tmp/checks" "$src"
	mapfile -t lines < "$err"; mapfile -t -O ${#lines[@]} lines < "$out"	# as 2>&1 puts them
	line=
	for l in "${lines[@]}"; do [[ $l =~ ^cfg:\ [0-9]*\ functions ]] && line=$l; done
	want_noexit=0
	[ "$name" = clang-cfg/noreturn.c ] && want_noexit=3	# endless(): its 3 blocks before the exit
	if [ "$rc" = 0 ] && [[ $line == *", $want_noexit without exit, "*", 0 violations" ]]; then
		pass "$name: invariants hold (${line#cfg: })"
	else
		fail "$name: --check-cfg exited $rc: $(printf '%s\n' "${lines[@]}" | grep -v '^cfg: [0-9]* functions' | head -5 | tr '\n' '|') $line"
	fi
done

# The checker can fail: an element dropped from the first block.
DEVMAP_LINT_CFG_CORRUPT=1 $tool --check-cfg testsrc/clang-cfg/basic.c > "$tmp/check" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q 'violation: an evaluated expression is no element: UnaryOperator 9:16' "$tmp/check" &&
   grep -q ', 5 violations$' "$tmp/check"; then
	pass "checker: a corrupted CFG fails the invariants (exit 1, the dropped element named)"
else
	fail "checker: a corrupted CFG passed (exit $rc): $(tr '\n' '|' < "$tmp/check")"
fi

# Options: one function; a file that does not parse; the rules' mode untouched.
$tool --dump-cfg --cfg-function=elvis testsrc/clang-cfg/logic.c > "$tmp/one" 2>&1
if [ "$(grep -c '^function ' "$tmp/one")" = 1 ] && grep -q '^function elvis ' "$tmp/one"; then
	pass "--cfg-function=NAME dumps that function only"
else
	fail "--cfg-function=elvis: $(grep '^function ' "$tmp/one" | tr '\n' '|')"
fi
printf 'int f(void) { return }\n' > "$tmp/bad.c"
$tool --dump-cfg "$tmp/bad.c" > "$tmp/out" 2>&1
rc=$?
if [ $rc -eq 2 ] && grep -q 'error: expected expression' "$tmp/out" && grep -q 'the file was not analysed' "$tmp/out" &&
   ! grep -q '^function ' "$tmp/out"; then
	pass "--dump-cfg on a file that does not parse: its error, exit 2, no dump"
else
	fail "--dump-cfg on a file that does not parse: exit $rc: $(tr '\n' '|' < "$tmp/out")"
fi
$tool testsrc/clang-cfg/basic.c > "$tmp/out" 2>&1
rc=$?
if [ $rc -eq 0 ] && [ ! -s "$tmp/out" ]; then
	pass "without --dump-cfg the tool runs the rules (silent on a file without findings)"
else
	fail "without --dump-cfg: exit $rc: $(head -3 "$tmp/out" | tr '\n' '|')"
fi
