#!/usr/bin/env bash
# tier: unit
# refcount-one's messages fit the kernel version compiled for: the
# translation unit's LINUX_VERSION_CODE, else -fplugin-arg-devmap_lint-
# kernel-version=MAJOR.MINOR (what devmap-lint-cc passes from the tree's
# include/config/kernel.release), else a version-neutral text.  The leading
# clause of each message never changes.
source "$(dirname "$0")/lib.bash"
plugin=build/devmap_lint.so
src=testsrc/plugin/refcount-one-version.c
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C

# run NAME OPT [FLAGS...]: the refcount-one warnings of $src, into $tmp/NAME
# (the compiler stops at the assembly code: the assembler adds no warning).
run() {
	local name=$1 opt=$2; shift 2
	gcc "$opt" -fplugin=$plugin -fplugin-arg-devmap_lint-enable=refcount-one "$@" \
		-fdiagnostics-plain-output -S -o /dev/null $src > "$tmp/$name.log" 2>&1
	grep 'warning: .*\[devmap-lint:refcount-one\]$' "$tmp/$name.log" > "$tmp/$name"
}
# has FILE TEXT: a line of FILE contains TEXT (grep -qF, without a process:
# the checks below are a hundred).
has() {
	local all=
	IFS= read -r -d '' all < "$1"
	[[ $all == *"$2"* ]]
}

# expect NAME KIND TEXT: the warning of KIND (compare|wait|reset) says TEXT.
lead_compare="refcount of a ZONE_DEVICE page (read by 'page_ref_count()') compared with 1: "
lead_wait="waiting for the refcount of a ZONE_DEVICE page to reach 1 (read by 'atomic_read()'): "
lead_reset="'set_page_count()' resets the refcount of a freed ZONE_DEVICE page to 1: "
expect() {
	local name=$1 kind=$2 text=$3 lead
	eval "lead=\$lead_$kind"
	if has "$tmp/$name" "$lead$text"; then
		pass "$name: the $kind message says \"$text\""
	else
		fail "$name: no $kind message \"$lead$text\"; got:"; sed 's/^/      /' "$tmp/$name"
	fi
}
# absent NAME TEXT: no warning mentions TEXT (a helper the version lacks).
absent() {
	if has "$tmp/$1" "$2"; then fail "$1: a message names $2"; else pass "$1: no message names $2"; fi
}
count3() {
	local lines n; mapfile -t lines < "$tmp/$1"; n=${#lines[@]}
	[ "$n" = 3 ] && pass "$1: three warnings" || { fail "$1: $n warnings, not 3"; sed 's/^/      /' "$tmp/$1.log" | head -20; }
}

for opt in -O0 -O2 -Os; do
	# Linux 6.1 (<linux/version.h> of Debian's 6.1.x): right today, breaks at 6.15.
	run "6.1$opt" $opt -DLINUX_VERSION_CODE=393479
	count3 "6.1$opt"
	expect "6.1$opt" compare "right on Linux 6.1, where ZONE_DEVICE pages are idle at refcount 1, but breaks when they become idle at 0 (Linux 6.15); with that change, compare with 0 instead (busy is 'page_ref_count() != 0')"
	expect "6.1$opt" wait "right on Linux 6.1, where ZONE_DEVICE pages are idle at refcount 1, but breaks when they become idle at 0 (Linux 6.15); with that change, wait for 'atomic_read() == 0' instead"
	expect "6.1$opt" reset "right on Linux 6.1, where free ZONE_DEVICE pages are kept at refcount 1, but breaks when they are free at 0 (Linux 6.15); with that change, drop the reset and let 'zone_device_page_init()' hand the page out with its first reference"
	absent "6.1$opt" dax_page_is_idle
	absent "6.1$opt" dax_break_layout_inode

	# Linux 6.15 and later: wrong now.
	run "6.15$opt" $opt '-DLINUX_VERSION_CODE=KERNEL_VERSION(6, 15, 0)'
	count3 "6.15$opt"
	expect "6.15$opt" compare "wrong on Linux 6.15, where ZONE_DEVICE pages are idle at refcount 0, not 1 (since 6.15); test for 0 ('page_ref_count() != 0') or use '!dax_page_is_idle()'"
	expect "6.15$opt" wait "wrong on Linux 6.15, where ZONE_DEVICE pages are idle at refcount 0, not 1 (since 6.15); wait for 'dax_page_is_idle()' instead, or break the layout with 'dax_break_layout_inode()'"
	expect "6.15$opt" reset "wrong on Linux 6.15, where free ZONE_DEVICE pages are at refcount 0 and are handed out again with their first reference by 'zone_device_page_init()'; drop the reset"

	# Unknown: version-neutral.
	run "unknown$opt" $opt
	count3 "unknown$opt"
	expect "unknown$opt" compare "ZONE_DEVICE pages are idle at refcount 1 up to Linux 6.14 and at 0 from 6.15, where this test is wrong; there, test for 0 ('page_ref_count() != 0') or use '!dax_page_is_idle()'"
	expect "unknown$opt" wait "ZONE_DEVICE pages are idle at refcount 1 up to Linux 6.14 and at 0 from 6.15, where this wait is wrong; there, wait for 'dax_page_is_idle()' instead"
	expect "unknown$opt" reset "free ZONE_DEVICE pages are kept at refcount 1 up to Linux 6.14 and at 0 from 6.15, where this reset is wrong; there, drop it ('zone_device_page_init()' hands the page out again with its first reference)"
done

# The test with 0 suggested before 6.15 asks what the flagged test asks, for
# each operator (testsrc/plugin/refcount-one.c, the lines named; its
# annotations check the version-neutral text's suggestion the same way).
ops_src=testsrc/plugin/refcount-one.c
# suggests OPT LINE WRITTEN TEXT: the warning on LINE of $ops_src (whose test
# is spelled WRITTEN) ends in TEXT.
mapfile -t ops_lines < $ops_src
suggests() {
	local opt=$1 line=$2 written=$3 text=$4 w at=() said=0
	for w in "${ops[@]}"; do	# the warnings on LINE; one of them ends in TEXT
		[[ $w == *"$ops_src:$line:"* ]] || continue
		at+=("$w")
		[[ $w == *"$text [devmap-lint:refcount-one]"* ]] && said=1
	done
	if [[ ${ops_lines[line - 1]} != *"$written"* ]]; then
		fail "$ops_src:$line is no longer the '$written' test (update plugin-version.sh)"
	elif [ $said = 1 ]; then
		pass "6.1$opt: '$written' suggests \"$text\""
	else
		fail "6.1$opt: '$written' (line $line) does not suggest \"$text\"; got: $(printf '%s\n' "${at[@]}")"
	fi
}
for opt in -O0 -O2 -Os; do
	gcc "$opt" -fplugin=$plugin -fplugin-arg-devmap_lint-enable=refcount-one -DLINUX_VERSION_CODE=393479 \
		-fdiagnostics-plain-output -S -o /dev/null $ops_src 2>&1 | grep 'warning: .*\[devmap-lint:refcount-one\]$' > "$tmp/ops$opt"
	mapfile -t ops < "$tmp/ops$opt"
	suggests $opt 21 "page_ref_count(page) > 1" "compare with 0 instead (busy is 'page_ref_count() > 0')"
	suggests $opt 94 "page_ref_count(&folio->page) >= 2" "compare with 0 instead (busy is 'page_ref_count() > 0')"
	suggests $opt 46 "page_ref_count(page) != 1" "compare with 0 instead (busy is 'page_ref_count() != 0')"
	suggests $opt 85 "page_ref_sub_return(page, refs) == 1" "compare with 0 instead (idle is 'page_ref_sub_return() == 0')"
	suggests $opt 77 "page_ref_count(page) <= 1" "compare with 0 instead (idle is 'page_ref_count() == 0')"
	suggests $opt 102 "folio_ref_count(page_folio(page)) < 2" "compare with 0 instead (idle is 'folio_ref_count() == 0')"
	suggests $opt 202 "!(page_ref_count(page) > 1)" "compare with 0 instead (idle is 'page_ref_count() == 0')"
	suggests $opt 209 "2 <= page_count(page)" "compare with 0 instead (busy is 'page_count() > 0')"
done

# The option, when the translation unit does not say.
run opt-6.12 -O2 -fplugin-arg-devmap_lint-kernel-version=6.12
expect opt-6.12 compare "right on Linux 6.12, where ZONE_DEVICE pages are idle at refcount 1"
expect opt-6.12 reset "right on Linux 6.12, where free ZONE_DEVICE pages are kept at refcount 1"
run opt-6.18 -O2 -fplugin-arg-devmap_lint-kernel-version=6.18
expect opt-6.18 wait "wrong on Linux 6.18, where ZONE_DEVICE pages are idle at refcount 0"
# Before 6.1 there is no zone_device_page_init() to name.
run opt-5.19 -O2 -fplugin-arg-devmap_lint-kernel-version=5.19
expect opt-5.19 reset "right on Linux 5.19, where free ZONE_DEVICE pages are kept at refcount 1, but breaks when they are free at 0 (Linux 6.15); with that change, drop the reset and give the page its first reference when it is handed out"
absent opt-5.19 zone_device_page_init
# The translation unit's LINUX_VERSION_CODE wins over the option.
run both -O2 -DLINUX_VERSION_CODE=397312 -fplugin-arg-devmap_lint-kernel-version=6.1
expect both compare "wrong on Linux 6.16, where"

# A bad value is an error that names the option.
echo 'int x;' > "$tmp/x.c"
for bad in 6 6.x 6.12.1 "" x.1; do
	if ! gcc -fplugin=$plugin "-fplugin-arg-devmap_lint-kernel-version=$bad" -c -o /dev/null "$tmp/x.c" 2> "$tmp/err" &&
	   grep -q "option 'kernel-version' needs MAJOR.MINOR" "$tmp/err"; then
		pass "kernel-version='$bad' is an error that names the option"
	else
		fail "kernel-version='$bad': $(cat "$tmp/err")"
	fi
done
gcc -fplugin=$plugin -fplugin-arg-devmap_lint-help -c -o /dev/null "$tmp/x.c" 2> "$tmp/help"
grep -q 'kernel-version=MAJOR.MINOR' "$tmp/help" && pass "help lists kernel-version" || fail "help does not list kernel-version"
grep -q '`kernel-version=MAJOR.MINOR`' README.md && pass "README's options table lists kernel-version" ||
	fail "README's options table does not list kernel-version"

# devmap-lint-cc passes the version of the tree it runs in (kbuild's cwd,
# the object tree): include/config/kernel.release.
mkdir -p "$tmp/obj/include/config" "$tmp/out"
echo 6.12.117-amd64 > "$tmp/obj/include/config/kernel.release"
(cd "$tmp/obj" && DEVMAP_LINT_OUTDIR="$tmp/out" DEVMAP_LINT_PLUGIN="$top/$plugin" \
	DEVMAP_LINT_PLUGIN_ARGS=-fplugin-arg-devmap_lint-enable=refcount-one \
	"$top/scripts/devmap-lint-cc" -O2 "-I$top/testsrc/plugin" "$top/$src")
if grep -qF "${lead_compare}right on Linux 6.12," "$tmp/out/"*.log 2>/dev/null; then
	pass "devmap-lint-cc passes the tree's kernel.release (6.12) to the plugin"
else
	fail "devmap-lint-cc: no 6.12 message: $(cat "$tmp/out/"*.log 2>/dev/null | head -5)"
fi
