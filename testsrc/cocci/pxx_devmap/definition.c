/* An architecture's own devmap helpers (riscv, powerpc book3s64) are built
 * from one another: upstream deleted them with the bit, so inside their
 * definitions nothing is rewritten (pmd_mkdevmap() must not quietly start
 * making special entries) and every call is reported as part of a helper to
 * remove.  Callers outside the helpers are still converted. */

static inline pmd_t pmd_mkdevmap(pmd_t pmd)
{
	return pte_pmd(pte_mkdevmap(pmd_pte(pmd)));
}

static inline int pmd_devmap(pmd_t pmd)
{
	return pte_devmap(pmd_pte(pmd));
}

static inline pud_t pud_mkdevmap(pud_t pud)
{
	if (radix_enabled())
		return radix__pud_mkdevmap(pud);
	return hash__pud_mkdevmap(pud);
}

static inline pmd_t radix__pmd_mkdevmap(pmd_t pmd)
{
	return pmd_mkhuge(pte_pmd(pte_mkdevmap(pmd_pte(pmd))));
}

static inline bool pfn_t_devmap(pfn_t pfn)
{
	const u64 flags = PFN_DEV|PFN_MAP;

	return (pfn.val & flags) == flags;
}

/* Not a devmap helper: converted as anywhere else. */
static inline pmd_t pmd_mkdevmap_huge(pmd_t pmd)
{
	return pmd_mkdevmap(pmd_mkhuge(pmd));
}

static int walk(pmd_t pmd)
{
	if (pmd_trans_huge(pmd) || pmd_devmap(pmd))
		return 1;
	return 0;
}
