/*
 * devmap-report - collect the findings of a check into one report.
 *
 *   devmap-report [--format text|json|sarif|jsonl] [--tree DIR] [--rules-dir DIR]
 *                 [--baseline FILE] [--update-baseline] [--added FILE] OUTDIR...
 *   devmap-report --from-gcc LOG|- [--dir DIR] [--strip PREFIX]...
 *                 [--kernel LABEL] [--source FILE --ran RULE,...]
 *
 * Each OUTDIR holds, for every checked file, NAME.jsonl (its findings, one
 * record a line: the findings format of devmap-util.h and rules/README.md),
 * NAME.status (the engine's exit status: 0 means the file was analysed)
 * and NAME.log (the engine's own output, shown when it failed).  A NAME.log
 * without NAME.jsonl is converted as --from-gcc would.  devmap-report
 * makes paths relative to the tree, sorts the findings and merges
 * duplicates (a header is seen by many files; with several OUTDIRs, one a
 * kernel, a finding lists every kernel it was seen on), and prints them.
 * Suppressed findings (a "devmap-lint: ignore RULE" comment) are listed in
 * json, jsonl and sarif and count for nothing else.  --added FILE
 * ("devmap-patch added" output: FILE<TAB>LINE<TAB>...) keeps only the
 * findings on those lines: the lines a change adds (check --diff).
 *
 * --from-gcc is the one place that reads GCC's diagnostics: it turns the
 * plugin's warnings and notes in LOG (-fdiagnostics-plain-output) into
 * records on stdout, honouring suppression comments (the sources are read
 * at the paths GCC printed, relative to DIR), labelling them with LABEL,
 * and with --source, reporting the suppressions of FILE that name one of
 * the RULEs that ran but suppress nothing (rule unused-suppression).
 *
 * Exit status: 0 no finding, 1 findings (new ones, with --baseline),
 * 2 error: a file the plugin could not compile (an internal compiler error
 * included), an unreadable directory or record, bad usage.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TOOL "devmap-report"
#include "devmap-util.h"

static struct finding *findings;
static int nfindings, cap_findings;
static const char **strip;	/* prefixes cut off paths: "DIR/" */
static int nstrip;
static int errors;

static void add_strip(const char *dir)
{
	size_t n = strlen(dir);
	char *p = xrealloc(NULL, n + 2);
	memcpy(p, dir, n + 1);
	if (n && dir[n - 1] != '/')
		strcat(p, "/");
	strip = xrealloc(strip, (nstrip + 1) * sizeof(*strip));
	strip[nstrip++] = p;
}

/* Paths inside the tree (or the module, or an overlay) are reported
 * relative to it. */
static char *relative(const char *path)
{
	for (int i = 0; i < nstrip; i++) {
		size_t n = strlen(strip[i]);
		if (!strncmp(path, strip[i], n)) {
			path += n;
			break;
		}
	}
	while (!strncmp(path, "./", 2))
		path += 2;
	return xstrdup(path);
}

static struct finding *new_finding(void)
{
	if (nfindings == cap_findings) {
		cap_findings = cap_findings ? 2 * cap_findings : 64;
		findings = xrealloc(findings, cap_findings * sizeof(*findings));
	}
	struct finding *f = &findings[nfindings++];
	memset(f, 0, sizeof(*f));
	return f;
}

/*
 * Split "file:line:col: KIND: message".  Returns KIND's start, or NULL if
 * the line is not a located diagnostic.
 */
static const char *parse_diag(char *line, char **file, int *lno, int *col, char **msg)
{
	char *p = line;
	/* the file name ends at the first ":<digits>:<digits>: " */
	for (; (p = strchr(p, ':')); p++) {
		char *end;
		long l = strtol(p + 1, &end, 10);
		if (end == p + 1 || *end != ':')
			continue;
		char *end2;
		long c = strtol(end + 1, &end2, 10);
		if (end2 == end + 1 || strncmp(end2, ": ", 2))
			continue;
		*p = '\0';
		*file = line;
		*lno = (int)l;
		*col = (int)c;
		char *kind = end2 + 2;
		char *colon = strstr(kind, ": ");
		if (!colon)
			return NULL;
		*colon = '\0';
		*msg = colon + 2;
		return kind;
	}
	return NULL;
}

static void add_note(struct finding *f, const char *file, int line, int col, const char *msg)
{
	f->notes = xrealloc(f->notes, (f->nnotes + 1) * sizeof(*f->notes));
	struct note *n = &f->notes[f->nnotes++];
	n->file = relative(file);
	n->line = line;
	n->col = col;
	n->message = xstrdup(msg);
}

/* "... [devmap-lint:RULE]" -> RULE, and cut the tag off MSG. */
static char *take_rule(char *msg)
{
	char *tag = strstr(msg, " [devmap-lint:");
	if (!tag)
		return NULL;
	char *rule = tag + strlen(" [devmap-lint:");
	char *close = strchr(rule, ']');
	if (!close)
		return NULL;
	*close = '\0';
	*tag = '\0';
	return xstrdup(rule);
}

/* ------------------------------------------------------------------ */
/* Suppression comments                                                 */
/*
 *   / * devmap-lint: ignore RULE[,RULE...] -- REASON * /
 *   // devmap-lint: ignore RULE -- REASON
 *
 * on the finding's line or on the line above it.  The sources are read at
 * the paths the engine printed (the files it compiled: an overlay's
 * post-image included), relative to src_dir.
 */

#define SUPPRESS_TAG "devmap-lint: ignore"

struct suppression {
	int line, col;
	char *rules;		/* "a,b": the rule names, comma-separated */
	char *reason;
	char *text;		/* "devmap-lint: ignore a -- why" */
};

struct source {
	char *path;
	int readable;
	struct suppression *supp;
	int nsupp;
};

static struct source *sources;
static int nsources;
static const char *src_dir;

/* Parse the suppression on TEXT (one source line), if any. */
static int parse_suppression(const char *text, int lineno, struct suppression *s)
{
	const char *tag = strstr(text, SUPPRESS_TAG);
	if (!tag)
		return 0;
	/* Only in a comment: a block comment or a line comment opens before it. */
	const char *open = NULL;
	for (const char *p = text; p < tag; p++)
		if (p[0] == '/' && (p[1] == '*' || p[1] == '/'))
			open = p;
	if (!open)
		return 0;
	const char *end = strstr(tag, "*/");
	if (!end)
		end = tag + strlen(tag);
	while (end > tag && isspace((unsigned char)end[-1]))
		end--;
	s->line = lineno;
	/* GCC's column: display columns, tabs to the next multiple of 8. */
	s->col = 1;
	for (const char *p = text; p < open; p++)
		if (*p == '\t')
			s->col += 8 - (s->col - 1) % 8;
		else if (((unsigned char)*p & 0xc0) != 0x80)
			s->col++;
	s->text = xrealloc(NULL, end - tag + 1);
	memcpy(s->text, tag, end - tag);
	s->text[end - tag] = '\0';
	/* The rules: names and commas up to "--" or the end. */
	const char *r = s->text + strlen(SUPPRESS_TAG);
	const char *dash = strstr(r, "--");
	const char *rend = dash ? dash : r + strlen(r);
	s->rules = xrealloc(NULL, rend - r + 1);
	size_t n = 0;
	for (const char *p = r; p < rend; p++)
		if (!isspace((unsigned char)*p))
			s->rules[n++] = *p;
		else if (n && s->rules[n - 1] != ',')
			s->rules[n++] = ',';
	while (n && s->rules[n - 1] == ',')
		n--;
	s->rules[n] = '\0';
	const char *why = dash ? dash + 2 : "";
	while (isspace((unsigned char)*why))
		why++;
	s->reason = xstrdup(why);
	return 1;
}

static int names_rule(const char *rules, const char *rule)
{
	size_t n = strlen(rule);
	for (const char *p = rules; *p;) {
		size_t len = strcspn(p, ",");
		if (len == n && !strncmp(p, rule, n))
			return 1;
		p += len + (p[len] == ',');
	}
	return 0;
}

/* The suppressions of PATH (as the engine printed it), read once. */
static struct source *source_of(const char *path)
{
	for (int i = 0; i < nsources; i++)
		if (!strcmp(sources[i].path, path))
			return &sources[i];
	sources = xrealloc(sources, (nsources + 1) * sizeof(*sources));
	struct source *src = &sources[nsources++];
	memset(src, 0, sizeof(*src));
	src->path = xstrdup(path);
	char full[8192];
	if (path[0] != '/' && src_dir)
		snprintf(full, sizeof(full), "%s/%s", src_dir, path);
	else
		snprintf(full, sizeof(full), "%s", path);
	FILE *f = fopen(full, "r");
	if (!f)
		return src;
	src->readable = 1;
	static char buf[65536];
	int lineno = 0;
	while (fgets(buf, sizeof(buf), f)) {
		lineno++;
		if (!strstr(buf, SUPPRESS_TAG))
			continue;
		buf[strcspn(buf, "\n")] = '\0';
		struct suppression s;
		if (!parse_suppression(buf, lineno, &s))
			continue;
		src->supp = xrealloc(src->supp, (src->nsupp + 1) * sizeof(*src->supp));
		src->supp[src->nsupp++] = s;
	}
	fclose(f);
	return src;
}

/* Mark F suppressed when its line or the line above names its rule. */
static void apply_suppression(struct finding *f, const char *raw_file)
{
	struct source *src = source_of(raw_file);
	for (int i = 0; i < src->nsupp; i++) {
		const struct suppression *s = &src->supp[i];
		if ((s->line == f->line || s->line == f->line - 1) && names_rule(s->rules, f->rule)) {
			f->suppressed = 1;
			f->supp_line = s->line;
			f->supp_reason = s->reason;
			f->supp_text = s->text;
			return;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Reading                                                              */

static int quiet;	/* --from-gcc: the compile errors are the report's to show */

static void __attribute__((format(printf, 1, 2))) say(const char *fmt, ...)
{
	va_list ap;
	if (quiet)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

/*
 * Read one file's engine output (GCC plain diagnostics): with COLLECT,
 * turn its devmap-lint warnings and notes into findings (suppressions
 * applied, labelled KERNEL); always print its compile errors (the
 * compiler's "error:" lines, the driver's "gcc: error:" ones, internal
 * compiler errors) on stderr.  Returns how many error lines it printed.
 */
static int read_log(FILE *f, const char *source, int collect, const char *kernel)
{
	char buf[8192];
	struct finding *cur = NULL;
	int compile_error = 0, shown = 0;
	while (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		if (strstr(buf, "internal compiler error")) {
			say(TOOL ": error: %s: internal compiler error: %s\n", source, buf);
			errors++;
			shown++;
			continue;
		}
		char *file, *msg;
		int line, col;
		const char *kind = parse_diag(buf, &file, &line, &col, &msg);
		if (!kind) {
			/* The driver's and cc1's own errors: "gcc: error: ...",
			   "cc1: fatal error: ...", "clang: error: ..." */
			if (strstr(buf, ": error: ") || strstr(buf, ": fatal error: ")) {
				say(TOOL ": error: %s: %s\n", source, buf);
				compile_error = 1;
				shown++;
			}
			continue;
		}
		if (!strcmp(kind, "warning") || !strcmp(kind, "error")) {
			char *rule = take_rule(msg);
			cur = NULL;
			if (rule && collect) {
				cur = new_finding();
				cur->file = relative(file);
				cur->line = line;
				cur->col = col;
				cur->rule = rule;
				cur->message = xstrdup(msg);
				if (kernel)
					finding_add_kernel(cur, kernel);
				apply_suppression(cur, file);
			} else if (!rule && !strcmp(kind, "error")) {
				say(TOOL ": error: %s: %s:%d:%d: %s\n", source, file, line, col, msg);
				compile_error = 1;
				shown++;
			}
		} else if (!strcmp(kind, "note") && cur) {
			add_note(cur, file, line, col, msg);
		} else if (!strcmp(kind, "fatal error")) {
			say(TOOL ": error: %s: %s:%d:%d: %s\n", source, file, line, col, msg);
			compile_error = 1;
			shown++;
		}
	}
	errors += compile_error;
	return shown;
}

/*
 * The suppressions in SOURCE (as the engine printed it) that name a rule
 * of RAN (the rules that analysed it) and suppress none of the findings
 * read so far: reported as rule unused-suppression, so stale ones get
 * cleaned up.
 */
static void report_unused(const char *source, const char *ran, const char *kernel)
{
	struct source *src = source_of(source);
	char *rel = relative(source);
	int n = nfindings;
	for (int i = 0; i < src->nsupp; i++) {
		const struct suppression *s = &src->supp[i];
		for (const char *p = s->rules; *p;) {
			size_t len = strcspn(p, ",");
			char rule[256];
			snprintf(rule, sizeof(rule), "%.*s", (int)len, p);
			p += len + (p[len] == ',');
			if (!names_rule(ran, rule))
				continue;
			int used = 0;
			for (int k = 0; k < n && !used; k++)
				used = findings[k].suppressed && findings[k].supp_line == s->line &&
				       !strcmp(findings[k].rule, rule) && !strcmp(findings[k].file, rel);
			if (used)
				continue;
			struct finding *f = new_finding();
			char msg[1024];
			snprintf(msg, sizeof(msg), "this '" SUPPRESS_TAG " %s' comment suppresses nothing: "
				 "no %s finding on this line or the next; remove it", rule, rule);
			f->file = xstrdup(rel);
			f->line = s->line;
			f->col = s->col;
			f->rule = xstrdup("unused-suppression");
			f->message = xstrdup(msg);
			if (kernel)
				finding_add_kernel(f, kernel);
		}
	}
	free(rel);
}

/* The last lines of a log that holds no line we recognise as an error. */
static void print_log_tail(const char *path, const char *source)
{
	FILE *f = fopen(path, "r");
	char lines[10][1024];
	int n = 0;
	if (!f)
		return;
	while (fgets(lines[n % 10], sizeof(lines[0]), f))
		n++;
	fclose(f);
	if (!n) {
		fprintf(stderr, TOOL ": error: %s: the compiler printed nothing\n", source);
		return;
	}
	for (int i = n > 10 ? n - 10 : 0; i < n; i++) {
		char *l = lines[i % 10];
		l[strcspn(l, "\n")] = '\0';
		fprintf(stderr, TOOL ": error: %s: %s\n", source, l);
	}
}

static int read_status(const char *path)
{
	FILE *f = fopen(path, "r");
	int status = -1;
	if (!f || fscanf(f, "%d", &status) != 1)
		status = -1;
	if (f)
		fclose(f);
	return status;
}

static int kernel_rank(const char *k);

/* The records of PATH (NAME.jsonl), appended to findings. */
static void read_records(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		die("cannot read %s: %s", path, strerror(errno));
	int lineno = 0;
	struct finding rec;
	while (finding_next(f, path, &lineno, &rec)) {
		char *file = relative(rec.file);
		free(rec.file);
		rec.file = file;
		for (int n = 0; n < rec.nnotes; n++) {
			file = relative(rec.notes[n].file);
			free(rec.notes[n].file);
			rec.notes[n].file = file;
		}
		for (int k = 0; k < rec.nkernels; k++)
			kernel_rank(rec.kernels[k]);
		*new_finding() = rec;
	}
	fclose(f);
}

static void read_outdir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		die("cannot open %s: %s", dir, strerror(errno));
	struct dirent *e;
	char path[8300];
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 8 || strcmp(e->d_name + n - 7, ".status"))
			continue;
		char name[4096], source[4096];
		snprintf(name, sizeof(name), "%s/%.*s", dir, (int)(n - 7), e->d_name);
		snprintf(source, sizeof(source), "%.*s", (int)(n - 7), e->d_name);
		for (char *p = source; *p; p++)
			if (*p == '%')
				*p = '/';
		snprintf(path, sizeof(path), "%s.jsonl", name);
		int have_records = !access(path, R_OK);
		if (have_records)
			read_records(path);
		snprintf(path, sizeof(path), "%s.log", name);
		int shown = 0;
		FILE *log = fopen(path, "r");
		if (log) {
			shown = read_log(log, source, !have_records, NULL);
			fclose(log);
		} else if (!have_records) {
			die("%s: neither %s.jsonl nor %s.log", dir, source, source);
		}
		snprintf(path, sizeof(path), "%s.status", name);
		int status = read_status(path);
		if (status != 0) {
			/* The compiler's own words, not a pointer to a deleted log. */
			snprintf(path, sizeof(path), "%s.log", name);
			if (!shown)
				print_log_tail(path, source);
			fprintf(stderr, TOOL ": error: %s: the compiler with the plugin exited "
				"with status %d%s\n", source, status,
				shown ? " (its errors are above)" : " (its last output is above)");
			errors++;
		}
	}
	closedir(d);
}

/* --from-gcc: one file's engine output -> records on stdout. */
static int from_gcc(const char *log, const char *kernel, const char *source, const char *ran)
{
	FILE *f = strcmp(log, "-") ? fopen(log, "r") : stdin;
	if (!f)
		die("cannot read %s: %s", log, strerror(errno));
	quiet = 1;
	read_log(f, log, 1, kernel);
	if (f != stdin)
		fclose(f);
	if (source && ran)
		report_unused(source, ran, kernel);
	for (int i = 0; i < nfindings; i++)
		finding_write(stdout, &findings[i]);
	if (fflush(stdout) || ferror(stdout))
		die("cannot write the records: %s", strerror(errno));
	return 0;
}

static int cmp_finding(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line - y->line;
	if (x->col != y->col)
		return x->col - y->col;
	c = strcmp(x->rule, y->rule);
	return c ? c : strcmp(x->message, y->message);
}

/* The kernels in the order they were first read (the order of the
 * OUTDIRs: of the --tree options). */
static char **kernel_order;
static int nkernel_order;

static int kernel_rank(const char *k)
{
	for (int i = 0; i < nkernel_order; i++)
		if (!strcmp(kernel_order[i], k))
			return i;
	kernel_order = xrealloc(kernel_order, (nkernel_order + 1) * sizeof(*kernel_order));
	kernel_order[nkernel_order] = xstrdup(k);
	return nkernel_order++;
}

static int cmp_kernel(const void *a, const void *b)
{
	return kernel_rank(*(char *const *)a) - kernel_rank(*(char *const *)b);
}

/* The rule an unused-suppression record is about ("... ignore RULE' ..."). */
static int unused_names(const struct finding *f, const char *rule)
{
	const char *p = strstr(f->message, SUPPRESS_TAG " ");
	if (!p)
		return 0;
	p += strlen(SUPPRESS_TAG " ");
	size_t n = strlen(rule);
	return !strncmp(p, rule, n) && p[n] == '\'';
}

/*
 * Sort, merge duplicates (a header seen by many files; a finding seen on
 * several kernels lists them all), and drop a suppression reported unused
 * on one kernel that is used on another (code under a version guard).
 */
static void sort_and_dedup(void)
{
	qsort(findings, nfindings, sizeof(*findings), cmp_finding);
	int out = 0;
	for (int i = 0; i < nfindings; i++) {
		struct finding *prev = out ? &findings[out - 1] : NULL;
		if (prev && !cmp_finding(prev, &findings[i])) {
			for (int k = 0; k < findings[i].nkernels; k++)
				finding_add_kernel(prev, findings[i].kernels[k]);
			if (!prev->suppressed && findings[i].suppressed) {
				prev->suppressed = 1;
				prev->supp_line = findings[i].supp_line;
				prev->supp_reason = findings[i].supp_reason;
				prev->supp_text = findings[i].supp_text;
			}
			continue;
		}
		findings[out++] = findings[i];
	}
	nfindings = out;
	out = 0;
	for (int i = 0; i < nfindings; i++) {
		const struct finding *f = &findings[i];
		int used = 0;
		if (!strcmp(f->rule, "unused-suppression"))
			for (int k = 0; k < nfindings && !used; k++)
				used = findings[k].suppressed && findings[k].supp_line == f->line &&
				       !strcmp(findings[k].file, f->file) && unused_names(f, findings[k].rule);
		if (!used)
			findings[out++] = findings[i];
	}
	nfindings = out;
	for (int i = 0; i < nfindings; i++)
		qsort(findings[i].kernels, findings[i].nkernels, sizeof(char *), cmp_kernel);
}

/* ------------------------------------------------------------------ */
/* Baseline: one fingerprint a line.                                    */

/* FNV-1a over rule, file and message: stable when lines move. */
static unsigned long long fingerprint(const struct finding *f)
{
	unsigned long long h = 1469598103934665603ULL;
	const char *parts[3] = { f->rule, f->file, f->message };
	for (int i = 0; i < 3; i++) {
		for (const char *p = parts[i]; *p; p++) {
			h ^= (unsigned char)*p;
			h *= 1099511628211ULL;
		}
		h ^= 0xff;
		h *= 1099511628211ULL;
	}
	return h;
}

/* --added: keep the findings on the lines a change adds. */
static void keep_added(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		die("cannot read %s: %s", path, strerror(errno));
	char **keys = NULL;
	int nkeys = 0;
	static char buf[16384];
	while (fgets(buf, sizeof(buf), f)) {
		char *tab = strchr(buf, '\t');
		if (!tab)
			continue;
		char *end = strchr(tab + 1, '\t');
		if (end)
			*end = '\0';
		keys = xrealloc(keys, (nkeys + 1) * sizeof(*keys));
		*tab = ':';
		keys[nkeys++] = xstrdup(buf);
	}
	fclose(f);
	int out = 0;
	for (int i = 0; i < nfindings; i++) {
		char key[8192];
		int keep = 0;
		snprintf(key, sizeof(key), "%s:%d", findings[i].file, findings[i].line);
		for (int k = 0; k < nkeys && !keep; k++)
			keep = !strcmp(keys[k], key);
		if (keep)
			findings[out++] = findings[i];
	}
	nfindings = out;
}

static void apply_baseline(const char *file)
{
	FILE *f = fopen(file, "r");
	if (!f)
		die("cannot read the baseline %s: %s", file, strerror(errno));
	unsigned long long *known = NULL;
	int nknown = 0;
	char buf[256];
	int lineno = 0;
	while (fgets(buf, sizeof(buf), f)) {
		lineno++;
		if (buf[0] == '#' || buf[0] == '\n')
			continue;
		char *end;
		unsigned long long v = strtoull(buf, &end, 16);
		if (end == buf || (*end && *end != '\n' && *end != ' '))
			die("%s:%d: not a devmap-lint baseline line", file, lineno);
		known = xrealloc(known, (nknown + 1) * sizeof(*known));
		known[nknown++] = v;
	}
	fclose(f);
	for (int i = 0; i < nfindings; i++) {
		unsigned long long fp = fingerprint(&findings[i]);
		findings[i].is_new = 1;
		for (int k = 0; k < nknown; k++)
			if (known[k] == fp)
				findings[i].is_new = 0;
	}
	free(known);
}

static void write_baseline(const char *file)
{
	FILE *f = fopen(file, "w");
	if (!f)
		die("cannot write the baseline %s: %s", file, strerror(errno));
	fprintf(f, "# devmap-lint baseline: fingerprint  rule  file\n");
	for (int i = 0; i < nfindings; i++)
		if (!findings[i].suppressed)
			fprintf(f, "%016llx %s %s\n", fingerprint(&findings[i]), findings[i].rule,
				findings[i].file);
	if (fclose(f))
		die("cannot write the baseline %s: %s", file, strerror(errno));
}

/* ------------------------------------------------------------------ */
/* Output                                                               */

/* Text: GCC's form; the kernels a finding was seen on (check --module
 * with several trees) as a note of its own.  Suppressed findings are not
 * shown (json and sarif list them). */
static void print_text(FILE *out)
{
	for (int i = 0; i < nfindings; i++) {
		const struct finding *f = &findings[i];
		if (!f->is_new || f->suppressed)
			continue;
		fprintf(out, "%s:%d:%d: warning: %s [devmap-lint:%s]\n", f->file, f->line,
			f->col, f->message, f->rule);
		for (int n = 0; n < f->nnotes; n++)
			fprintf(out, "%s:%d:%d: note: %s\n", f->notes[n].file, f->notes[n].line,
				f->notes[n].col, f->notes[n].message);
		if (f->nkernels) {
			fprintf(out, "%s:%d:%d: note: seen on kernel%s ", f->file, f->line, f->col,
				f->nkernels > 1 ? "s" : "");
			for (int k = 0; k < f->nkernels; k++)
				fprintf(out, "%s%s", k ? ", " : "", f->kernels[k]);
			fputc('\n', out);
		}
	}
}

static void print_json(FILE *out)
{
	fputs("{\"tool\": \"devmap-lint\", \"findings\": [", out);
	int first = 1;
	for (int i = 0; i < nfindings; i++) {
		const struct finding *f = &findings[i];
		if (!f->is_new && !f->suppressed)
			continue;
		fputs(first ? "\n  {" : ",\n  {", out);
		first = 0;
		finding_write_fields(out, f);
		fprintf(out, ", \"fingerprint\": \"%016llx\"}", fingerprint(f));
	}
	fputs(first ? "]}\n" : "\n]}\n", out);
}

/* jsonl: the merged records again, for the next stage (checkpatch). */
static void print_jsonl(FILE *out)
{
	for (int i = 0; i < nfindings; i++)
		if (findings[i].is_new || findings[i].suppressed)
			finding_write(out, &findings[i]);
}

/* The rule's doc: rules/RULE.md; first "# " line is the short description. */
static void sarif_rule(FILE *out, const char *rules_dir, const char *rule)
{
	char path[4096], title[1024] = "", *doc = NULL;
	size_t len = 0;
	snprintf(path, sizeof(path), "%s/%s.md", rules_dir, rule);
	FILE *f = fopen(path, "r");
	if (f) {
		char buf[1024];
		while (fgets(buf, sizeof(buf), f)) {
			if (!title[0] && !strncmp(buf, "# ", 2)) {
				snprintf(title, sizeof(title), "%s", buf + 2);
				title[strcspn(title, "\n")] = '\0';
			}
			size_t n = strlen(buf);
			doc = xrealloc(doc, len + n + 1);
			memcpy(doc + len, buf, n + 1);
			len += n;
		}
		fclose(f);
	}
	fputs("{\"id\": ", out);
	json_string(out, rule);
	fputs(", \"name\": ", out);
	json_string(out, rule);
	fputs(", \"shortDescription\": {\"text\": ", out);
	json_string(out, title[0] ? title : rule);
	fputs("}, \"fullDescription\": {\"text\": ", out);
	json_string(out, title[0] ? title : rule);
	fputs("}, \"help\": {\"text\": ", out);
	json_string(out, doc ? doc : rule);
	fputs(", \"markdown\": ", out);
	json_string(out, doc ? doc : rule);
	fputs("}, \"defaultConfiguration\": {\"level\": \"warning\"}}", out);
	free(doc);
}

static void sarif_location(FILE *out, const char *file, int line, int col, const char *msg)
{
	fputs("{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", out);
	json_string(out, file);
	fprintf(out, ", \"uriBaseId\": \"SRCROOT\"}, \"region\": {\"startLine\": %d, "
		"\"startColumn\": %d}}", line, col > 0 ? col : 1);
	if (msg) {
		fputs(", \"message\": {\"text\": ", out);
		json_string(out, msg);
		fputc('}', out);
	}
	fputc('}', out);
}

static void print_sarif(FILE *out, const char *rules_dir)
{
	/* The rules that occur, in order, for tool.driver.rules and ruleIndex. */
	const char **rules = NULL;
	int nrules = 0;
	for (int i = 0; i < nfindings; i++) {
		int k;
		for (k = 0; k < nrules && strcmp(rules[k], findings[i].rule); k++)
			;
		if (k == nrules) {
			rules = xrealloc(rules, (nrules + 1) * sizeof(*rules));
			rules[nrules++] = findings[i].rule;
		}
	}

	fputs("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	      "  \"version\": \"2.1.0\",\n  \"runs\": [{\n"
	      "    \"tool\": {\"driver\": {\"name\": \"devmap-lint\", \"version\": \"0.1\", "
	      "\"informationUri\": \"https://example.invalid/devmap-lint\", \"rules\": [", out);
	for (int k = 0; k < nrules; k++) {
		fputs(k ? ",\n      " : "\n      ", out);
		sarif_rule(out, rules_dir, rules[k]);
	}
	fputs("]}},\n    \"originalUriBaseIds\": {\"SRCROOT\": {\"uri\": \"file:///\"}},\n"
	      "    \"results\": [", out);
	int first = 1;
	for (int i = 0; i < nfindings; i++) {
		const struct finding *f = &findings[i];
		if (!f->is_new && !f->suppressed)
			continue;
		int k;
		for (k = 0; strcmp(rules[k], f->rule); k++)
			;
		fputs(first ? "\n      {" : ",\n      {", out);
		first = 0;
		fputs("\"ruleId\": ", out);
		json_string(out, f->rule);
		fprintf(out, ", \"ruleIndex\": %d, \"level\": \"warning\", \"message\": {\"text\": ", k);
		json_string(out, f->message);
		fputs("}, \"locations\": [", out);
		sarif_location(out, f->file, f->line, f->col, NULL);
		fprintf(out, "], \"partialFingerprints\": {\"devmapLint/v1\": \"%016llx\"}",
			fingerprint(f));
		if (f->nnotes) {
			fputs(", \"relatedLocations\": [", out);
			for (int n = 0; n < f->nnotes; n++) {
				if (n)
					fputs(", ", out);
				sarif_location(out, f->notes[n].file, f->notes[n].line,
					       f->notes[n].col, f->notes[n].message);
			}
			fputc(']', out);
		}
		if (f->suppressed) {
			/* SARIF's own way: the result stays, marked suppressed in source. */
			fputs(", \"suppressions\": [{\"kind\": \"inSource\", \"justification\": ", out);
			json_string(out, f->supp_reason ? f->supp_reason : "");
			fputs(", \"location\": ", out);
			sarif_location(out, f->file, f->supp_line, 1, f->supp_text);
			fputs("}]", out);
		}
		if (f->nkernels) {
			fputs(", \"properties\": {\"kernels\": [", out);
			for (int n = 0; n < f->nkernels; n++) {
				if (n)
					fputs(", ", out);
				json_string(out, f->kernels[n]);
			}
			fputs("]}", out);
		}
		fputc('}', out);
	}
	fputs(first ? "]\n  }]\n}\n" : "\n    ]\n  }]\n}\n", out);
	free(rules);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: " TOOL " [--format text|json|sarif|jsonl] [--tree DIR] [--rules-dir DIR]\n"
		"                     [--baseline FILE [--update-baseline]] [--added FILE] OUTDIR...\n"
		"       " TOOL " --from-gcc LOG|- [--dir DIR] [--strip PREFIX]... [--kernel LABEL]\n"
		"                     [--source FILE --ran RULE,...]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *format = "text", *rules_dir = "rules";
	const char *baseline = NULL, *added = NULL;
	const char *from_log = NULL, *kernel = NULL, *source = NULL, *ran = NULL;
	const char **outdirs = NULL;
	int update = 0, noutdirs = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--format") && i + 1 < argc)
			format = argv[++i];
		else if ((!strcmp(a, "--tree") || !strcmp(a, "--strip")) && i + 1 < argc && argv[i + 1][0]) {
			add_strip(argv[++i]);
			if (!src_dir && !strcmp(a, "--tree"))
				src_dir = argv[i];
		} else if (!strcmp(a, "--rules-dir") && i + 1 < argc)
			rules_dir = argv[++i];
		else if (!strcmp(a, "--baseline") && i + 1 < argc)
			baseline = argv[++i];
		else if (!strcmp(a, "--update-baseline"))
			update = 1;
		else if (!strcmp(a, "--added") && i + 1 < argc)
			added = argv[++i];
		else if (!strcmp(a, "--from-gcc") && i + 1 < argc)
			from_log = argv[++i];
		else if (!strcmp(a, "--dir") && i + 1 < argc)
			src_dir = argv[++i];
		else if (!strcmp(a, "--kernel") && i + 1 < argc)
			kernel = argv[++i][0] ? argv[i] : NULL;
		else if (!strcmp(a, "--source") && i + 1 < argc)
			source = argv[++i];
		else if (!strcmp(a, "--ran") && i + 1 < argc)
			ran = argv[++i];
		else if (a[0] == '-')
			usage();
		else {
			outdirs = xrealloc(outdirs, (noutdirs + 1) * sizeof(*outdirs));
			outdirs[noutdirs++] = a;
		}
	}
	if (from_log) {
		if (noutdirs)
			usage();
		return from_gcc(from_log, kernel, source, ran);
	}
	if (!noutdirs || (update && !baseline))
		usage();
	if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "sarif") &&
	    strcmp(format, "jsonl"))
		die("unknown format '%s' (text, json or sarif)", format);

	for (int i = 0; i < noutdirs; i++)
		read_outdir(outdirs[i]);
	sort_and_dedup();
	if (added)
		keep_added(added);
	for (int i = 0; i < nfindings; i++)
		findings[i].is_new = 1;
	if (baseline && update)
		write_baseline(baseline);
	else if (baseline)
		apply_baseline(baseline);

	if (!strcmp(format, "text"))
		print_text(stdout);
	else if (!strcmp(format, "json"))
		print_json(stdout);
	else if (!strcmp(format, "jsonl"))
		print_jsonl(stdout);
	else
		print_sarif(stdout, rules_dir);
	if (fflush(stdout))
		die("cannot write the report: %s", strerror(errno));

	if (errors)
		return 2;
	int fresh = 0;
	for (int i = 0; i < nfindings; i++)
		fresh += findings[i].is_new && !findings[i].suppressed;
	return (fresh && !update) ? 1 : 0;
}
