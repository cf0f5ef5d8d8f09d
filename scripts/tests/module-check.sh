#!/usr/bin/env bash
# module-check: devmap-lint check --module on the out-of-tree driver
# testsrc/module/devmem_compat/ against the real Linux 6.1 and 6.12 trees,
# and the suppression comments (check --module, the report formats).
#
# - against both trees: one report; the pgmap-type finding of
#   devmem_policy.c (the same message on both) lists both kernels, the
#   refcount-one one comes once per kernel with that kernel's message; text,
#   JSON and SARIF; paths relative to the module directory;
# - a make variable after -- reaches the build; bad input is exit 2 with
#   the cause: no directory, no Kbuild, nothing built, a module that does
#   not compile, a word after -- that is not MAKEVAR=VAL, --diff with it;
# - suppressions (testsrc/module/devmem_supp.c added to a copy): the line
#   above and the same line suppress; another rule named or a comment two
#   lines above do not, and such a comment is reported as unused; JSON and
#   SARIF list the suppressed findings with the reason;
# - the module directory and the trees are left as they were.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
D=scripts/devmap-lint
mod=testsrc/module/devmem_compat

t61=$(kernel_tree)
t612=$(scripts/kernel-tree --version 6.12 2>/dev/null) ||
	{ fail "no Linux 6.12 tree (scripts/kernel-tree --version 6.12 failed)"; exit 1; }
v61=$(sed -n 's/^SUBLEVEL = //p' "$t61/Makefile"); v61=6.1.$v61
v612=$(sed -n 's/^SUBLEVEL = //p' "$t612/Makefile"); v612=6.12.$v612
for t in "$t61" "$t612"; do stat -c '%Y %s' "$t/.config" "$t/include/config/auto.conf"; done > "$tmp/trees.before"
(cd "$mod" && find . -type f | sort | xargs sha256sum) > "$tmp/mod.before"

# 1. Against both trees: one merged report.
expect "check --module against 6.1 and 6.12: findings, exit 1" 1 '' \
	$D check --module "$mod" --tree "$t61" --tree "$t612" -j 2
cp "$tmp/out" "$tmp/both.txt"; cp "$tmp/err" "$tmp/both.err"
grep -qx "devmem_policy.c:12:9: warning: switch on 'pgmap->type': MEMORY_DEVICE_FS_DAX, MEMORY_DEVICE_GENERIC and MEMORY_DEVICE_PCI_P2PDMA fall into 'default'; give every memory type its own case \[devmap-lint:pgmap-type\]" "$tmp/both.txt" &&
	pass "check --module: the pgmap-type finding, path relative to the module" ||
	fail "check --module: no pgmap-type finding at devmem_policy.c:12:9: $(head -3 "$tmp/both.txt")"
grep -qx "devmem_policy.c:12:9: note: seen on kernels $v61, $v612" "$tmp/both.txt" &&
	[ "$(grep -c 'devmem_policy.c:12:9: warning:' "$tmp/both.txt")" = 1 ] &&
	pass "check --module: a finding seen on both kernels is reported once and names both" ||
	fail "check --module: the pgmap-type finding is not merged: $(grep 'devmem_policy.c:12' "$tmp/both.txt")"
grep -q "^devmem_policy.c:26:48: warning: .*right on Linux 6.1, where ZONE_DEVICE pages are idle at refcount 1" "$tmp/both.txt" &&
	grep -q "^devmem_policy.c:26:48: warning: .*right on Linux 6.12, where ZONE_DEVICE pages are idle at refcount 1" "$tmp/both.txt" &&
	[ "$(grep -c '^devmem_policy.c:26:48: note: seen on kernel ' "$tmp/both.txt")" = 2 ] &&
	grep -qx "devmem_policy.c:26:48: note: seen on kernel $v61" "$tmp/both.txt" &&
	grep -qx "devmem_policy.c:26:48: note: seen on kernel $v612" "$tmp/both.txt" &&
	pass "check --module: refcount-one once per kernel, each with its kernel's message and name" ||
	fail "check --module: refcount-one per kernel: $(grep 'devmem_policy.c:26' "$tmp/both.txt" | cut -c1-120)"
! grep -q '^/' "$tmp/both.txt" && pass "check --module: no absolute path in the report" ||
	fail "check --module: absolute paths: $(grep '^/' "$tmp/both.txt" | head -2)"
grep -q "checking the module .* against $t612 (Linux $v612)" "$tmp/both.err" &&
	pass "check --module: says which tree it builds against" || fail "check --module: progress: $(cat "$tmp/both.err")"

$D check --module "$mod" --tree "$t61" --tree "$t612" -j 2 --format json > "$tmp/both.json" 2>/dev/null
python3 - "$tmp/both.json" "$v61" "$v612" <<'EOF' && pass "check --module: JSON lists the kernels of every finding" || fail "check --module: JSON kernels"
import json, sys
d = json.load(open(sys.argv[1]))["findings"]
k = {(f["rule"], f["message"].split(":")[1][:40]): f["kernels"] for f in d}
assert len(d) == 3, d
t = [f for f in d if f["rule"] == "pgmap-type"][0]
assert t["kernels"] == [sys.argv[2], sys.argv[3]] and t["file"] == "devmem_policy.c" and not t["suppressed"], t
r = sorted(f["kernels"] for f in d if f["rule"] == "refcount-one")
assert r == sorted([[sys.argv[2]], [sys.argv[3]]]), r
EOF
$D check --module "$mod" --tree "$t61" --tree "$t612" -j 2 --format sarif > "$tmp/both.sarif" 2>/dev/null
python3 scripts/tests/check-sarif.py "$tmp/both.sarif" 3 &&
	python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['runs'][0]['results']; assert sorted(len(x['properties']['kernels']) for x in r)==[1,1,2]" "$tmp/both.sarif" &&
	pass "check --module: SARIF 2.1.0, the kernels in each result's properties" || fail "check --module: SARIF"

# 2. Make variables and bad input.
expect "check --module: a make variable after -- reaches the compiler (a bad KCFLAGS: exit 2, its error shown)" 2 \
	'devmap-lint-no-such-warning' \
	$D check --module "$mod" --tree "$t61" -j 2 -- KCFLAGS=-Werror=devmap-lint-no-such-warning
grep -q 'the module does not build against' "$tmp/err" && pass "... and says the module does not build" ||
	fail "... no 'does not build': $(tail -3 "$tmp/err")"
expect "check --module: a missing directory" 2 "module directory '$tmp/none' does not exist" \
	$D check --module "$tmp/none" --tree "$t61"
mkdir -p "$tmp/nokbuild"
expect "check --module: a directory without Kbuild or Makefile" 2 "has neither a Kbuild nor a Makefile" \
	$D check --module "$tmp/nokbuild" --tree "$t61"
mkdir -p "$tmp/empty"; echo 'obj-m :=' > "$tmp/empty/Kbuild"
expect "check --module: a module that builds nothing is an error, not 0 findings" 2 "kbuild checked no file of" \
	$D check --module "$tmp/empty" --tree "$t61" -j 2
mkdir -p "$tmp/broken"; echo 'obj-m := broken.o' > "$tmp/broken/Kbuild"
printf '#include <linux/module.h>\nint broken(void) { return undeclared_thing; }\nMODULE_LICENSE("GPL");\n' > "$tmp/broken/broken.c"
expect "check --module: a module that does not compile: exit 2 with the compiler's error" 2 \
	"broken.c:2:[0-9]+: error: .+undeclared_thing.+ undeclared" \
	$D check --module "$tmp/broken" --tree "$t61" -j 2
expect "check --module: a word after -- that is not MAKEVAR=VAL" 2 "'fs/dax.c' is not a make variable" \
	$D check --module "$mod" --tree "$t61" -- fs/dax.c
expect "check --module with --diff" 2 "--diff and --module do not go together" \
	$D check --module "$mod" --diff HEAD
expect "check: several --tree without --module" 2 "several --tree go with --module" \
	$D check --tree "$t61" --tree "$t612" fs/dax.c

# 3. Suppressions.
sm=$tmp/supp; cp -a "$mod" "$sm"; cp testsrc/module/devmem_supp.c "$sm/"
echo 'devmem_compat-y += devmem_supp.o' >> "$sm/Kbuild"
expect "suppressions: check --module still reports what is not suppressed (exit 1)" 1 '' \
	$D check --module "$sm" --tree "$t61" -j 2
cp "$tmp/out" "$tmp/supp.txt"
! grep -q '^devmem_supp.c:16:' "$tmp/supp.txt" &&
	pass "suppressions: a comment on the line above naming the rule suppresses it" ||
	fail "suppressions: line above: $(grep '^devmem_supp.c:16:' "$tmp/supp.txt")"
! grep -q '^devmem_supp.c:27:' "$tmp/supp.txt" &&
	pass "suppressions: a comment at the end of the line suppresses it" ||
	fail "suppressions: same line: $(grep '^devmem_supp.c:27:' "$tmp/supp.txt")"
grep -q "^devmem_supp.c:34:9: warning: switch on 'pgmap->type'.*\[devmap-lint:pgmap-type\]$" "$tmp/supp.txt" &&
	pass "suppressions: a comment naming another rule does not suppress" ||
	fail "suppressions: other rule: $(grep '^devmem_supp.c:3[34]:' "$tmp/supp.txt")"
grep -q "^devmem_supp.c:47:9: warning: switch on 'pgmap->type'.*\[devmap-lint:pgmap-type\]$" "$tmp/supp.txt" &&
	pass "suppressions: a comment two lines above does not suppress" ||
	fail "suppressions: too far: $(grep '^devmem_supp.c:4[57]:' "$tmp/supp.txt")"
grep -qx "devmem_supp.c:33:9: warning: this 'devmap-lint: ignore refcount-one' comment suppresses nothing: no refcount-one finding on this line or the next; remove it \[devmap-lint:unused-suppression\]" "$tmp/supp.txt" &&
	grep -qx "devmem_supp.c:45:9: warning: this 'devmap-lint: ignore pgmap-type' comment suppresses nothing: no pgmap-type finding on this line or the next; remove it \[devmap-lint:unused-suppression\]" "$tmp/supp.txt" &&
	pass "suppressions: a comment that suppresses nothing is reported as unused" ||
	fail "suppressions: unused: $(grep unused "$tmp/supp.txt")"
[ "$(grep -c 'unused-suppression' "$tmp/supp.txt")" = 2 ] && pass "suppressions: used ones are not reported as unused" ||
	fail "suppressions: unused reported: $(grep -c unused-suppression "$tmp/supp.txt")"
$D check --module "$sm" --tree "$t61" -j 2 --format json > "$tmp/supp.json" 2>/dev/null
python3 - "$tmp/supp.json" <<'EOF' && pass "suppressions: JSON lists the suppressed findings with suppressed: true and the reason" || fail "suppressions: JSON"
import json, sys
d = json.load(open(sys.argv[1]))["findings"]
s = {f["line"]: f for f in d if f["file"] == "devmem_supp.c" and f["suppressed"]}
assert sorted(s) == [16, 27], sorted(s)
assert s[16]["rule"] == "pgmap-type" and s[16]["suppression"]["reason"] == "only private and coherent pages reach here", s[16]
assert s[16]["suppression"]["line"] == 15 and s[16]["suppression"]["text"].startswith("devmap-lint: ignore pgmap-type --")
assert s[27]["rule"] == "refcount-one" and s[27]["suppression"]["reason"] == "a 6.1-only path", s[27]
EOF
$D check --module "$sm" --tree "$t61" -j 2 --format sarif > "$tmp/supp.sarif" 2>/dev/null
python3 - "$tmp/supp.sarif" <<'EOF' && pass "suppressions: SARIF marks them with its suppressions property (inSource, justification)" || fail "suppressions: SARIF"
import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]["results"]
s = [x for x in r if x.get("suppressions")]
assert len(s) == 2, len(s)
assert all(x["suppressions"][0]["kind"] == "inSource" for x in s)
assert sorted(x["suppressions"][0]["justification"] for x in s) == ["a 6.1-only path", "only private and coherent pages reach here"]
EOF

# 4. Nothing of ours left behind.
for t in "$t61" "$t612"; do stat -c '%Y %s' "$t/.config" "$t/include/config/auto.conf"; done > "$tmp/trees.after"
cmp -s "$tmp/trees.before" "$tmp/trees.after" && pass "the trees' .config and auto.conf are untouched" ||
	fail "a tree's configuration changed"
(cd "$mod" && find . -type f | sort | xargs sha256sum) > "$tmp/mod.after"
cmp -s "$tmp/mod.before" "$tmp/mod.after" && pass "the module directory holds exactly what it held (built in a scratch copy)" ||
	fail "the module directory changed: $(diff "$tmp/mod.before" "$tmp/mod.after" | head -3)"
left=$(find "$t61" "$t612" \( -name 'devmem_compat*' -o -name 'devmem_main*' -o -name 'devmem_pages*' \
	-o -name 'devmem_policy*' -o -name 'devmem_supp*' -o -name 'devmap-lint-module.lds*' -o -name 'broken.*' \) -print 2>/dev/null | head -3)
[ -z "$left" ] && pass "the kernel trees hold no file of the modules checked" || fail "module files in a tree: $left"
exit 0
