#!/usr/bin/env bash
# pgmap-type on the real Linux trees (6.1 and 6.12), each against its
# reviewed record in testsrc/realtree/VERSION/:
#   pgmap-type.files     the file set
#   pgmap-type.sites     every memory-type test, MEMORY_DEVICE_* use and
#                        memory-type predicate call in it, with its verdict
#   pgmap-type.implicit  the fire sites spelled out: SITE and the types the
#                        message must name as implicit
#   pgmap-type.expected  the exact output of check
source "$(dirname "$0")/lib.bash"
top_tmp=$(mktemp -d); trap 'rm -rf "$top_tmp"' EXIT

check_version() {
kv=$1
tree=$(kernel_tree $kv)
record=testsrc/realtree/$kv/pgmap-type
tmp=$top_tmp/$kv; mkdir -p $tmp

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
	pass "$kv: every memory-type site grep finds ($(wc -l < $tmp/grep-sites)) is reviewed in $record.sites"
else
	fail "$kv: sites not reviewed in $record.sites:"; sed 's/^/      /' $tmp/unreviewed
fi
awk '!/^#/ && NF && $2 != "fire" && $2 != "silent" && $2 != "part" {print}' $record.sites > $tmp/badverdict
[ ! -s $tmp/badverdict ] && pass "$kv: every recorded verdict is fire, silent or part" ||
	{ fail "$kv: bad verdicts:"; sed 's/^/      /' $tmp/badverdict; }

# 4. The sites recorded as "fire" are exactly the warnings' lines.
realtree_fire_sites $record

# 5. The fire sites spelled out.
check_implicit
}

# The fire sites spelled out: each names the types it leaves implicit
# (pgmap-type.implicit: SITE TYPES...), and every site reviewed as silent
# (exhaustive switches, single-type predicates) is silent.
check_implicit() {
while read -r site implicit; do
	case $site in ''|'#'*) continue ;; esac
	if grep -q "^$site:[0-9]*: warning: .*$implicit" $tmp/actual; then
		pass "$kv: $site is reported, naming $implicit"
	else
		fail "$kv: $site is not reported with the implicit types $implicit"
	fi
done < $record.implicit
silent_sites=$(awk '!/^#/ && $2 == "silent" {print $1}' $record.sites)
loud=$(for s in $silent_sites; do grep -q "^$s:" $tmp/actual && echo $s; done)
[ -z "$loud" ] && pass "$kv: $(echo $silent_sites | wc -w) sites reviewed as silent are silent" ||
	fail "$kv: reported although reviewed as silent: $loud"
}

# The clang-built 6.12 tree (make LLVM=1, scripts/kernel-tree --version 6.12
# --llvm): check runs the libclang engine there, and its findings must be
# the GCC-built tree's record, exactly - the same sources, and the rule's
# judgement is one piece of code (plugin/ir-pgmap-type.c).  Differences
# between the engines would go in rules/pgmap-type.md.
# DEVMAP_LINT_LLVM_TREE: another clang-configured 6.12 tree (a copy).
check_llvm() {
realtree_llvm_run pgmap-type || return
check_implicit
}

for v in $(realtree_versions); do check_version $v; done
case " $(realtree_versions) " in *" 6.12 "*) check_llvm ;; esac
