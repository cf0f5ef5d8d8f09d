/* DAX PMD/PUD inserts as Linux 6.1 wrote them. */

/* fs/dax.c dax_fault_iter() */
static vm_fault_t dax_fault_iter(struct vm_fault *vmf, struct iomap_iter *iter,
		pfn_t *pfnp, struct xa_state *xas, void **entry, bool pmd)
{
	bool write = iter->flags & IOMAP_WRITE;
	pfn_t pfn;
	int err;

	err = dax_iomap_direct_access(&iter->iomap, iter->pos, PAGE_SIZE << 9,
				      NULL, &pfn);
	if (err)
		return dax_fault_return(err);

	*entry = dax_insert_entry(xas, vmf, iter, *entry, pfn, DAX_PMD);

	if (pmd)
		return vmf_insert_pfn_pmd(vmf, pfn, write);
	return vmf_insert_mixed(vmf->vma, vmf->address, pfn);
}

/* drivers/dax/device.c __dev_dax_pud_fault() */
static vm_fault_t dev_dax_pud_fault(struct dev_dax *dev_dax,
		struct vm_fault *vmf, phys_addr_t phys, unsigned long fault_size)
{
	pfn_t pfn = phys_to_pfn_t(phys, PFN_DEV|PFN_MAP);

	return vmf_insert_pfn_pud(vmf, pfn, vmf->flags & FAULT_FLAG_WRITE);
}

/* An MMIO BAR (vfio-style): not a DAX page, not reported. */
static vm_fault_t bar_fault(struct vm_fault *vmf, unsigned long pfn)
{
	return vmf_insert_pfn_pmd(vmf, __pfn_to_pfn_t(pfn, PFN_DEV), false);
}
