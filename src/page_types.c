// SPDX-License-Identifier: GPL-2.0
/*
 * mmsimctl page-types: what the kernel's tools/mm/page-types prints by
 * default, its summary, read from the mounted tree instead of /proc: one
 * line per combination of page flags with its page count and MB, in the
 * order of the tool's flag hash table, then the total.
 *
 * Without --pid it walks every PFN of proc/kpageflags; with --pid PID it
 * walks the VMAs of proc/PID/maps through proc/PID/pagemap and counts the
 * page frame of each present entry (PFNs are 0 for non-root readers, and
 * such entries are skipped, as the tool does). Without --raw the kernel
 * hackers' bits (32-47) and non-hugetlb compound bits are hidden; with it
 * the overloaded bits are expanded and the pagemap bits (soft-dirty, file,
 * swap, exclusive) added.
 */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "page_types.h"

#define PAGE_SHIFT	12
#define BATCH		(64 << 10)	/* entries per read, as the tool's batches */
#define HASH_SIZE	(1 << 13)

#define PM_PFRAME_MASK	((1ULL << 55) - 1)
#define PM_SOFT_DIRTY	(1ULL << 55)
#define PM_MMAP_EXCL	(1ULL << 56)
#define PM_FILE		(1ULL << 61)
#define PM_SWAP		(1ULL << 62)
#define PM_PRESENT	(1ULL << 63)

/* the tool's bit numbers: kernel-page-flags.h, then its own above 31 */
enum {
	B_ERROR = 1, B_ACTIVE = 6, B_SLAB = 7, B_WRITEBACK = 8, B_RECLAIM = 9, B_ANON = 12,
	B_COMPOUND_HEAD = 15, B_COMPOUND_TAIL = 16, B_HUGE = 17, B_OWNER_2 = 34,
	B_SOFTDIRTY = 40, B_ANON_EXCLUSIVE = 47, B_READAHEAD = 48, B_SLUB_FROZEN = 50,
	B_SLUB_DEBUG = 51, B_FILE = 61, B_SWAP = 62, B_MMAP_EXCLUSIVE = 63,
};
#define BIT(b)		(1ULL << (b))
#define HACKERS_BITS	(0xffffULL << 32)
#define COMPOUND_BITS	(BIT(B_COMPOUND_HEAD) | BIT(B_COMPOUND_TAIL))

/* each named bit: its letter in the symbolic column, then its long name */
static const char *const flag_names[64] = {
	[0] = "L:locked",		[1] = "E:error",		[2] = "R:referenced",
	[3] = "U:uptodate",		[4] = "D:dirty",		[5] = "l:lru",
	[6] = "A:active",		[7] = "S:slab",			[8] = "W:writeback",
	[9] = "I:reclaim",		[10] = "B:buddy",		[11] = "M:mmap",
	[12] = "a:anonymous",		[13] = "s:swapcache",		[14] = "b:swapbacked",
	[15] = "H:compound_head",	[16] = "T:compound_tail",	[17] = "G:huge",
	[18] = "u:unevictable",		[19] = "X:hwpoison",		[20] = "n:nopage",
	[21] = "x:ksm",			[22] = "t:thp",			[23] = "o:offline",
	[24] = "z:zero_page",		[25] = "i:idle_page",		[26] = "g:pgtable",
	[32] = "r:reserved",		[33] = "m:mlocked",		[34] = "d:owner_2",
	[35] = "P:private",		[36] = "p:private_2",		[37] = "O:owner_private",
	[38] = "h:arch",		[40] = "f:softdirty",		[41] = "H:arch_2",
	[47] = "d:anon_exclusive",	[48] = "I:readahead",		[50] = "A:slub_frozen",
	[51] = "E:slub_debug",		[61] = "F:file",		[62] = "w:swap",
	[63] = "1:mmap_exclusive",
};

struct summary {
	bool raw;
	uint64_t flags[HASH_SIZE];
	unsigned long pages[HASH_SIZE];
	unsigned long total;
};

/* The tool's table: flags 0 in slot 0, others from slot flags % size, probing upwards. */
static size_t hash_slot(struct summary *s, uint64_t flags)
{
	size_t k = flags & (HASH_SIZE - 1);

	if (!flags)
		return 0;
	for (size_t i = 1; i < HASH_SIZE; i++, k++) {
		if (!k || k >= HASH_SIZE)
			k = 1;
		if (!s->flags[k])
			s->flags[k] = flags;
		if (s->flags[k] == flags)
			return k;
	}
	return 0;	/* 8191 combinations of flags: cannot happen with 64 bits in use */
}

/* expand_overloaded_flags (--raw): flags that mean something else on some pages */
static uint64_t expand_overloaded(uint64_t f, uint64_t pme)
{
	if ((f & BIT(B_ANON)) && (f & BIT(B_OWNER_2)))
		f ^= BIT(B_OWNER_2) | BIT(B_ANON_EXCLUSIVE);
	if (f & BIT(B_SLAB)) {
		if (f & BIT(B_ACTIVE))
			f ^= BIT(B_ACTIVE) | BIT(B_SLUB_FROZEN);
		if (f & BIT(B_ERROR))
			f ^= BIT(B_ERROR) | BIT(B_SLUB_DEBUG);
	}
	if ((f & (BIT(B_RECLAIM) | BIT(B_WRITEBACK))) == BIT(B_RECLAIM))
		f ^= BIT(B_RECLAIM) | BIT(B_READAHEAD);
	f |= pme & PM_SOFT_DIRTY ? BIT(B_SOFTDIRTY) : 0;
	f |= pme & PM_FILE ? BIT(B_FILE) : 0;
	f |= pme & PM_SWAP ? BIT(B_SWAP) : 0;
	f |= pme & PM_MMAP_EXCL ? BIT(B_MMAP_EXCLUSIVE) : 0;
	return f;
}

/* well_known_flags: what a user is shown */
static uint64_t well_known(uint64_t f)
{
	f &= ~HACKERS_BITS;
	if ((f & COMPOUND_BITS) && !(f & BIT(B_HUGE)))
		f &= ~COMPOUND_BITS;
	return f;
}

static void add_page(struct summary *s, uint64_t flags, uint64_t pme)
{
	flags = s->raw ? expand_overloaded(flags, pme) : well_known(flags);
	s->pages[hash_slot(s, flags)]++;
	s->total++;
}

/* pread of @n 64-bit words at word @index: the words read, or -1 with errno */
static long read_words(int fd, uint64_t *buf, uint64_t index, size_t n)
{
	ssize_t got = pread(fd, buf, n * 8, (off_t)(index * 8));

	return got < 0 ? -1 : got / 8;
}

static int walk_pfns(struct summary *s, int kpf)
{
	g_autofree uint64_t *buf = g_new(uint64_t, BATCH);
	uint64_t pfn = 0;
	long n;

	while ((n = read_words(kpf, buf, pfn, BATCH)) > 0) {
		for (long i = 0; i < n; i++)
			add_page(s, buf[i], 0);
		pfn += (uint64_t)n;
	}
	return n < 0 ? -1 : 0;
}

/* walk_vma: each present page's frame; a swap entry counts its pagemap bits alone */
static int walk_range(struct summary *s, int pm, int kpf, uint64_t vpn, uint64_t end)
{
	g_autofree uint64_t *buf = g_new(uint64_t, BATCH);

	while (vpn < end) {
		long n = read_words(pm, buf, vpn, (size_t)MIN(end - vpn, (uint64_t)BATCH));

		if (n <= 0)
			return n;
		for (long i = 0; i < n; i++) {
			uint64_t pfn = buf[i] & PM_PRESENT ? buf[i] & PM_PFRAME_MASK : 0, flags;

			if (pfn) {
				if (read_words(kpf, &flags, pfn, 1) < 0)
					return -1;
				add_page(s, flags, buf[i]);
			}
			if (buf[i] & PM_SWAP)
				add_page(s, 0, buf[i]);
		}
		vpn += (uint64_t)n;
	}
	return 0;
}

static int walk_task(struct summary *s, const char *mnt, const char *pid, int kpf)
{
	g_autofree char *maps_path = g_strdup_printf("%s/proc/%s/maps", mnt, pid);
	g_autofree char *pm_path = g_strdup_printf("%s/proc/%s/pagemap", mnt, pid);
	g_autofree char *maps = NULL;
	g_auto(GStrv) lines = NULL;
	int pm, err = 0;

	if (!g_file_get_contents(maps_path, &maps, NULL, NULL) ||
	    (pm = open(pm_path, O_RDONLY)) < 0) {
		fprintf(stderr, "mmsimctl page-types: %s: %s\n", maps ? pm_path : maps_path,
			strerror(errno));
		return -1;
	}
	lines = g_strsplit(maps, "\n", -1);
	for (int i = 0; lines[i] && *lines[i] && !err; i++) {
		unsigned long long start, end;

		if (sscanf(lines[i], "%llx-%llx ", &start, &end) != 2) {
			fprintf(stderr, "unexpected line: %s\n", lines[i]);
			continue;
		}
		err = walk_range(s, pm, kpf, start >> PAGE_SHIFT, end >> PAGE_SHIFT);
	}
	if (err)
		fprintf(stderr, "mmsimctl page-types: %s: %s\n", pm_path, strerror(errno));
	close(pm);
	return err;
}

static void print_flags(uint64_t flags)
{
	GString *longname = g_string_new(NULL);

	for (int b = 0; b < 64; b++) {
		bool set = (flags >> b) & 1;

		if (!flag_names[b])
			continue;
		putchar(set ? flag_names[b][0] : '_');
		if (set)
			g_string_append_printf(longname, "%s%s", longname->len ? "," : "",
					       flag_names[b] + 2);
	}
	printf("\t%s\n", longname->str);
	g_string_free(longname, TRUE);
}

/* show_summary: pages in MB are (pages * 4096) >> 20 */
static void show_summary(const struct summary *s)
{
	printf("             flags\tpage-count       MB  symbolic-flags\t\t\tlong-symbolic-flags\n");
	for (size_t i = 0; i < HASH_SIZE; i++) {
		if (!s->pages[i])
			continue;
		printf("0x%016" PRIx64 "\t%10lu %8lu  ", s->flags[i], s->pages[i],
		       s->pages[i] >> (20 - PAGE_SHIFT));
		print_flags(s->flags[i]);
	}
	printf("             total\t%10lu %8lu\n", s->total, s->total >> (20 - PAGE_SHIFT));
}

int page_types_main(const char *mnt, int argc, char **argv)
{
	g_autofree char *kpf_path = g_strdup_printf("%s/proc/kpageflags", mnt);
	g_autofree struct summary *s = g_new0(struct summary, 1);
	const char *pid = NULL;
	int kpf, err;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--raw") || !strcmp(argv[i], "-r")) {
			s->raw = true;
		} else if ((!strcmp(argv[i], "--pid") || !strcmp(argv[i], "-p")) && i + 1 < argc &&
			   argv[i + 1][strspn(argv[i + 1], "0123456789")] == '\0' && *argv[i + 1]) {
			pid = argv[++i];
		} else {
			fprintf(stderr, "usage: mmsimctl [-m MOUNTPOINT] page-types [--pid PID] [--raw]\n");
			return 2;
		}
	}
	kpf = open(kpf_path, O_RDONLY);
	if (kpf < 0) {
		fprintf(stderr, "mmsimctl page-types: %s: %s\n", kpf_path, strerror(errno));
		return 1;
	}
	err = pid ? walk_task(s, mnt, pid, kpf) : walk_pfns(s, kpf);
	if (err && !pid)
		fprintf(stderr, "mmsimctl page-types: %s: %s\n", kpf_path, strerror(errno));
	close(kpf);
	if (err)
		return 1;
	show_summary(s);
	return 0;
}
