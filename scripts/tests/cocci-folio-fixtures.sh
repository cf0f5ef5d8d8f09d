#!/usr/bin/env bash
# tier: unit
# cocci-folio-fixtures: the devmap-to-folio semantic patches
# (cocci/folio_*.cocci) on their fixtures, without a kernel tree
# (cocci-folio.sh has the Linux 6.1 cases).
#
# Fixtures, testsrc/cocci/folio_*/NAME.c, without a target (the default,
# 6.19; cocci-folio.sh runs every target kernel): the patch result must
# equal NAME.V.res and the report NAME.V.rep, where V is the greatest
# version <= the target that has such a file (none: the file is left
# unchanged / nothing reported).  The version in a file name is thus where
# the rule's behaviour changes.  Context and org mode must run and agree
# with report mode; a second patch run on the result must change nothing.
#
# spatch is called here with the flags scripts/devmap-cocci uses (macro
# file, candidate files from the rule's grep query, --file-groups, --patch,
# run outside the tree with HOME moved), plus -D target=..., which the
# runner cannot pass yet.
source "$(dirname "$0")/lib.bash"
command -v spatch >/dev/null || { fail "spatch not installed"; exit 0; }

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/cocci-folio.bash"

# ---------------------------------------------------------------------
# Fixtures, default target (the target matrix is in cocci-folio.sh).
t0=$(date +%s)
fixture_cases -
timing fixtures $t0
exit 0
