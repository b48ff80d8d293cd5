/* SPDX-License-Identifier: GPL-2.0 */
/* execve (mm/exec.c), for fork.c's spawn. */
#ifndef MM_EXEC_H
#define MM_EXEC_H

struct machine;
struct task_struct;

/*
 * Replace @t's address space with a fresh image of @binary (NULL:
 * /usr/bin/@comm) run with @cmdline (NULL: the binary), as it looks once
 * the program is up: its ELF segments, ld.so, libc, vvar/vdso, a stack and
 * a first heap, with the pages startup touches faulted in.
 */
int exec_binary(struct machine *m, struct task_struct *t, const char *comm, const char *binary,
		const char *cmdline);

#endif /* MM_EXEC_H */
