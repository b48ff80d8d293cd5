// SPDX-License-Identifier: GPL-2.0
/*
 * execve (fs/exec.c, fs/binfmt_elf.c, arch/x86/mm/mmap.c) of a dynamically
 * linked PIE program, and the start-up work its loader and libc do.
 *
 * The layout is x86_64's with ASLR from the machine's seed: the binary at
 * ELF_ET_DYN_BASE plus up to 2^28 random pages, the stack below TASK_SIZE
 * less up to 16 GiB, mmap_base a stack gap below that, the break at a
 * random offset (up to 32 MiB) past the bss. The loader is mapped first
 * just below mmap_base, then the vDSO, then libc, each top-down. Segment
 * sizes are those of Debian 12's ld.so and libc.so.6; a program's own
 * image is a generic one. After the mappings come the accesses start-up
 * makes: headers and the code it runs are read, data and the first stack
 * and heap pages written, and glibc's first sbrk of 132 KiB.
 */
#include <errno.h>
#include <string.h>

#include "exec.h"
#include "filemap.h"
#include "loadavg.h"
#include "task.h"
#include "vma.h"

#define ELF_ET_DYN_BASE		(TASK_SIZE / 3 * 2)
#define STACK_RND_PAGES		(1U << 22)		/* 16 GiB of randomisation */
#define MMAP_RND_PAGES		(1U << 28)		/* mmap_rnd_bits = 28 */
#define BRK_RND_PAGES		(0x02000000U >> 12)	/* arch_randomize_brk: 32 MiB */
#define STACK_INITIAL		0x21000UL		/* 128 KiB expansion + the arg page */
#define SIZE_128M		(128ULL << 20)		/* mmap_base's least gap */
#define FIRST_SBRK		0x21000UL		/* glibc's first heap */
#define VM_STACK_FLAGS		(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_GROWSDOWN | \
				 VM_ACCOUNT)
#define VM_VVAR_FLAGS		(VM_READ | VM_MAYREAD | VM_IO | VM_DONTDUMP | VM_PFNMAP | VM_DONTEXPAND)
#define VM_VDSO_FLAGS		(VM_READ | VM_EXEC | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_DONTEXPAND)
#define LIBC			"/usr/lib/x86_64-linux-gnu/libc.so.6"
#define LD_SO			"/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"

/*
 * A PT_LOAD segment as mapped: its size and protection (PROT_* bits), in
 * file order. RELRO is mapped writable, written by relocation and then
 * made read-only, as ld.so does: its pages are private copies and its VMA
 * stays charged, so it never merges with the read-only data before it.
 */
struct segment {
	uint64_t size;
	unsigned int prot;
	uint64_t touch;			/* bytes start-up reads (r--, r-x) or writes (rw-, relro) */
};

#define RELRO	3			/* the index of the RELRO segment */

struct elf_image {
	struct segment seg[5];		/* r-- headers, r-x text, r-- rodata, r-- relro, rw- data */
	uint64_t bss;			/* anonymous memory after the data */
};

/* Debian 12 (glibc 2.36), the sizes the reference machine's maps shows */
static const struct elf_image ld_so = {
	{ { 0x1000, 1, 0x1000 }, { 0x26000, 5, 0x26000 }, { 0xa000, 1, 0xa000 },
	  { 0x2000, 1, 0x2000 }, { 0x2000, 3, 0x2000 } }, 0,
};
static const struct elf_image libc = {
	{ { 0x26000, 1, 0x26000 }, { 0x156000, 5, 0x60000 }, { 0x53000, 1, 0x10000 },
	  { 0x4000, 1, 0x4000 }, { 0x2000, 3, 0x2000 } }, 0xd000,
};
/* a program of a few hundred KiB */
static const struct elf_image program = {
	{ { 0x4000, 1, 0x4000 }, { 0x40000, 5, 0x10000 }, { 0x10000, 1, 0x4000 },
	  { 0x2000, 1, 0x2000 }, { 0x2000, 3, 0x2000 } }, 0x4000,
};

static uint64_t image_span(const struct elf_image *img)
{
	uint64_t span = img->bss;

	for (int i = 0; i < 5; i++)
		span += img->seg[i].size;
	return span;
}

static unsigned long prot_to_flags(unsigned int prot)
{
	return calc_vm_prot_bits(prot) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
}

/* Map @img's segments from @base; returns 0 and the text range in @text. */
static int map_image(struct machine *m, struct task_struct *t, const struct elf_image *img,
		     const char *path, uint64_t base, uint64_t text[2])
{
	struct address_space *as = filemap_open(m, path, image_span(img) - img->bss);
	uint64_t addr = base, off = 0;
	int err;

	for (int i = 0; i < 5; i++) {
		const struct segment *s = &img->seg[i];
		unsigned int prot = i == RELRO ? 3 : s->prot;

		err = mmap_region(m, t, addr, s->size, prot_to_flags(prot), as, off >> PAGE_SHIFT,
				  NULL, NULL);
		if (err)
			return err;
		if (s->prot & 4) {
			text[0] = addr;
			text[1] = addr + s->size;
		}
		addr += s->size;
		off += s->size;
	}
	if (img->bss)
		err = mmap_region(m, t, addr, img->bss, prot_to_flags(3), NULL, addr >> PAGE_SHIFT,
				  NULL, NULL);
	return err;
}

/* What start-up touches of an image mapped at @base. */
static int touch_image(struct machine *m, struct task_struct *t, const struct elf_image *img,
		       uint64_t base)
{
	uint64_t addr = base;
	int err = 0;

	for (int i = 0; i < 5 && !err; i++) {
		err = access_range(m, t, addr, img->seg[i].touch, i == RELRO || (img->seg[i].prot & 2), NULL);
		if (!err && i == RELRO)
			err = do_mprotect(m, t, addr, img->seg[i].size, img->seg[i].prot);
		addr += img->seg[i].size;
	}
	if (!err && img->bss)
		err = access_range(m, t, addr, PAGE_SIZE, true, NULL);
	return err;
}

static uint64_t random_pages(struct machine *m, unsigned int range)
{
	return (uint64_t)g_rand_int_range(m->rng, 0, (gint32)MIN(range, (unsigned int)G_MAXINT32)) << PAGE_SHIFT;
}

static void set_strings(struct task_struct *t, const char *comm, const char *path,
			const char *cmdline)
{
	static const char env[] = "LANG=C.UTF-8\0PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\0";
	g_auto(GStrv) argv = g_strsplit(cmdline ? cmdline : path, " ", -1);

	g_strlcpy(t->comm, comm, TASK_COMM_LEN);
	g_byte_array_set_size(t->cmdline, 0);
	for (int i = 0; argv[i]; i++)
		if (*argv[i])
			g_byte_array_append(t->cmdline, (const guint8 *)argv[i], (guint)strlen(argv[i]) + 1);
	g_byte_array_set_size(t->environ, 0);
	g_byte_array_append(t->environ, (const guint8 *)env, sizeof(env) - 1);
	if (t->uid)
		g_byte_array_append(t->environ, (const guint8 *)"HOME=/home/user", 16);
	else
		g_byte_array_append(t->environ, (const guint8 *)"HOME=/root", 11);
}

/* The stack VMA and the argument and environment strings at its top. */
static int setup_stack(struct machine *m, struct task_struct *t, uint64_t top)
{
	struct mm_struct *mm = t->mm;
	/* setup_arg_pages: the 128 KiB expansion stops at RLIMIT_STACK; the arg page stays */
	uint64_t size = MIN(STACK_INITIAL, task_rlimit(t, RLIMIT_STACK) & ~(uint64_t)(PAGE_SIZE - 1));
	int err;

	size = MAX(size, PAGE_SIZE);
	err = mmap_region(m, t, top - size, size, VM_STACK_FLAGS, NULL, (top - size) >> PAGE_SHIFT,
			  NULL, NULL);
	if (err)
		return err;
	mm->env_end = top - 0x20;
	mm->env_start = mm->env_end - t->environ->len;
	mm->arg_end = mm->env_start;
	mm->arg_start = mm->arg_end - t->cmdline->len;
	mm->start_stack = (mm->arg_start - 0x200) & ~0xfULL;
	return 0;
}

/* arch_setup_additional_pages: [vvar], [vvar_vclock] and [vdso] below the loader. */
static int map_vdso(struct machine *m, struct task_struct *t)
{
	uint64_t base = get_unmapped_area(t->mm, 0, 0x8000);
	int err;

	if (!base)
		return -ENOMEM;
	err = mmap_region(m, t, base, 0x4000, VM_VVAR_FLAGS, NULL, 0, "[vvar]", NULL);
	if (!err)
		err = mmap_region(m, t, base + 0x4000, 0x2000, VM_VVAR_FLAGS, NULL, 0, "[vvar_vclock]", NULL);
	if (!err)
		err = mmap_region(m, t, base + 0x6000, 0x2000, VM_VDSO_FLAGS, NULL, 0, "[vdso]", NULL);
	return err;
}

static int map_library(struct machine *m, struct task_struct *t, const struct elf_image *img,
		       const char *path, uint64_t *base)
{
	uint64_t text[2];

	*base = get_unmapped_area(t->mm, 0, image_span(img));
	return *base ? map_image(m, t, img, path, *base, text) : -ENOMEM;
}

/*
 * arch/x86/mm/mmap.c's mmap_base gap: the stack's soft limit, the stack's
 * randomisation and the guard gap above the mmap area, at least 128 MiB
 * and at most five sixths of the address space. An unlimited stack takes
 * the most: x86_64 keeps the top-down layout whatever the limit.
 */
static uint64_t mmap_gap(const struct task_struct *t)
{
	uint64_t gap = task_rlimit(t, RLIMIT_STACK);
	uint64_t pad = ((uint64_t)STACK_RND_PAGES << PAGE_SHIFT) + STACK_GUARD_GAP;

	if (gap + pad > gap)
		gap += pad;
	return CLAMP(gap, SIZE_128M, TASK_SIZE / 6 * 5);
}

static int load_image(struct machine *m, struct task_struct *t, const char *path)
{
	struct mm_struct *mm = t->mm;
	uint64_t load_bias = (ELF_ET_DYN_BASE + random_pages(m, MMAP_RND_PAGES)) & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t stack_top = TASK_SIZE - random_pages(m, STACK_RND_PAGES);
	uint64_t text[2], ld_base, libc_base, data;
	int err;

	mm->mmap_base = (TASK_SIZE - mmap_gap(t) - random_pages(m, MMAP_RND_PAGES)) &
			~(uint64_t)(PAGE_SIZE - 1);
	err = setup_stack(m, t, stack_top);
	if (!err)
		err = map_image(m, t, &program, path, load_bias, text);
	if (err)
		return err;
	data = load_bias + image_span(&program) - program.bss - program.seg[4].size;
	mm->start_code = text[0];
	mm->end_code = text[1];
	mm->start_data = data;
	mm->end_data = data + program.seg[4].size;
	mm->start_brk = mm->brk = load_bias + image_span(&program) + random_pages(m, BRK_RND_PAGES);
	err = map_library(m, t, &ld_so, LD_SO, &ld_base);
	if (!err)
		err = map_vdso(m, t);
	if (!err)
		err = map_library(m, t, &libc, LIBC, &libc_base);
	if (err)
		return err;

	/* the loader runs, then libc's start-up, then main() */
	err = touch_image(m, t, &ld_so, ld_base);
	if (!err)
		err = touch_image(m, t, &program, load_bias);
	if (!err)
		err = touch_image(m, t, &libc, libc_base);
	if (!err)
		err = access_range(m, t, stack_top - 0x4000, 0x4000, true, NULL);
	if (!err)
		err = do_brk(m, t, FIRST_SBRK, &data);
	if (!err)
		err = access_range(m, t, mm->start_brk, PAGE_SIZE, true, NULL);
	return err;
}

/**
 * exec_binary - replace @t's address space with a fresh image of @binary
 *
 * NULL @binary is /usr/bin/@comm, NULL @cmdline the binary; the image is
 * what the program looks like once up (ELF segments, ld.so, libc,
 * vvar/vdso, stack, first heap), built as @t so faults name it.
 */
int exec_binary(struct machine *m, struct task_struct *t, const char *comm, const char *binary,
		const char *cmdline)
{
	STACK_FRAME(m);
	g_autofree char *path = binary ? g_strdup(binary) : g_strdup_printf("/usr/bin/%s", comm);
	struct mm_struct *old = t->mm;
	struct task_struct *prev;
	int err;

	if (*path != '/')
		return -ENOENT;
	err = mm_alloc(m, &t->mm);
	if (err) {
		t->mm = old;
		return err;
	}
	/* mm_init: the coredump filter of the mm exec leaves (the parent's, for a vfork child) */
	if (old || (t->real_parent && t->real_parent->mm))
		t->mm->dump_filter = (old ? old : t->real_parent->mm)->dump_filter;
	t->mm->exe_path = g_strdup(path);
	if (old)
		mm_free(m, old);
	set_strings(t, comm, path, cmdline);
	t->flags &= ~PF_FORKNOEXEC;
	set_task_state(m, t, TASK_INTERRUPTIBLE);
	prev = set_current(m, t);
	err = load_image(m, t, path);
	set_current(m, prev);
	return err;
}
