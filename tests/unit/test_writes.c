// SPDX-License-Identifier: GPL-2.0
/*
 * Every write is safe: the repros of the safe-writes issue, one test each.
 * Sizes that overflow, frees of memory the workbench does not hold, lines
 * that are too long or hold two commands, replies that would not fit, lax
 * parsing, the writer's credentials, and the files whose writes ignore the
 * offset as the kernel's handlers do. A refused write changes nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/slab.h"
#include "mm/sysctl.h"
#include "mm/task.h"
#include "mm/vmalloc.h"
#include "procfs/ctl.h"
#include "procfs/tree.h"
#include "testutil.h"

static int run_as(struct machine *m, uid_t uid, const char *cmd, GString *reply)
{
	g_string_truncate(reply, 0);
	return ctl_execute(m, cmd, strlen(cmd), uid, uid, reply);
}

static int run(struct machine *m, const char *cmd, GString *reply)
{
	return run_as(m, 0, cmd, reply);
}

/* Refused with @err, and neither memory, tasks nor time moved. */
static void ck_refused_as(struct machine *m, uid_t uid, const char *cmd, int err)
{
	g_autoptr(GString) reply = g_string_new(NULL);
	unsigned long free = nr_free(m), tasks = nr_tasks(m);
	uint64_t now = sim_clock_now(&m->clock);
	int ret = run_as(m, uid, cmd, reply);

	ck_assert_msg(ret == err, "'%s' as %u: %d, expected %d: %s", cmd, (unsigned int)uid, ret,
		      err, reply->str);
	ck_assert_uint_eq(nr_free(m), free);
	ck_assert_uint_eq(nr_tasks(m), tasks);
	ck_assert_uint_eq(sim_clock_now(&m->clock), now);
	ck_machine_ok(m);
}

static void ck_refused(struct machine *m, const char *cmd, int err)
{
	ck_refused_as(m, 0, cmd, err);
}

static unsigned int count_in_log(struct machine *m, const char *needle)
{
	unsigned int n = 0;

	for (const char *p = test_log_text(m); (p = strstr(p, needle)); p++)
		n++;
	return n;
}

START_TEST(test_get_order)
{
	ck_assert_uint_eq(get_order(0), 0);
	ck_assert_uint_eq(get_order(1), 0);
	ck_assert_uint_eq(get_order(PAGE_SIZE), 0);
	ck_assert_uint_eq(get_order(PAGE_SIZE + 1), 1);
	ck_assert_uint_eq(get_order(KMALLOC_MAX_SIZE), MAX_PAGE_ORDER);
	ck_assert_uint_eq(get_order(KMALLOC_MAX_SIZE + 1), MAX_PAGE_ORDER + 1);
	ck_assert_uint_eq(get_order(9223372036854775809ULL), 52);
	ck_assert_uint_eq(get_order(SIZE_MAX), 52);
}
END_TEST

/* Item 1: each of these hung the daemon in get_order(); now ENOMEM, one WARN. */
START_TEST(test_huge_sizes)
{
	static const char *const cmds[] = {
		"kmalloc 18446744073709551615",
		"kmalloc 9223372036854775809",
		"kzalloc 18446744073709551615",
		"kmalloc_array 2 9223372036854775807",
		"kcalloc 3 6148914691236517206",
		"krealloc 0 18446744073709551615",
		"kvmalloc 18446744073709551615",
		"vmalloc 18446744073709551615",
		"vzalloc 9223372036854775809",
		"kmalloc 4194305",
	};
	struct machine *m = boot_preset("tiny");

	for (size_t i = 0; i < G_N_ELEMENTS(cmds); i++)
		ck_refused(m, cmds[i], -ENOMEM);
	/* WARN_ON_ONCE_GFP: the page allocator's warning once per boot */
	ck_assert_uint_eq(count_in_log(m, "WARNING: mm/page_alloc.c at __alloc_frozen_pages_noprof"),
			  1);
	ck_logged(m, "vmalloc error: size 18446744073709551615, exceeds total pages");
	machine_free(m);
}
END_TEST

/* Item 2: the issue's repro, then every other kind of memory the workbench does not hold. */
START_TEST(test_foreign_frees)
{
	struct machine *m = boot_preset("tiny");
	g_autoptr(GString) r = g_string_new(NULL);
	g_autofree char *addr = NULL, *cmd = NULL;
	struct kmem_cache *dentry = kmem_cache_find(m, "dentry");
	uint64_t obj, area, big;
	unsigned long pfn;

	/* the freed page heads CPU 0's per-cpu list: the vmalloc's first page is it again */
	ck_assert_int_eq(run(m, "alloc_pages order=0", r), 0);
	addr = g_strndup(r->str, strcspn(r->str, " "));
	cmd = g_strdup_printf("free_pages %s order=0", addr);
	ck_assert_int_eq(run(m, cmd, r), 0);
	ck_assert_int_eq(run(m, "vmalloc 16K", r), 0);
	g_free(cmd);
	cmd = g_strdup_printf("free_pages %s order=0", addr);
	ck_refused(m, cmd, -EINVAL);			/* now a page of that vmalloc area */
	ck_logged(m, "BUG: Bad page state in process mmsimctl  pfn:");
	ck_logged(m, "page dumped because: not allocated by the caller");
	ck_refused(m, "free_pages pfn=0x3000 order=3", -EINVAL);	/* a free block */
	ck_logged(m, "page dumped because: VM_BUG_ON_PAGE(page_ref_count(page) == 0)");

	/* ours, at the wrong order or by a tail page */
	ck_assert_int_eq(run(m, "alloc_pages order=2", r), 0);
	g_free(addr);
	addr = g_strndup(r->str, strcspn(r->str, " "));
	g_free(cmd);
	cmd = g_strdup_printf("free_pages %s order=1", addr);
	ck_refused(m, cmd, -EINVAL);
	ck_logged(m, "page dumped because: freed as order 1, allocated as order 2");
	g_free(cmd);
	cmd = g_strdup_printf("free_pages %#lx order=2", strtoul(addr, NULL, 0) + PAGE_SIZE);
	ck_refused(m, cmd, -EINVAL);
	g_free(cmd);
	cmd = g_strdup_printf("free_pages %s order=2", addr);
	ck_assert_int_eq(run(m, cmd, r), 0);
	ck_refused(m, cmd, -EINVAL);			/* the double free */

	/* live memory of the engine's own: a boot object, a kmalloc, a vmalloc area, pages */
	ck_assert_int_eq(kmem_cache_alloc(m, dentry, GFP_KERNEL, &obj), 0);
	ck_assert_int_eq(kmalloc(m, 20000, GFP_KERNEL, &big, NULL), 0);
	ck_assert_int_eq(__vmalloc(m, 8192, GFP_KERNEL, "driver", &area), 0);
	ck_assert_int_eq(alloc_pages_node(m, -1, GFP_KERNEL, 0, &pfn), 0);
	g_free(cmd);
	cmd = g_strdup_printf("kfree %#" G_GINT64_MODIFIER "x", obj);
	ck_refused(m, cmd, -EINVAL);
	ck_logged(m, "is held by dentry, not by the caller; not freed");
	g_free(cmd);
	cmd = g_strdup_printf("kmem_cache_free dentry %#" G_GINT64_MODIFIER "x", obj);
	ck_refused(m, cmd, -EINVAL);
	g_free(cmd);
	cmd = g_strdup_printf("kvfree %#" G_GINT64_MODIFIER "x", big);
	ck_refused(m, cmd, -EINVAL);
	ck_logged(m, "is held by a large kmalloc, not by the caller");
	g_free(cmd);
	cmd = g_strdup_printf("krealloc %#" G_GINT64_MODIFIER "x 64", big);
	ck_refused(m, cmd, -EINVAL);
	g_free(cmd);
	cmd = g_strdup_printf("vfree %#" G_GINT64_MODIFIER "x", area + PAGE_SIZE);
	ck_refused(m, cmd, -EINVAL);
	ck_logged(m, "is held by another vmalloc caller, not by the caller");
	g_free(cmd);
	cmd = g_strdup_printf("free_pages pfn=%#lx", pfn);
	ck_refused(m, cmd, -EINVAL);
	ck_refused(m, "vfree 0x1234", -EINVAL);	/* no area at all: vfree's own WARN */
	ck_assert_int_eq(kmem_cache_free(m, dentry, obj), 0);
	ck_assert_int_eq(kfree(m, big), 0);
	ck_assert_int_eq(vfree(m, area), 0);
	__free_pages(m, pfn, 0);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* Ours are freed by every verb the kernel allows, and not twice. */
START_TEST(test_own_frees)
{
	struct machine *m = boot_preset("tiny");
	g_autoptr(GString) r = g_string_new(NULL);
	char cmd[96];

	ck_assert_int_eq(run(m, "kmem_cache_alloc dentry", r), 0);
	g_snprintf(cmd, sizeof(cmd), "kfree %.*s", (int)strcspn(r->str, " "), r->str);
	ck_assert_int_eq(run(m, cmd, r), 0);		/* kfree takes any slab object */
	ck_refused(m, cmd, -EINVAL);
	ck_assert_int_eq(run(m, "kvmalloc 1M", r), 0);		/* a large kmalloc */
	g_snprintf(cmd, sizeof(cmd), "vfree %.*s", (int)strcspn(r->str, " "), r->str);
	ck_refused(m, cmd, -EINVAL);
	g_snprintf(cmd, sizeof(cmd), "kvfree %.*s", (int)strcspn(r->str, " "), r->str);
	ck_assert_int_eq(run(m, cmd, r), 0);
	ck_assert_int_eq(run(m, "kvmalloc 5M", r), 0);		/* past KMALLOC_MAX_SIZE: vmalloc */
	g_snprintf(cmd, sizeof(cmd), "vfree %.*s", (int)strcspn(r->str, " "), r->str);
	ck_assert_int_eq(run(m, cmd, r), 0);
	ck_assert_int_eq(run(m, "kmalloc 100", r), 0);
	g_snprintf(cmd, sizeof(cmd), "krealloc %.*s 3000", (int)strcspn(r->str, " "), r->str);
	ck_assert_int_eq(run(m, cmd, r), 0);
	ck_refused(m, cmd, -EINVAL);			/* the old object went with the move */
	g_snprintf(cmd, sizeof(cmd), "kfree_sensitive %.*s", (int)strcspn(r->str, " "), r->str);
	ck_assert_int_eq(run(m, cmd, r), 0);
	ck_refused(m, cmd, -EINVAL);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* Item 5: one command per write, at most CTL_MAX_LINE bytes, refused before it runs. */
START_TEST(test_line_limits)
{
	struct machine *m = boot_preset("tiny");
	g_autoptr(GString) r = g_string_new(NULL);
	g_autoptr(GString) line = g_string_new("spawn x");
	unsigned int tasks = nr_tasks(m);

	while (line->len < (1 << 20))
		g_string_append_c(line, ' ');
	ck_assert_int_eq(ctl_execute(m, line->str, line->len, 0, 0, r), -E2BIG);
	ck_assert_str_eq(r->str, "ctl: a command is at most 4096 bytes\n");
	g_string_truncate(line, CTL_MAX_LINE);
	ck_assert_int_eq(ctl_execute(m, line->str, line->len, 0, 0, r), 0);	/* exactly the limit */
	g_string_append_c(line, '\n');
	ck_assert_int_eq(ctl_execute(m, line->str, line->len, 0, 0, r), -E2BIG);
	ck_assert_uint_eq(nr_tasks(m), tasks + 1);
	ck_refused(m, "spawn a\nspawn b", -EINVAL);
	ck_assert_int_eq(ctl_execute(m, "spawn a\0x", 9, 0, 0, r), -EINVAL);
	ck_assert_int_eq(run(m, "spawn a\n\n", r), 0);
	ck_assert_uint_eq(nr_tasks(m), tasks + 2);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* Item 6: a reply keeps its first CTL_REPLY_MAX bytes and says how many lines it dropped. */
START_TEST(test_reply_cap)
{
	struct machine *m = boot_preset("tiny");
	g_autoptr(GString) r = g_string_new(NULL);
	unsigned long lines = 0, dropped = 0;
	const char *last;

	ck_assert_int_eq(run(m, "kmalloc 8 count=30000", r), 0);
	ck_assert_uint_lt(r->len, CTL_REPLY_MAX + 128);
	for (const char *p = r->str; (p = strchr(p, '\n')); p++)
		lines++;
	r->str[r->len - 1] = '\0';
	last = strrchr(r->str, '\n') + 1;
	ck_assert_int_eq(sscanf(last, "kmalloc: %lu more lines not shown (a reply keeps 1048576 bytes)",
				&dropped), 1);
	ck_assert_uint_eq(lines - 1 + dropped, 30000);
	ck_assert_uint_gt(dropped, 0);
	ck_refused(m, "kmalloc 8 count=1048577", -EINVAL);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* Item 7: nothing after '=' and arguments a verb does not take are EINVAL. */
START_TEST(test_lax_parsing)
{
	struct machine *m = boot_preset("tiny");

	ck_refused(m, "alloc_pages gfp=", -EINVAL);
	ck_refused(m, "alloc_pages gfp=GFP_KERNEL|", -EINVAL);
	ck_refused(m, "kmem_cache_create c 64 flags=", -EINVAL);
	ck_refused(m, "mmap 1 4K flags=", -EINVAL);
	ck_refused(m, "check extra", -EINVAL);
	ck_refused(m, "help extra", -EINVAL);
	ck_refused(m, "spawn x parent=0", -EINVAL);
	ck_refused(m, "spawn x parent=", -EINVAL);
	machine_free(m);
}
END_TEST

/* Item 8: the writer's credentials, as kill(2) and the capabilities check them. */
START_TEST(test_permissions)
{
	struct machine *m = boot_preset("tiny");
	g_autoptr(GString) r = g_string_new(NULL);
	struct task_struct *t;
	char cmd[64];
	int pid;

	ck_refused_as(m, 1000, "alloc_pages", -EPERM);
	ck_refused_as(m, 1000, "kmalloc 64", -EPERM);
	ck_refused_as(m, 1000, "kfree 0xffff888000400000", -EPERM);
	ck_refused_as(m, 1000, "vmalloc 4K", -EPERM);
	ck_refused_as(m, 1000, "tick 1s", -EPERM);
	ck_refused_as(m, 1000, "check", -EPERM);
	ck_refused_as(m, 1000, "spawn evil uid=0", -EPERM);
	ck_refused_as(m, 1000, "spawn evil parent=1", -EPERM);
	ck_refused_as(m, 1000, "spawn evil oom_score_adj=-1", -EACCES);
	ck_refused_as(m, 1000, "kill 1", -EPERM);
	ck_refused_as(m, 1000, "exit 1", -EPERM);
	ck_refused_as(m, 1000, "touch 1 heap 4K", -EPERM);
	ck_refused_as(m, 1000, "fork 1", -EPERM);
	ck_assert_int_eq(run_as(m, 1000, "help", r), 0);

	/* its own tasks are its own to use */
	ck_assert_int_eq(run_as(m, 1000, "spawn mine", r), 0);
	pid = atoi(r->str);
	t = find_task_by_pid(m, pid);
	ck_assert_uint_eq(t->uid, 1000);
	g_snprintf(cmd, sizeof(cmd), "touch %d heap 64K", pid);
	ck_assert_int_eq(run_as(m, 1000, cmd, r), 0);
	g_snprintf(cmd, sizeof(cmd), "grow %d anon 1M", pid);
	ck_assert_int_eq(run_as(m, 1000, cmd, r), 0);
	g_snprintf(cmd, sizeof(cmd), "stop %d", pid);
	ck_assert_int_eq(run_as(m, 1000, cmd, r), 0);
	g_snprintf(cmd, sizeof(cmd), "kill %d", pid);
	ck_refused_as(m, 1001, cmd, -EPERM);
	ck_assert_int_eq(run_as(m, 1000, cmd, r), 0);
	ck_assert_ptr_null(find_task_by_pid(m, pid));
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- files */

struct fx {
	struct machine *m;
	struct pfs_tree *t;
};

static struct fx fx_boot(void)
{
	struct fx f = { .m = boot_preset("tiny") };

	f.t = pfs_tree_new(f.m);
	return f;
}

static void fx_free(struct fx *f)
{
	pfs_tree_free(f->t);
	machine_free(f->m);
}

static struct pfs_open *fx_open(struct fx *f, const char *path, int flags)
{
	struct pfs_open *of = NULL;
	struct pfs_node *n = pfs_resolve(f->t, path);

	ck_assert_msg(n, "no %s", path);
	ck_assert_int_eq(pfs_open(f->t, n, flags, 0, 0, &of), 0);
	return of;
}

static ssize_t fx_write(struct fx *f, struct pfs_open *of, uint64_t off, const char *s)
{
	return pfs_write(f->t, of, off, s, strlen(s));
}

static void ck_file(struct fx *f, const char *path, const char *want)
{
	g_autoptr(GString) out = g_string_new(NULL);

	ck_assert_int_eq(pfs_render(f->t, path, out), 0);
	ck_assert_str_eq(out->str, want);
}

/* Items 3 and 4: appends and second writes on one open file. */
START_TEST(test_offsets)
{
	struct fx f = fx_boot();
	struct pfs_open *of;

	/* echo 61 > swappiness; echo 62 >> swappiness: the append is at offset 0 on Linux */
	of = fx_open(&f, "proc/sys/vm/swappiness", O_WRONLY | O_TRUNC);
	ck_assert_int_eq(fx_write(&f, of, 0, "61\n"), 3);
	pfs_release(of);
	of = fx_open(&f, "proc/sys/vm/swappiness", O_WRONLY | O_APPEND);
	ck_assert_int_eq(fx_write(&f, of, 3, "62\n"), 3);
	pfs_release(of);
	ck_file(&f, "proc/sys/vm/swappiness", "62\n");
	/* proc_dointvec under sysctl_writes_strict: a second write on one fd is ignored */
	of = fx_open(&f, "proc/sys/vm/swappiness", O_WRONLY);
	ck_assert_int_eq(fx_write(&f, of, 0, "63\n"), 3);
	ck_assert_int_eq(fx_write(&f, of, 3, "64\n"), 3);
	pfs_release(of);
	ck_file(&f, "proc/sys/vm/swappiness", "63\n");

	/* exec 3>dev/kmsg; echo a >&3; echo b >&3: two records */
	of = fx_open(&f, "dev/kmsg", O_WRONLY);
	ck_assert_int_eq(fx_write(&f, of, 0, "first record\n"), 13);
	ck_assert_int_eq(fx_write(&f, of, 13, "second record\n"), 14);
	pfs_release(of);
	ck_logged(f.m, "first record");
	ck_logged(f.m, "second record");

	/* exec 3>proc/1/oom_score_adj; echo 300 >&3; echo 400 >&3: 400 */
	of = fx_open(&f, "proc/1/oom_score_adj", O_WRONLY);
	ck_assert_int_eq(fx_write(&f, of, 0, "300\n"), 4);
	ck_assert_int_eq(fx_write(&f, of, 4, "400\n"), 4);
	pfs_release(of);
	ck_file(&f, "proc/1/oom_score_adj", "400\n");
	of = fx_open(&f, "proc/1/oom_adj", O_WRONLY | O_APPEND);
	ck_assert_int_eq(fx_write(&f, of, 99, "3\n"), 2);
	pfs_release(of);
	ck_file(&f, "proc/1/oom_score_adj", "176\n");
	ck_machine_ok(f.m);
	fx_free(&f);
}
END_TEST

/* Item 9: the kernel's own parsing where it differs from the common rules. */
START_TEST(test_kernel_parsing)
{
	struct fx f = fx_boot();
	struct pfs_open *of;
	g_autoptr(GString) big = g_string_new("1");

	/* strstrip: \v and Latin-1's no-break space are blanks too */
	ck_assert_int_eq(pfs_store(f.t, "proc/1/oom_score_adj", "\v-7\xa0\n", NULL), 5);
	ck_file(&f, "proc/1/oom_score_adj", "-7\n");
	ck_assert_int_eq(pfs_store(f.t, "proc/1/oom_score_adj", "\v\n", NULL), -EINVAL);
	ck_file(&f, "proc/1/oom_score_adj", "-7\n");

	/* shrink_store: the first byte decides; a page at most per write */
	ck_assert_int_eq(pfs_store(f.t, "sys/kernel/slab/dentry/shrink", "1junk", NULL), 5);
	ck_assert_int_eq(pfs_store(f.t, "sys/kernel/slab/dentry/shrink", "x1", NULL), -EINVAL);
	while (big->len < 3 * PAGE_SIZE)
		g_string_append_c(big, 'z');
	ck_assert_int_eq(pfs_store(f.t, "sys/kernel/slab/dentry/shrink", big->str, NULL),
			 PAGE_SIZE);

	/* psi triggers: parsed at any offset, one per open file */
	of = fx_open(&f, "proc/pressure/memory", O_RDWR);
	ck_assert_int_eq(fx_write(&f, of, 7, "garbage"), -EINVAL);
	/* psi_write() ends the string on the last byte copied: echo's newline */
	ck_assert_int_eq(fx_write(&f, of, 7, "some 150000 1000000\n"), 20);
	ck_assert_int_eq(fx_write(&f, of, 0, "some 150000 1000000\n"), -EBUSY);
	ck_assert_int_eq(fx_write(&f, of, 0, "garbage"), -EBUSY);
	pfs_release(of);
	of = fx_open(&f, "proc/pressure/memory", O_WRONLY | O_APPEND);
	ck_assert_int_eq(fx_write(&f, of, 40, "full 100000 1000000\n"), 20);
	pfs_release(of);

	/* numa_zonelist_order and comm: garbage is refused wherever it is written */
	of = fx_open(&f, "proc/sys/vm/numa_zonelist_order", O_WRONLY);
	ck_assert_int_eq(fx_write(&f, of, 0, "Node\n"), 5);
	ck_assert_int_eq(fx_write(&f, of, 5, "garbage\n"), -EINVAL);
	pfs_release(of);
	of = fx_open(&f, "proc/1/comm", O_WRONLY);
	ck_assert_int_eq(fx_write(&f, of, 5, "newname\n"), -EINVAL);
	pfs_release(of);
	ck_file(&f, "proc/1/comm", "systemd\n");
	ck_machine_ok(f.m);
	fx_free(&f);
}
END_TEST

/* Item 6, the files' half: what open files pin is counted and bounded. */
START_TEST(test_pinned)
{
	struct fx f = fx_boot();
	struct pfs_node *meminfo = pfs_resolve(f.t, "proc/meminfo");
	struct pfs_node *ctl = pfs_resolve(f.t, "sim/ctl");
	struct pfs_open *ofs[64], *c = NULL;
	unsigned int tasks = nr_tasks(f.m);
	int n = 0, err = 0;

	f.t->pinned_max = 32 << 10;
	while (n < 64 && !(err = pfs_open(f.t, meminfo, O_RDONLY, 1000, 1000, &ofs[n])))
		n++;
	ck_assert_int_eq(err, -ENOMEM);
	ck_assert_int_gt(n, 2);
	ck_assert_int_le(f.t->pinned, f.t->pinned_max);
	/* a command must find room for its reply before it runs */
	f.t->pinned_max = f.t->pinned + PFS_REPLY_MAX - 1;
	ck_assert_int_eq(pfs_open(f.t, ctl, O_RDWR, 0, 0, &c), 0);
	ck_assert_int_eq(fx_write(&f, c, 0, "spawn x"), -ENOMEM);
	ck_assert_uint_eq(nr_tasks(f.m), tasks);
	while (n)
		pfs_release(ofs[--n]);
	ck_assert_int_eq(fx_write(&f, c, 0, "spawn x"), 7);
	ck_assert_uint_eq(nr_tasks(f.m), tasks + 1);
	pfs_release(c);
	ck_assert_int_eq(f.t->pinned, 0);
	ck_machine_ok(f.m);
	fx_free(&f);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("writes");
	TCase *tc = tcase_create("ctl");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_get_order);
	tcase_add_test(tc, test_huge_sizes);
	tcase_add_test(tc, test_foreign_frees);
	tcase_add_test(tc, test_own_frees);
	tcase_add_test(tc, test_line_limits);
	tcase_add_test(tc, test_reply_cap);
	tcase_add_test(tc, test_lax_parsing);
	tcase_add_test(tc, test_permissions);
	suite_add_tcase(s, tc);
	tc = tcase_create("files");
	tcase_add_test(tc, test_offsets);
	tcase_add_test(tc, test_kernel_parsing);
	tcase_add_test(tc, test_pinned);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
