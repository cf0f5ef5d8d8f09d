# Shared helpers for the test suites (sourced).
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$top" || exit 2

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; }

# The kernel versions the real-tree suites run on: Debian's linux-source-6.1
# and linux-source-6.12 (DEVMAP_LINT_KERNELS="6.12" to run one of them).
# Each version's reviewed records live in testsrc/realtree/VERSION/.
realtree_versions() {
	echo "${DEVMAP_LINT_KERNELS:-6.1 6.12}"
}

# kernel_tree [VERSION]: the configured tree of VERSION (default 6.1),
# prepared by `make check` before the suites.
kernel_tree() {
	scripts/kernel-tree --version "${1:-6.1}" 2>/dev/null ||
		{ echo "FAIL: no Linux ${1:-6.1} tree (scripts/kernel-tree --version ${1:-6.1} failed)"; exit 1; }
}

# expect NAME WANT-STATUS PATTERN CMD...: CMD exits WANT-STATUS and PATTERN
# (grep -E; empty: any output) is in its stdout or stderr.  Needs $tmp.
expect() {
	local name=$1 want=$2 pattern=$3; shift 3
	"$@" > $tmp/out 2> $tmp/err
	local rc=$?
	if [ $rc -ne "$want" ]; then
		fail "$name: exit $rc, wanted $want: $(tail -3 $tmp/err | tr '\n' '|') $(tail -3 $tmp/out | tr '\n' '|')"
	elif [ -n "$pattern" ] && ! grep -qE -- "$pattern" $tmp/out $tmp/err; then
		fail "$name: no '$pattern' in the output: $(tail -3 $tmp/err | tr '\n' '|') $(tail -3 $tmp/out | tr '\n' '|')"
	else
		pass "$name"
	fi
}

# run_bg NAME CMD...: CMD in the background (the caller waits), its
# stdout, stderr and exit status in $tmp/NAME.out, .err, .rc.
run_bg() {
	local name=$1; shift
	{ "$@" > "$tmp/$name.out" 2> "$tmp/$name.err"; echo $? > "$tmp/$name.rc"; } &
}

# expect_ran NAME WANT-STATUS TEXT [RUN]: the command run by run_bg RUN
# (default: by expect_text) exited WANT-STATUS, and TEXT (a fixed string:
# messages quote code) is in its stdout or stderr.
expect_ran() {
	local name=$1 want=$2 text=$3 run=${4:-} rc
	local out=$tmp/${run:+$run.}out err=$tmp/${run:+$run.}err
	rc=$(cat "$tmp/${run:+$run.}rc")
	if [ "$rc" -ne "$want" ]; then fail "$name: exit $rc, wanted $want: $(head -3 "$err")"
	elif ! grep -qF -- "$text" "$out" "$err"; then fail "$name: no '$text' in: $(head -3 "$err")"
	else pass "$name"; fi
}

# expect_text NAME WANT-STATUS TEXT CMD...: expect with a fixed string.
expect_text() {
	local name=$1 want=$2 text=$3; shift 3
	"$@" > "$tmp/out" 2> "$tmp/err"
	echo $? > "$tmp/rc"
	expect_ran "$name" "$want" "$text"
}

# compare NAME EXPECTED-FILE ACTUAL-FILE: exact comparison, diff on failure.
compare() {
	if diff -u "$2" "$3" > "$3.diff"; then
		pass "$1"
	else
		fail "$1: expected (-) and actual (+) differ:"
		sed 's/^/      /' "$3.diff" | head -60
	fi
}

# split_out KIND FILE NAME...: the lines of FILE, the output of one spatch
# run over several fixtures, split per fixture into FILE.NAME.  KIND diff:
# sections start at "diff ... NAME" headers; report: the "NAME:" prefix;
# org: the "view:NAME::" link.  A line of no fixture (an error, a stray
# message) goes to every fixture, so it fails each of them.
split_out() {
	local kind=$1 file=$2; shift 2
	awk -v kind="$kind" -v out="$file" -v names="$*" '
		BEGIN { n = split(names, a, " "); for (i = 1; i <= n; i++) { known[a[i]] = 1; printf "" > (out "." a[i]) } }
		{
			key = ""
			if (kind == "diff") { if (/^diff /) { k = $NF; sub(/.*\//, "", k); cur = k }; key = cur }
			else if (kind == "report") { k = $0; sub(/:.*/, "", k); key = k }
			else if (match($0, /view:[^:]*::/)) key = substr($0, RSTART + 5, RLENGTH - 7)
			if (key in known) print > (out "." key)
			else for (i = 1; i <= n; i++) print > (out "." a[i])
		}' "$file"
}

# realtree_run RULE RECORD [VAR=VALUE...]
#   Check the files of RECORD.files on the real tree with RULE only (and the
#   environment VAR=VALUE...), then report: the exit status (1 if
#   RECORD.expected holds findings, else 0), the output equal to
#   RECORD.expected, and every file compiled cleanly with the plugin.
#   Needs $tree, $kv (its version, for the test names) and $tmp; sets
#   $files; leaves $tmp/actual, $tmp/stderr and the per-file logs in
#   $tmp/work/out.
realtree_run() {
	local rule=$1 record=$2 rc want_rc=0 f key bad=0 n; shift 2
	files=$(grep -v '^#' "$record.files")
	# shellcheck disable=SC2086
	env "$@" DEVMAP_LINT_WORK="$tmp/work" scripts/devmap-lint check --tree "$tree" \
		--plugin-arg "enable=$rule" $files > "$tmp/actual" 2> "$tmp/stderr"
	rc=$?
	[ -s "$record.expected" ] && want_rc=1
	if [ $rc -eq $want_rc ]; then pass "$kv $rule: check exits $want_rc"; else
		fail "$kv $rule: check exited $rc, not $want_rc"; tail -5 "$tmp/stderr"; fi
	compare "$kv $rule: findings on Linux $kv match $record.expected" "$record.expected" "$tmp/actual"
	for f in $files; do
		key=$(printf '%s' "$f" | tr '/' '%')
		if [ "$(cat "$tmp/work/out/$key.status" 2>/dev/null)" != 0 ]; then
			fail "$kv $rule: $f was not checked cleanly"; bad=1
		fi
	done
	n=$(echo $files | wc -w)
	[ $bad = 0 ] && pass "$kv $rule: all $n files checked cleanly"
}

# realtree_fire_sites RECORD: the warnings of $tmp/actual fall exactly on
# the sites RECORD.sites reviews as "fire".
realtree_fire_sites() {
	awk '!/^#/ && $2 == "fire" {print $1}' "$1.sites" | sort > "$tmp/fire-sites"
	grep ': warning: ' "$tmp/actual" | cut -d: -f1,2 | sort -u > "$tmp/warned-sites"
	compare "$kv: warnings fall exactly on the sites reviewed as 'fire'" "$tmp/fire-sites" "$tmp/warned-sites"
}

# realtree_llvm_run RULE [ENV=VALUE...]: the clang-built 6.12 tree ($DEVMAP_LINT_LLVM_TREE
# or scripts/kernel-tree --version 6.12 --llvm) checked for RULE through
# the libclang engine, against the GCC 6.12 record: realtree_run, that check
# said it ran the libclang engine, realtree_fire_sites.  Sets kv, tree,
# record and tmp as the callers' GCC-tree cases do; returns 1 (after a FAIL)
# when there is no such tree.
realtree_llvm_run() {
	kv=6.12-llvm
	tree=${DEVMAP_LINT_LLVM_TREE:-$(scripts/kernel-tree --version 6.12 --llvm 2>/dev/null)} ||
		{ fail "$kv: no clang-built 6.12 tree (scripts/kernel-tree --version 6.12 --llvm)"; return 1; }
	record=testsrc/realtree/6.12/$1
	tmp=$top_tmp/$kv; mkdir -p $tmp
	realtree_run "$1" $record "${@:2}"
	if grep -q "the libclang engine" $tmp/stderr; then
		pass "$kv: check ran the libclang engine"
	else
		fail "$kv: check did not say it ran the libclang engine: $(tail -3 $tmp/stderr | tr '\n' '|')"
	fi
	realtree_fire_sites $record
}
