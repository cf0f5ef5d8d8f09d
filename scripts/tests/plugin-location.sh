#!/usr/bin/env bash
# Exact locations (refcount-one): every warning and note of the refcount-one
# unit tests is at the same line AND column at -O0, -O2 and -Os, and the
# comparisons written on the second line of a && / || condition are reported
# at their own line and column (GCC gives the whole condition the location
# of the operator on the line above).
source "$(dirname "$0")/lib.bash"
plugin=build/devmap_lint.so
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C

for src in testsrc/plugin/refcount-one*.c; do
	name=$(basename "$src" .c)
	for opt in -O0 -O2 -Os; do
		gcc $opt -fplugin=$plugin -fdiagnostics-plain-output -c -o /dev/null "$src" 2>&1 |
			grep -E ': (warning|note): ' | cut -d: -f1-4 | sort > "$tmp/$name$opt"
	done
	if [ -s "$tmp/$name-O2" ] && cmp -s "$tmp/$name-O0" "$tmp/$name-O2" && cmp -s "$tmp/$name-Os" "$tmp/$name-O2"; then
		pass "$name: every warning and note at the same line:column at -O0, -O2, -Os"
	else
		fail "$name: locations differ between -O0, -O2, -Os:"
		diff "$tmp/$name-O0" "$tmp/$name-O2" | sed 's/^/      /'
		diff "$tmp/$name-Os" "$tmp/$name-O2" | sed 's/^/      /'
	fi
done

# at FUNCTION TEXT: the warning in FUNCTION of refcount-one-folio.c is at the
# line and column (tabs expanded to 8, as GCC counts) where TEXT starts.
src=testsrc/plugin/refcount-one-folio.c
at() {
	local fn=$1 text=$2 want got
	want=$(awk -v fn="$fn" -v text="$text" '
		$0 ~ "^[a-z].* " fn "\\(" { infn = 1 }	# the definition of FUNCTION
		infn && index($0, text) {
			line = $0; out = ""
			for (i = 1; i <= length(line); i++) {
				c = substr(line, i, 1)
				if (c == "\t") { n = 8 - length(out) % 8; out = out sprintf("%" n "s", "") } else out = out c
			}
			print FNR ":" index(out, text); exit
		}' "$src")
	for opt in -O0 -O2 -Os; do
		got=$(gcc $opt -fplugin=$plugin -fdiagnostics-plain-output -c -o /dev/null "$src" 2>&1 |
			LC_ALL=C grep -E "In function|: warning: " | awk -v fn="$fn" '/In function/ { cur = index($0, "\x27" fn "\x27") > 0; next } cur { split($0, f, ":"); print f[2] ":" f[3]; exit }')
		if [ -n "$want" ] && [ "$got" = "$want" ]; then
			pass "$fn $opt: reported at $want, where '$text' is written"
		else
			fail "$fn $opt: reported at '${got:-nothing}', not at ${want:-?} ('$text')"
		fi
	done
}
at p2p_free 'page_ref_count(page) == 1'
at zone_device_busy 'page_ref_count(page) != 1'
at counted_first '== 1'
at counted_if '!= refs'
at counted_warn '> 1'
