// SPDX-License-Identifier: GPL-2.0
/*
 * Tasks: the task list, pid allocation, fork and kernel threads
 * (kernel/fork.c, kernel/pid.c), and the tasks a machine boots with.
 *
 * A task is made of slab objects (task_struct, pid, signal_cache and, for
 * a process, sighand_cache, files_cache and mm_struct) and a 16 KiB kernel
 * stack from vmalloc, counted in KernelStack. Pids are handed out
 * cyclically from the last one up to pid_max, wrapping to 300 once past
 * it, as idr_alloc_cyclic does for alloc_pid().
 */
#include <errno.h>
#include <string.h>

#include "exec.h"
#include "filemap.h"
#include "loadavg.h"
#include "oom.h"
#include "rmap.h"
#include "slab.h"
#include "task.h"
#include "vma.h"
#include "vmalloc.h"
#include "workload.h"

#define MIN_NICE		(-20)
#define MAX_NICE		19
#define AUTOGROUP_INTERVAL_NS	(100ULL * 1000 * 1000)	/* HZ / 10 */

/* autogroup_kref_put: the group goes with its last task */
static void autogroup_put(struct autogroup *ag)
{
	if (ag && !--ag->refcount)
		g_free(ag);
}

struct task_table {
	GHashTable *by_pid;		/* pid -> struct task_struct */
	GHashTable *exit_status;	/* pid -> wait status + 1 of its last task to exit */
	GQueue list;			/* creation order: for_each_process */
	int last_pid;
	unsigned long total_forks;	/* tasks made since boot (/proc/stat processes) */
	unsigned int next_anon_id;
	struct kmem_cache *caches[NR_TASK_CACHES];
	int session;			/* pid of the boot profile's login shell, or 0 */
	unsigned long autogroup_seq;	/* the last autogroup id handed out */
	uint64_t autogroup_next_ns;	/* an unprivileged nice change waits until then */
	struct task_struct *kthreadd;	/* the parent of every kernel thread */
};

static const char *const task_cache_names[NR_TASK_CACHES] = {
	"task_struct", "mm_struct", "vm_area_struct", "pid", "signal_cache", "sighand_cache",
	"files_cache",
};

/**
 * task_cache - the slab cache behind @c, one of the objects a task is made of
 */
struct kmem_cache *task_cache(struct machine *m, enum task_cache c)
{
	return m->tasks->caches[c];
}

/**
 * find_task_by_pid - the live task of @pid, or NULL
 */
struct task_struct *find_task_by_pid(struct machine *m, int pid)
{
	return g_hash_table_lookup(m->tasks->by_pid, GINT_TO_POINTER(pid));
}

/**
 * task_list - the live tasks in creation order (for_each_process), engine-owned
 */
GList *task_list(struct machine *m)
{
	return m->tasks->list.head;
}

/**
 * nr_tasks - how many tasks live (nr_threads: every task is single-threaded)
 */
unsigned int nr_tasks(const struct machine *m)
{
	return m->tasks->list.length;
}

/**
 * last_pid - the pid allocated last (idr_get_cursor() - 1: /proc/loadavg's last field)
 */
int last_pid(const struct machine *m)
{
	return m->tasks->last_pid;
}

/**
 * total_forks - tasks created since boot, boot tasks and kernel threads included
 */
unsigned long total_forks(const struct machine *m)
{
	return m->tasks->total_forks;
}

/**
 * task_record_exit - remember how the task of @pid ended, for `wait`
 * @status: the wait status, as waitpid(2) fills it (code << 8, or the signal)
 */
void task_record_exit(struct machine *m, int pid, int status)
{
	g_hash_table_insert(m->tasks->exit_status, GINT_TO_POINTER(pid), GINT_TO_POINTER(status + 1));
}

/**
 * task_exit_status - how the last task of @pid ended: 0 and its wait
 * status; -EBUSY while a task has that pid, -ECHILD when none ever ended
 */
int task_exit_status(struct machine *m, int pid, int *status)
{
	gpointer v = g_hash_table_lookup(m->tasks->exit_status, GINT_TO_POINTER(pid));

	if (find_task_by_pid(m, pid))
		return -EBUSY;
	if (!v)
		return -ECHILD;
	*status = GPOINTER_TO_INT(v) - 1;
	return 0;
}

/**
 * session_pid - the pid proc/self stands for: the login shell while it lives, else init
 */
int session_pid(struct machine *m)
{
	struct task_struct *t = find_task_by_pid(m, m->tasks->session);

	return t ? t->pid : 1;
}

/**
 * set_current - switch the task the engine acts for, as a context switch does
 * @m: the machine
 * @t: the task that acts now, or NULL for none
 *
 * A task that exits while current stops being current (__task_release).
 *
 * Return: the task that acted before, for the caller to switch back to.
 */
struct task_struct *set_current(struct machine *m, struct task_struct *t)
{
	struct task_struct *prev = m->current;

	m->current = t;
	return prev;
}

/**
 * current_comm - the name a warning gives the acting task; "mmsimctl" when none acts
 */
const char *current_comm(const struct machine *m)
{
	return m->current ? m->current->comm : "mmsimctl";
}

/**
 * task_unkillable - can no signal kill @t? init and kernel threads
 */
bool task_unkillable(const struct task_struct *t)
{
	return t->pid == 1 || (t->flags & PF_KTHREAD);
}

static int alloc_pid(struct machine *m)
{
	struct task_table *tt = m->tasks;
	int pid_max = m->sysctl.pid_max;
	int min = tt->last_pid >= RESERVED_PIDS ? RESERVED_PIDS : 1;
	int start = tt->last_pid + 1 < pid_max ? MAX(tt->last_pid + 1, min) : min;
	int pid = start;

	do {
		if (!find_task_by_pid(m, pid)) {
			tt->last_pid = pid;
			return pid;
		}
		if (++pid >= pid_max)
			pid = min;
	} while (pid != start);
	return -EAGAIN;
}

/**
 * mm_alloc - a new, empty mm_struct with its PGD, in *@out; -ENOMEM
 */
int mm_alloc(struct machine *m, struct mm_struct **out)
{
	struct mm_struct *mm = g_new0(struct mm_struct, 1);
	int err = kmem_cache_alloc(m, task_cache(m, MM_CACHE), GFP_KERNEL, &mm->obj);

	if (!err && (err = pgd_alloc(m, mm)))
		kmem_cache_free(m, task_cache(m, MM_CACHE), mm->obj);
	if (err) {
		g_free(mm);
		return err;
	}
	mm->vmas = g_ptr_array_new();
	mm->anon_id = ++m->tasks->next_anon_id;
	mm->dump_filter = MMF_DUMP_FILTER_DEFAULT;	/* mm_init without a current mm */
	*out = mm;
	return 0;
}

/**
 * mm_free - mmput: the last user of @mm is gone.
 */
void mm_free(struct machine *m, struct mm_struct *mm)
{
	exit_mmap(m, mm);
	pgd_free(m, mm);
	g_free(mm->exe_path);
	kmem_cache_free(m, task_cache(m, MM_CACHE), mm->obj);
	g_ptr_array_free(mm->vmas, TRUE);
	g_free(mm);
}

/* The task's own objects; @process: a process has its own sighand and files too. */
static void free_task_objects(struct machine *m, struct task_struct *t)
{
	static const enum task_cache obj_cache[4] = { PID_CACHE, SIGNAL_CACHE, SIGHAND_CACHE, FILES_CACHE };

	for (int i = 0; i < 4; i++)
		if (t->objs[i])
			kmem_cache_free(m, task_cache(m, obj_cache[i]), t->objs[i]);
	if (t->stack) {
		vfree(m, t->stack);
		__mod_node_page_state(NODE_DATA(m, 0), NR_KERNEL_STACK_KB, -(long)(THREAD_SIZE >> 10));
	}
	if (t->obj)
		kmem_cache_free(m, task_cache(m, TASK_STRUCT_CACHE), t->obj);
	if (t->cmdline)
		g_byte_array_unref(t->cmdline);
	if (t->environ)
		g_byte_array_unref(t->environ);
	if (t->workload)
		g_free(t->workload->path);
	g_free(t->workload);	/* task_destroy: the machine goes with its behaviours */
	autogroup_put(t->autogroup);
	if (t->file_ra)
		g_hash_table_unref(t->file_ra);
	g_free(t);
}

static int alloc_task_objects(struct machine *m, struct task_struct *t, bool process)
{
	static const enum task_cache obj_cache[4] = { PID_CACHE, SIGNAL_CACHE, SIGHAND_CACHE, FILES_CACHE };
	int err = kmem_cache_alloc(m, task_cache(m, TASK_STRUCT_CACHE), GFP_KERNEL, &t->obj);

	for (int i = 0; !err && i < (process ? 4 : 2); i++)
		err = kmem_cache_alloc(m, task_cache(m, obj_cache[i]), GFP_KERNEL, &t->objs[i]);
	if (!err)
		err = __vmalloc(m, THREAD_SIZE, GFP_KERNEL | __GFP_ZERO, "alloc_thread_stack_node",
				&t->stack);
	if (!err)
		__mod_node_page_state(NODE_DATA(m, 0), NR_KERNEL_STACK_KB, (long)(THREAD_SIZE >> 10));
	return err;
}

/*
 * copy_process: a new task, child of @parent, with @parent's credentials,
 * oom_score_adj and name, no mm yet. Not on the task list until
 * task_attach().
 */
static int copy_process(struct machine *m, struct task_struct *parent, bool kthread,
			struct task_struct **out)
{
	STACK_FRAME(m);
	struct task_struct *t;
	int err;

	if (nr_tasks(m) >= (unsigned int)m->sysctl.threads_max)
		return -EAGAIN;
	t = g_new0(struct task_struct, 1);
	err = alloc_task_objects(m, t, !kthread);
	if (err) {
		free_task_objects(m, t);
		return err;
	}
	t->real_parent = parent;
	t->state = kthread ? TASK_IDLE : TASK_INTERRUPTIBLE;
	t->flags = kthread ? PF_KTHREAD | PF_NO_SETAFFINITY : PF_FORKNOEXEC | PF_RANDOMIZE;
	t->start_time = sim_clock_now(&m->clock);
	t->cmdline = g_byte_array_new();
	t->environ = g_byte_array_new();
	t->nr_dirtied_pause = 128 >> (PAGE_SHIFT - 10);	/* copy_process: 128 KiB before the first check */
	if (parent) {
		memcpy(t->comm, parent->comm, sizeof(t->comm));
		t->uid = parent->uid;
		t->gid = parent->gid;
		t->pgrp = parent->pgrp;
		t->session = parent->session;
		t->oom_score_adj = parent->oom_score_adj;
		t->oom_score_adj_min = parent->oom_score_adj_min;
		t->nice = parent->nice;
		t->make_it_fail = parent->make_it_fail;	/* dup_task_struct copies it */
		g_byte_array_append(t->cmdline, parent->cmdline->data, parent->cmdline->len);
		g_byte_array_append(t->environ, parent->environ->data, parent->environ->len);
		memcpy(t->rlim, parent->rlim, sizeof(t->rlim));
		t->timer_slack_ns = parent->timer_slack_ns;
		t->loginuid = parent->loginuid;
		t->sessionid = parent->sessionid;
		t->autogroup = parent->autogroup;	/* sched_autogroup_fork */
		if (t->autogroup)
			t->autogroup->refcount++;
	} else {
		/* init_task's */
		rlimit_init_task(m, t->rlim);
		t->timer_slack_ns = TIMER_SLACK_NS_DEFAULT;
		t->loginuid = AUDIT_UID_UNSET;
		t->sessionid = AUDIT_SID_UNSET;
	}
	/* copy_process: writing 0 to timerslack_ns restores what the parent had at fork */
	t->default_timer_slack_ns = t->timer_slack_ns;
	*out = t;
	return 0;
}

/* ------------------------------------------------------------- autogroups */

/* sched_autogroup_create_attach: setsid() puts the caller in a new autogroup */
static void sched_autogroup_create_attach(struct machine *m, struct task_struct *t)
{
	struct autogroup *ag = g_new0(struct autogroup, 1);

	autogroup_put(t->autogroup);
	ag->id = ++m->tasks->autogroup_seq;
	ag->refcount = 1;
	t->autogroup = ag;
}

/**
 * proc_sched_autogroup_set_nice - /proc/PID/autogroup's write (kernel/sched/autogroup.c)
 */
int proc_sched_autogroup_set_nice(struct machine *m, struct task_struct *t, int nice,
				  bool privileged)
{
	uint64_t now = sim_clock_now(&m->clock);

	if (nice < MIN_NICE || nice > MAX_NICE)
		return -EINVAL;
	if (nice < 0 && !privileged)
		return -EPERM;
	/* reweighting the group is heavy: one unprivileged change per HZ / 10 */
	if (!privileged && now < m->tasks->autogroup_next_ns)
		return -EAGAIN;
	m->tasks->autogroup_next_ns = now + AUTOGROUP_INTERVAL_NS;
	/* sched_group_set_shares() refuses the root task group */
	if (!t->autogroup)
		return -EINVAL;
	t->autogroup->nice = nice;
	return 0;
}

/* Give @t its pid and put it on the lists; -EAGAIN when pids run out. */
static int task_attach(struct machine *m, struct task_struct *t)
{
	int pid = alloc_pid(m);

	if (pid < 0)
		return pid;
	t->pid = pid;
	if (pid == 1)
		t->pgrp = t->session = 1;
	g_hash_table_insert(m->tasks->by_pid, GINT_TO_POINTER(pid), t);
	g_hash_table_remove(m->tasks->exit_status, GINT_TO_POINTER(pid));
	g_queue_push_tail(&m->tasks->list, t);
	calc_load_task_add(m, t);
	m->tasks->total_forks++;
	if (t->real_parent)
		t->real_parent->children = g_list_append(t->real_parent->children, t);
	t->cpu = (pid - 1) % MAX(m->nr_cpus, 1);
	return pid;
}

/* Undo copy_process() for a task that never got attached. */
static void task_discard(struct machine *m, struct task_struct *t)
{
	if (t->mm)
		mm_free(m, t->mm);
	free_task_objects(m, t);
}

/*
 * dup_mmap: the child gets every VMA but those marked VM_DONTCOPY, each
 * charged again to vm_committed_as as the parent asks (fork fails with
 * ENOMEM in strict mode), and the page tables of VMAs with anonymous
 * pages, write-protected on both sides. Locks are not inherited. On
 * failure the caller frees the half-made mm, whose linked VMAs give their
 * charge back; only the VMA at hand is uncharged here.
 */
static int dup_mmap(struct machine *m, struct task_struct *child, struct task_struct *parent)
{
	STACK_FRAME(m);
	struct mm_struct *oldmm = parent->mm, *mm;
	int err = mm_alloc(m, &mm);

	if (err)
		return err;
	child->mm = mm;
	mm->mmap_base = oldmm->mmap_base;
	mm->dump_filter = oldmm->dump_filter;	/* MMF_INIT_MASK */
	mm->exe_path = g_strdup(oldmm->exe_path);	/* dup_mm_exe_file */
	mm->start_code = oldmm->start_code;
	mm->end_code = oldmm->end_code;
	mm->start_data = oldmm->start_data;
	mm->end_data = oldmm->end_data;
	mm->start_brk = oldmm->start_brk;
	mm->brk = oldmm->brk;
	mm->start_stack = oldmm->start_stack;
	mm->arg_start = oldmm->arg_start;
	mm->arg_end = oldmm->arg_end;
	mm->env_start = oldmm->env_start;
	mm->env_end = oldmm->env_end;
	/* dup_mm copies the whole mm_struct: the peaks come along, the counters restart */
	mm->hiwater_rss = oldmm->hiwater_rss;
	mm->hiwater_vm = oldmm->hiwater_vm;
	for (guint i = 0; i < oldmm->vmas->len; i++) {
		struct vm_area_struct *src = g_ptr_array_index(oldmm->vmas, i), *dst;
		long charge = src->vm_flags & VM_ACCOUNT ? (long)vma_pages(src) : 0;

		if (src->vm_flags & VM_DONTCOPY)
			continue;
		if (charge && (err = __vm_enough_memory(m, parent, charge)))
			return err;
		err = vm_area_dup(m, mm, src, &dst);
		if (err) {
			vm_unacct_memory(m, charge);
			return err;
		}
		dst->vm_flags &= ~(VM_LOCKED | VM_LOCKONFAULT);
		if (dst->anon_vma) {
			/* anon_vma_fork: an anon_vma of its own, chained to the parent's */
			dst->anon_vma = ++mm->anon_vma_seq;
			dst->anon_vma_forked = true;
		}
		vma_link(mm, dst);
		vma_account(mm, dst, 1);
		err = copy_page_range(m, dst, src);
		if (err)
			return err;
	}
	return 0;
}

/**
 * task_fork - fork(2) of @parent: a copy-on-write copy of its address space
 *
 * Returns the child's pid or -errno (-EAGAIN when pids or threads-max run
 * out, -ENOMEM).
 */
int task_fork(struct machine *m, struct task_struct *parent)
{
	STACK_FRAME(m);
	struct task_struct *t;
	int err;

	if (parent->flags & PF_KTHREAD)
		return -EINVAL;
	err = copy_process(m, parent, false, &t);
	if (err)
		return err;
	err = dup_mmap(m, t, parent);
	if (!err)
		err = task_attach(m, t);
	if (err < 0) {
		task_discard(m, t);
		return err;
	}
	return t->pid;
}

/**
 * task_spawn - vfork and exec a process as @a describes
 *
 * Returns the new pid or -errno (-EAGAIN, -ENOMEM, -ESRCH for a bad parent).
 */
int task_spawn(struct machine *m, const struct spawn_args *a)
{
	STACK_FRAME(m);
	struct task_struct *parent = find_task_by_pid(m, a->parent ? a->parent : 1);
	struct task_struct *t;
	int err;

	if (a->parent && (!parent || (parent->flags & PF_KTHREAD)))
		return -ESRCH;
	if (m->desc.arch != ARCH_X86_64)
		return -EOPNOTSUPP;
	err = copy_process(m, parent, false, &t);
	if (err)
		return err;
	t->uid = a->uid;
	t->gid = a->gid;
	if (a->set_adj)
		t->oom_score_adj = a->oom_score_adj;
	err = task_attach(m, t);
	if (err < 0) {
		task_discard(m, t);
		return err;
	}
	/* posix_spawn: vfork and exec, so the parent's memory is never copied */
	err = exec_binary(m, t, a->comm, a->binary, a->cmdline);
	if (err) {
		if (!exit_to_user_mode(m, t))
			task_exit(m, t, 1, false);
		return err;
	}
	return t->pid;
}

/**
 * kthread_create - a kernel thread named @comm (no mm), child of kthreadd; its pid or -errno
 */
int kthread_create(struct machine *m, const char *comm)
{
	struct task_table *tt = m->tasks;
	struct task_struct *t;
	int err = copy_process(m, tt->kthreadd, true, &t);

	if (err)
		return err;
	g_strlcpy(t->comm, comm, sizeof(t->comm));
	t->uid = t->gid = 0;
	/* workqueue workers and RCU's threads wait as I (TASK_IDLE); the rest sleep as S */
	if (strncmp(comm, "kworker/", 8) && strncmp(comm, "rcu_", 4))
		t->state = TASK_INTERRUPTIBLE;
	err = task_attach(m, t);
	if (err < 0)
		task_discard(m, t);
	else if (!tt->kthreadd)
		tt->kthreadd = t;	/* the first kernel thread is kthreadd */
	return err;
}

/**
 * __task_release - exit's last step: @t off the lists, not current any more, its objects freed
 */
void __task_release(struct machine *m, struct task_struct *t)
{
	struct task_table *tt = m->tasks;

	workload_exit(m, t);
	g_hash_table_remove(tt->by_pid, GINT_TO_POINTER(t->pid));
	g_queue_remove(&tt->list, t);
	calc_load_task_del(m, t);
	if (t->real_parent)
		t->real_parent->children = g_list_remove(t->real_parent->children, t);
	if (m->current == t)
		m->current = NULL;
	if (tt->kthreadd == t)
		tt->kthreadd = NULL;
	free_task_objects(m, t);
}

static int boot_process(struct machine *m, const struct boot_task *b)
{
	struct spawn_args a = {
		.comm = b->comm, .binary = *b->binary ? b->binary : NULL,
		.cmdline = *b->cmdline ? b->cmdline : NULL, .uid = b->uid, .gid = b->uid,
		.set_adj = true, .oom_score_adj = b->oom_score_adj,
	};
	struct task_struct *t;
	int pid;

	if (m->desc.arch != ARCH_X86_64)
		return 0;	/* user address spaces are x86_64 only */
	pid = task_spawn(m, &a);
	if (pid < 0)
		return pid;
	t = find_task_by_pid(m, pid);
	/* systemd starts each service and login in a session of its own (setsid) */
	t->pgrp = t->session = pid;
	sched_autogroup_create_attach(m, t);
	if (pid != 1)
		rlimit_systemd_service(t);
	if (b->session)
		m->tasks->session = pid;
	return grow_heap(m, t, (uint64_t)b->anon_kb << 10);
}

static int boot_task(struct machine *m, const struct boot_task *b)
{
	char comm[KTHREAD_COMM_LEN];
	int nid, err = 0;

	switch (b->kind) {
	case BOOT_KTHREAD:
		return kthread_create(m, b->comm);
	case BOOT_KTHREAD_PER_CPU:
		for (int cpu = 0; err >= 0 && cpu < m->nr_cpus; cpu++) {
			g_snprintf(comm, sizeof(comm), b->comm, cpu);
			err = kthread_create(m, comm);
		}
		return err < 0 ? err : 0;
	case BOOT_KTHREAD_PER_NODE:
		for_each_online_node(m, nid) {
			g_snprintf(comm, sizeof(comm), b->comm, nid);
			err = kthread_create(m, comm);
			if (err < 0)
				return err;
		}
		return 0;
	case BOOT_PROCESS:
		break;
	}
	return boot_process(m, b);
}

/**
 * task_init - the task table and the boot profile's tasks; the reason in @err on failure
 */
int task_init(struct machine *m, char *err, size_t errlen)
{
	struct task_table *tt = g_new0(struct task_table, 1);

	m->tasks = tt;
	tt->by_pid = g_hash_table_new(NULL, NULL);
	tt->exit_status = g_hash_table_new(NULL, NULL);
	g_queue_init(&tt->list);
	for (int i = 0; i < NR_TASK_CACHES; i++) {
		tt->caches[i] = kmem_cache_find(m, task_cache_names[i]);
		if (!tt->caches[i]) {
			g_snprintf(err, errlen, "tasks: no %s cache", task_cache_names[i]);
			return -EINVAL;
		}
	}
	for (int i = 0; i < m->desc.nr_boot_tasks; i++) {
		int ret = boot_task(m, &m->desc.boot_tasks[i]);

		if (ret < 0) {
			g_snprintf(err, errlen, "tasks: cannot start %s: %s", m->desc.boot_tasks[i].comm,
				   g_strerror(-ret));
			return ret;
		}
	}
	return 0;
}

/**
 * task_check - The task list is sound, no soft limit above its hard one; every mm, its page tables and the pages they map
 * check out; vm_committed_as and KernelStack equal a recount.
 */
int task_check(struct machine *m)
{
	g_autoptr(GHashTable) mapcounts = g_hash_table_new(NULL, NULL);
	g_autoptr(GHashTable) mlocks = g_hash_table_new(NULL, NULL);
	unsigned long tables = 0;
	long committed = (long)shmem_accounted(m);
	int bad = 0;

	for (GList *l = task_list(m); l; l = l->next) {
		struct task_struct *t = l->data;

		if (find_task_by_pid(m, t->pid) != t || (!t->mm != !!(t->flags & PF_KTHREAD))) {
			pr_err(m, "BUG: task %d (%s) is not what the pid table says", t->pid, t->comm);
			bad++;
		}
		for (int i = 0; i < RLIM_NLIMITS; i++)
			if (t->rlim[i].rlim_cur > t->rlim[i].rlim_max) {
				pr_err(m, "BUG: task %d (%s): rlimit %d soft %lu above hard %lu", t->pid,
				       t->comm, i, t->rlim[i].rlim_cur, t->rlim[i].rlim_max);
				bad++;
			}
		if (!t->mm)
			continue;
		bad += mmap_check(m, t->mm) + pgtable_check(m, t->mm, mapcounts, mlocks);
		committed += (long)t->mm->committed;
		tables += (unsigned long)t->mm->pgtables_bytes / PAGE_SIZE + 1;
	}
	if (committed != m->vm_committed_as ||
	    global_node_page_state(m, NR_KERNEL_STACK_KB) != nr_tasks(m) * (THREAD_SIZE >> 10)) {
		pr_err(m, "BUG: committed %ld pages, counter %ld; kernel stacks %lu kB for %u tasks",
		       committed, m->vm_committed_as, global_node_page_state(m, NR_KERNEL_STACK_KB),
		       nr_tasks(m));
		bad++;
	}
	return bad + rmap_check(m, mapcounts, mlocks, tables) + filemap_check(m) + lru_check(m) +
	       (loadavg_check(m) < 0);
}

/**
 * task_destroy - free every task with its mm (machine teardown)
 */
void task_destroy(struct machine *m)
{
	struct task_table *tt = m->tasks;
	struct task_struct *t;

	if (!tt)
		return;
	m->current = NULL;	/* no task acts while they all go */
	while ((t = g_queue_pop_tail(&tt->list))) {
		if (t->mm)
			mm_free(m, t->mm);
		g_list_free(t->children);
		t->children = NULL;
		g_hash_table_remove(tt->by_pid, GINT_TO_POINTER(t->pid));
		free_task_objects(m, t);
	}
	g_hash_table_unref(tt->by_pid);
	g_hash_table_unref(tt->exit_status);
	g_free(tt);
	m->tasks = NULL;
}
