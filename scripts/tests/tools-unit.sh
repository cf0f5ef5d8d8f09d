#!/usr/bin/env bash
# tier: unit
# Unit tests of the command's C helpers (build/devmap-patch, build/devmap-report)
# on the small inputs in testsrc/tools/.
source "$(dirname "$0")/lib.bash"
t=testsrc/tools
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
P=build/devmap-patch R=build/devmap-report

# expect_status NAME WANT CMD...: the command exits WANT.
expect_status() {
	local name=$1 want=$2; shift 2
	"$@" > $tmp/out 2> $tmp/err
	local rc=$?
	if [ $rc -eq "$want" ]; then pass "$name"; else fail "$name: exit $rc, wanted $want: $(head -2 $tmp/err)"; fi
}

$P files $t/two-files.patch > $tmp/files; compare "patch: files of a two-file patch" $t/two-files.files $tmp/files
$P added $t/two-files.patch > $tmp/added; compare "patch: added lines, new and patch line numbers" $t/two-files.added $tmp/added
$P added - < $t/two-files.patch > $tmp/added2; compare "patch: reads standard input" $t/two-files.added $tmp/added2
$P files $t/git-headers.patch > $tmp/files-git
compare "patch: files of git's sections without a hunk (a rename only, a mode change, a binary file; not a deleted file)" \
	$t/git-headers.files $tmp/files-git
printf 'diff --git a/Documentation/a.txt b/Documentation/b.txt\nsimilarity index 100%%\nrename from Documentation/a.txt\nrename to Documentation/b.txt\n' > $tmp/rename.patch
$P files $tmp/rename.patch > $tmp/files-ren 2> $tmp/err && [ "$(cat $tmp/files-ren)" = Documentation/b.txt ] &&
	pass "patch: a patch that only renames a file is a patch of that file" ||
	fail "patch: rename only: $(cat $tmp/files-ren $tmp/err)"
expect_status "patch: garbage is an error" 2 $P files $t/garbage.patch
grep -q 'not a unified diff' $tmp/err && pass "patch: garbage error says why" || fail "patch: garbage error message: $(cat $tmp/err)"
expect_status "patch: a truncated hunk is an error" 2 $P files $t/truncated.patch
expect_status "patch: a missing file is an error" 2 $P files $t/no-such.patch

$P postimage $t/two-files.patch $tmp/post
if [ "$(sed -n 11p $tmp/post/fs/dax.c)" = B ] && [ "$(sed -n 42p $tmp/post/fs/dax.c)" = F ] &&
   [ "$(sed -n 9p $tmp/post/fs/dax.c)" = "" ] && [ "$(cat $tmp/post/mm/new.c)" = "$(printf 'int one;\nint two;')" ]; then
	pass "patch: post-image lines at their own line numbers"
else
	fail "patch: post-image lines misplaced"
fi

# The findings format: GCC's text read once, by devmap-report --from-gcc.
$R --from-gcc $t/findings.txt > $tmp/findings.jsonl
compare "report --from-gcc: the plugin's warnings and notes as findings records" $t/findings.jsonl $tmp/findings.jsonl
$P checkpatch $t/two-files.patch $t/findings.jsonl > $tmp/cp; rc=$?
[ $rc -eq 1 ] && pass "checkpatch: exit 1 with findings" || fail "checkpatch: exit $rc"
compare "checkpatch: only added lines, de-duplicated, checkpatch format, notes (NOTE: FILE:) under their own warning only" $t/checkpatch.expected $tmp/cp
$P checkpatch --terse --ignore devmap_pgmap_type $t/two-files.patch $t/findings.jsonl > $tmp/cpt
compare "checkpatch: --terse and --ignore" $t/checkpatch-terse-ignore.expected $tmp/cpt
$P checkpatch --types DEVMAP_NONE $t/two-files.patch $t/findings.jsonl > $tmp/cpn; rc=$?
[ $rc -eq 0 ] && grep -q '^total: 0 errors, 0 warnings' $tmp/cpn && pass "checkpatch: --types filters, exit 0 when clean" || fail "checkpatch: --types: exit $rc"

# devmap-report: relative paths, header findings de-duplicated, other warnings dropped.
$R --tree /tree $t/report-out > $tmp/rep; rc=$?
[ $rc -eq 1 ] && pass "report: exit 1 with findings" || fail "report: exit $rc"
compare "report: sorted, relative, de-duplicated text" $t/report.expected $tmp/rep
$R --format json --tree /tree $t/report-out > $tmp/rep.json
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert len(d['findings'])==2 and d['findings'][1]['notes'][0]['line']==4" $tmp/rep.json &&
	pass "report: JSON parses and carries the notes" || fail "report: JSON"
$R --format sarif --tree /tree --rules-dir rules $t/report-out > $tmp/rep.sarif
python3 scripts/tests/check-sarif.py $tmp/rep.sarif 2 && pass "report: SARIF 2.1.0 fields code scanning requires" || fail "report: SARIF"
$R --tree /tree --baseline $tmp/base --update-baseline $t/report-out > /dev/null; rc=$?
[ $rc -eq 0 ] && [ "$(grep -vc '^#' $tmp/base)" = 2 ] && pass "report: --update-baseline writes the findings, exit 0" || fail "report: --update-baseline exit $rc"
$R --tree /tree --baseline $tmp/base $t/report-out > $tmp/rep-base; rc=$?
[ $rc -eq 0 ] && [ ! -s $tmp/rep-base ] && pass "report: no new finding against the baseline, exit 0" || fail "report: baseline exit $rc"
head -2 $tmp/base > $tmp/base1
$R --tree /tree --baseline $tmp/base1 $t/report-out > $tmp/rep-base1; rc=$?
[ $rc -eq 1 ] && [ "$(grep -c warning: $tmp/rep-base1)" = 1 ] && pass "report: only the new finding against a partial baseline" || fail "report: partial baseline exit $rc"
expect_status "report: an internal compiler error is an error, not 0 findings" 2 $R $t/report-ice
expect_status "report: unknown format" 2 $R --format xml $t/report-out
expect_status "report: missing directory" 2 $R $t/no-such-dir

# A hunk inside a function is wrapped in a function of its own on the blank
# lines around it, so spatch can parse it; its lines keep their numbers.
$P postimage $t/mid-function.patch $tmp/mid
if [ "$(sed -n 19p $tmp/mid/mm/x.c)" = "void __devmap_lint_hunk_1(void) {" ] &&
   [ "$(sed -n 23p $tmp/mid/mm/x.c)" = "		ret = page_count(page);" ] &&
   [ "$(sed -n 27p $tmp/mid/mm/x.c)" = "}" ] &&
   [ "$(tr -cd '{' < $tmp/mid/mm/x.c | wc -c)" = "$(tr -cd '}' < $tmp/mid/mm/x.c | wc -c)" ]; then
	pass "patch: a hunk inside a function is wrapped so it parses"
else
	fail "patch: mid-function post-image: $(sed -n 19,27p $tmp/mid/mm/x.c | tr '\n' '|')"
fi

# relocate: a patch applied at an offset gets the line numbers where its
# hunks are in the applied file; a hunk that is not there stays; every
# other line is the patch's own.
mkdir -p $tmp/rel/mm
printf 'int pad%d;\n' 1 2 3 4 5 6 7 8 9 10 > $tmp/rel/mm/y.c
cat > $tmp/rel.patch <<'PATCH'
--- a/mm/y.c
+++ b/mm/y.c
@@ -2,2 +2,3 @@ ctx
 int pad6;
+int added;
 int pad7;
@@ -20,1 +21,2 @@
 int nowhere;
+int gone;
PATCH
sed -i '6a int added;' $tmp/rel/mm/y.c
$P relocate $tmp/rel.patch $tmp/rel > $tmp/rel.out 2> $tmp/rel.err
if grep -qx '@@ -6,2 +6,3 @@ ctx' $tmp/rel.out && grep -qx '@@ -20,1 +21,2 @@' $tmp/rel.out &&
   [ "$(grep -v '^@@' $tmp/rel.out)" = "$(grep -v '^@@' $tmp/rel.patch)" ] &&
   $P added $tmp/rel.out | grep -qxF "$(printf 'mm/y.c\t7\t5\tint added;')"; then
	pass "relocate: a hunk 4 lines off is moved to where it applied, one that is not there stays, other lines unchanged"
else
	fail "relocate: $(tr '\n' '|' < $tmp/rel.out) $(cat $tmp/rel.err)"
fi
$P relocate - $tmp/rel < $tmp/rel.patch > /dev/null 2>&1
[ $? = 2 ] && pass "relocate: a patch on standard input is a usage error (it is read twice)" ||
	fail "relocate: standard input accepted"
