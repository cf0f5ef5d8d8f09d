/* Newer kernel constructs that spatch only parses with cocci/devmap-lint.h:
 * without it the functions after them are skipped and nothing changes. */

static DEFINE_PER_CPU(struct swap_slots_cache, swp_slots);
DEFINE_PER_CPU(int, counter) = 0;
static DEFINE_PER_CPU_ALIGNED(struct foo, bar);
DECLARE_PER_CPU(int, other);

DEFINE_FREE(kfree_thing, struct thing *, if (_T) kfree(_T))
DEFINE_GUARD(mylock, struct mylock *, mylock_lock(_T), mylock_unlock(_T))

struct walk {
	int nr;
	unsigned long pfns[] __counted_by(nr);
};

static int use_guard(pmd_t *pmd)
{
	guard(spinlock)(&lock);
	if (pmd_trans_huge(*pmd) || pmd_devmap(*pmd))
		return 1;
	return 0;
}

static int use_scoped_guard(pmd_t *pmd)
{
	scoped_guard (mutex, &m) {
		if (pmd_trans_huge(*pmd) || pmd_devmap(*pmd))
			return 1;
	}
	return 0;
}

static int use_scoped_guard_stmt(pmd_t *pmd)
{
	scoped_guard(rcu)
		if (pmd_trans_huge(*pmd) || pmd_devmap(*pmd))
			return 1;
	return 0;
}

static int use_cond_guard(pmd_t *pmd)
{
	scoped_cond_guard (mutex_intr, return -EINTR, &m) {
		if (pmd_trans_huge(*pmd) || pmd_devmap(*pmd))
			return 1;
	}
	return 0;
}

static int use_free(pmd_t *pmd)
{
	struct thing *t __free(kfree_thing) = alloc_thing();

	if (!t)
		return -ENOMEM;
	if (pmd_trans_huge(*pmd) || pmd_devmap(*pmd))
		return 1;
	return no_free_ptr(t) != NULL;
}

static int after_percpu(pmd_t *pmd)
{
	if (pmd_trans_huge(*pmd) || pmd_devmap(*pmd))
		return 1;
	return 0;
}
