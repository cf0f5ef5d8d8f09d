/*
 * devmap-patch - what devmap-lint needs to know about a unified diff.
 *
 *   devmap-patch files PATCH              the files the patch writes (new side;
 *                                         with git's headers also a file only
 *                                         renamed, copied, or changed in mode)
 *   devmap-patch added PATCH              every added line:
 *                                         FILE<TAB>LINE<TAB>PATCHLINE<TAB>TEXT
 *   devmap-patch relocate PATCH DIR       PATCH again, each hunk header's
 *                                         line numbers moved to where its
 *                                         post-image lines are in DIR/FILE
 *                                         (a patch applied at an offset, as
 *                                         git apply and patch allow)
 *   devmap-patch postimage PATCH DIR      write each file's post-image hunks
 *                                         to DIR/FILE, at their line numbers
 *                                         (the lines between hunks are blank)
 *   devmap-patch checkpatch [--terse] [--show-types] [--types T,..]
 *                [--ignore T,..] PATCH FINDINGS
 *                                         print the FINDINGS that fall on
 *                                         added lines, in checkpatch.pl's
 *                                         format; exit 1 if any
 *
 * PATCH may be "-" for standard input.  FINDINGS holds one finding a line
 * in the findings format (devmap-util.h, rules/README.md: what
 * "devmap-report --format jsonl" writes); suppressed ones are not shown.  A patch that is not
 * a unified diff, or whose hunks do not add up, is an error (exit 2) that
 * names the line: never "no findings".
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define TOOL "devmap-patch"
#include "devmap-util.h"

struct added_line {
	char *file;
	long line;		/* in the new file */
	long patch_line;	/* in the patch, 1-based, as checkpatch's #N */
	char *text;		/* without the leading '+' */
};

struct hunk_line {
	char *file;
	long line;
	int hunk;		/* which hunk of the patch it belongs to */
	char *text;
};

/* A hunk header, for relocate. */
struct hunk {
	long patch_line;	/* the "@@" line in the patch, 1-based */
	long old_start, old_count, new_start, new_count;
	char *tail;		/* what follows the closing "@@" */
};

static struct added_line *added;
static int nadded;
static struct hunk *hunks;	/* hunks[h - 1] for hunk h */
static struct hunk_line *post;	/* every post-image line (context and added) */
static int npost;
static int nhunks;
static char **files;
static int nfiles;
static long total_lines;

/* "fs/dax.c\t2024-..." -> "fs/dax.c" (as written; no a/ or b/ to drop). */
static char *plain_path(const char *s)
{
	while (*s == ' ')
		s++;
	size_t n = strcspn(s, "\t\n");
	char *p = xrealloc(NULL, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	while (n && p[n - 1] == ' ')
		p[--n] = '\0';
	return p;
}

/* "b/fs/dax.c\t2024-..." -> "fs/dax.c"; NULL for /dev/null. */
static char *new_path(const char *s)
{
	char *p = plain_path(s);
	if (!strcmp(p, "/dev/null")) {
		free(p);
		return NULL;
	}
	if (!strncmp(p, "b/", 2) || !strncmp(p, "a/", 2))
		memmove(p, p + 2, strlen(p + 2) + 1);
	return p;
}

static void add_file(const char *f)
{
	for (int i = 0; i < nfiles; i++)
		if (!strcmp(files[i], f))
			return;
	files = xrealloc(files, (nfiles + 1) * sizeof(*files));
	files[nfiles++] = xstrdup(f);
}

static void add_post(const char *file, long line, const char *text)
{
	post = xrealloc(post, (npost + 1) * sizeof(*post));
	post[npost].file = (char *)file;
	post[npost].line = line;
	post[npost].hunk = nhunks;
	post[npost].text = xstrdup(text);
	npost++;
}

/* "@@ -a[,b] +c[,d] @@TAIL": A in *OLD_START and TAIL in *TAIL when not NULL. */
static int parse_hunk_header(const char *s, long *old_start, long *old_count,
			     long *new_start, long *new_count, const char **tail)
{
	long a, c;
	char *end;
	if (strncmp(s, "@@ -", 4))
		return 0;
	a = strtol(s + 4, &end, 10);
	*old_count = 1;
	if (*end == ',')
		*old_count = strtol(end + 1, &end, 10);
	if (strncmp(end, " +", 2))
		return 0;
	c = strtol(end + 2, &end, 10);
	*new_count = 1;
	if (*end == ',')
		*new_count = strtol(end + 1, &end, 10);
	if (strncmp(end, " @@", 3) || a < 0 || c < 0)
		return 0;
	*new_start = c;
	if (old_start)
		*old_start = a;
	if (tail)
		*tail = end + 3;
	return 1;
}

/*
 * "diff --git a/X b/Y": Y, when the line can be split (a name with " b/"
 * in it cannot: git quotes only names with special characters), else NULL.
 */
static char *git_new_path(const char *s)
{
	const char *b = strstr(s, " b/");
	if (!b || strstr(b + 1, " b/"))
		return NULL;
	return new_path(b + 1);
}

/*
 * A git diff section with no "+++" header (a rename or copy without
 * changes, a mode change, a binary file) still touches its file: PENDING,
 * unless the section deletes it.
 */
static void flush_git_section(char **pending, int *deleted)
{
	if (*pending && !*deleted)
		add_file(*pending);
	free(*pending);
	*pending = NULL;
	*deleted = 0;
}

static void read_patch(const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!f)
		die("cannot read the patch %s: %s", path, strerror(errno));
	static char buf[65536];
	char *cur = NULL;		/* the file of the current hunk */
	long old_left = 0, new_left = 0, new_line = 0, lineno = 0;
	int saw_header = 0, in_hunk = 0;
	char *git_pending = NULL;	/* the file of a git section before its "+++" */
	int git_deleted = 0, saw_git = 0;

	while (fgets(buf, sizeof(buf), f)) {
		lineno++;
		buf[strcspn(buf, "\n")] = '\0';
		if (in_hunk && (old_left > 0 || new_left > 0)) {
			char kind = buf[0];
			const char *text = buf[0] ? buf + 1 : buf;
			if (kind == '\\')
				continue;	/* "\ No newline at end of file" */
			if (kind == '+' && new_left > 0) {
				added = xrealloc(added, (nadded + 1) * sizeof(*added));
				added[nadded].file = cur;
				added[nadded].line = new_line;
				added[nadded].patch_line = lineno;
				added[nadded].text = xstrdup(text);
				nadded++;
				if (cur)
					add_post(cur, new_line, text);
				new_line++;
				new_left--;
			} else if (kind == '-' && old_left > 0) {
				old_left--;
			} else if ((kind == ' ' || kind == '\0') && old_left > 0 && new_left > 0) {
				if (cur)
					add_post(cur, new_line, text);
				new_line++;
				old_left--;
				new_left--;
			} else {
				die("%s:%ld: malformed hunk: unexpected line '%.40s'", path, lineno, buf);
			}
			total_lines++;
			continue;
		}
		in_hunk = 0;
		if (!strncmp(buf, "diff --git ", 11)) {
			flush_git_section(&git_pending, &git_deleted);
			git_pending = git_new_path(buf + 11);
			saw_git = 1;
		} else if (!strncmp(buf, "deleted file mode ", 18)) {
			git_deleted = 1;
		} else if (!strncmp(buf, "rename to ", 10) || !strncmp(buf, "copy to ", 8)) {
			free(git_pending);
			git_pending = plain_path(buf + (buf[0] == 'r' ? 10 : 8));
		} else if (!strncmp(buf, "+++ ", 4)) {
			free(git_pending);
			git_pending = NULL;
			git_deleted = 0;
			cur = new_path(buf + 4);
			if (cur)
				add_file(cur);
			saw_header = 1;
		} else if (!strncmp(buf, "@@ ", 3)) {
			long old_start, old_count, new_count, start;
			const char *tail;
			if (!saw_header)
				die("%s:%ld: hunk before any '+++' file header", path, lineno);
			if (!parse_hunk_header(buf, &old_start, &old_count, &start, &new_count, &tail))
				die("%s:%ld: malformed hunk header '%.60s'", path, lineno, buf);
			hunks = xrealloc(hunks, (nhunks + 1) * sizeof(*hunks));
			hunks[nhunks] = (struct hunk){ lineno, old_start, old_count, start, new_count,
						       xstrdup(tail) };
			old_left = old_count;
			new_left = new_count;
			new_line = start;
			in_hunk = 1;
			nhunks++;
		}
	}
	flush_git_section(&git_pending, &git_deleted);
	if (f != stdin)
		fclose(f);
	if (in_hunk && (old_left > 0 || new_left > 0))
		die("%s: the patch ends inside a hunk (truncated?)", path);
	if (!saw_header && !saw_git)
		die("%s: not a unified diff (no '+++' file header)", path);
}

static void cmd_files(void)
{
	for (int i = 0; i < nfiles; i++)
		printf("%s\n", files[i]);
}

static void cmd_added(void)
{
	for (int i = 0; i < nadded; i++)
		if (added[i].file)
			printf("%s\t%ld\t%ld\t%s\n", added[i].file, added[i].line,
			       added[i].patch_line, added[i].text);
}

/* The lines of a file, without their newlines. */
struct text {
	char **line;
	long n;
};

/* DIR/FILE's lines; none when it cannot be read. */
static struct text text_of(const char *dir, const char *file)
{
	struct text t = { NULL, 0 };
	static char buf[65536];
	char path[8192];
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	FILE *f = fopen(path, "r");
	if (!f)
		return t;
	while (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		t.line = xrealloc(t.line, (t.n + 1) * sizeof(*t.line));
		t.line[t.n++] = xstrdup(buf);
	}
	fclose(f);
	return t;
}

static void text_free(struct text *t)
{
	for (long i = 0; i < t->n; i++)
		free(t->line[i]);
	free(t->line);
}

/*
 * How far a hunk's post-image lines (POST[FIRST..LAST)) are from where its
 * header says: the nearest place in T where they all are, as git apply
 * and patch look for a hunk at an offset; 0 when they are nowhere.
 */
static long hunk_offset(const struct text *t, int first, int last)
{
	long claimed = post[first].line, n = last - first, best = 0;
	int found = 0;
	for (long at = 1; at + n - 1 <= t->n; at++) {
		long k = 0;
		while (k < n && !strcmp(t->line[at - 1 + k], post[first + k].text))
			k++;
		if (k == n && (!found || labs(at - claimed) < labs(best))) {
			best = at - claimed;
			found = 1;
		}
	}
	return best;
}

/*
 * relocate: the patch PATH (a file: it is read twice) printed again, each
 * hunk header's line numbers moved to where the hunk's post-image lines
 * are in DIR/FILE, the patch applied there (a patch made on another
 * version of a file applies "at an offset").  The added lines the other
 * commands then give are the applied file's.  A hunk whose lines are not
 * found (a later section of the same patch changed them) stays as it is;
 * every other line is printed unchanged, so checkpatch's #N still counts
 * lines of the patch as the user wrote it.
 */
static void cmd_relocate(const char *path, const char *dir)
{
	long *offset = xrealloc(NULL, (nhunks + 1) * sizeof(*offset));
	for (int h = 0; h <= nhunks; h++)
		offset[h] = 0;
	/* The hunks of a file follow each other: each file is read once. */
	struct text t = { NULL, 0 };
	const char *file = NULL;
	for (int i = 0, j; i < npost; i = j) {
		for (j = i; j < npost && post[j].hunk == post[i].hunk; j++)
			;
		if (!file || strcmp(file, post[i].file)) {
			text_free(&t);
			file = post[i].file;
			t = text_of(dir, file);
		}
		offset[post[i].hunk] = hunk_offset(&t, i, j);
	}
	text_free(&t);
	FILE *f = fopen(path, "r");
	if (!f)
		die("cannot read the patch %s: %s", path, strerror(errno));
	static char buf[65536];
	long lineno = 0;
	int h = 0;
	while (fgets(buf, sizeof(buf), f)) {
		lineno++;
		if (h < nhunks && hunks[h].patch_line == lineno) {
			const struct hunk *k = &hunks[h++];
			long d = offset[h];
			printf("@@ -%ld,%ld +%ld,%ld @@%s\n", k->old_start + d, k->old_count,
			       k->new_start + d, k->new_count, k->tail);
		} else {
			fputs(buf, stdout);
		}
	}
	fclose(f);
	free(offset);
}

static void make_parents(char *path)
{
	for (char *p = path + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(path, 0777) && errno != EEXIST)
				die("cannot create %s: %s", path, strerror(errno));
			*p = '/';
		}
}

/*
 * The change in brace depth over LINE, and the lowest depth reached on the
 * way (relative to its start).  Braces in string and character literals
 * and in comments do not count; *IN_COMMENT carries a block comment over
 * to the next line.
 */
static int brace_delta(const char *line, int *lowest, int *in_comment)
{
	int depth = 0;
	*lowest = 0;
	for (const char *p = line; *p; p++) {
		if (*in_comment) {
			if (p[0] == '*' && p[1] == '/') {
				*in_comment = 0;
				p++;
			}
		} else if (p[0] == '/' && p[1] == '*') {
			*in_comment = 1;
			p++;
		} else if (p[0] == '/' && p[1] == '/') {
			break;
		} else if (*p == '"' || *p == '\'') {
			char quote = *p;
			for (p++; *p && *p != quote; p++)
				if (*p == '\\' && p[1])
					p++;
			if (!*p)
				break;
		} else if (*p == '{') {
			depth++;
		} else if (*p == '}') {
			depth--;
			if (depth < *lowest)
				*lowest = depth;
		}
	}
	return depth;
}

/*
 * How many braces hunk H of FILE must be wrapped in to parse on its own:
 * OPENS before it (a hunk that starts inside a function: it closes braces
 * it never opened, or its first line is indented), CLOSES after it.
 */
static void hunk_wrapping(const char *file, int h, int *opens, int *closes)
{
	int depth = 0, lowest = 0, in_comment = 0, first = -1;
	for (int k = 0; k < npost; k++) {
		if (post[k].hunk != h || strcmp(post[k].file, file))
			continue;
		if (first < 0 && post[k].text[strspn(post[k].text, " \t")])
			first = k;
		int low;
		int delta = brace_delta(post[k].text, &low, &in_comment);
		if (depth + low < lowest)
			lowest = depth + low;
		depth += delta;
	}
	*opens = -lowest;
	if (*opens == 0 && first >= 0 && (post[first].text[0] == ' ' || post[first].text[0] == '\t'))
		*opens = 1;
	*closes = *opens + depth;
	if (*closes < 0)
		*closes = 0;
}

/*
 * Each file's post-image lines at their own line numbers, blank lines
 * between, so that findings on it carry the real line numbers.  A hunk
 * that starts inside a function is wrapped in a function of its own, on
 * the blank lines around it, so that spatch can parse it.
 */
static void cmd_postimage(const char *dir)
{
	for (int i = 0; i < nfiles; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		make_parents(path);
		FILE *out = fopen(path, "w");
		if (!out)
			die("cannot write %s: %s", path, strerror(errno));
		long at = 1;
		int closes = 0;
		for (int k = 0; k < npost; k++) {
			if (strcmp(post[k].file, files[i]))
				continue;
			int starts_hunk = k == 0 || post[k - 1].hunk != post[k].hunk;
			int opens = 0, next_closes = 0;
			if (starts_hunk)
				hunk_wrapping(files[i], post[k].hunk, &opens, &next_closes);
			/* Close the previous hunk's wrapper on the line after it. */
			if (starts_hunk && closes && at < post[k].line) {
				for (int c = 0; c < closes; c++)
					fputc('}', out);
				fputc('\n', out);
				at++;
				closes = 0;
			}
			for (; at < post[k].line - 1; at++)
				fputc('\n', out);
			if (at == post[k].line - 1) {
				if (opens) {
					fprintf(out, "void __devmap_lint_hunk_%d(void) ", post[k].hunk);
					for (int o = 0; o < opens; o++)
						fputc('{', out);
				}
				fputc('\n', out);
				at++;
			}
			if (starts_hunk)
				closes = next_closes;
			if (at == post[k].line) {
				fprintf(out, "%s\n", post[k].text);
				at++;
			}
		}
		for (int c = 0; c < closes; c++)
			fputc('}', out);
		if (closes)
			fputc('\n', out);
		if (fclose(out))
			die("cannot write %s: %s", path, strerror(errno));
	}
}

/* ------------------------------------------------------------------ */
/* checkpatch                                                           */

/* refcount-one -> DEVMAP_REFCOUNT_ONE */
static char *type_of(const char *rule)
{
	char *t = xrealloc(NULL, strlen(rule) + 8);
	strcpy(t, "DEVMAP_");
	char *p = t + 7;
	for (const char *r = rule; *r; r++)
		*p++ = (*r == '-' || *r == '.') ? '_' : toupper((unsigned char)*r);
	*p = '\0';
	return t;
}

/* Is TYPE in the comma-separated LIST (case-insensitive, as checkpatch)? */
static int in_list(const char *list, const char *type)
{
	if (!list)
		return 0;
	size_t n = strlen(type);
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		if (len == n && !strncasecmp(p, type, n))
			return 1;
		p += len + (p[len] == ',');
	}
	return 0;
}

static const struct added_line *find_added(const char *file, long line)
{
	for (int i = 0; i < nadded; i++)
		if (added[i].file && added[i].line == line && !strcmp(added[i].file, file))
			return &added[i];
	return NULL;
}

/*
 * The notes of a finding (why the page is ZONE_DEVICE, where a helper's
 * comparison is, ...), under its quoted line and before the blank line
 * that ends its block, in checkpatch's "FILE: path:line:" form:
 *
 *   NOTE: FILE: fs/dax.c:374: the page comes from 'pfn_to_page()' here
 *
 * Notes are not counted as warnings; --terse keeps the first line of a
 * block only, as checkpatch.pl does.
 */
static void print_notes(const struct finding *rec)
{
	for (int n = 0; n < rec->nnotes; n++) {
		const struct note *no = &rec->notes[n];
		printf("NOTE: FILE: %s:%d: %s\n", no->file, no->line, no->message);
	}
}

static int cmd_checkpatch(const char *findings_path, int terse, int show_types,
			  const char *types, const char *ignore)
{
	FILE *f = fopen(findings_path, "r");
	if (!f)
		die("cannot read %s: %s", findings_path, strerror(errno));
	int warnings = 0;
	char **seen = NULL;
	int nseen = 0;
	int lineno = 0;
	struct finding rec;
	while (finding_next(f, findings_path, &lineno, &rec)) {
		if (rec.suppressed)
			continue;	/* the maintainer's "devmap-lint: ignore" */
		const char *file = rec.file, *msg = rec.message, *rule = rec.rule;
		long line = rec.line;

		const struct added_line *a = find_added(file, line);
		if (!a)
			continue;	/* not a line this patch adds */
		char *type = type_of(rule);
		if ((types && !in_list(types, type)) || in_list(ignore, type)) {
			free(type);
			continue;
		}
		/* Same type, place and message once (headers are seen twice). */
		char key[8192];
		snprintf(key, sizeof(key), "%s:%ld:%s:%s", file, line, type, msg);
		int dup = 0;
		for (int i = 0; i < nseen && !dup; i++)
			dup = !strcmp(seen[i], key);
		if (dup) {
			free(type);
			continue;
		}
		seen = xrealloc(seen, (nseen + 1) * sizeof(*seen));
		seen[nseen++] = xstrdup(key);

		warnings++;
		if (terse) {
			printf("%s:%ld: WARNING:%s%s%s\n", file, line,
			       show_types ? type : "", show_types ? ": " : " ", msg);
		} else {
			printf("WARNING:%s%s%s\n", show_types ? type : "", show_types ? ": " : " ", msg);
			printf("#%ld: FILE: %s:%ld:\n+%s\n", a->patch_line, file, line, a->text);
			print_notes(&rec);
			putchar('\n');
		}
		free(type);
	}
	fclose(f);
	if (!terse || warnings)
		printf("total: 0 errors, %d warnings, %ld lines checked\n", warnings, total_lines);
	return warnings ? 1 : 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: " TOOL " files|added PATCH\n"
		"       " TOOL " relocate|postimage PATCH DIR\n"
		"       " TOOL " checkpatch [--terse] [--show-types] [--types T,..] [--ignore T,..] PATCH FINDINGS\n");
	exit(2);
}

int main(int argc, char **argv)
{
	if (argc < 3)
		usage();
	const char *cmd = argv[1];
	if (!strcmp(cmd, "files") && argc == 3) {
		read_patch(argv[2]);
		cmd_files();
	} else if (!strcmp(cmd, "added") && argc == 3) {
		read_patch(argv[2]);
		cmd_added();
	} else if (!strcmp(cmd, "relocate") && argc == 4 && strcmp(argv[2], "-")) {
		read_patch(argv[2]);
		cmd_relocate(argv[2], argv[3]);
	} else if (!strcmp(cmd, "postimage") && argc == 4) {
		read_patch(argv[2]);
		cmd_postimage(argv[3]);
	} else if (!strcmp(cmd, "checkpatch")) {
		/* Types are always shown: the issue's format, and what CI greps
		 * for; --show-types is accepted as checkpatch.pl spells it. */
		int terse = 0, show_types = 1, i;
		const char *types = NULL, *ignore = NULL;
		for (i = 2; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
			if (!strcmp(argv[i], "--terse"))
				terse = 1;
			else if (!strcmp(argv[i], "--show-types"))
				show_types = 1;
			else if (!strcmp(argv[i], "--types") && i + 1 < argc)
				types = argv[++i];
			else if (!strcmp(argv[i], "--ignore") && i + 1 < argc)
				ignore = argv[++i];
			else
				usage();
		}
		if (argc - i != 2)
			usage();
		read_patch(argv[i]);
		return cmd_checkpatch(argv[i + 1], terse, show_types, types, ignore);
	} else {
		usage();
	}
	if (fflush(stdout))
		die("cannot write: %s", strerror(errno));
	return 0;
}
