#!/usr/bin/env bash
# No command may change a tree's configuration (issue 12 item 1).  On the GCC
# tree (Linux 6.1) and on the clang tree (Linux 6.12 configured with
# LLVM=1): .config and include/config/auto.conf are byte-identical, with the
# same mtimes, after check, checkpatch, check --diff, convert and convert
# --validate; on the clang tree check, checkpatch and check --diff run the
# libclang engine (saying which rules it has) and check --module, which
# needs the GCC plugin, is refused, by text; LLVM=1 in the environment of a GCC tree, a compiler that is not the
# one that configured the tree, and a stale configuration are refused before
# any make runs.  Also: the compiler's own error lines reach the user.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
D=scripts/devmap-lint
P=testsrc/checkpatch


# The configuration kbuild would re-sync, with mtimes.
snapshot() {
	(cd "$1" && sha256sum .config include/config/auto.conf include/config/auto.conf.cmd &&
		stat -c '%n %Y' .config include/config/auto.conf include/config/auto.conf.cmd)
}
same_config() {
	local name=$1 tree=$2 before=$3
	snapshot "$tree" > $tmp/after.snap
	if cmp -s "$before" $tmp/after.snap; then
		pass "$name: .config and include/config/auto.conf unchanged"
	else
		fail "$name: the configuration of $tree changed: $(diff "$before" $tmp/after.snap | tr '\n' '|')"
	fi
}

# --- kbuild.bash on fake trees: refusals before any make ------------------
# A fake tree: the configuration files of the 6.1 tree, no sources, so a
# make that ran anyway would fail loudly, and rewritten records for the
# cases.  kbuild_read_tree must decide from the records alone.
gcctree=$(kernel_tree)
fake() {
	local d=$tmp/fake-$1
	mkdir -p $d/include/config $d/include/generated
	cp -p "$gcctree/.config" $d/
	cp -p "$gcctree/include/config/auto.conf" "$gcctree/include/config/auto.conf.cmd" $d/include/config/
	touch $d/Makefile $d/Kbuild $d/include/generated/autoconf.h $d/include/generated/asm-offsets.h
	echo $d
}
readtree() { bash -c 'kbuild_prog=t; source scripts/kbuild.bash; kbuild_read_tree "$1" && echo "${KBUILD_MAKE[*]}"' sh "$1"; }

expect "kbuild: the GCC tree's make variables are its recorded ones" 0 \
	'^ARCH=x86_64 CC=gcc LD=ld NM=nm OBJCOPY=objcopy .*AR=ar$' readtree "$gcctree"
expect "kbuild: LLVM= in the environment of a GCC tree is refused" 2 \
	"LLVM=1 is set in your environment, but .* was configured with gcc 12[.0-9]* \(gcc \(Debian.*\) and CC=gcc: kbuild would re-configure the tree for clang" \
	env LLVM=1 $D check --tree "$gcctree" fs/dax.c

f=$(fake newer-gcc)
sed -i 's/^CONFIG_CC_VERSION_TEXT=.*/CONFIG_CC_VERSION_TEXT="gcc (Debian 99.1.0-1) 99.1.0"/' $f/.config
sed -i 's/^ifneq "$(CC_VERSION_TEXT)" .*/ifneq "$(CC_VERSION_TEXT)" "gcc (Debian 99.1.0-1) 99.1.0"/' $f/include/config/auto.conf.cmd
touch -r "$gcctree/.config" $f/.config
expect "kbuild: a tree configured with another gcc version is refused" 2 \
	"was configured with gcc 99.1.0 \(gcc \(Debian 99.1.0-1\) 99.1.0\), but gcc here is 'gcc \(Debian 12.*kbuild would re-configure the tree for it.*Debian package gcc-99" \
	$D check --tree $f fs/dax.c

f=$(fake missing-clang)
sed -i -e 's/^CONFIG_CC_IS_GCC=y/CONFIG_CC_IS_CLANG=y/' \
	-e 's/^CONFIG_CC_VERSION_TEXT=.*/CONFIG_CC_VERSION_TEXT="Debian clang version 99.0.1"/' $f/.config
sed -i -e 's/^ifneq "$(CC)" .*/ifneq "$(CC)" "clang-99"/' -e 's/^ifneq "$(LD)" .*/ifneq "$(LD)" "ld.lld-99"/' \
	$f/include/config/auto.conf.cmd
touch -r "$gcctree/.config" $f/.config
expect "kbuild: a tree configured with a clang that is not installed is refused" 2 \
	"configured with clang 99.0.1 \(Debian clang version 99.0.1\) \(CC=clang-99\), which is not installed here: install it \(Debian packages clang-99 lld-99 llvm-99\)" \
	$D convert --validate --tree $f --rules pxx_devmap -o $tmp/p-missing mm
[ ! -e $tmp/p-missing ] || [ -z "$(ls -A $tmp/p-missing)" ] &&
	pass "kbuild: the refusal comes before any work" || fail "kbuild: convert wrote patches before refusing"
expect "kbuild: LLVM=-99 derived from CC=clang-99 LD=ld.lld-99" 0 "LLVM=-99$" \
	bash -c 'source scripts/kbuild.bash; kbuild_tree_vars "$1" && echo "${KBUILD_MAKE[*]}"' sh $f

f=$(fake arm64)
sed -i 's/^ifneq "$(ARCH)" .*/ifneq "$(ARCH)" "arm64"/' $f/include/config/auto.conf.cmd
expect "kbuild: ARCH comes from the tree's record, not a default" 0 "^ARCH=arm64 " readtree $f
sed -i '/^ifneq "$(ARCH)"/,+2d' $f/include/config/auto.conf.cmd
sed -i 's|^# Linux/x86_64 |# Linux/riscv |' $f/.config
touch -r "$gcctree/.config" $f/.config
expect "kbuild: else from the .config's 'Linux/ARCH' header" 0 "^ARCH=riscv " readtree $f

f=$(fake stale)
touch $f/.config
expect "kbuild: a .config newer than its generated configuration is refused" 2 \
	"\.config is newer than include/config/auto.conf: kbuild would re-sync the configuration" readtree $f
f=$(fake kconfig)
mkdir -p $f/mm && touch $f/mm/Kconfig
expect "kbuild: a Kconfig file newer than the configuration is refused" 2 \
	"mm/Kconfig is newer than the tree's configuration: kbuild would re-sync it" readtree $f

# --- the compiler's and kbuild's own words reach the user -----------------
mkdir -p $tmp/out-driver
printf "gcc: error: unrecognized command-line option '--target=x86_64-linux-gnu'\n" > "$tmp/out-driver/fs%dax.c.log"
echo 1 > "$tmp/out-driver/fs%dax.c.status"
expect "report: the driver's error line is shown when the compile fails" 2 \
	"^devmap-report: error: fs/dax.c: gcc: error: unrecognized command-line option '--target=x86_64-linux-gnu'$" \
	build/devmap-report $tmp/out-driver
mkdir -p $tmp/out-silent
printf 'Killed\n' > "$tmp/out-silent/mm%gup.c.log"; echo 137 > "$tmp/out-silent/mm%gup.c.status"
expect "report: a failed compile with no error line shows its last output" 2 \
	"^devmap-report: error: mm/gup.c: Killed$" build/devmap-report $tmp/out-silent
cat > $tmp/kbuild.log <<'L'
  CC      fs/ext4/inode.o
  CC      fs/ext4/super.o
fs/dax.c:12:2: error: 'foo' undeclared (first use in this function)
make[3]: *** [scripts/Makefile.build:250: fs/dax.o] Error 1
  CC      fs/ext4/xattr.o
  CC      fs/ext4/namei.o
L
for i in $(seq 30); do echo "  CC      fs/xfs/f$i.o"; done >> $tmp/kbuild.log
bash -c 'source scripts/kbuild.bash; kbuild_why "$1"' sh $tmp/kbuild.log > $tmp/why
if grep -q "^fs/dax.c:12:2: error: 'foo' undeclared" $tmp/why && grep -q '^make\[3\]: \*\*\* ' $tmp/why &&
   ! grep -q 'CC ' $tmp/why; then
	pass "kbuild: a failed parallel build shows its error: and *** lines, not its last lines"
else
	fail "kbuild_why: $(tr '\n' '|' < $tmp/why)"
fi

# --- every command on the GCC tree -----------------------------------------
snapshot "$gcctree" > $tmp/gcc.snap
expect "gcc tree: check runs" 1 "\[devmap-lint:refcount-one\]$" $D check --tree "$gcctree" fs/dax.c
same_config "gcc tree: after check" "$gcctree" $tmp/gcc.snap
expect "gcc tree: checkpatch runs" 1 "^WARNING:DEVMAP_REFCOUNT_ONE: " $D checkpatch --tree "$gcctree" $P/6.1/reintroduce-refcount-one.patch
same_config "gcc tree: after checkpatch" "$gcctree" $tmp/gcc.snap
expect "gcc tree: convert runs" 0 "wrote [0-9]+ patch" $D convert --tree "$gcctree" --rules pxx_devmap -o $tmp/gcc-p mm/gup.c
same_config "gcc tree: after convert" "$gcctree" $tmp/gcc.snap
# --validate rebuilds the touched objects the tree has built: a check of
# mm/gup.c builds mm/gup.o (as make would) when it is not there yet.
expect "gcc tree: check of mm/gup.c" 0 "" $D check --tree "$gcctree" mm/gup.c
same_config "gcc tree: after a check that builds an object" "$gcctree" $tmp/gcc.snap
expect "gcc tree: convert --validate builds with the tree's gcc" 0 \
	"building 1 touched object\(s\) with sparse \(gcc 12" \
	$D convert --tree "$gcctree" --rules pxx_devmap --validate -o $tmp/gcc-v mm/gup.c
same_config "gcc tree: after convert --validate" "$gcctree" $tmp/gcc.snap

# --- the clang tree ---------------------------------------------------------
clangtree=$(scripts/kernel-tree --version 6.12 --llvm 2>$tmp/kt.err) ||
	{ fail "no clang tree: scripts/kernel-tree --version 6.12 --llvm: $(tail -3 $tmp/kt.err | tr '\n' '|')"; exit 0; }
snapshot "$clangtree" > $tmp/clang.snap
expect "clang tree: make variables LLVM=1 and the recorded tools" 0 \
	'^ARCH=x86_64 .*CC=clang .*LD=ld\.lld .*LLVM=1$' readtree "$clangtree"
engine="the tree is built with clang: checking with the libclang engine \(pgmap-type, refcount-one, pgmap-ref\)"
expect "clang tree: checkpatch runs the libclang engine" 1 \
	"^WARNING:DEVMAP_REFCOUNT_ONE: refcount of a ZONE_DEVICE page \(read by 'page_ref_count\(\)'\) compared with 1: right on Linux 6.12" \
	$D checkpatch --tree "$clangtree" $P/6.12/reintroduce-refcount-one.patch
grep -qE "^devmap-lint: $engine; the semantic patches run as on any tree$" $tmp/err &&
	pass "clang tree: ... and says so, naming the rules it has" || fail "clang tree: checkpatch: $(tr '\n' '|' < $tmp/err)"
same_config "clang tree: after checkpatch" "$clangtree" $tmp/clang.snap
expect "clang tree: check --diff - runs the libclang engine" 1 \
	"^fs/dax.c:370:[0-9]+: warning: refcount of a ZONE_DEVICE page \(read by 'page_ref_count\(\)'\) compared with 1: .*\[devmap-lint:refcount-one\]$" \
	sh -c "$D check --tree '$clangtree' --diff - < $P/6.12/reintroduce-refcount-one.patch"
same_config "clang tree: after check --diff -" "$clangtree" $tmp/clang.snap
expect "clang tree: check --diff of rules the libclang engine does not have is refused" 2 \
	"the libclang engine has pgmap-type, refcount-one, pgmap-ref: enable=no-such-rule leaves nothing to check" \
	sh -c "$D check --tree '$clangtree' --plugin-arg enable=no-such-rule --diff - < $P/6.12/reintroduce-refcount-one.patch"
same_config "clang tree: after a refused check --diff" "$clangtree" $tmp/clang.snap
refusal="is built with clang 14[.0-9]* \(Debian clang version 14[.0-9]*\): check --module runs the GCC plugin, which cannot load into clang. It will not rebuild a clang tree with gcc"
expect "clang tree: check --module (the GCC plugin in the module's build) is refused" 2 "$refusal" \
	$D check --module testsrc/module/devmem_compat --tree "$clangtree"
same_config "clang tree: after check --module" "$clangtree" $tmp/clang.snap
expect "clang tree: checkpatch --no-tree (semantic patches only) works" 1 "^WARNING:DEVMAP_COCCI_PXX_DEVMAP: " \
	$D checkpatch --no-tree $P/reintroduce-pmd-devmap.patch
expect "clang tree: convert runs" 0 "wrote [0-9]+ patch" $D convert --tree "$clangtree" --rules pxx_devmap -o $tmp/clang-p mm/mprotect.c
same_config "clang tree: after convert" "$clangtree" $tmp/clang.snap
# --validate needs the touched object built once, as a user's tree has it:
# built here with the tree's own make variables (LLVM=1), under its lock.
if [ ! -f "$clangtree/mm/mprotect.o" ]; then
	(flock 9; bash -c 'source scripts/kbuild.bash; kbuild_read_tree "$1" && kbuild_make "$1" -s -j2 mm/mprotect.o' sh "$clangtree") \
		9> "$clangtree/.devmap-lint.lock" > $tmp/build.log 2>&1 || fail "clang tree: building mm/mprotect.o: $(tail -3 $tmp/build.log | tr '\n' '|')"
fi
same_config "clang tree: after building mm/mprotect.o with its make variables" "$clangtree" $tmp/clang.snap
expect "clang tree: check runs the libclang engine, naming its rules" 0 \
	"$engine" \
	$D check --tree "$clangtree" mm/mprotect.c
same_config "clang tree: after check (libclang engine)" "$clangtree" $tmp/clang.snap
expect "clang tree: check of rules the libclang engine does not have is refused" 2 \
	"the libclang engine has pgmap-type, refcount-one, pgmap-ref: enable=no-such-rule leaves nothing to check" \
	$D check --tree "$clangtree" --plugin-arg enable=no-such-rule mm/mprotect.c
expect "clang tree: convert --validate builds with LLVM=1" 0 \
	"building 1 touched object\(s\) with sparse \(clang 14" \
	$D convert --tree "$clangtree" --rules pxx_devmap --validate -o $tmp/clang-v mm/mprotect.c
same_config "clang tree: after convert --validate" "$clangtree" $tmp/clang.snap
