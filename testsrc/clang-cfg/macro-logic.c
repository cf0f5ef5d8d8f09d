/* && and || written in a macro's body: read when the right operand starts in the body. */
#define BOTH(a, b)	((a) && (b))
#define EITHER(a, b)	(a || b)	/* right operand from an argument: not read, one block */
#define OK(p)		((p) && (p)->ok)
#define MIX(a, b)	((a) + (b) || (a))
struct s { int ok; };
int g(int);

void macros(int x, int y, struct s *p)
{
	if (BOTH(x, y))
		g(1);
	if (EITHER(x, y))
		g(2);
	if (OK(p))
		g(3);
	if (MIX(x, y))
		g(4);
}
