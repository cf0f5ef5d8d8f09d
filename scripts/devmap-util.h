/*
 * devmap-util.h - the error and allocation helpers the command's C tools
 * share (devmap-report, devmap-patch).  Define TOOL before including it.
 */
#ifndef DEVMAP_UTIL_H
#define DEVMAP_UTIL_H

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Print "TOOL: error: ..." and exit 2: every error is fatal and explained. */
static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, TOOL ": error: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);
	if (!d)
		die("out of memory");
	return d;
}

/* ------------------------------------------------------------------ */
/* Findings format: the records every stage of the command exchanges.   */
/*
 * One finding a line, a JSON object (JSON lines), written per checked file
 * by an engine's wrapper (scripts/devmap-lint-cc for the GCC plugin:
 * OUTDIR/NAME.jsonl next to NAME.log and NAME.status) and read by
 * devmap-report (text, JSON, SARIF, baselines; `--format jsonl` prints the
 * merged records again) and by devmap-patch checkpatch.  rules/README.md
 * ("Findings format") documents it for other engines:
 *
 *   {"rule": "pgmap-ref", "file": "fs/dax.c", "line": 12, "column": 5,
 *    "message": "...",                      (without " [devmap-lint:RULE]")
 *    "notes": [{"file": "fs/dax.c", "line": 10, "column": 3,
 *               "message": "..."}],
 *    "kernels": ["6.1.192"],                (may be empty or absent)
 *    "suppressed": false,                   (may be absent: false)
 *    "suppression": {"line": 11, "reason": "...", "text": "..."}}
 *                                           (only when suppressed)
 *
 * Paths are relative (to the tree, or to the module directory); lines and
 * columns are 1-based (column 0: unknown).  Unknown keys are ignored, so
 * the format can grow.
 */

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
	char **kernels;		/* the kernels it was seen on (check --module) */
	int nkernels;
	int suppressed;		/* by a "devmap-lint: ignore RULE" comment */
	int supp_line;		/* the comment's line */
	char *supp_reason;	/* the text after "--", or "" */
	char *supp_text;	/* the whole comment text, "devmap-lint: ignore ..." */
	int is_new;		/* not in the baseline (devmap-report) */
};

static void __attribute__((unused)) json_string(FILE *out, const char *s)
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

static void __attribute__((unused)) finding_add_kernel(struct finding *f, const char *k)
{
	for (int i = 0; i < f->nkernels; i++)
		if (!strcmp(f->kernels[i], k))
			return;
	f->kernels = xrealloc(f->kernels, (f->nkernels + 1) * sizeof(*f->kernels));
	f->kernels[f->nkernels++] = xstrdup(k);
}

/* The record's fields, without the braces: shared by the per-file
 * records and the report's JSON output. */
static void __attribute__((unused)) finding_write_fields(FILE *out, const struct finding *f)
{
	fputs("\"rule\": ", out);
	json_string(out, f->rule);
	fputs(", \"file\": ", out);
	json_string(out, f->file);
	fprintf(out, ", \"line\": %d, \"column\": %d, \"message\": ", f->line, f->col);
	json_string(out, f->message);
	fputs(", \"notes\": [", out);
	for (int n = 0; n < f->nnotes; n++) {
		fputs(n ? ", {\"file\": " : "{\"file\": ", out);
		json_string(out, f->notes[n].file);
		fprintf(out, ", \"line\": %d, \"column\": %d, \"message\": ",
			f->notes[n].line, f->notes[n].col);
		json_string(out, f->notes[n].message);
		fputc('}', out);
	}
	fputs("], \"kernels\": [", out);
	for (int k = 0; k < f->nkernels; k++) {
		if (k)
			fputs(", ", out);
		json_string(out, f->kernels[k]);
	}
	fprintf(out, "], \"suppressed\": %s", f->suppressed ? "true" : "false");
	if (f->suppressed) {
		fprintf(out, ", \"suppression\": {\"line\": %d, \"reason\": ", f->supp_line);
		json_string(out, f->supp_reason ? f->supp_reason : "");
		fputs(", \"text\": ", out);
		json_string(out, f->supp_text ? f->supp_text : "");
		fputc('}', out);
	}
}

/* One record, one line. */
static void __attribute__((unused)) finding_write(FILE *out, const struct finding *f)
{
	fputc('{', out);
	finding_write_fields(out, f);
	fputs("}\n", out);
}

/* A small JSON reader, enough for the records: objects, arrays, strings,
 * numbers, true/false/null.  Returns 0 on a syntax error. */
enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };
struct jval {
	enum jtype t;
	double num;
	int b;
	char *str;
	struct jval *items;	/* array items, object values */
	char **keys;		/* object keys */
	int n;
};

static void json_ws(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

static int json_parse_string(const char **p, char **out)
{
	const char *s = *p;
	if (*s++ != '"')
		return 0;
	size_t cap = 64, len = 0;
	char *buf = xrealloc(NULL, cap);
	while (*s != '"') {
		unsigned c = (unsigned char)*s++;
		int escaped = 0;
		if (!c) {
			free(buf);
			return 0;
		}
		if (c == '\\') {
			char e = *s++;
			escaped = 1;
			switch (e) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case '"': case '\\': case '/': c = (unsigned char)e; break;
			case 'u': {
				char hex[5] = { 0 };
				for (int i = 0; i < 4; i++)
					if (!(hex[i] = *s++) || !isxdigit((unsigned char)hex[i])) {
						free(buf);
						return 0;
					}
				c = (unsigned)strtoul(hex, NULL, 16);
				break;
			}
			default:
				free(buf);
				return 0;
			}
		}
		if (len + 4 >= cap)
			buf = xrealloc(buf, cap *= 2);
		if (c < 0x80 || !escaped) {
			buf[len++] = (char)c;	/* raw UTF-8 bytes pass as they are */
		} else if (c < 0x800) {
			buf[len++] = (char)(0xc0 | (c >> 6));
			buf[len++] = (char)(0x80 | (c & 0x3f));
		} else {
			buf[len++] = (char)(0xe0 | (c >> 12));
			buf[len++] = (char)(0x80 | ((c >> 6) & 0x3f));
			buf[len++] = (char)(0x80 | (c & 0x3f));
		}
	}
	buf[len] = '\0';
	*p = s + 1;
	*out = buf;
	return 1;
}

static int json_parse(const char **p, struct jval *v)
{
	memset(v, 0, sizeof(*v));
	json_ws(p);
	const char *s = *p;
	if (*s == '"') {
		v->t = J_STR;
		return json_parse_string(p, &v->str);
	}
	if (*s == '{' || *s == '[') {
		int obj = *s == '{';
		v->t = obj ? J_OBJ : J_ARR;
		(*p)++;
		json_ws(p);
		if (**p == (obj ? '}' : ']')) {
			(*p)++;
			return 1;
		}
		for (;;) {
			char *key = NULL;
			json_ws(p);
			if (obj) {
				if (!json_parse_string(p, &key))
					return 0;
				json_ws(p);
				if (*(*p)++ != ':')
					return 0;
			}
			v->items = xrealloc(v->items, (v->n + 1) * sizeof(*v->items));
			v->keys = xrealloc(v->keys, (v->n + 1) * sizeof(*v->keys));
			v->keys[v->n] = key;
			if (!json_parse(p, &v->items[v->n]))
				return 0;
			v->n++;
			json_ws(p);
			if (**p == ',') {
				(*p)++;
				continue;
			}
			if (*(*p)++ != (obj ? '}' : ']'))
				return 0;
			return 1;
		}
	}
	if (!strncmp(s, "true", 4) || !strncmp(s, "false", 5)) {
		v->t = J_BOOL;
		v->b = *s == 't';
		*p += v->b ? 4 : 5;
		return 1;
	}
	if (!strncmp(s, "null", 4)) {
		*p += 4;
		return 1;
	}
	char *end;
	v->num = strtod(s, &end);
	if (end == s)
		return 0;
	v->t = J_NUM;
	*p = end;
	return 1;
}

static const struct jval *json_get(const struct jval *o, const char *key, enum jtype t)
{
	for (int i = 0; o->t == J_OBJ && i < o->n; i++)
		if (!strcmp(o->keys[i], key))
			return o->items[i].t == t ? &o->items[i] : NULL;
	return NULL;
}

static char *json_get_str(const struct jval *o, const char *key)
{
	const struct jval *v = json_get(o, key, J_STR);
	return v ? xstrdup(v->str) : NULL;
}

static int json_get_int(const struct jval *o, const char *key)
{
	const struct jval *v = json_get(o, key, J_NUM);
	return v ? (int)v->num : 0;
}

/* Parse one record; returns 0 (and says why in *why) when LINE is not
 * one. The parsed tree is not freed: the tools are short-lived. */
static int __attribute__((unused)) finding_parse(const char *line, struct finding *f, const char **why)
{
	struct jval v;
	const char *p = line;
	memset(f, 0, sizeof(*f));
	if (!json_parse(&p, &v) || v.t != J_OBJ) {
		*why = "not a JSON object";
		return 0;
	}
	json_ws(&p);
	if (*p) {
		*why = "text after the JSON object";
		return 0;
	}
	f->rule = json_get_str(&v, "rule");
	f->file = json_get_str(&v, "file");
	f->message = json_get_str(&v, "message");
	if (!f->rule || !f->file || !f->message || !json_get(&v, "line", J_NUM)) {
		*why = "a finding needs rule, file, line and message";
		return 0;
	}
	f->line = json_get_int(&v, "line");
	f->col = json_get_int(&v, "column");
	const struct jval *notes = json_get(&v, "notes", J_ARR);
	for (int i = 0; notes && i < notes->n; i++) {
		const struct jval *n = &notes->items[i];
		f->notes = xrealloc(f->notes, (f->nnotes + 1) * sizeof(*f->notes));
		struct note *dst = &f->notes[f->nnotes++];
		dst->file = json_get_str(n, "file");
		dst->line = json_get_int(n, "line");
		dst->col = json_get_int(n, "column");
		dst->message = json_get_str(n, "message");
		if (!dst->file || !dst->message) {
			*why = "a note needs file, line and message";
			return 0;
		}
	}
	const struct jval *kernels = json_get(&v, "kernels", J_ARR);
	for (int i = 0; kernels && i < kernels->n; i++)
		if (kernels->items[i].t == J_STR)
			finding_add_kernel(f, kernels->items[i].str);
	const struct jval *supp = json_get(&v, "suppressed", J_BOOL);
	f->suppressed = supp && supp->b;
	const struct jval *s = json_get(&v, "suppression", J_OBJ);
	if (s) {
		f->supp_line = json_get_int(s, "line");
		f->supp_reason = json_get_str(s, "reason");
		f->supp_text = json_get_str(s, "text");
	}
	return 1;
}

/* The next record of F (a findings-records file PATH: one JSON object a
 * line, blank lines skipped), counting lines in *LINENO; returns 0 at the
 * end of the file.  Dies naming PATH:LINE on a record that does not parse
 * or is longer than the reader's buffer (64 KiB), so the report tool and
 * checkpatch accept exactly the same files. */
static int __attribute__((unused)) finding_next(FILE *f, const char *path, int *lineno, struct finding *rec)
{
	static char buf[1 << 16];
	const char *why;
	while (fgets(buf, sizeof(buf), f)) {
		++*lineno;
		if (buf[0] == '\n')
			continue;
		if (!strchr(buf, '\n') && !feof(f))
			die("%s:%d: a findings record longer than %zu bytes", path, *lineno, sizeof(buf) - 1);
		if (!finding_parse(buf, rec, &why))
			die("%s:%d: not a devmap-lint findings record: %s", path, *lineno, why);
		return 1;
	}
	return 0;
}

#endif
