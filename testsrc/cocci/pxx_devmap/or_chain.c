/* devmap term in an || chain next to pXd_trans_huge()/pXd_leaf()/pXd_huge()
 * or pte_special() of the same entry: dropped, in every position. */

/* last of two */
static int last_of_two(pmd_t *pmd, pud_t pud, pte_t pte)
{
	if (pmd_trans_huge(*pmd) || pmd_devmap(*pmd))
		return 1;
	if (pud_trans_huge(pud) || pud_devmap(pud))
		return 2;
	if (pmd_leaf(*pmd) || pmd_devmap(*pmd))
		return 3;
	if (pud_huge(pud) || pud_devmap(pud))
		return 4;
	return 0;
}

/* first of two */
static int first_of_two(pmd_t pmd, pte_t pte)
{
	if (pmd_devmap(pmd) || pmd_trans_huge(pmd))
		return 1;
	if (WARN_ON_ONCE(pte_devmap(pte) || pte_special(pte)))
		return -1;
	return 0;
}

/* three terms: last, middle, first */
static int three(pmd_t *pmd, bool pmd_migration)
{
	if (is_swap_pmd(*pmd) || pmd_trans_huge(*pmd) || pmd_devmap(*pmd))
		return 1;
	if (pmd_trans_huge(*pmd) || pmd_devmap(*pmd) || pmd_migration)
		return 2;
	if (pmd_devmap(*pmd) || is_swap_pmd(*pmd) || pmd_trans_huge(*pmd))
		return 3;
	return 0;
}

/* four terms, the devmap term in every position, companion far away */
static int four(pmd_t x, int a, int b)
{
	if (pmd_devmap(x) || a || b || pmd_trans_huge(x))
		return 1;
	if (pmd_trans_huge(x) || pmd_devmap(x) || a || b)
		return 2;
	if (a || pmd_trans_huge(x) || b || pmd_devmap(x))
		return 3;
	if (a || b || pmd_devmap(x) || pmd_trans_huge(x))
		return 4;
	return 0;
}

/* line breaks: the condition closes where the kept part ends */
spinlock_t *__pmd_trans_huge_lock(pmd_t *pmd, struct vm_area_struct *vma)
{
	spinlock_t *ptl;

	ptl = pmd_lock(vma->vm_mm, pmd);
	if (likely(is_swap_pmd(*pmd) || pmd_trans_huge(*pmd) ||
			pmd_devmap(*pmd)))
		return ptl;
	if (is_swap_pmd(*pmd) || pmd_trans_huge(*pmd)
			|| pmd_devmap(*pmd)) {
		spin_unlock(ptl);
	}
	if (unlikely(!pmd_present(*pmd) || pmd_trans_huge(*pmd) ||
		     pmd_devmap(*pmd))) {
		return NULL;
	}
	while (pud_trans_huge(*pud) || pud_devmap(*pud))
		cpu_relax();
	return NULL;
}

/* the whole "(pXd_present(x) && pXd_devmap(x))" disjunct goes */
static bool present_and_devmap(pmd_t pmde)
{
	if (pmd_trans_huge(pmde) || is_pmd_migration_entry(pmde) ||
	    (pmd_present(pmde) && pmd_devmap(pmde))) {
		return true;
	}
	if ((pmd_present(pmde) && pmd_devmap(pmde)) || pmd_trans_huge(pmde))
		return true;
	return false;
}

/* returns and plain expressions */
static inline int pud_trans_unstable(pud_t *pud)
{
	pud_t pudval = READ_ONCE(*pud);
	bool huge = pmd_trans_huge(pmdval) || pmd_devmap(pmdval);

	if (pud_none(pudval) || pud_trans_huge(pudval) || pud_devmap(pudval))
		return 1;
	return pud_trans_huge(pudval) || pud_devmap(pudval);
}

/* pte: pte_special() on either side; assertions; a negated condition */
static int more(pte_t pte, pmd_t x)
{
	if (pte_special(pte) || pte_devmap(pte))
		return 1;
	WARN_ON(pmd_trans_huge(x) || pmd_devmap(x));
	VM_WARN_ON_ONCE(pmd_devmap(x) || pmd_trans_huge(x));
	if (!(pmd_trans_huge(x) || pmd_devmap(x)))
		return 2;
	return 0;
}

/* parentheses: kept around a chain that still needs them */
static int parens(pmd_t x, int a, int b)
{
	if (!(a || b || pmd_devmap(x) || pmd_trans_huge(x)))
		return 1;
	if (!(pmd_devmap(x) || pmd_trans_huge(x)) && a)
		return 2;
	return 0;
}
