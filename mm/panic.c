// SPDX-License-Identifier: GPL-2.0
/*
 * panic() (kernel/panic.c) for a simulated kernel: the message and the
 * stack in the log, then the machine stops. Nothing acts on it any more
 * (every sim/ctl command and sysctl write fails with EIO, time stands
 * still), but its files stay readable, as a crash dump would be, for the
 * post-mortem.
 */
#include <stdarg.h>
#include <string.h>

#include "internal.h"

/**
 * panic - halt the machine with the kernel's "Kernel panic - not syncing" lines
 */
void panic(struct machine *m, const char *fmt, ...)
{
	g_autofree char *msg = NULL;
	va_list ap;
	size_t len;

	if (m->panicked)
		return;
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	len = strlen(msg);
	if (len && msg[len - 1] == '\n')
		msg[len - 1] = '\0';
	pr_emerg(m, "Kernel panic - not syncing: %s", msg);
	dump_stack(m, (const char *const[]){ "dump_stack_lvl", "panic", NULL }, NULL);
	pr_emerg(m, "---[ end Kernel panic - not syncing: %s ]---", msg);
	m->panicked = true;
}
