/* Statement expressions ({ ... }): their statements inline, their value the last expression's. */
int g(int);

#define max_of(a, b) ({ int __a = (a), __b = (b); __a > __b ? __a : __b; })

int stmt_expr(int x)
{
	int y = ({ int t = g(x); if (t) t++; t; });
	return max_of(x, y);
}

/* __builtin_choose_expr: only the chosen operand is evaluated (the kernel's min()/max() build on it). */
int choose(int a)
{
	return __builtin_choose_expr(sizeof(int) == 4, g(a), g(-a));
}
