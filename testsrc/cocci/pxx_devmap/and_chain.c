/* "!pXd_devmap(x)" in an && chain next to "!pXd_trans_huge(x)" (or, for a
 * pte, "!pte_special(pte)" / "!vm_normal_page(..., pte)"): dropped. */

static int two(pud_t pud, pud_t *pudp)
{
	if (unlikely(!pud_trans_huge(pud) && !pud_devmap(pud)))
		goto out;
	VM_BUG_ON(!pud_trans_huge(*pudp) && !pud_devmap(*pudp));
	if (!pud_devmap(pud) && !pud_trans_huge(pud))
		goto out;
	return 0;
out:
	return 1;
}

static int three(pmd_t *pmd, struct vm_fault *vmf)
{
	VM_BUG_ON(!is_pmd_migration_entry(*pmd) && !pmd_trans_huge(*pmd)
				&& !pmd_devmap(*pmd));
	VM_BUG_ON(pmd_present(*pmd) && !pmd_trans_huge(*pmd) &&
			   !pmd_devmap(*pmd));
	if (!pmd_none(*vmf->pmd) && !pmd_trans_huge(*vmf->pmd) &&
			!pmd_devmap(*vmf->pmd)) {
		return 0;
	}
	return 1;
}

static int hmm_vma_handle_pte(struct mm_walk *walk, unsigned long addr,
			      pte_t pte)
{
	if (!vm_normal_page(walk->vma, addr, pte) &&
	    !pte_devmap(pte) &&
	    !is_zero_pfn(pte_pfn(pte))) {
		return -EFAULT;
	}
	if (!pte_special(pte) && !pte_devmap(pte))
		return 1;
	return 0;
}

/* the negated devmap term in the middle; loops and returns */
static int middle(pmd_t x, pud_t *pud)
{
	if (!pmd_none(x) && !pmd_devmap(x) && !pmd_trans_huge(x))
		return 1;
	while (!pud_trans_huge(*pud) && !pud_devmap(*pud))
		cpu_relax();
	return !pmd_leaf(x) && !pmd_devmap(x);
}
