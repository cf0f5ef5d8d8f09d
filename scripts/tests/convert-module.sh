#!/usr/bin/env bash
# convert-module: devmap-lint convert --module on a copy of the
# out-of-tree fixture testsrc/module/devmem_compat, no kernel tree needed
# (module-fixture.sh builds and validates it against the real trees):
# - the series' paths are relative to the module, its subjects name the
#   module, it is applied with git am in a git checkout and with patch -p1
#   otherwise, and the sources then equal devmem_compat.expected/plain/;
# - --compat: the guards used are said and listed in the commit message,
#   the sources equal devmem_compat.expected/compat/;
# - a checkout with uncommitted changes, a directory without Kbuild or
#   Makefile and a missing directory are errors (exit 2) naming the cause.
# The command layer (full tier: make check); the rules' conversions
# themselves are the unit tier's cocci-compat.sh.
source "$(dirname "$0")/lib.bash"
command -v spatch >/dev/null || { fail "spatch not installed"; exit 0; }
command -v python3 >/dev/null || { fail "python3 not installed"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# The three conversions run side by side (run_bg); the cases below read
# their results in order.
mod=testsrc/module/devmem_compat
D=scripts/devmap-lint
for kind in git plain; do
	m=$tmp/mod-$kind; cp -a "$mod" "$m"
	if [ $kind = git ]; then
		git -C "$m" init -q && git -C "$m" add -A &&
			git -C "$m" -c user.name=t -c user.email=t@localhost commit -q -m base
	fi
	run_bg "convert-$kind" env GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@localhost $D convert --module "$m" -o "$tmp/series-$kind"
done
m=$tmp/mod-compat; cp -a "$mod" "$m"
run_bg convert-compat $D convert --module "$m" --compat -o "$tmp/series-compat"
wait

for kind in git plain; do
	m=$tmp/mod-$kind
	expect_ran "convert --module ($kind): writes and applies the series" 0 "applied the series to $m with $([ $kind = git ] && echo 'git am' || echo 'patch -p1')" \
		"convert-$kind"
	bad=
	for f in testsrc/module/devmem_compat.expected/plain/*; do
		cmp -s "$f" "$m/$(basename "$f")" || bad="$bad $(basename "$f")"
	done
	[ -z "$bad" ] && pass "convert --module ($kind): the sources equal testsrc/module/devmem_compat.expected/plain/" ||
		fail "convert --module ($kind): differ from expected/plain/:$bad: $(diff -u "testsrc/module/devmem_compat.expected/plain/${bad# }" "$m/${bad# }" 2>&1 | head -20)"
	grep -q '^--- a/devmem_pages.c' "$tmp/series-$kind"/*.patch &&
		! grep -q "^--- a/.*$(basename "$tmp")" "$tmp/series-$kind"/*.patch &&
		pass "convert --module ($kind): the series' paths are relative to the module" ||
		fail "convert --module ($kind): the series' paths are not relative to the module"
	grep -q '^Subject: \[PATCH 1/[0-9]*\] mod-'"$kind"': ' "$tmp/series-$kind"/0001-*.patch &&
		pass "convert --module ($kind): subjects name the module" ||
		fail "convert --module ($kind): subject: $(grep '^Subject' "$tmp/series-$kind"/0001-*.patch)"
done
[ "$(git -C "$tmp/mod-git" log --format=%s | head -1)" != base ] &&
	pass "convert --module (git): the series is committed with git am" ||
	fail "convert --module (git): no commit was made"
m=$tmp/mod-compat
expect_ran "convert --module --compat: says which guards it used" 0 "compat: devmem_pages.c:11: #if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0) (folio_pgmap)" \
	convert-compat
bad=
for f in testsrc/module/devmem_compat.expected/compat/*; do cmp -s "$f" "$m/$(basename "$f")" || bad="$bad $(basename "$f")"; done
[ -z "$bad" ] && pass "convert --module --compat: the sources equal testsrc/module/devmem_compat.expected/compat/" ||
	fail "convert --module --compat: differ from expected/compat/:$bad"
grep -q '^    devmem_pages.c:11: #if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)$\|^  devmem_pages.c:11: #if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)$' "$tmp/series-compat"/0001-*.patch &&
	pass "convert --module --compat: the commit message lists the guards" ||
	fail "convert --module --compat: no guard in the commit message"
m=$tmp/mod-dirty; cp -a "$mod" "$m"
git -C "$m" init -q && git -C "$m" add -A && git -C "$m" -c user.name=t -c user.email=t@localhost commit -q -m base
echo '/* local change */' >> "$m/devmem_pages.c"
expect_text "convert --module on a checkout with uncommitted changes is an error" 2 "has uncommitted changes" \
	$D convert --module "$m" -o "$tmp/series-dirty"
grep -q 'local change' "$m/devmem_pages.c" && git -C "$m" log --format=%s | grep -qx base &&
	[ "$(git -C "$m" rev-list --count HEAD)" = 1 ] && pass "... and leaves the checkout as it was" ||
	fail "... the dirty checkout was changed"
expect_text "convert --module on a directory without Kbuild or Makefile is an error" 2 "has neither a Kbuild nor a Makefile" \
	$D convert --module testsrc/cocci/compat -o "$tmp/series-none"
expect_text "convert --module on a missing directory is an error" 2 "module directory '$tmp/nope' does not exist" \
	$D convert --module "$tmp/nope" -o "$tmp/series-none"
exit 0
