/* SPDX-License-Identifier: GPL-2.0 */
/* Mapcounts (mm/rmap.c) and the mlock state of mapped pages (mm/mlock.c), inside the engine. */
#ifndef MM_RMAP_H
#define MM_RMAP_H

#include <glib.h>
#include <stdint.h>

struct machine;
struct vm_area_struct;

void folio_add_new_anon_rmap(struct machine *m, unsigned long pfn, struct vm_area_struct *vma,
			     uint64_t addr);
void folio_add_file_rmap(struct machine *m, unsigned long pfn);
void folio_dup_rmap(struct machine *m, unsigned long pfn);
void folio_remove_rmap(struct machine *m, unsigned long pfn);
/* memory.c: write-protect and clean every shared entry mapping page-cache page @pfn */
struct address_space;
void folio_mkclean(struct machine *m, struct address_space *as, unsigned long pfn);
int rmap_check(struct machine *m, GHashTable *mapcounts, GHashTable *mlocks, unsigned long tables);

/* mlock.c */
void mlock_folio(struct machine *m, unsigned long pfn);
void munlock_folio(struct machine *m, unsigned long pfn);

#endif /* MM_RMAP_H */
