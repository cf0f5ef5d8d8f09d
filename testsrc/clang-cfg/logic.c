/* && and || in conditions (short-circuit) and as values, ?:, GNU a ?: b. */
int g(int);

void cond_and_or(int a, int b, int c)
{
	if (a && (b || c))
		g(a);
}

int value_and(int a, int b)
{
	int v = a && g(b);
	return v;
}

int select(int a, int b)
{
	return a ? g(a) : b;
}

int elvis(int a, int b)
{
	return g(a) ?: b;
}

/* __builtin_offsetof(T, s.b[i]): 4 kids in libclang 14, as a ?: b, but no branch. */
struct in { int a; struct { int b[4]; } s; };

int offset(int i)
{
	return __builtin_offsetof(struct in, s.b[i]);
}
