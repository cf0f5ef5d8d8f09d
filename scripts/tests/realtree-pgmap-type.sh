#!/usr/bin/env bash
# pgmap-type on the real Linux 6.1 tree, against the reviewed record:
#   testsrc/realtree/pgmap-type.files     the file set
#   testsrc/realtree/pgmap-type.sites     every memory-type test, MEMORY_DEVICE_*
#                                         use and memory-type predicate call in
#                                         it, with its verdict
#   testsrc/realtree/pgmap-type.expected  the exact output of check
source "$(dirname "$0")/lib.bash"
tree=$(kernel_tree)
record=testsrc/realtree/pgmap-type
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# The headers that define enum memory_type and the predicates: part of
# every file above, so their sites are reviewed too.
headers="include/linux/memremap.h include/linux/mm.h"

# 1-2. The findings, exactly; every file checked cleanly.
realtree_run pgmap-type $record

# 3. The record covers every site grep finds: MEMORY_DEVICE_* outside
#    comments, switches on a pgmap's type, and memory-type predicate calls.
predicates='is_device_private_page|folio_is_device_private|is_device_coherent_page|folio_is_device_coherent|is_pci_p2pdma_page|folio_is_pci_p2pdma|is_fsdax_page|is_device_dax_page|page_is_devmap_managed|folio_is_devmap_managed'
(cd "$tree" && grep -nE "\bMEMORY_DEVICE_[A-Z0-9_]+|switch *\(.*(pgmap|pagemap)[^)]*type|\b($predicates)\(" $files $headers |
	grep -vE '^[^:]*:[0-9]+:\s*(\*|/\*|//)' | cut -d: -f1,2) | sort > $tmp/grep-sites
grep -v '^#' $record.sites | awk 'NF {print $1}' | sort > $tmp/recorded-sites
comm -23 $tmp/grep-sites $tmp/recorded-sites > $tmp/unreviewed
if [ ! -s $tmp/unreviewed ]; then
	pass "every memory-type site grep finds ($(wc -l < $tmp/grep-sites)) is reviewed in $record.sites"
else
	fail "sites not reviewed in $record.sites:"; sed 's/^/      /' $tmp/unreviewed
fi
awk '!/^#/ && NF && $2 != "fire" && $2 != "silent" && $2 != "part" {print}' $record.sites > $tmp/badverdict
[ ! -s $tmp/badverdict ] && pass "every recorded verdict is fire, silent or part" ||
	{ fail "bad verdicts:"; sed 's/^/      /' $tmp/badverdict; }

# 4. The sites recorded as "fire" are exactly the warnings' lines.
realtree_fire_sites $record

# 5. The issue's cases, spelled out: the 6.1 chains and the incomplete
#    switch name the types they leave implicit; the exhaustive switch of
#    memremap_pages() and the single-type predicates stay silent.
implicit='MEMORY_DEVICE_FS_DAX, MEMORY_DEVICE_GENERIC and MEMORY_DEVICE_PCI_P2PDMA'
for site in mm/memremap.c:141 mm/memremap.c:270 mm/memremap.c:511 mm/mm_init.c:239 mm/memory-failure.c:1625; do
	if grep -q "^$site:[0-9]*: warning: .*$implicit" $tmp/actual; then
		pass "$site is reported, naming $implicit"
	else
		fail "$site is not reported with the implicit types"
	fi
done
silent_sites=$(awk '!/^#/ && $2 == "silent" {print $1}' $record.sites)
loud=$(for s in $silent_sites; do grep -q "^$s:" $tmp/actual && echo $s; done)
[ -z "$loud" ] && pass "$(echo $silent_sites | wc -w) sites reviewed as silent are silent (memremap_pages() switch, predicates, assignments, other enums)" ||
	fail "reported although reviewed as silent: $loud"
