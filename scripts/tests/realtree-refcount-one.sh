#!/usr/bin/env bash
# refcount-one on the real Linux 6.1 tree, against the reviewed record:
#   testsrc/realtree/refcount-one.sites     every refcount-vs-1 site in the
#                                           file set, with its verdict
#   testsrc/realtree/refcount-one.expected  the exact output of check
source "$(dirname "$0")/lib.sh"
tree=$(kernel_tree)
record=testsrc/realtree/refcount-one
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

files=$(grep -v '^#' $record.files)

# 1. The findings, exactly.
DEVMAP_LINT_WORK=$tmp/work scripts/devmap-lint check --tree "$tree" \
	--plugin-arg enable=refcount-one $files > $tmp/actual 2> $tmp/stderr
rc=$?
if [ $rc -eq 1 ]; then pass "check exits 1 on findings"; else fail "check exited $rc, not 1"; cat $tmp/stderr; fi
compare "findings on Linux 6.1 match the record" $record.expected $tmp/actual

# 2. Every file of the set was checked, with no compiler error.
for f in $files; do
	key=$(printf '%s' "$f" | tr '/' '%')
	if [ "$(cat "$tmp/work/out/$key.status" 2>/dev/null)" != 0 ]; then
		fail "$f was not checked cleanly"
	fi
done
n=$(ls $tmp/work/out/*.status 2>/dev/null | wc -l)
want=$(echo $files | wc -w)
[ "$n" -eq "$want" ] && pass "all $want files checked" || fail "$n files checked, expected $want"

# 3. The record covers every site: each refcount read compared with 1 or 2,
#    or set to 1, found by grep in the file set, has a reviewed verdict.
readers='page_count|page_ref_count|folio_ref_count|folio_count|page_ref_(add|sub|inc|dec)_return|folio_ref_(add|sub|inc|dec)_return|atomic_read\(&[a-z_>.-]*_refcount\)|set_page_count|folio_set_count|init_page_count|set_page_refcounted'
(cd "$tree" && grep -nE "($readers)" $files | grep -E "[=!<>]=? *[12]\b|\b[12] *[=!<>]|, *1\)|init_page_count|set_page_refcounted" |
	grep -v '^\S*:[0-9]*:\s*\*' | cut -d: -f1,2) | sort > $tmp/grep-sites
grep -v '^#' $record.sites | awk '{print $1}' | sort > $tmp/recorded-sites
compare "every refcount-vs-1 site of the file set is reviewed in $record.sites" $tmp/grep-sites $tmp/recorded-sites

# 4. The sites recorded as "fire" are exactly the warnings' lines.
awk '$2 == "fire" {print $1}' $record.sites | sort > $tmp/fire-sites
grep ': warning: ' $tmp/actual | cut -d: -f1,2 | sort -u > $tmp/warned-sites
compare "warnings fall exactly on the sites reviewed as 'fire'" $tmp/fire-sites $tmp/warned-sites

# 5. Every warning carries a note saying why the page is ZONE_DEVICE.
awk '/: warning: /{if (w && !n) bad++; w=1; n=0; next} /: note: .*(comes from|holds on this path|pgmap is used)/{n=1} END{if (w && !n) bad++; print bad+0}' $tmp/actual > $tmp/bad
[ "$(cat $tmp/bad)" = 0 ] && pass "every warning explains why the page is ZONE_DEVICE" || fail "$(cat $tmp/bad) warning(s) without a ZONE_DEVICE note"
