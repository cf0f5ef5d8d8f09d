/*
 * The example rule (rule-toy-ref.c) on small functions; annotations as in
 * the files of testsrc/plugin/:
 *   expect: RULE "TEXT"  a warning of RULE containing TEXT is reported on this line
 *   note ["TEXT"] [#L]   a note here, of the next expectation in the function (else
 *                        the one before; #L: the one labelled #L).  Nothing else.
 */
struct toy { int n; };
extern struct toy *toy_get(int id);
extern void toy_put(struct toy *toy);
extern int toy_peek(struct toy *toy);
extern void keep(struct toy *toy);

int leak(int id, int flags)
{
	struct toy *t = toy_get(id);	/* note "taken here" */

	if (!t)
		return -1;
	if (flags)
		return -2;	/* expect: toy-ref "the reference in 't' leaks here" */
	toy_put(t);
	return 0;
}

int unchecked(int id)
{
	struct toy *t = toy_get(id);	/* note "taken here" */
	int n = t->n;	/* expect: toy-ref "'t' is used before it is checked for NULL" */

	toy_put(t);
	return n;
}

int after_put(int id)
{
	struct toy *t = toy_get(id);	/* note "taken here" */

	if (!t)
		return 0;
	toy_put(t);
	return toy_peek(t);	/* expect: toy-ref "'t' is used after it is put" */
}

void twice(int id)
{
	struct toy *t = toy_get(id);	/* note "taken here" */

	toy_put(t);
	toy_put(t);	/* expect: toy-ref "'t' is put twice" */
}

/* Silent: put on every path, or handed on. */
int balanced(int id, int flags)
{
	struct toy *t = toy_get(id);
	int n;

	if (!t)
		return -1;
	n = toy_peek(t);
	if (flags)
		keep(t);
	else
		toy_put(t);
	return n;
}
