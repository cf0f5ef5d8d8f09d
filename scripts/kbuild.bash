# kbuild.bash - what devmap-lint's scripts share about running kbuild on a
# user's kernel tree (sourced by devmap-lint, devmap-lint-cc, bench,
# bench-cc, bench-command, bench-checkpatch and the tests).
#
# The one rule it enforces: a command never makes kbuild re-sync a tree's
# configuration.  Any `make` in a kernel tree, even `make -n`, re-runs
# Kconfig's syncconfig (rewriting .config and include/config/auto.conf, and
# so the dependencies of every object) when a make variable that Kconfig
# recorded differs from its recorded value: ARCH, CC, LD, the compiler's
# version text, ...  Kconfig lists them in include/config/auto.conf.cmd as
#     ifneq "$(CC)" "gcc"
#     include/config/auto.conf: FORCE
#     endif
# so kbuild_read_tree passes every recorded tool variable with its recorded
# value on the make command line, and refuses (exit 2, naming the tree's
# compiler and what to do) when that cannot reproduce the configuration: the
# recorded compiler is missing or reports another version, LLVM= in the
# environment disagrees with the tree, or .config or a Kconfig file is
# newer than the configuration kbuild generated from it.
#
# Callers set kbuild_prog (the name errors start with) before calling.
# python_direct, at the end, is shared by the scripts that start python3.

kbuild_prog=${kbuild_prog:-devmap-lint}

kbuild_die() {
	echo "$kbuild_prog: error: $*" >&2
	exit 2
}

# kbuild_config_value TREE NAME: the value of CONFIG_NAME in TREE/.config,
# without quotes; empty when unset.
kbuild_config_value() {
	sed -n "/^CONFIG_$2=/{s///; s/^\"\(.*\)\"\$/\1/; p; q}" "$1/.config" 2>/dev/null
}

# kbuild_recorded_vars TREE: "NAME<TAB>VALUE" for every make variable
# Kconfig recorded in TREE/include/config/auto.conf.cmd.
kbuild_recorded_vars() {
	sed -n 's/^ifneq "\$(\([A-Za-z_][A-Za-z0-9_]*\))" "\(.*\)"$/\1\t\2/p' \
		"$1/include/config/auto.conf.cmd"
}

# kbuild_arch TREE: the ARCH the tree was configured for: Kconfig's record
# (auto.conf.cmd), else the "# Linux/ARCH VERSION Kernel Configuration"
# header of .config.  Never a default: x86_64 is not every tree's.
kbuild_arch() {
	local arch
	arch=$(kbuild_recorded_vars "$1" 2>/dev/null | awk -F'\t' '$1 == "ARCH" { print $2; exit }')
	[ -n "$arch" ] || arch=$(sed -n 's|^# Linux/\([^ ]*\) .* Kernel Configuration$|\1|p' "$1/.config" | head -n 1)
	echo "$arch"
}

# kbuild_read_tree TREE
#   Reads how TREE was configured and sets:
#     KBUILD_CC_KIND          gcc or clang (CONFIG_CC_IS_GCC / CONFIG_CC_IS_CLANG)
#     KBUILD_CC_VERSION_TEXT  CONFIG_CC_VERSION_TEXT ("Debian clang version 14.0.6")
#     KBUILD_CC               the compiler command kbuild recorded (gcc, clang, ...)
#     KBUILD_ARCH             the ARCH it was configured for
#     KBUILD_LLVM             the LLVM= value it needs (1, -14, /usr/lib/llvm-14/bin/)
#                             or empty for a GNU toolchain
#     KBUILD_MAKE             (array) the make variables every kbuild run on
#                             TREE must use: ARCH=..., LLVM=..., CC=..., ...
#   and exits 2 with a message when kbuild would re-sync the configuration.
kbuild_read_tree() {
	kbuild_tree_vars "$1"
	kbuild_refuse_resync "$1"
}

# kbuild_tree_vars TREE: the variables of kbuild_read_tree, unchecked.
kbuild_tree_vars() {
	local tree=$1 name value ld=
	[ -f "$tree/.config" ] || kbuild_die "kernel tree '$tree' is not configured (no .config)"
	[ -f "$tree/include/config/auto.conf" ] && [ -f "$tree/include/config/auto.conf.cmd" ] ||
		kbuild_die "kernel tree '$tree' is not prepared (no include/config/auto.conf): run 'make prepare' there with the make variables you configured it with"
	if [ "$(kbuild_config_value "$tree" CC_IS_CLANG)" = y ]; then
		KBUILD_CC_KIND=clang
	elif [ "$(kbuild_config_value "$tree" CC_IS_GCC)" = y ]; then
		KBUILD_CC_KIND=gcc
	else
		kbuild_die "$tree/.config names neither CONFIG_CC_IS_GCC nor CONFIG_CC_IS_CLANG: cannot tell which compiler configured it"
	fi
	KBUILD_CC_VERSION_TEXT=$(kbuild_config_value "$tree" CC_VERSION_TEXT)
	KBUILD_ARCH=$(kbuild_arch "$tree")
	[ -n "$KBUILD_ARCH" ] || kbuild_die "cannot tell the architecture $tree was configured for (no ARCH in include/config/auto.conf.cmd, no 'Linux/ARCH' header in .config)"

	KBUILD_MAKE=("ARCH=$KBUILD_ARCH")
	KBUILD_CC=
	while IFS=$'\t' read -r name value; do
		case $name in
		# Derived by the Makefile itself, or checked below.
		ARCH|SRCARCH|KERNELVERSION|srctree|CC_VERSION_TEXT|RUSTC_VERSION_TEXT) ;;
		*) KBUILD_MAKE+=("$name=$value") ;;
		esac
		case $name in
		CC) KBUILD_CC=$value ;;
		LD) ld=$value ;;
		esac
	done < <(kbuild_recorded_vars "$tree")
	[ -n "$KBUILD_CC" ] || KBUILD_CC=$([ $KBUILD_CC_KIND = clang ] && echo clang || echo gcc)

	# LLVM=: what `make LLVM=...` would have set CC to.  It also picks
	# clang for the host programs and the integrated assembler, so it is
	# passed along with the explicit tools.
	KBUILD_LLVM=
	if [ $KBUILD_CC_KIND = clang ]; then
		case $KBUILD_CC/$ld in
		clang/ld.lld) KBUILD_LLVM=1 ;;
		clang-[0-9]*/ld.lld-[0-9]*) KBUILD_LLVM=${KBUILD_CC#clang} ;;
		*/clang/*/ld.lld) KBUILD_LLVM=${KBUILD_CC%clang} ;;
		esac
		[ -z "$KBUILD_LLVM" ] || KBUILD_MAKE+=("LLVM=$KBUILD_LLVM")
	fi
}

# kbuild_refuse_resync TREE: exit 2 unless a make in TREE with KBUILD_MAKE
# (kbuild_tree_vars) keeps its configuration.
kbuild_refuse_resync() {
	local tree=$1 value have
	if [ -n "${LLVM+set}" ] && [ "${LLVM}" != "$KBUILD_LLVM" ]; then
		if [ -z "$KBUILD_LLVM" ]; then
			kbuild_die "LLVM=$LLVM is set in your environment, but $tree was configured with $(kbuild_compiler_name) and CC=$KBUILD_CC: kbuild would re-configure the tree for clang. Unset LLVM (env -u LLVM ...) to check this tree."
		else
			kbuild_die "LLVM=$LLVM is set in your environment, but $tree was configured with $(kbuild_compiler_name) and LLVM=$KBUILD_LLVM: unset LLVM or set LLVM=$KBUILD_LLVM."
		fi
	fi

	# The recorded compiler must be here and be the same version: kbuild
	# compares `$(CC) --version | head -1` with the recorded text.
	command -v "$KBUILD_CC" >/dev/null 2>&1 ||
		kbuild_die "$tree was configured with $(kbuild_compiler_name) (CC=$KBUILD_CC), which is not installed here: install it ($(kbuild_install_hint)); devmap-lint will not let kbuild re-configure the tree for another compiler"
	have=$(LC_ALL=C "$KBUILD_CC" --version 2>/dev/null | head -n 1)
	if [ -n "$KBUILD_CC_VERSION_TEXT" ] && [ "$have" != "$KBUILD_CC_VERSION_TEXT" ]; then
		kbuild_die "$tree was configured with $(kbuild_compiler_name), but $KBUILD_CC here is '$have': kbuild would re-configure the tree for it. Install the compiler that configured the tree ($(kbuild_install_hint)), or reconfigure the tree yourself (make ${KBUILD_MAKE[*]} olddefconfig prepare)."
	fi
	# The same for rustc, when the configuration recorded one.
	value=$(kbuild_recorded_vars "$tree" | awk -F'\t' '$1 == "RUSTC_VERSION_TEXT" { print $2; exit }')
	if [ -n "$value" ]; then
		have=$(rustc --version 2>/dev/null | tr -d '#')
		[ "$have" = "$value" ] ||
			kbuild_die "$tree was configured with '$value', but rustc here is '${have:-not installed}': kbuild would re-configure the tree for it."
	fi
	for value in "${KBUILD_MAKE[@]}"; do
		case ${value%%=*} in
		LD|AR|NM|OBJCOPY)
			command -v "${value#*=}" >/dev/null 2>&1 ||
				kbuild_die "$tree was configured with ${value%%=*}=${value#*=}, which is not installed here ($(kbuild_install_hint))" ;;
		esac
	done

	# kbuild re-runs syncconfig when .config or a Kconfig file is newer
	# than the configuration it generated.
	if [ "$tree/.config" -nt "$tree/include/config/auto.conf" ]; then
		kbuild_die "$tree/.config is newer than include/config/auto.conf: kbuild would re-sync the configuration. Run 'make ${KBUILD_MAKE[*]} olddefconfig prepare' in the tree yourself first."
	fi
	local newer
	newer=$(cd "$tree" && awk '/^deps_config :=/ { on = 1; next } on && !/^\t/ { exit }
			on { sub(/^\t/, ""); sub(/ *\\$/, ""); print }' include/config/auto.conf.cmd |
		xargs -r sh -c 'find "$@" -newer include/config/auto.conf -print 2>/dev/null' sh | head -n 1)
	[ -z "$newer" ] ||
		kbuild_die "$tree/$newer is newer than the tree's configuration: kbuild would re-sync it. Run 'make ${KBUILD_MAKE[*]} olddefconfig prepare' in the tree yourself first."
	return 0
}

# kbuild_compiler_name: "clang 14.0.6 (Debian clang version 14.0.6)", from
# the values kbuild_read_tree set.
kbuild_compiler_name() {
	local version
	if [ "$KBUILD_CC_KIND" = clang ]; then
		version=$(echo "$KBUILD_CC_VERSION_TEXT" | sed -n 's/.*clang version \([0-9][0-9.]*\).*/\1/p')
	else
		version=$(echo "$KBUILD_CC_VERSION_TEXT" | sed -n 's/.*) \([0-9][0-9.]*\).*/\1/p')
	fi
	echo "$KBUILD_CC_KIND${version:+ $version} ($KBUILD_CC_VERSION_TEXT)"
}

# A Debian package that provides the tree's compiler, for messages.
kbuild_install_hint() {
	local major
	if [ "$KBUILD_CC_KIND" = clang ]; then
		major=$(echo "$KBUILD_CC_VERSION_TEXT" | sed -n 's/.*clang version \([0-9]*\).*/\1/p')
		echo "Debian packages clang${major:+-$major} lld${major:+-$major} llvm${major:+-$major}"
	else
		major=$(echo "$KBUILD_CC_VERSION_TEXT" | sed -n 's/.*) \([0-9]*\)\..*/\1/p')
		echo "Debian package gcc${major:+-$major}"
	fi
}

# kbuild_require_gcc TREE [WHAT]: exit 2 unless TREE is built by GCC, for
# WHAT (what needs the GCC plugin; default "this").  The plugin cannot load
# into clang; on a clang-built tree devmap-lint's libclang engine
# serves check, check --diff and checkpatch, not check --module or the
# benches of the plugin.  Call after kbuild_read_tree.
kbuild_require_gcc() {
	[ "$KBUILD_CC_KIND" = gcc ] ||
		kbuild_die "$1 is built with $(kbuild_compiler_name): ${2:-this} runs the GCC plugin, which cannot load into clang. It will not rebuild a clang tree with gcc (that would re-configure it). On a clang-built tree, 'devmap-lint check', 'check --diff' and 'checkpatch' run devmap-lint's libclang engine (pgmap-type, refcount-one, pgmap-ref), and 'devmap-lint convert' and 'checkpatch --no-tree' (the semantic patches) work on any tree."
}

# kbuild_make TREE ARG...: make in TREE with the tree's own variables.
kbuild_make() {
	local tree=$1; shift
	make -C "$tree" "${KBUILD_MAKE[@]}" "$@"
}

# kbuild_why LOG: the lines of a (parallel) kbuild log that say why it
# failed - the compilers' "error:" lines and make's "***" lines - instead
# of its last lines, which are often another job's progress.  Falls back to
# the last 20 lines when none matches.
kbuild_why() {
	local lines
	lines=$(grep -E '(^|[^a-z])(error|Error):|\*\*\*|undefined reference|No rule to make target' "$1" | awk '!seen[$0]++' | head -n 40)
	if [ -n "$lines" ]; then
		echo "$lines"
	else
		tail -n 20 "$1"
	fi
}

# kbuild_cc_args ARG...: the compiler arguments kbuild hands a CHECK tool
# ("$CHECK $CHECKFLAGS $c_flags file.c"), minus what a second compile must
# not use: the user's dependency file, -Werror (findings must not fail a
# run) and sparse's own flags.  Sets KBUILD_CC_ARGS (array) and
# KBUILD_CC_SRC (the .c file, or empty).
kbuild_cc_args() {
	local a
	KBUILD_CC_ARGS=() KBUILD_CC_SRC=
	for a in "$@"; do
		case $a in
		-Wp,-MMD,*|-Wp,-MD,*) ;;	# the user's dependency file: not ours to write
		-Werror|-Werror=*) ;;		# CONFIG_WERROR: findings must not fail the run
		-Wbitwise|-Wno-return-void|-Wno-unknown-attribute|-Wsparse-*) ;;	# sparse's own
		*.c) KBUILD_CC_SRC=$a; KBUILD_CC_ARGS+=("$a") ;;
		*) KBUILD_CC_ARGS+=("$a") ;;
		esac
	done
}

# scratch_copy TREE DEST [with-git]: a copy of TREE to patch and build in:
# everything but git's history (kept with "with-git"), so kbuild finds its
# prepared state and built objects and rebuilds only what a patch touches.
# Taken under the tree's lock: a kbuild run of ours must not change it
# meanwhile.  Another program may still touch the tree (an editor's swap
# file, git refreshing its index): tar's "file changed as we read it"
# (its status 1) is not a failed copy.
scratch_copy() {
	local tree=$1 dest=$2 exclude_git=--exclude=./.git
	[ "${3:-}" = with-git ] && exclude_git=
	rm -rf "$dest"; mkdir -p "$dest"
	echo "$kbuild_prog: copying $tree to a scratch tree" >&2
	(
		flock 8
		tar -C "$tree" $exclude_git --exclude=./.devmap-lint.lock --warning=no-file-changed -cf - . |
			tar -C "$dest" -xf -
		st=("${PIPESTATUS[@]}")
		[ "${st[0]}" -le 1 ] && [ "${st[1]}" -eq 0 ]
	) 8> "$tree/.devmap-lint.lock" || kbuild_die "cannot copy $tree to $dest"
}

# python3 behind a version manager's shim (pyenv: a bash script running a
# dozen more) costs about half a second of CPU per start, and spatch starts
# python3 on every run (Coccinelle looks it up in PATH), as do devmap-compat
# and devmap-units.  Put the interpreter the shim resolves to first in PATH:
# the same python, without the detour.  A python3 that is a program (an ELF
# file, as it is once a parent script has done this) is left alone without
# starting it; a pyenv shim is resolved by reading pyenv's version files
# (pyenv_python); any other wrapper by asking the interpreter itself.
python_direct() {
	local found= dir dirs real head=
	IFS=: read -ra dirs <<< "$PATH"
	for dir in "${dirs[@]}"; do
		[ -f "${dir:-.}/python3" ] && [ -x "${dir:-.}/python3" ] && { found=${dir:-.}/python3; break; }
	done
	[ -n "$found" ] || return 0
	IFS= read -r -n 4 head < "$found" 2> /dev/null
	[ "$head" != $'\x7fELF' ] || return 0
	if ! real=$(pyenv_python "$found"); then
		real=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) || return 0
		[ -n "$real" ] && [ "$(readlink -f "$found")" != "$(readlink -f "$real")" ] || return 0
	fi
	PATH=${real%/*}:$PATH; export PATH
}

# pyenv_python SHIM: the python3 that pyenv's shim SHIM (ROOT/shims/python3)
# runs, found as pyenv finds it without running pyenv's dozen scripts:
# $PYENV_VERSION, else the first .python-version from $PYENV_DIR (or the
# current directory) up, else ROOT/version; the first version it names,
# ROOT/versions/VERSION/bin/python3.  Fails (the caller asks the shim) for
# anything less plain: "system", several versions, a version prefix, a
# missing interpreter, hooks of pyenv's version-name step.  pyenv's "which"
# and "exec" hooks are not run: those pyenv and pyenv-virtualenv ship act
# only on a command the version lacks or on pip.
pyenv_python() {
	local shim=$1 root file= dir version= rest py
	case $shim in */shims/python3) root=${shim%/shims/python3} ;; *) return 1 ;; esac
	[ -x "$root/libexec/pyenv" ] && [ -z "${PYENV_HOOK_PATH:-}" ] || return 1
	[ "${PYENV_ROOT:-$root}" = "$root" ] || return 1
	! compgen -G "$root/pyenv.d/version-name/*" > /dev/null &&
		! compgen -G "$root/plugins/*/etc/pyenv.d/version-name/*" > /dev/null || return 1
	for dir in /usr/etc/pyenv.d /usr/local/etc/pyenv.d /etc/pyenv.d /usr/lib/pyenv/hooks; do
		! compgen -G "$dir/version-name/*" > /dev/null || return 1
	done
	version=${PYENV_VERSION:-}
	if [ -z "$version" ]; then
		for dir in "${PYENV_DIR:-$PWD}" "$PWD"; do
			while [ -n "$dir" ]; do
				[ -f "$dir/.python-version" ] && { file=$dir/.python-version; break 2; }
				dir=${dir%/*}
			done
		done
		[ -n "$file" ] || [ -f /.python-version ] && file=${file:-/.python-version}
		[ -n "$file" ] || file=$root/version
		[ -s "$file" ] || return 1
		# The first word of the first line that is not blank or a comment.
		while read -r version rest || [ -n "$version" ]; do
			version=${version%$'\r'}
			[ -z "$version" ] || [ "${version:0:1}" = "#" ] || break
		done < "$file"
	fi
	case $version in ""|system|*:*|*/*|.|..) return 1 ;; esac
	py=$root/versions/$version/bin/python3
	[ -f "$py" ] && [ -x "$py" ] || return 1
	echo "$py"
}
