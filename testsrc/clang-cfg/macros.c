/* Kernel loop macros: a for_each with every clause, one with a clause missing in the macro's body. */
struct node { struct node *next; int v; };
int g(int);
#include "macros.h"

#define for_each_node(pos, head)	for (pos = (head); pos; pos = pos->next)
#define for_each_until(pos, head)	for (pos = (head); pos->v; )

int walk(struct node *head)
{
	struct node *n;
	int s = 0;
	for_each_node(n, head)
		s += n->v;
	for_each_until(n, head)
		n = n->next;
	for_each_from_header(n, head)
		s++;
	return s;
}
