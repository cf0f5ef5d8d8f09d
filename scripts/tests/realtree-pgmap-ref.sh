#!/usr/bin/env bash
# pgmap-ref on the real Linux 6.1 tree, against the reviewed record:
#   testsrc/realtree/pgmap-ref.files     every file that calls get/put_dev_pagemap()
#   testsrc/realtree/pgmap-ref.sites     every call in them, with its verdict
#   testsrc/realtree/pgmap-ref.expected  the exact output of check (6.1 is clean)
source "$(dirname "$0")/lib.sh"
tree=$(kernel_tree)
record=testsrc/realtree/pgmap-ref
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

files=$(grep -v '^#' $record.files)
calls='\b(get|put)_dev_pagemap\('
# A comment line (" * get_dev_pagemap() - ..."), not "*pgmap = get_dev_pagemap(...)".
comment='^[^:]*:[0-9]+:\s*(\*\s|\*$|\*/|/\*)'

# 1. The findings, exactly.  The rule prints one line per function it
#    analysed when DEVMAP_LINT_PGMAP_REF_STATS is set (kept in the logs).
DEVMAP_LINT_PGMAP_REF_STATS=1 DEVMAP_LINT_WORK=$tmp/work scripts/devmap-lint check \
	--tree "$tree" --plugin-arg enable=pgmap-ref $files > $tmp/actual 2> $tmp/stderr
rc=$?
want_rc=0; [ -s $record.expected ] && want_rc=1
if [ $rc -eq $want_rc ]; then pass "check exits $want_rc"; else fail "check exited $rc, not $want_rc"; cat $tmp/stderr; fi
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

# 3. The file set is complete: no other C file of the tree calls the pair.
(cd "$tree" && grep -rnE --include='*.c' "$calls" . | grep -vE "$comment" |
	cut -d: -f1 | sed 's|^\./||' | sort -u) > $tmp/grep-files
echo "$files" | sort > $tmp/recorded-files
compare "every C file of the tree that calls get/put_dev_pagemap() is in $record.files" \
	$tmp/recorded-files $tmp/grep-files

# 4. The record covers every call: each one grep finds has a reviewed verdict.
(cd "$tree" && grep -nE "$calls" $files | grep -vE "$comment" | cut -d: -f1,2) | sort > $tmp/grep-sites
grep -v '^#' $record.sites | awk '{print $1}' | sort > $tmp/recorded-sites
compare "every get/put_dev_pagemap() call of the file set is reviewed in $record.sites" \
	$tmp/grep-sites $tmp/recorded-sites

# 5. The sites recorded as "fire" are exactly the warnings' lines.
awk '$2 == "fire" {print $1}' $record.sites | sort > $tmp/fire-sites
grep ': warning: ' $tmp/actual | cut -d: -f1,2 | sort -u > $tmp/warned-sites
compare "warnings fall exactly on the sites reviewed as 'fire'" $tmp/fire-sites $tmp/warned-sites

# 6. Clean means analysed: every function of the record was checked to the
#    end, none skipped past the rule's bounds.
grep -v '^#' $record.sites | awk '{print $3}' | sort -u > $tmp/recorded-functions
cat $tmp/work/out/*.log | awk '$1 == "pgmap-ref-stats" && $NF == "checked" {print $3}' |
	sort -u > $tmp/checked-functions
compare "every function of $record.sites was analysed" $tmp/recorded-functions $tmp/checked-functions
skipped=$(cat $tmp/work/out/*.log | awk '$1 == "pgmap-ref-stats" && $NF == "skipped" {print $2 ":" $3}')
[ -z "$skipped" ] && pass "no function skipped past the bounds" || fail "skipped: $skipped"
