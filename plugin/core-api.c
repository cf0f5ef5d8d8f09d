/*
 * core-api.c - the kernel API tables (rules/devmap-api.tbl).
 *
 * The tables say which kernel functions prove a page is ZONE_DEVICE, which
 * read or set a refcount, which take and drop a pgmap reference, ...  They
 * are data, in the spirit of smatch's smatch_data/: adding a kernel helper
 * needs no rebuild.  Format, one entry a line:
 *
 *     KIND  NAME  [COLUMN...]     # comment
 *
 * Every KIND must be declared by the core or by a rule (struct
 * api_kind_decl), with its number of columns; anything else is an error
 * that names the file and line.
 */
#include "core.h"

static vec<api_entry> entries;
static char *default_path;

/* Kinds are declared by the core (zd_api_kinds) and by each rule. */
static const struct api_kind_decl *find_kind(const char *kind)
{
	for (const api_kind_decl *k = zd_api_kinds; k->kind; k++)
		if (!strcmp(k->kind, kind))
			return k;
	for (devmap_rule *r = devmap_rules(); r; r = r->next)
		for (const api_kind_decl *k = r->kinds; k && k->kind; k++)
			if (!strcmp(k->kind, kind))
				return k;
	return NULL;
}

static bool parse_line(char *line, const char *file, int lineno)
{
	char *hash = strchr(line, '#');
	if (hash)
		*hash = '\0';

	const char *words[2 + API_MAX_COLS + 1];
	int n = 0;
	for (char *tok = strtok(line, " \t\r\n"); tok; tok = strtok(NULL, " \t\r\n")) {
		if (n == (int)ARRAY_SIZE(words)) {
			error("devmap-lint: %s:%d: too many columns", file, lineno);
			return false;
		}
		words[n++] = tok;
	}
	if (n == 0)
		return true;
	if (n < 2) {
		error("devmap-lint: %s:%d: expected %<KIND NAME ...%>", file, lineno);
		return false;
	}

	const api_kind_decl *kind = find_kind(words[0]);
	if (!kind) {
		error("devmap-lint: %s:%d: unknown table kind %qs", file, lineno, words[0]);
		return false;
	}
	int ncols = n - 2;
	if (ncols < kind->min_args || ncols > kind->max_args) {
		error("devmap-lint: %s:%d: %qs takes %<%s%>", file, lineno,
		      kind->kind, kind->columns);
		return false;
	}

	api_entry e;
	memset(&e, 0, sizeof(e));
	e.kind = kind->kind;
	e.name = xstrdup(words[1]);
	for (int i = 0; i < ncols; i++)
		e.col[i] = xstrdup(words[2 + i]);
	e.ncols = ncols;
	e.file = file;
	e.line = lineno;
	entries.safe_push(e);
	return true;
}

bool api_load(const char *file)
{
	FILE *f = fopen(file, "r");
	if (!f) {
		error("devmap-lint: cannot read the API table %qs: %m", file);
		return false;
	}
	file = xstrdup(file);
	char line[1024];
	int lineno = 0;
	bool ok = true;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			error("devmap-lint: %s:%d: line too long", file, lineno);
			ok = false;
			break;
		}
		if (!parse_line(line, file, lineno))
			ok = false;
	}
	fclose(f);
	if (ok && entries.is_empty()) {
		error("devmap-lint: the API table %qs has no entry", file);
		ok = false;
	}
	return ok;
}

/*
 * Next to the plugin: build/devmap_lint.so -> rules/devmap-api.tbl in the
 * source tree, or LIBDIR/devmap_lint.so -> LIBDIR/rules/ when installed.
 */
const char *api_default_path(void)
{
	return default_path;
}

void api_set_plugin_path(const char *so_path)
{
	const char *slash = strrchr(so_path, '/');
	char *dir = slash ? xstrndup(so_path, slash - so_path) : xstrdup(".");
	char *installed = concat(dir, "/rules/devmap-api.tbl", NULL);
	if (access(installed, R_OK) == 0)
		default_path = installed;
	else
		default_path = concat(dir, "/../rules/devmap-api.tbl", NULL);
	free(dir);
}

const api_entry *api_next(const char *kind, const api_entry *prev)
{
	unsigned i = prev ? (unsigned)(prev - entries.address()) + 1 : 0;
	for (; i < entries.length(); i++)
		if (!strcmp(entries[i].kind, kind))
			return &entries[i];
	return NULL;
}

/*
 * api_find() runs for every call of every function compiled: a hash table
 * from "KIND NAME" to the first entry, built on first use (the table does
 * not change after loading).
 */
static hash_map<nofree_string_hash, unsigned> *first_entry;

/* Malloc'ed and kept for the compiler's lifetime, like the table. */
static const char *entry_key(const char *kind, const char *name)
{
	return concat(kind, " ", name, NULL);
}

static void index_entries(void)
{
	first_entry = new hash_map<nofree_string_hash, unsigned>;
	for (unsigned i = entries.length(); i-- > 0;)
		first_entry->put(entry_key(entries[i].kind, entries[i].name), i);
}

const api_entry *api_find(const char *kind, const char *name)
{
	if (!name)
		return NULL;
	if (!first_entry)
		index_entries();
	char key[512];
	if (snprintf(key, sizeof(key), "%s %s", kind, name) >= (int)sizeof(key))
		return NULL;
	unsigned *i = first_entry->get(key);
	return i ? &entries[*i] : NULL;
}

int api_arg(const api_entry *e, int i)
{
	if (i >= e->ncols || !ISDIGIT(e->col[i][0]))
		return -1;
	return atoi(e->col[i]);
}

const char *call_name(const gimple *stmt)
{
	if (!stmt || !is_gimple_call(stmt))
		return NULL;
	tree fndecl = gimple_call_fndecl(stmt);
	if (!fndecl || !DECL_NAME(fndecl))
		return NULL;
	return IDENTIFIER_POINTER(DECL_NAME(fndecl));
}

const api_entry *call_api(const gimple *stmt, const char *kind)
{
	return api_find(kind, call_name(stmt));
}

const api_entry *call_api_field(const gimple *stmt, const char *kind)
{
	tree fn_ptr = is_gimple_call(stmt) ? gimple_call_fn(stmt) : NULL_TREE;
	if (!fn_ptr || TREE_CODE(fn_ptr) != SSA_NAME)
		return NULL;
	gimple *def = SSA_NAME_DEF_STMT(fn_ptr);
	tree ref = gimple_assign_single_p(def) ? gimple_assign_rhs1(def) : NULL_TREE;
	if (!ref || TREE_CODE(ref) != COMPONENT_REF || !DECL_NAME(TREE_OPERAND(ref, 1)))
		return NULL;
	char *key = concat("->", IDENTIFIER_POINTER(DECL_NAME(TREE_OPERAND(ref, 1))), NULL);
	const api_entry *e = api_find(kind, key);
	free(key);
	return e;
}

tree call_arg(const gimple *stmt, int i)
{
	if (i < 0 || i >= (int)gimple_call_num_args(stmt))
		return NULL_TREE;
	return gimple_call_arg(stmt, i);
}
