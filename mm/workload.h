/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Behaviours over simulated time (mm/workload.c): what a program does with
 * its memory while the clock runs, through the same brk and fault paths a
 * ctl command takes.
 */
#ifndef MM_WORKLOAD_H
#define MM_WORKLOAD_H

#include <stdint.h>

struct machine;
struct task_struct;

#define WORKLOAD_PERIOD_NS	(100ULL * 1000 * 1000)	/* behaviours step every 100 ms */
#define WORKLOAD_MAX_RATE	(100ULL << 30)		/* bytes per second */

/* What a behaviour does with its bytes. */
enum workload_kind {
	WORKLOAD_ANON,			/* grows the heap and writes it */
	WORKLOAD_WRITE,			/* appends to a file, buffered */
	WORKLOAD_READ,			/* reads a file sequentially, buffered, to its end */
	WORKLOAD_REWRITE,		/* rewrites a file's pages in turn, wrapping at its end */
};

struct workload {
	enum workload_kind kind;
	char *path;			/* the file (WRITE, READ, REWRITE) */
	uint64_t pos;			/* where its next file I/O goes */
	uint64_t rate;			/* bytes per second */
	uint64_t until;			/* stop once the heap has grown this much; 0 = never */
	uint64_t grown;			/* bytes grown so far */
	uint64_t carry;			/* rate * time not yet a whole page, in byte-ns */
	uint64_t last;			/* the step its carry was last brought up to (ns) */
};

/*
 * Grow @t's heap by @bytes with brk and write every new page, as malloc and
 * a program filling the memory would. -ENOMEM when brk or a page fails;
 * -EFAULT when the task died of it.
 */
int grow_heap(struct machine *m, struct task_struct *t, uint64_t bytes);

/* grow PID anon RATE [until=SIZE]: start (or change) the behaviour. */
int workload_grow(struct machine *m, struct task_struct *t, uint64_t rate, uint64_t until);
/*
 * grow PID write|read|rewrite PATH RATE [until=SIZE]: a streaming file
 * behaviour through the read and write system calls (-ENOENT: no file;
 * read and rewrite need a file with data, -EINVAL else).
 */
int workload_grow_file(struct machine *m, struct task_struct *t, enum workload_kind kind,
		       const char *path, uint64_t rate, uint64_t until);
/* stop PID: the task's behaviour ends; its memory stays. */
int workload_stop(struct machine *m, struct task_struct *t);
/* The task's behaviour ends with it (stop, or the task goes). */
void workload_exit(struct machine *m, struct task_struct *t);

#endif /* MM_WORKLOAD_H */
