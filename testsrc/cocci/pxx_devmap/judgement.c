/* Callers that need judgement: patch mode leaves all of them alone (but for
 * the pmd_mkdevmap() in the middle), report mode names each with its class. */

static struct page *follow_pmd_mask(pmd_t pmdval, pmd_t *pmd)
{
	if (pmd_devmap(pmdval)) {			/* branch */
		ptl = pmd_lock(mm, pmd);
		spin_unlock(ptl);
	}
	if (WARN_ON_ONCE(pmd_devmap(pmdval)))		/* branch */
		return NULL;
	if (!pud_devmap(*pud))				/* branch */
		return NULL;
	VM_BUG_ON(pmd_devmap(*pmd));			/* branch */
	WARN_ON(!pud_devmap(*pudp));			/* branch */
	if (pud_huge(pud) && pud_devmap(pud))		/* narrow */
		return NULL;
	if (!page && pte_devmap(pte) && (flags & FOLL_GET))	/* narrow */
		return NULL;
	if (pmd_present(*pmd) && pmd_devmap(*pmd))	/* narrow */
		/* pass */;
	else
		return NULL;
	if (!pmd_present(_pmd) || pmd_devmap(_pmd))	/* uncovered */
		goto out;
	if (!is_swap_pmd(*pmd) && !pmd_devmap(*pmd) &&	/* uncovered */
	     pmd_none_or_clear_bad_unless_trans_huge(pmd))
		goto out;
	if (pmd_trans_huge(*a) || pmd_devmap(*b))	/* uncovered: other entry */
		goto out;
	if (pud_trans_huge(x) || pmd_devmap(x))		/* uncovered: other level */
		goto out;
	if (!pmd_trans_huge(x) || pmd_devmap(x))	/* uncovered: negated */
		goto out;
	if ((c && pmd_trans_huge(x)) || pmd_devmap(x))	/* uncovered: under && */
		goto out;
	if (pmd_trans_huge(x) && !pmd_devmap(x))	/* uncovered: not negated */
		goto out;
	if (f(pmd_trans_huge(x)) || pmd_devmap(x))	/* uncovered: call argument */
		goto out;
	if ((c ? pmd_trans_huge(x) : 0) || pmd_devmap(x))	/* uncovered: ?: arm */
		goto out;
	devmap = pmd_devmap(*pmd);			/* other */
	if (pfn_t_devmap(pfn))				/* pfn_t_devmap */
		entry = pmd_mkdevmap(entry);		/* mkspecial */
	pfn = phys_to_pfn_t(phys, PFN_DEV|PFN_MAP);	/* PFN_DEV, PFN_MAP */
out:
	return NULL;
}
