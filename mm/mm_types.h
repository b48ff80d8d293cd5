/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tasks, address spaces and mappings (include/linux/mm_types.h, sched.h).
 *
 * A task_struct, mm_struct and vm_area_struct each hold a real object of
 * their slab cache (the ->obj address), so slabinfo counts them. VMAs are
 * kept in a sorted array per mm: the maple tree's ordering without its
 * nodes. Page tables are real pages from the page allocator; their entries
 * live in a side array per table page (struct pgtable), since simulated
 * pages carry no payload.
 */
#ifndef MM_MM_TYPES_H
#define MM_MM_TYPES_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "resource.h"

/* vm_flags, the kernel's bit values: /proc/PID/smaps VmFlags prints them in bit order */
#define VM_NONE		0x00000000UL
#define VM_READ		0x00000001UL
#define VM_WRITE	0x00000002UL
#define VM_EXEC		0x00000004UL
#define VM_SHARED	0x00000008UL
#define VM_MAYREAD	0x00000010UL
#define VM_MAYWRITE	0x00000020UL
#define VM_MAYEXEC	0x00000040UL
#define VM_MAYSHARE	0x00000080UL
#define VM_GROWSDOWN	0x00000100UL
#define VM_PFNMAP	0x00000400UL
#define VM_LOCKED	0x00002000UL
#define VM_IO		0x00004000UL
#define VM_DONTCOPY	0x00020000UL
#define VM_DONTEXPAND	0x00040000UL
#define VM_LOCKONFAULT	0x00080000UL
#define VM_ACCOUNT	0x00100000UL
#define VM_NORESERVE	0x00200000UL
#define VM_HUGETLB	0x00400000UL
#define VM_DONTDUMP	0x04000000UL
#define VM_STACK	VM_GROWSDOWN
#define VM_ACCESS_FLAGS	(VM_READ | VM_WRITE | VM_EXEC)
#define VM_SPECIAL	(VM_IO | VM_DONTEXPAND | VM_PFNMAP)

/* mmap(2)'s prot and flags, as userspace passes them */
#define PROT_NONE_	0x0
#define MAP_SHARED_	0x01
#define MAP_PRIVATE_	0x02
#define MAP_FIXED_	0x10
#define MAP_ANONYMOUS_	0x20
#define MAP_NORESERVE_	0x4000
#define MAP_POPULATE_	0x8000

/* MM counters (rss_stat) */
enum {
	MM_FILEPAGES,
	MM_ANONPAGES,
	MM_SWAPENTS,
	MM_SHMEMPAGES,
	NR_MM_COUNTERS
};

/* x86_64 page-table entry bits; the PFN sits at bit 12 */
typedef uint64_t pte_t;
#define _PAGE_PRESENT	(1ULL << 0)
#define _PAGE_RW	(1ULL << 1)
#define _PAGE_USER	(1ULL << 2)
#define _PAGE_ACCESSED	(1ULL << 5)
#define _PAGE_DIRTY	(1ULL << 6)
#define _PAGE_SPECIAL	(1ULL << 9)	/* the zero page: no struct page behind it for rmap */
#define _PAGE_SOFT_DIRTY (1ULL << 11)	/* _PAGE_BIT_SOFTW3: written since the last clear_refs 4 */
#define PTE_PFN_SHIFT	12
#define pte_pfn(pte)	((unsigned long)((pte) >> PTE_PFN_SHIFT))
#define PTRS_PER_TABLE	512
#define PT_LEVELS	4		/* PGD, PUD, PMD, PTE (p4d folded) */

/*
 * One page-table page. The upper levels point at the tables below; the PTE
 * level holds the entries. @nr counts the non-empty slots.
 *
 * A PTE table whose entries are all empty or one same zero-page entry (a
 * read of untouched anonymous memory) keeps a bitmap instead of the 4 KiB
 * array: reading a terabyte costs the simulated PageTables the kernel
 * would spend, not as much host memory. The array comes with the first
 * other entry and goes when the table empties.
 */
struct pgtable {
	unsigned long pfn;
	int level;			/* 3 PGD .. 0 PTE */
	unsigned int nr;
	pte_t *pte;			/* PTE level: the entries, or NULL while compact */
	pte_t zero_pte;			/* compact: the entry each bit of @zero_map stands for */
	uint64_t zero_map[PTRS_PER_TABLE / 64];
	struct pgtable *next[];		/* upper levels: PTRS_PER_TABLE tables below */
};

/*
 * A file's pages in the page cache (struct address_space), for file-backed
 * and shared anonymous (shmem) mappings. The page-cache issue grows this
 * into read/write/writeback; mappings only need lookup and insertion now.
 */
struct address_space {
	unsigned int id;		/* page_ext->mapping of its pages */
	char *path;			/* "/usr/lib/x86_64-linux-gnu/libc.so.6"; "/dev/zero" for shmem */
	unsigned long ino;
	unsigned int dev;		/* st_dev as maps prints it: major << 8 | minor */
	uint64_t size;			/* bytes */
	bool shmem;			/* swap-backed: pages count as Shmem, not file */
	int refcount;			/* mappings (shmem objects die with their last one) */
	unsigned long accounted;	/* pages charged to vm_committed_as (shmem) */
	GHashTable *pages;		/* page index -> PFN + 1 */
	uint64_t bmap_sector;		/* bmap(): its extent's first sector on the disk; 0: not placed */
	/* the page cache's I/O (mm/page-writeback.c, mm/fs-writeback.c) */
	GTree *dirty;			/* its dirty tags: bitmaps of 512 indexes by chunk (page-writeback.c) */
	unsigned long nr_dirty;		/* pages tagged dirty */
	unsigned long nr_writeback;	/* its pages under writeback */
	uint64_t dirtied_when;		/* ns: when its first dirty page of this round was dirtied */
	GList *wb_link;			/* its node on its wb's b_dirty list; NULL when clean */
	unsigned long writeback_index;	/* where the next cyclic writeback starts */
	uint64_t last_write_done;	/* ns: when its last submitted write completes */
	bool unlinked;			/* no path any more: goes with its last mapping */
};

/* A reader's readahead window (struct file_ra_state), in pages. */
struct file_ra_state {
	unsigned long start;
	unsigned int size;
	unsigned int async_size;	/* the window's last pages: reaching the first reads ahead */
	uint64_t prev_pos;		/* where the last read ended (bytes); ~0 before the first */
	bool random;			/* FMODE_RANDOM (POSIX_FADV_RANDOM): no readahead */
	unsigned int ra_pages;		/* the window's most (POSIX_FADV_SEQUENTIAL doubles it); 0: default */
};

struct mm_struct;

struct vm_area_struct {
	uint64_t vm_start;
	uint64_t vm_end;
	unsigned long vm_flags;
	unsigned long vm_pgoff;		/* file offset in pages; anon: linear index of vm_start */
	struct address_space *vm_file;
	const char *special;		/* "[vvar]", "[vdso]": vm_ops->name() of a special mapping */
	char *anon_name;		/* prctl(PR_SET_VMA_ANON_NAME): "[anon:NAME]" */
	struct mm_struct *vm_mm;
	uint64_t obj;			/* its vm_area_struct object */
	unsigned long anon_vma;		/* its anon_vma, an id within the mm; 0 before the first anon page */
	bool anon_vma_forked;		/* its anon_vma_chain links the parent's too (fork) */
	struct file_ra_state ra;	/* the mapping's readahead (the kernel's is its struct file's) */
};

struct mm_struct {
	GPtrArray *vmas;		/* struct vm_area_struct *, by vm_start */
	int map_count;
	uint64_t mmap_base;
	uint64_t start_code, end_code, start_data, end_data;
	uint64_t start_brk, brk, start_stack;
	uint64_t arg_start, arg_end, env_start, env_end;

	unsigned long total_vm;		/* pages mapped */
	unsigned long locked_vm;
	unsigned long pinned_vm;
	unsigned long data_vm;		/* VM_WRITE & ~VM_SHARED & ~VM_STACK */
	unsigned long exec_vm;		/* VM_EXEC & ~VM_WRITE & ~VM_STACK */
	unsigned long stack_vm;		/* VM_STACK */
	unsigned long hiwater_rss;
	unsigned long hiwater_vm;
	long rss_stat[NR_MM_COUNTERS];
	long pgtables_bytes;		/* PUD, PMD and PTE tables, as mm_pgtables_bytes() */
	unsigned long committed;	/* pages of VM_ACCOUNT mappings (for the recount) */

	struct pgtable *pgd;
	unsigned int anon_id;		/* the anon_vma family: page_ext->mapping of its anon pages */
	unsigned long anon_vma_seq;	/* the last anon_vma id handed out */
	uint64_t obj;			/* its mm_struct object */
	unsigned long flags;		/* MMF_*: the OOM killer's marks */
	unsigned int dump_filter;	/* coredump_filter: mm->flags' MMF_DUMP_FILTER bits */
	char *exe_path;			/* mm->exe_file: the program exec loaded (/proc/PID/exe) */
};

/* mm->flags (include/linux/mm_types.h MMF_*) */
#define MMF_OOM_SKIP		(1UL << 21)	/* reaped or exiting: the OOM killer passes over it */
#define MMF_UNSTABLE		(1UL << 22)	/* the reaper has been at it */
#define MMF_OOM_REAP_QUEUED	(1UL << 25)	/* a reaper timer is armed for it */
#define MMF_OOM_VICTIM		(1UL << 28)	/* an OOM victim's: exit_mmap reaps it */

enum task_state {
	TASK_RUNNING,			/* R */
	TASK_INTERRUPTIBLE,		/* S */
	TASK_UNINTERRUPTIBLE,		/* D */
	TASK_STOPPED,			/* T */
	TASK_IDLE,			/* I: an idle kernel thread */
};

#define PF_FORKNOEXEC	0x00000040	/* forked but didn't exec */
#define PF_SUPERPRIV	0x00000100
#define PF_KSWAPD	0x00020000
#define PF_KTHREAD	0x00200000
#define PF_RANDOMIZE	0x00400000
#define PF_NO_SETAFFINITY 0x04000000

#define OOM_SCORE_ADJ_MIN	(-1000)
#define OOM_SCORE_ADJ_MAX	1000
#define OOM_DISABLE		(-17)
#define OOM_ADJUST_MIN		(-16)
#define OOM_ADJUST_MAX		15

#define TASK_COMM_LEN		16	/* a process's name: 15 characters */
#define KTHREAD_COMM_LEN	64	/* kernel threads show their full name (6.x) */
#define THREAD_SIZE		(16UL * 1024)	/* x86_64 kernel stack */

struct workload;

/* coredump_filter (include/linux/sched/coredump.h): the bits after the two dumpable bits */
#define MMF_DUMP_FILTER_BITS	9
#define MMF_DUMP_FILTER_MASK	((1U << MMF_DUMP_FILTER_BITS) - 1)
/* anon private, anon shared, ELF headers, private hugetlb (CONFIG_CORE_DUMP_DEFAULT_ELF_HEADERS) */
#define MMF_DUMP_FILTER_DEFAULT	0x33U

#define TIMER_SLACK_NS_DEFAULT	50000ULL	/* init_task.timer_slack_ns */
#define AUDIT_UID_UNSET		4294967295U	/* (unsigned int)-1: no login yet */
#define AUDIT_SID_UNSET		4294967295U

/*
 * include/linux/task_io_accounting.h: what /proc/PID/io prints. The
 * character counts are the read/write system calls' (cache hits too), the
 * byte counts what reached or would reach the disk (page-cache issue).
 */
struct task_io_accounting {
	uint64_t rchar, wchar;		/* bytes through read/write calls */
	uint64_t syscr, syscw;		/* read/write calls */
	uint64_t read_bytes;		/* bytes read from the disk for this task */
	uint64_t write_bytes;		/* bytes dirtied, to be written */
	uint64_t cancelled_write_bytes;	/* dirtied bytes truncated before writeback */
};

/*
 * kernel/sched/autogroup.c: the task group setsid() makes for a session,
 * shared by the tasks forked in it; its nice weighs the group as a whole.
 */
struct autogroup {
	unsigned long id;		/* autogroup_seq_nr at creation: /autogroup-ID */
	int nice;
	unsigned int refcount;		/* tasks in it */
};

struct task_struct {
	int pid;			/* = tgid: every task is a single-threaded process */
	char comm[KTHREAD_COMM_LEN];
	GByteArray *cmdline;		/* NUL-separated argv, as /proc/PID/cmdline */
	GByteArray *environ;
	uid_t uid;
	gid_t gid;
	int pgrp, session;
	struct task_struct *real_parent;
	GList *children;		/* struct task_struct * */
	enum task_state state;
	unsigned int flags;		/* PF_* */
	int nice;
	int cpu;
	struct mm_struct *mm;		/* NULL for kernel threads */
	short oom_score_adj;		/* lives in signal_struct in the kernel */
	short oom_score_adj_min;
	bool make_it_fail;		/* /proc/PID/make-it-fail, for task-filter */
	unsigned int fail_nth;		/* /proc/PID/fail-nth: the n-th injectable call fails */
	unsigned long min_flt, maj_flt;
	unsigned long cmin_flt, cmaj_flt;	/* of reaped children */
	uint64_t start_time;		/* ns since boot */
	uint64_t utime_ns, stime_ns;
	uint64_t obj;			/* task_struct object */
	uint64_t stack;			/* the vmalloc'ed kernel stack */
	uint64_t objs[4];		/* pid, signal, sighand, files objects (0 when shared) */
	struct workload *workload;	/* mm/workload.c behaviour, or NULL */
	struct task_io_accounting ioac;
	bool sigkill;			/* SIGKILL pending: dies on its way back to user space */
	bool oom_victim;		/* tsk_is_oom_victim (TIF_MEMDIE, signal->oom_mm) */
	/* signal_struct's part: shared by a process's threads in the kernel, one thread here */
	struct rlimit rlim[RLIM_NLIMITS];
	/* the per-task knobs of /proc/PID */
	uint64_t timer_slack_ns;	/* timerslack_ns: 50 us unless changed */
	uint64_t default_timer_slack_ns;	/* what writing 0 restores: the parent's slack at fork */
	unsigned int loginuid;		/* audit: AUDIT_UID_UNSET until a login sets it */
	unsigned int sessionid;		/* audit: AUDIT_SID_UNSET likewise */
	struct autogroup *autogroup;	/* NULL: autogroup_default, the root task group */
	unsigned int in_iowait;		/* waits for I/O under way (io_schedule_begin), nested */
	enum task_state saved_state;	/* the state to go back to when the last one ends */
	const char *wchan;		/* where it sleeps in D: "folio_wait_bit_common"; NULL */
	uint64_t iowait_start;		/* when the first of them began */
	uint64_t blkio_delay_ns;	/* time spent waiting for I/O (delayacct_blkio_ticks) */
	/* balance_dirty_pages' per-task state */
	int nr_dirtied;			/* pages dirtied since the last check */
	int nr_dirtied_pause;		/* pages it may dirty before the next check */
	unsigned long dirty_paused_when; /* jiffies: the end of its last pause */
	GHashTable *file_ra;		/* file id -> its struct file_ra_state (the reads' struct file) */
	uint64_t throttle_until;	/* ns: the end of its balance_dirty_pages pause; 0 none */
	uint64_t io_wait_until;		/* ns: when the last I/O it waits for completes */
};

#endif /* MM_MM_TYPES_H */
