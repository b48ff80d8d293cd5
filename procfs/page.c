// SPDX-License-Identifier: GPL-2.0
/*
 * The files of physical pages, 8 bytes per PFN (fs/proc/page.c): kpageflags
 * (the KPF_* bits of each page) and kpagecount (the entries mapping it),
 * and the 64-PFN words of sys/kernel/mm/page_idle/bitmap (mm/page_idle.c).
 * Each read covers only the PFNs it asks for; the engine says what each
 * page is (mm/page_idle.h).
 */
#include <errno.h>

#include "files.h"
#include "mm/machine.h"
#include "mm/page_idle.h"

#define KPMSIZE		8	/* bytes per PFN */

/* get_max_dump_pfn: max_pfn rounded up to a whole memory section */
static unsigned long max_dump_pfn(const struct machine *m)
{
	return (m->max_pfn + PAGES_PER_SECTION - 1) / PAGES_PER_SECTION * PAGES_PER_SECTION;
}

/* kpageflags_read / kpagecount_read: one u64 per PFN from @off / 8 */
static ssize_t kpage_read(const struct pfs_req *r, uint64_t off, size_t size, GString *out,
			  uint64_t (*value)(struct machine *m, unsigned long pfn))
{
	uint64_t end = (uint64_t)max_dump_pfn(r->m) * KPMSIZE;
	unsigned long pfn = (unsigned long)(off / KPMSIZE);
	uint64_t *words;
	size_t n;

	if (off % KPMSIZE || size % KPMSIZE)
		return -EINVAL;
	if (off >= end)
		return 0;
	n = (size_t)MIN(size, end - off) / KPMSIZE;
	g_string_set_size(out, n * KPMSIZE);
	words = (uint64_t *)(void *)out->str;
	for (size_t i = 0; i < n; i++)
		words[i] = value(r->m, pfn + i);
	return (ssize_t)(n * KPMSIZE);
}

static ssize_t kpageflags_read(const struct pfs_req *r, uint64_t off, size_t size, GString *out)
{
	return kpage_read(r, off, size, out, stable_page_flags);
}

static ssize_t kpagecount_read(const struct pfs_req *r, uint64_t off, size_t size, GString *out)
{
	return kpage_read(r, off, size, out, kpagecount);
}

/* page_idle_bitmap_read: word-aligned; 0 past max_pfn */
static ssize_t page_idle_read(const struct pfs_req *r, uint64_t off, size_t size, GString *out)
{
	unsigned long pfn, words;

	if (off % sizeof(uint64_t) || size % sizeof(uint64_t))
		return -EINVAL;
	if (off > r->m->max_pfn / 8)
		return 0;	/* past max_pfn, where off * 8 could wrap */
	pfn = (unsigned long)(off * 8);
	if (pfn >= r->m->max_pfn || !size)
		return 0;
	g_string_set_size(out, size);
	words = page_idle_bitmap_read(r->m, pfn, size / sizeof(uint64_t),
				      (uint64_t *)(void *)out->str);
	return (ssize_t)(words * sizeof(uint64_t));
}

/* page_idle_bitmap_write: word-aligned; ENXIO from max_pfn on */
static ssize_t page_idle_write(const struct pfs_req *r, uint64_t off, const char *buf, size_t len)
{
	g_autofree uint64_t *in = NULL;
	unsigned long pfn;

	if (off % sizeof(uint64_t) || len % sizeof(uint64_t))
		return -EINVAL;
	if (off > r->m->max_pfn / 8)
		return -ENXIO;
	pfn = (unsigned long)(off * 8);
	if (pfn >= r->m->max_pfn)
		return -ENXIO;
	in = g_memdup2(buf, len);
	return (ssize_t)(page_idle_bitmap_write(r->m, pfn, len / sizeof(uint64_t), in) *
			 sizeof(uint64_t));
}

const struct pfs_file_ops kpageflags_ops = { .read = kpageflags_read, .ro_errno = EINVAL };
const struct pfs_file_ops kpagecount_ops = { .read = kpagecount_read, .ro_errno = EINVAL };
const struct pfs_file_ops page_idle_bitmap_ops = {
	.read = page_idle_read,
	.write = page_idle_write,
};
