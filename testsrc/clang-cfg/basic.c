/* Straight-line code, declarations, the comma operator, !, if/else, return. */
int g(int);

int straight(int a, int b)
{
	int x = a + 1;
	int y;
	y = g(x), x++;
	return !y;
}

int if_else(int a)
{
	int r;
	if (a > 2)
		r = g(a);
	else
		r = 0;
	if (!a)
		r++;
	return r;
}

void early_return(int a)
{
	if (a)
		return;
	g(a);
}
