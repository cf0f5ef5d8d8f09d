#!/usr/bin/env bash
# module-fixture: the out-of-tree driver testsrc/module/devmem_compat/ (a
# device-private driver with a conftest-style compatibility layer) against
# the real Linux 6.1 and 6.12 trees (scripts/kernel-tree [--version 6.12]).
#
# - it builds against both before any conversion (make M=, in a scratch
#   copy; the trees are prepared, not built: the module's linker script is
#   made in the copy from the tree's module.lds.S);
# - devmap-lint convert --module --validate --tree 6.1 --tree 6.12, plain
#   and --compat: both build against both trees before and after, with no
#   new warning; the results equal testsrc/module/devmem_compat.expected/;
# - the --compat result, preprocessed by kbuild against each tree
#   (make M= FILE.i), is token for token what that kernel's own conversion
#   gives: the original on 6.1 (it compiles exactly what it compiled
#   before), the target-6.10 conversion on 6.12;
# - a driver without compatibility code: its plain conversion breaks the
#   6.1 build (convert --validate says so, exit 1), its --compat one does
#   not (exit 0);
# - a module that builds nothing, or does not build before the series,
#   is an error (exit 2) naming the cause;
# - the kernel trees get no file of the module.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
D=scripts/devmap-lint
mod=testsrc/module/devmem_compat
want=testsrc/module/devmem_compat.expected

t61=$(kernel_tree)
t612=$(scripts/kernel-tree --version 6.12 2>/dev/null) ||
	{ fail "no Linux 6.12 tree (scripts/kernel-tree --version 6.12 failed)"; exit 1; }
grep -q '^CONFIG_CC_IS_CLANG=y' "$t612/.config" && llvm=LLVM=1 || llvm=

# build TREE SRC DIR [TARGET...]: the module of SRC built in DIR against
# TREE (as convert --validate does it), log in DIR.log.
build() {
	local tree=$1 src=$2 dir=$3 extra=(); shift 3
	rm -rf "$dir"; cp -a "$src" "$dir"
	[ "$tree" = "$t612" ] && [ -n "$llvm" ] && extra+=("$llvm")
	if [ ! -f "$tree/scripts/module.lds" ]; then
		cp "$tree/scripts/module.lds.S" "$dir/devmap-lint-module.lds.S"
		echo 'always-y += devmap-lint-module.lds' >> "$dir/Kbuild"
		extra+=(ARCH_MODULE_LDS="$dir/devmap-lint-module.lds")
	fi
	make -C "$tree" M="$dir" ARCH=x86_64 "${extra[@]}" -j2 KBUILD_MODPOST_WARN=1 "${@:-modules}" > "$dir.log" 2>&1
}

# expect NAME WANT-STATUS WANT-TEXT CMD...
expect() {
	local name=$1 want=$2 text=$3; shift 3
	"$@" > "$tmp/out" 2> "$tmp/err"
	local rc=$?
	if [ $rc -ne "$want" ]; then fail "$name: exit $rc, wanted $want: $(tail -5 "$tmp/err" | tr '\n' ' ')"
	elif ! grep -qF -- "$text" "$tmp/out" "$tmp/err"; then fail "$name: no '$text' in: $(tail -5 "$tmp/err" "$tmp/out" | tr '\n' ' ')"
	else pass "$name"; fi
}

for t in "$t61" "$t612"; do
	v=$(basename "$t")
	if build "$t" "$mod" "$tmp/b-$v" && [ -f "$tmp/b-$v/devmem_compat.ko" ]; then
		pass "the fixture builds against $v before any conversion (devmem_compat.ko)"
	else
		fail "the fixture does not build against $v:"; grep -E 'error|Error' "$tmp/b-$v.log" | head -10 | sed 's/^/      /'
	fi
done

for kind in plain compat; do
	m=$tmp/m-$kind; cp -a "$mod" "$m"
	args=(); [ $kind = compat ] && args=(--compat)
	expect "convert --module --validate ($kind): builds against 6.1 and 6.12 before and after" 0 \
		"the module builds against $t612 before and after, with no new warning" \
		$D convert --module "$m" "${args[@]}" --validate --tree "$t61" --tree "$t612" -j 2 -o "$tmp/s-$kind"
	grep -qF "the module builds against $t61 before and after, with no new warning" "$tmp/err" &&
		pass "convert --module --validate ($kind): ... and against 6.1" ||
		fail "convert --module --validate ($kind): no word on 6.1: $(grep validate "$tmp/err" | head -5)"
	bad=
	for f in "$want/$kind"/*; do cmp -s "$f" "$m/$(basename "$f")" || bad="$bad $(basename "$f")"; done
	[ -z "$bad" ] && pass "convert --module ($kind): the module equals $want/$kind/" ||
		fail "convert --module ($kind): differs from $want/$kind/:$bad"
done

# The --compat result is, for each kernel, what the conversion for that
# kernel gives: on 6.1 (older than every target) the original, on 6.12 the
# plain conversion for target 6.10 (the newest target it has), each
# preprocessed by kbuild and compared token for token.
m610=$tmp/m-6.10; cp -a "$mod" "$m610"
$D convert --module "$m610" --target 6.10 -o "$tmp/s-6.10" > /dev/null 2>&1 ||
	fail "convert --module --target 6.10 failed"
for t in "$t61" "$t612"; do
	v=$(basename "$t") same=1 ref=$mod what="the original"
	[ "$t" = "$t612" ] && ref=$m610 what="the plain conversion for target 6.10"
	for f in devmem_main devmem_pages; do
		build "$t" "$ref" "$tmp/i-ref" "$f.i" && build "$t" "$tmp/m-compat" "$tmp/i-compat" "$f.i" ||
			{ fail "make $f.i against $v failed: $(tail -3 "$tmp/i-compat.log" "$tmp/i-ref.log")"; same=0; continue; }
		for s in ref compat; do grep -v '^#' "$tmp/i-$s/$f.i" | grep -v '^[[:space:]]*$' > "$tmp/$f.$s"; done
		[ -s "$tmp/$f.ref" ] || { fail "$f.i against $v is empty"; same=0; continue; }
		cmp -s "$tmp/$f.ref" "$tmp/$f.compat" || { same=0; fail "$f.c: --compat result preprocessed against $v is not $what: $(diff "$tmp/$f.ref" "$tmp/$f.compat" | head -5 | tr '\n' ' ')"; }
	done
	[ $same = 1 ] && pass "the --compat result preprocessed against $v is $what, token for token"
done
cmp -s "$mod/devmem_pages.c" "$m610/devmem_pages.c" &&
	fail "the conversion for target 6.10 changed nothing: the 6.12 comparison above proves little" ||
	pass "the conversion for target 6.10 changes the module (the 6.12 comparison is not vacuous)"

# A driver without compatibility code.
nc=$tmp/nocompat; mkdir -p "$nc"
echo 'obj-m := nocompat.o' > "$nc/Kbuild"
cat > "$nc/nocompat.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0-only
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/memremap.h>

struct page *nocompat_init_page(unsigned long pfn);
struct page *nocompat_init_page(unsigned long pfn)
{
	struct page *page = pfn_to_page(pfn);

	zone_device_page_init(page);
	return page;
}
EXPORT_SYMBOL_GPL(nocompat_init_page);
MODULE_LICENSE("GPL");
EOF
cp -a "$nc" "$tmp/nocompat2"
expect "convert --module --validate: a plain conversion that breaks the 6.1 build is a finding (exit 1)" 1 \
	"the series breaks the module's build against $t61" \
	$D convert --module "$nc" --validate --tree "$t61" -j 2 -o "$tmp/s-nc"
grep -q "zone_device_page_init" "$tmp/out" && pass "... and shows the compiler's error" ||
	fail "... no compiler error shown: $(head -5 "$tmp/out")"
grep -q '^	zone_device_page_init(page);$' "$nc/nocompat.c" && grep -q "the series is not applied" "$tmp/err" &&
	pass "... and does not apply that series to the module" || fail "... the breaking series was applied"
expect "convert --module --compat --validate: the same driver builds on 6.1 after (exit 0)" 0 \
	"the module builds against $t61 before and after" \
	$D convert --module "$tmp/nocompat2" --compat --validate --tree "$t61" -j 2 -o "$tmp/s-nc2"

# Nothing built, or not building before: errors.
nb=$tmp/nothing; mkdir -p "$nb"; echo 'obj-m :=' > "$nb/Kbuild"; cp "$nc/nocompat.c" "$nb/"
cp "$nc/nocompat.c" "$nb/x.c"
expect "convert --module --validate on a module that builds nothing is an error (exit 2)" 2 \
	"made no module (.ko): nothing to compare" \
	$D convert --module "$nb" --validate --tree "$t61" -j 2 -o "$tmp/s-nb"
! grep -q 'page_pgmap(page), 0' "$nb/x.c" &&
	pass "... and leaves the module as it was" || fail "... the module was converted anyway"
br=$tmp/broken; mkdir -p "$br"; echo 'obj-m := broken.o' > "$br/Kbuild"
sed 's/^	return page;/	nocompat_undeclared(page);\n	return page;/' "$nc/nocompat.c" > "$br/broken.c"
expect "convert --module --validate on a module that does not build before is an error (exit 2)" 2 \
	"the module does not build against $t61 before the series" \
	$D convert --module "$br" --validate --tree "$t61" -j 2 -o "$tmp/s-br"
expect "convert --module --validate with an unprepared tree is an error (exit 2)" 2 \
	"is not a kernel source tree" \
	$D convert --module "$tmp/nocompat2" --validate --tree "$tmp" -o "$tmp/s-x"

# The trees got nothing of the module.
left=$(find "$t61" "$t612" \( -name 'devmem_compat*' -o -name 'devmem_main*' -o -name 'devmem_pages*' \
	-o -name 'nocompat*' -o -name 'broken.*' -o -name 'devmap-lint-module.lds*' \) -print 2>/dev/null | head -5)
[ -z "$left" ] && pass "the kernel trees hold no file of the modules built" || fail "files of the module in a tree: $left"
exit 0
