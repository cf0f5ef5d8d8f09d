#!/usr/bin/env bash
# tier: unit
# pgmap-type fix-its: the patch GCC prints for -fdiagnostics-generate-patch
# adds the missing "case X:" labels of every incomplete switch in
# testsrc/plugin/pgmap-type-fixit.c; it applies, the patched file compiles
# (-Wall -Werror), the plugin is then silent, and every function returns
# the same for every memory type value as before (the hints change no
# behaviour).  Also: -Werror turns the warnings into errors, and
# -fdiagnostics-format=json carries the fix-its.
source "$(dirname "$0")/lib.bash"
plugin=$top/build/devmap_lint.so
fixture=testsrc/plugin/pgmap-type-fixit.c
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# The fixture's expected warnings: one patch hunk each.
nwarn=$(grep -c 'expect: pgmap-type' $fixture)

mkdir -p $tmp/orig $tmp/fixed
cp testsrc/plugin/kernel.h $fixture $tmp/orig/
cp testsrc/plugin/kernel.h $fixture $tmp/fixed/
src=$(basename $fixture)

plugin_cc() {	# DIR OPT [ARGS...]: the plugin (pgmap-type only) on the fixture in DIR,
	# down to the assembly code (the assembler adds no diagnostic)
	local dir=$1 opt=$2; shift 2
	(cd "$dir" && gcc "$opt" -Wall -fplugin="$plugin" -fplugin-arg-devmap_lint-enable=pgmap-type \
		-fdiagnostics-plain-output "$@" -S -o /dev/null "$src")
}

# 1. The patch, at -O0 and -O2: the same, one hunk per warning.
for opt in -O0 -O2; do
	plugin_cc $tmp/orig $opt -fdiagnostics-generate-patch > $tmp/log$opt 2>&1
	sed -n '/^--- /,$p' $tmp/log$opt > $tmp/patch$opt
	hunks=$(grep -c '^@@' $tmp/patch$opt)
	if [ "$hunks" -eq "$nwarn" ] && [ "$(grep -c '^+.*case MEMORY_DEVICE_' $tmp/patch$opt)" -gt 0 ]; then
		pass "$opt: -fdiagnostics-generate-patch prints $hunks hunks for $nwarn switches"
	else
		fail "$opt: $hunks patch hunks for $nwarn incomplete switches"; sed 's/^/      /' $tmp/log$opt
	fi
done
if cmp -s $tmp/patch-O0 $tmp/patch-O2; then
	pass "the patch does not depend on the optimisation level"
else
	fail "the patches at -O0 and -O2 differ"; diff $tmp/patch-O0 $tmp/patch-O2 | sed 's/^/      /'
fi
# The patch only adds lines, and each is a case label or a break.
if ! grep '^[-+][^-+]' $tmp/patch-O2 | grep -vqE '^\+[[:space:]]*(case MEMORY_DEVICE_[A-Z0-9_]+:|break;)$'; then
	pass "the patch only adds case labels and breaks"
else
	fail "the patch changes other lines:"; grep '^[-+][^-+]' $tmp/patch-O2 | sed 's/^/      /'
fi

# 2. It applies.
if (cd $tmp/fixed && patch -p0 --quiet < $tmp/patch-O2); then
	pass "the patch applies"
else
	fail "the patch does not apply"
fi

# 3. The patched file compiles cleanly, and the plugin is then silent.
if (cd $tmp/fixed && gcc -O2 -Wall -Werror -c -o /dev/null $src) > $tmp/cc.log 2>&1; then
	pass "the patched file compiles with -Wall -Werror"
else
	fail "the patched file does not compile:"; sed 's/^/      /' $tmp/cc.log
fi
for opt in -O0 -O2 -Os; do
	plugin_cc $tmp/fixed $opt > $tmp/fixed$opt.log 2>&1
	if [ $? -eq 0 ] && ! grep -q 'devmap-lint' $tmp/fixed$opt.log; then
		pass "$opt: the patched file is silent"
	else
		fail "$opt: the patched file still warns:"; sed 's/^/      /' $tmp/fixed$opt.log
	fi
done

# 4. Same behaviour: each function, for every value of the type field (the
#    enumerators, 0 and values past the last), before and after.
cat > $tmp/harness.c <<'EOF'
#include <stdio.h>
#include "kernel.h"
int two_cases_default(struct dev_pagemap *pgmap);
int cases_and_default(struct dev_pagemap *pgmap);
int no_default(struct page *page);
int default_first(struct dev_pagemap **pgmaps, int n);
int exhaustive(struct dev_pagemap *pgmap);
unsigned long vmemmap_base;
int main(void)
{
	for (int v = 0; v < 9; v++) {
		struct dev_pagemap pgmap = { .type = (enum memory_type)v };
		struct dev_pagemap *list[2] = { &pgmap, &pgmap };
		struct page page = { .pgmap = &pgmap };
		printf("%d: %d %d %d %d %d\n", v, two_cases_default(&pgmap),
		       cases_and_default(&pgmap), no_default(&page),
		       default_first(list, 2), exhaustive(&pgmap));
	}
	return 0;
}
EOF
for d in orig fixed; do
	cp $tmp/harness.c $tmp/$d/
	(cd $tmp/$d && gcc -O2 -o run harness.c $src && ./run > out) > $tmp/$d.run.log 2>&1 ||
		{ fail "$d: the behaviour harness did not build or run"; sed 's/^/      /' $tmp/$d.run.log; }
done
if [ -s $tmp/orig/out ] && cmp -s $tmp/orig/out $tmp/fixed/out; then
	pass "the patched switches behave as before for every value"
else
	fail "behaviour changed: before (<) and after (>)"; diff $tmp/orig/out $tmp/fixed/out | sed 's/^/      /'
fi

# 5. -Werror and JSON.
plugin_cc $tmp/orig -O2 -Werror > $tmp/werror.log 2>&1
rc=$?
if [ $rc -ne 0 ] && [ "$(grep -c ': error: .*\[devmap-lint:pgmap-type\]' $tmp/werror.log)" -eq "$nwarn" ]; then
	pass "-Werror turns the $nwarn warnings into errors"
else
	fail "-Werror: exit $rc, $(grep -c ': error: ' $tmp/werror.log) errors for $nwarn warnings"
fi
plugin_cc $tmp/orig -O2 -fdiagnostics-format=json > $tmp/json 2>&1
if python3 - $tmp/json $nwarn <<'EOF'
import json, sys
diags = json.load(open(sys.argv[1]))
ours = [d for d in diags if d["message"].endswith("[devmap-lint:pgmap-type]")]
ok = len(ours) == int(sys.argv[2]) and all(
	d["kind"] == "warning" and d.get("fixits") and
	all("case MEMORY_DEVICE_" in f["string"] or "break;" in f["string"] for f in d["fixits"])
	for d in ours)
sys.exit(0 if ok else 1)
EOF
then
	pass "-fdiagnostics-format=json: every warning carries its fix-its"
else
	fail "-fdiagnostics-format=json: warnings or fix-its missing"; head -c 2000 $tmp/json | sed 's/^/      /'
fi
