# Shared helpers for the test suites (sourced).
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$top" || exit 2

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; }

# The configured Linux 6.1 tree (prepared by `make check` before the suites).
kernel_tree() {
	scripts/kernel-tree 2>/dev/null || { echo "FAIL: no kernel tree (scripts/kernel-tree failed)"; exit 1; }
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
