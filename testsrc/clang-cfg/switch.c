/* switch: case, GNU case range, default, fall-through, break, implicit default, continue through a switch. */
int g(int);

int with_default(int t)
{
	int r = 0;
	switch (t) {
	case 1:
		r = 1;
		/* fall through */
	case 2 ... 4:
		r += 2;
		break;
	default:
		r = -1;
	}
	return r;
}

void without_default(int t)
{
	switch (t) {
	case 0:
	case 7:
		g(t);
		break;
	}
}

void in_loop(int n)
{
	while (n--) {
		switch (n) {
		case 3:
			continue;
		case 5:
			break;
		}
		g(n);
	}
}
