/* A loop macro of a header, as the kernel's for_each_process(): no third clause. */
struct node *next_node(struct node *n);
#define for_each_from_header(p, head)	for (p = (head); (p = next_node(p)) != 0; )
