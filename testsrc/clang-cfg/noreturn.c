/* Calls that do not return (GNU attribute, _Noreturn, builtins), kernel-like macros. */
void panic(const char *fmt, ...) __attribute__((__noreturn__));
_Noreturn void die(int code);
int g(int);
void warn(void);

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define BUG()		do { __builtin_trap(); __builtin_unreachable(); } while (0)
#define BUG_ON(c)	do { if (unlikely(c)) BUG(); } while (0)
#define WARN_ON(c)	({ int __r = !!(c); if (unlikely(__r)) warn(); unlikely(__r); })

int checks(int a)
{
	BUG_ON(a < 0);
	if (WARN_ON(a > 100))
		return -1;
	if (likely(a))
		return g(a);
	panic("zero");
}

int after_die(int a)
{
	if (a)
		die(a);
	else
		__builtin_unreachable();
	return g(a);
}

void endless(void)
{
	for (;;)
		g(0);
}
