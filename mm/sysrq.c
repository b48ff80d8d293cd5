// SPDX-License-Identifier: GPL-2.0
/*
 * Magic SysRq (drivers/tty/sysrq.c) as /proc/sysrq-trigger reaches it:
 * the keys a memory simulation can honour, with the kernel's log lines.
 * 'f' runs the OOM killer as a workqueue worker would, 'm' logs the
 * Mem-Info report, 'c' panics the machine; a key the kernel has but the
 * simulation cannot act on (reboot, sync, the console log level...) is
 * EINVAL, and a key the kernel does not know logs the help line, as the
 * kernel's does.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"
#include "oom.h"
#include "sysrq.h"
#include "task.h"

struct sysrq_key_op {
	char key;
	const char *help_msg;
	const char *action_msg;
	void (*handler)(struct machine *m, char key);	/* NULL: not simulated */
};

/* moom_callback: an OOM kill of no particular allocation, from a kworker */
static void sysrq_handle_moom(struct machine *m, char key)
{
	struct oom_control oc = { .gfp_mask = GFP_KERNEL, .order = -1 };
	struct task_struct *prev = set_current(m, NULL), *worker = NULL;

	(void)key;
	for (GList *l = task_list(m); l && !worker; l = l->next) {
		struct task_struct *t = l->data;

		if ((t->flags & PF_KTHREAD) && !strncmp(t->comm, "kworker/", 8) &&
		    t->comm[8] >= '0' && t->comm[8] <= '9')
			worker = t;
	}
	set_current(m, worker);
	if (!out_of_memory(m, &oc))
		pr_info(m, "sysrq: OOM request ignored. No task eligible");
	set_current(m, prev);
}

static void sysrq_handle_showmem(struct machine *m, char key)
{
	(void)key;
	__show_mem(m);
}

static void sysrq_handle_crash(struct machine *m, char key)
{
	(void)key;
	panic(m, "sysrq triggered crash");
}

/* the kernel's table in its help order; only the keys with a handler act */
static const struct sysrq_key_op sysrq_key_table[] = {
	{ '0', "loglevel(0-9)", "Changing Loglevel", NULL },
	{ 'b', "reboot(b)", "Resetting", NULL },
	{ 'c', "crash(c)", "Trigger a crash", sysrq_handle_crash },
	{ 'd', "show-all-locks(d)", "Show Locks Held", NULL },
	{ 'e', "terminate-all-tasks(e)", "Terminate All Tasks", NULL },
	{ 'f', "memory-full-oom-kill(f)", "Manual OOM execution", sysrq_handle_moom },
	{ 'i', "kill-all-tasks(i)", "Kill All Tasks", NULL },
	{ 'j', "thaw-filesystems(j)", "Emergency Thaw of all frozen filesystems", NULL },
	{ 'k', "sak(k)", "SAK", NULL },
	{ 'l', "show-backtrace-all-active-cpus(l)", "Show backtrace of all active CPUs", NULL },
	{ 'm', "show-memory-usage(m)", "Show Memory", sysrq_handle_showmem },
	{ 'n', "nice-all-RT-tasks(n)", "Nice All RT Tasks", NULL },
	{ 'o', "poweroff(o)", "Power Off", NULL },
	{ 'p', "show-registers(p)", "Show Regs", NULL },
	{ 'q', "show-all-timers(q)", "Show clockevent devices & pending hrtimers (no others)", NULL },
	{ 'r', "unraw(r)", "Keyboard mode set to system default", NULL },
	{ 's', "sync(s)", "Emergency Sync", NULL },
	{ 't', "show-task-states(t)", "Show State", NULL },
	{ 'u', "unmount(u)", "Emergency Remount R/O", NULL },
	{ 'v', "force-fb(v)", "Restore framebuffer console", NULL },
	{ 'w', "show-blocked-tasks(w)", "Show Blocked State", NULL },
	{ 'z', "dump-ftrace-buffer(z)", "Dump ftrace buffer", NULL },
	{ 'R', "replay-kernel-logs(R)", "Replay kernel logs on consoles", NULL },
};

static const struct sysrq_key_op *sysrq_get_key_op(char key)
{
	if (key >= '0' && key <= '9')
		return &sysrq_key_table[0];
	for (size_t i = 0; i < G_N_ELEMENTS(sysrq_key_table); i++)
		if (sysrq_key_table[i].key == key)
			return &sysrq_key_table[i];
	return NULL;
}

bool sysrq_key_simulated(char key)
{
	const struct sysrq_key_op *op = sysrq_get_key_op(key);

	return !op || op->handler;
}

/**
 * handle_sysrq - act on one SysRq @key, as a write to /proc/sysrq-trigger does
 *
 * Return: 0, or -EINVAL for a key the kernel acts on that the simulation
 * cannot (nothing is logged then).
 */
int handle_sysrq(struct machine *m, char key)
{
	STACK_FRAME(m);
	const struct sysrq_key_op *op = sysrq_get_key_op(key);
	g_autoptr(GString) help = NULL;

	if (!sysrq_key_simulated(key))
		return -EINVAL;
	if (op) {
		pr_info(m, "sysrq: %s", op->action_msg);
		op->handler(m, key);
		return 0;
	}
	help = g_string_new("sysrq: HELP : ");
	for (size_t i = 0; i < G_N_ELEMENTS(sysrq_key_table); i++)
		g_string_append_printf(help, "%s ", sysrq_key_table[i].help_msg);
	pr_info(m, "%s", help->str);
	return 0;
}
