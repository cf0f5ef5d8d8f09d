#!/usr/bin/env bash
# The plugin on annotated test files (testsrc/plugin/*.c), at -O0, -O2, -Os.
#
# In a test file, "expect: RULE" on a line means a [devmap-lint:RULE]
# warning must be reported on that line, and "note" that a note must point
# at it.  Every other line must stay silent: the comparison is exact.
set -uo pipefail
cd "$(dirname "$0")/../.."
plugin=build/devmap_lint.so
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# The expectations of FILE: "LINE warning RULE" and "LINE note".
expected() {
	awk '{
		line = $0
		while (match(line, /expect: [a-z-]+/)) {
			print FNR " warning " substr(line, RSTART + 8, RLENGTH - 8)
			line = substr(line, RSTART + RLENGTH)
		}
		if ($0 ~ /\/\* note \*\//) print FNR " note"
	}' "$1" | sort -u
}

# What the plugin reported on FILE, in the same form.
actual() {
	local file=$1 log=$2 base
	base=$(basename "$file")
	sed -n "s|^[^:]*$base:\([0-9]*\):[0-9]*: warning: .*\[devmap-lint:\([a-z-]*\)\]\$|\1 warning \2|p;
		s|^[^:]*$base:\([0-9]*\):[0-9]*: note: .*|\1 note|p" "$log" | sort -u
}

for src in testsrc/plugin/*.c; do
	name=$(basename "$src" .c)
	for opt in -O0 -O2 -Os; do
		log=$tmp/$name$opt.log
		gcc $opt -Wall -fplugin=$plugin -fdiagnostics-plain-output -c -o /dev/null "$src" > "$log" 2>&1
		rc=$?
		if [ $rc -ne 0 ]; then
			echo "FAIL: $name $opt: compiler exited $rc"; sed 's/^/      /' "$log"; continue
		fi
		if grep -q 'devmap-lint' "$log" && grep 'warning:.*devmap-lint' "$log" | grep -vq '\[devmap-lint:[a-z-]*\]$'; then
			echo "FAIL: $name $opt: a warning does not end with [devmap-lint:RULE]"; continue
		fi
		if diff <(expected "$src") <(actual "$src" "$log") > "$tmp/diff"; then
			echo "PASS: $name $opt"
		else
			echo "FAIL: $name $opt: expected (<) and reported (>) differ:"
			sed 's/^/      /' "$tmp/diff"
		fi
	done
done

# analysis-only (what devmap-lint check uses) stops after the analysis: the
# diagnostics must be exactly those of a full compile, at every level.
for src in testsrc/plugin/*.c; do
	name=$(basename "$src" .c)
	for opt in -O0 -O2 -Os; do
		gcc $opt -Wall -fplugin=$plugin -fdiagnostics-plain-output -c -o /dev/null "$src" > $tmp/full 2>&1
		gcc $opt -Wall -fplugin=$plugin -fplugin-arg-devmap_lint-analysis-only \
			-fdiagnostics-plain-output -S -o /dev/null "$src" > $tmp/stop 2>&1
		rc=$?
		if [ $rc -eq 0 ] && grep -q 'devmap-lint:' $tmp/full && cmp -s $tmp/full $tmp/stop; then
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
