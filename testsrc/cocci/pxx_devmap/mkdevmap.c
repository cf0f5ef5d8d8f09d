/* pXd_mkdevmap() becomes pXd_mkspecial(); the pfn_t_devmap() branch around
 * it folds when both branches end up equal; self-tests stay. */

static void insert_pfn(pfn_t pfn, pgprot_t prot)
{
	pte_t entry;

	/* Ok, finally just insert the thing.. */
	if (pfn_t_devmap(pfn))
		entry = pte_mkdevmap(pfn_t_pte(pfn, prot));
	else
		entry = pte_mkspecial(pfn_t_pte(pfn, prot));
	set(entry);
}

static void insert_pfn_pmd(pfn_t pfn, pgprot_t prot)
{
	pmd_t entry;

	entry = pmd_mkhuge(pfn_t_pmd(pfn, prot));
	if (pfn_t_devmap(pfn))
		entry = pmd_mkdevmap(entry);
	else
		entry = pmd_mkspecial(entry);
	set_pmd(entry);
}

static void insert_pfn_pud(pfn_t pfn, pgprot_t prot)
{
	pud_t entry;

	entry = pud_mkhuge(pfn_t_pud(pfn, prot));
	if (pfn_t_devmap(pfn))
		entry = pud_mkdevmap(entry);
	set_pud(pud_mkyoung(pud_mkdevmap(entry)));
}

static void __init pte_devmap_tests(struct pgtable_debug_args *args)
{
	pte_t pte = pfn_pte(args->fixed_pte_pfn, args->page_prot);

	WARN_ON(!pte_devmap(pte_mkdevmap(pte)));
	WARN_ON(!pmd_devmap(pmd_mkdevmap(pmd)));
}
