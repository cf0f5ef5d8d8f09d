/* goto forward and backward, labels, goto *p to the address-taken labels, asm goto. */
int g(int);
void put(int);

int forward(int a)
{
	int err = g(a);
	if (err)
		goto out;
	put(a);
	return 0;
out:
	return err;
}

int backward(int a)
{
retry:
	if (g(a))
		goto retry;
	return a;
}

int computed(int a)
{
	static void *where[] = { &&one, &&two };
	goto *where[a & 1];
one:
	return 1;
two:
	return 2;
unused:
	return 3;
}

int asm_goto(int a)
{
	asm goto("" : : "r"(a) : : fail);
	return 0;
fail:
	return -1;
}

/* asm goto through a macro: the label comes as an argument; a variable of a label's name is no label. */
#define put_or_goto(v, label)	asm goto("" : : "r"(v) : : label)
#define check(c)		asm volatile("" : : "r"(c))

int asm_macro(int err)
{
	put_or_goto(err, out);
	check(err);
	return 0;
out:
	if (err)
		goto err;
	return 1;
err:
	return err;
}
