// SPDX-License-Identifier: GPL-2.0
/*
 * Exit (kernel/exit.c): the address space goes (every page whose last
 * mapping it was is freed), the children move to init, and the parent
 * reaps at once, adding the task's fault counts to its own cminflt and
 * cmajflt. There are no zombies: the simulated parents always wait.
 */
#include <errno.h>

#include "oom.h"
#include "task.h"
#include "vma.h"

/**
 * kill_ok_by_cred - may a writer of @uid act on @t (kill(2)'s credential rule)?
 *
 * Root may; anyone else only on a task of its own uid.
 */
bool kill_ok_by_cred(const struct task_struct *t, uid_t uid)
{
	return uid == 0 || uid == t->uid;
}

/**
 * task_exit - @code and @signal make the wait status the parent reaps; no simulated
 * parent looks at it, so only the fault counts travel up, and `wait` finds
 * the status by pid.
 */
int task_exit(struct machine *m, struct task_struct *t, int code, bool signal)
{
	struct task_struct *init = find_task_by_pid(m, 1), *parent = t->real_parent;

	if (task_unkillable(t))
		return -EPERM;
	for (GList *l = t->children; l; l = l->next) {
		struct task_struct *c = l->data;

		c->real_parent = init;
		if (init)
			init->children = g_list_append(init->children, c);
	}
	g_list_free(t->children);
	t->children = NULL;
	if (t->mm) {
		mm_free(m, t->mm);
		t->mm = NULL;
	}
	exit_oom_victim(m, t);
	if (parent) {
		parent->cmin_flt += t->min_flt + t->cmin_flt;
		parent->cmaj_flt += t->maj_flt + t->cmaj_flt;
	}
	task_record_exit(m, t->pid, signal ? code & 0x7f : (code & 0xff) << 8);
	io_wait_task_exit(m, t);
	__task_release(m, t);
	return 0;
}
