/*
 * devmap-report - collect the plugin's diagnostics into one report.
 *
 *   devmap-report [--format text|json|sarif] [--tree DIR] [--rules-dir DIR]
 *                 [--baseline FILE] [--update-baseline] [--added FILE] OUTDIR
 *
 * OUTDIR holds, for every checked file, NAME.log (GCC's plain diagnostic
 * output for it) and NAME.status (the compiler's exit status), as written
 * by scripts/devmap-lint-cc.  devmap-report keeps the devmap-lint warnings
 * and their notes, makes paths relative to the tree, sorts them and drops
 * duplicates (a header is seen by many files), and prints them.  --added
 * FILE ("devmap-patch added" output: FILE<TAB>LINE<TAB>...) keeps only the
 * findings on those lines: the lines a change adds (check --diff).
 *
 * Exit status: 0 no finding, 1 findings (new ones, with --baseline),
 * 2 error: a file the plugin could not compile (an internal compiler error
 * included), an unreadable directory, bad usage.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOOL "devmap-report"
#include "devmap-util.h"

struct note {
	char *file;
	int line, col;
	char *message;
};

struct finding {
	char *file;
	int line, col;
	char *rule;
	char *message;		/* without the trailing [devmap-lint:RULE] */
	struct note *notes;
	int nnotes;
	int is_new;		/* not in the baseline */
};

static struct finding *findings;
static int nfindings, cap_findings;
static const char *tree_prefix;	/* "DIR/" */
static int errors;

/* Paths inside the tree are reported relative to it. */
static char *relative(const char *path)
{
	size_t n = tree_prefix ? strlen(tree_prefix) : 0;
	if (n && !strncmp(path, tree_prefix, n))
		path += n;
	while (!strncmp(path, "./", 2))
		path += 2;
	return xstrdup(path);
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

/*
 * Read one file's log: collect its devmap-lint findings, and print its
 * compile errors (the compiler's "error:" lines, the driver's "gcc: error:"
 * ones, internal compiler errors) on stderr.  Returns how many error lines
 * it printed.
 */
static int read_log(const char *path, const char *source)
{
	FILE *f = fopen(path, "r");
	if (!f)
		die("cannot read %s: %s", path, strerror(errno));
	char buf[8192];
	struct finding *cur = NULL;
	int compile_error = 0, shown = 0;
	while (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		if (strstr(buf, "internal compiler error")) {
			fprintf(stderr, TOOL ": error: %s: internal compiler error: %s\n", source, buf);
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
				fprintf(stderr, TOOL ": error: %s: %s\n", source, buf);
				compile_error = 1;
				shown++;
			}
			continue;
		}
		if (!strcmp(kind, "warning") || !strcmp(kind, "error")) {
			char *rule = take_rule(msg);
			cur = NULL;
			if (rule) {
				if (nfindings == cap_findings) {
					cap_findings = cap_findings ? 2 * cap_findings : 64;
					findings = xrealloc(findings, cap_findings * sizeof(*findings));
				}
				cur = &findings[nfindings++];
				memset(cur, 0, sizeof(*cur));
				cur->file = relative(file);
				cur->line = line;
				cur->col = col;
				cur->rule = rule;
				cur->message = xstrdup(msg);
			} else if (!strcmp(kind, "error")) {
				fprintf(stderr, TOOL ": error: %s: %s:%d:%d: %s\n", source, file, line, col, msg);
				compile_error = 1;
				shown++;
			}
		} else if (!strcmp(kind, "note") && cur) {
			add_note(cur, file, line, col, msg);
		} else if (!strcmp(kind, "fatal error")) {
			fprintf(stderr, TOOL ": error: %s: %s:%d:%d: %s\n", source, file, line, col, msg);
			compile_error = 1;
			shown++;
		}
	}
	fclose(f);
	errors += compile_error;
	return shown;
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

static void read_outdir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		die("cannot open %s: %s", dir, strerror(errno));
	struct dirent *e;
	char path[4096];
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 4, ".log"))
			continue;
		char source[4096];
		snprintf(source, sizeof(source), "%.*s", (int)(n - 4), e->d_name);
		for (char *p = source; *p; p++)
			if (*p == '%')
				*p = '/';
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		int shown = read_log(path, source);
		char status_path[4096];
		snprintf(status_path, sizeof(status_path), "%s/%.*s.status", dir, (int)(n - 4), e->d_name);
		int status = read_status(status_path);
		if (status != 0) {
			/* The compiler's own words, not a pointer to a deleted log. */
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

static void sort_and_dedup(void)
{
	qsort(findings, nfindings, sizeof(*findings), cmp_finding);
	int out = 0;
	for (int i = 0; i < nfindings; i++)
		if (!out || cmp_finding(&findings[out - 1], &findings[i]))
			findings[out++] = findings[i];
	nfindings = out;
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
		fprintf(f, "%016llx %s %s\n", fingerprint(&findings[i]), findings[i].rule,
			findings[i].file);
	if (fclose(f))
		die("cannot write the baseline %s: %s", file, strerror(errno));
}

/* ------------------------------------------------------------------ */
/* Output                                                               */

static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = *s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void print_text(FILE *out)
{
	for (int i = 0; i < nfindings; i++) {
		const struct finding *f = &findings[i];
		if (!f->is_new)
			continue;
		fprintf(out, "%s:%d:%d: warning: %s [devmap-lint:%s]\n", f->file, f->line,
			f->col, f->message, f->rule);
		for (int n = 0; n < f->nnotes; n++)
			fprintf(out, "%s:%d:%d: note: %s\n", f->notes[n].file, f->notes[n].line,
				f->notes[n].col, f->notes[n].message);
	}
}

static void print_json(FILE *out)
{
	fputs("{\"tool\": \"devmap-lint\", \"findings\": [", out);
	int first = 1;
	for (int i = 0; i < nfindings; i++) {
		const struct finding *f = &findings[i];
		if (!f->is_new)
			continue;
		fputs(first ? "\n  {" : ",\n  {", out);
		first = 0;
		fputs("\"rule\": ", out);
		json_string(out, f->rule);
		fputs(", \"file\": ", out);
		json_string(out, f->file);
		fprintf(out, ", \"line\": %d, \"column\": %d, \"message\": ", f->line, f->col);
		json_string(out, f->message);
		fprintf(out, ", \"fingerprint\": \"%016llx\", \"notes\": [", fingerprint(f));
		for (int n = 0; n < f->nnotes; n++) {
			fputs(n ? ", {\"file\": " : "{\"file\": ", out);
			json_string(out, f->notes[n].file);
			fprintf(out, ", \"line\": %d, \"column\": %d, \"message\": ",
				f->notes[n].line, f->notes[n].col);
			json_string(out, f->notes[n].message);
			fputc('}', out);
		}
		fputs("]}", out);
	}
	fputs(first ? "]}\n" : "\n]}\n", out);
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
		if (!f->is_new)
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
		fputc('}', out);
	}
	fputs(first ? "]\n  }]\n}\n" : "\n    ]\n  }]\n}\n", out);
	free(rules);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: " TOOL " [--format text|json|sarif] [--tree DIR] [--rules-dir DIR]\n"
		"                     [--baseline FILE [--update-baseline]] [--added FILE] OUTDIR\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *format = "text", *rules_dir = "rules", *outdir = NULL;
	const char *baseline = NULL, *added = NULL;
	int update = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--format") && i + 1 < argc)
			format = argv[++i];
		else if (!strcmp(a, "--tree") && i + 1 < argc) {
			size_t n = strlen(argv[++i]);
			char *p = xrealloc(NULL, n + 2);
			memcpy(p, argv[i], n);
			strcpy(p + n, argv[i][n - 1] == '/' ? "" : "/");
			tree_prefix = p;
		} else if (!strcmp(a, "--rules-dir") && i + 1 < argc)
			rules_dir = argv[++i];
		else if (!strcmp(a, "--baseline") && i + 1 < argc)
			baseline = argv[++i];
		else if (!strcmp(a, "--update-baseline"))
			update = 1;
		else if (!strcmp(a, "--added") && i + 1 < argc)
			added = argv[++i];
		else if (a[0] == '-' || outdir)
			usage();
		else
			outdir = a;
	}
	if (!outdir || (update && !baseline))
		usage();
	if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "sarif"))
		die("unknown format '%s' (text, json or sarif)", format);

	read_outdir(outdir);
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
	else
		print_sarif(stdout, rules_dir);
	if (fflush(stdout))
		die("cannot write the report: %s", strerror(errno));

	if (errors)
		return 2;
	int fresh = 0;
	for (int i = 0; i < nfindings; i++)
		fresh += findings[i].is_new;
	return (fresh && !update) ? 1 : 0;
}
