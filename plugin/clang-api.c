// SPDX-License-Identifier: GPL-2.0
/*
 * clang-api.c - the libclang engine's view of rules/devmap-api.tbl and of
 * calls: which table line a call or a field access is.  Rule-neutral: a
 * rule asks for the KIND it knows (refcount-read, zd-source, carrier...).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clang-core.h"
#include "ir-paths.h"

/* ---- the API table (rules/devmap-api.tbl) ------------------------------- */

static struct tbl_entry *tbl;
static int ntbl;

bool api_table_load(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "devmap-lint-clang: error: cannot read the API table %s\n", path);
		return false;
	}
	char line[1024];
	while (fgets(line, sizeof(line), f)) {
		char *hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		char *w[5];
		int n = 0;
		for (char *t = strtok(line, " \t\r\n"); t && n < 5; t = strtok(NULL, " \t\r\n"))
			w[n++] = t;
		if (n < 2)
			continue;
		tbl = (struct tbl_entry *)realloc(tbl, (ntbl + 1) * sizeof(*tbl));
		struct tbl_entry *e = &tbl[ntbl++];
		memset(e, 0, sizeof(*e));
		e->kind = strdup(w[0]);
		e->name = strdup(w[1]);
		for (int i = 2; i < n; i++)
			e->col[e->ncols++] = strdup(w[i]);
	}
	fclose(f);
	return true;
}

const struct tbl_entry *tbl_find(const char *kind, const char *name)
{
	for (int i = 0; name && i < ntbl; i++)
		if (!strcmp(tbl[i].kind, kind) && !strcmp(tbl[i].name, name))
			return &tbl[i];
	return NULL;
}

const struct tbl_entry *tbl_find2(const char *kind, const char *a, const char *b)
{
	for (int i = 0; i < ntbl; i++)
		if (!strcmp(tbl[i].kind, kind) && !strcmp(tbl[i].name, a) &&
		    tbl[i].ncols > 0 && !strcmp(tbl[i].col[0], b))
			return &tbl[i];
	return NULL;
}

int tbl_arg(const struct tbl_entry *e, int col)
{
	return e && col < e->ncols ? atoi(e->col[col]) : -1;
}

/* ---- calls ------------------------------------------------------------- */

/* The name of the function CALL calls directly (malloc'ed), or NULL. */
char *callee_name(const struct cnode *call)
{
	if (call->kind != CXCursor_CallExpr)
		return NULL;
	CXCursor f = clang_getCursorReferenced(call->c);
	if (clang_Cursor_isNull(f) || clang_getCursorKind(f) != CXCursor_FunctionDecl)
		return NULL;
	return cursor_spelling(f);
}

/* Argument I of CALL (kids[0] is the callee), or NULL. */
struct cnode *call_arg(const struct cnode *call, int i)
{
	int n = clang_Cursor_getNumArguments(call->c);
	if (i < 0 || i >= n || (int)call->nkids != n + 1)
		return NULL;
	return call->kids[i + 1];
}

/* CALL's table entry of KIND (by name, or "->FIELD" for a call through a field). */
const struct tbl_entry *call_api(const struct cnode *call, const char *kind)
{
	if (call->kind != CXCursor_CallExpr)
		return NULL;
	char *name = callee_name(call);
	const struct tbl_entry *e = NULL;
	if (name) {
		e = tbl_find(kind, name);
	} else if (call->nkids) {
		struct cnode *callee = cnode_strip(call->kids[0]);
		if (callee && callee->kind == CXCursor_MemberRefExpr) {
			char *field = cursor_spelling(callee->c);
			char key[256];
			snprintf(key, sizeof(key), "->%s", field);
			e = tbl_find(kind, key);
			free(field);
		}
	}
	free(name);
	return e;
}

/* The table line of KIND for NAME, for the engine-neutral rules (ir-paths.h). */
bool ir_api_find(const char *kind, const char *name, struct ir_api *out)
{
	const struct tbl_entry *e = tbl_find(kind, name);
	if (!e)
		return false;
	memset(out, 0, sizeof(*out));
	out->name = e->name;
	for (int i = 0; i < e->ncols && i < 3; i++)
		out->col[i] = e->col[i];
	out->ncols = e->ncols;
	return true;
}
