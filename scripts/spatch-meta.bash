# spatch-meta.bash: what devmap-lint derives from spatch itself (the
# builtin macro file, each rule's grep names, whether to start workers),
# kept in a small cache.  Sourced by scripts/devmap-cocci and by
# scripts/tests/cocci-folio.bash, so both run spatch the same way.
#
# Deriving it costs a "spatch --longhelp", an awk over standard.h and a
# "spatch --parse-cocci" per rule (about 0.3 s of CPU a rule), on every
# call, for results that change only with spatch, standard.h,
# cocci/devmap-lint.h, a rule file or this file.  The cache is
# ${DEVMAP_LINT_CACHE:-${XDG_CACHE_HOME:-~/.cache}/devmap-lint}/spatch
# (next to scripts/kernel-tree's trees; devmap-lint's checkpatch uses it too);
# its entries are named by the
# md5 of the content they come from (and, for the grep names, by the
# spatch binary's device, inode, size and mtime), so an edited file is
# never served a stale entry.  Entries are written to a temporary file and
# renamed (concurrent callers see a whole file or none); an unusable cache
# directory (unwritable, a file) means everything is computed as before.
# A hit costs one stat and one md5sum for all the files of a call.

spatch_meta_self=${BASH_SOURCE[0]}
[[ $spatch_meta_self == /* ]] || spatch_meta_self=$PWD/$spatch_meta_self

# spatch_meta_init WORK NEED-STD FILE...
#   WORK: a private scratch directory (live results go there).  NEED-STD 1:
#   find spatch's standard.h (for spatch_make_builtins).  FILEs: the rule
#   files whose grep names will be asked (absolute paths, as they will be
#   named to spatch_grep_names).
#   Sets spatch_cache (the cache directory), spatch_id (empty if spatch
#   cannot be stat'ed), spatch_std (standard.h, empty when not found) and
#   spatch_md5[PATH] for standard.h, cocci/devmap-lint.h, this file and the
#   FILEs.  Status 2 when NEED-STD is 1 and standard.h cannot be found.
spatch_meta_init() {
	local need_std dir dirs sp= line sum path
	spatch_work=$1 need_std=$2; shift 2
	spatch_cache=${DEVMAP_LINT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devmap-lint}/spatch
	spatch_ours=${spatch_meta_self%/scripts/*}/cocci/devmap-lint.h
	declare -gA spatch_md5=()
	spatch_id= spatch_std=
	IFS=: read -ra dirs <<< "$PATH"
	for dir in "${dirs[@]}"; do
		[[ -f ${dir:-.}/spatch && -x ${dir:-.}/spatch ]] && { sp=${dir:-.}/spatch; break; }
	done
	[ -n "$sp" ] && spatch_id=$(stat -L -c '%d.%i.%s.%Y' -- "$sp" 2>/dev/null)
	if [ "$need_std" = 1 ]; then
		# Where standard.h is depends only on the spatch binary.
		[ -z "$spatch_id" ] || [ ! -f "$spatch_cache/std.$spatch_id" ] ||
			read -r spatch_std < "$spatch_cache/std.$spatch_id"
		if [ -z "$spatch_std" ] || [ ! -r "$spatch_std" ]; then
			spatch_std=
			while IFS= read -r line; do
				[[ $line =~ --macro-file-builtins.*default=([^\)]*)\) ]] && spatch_std=${BASH_REMATCH[1]}
			done < <(spatch --longhelp 2>/dev/null)
			[ -n "$spatch_std" ] && [ -r "$spatch_std" ] || { spatch_std=; return 2; }
			[ -z "$spatch_id" ] || { printf '%s\n' "$spatch_std" > "$spatch_work/std" &&
				spatch_cache_put "std.$spatch_id" "$spatch_work/std"; }
		fi
	fi
	# One md5sum for every file a key is made of.  A name md5sum has to
	# escape (a line starting with "\") gets no key: computed live.
	while read -r sum path; do
		[[ $sum == \\* ]] || spatch_md5[$path]=$sum
	done < <(md5sum -- ${spatch_std:+"$spatch_std"} "$spatch_ours" "$spatch_meta_self" "$@" 2>/dev/null)
	return 0
}

# spatch_cache_put NAME FILE: FILE's content as cache entry NAME, written
# whole or not at all.  Status 1 (nothing cached) when the cache cannot be
# written; the caller has the result in FILE anyway.
spatch_cache_put() {
	local tmpf=$spatch_cache/.new.$BASHPID.$RANDOM
	[ -d "$spatch_cache" ] || mkdir -p -- "$spatch_cache" 2>/dev/null || return 1
	cp -- "$2" "$tmpf" 2>/dev/null && mv -f -- "$tmpf" "$spatch_cache/$1" 2>/dev/null && return 0
	rm -f -- "$tmpf" 2>/dev/null
	return 1
}

# spatch_make_builtins: sets spatch_builtins to a file with spatch's
# standard.h without the macros cocci/devmap-lint.h defines, then
# devmap-lint.h.  spatch keeps a builtin definition over a --macro-file
# one of the same name, hence this file for --macro-file-builtins.  Needs
# spatch_meta_init WORK 1.  The cached copy is used unless its path holds
# blanks (callers split "--macro-file-builtins FILE" on them).
spatch_make_builtins() {
	local key=${spatch_md5[$spatch_std]:-}.${spatch_md5[$spatch_ours]:-}.${spatch_md5[$spatch_meta_self]:-}
	local name=builtins.$key.h
	[[ $key == *..* || $key == .* || $key == *. || $spatch_cache == *[[:space:]]* ]] && name=
	if [ -n "$name" ] && [ -f "$spatch_cache/$name" ]; then
		spatch_builtins=$spatch_cache/$name
		return 0
	fi
	# One awk: the names ours defines (first file), standard.h without
	# them, then ours.
	awk '
		FNR == 1 { file++ }
		file == 1 { if (match($0, /^#define[ \t]+[A-Za-z_][A-Za-z0-9_]*/)) {
				name = substr($0, RSTART, RLENGTH); sub(/^#define[ \t]+/, "", name); ours[name] = 1 }
			next }
		file == 2 && skip && /\\$/ { next }	# continuation of a dropped macro
		file == 2 && skip { skip = 0; next }	# its last line
		file == 2 && match($0, /^#define[ \t]+[A-Za-z_][A-Za-z0-9_]*/) {
			name = substr($0, RSTART, RLENGTH); sub(/^#define[ \t]+/, "", name)
			if (name in ours) { skip = /\\$/; next } }
		{ print }' "$spatch_ours" "$spatch_std" "$spatch_ours" > "$spatch_work/builtins.h" || return 1
	spatch_builtins=$spatch_work/builtins.h
	[ -z "$name" ] || spatch_cache_put "$name" "$spatch_builtins"
	return 0
}

# spatch_grep_names MODE RULE OUT: the names RULE's grep query needs in
# MODE ("a || b || c" in spatch --parse-cocci), one a line, into OUT
# (empty when the rule has no grep query).  Only a successful parse is
# cached.
spatch_grep_names() {
	local mode=$1 rule=$2 out=$3 sum=${spatch_md5[$2]:-} self=${spatch_md5[$spatch_meta_self]:-} name= lines st
	[ -z "$sum" ] || [ -z "$self" ] || [ -z "$spatch_id" ] || name=names.$mode.$spatch_id.$sum.$self
	if [ -n "$name" ] && [ -f "$spatch_cache/$name" ]; then
		mapfile -t lines < "$spatch_cache/$name"
		: > "$out"
		[ ${#lines[@]} -eq 0 ] || printf '%s\n' "${lines[@]}" > "$out"
		return 0
	fi
	spatch -D "$mode" --parse-cocci "$rule" 2>/dev/null |
		awk 'q { n = split($0, w, /[ |]+/); for (i = 1; i <= n; i++) if (w[i] != "") print w[i]; exit }
			/^Grep query$/ { q = 1 }' > "$out"
	st=("${PIPESTATUS[@]}")
	[ -z "$name" ] || [ "${st[0]}" != 0 ] || [ "${st[1]}" != 0 ] || spatch_cache_put "$name" "$out"
	return 0
}

# cocci_header_field FILE NAME: the value of rule FILE's first
# "// NAME: ..." line ("Options", "Requires") in its header, the lines
# before its first rule (the first line that starts with "@"), read by
# bash: this runs for every rule on every call, and the rest of a rule
# file is most of it.
cocci_header_field() {
	local line re="^//[[:space:]]*$2:[[:space:]]*(.*)\$"
	while IFS= read -r line; do
		[[ $line == @* ]] && return
		[[ $line =~ $re ]] && { printf '%s\n' "${BASH_REMATCH[1]}"; return; }
	done < "$1"
}

# spatch_workers JOBS NFILES: sets spatch_worker_flags to the flags that
# let spatch use JOBS workers on NFILES files, or none.  Workers cost their
# start-up (0.2-0.3 s of CPU a run), and --jobs once stalled a run on 10
# tiny fixture files for 30 s, so they are started only with at least two
# files for each.  Measured on 2 cores at load 4-6 (wall/CPU seconds):
# folio_pagemap_ops on its 3 fixtures 0.8/0.6 alone, 1.1/0.9 with
# --jobs 2; pxx_devmap (report) on 6.1's mm/huge_memory.c, gup.c and
# memory.c 2.7/2.1 alone, 3.2/2.5 with 2 workers; on four such files
# 3.3/2.2 against 4.5/3.2; on six 3.9/2.5 against 3.0/3.1.
spatch_workers() {
	spatch_worker_flags=()
	[ "$1" -gt 1 ] && [ "$2" -ge $(( 2 * $1 )) ] && spatch_worker_flags=(--jobs "$1" --chunksize 1)
	return 0
}
