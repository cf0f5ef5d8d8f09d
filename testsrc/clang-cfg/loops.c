/* while, do-while, do { } while (0), for (declaration init, missing clauses), break, continue. */
int g(int);

void while_loop(int n)
{
	while (n > 0)
		n = g(n);
}

void do_loop(int n)
{
	do {
		n--;
	} while (n);
	do {
		g(n);
	} while (0);
}

int for_loop(int n)
{
	int s = 0;
	for (int i = 0; i < n; i++) {
		if (g(i))
			continue;
		s += i;
	}
	return s;
}

int for_missing(int n)
{
	for (;;) {
		if (g(n))
			break;
	}
	for (; n; )
		n--;
	for (n = 0; ; n++)
		if (n > 3)
			break;
	return n;
}
