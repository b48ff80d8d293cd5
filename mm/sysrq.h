/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MM_SYSRQ_H
#define MM_SYSRQ_H

#include <stdbool.h>

struct machine;

/* Act on one SysRq key (drivers/tty/sysrq.c __handle_sysrq): 0 or -EINVAL. */
int handle_sysrq(struct machine *m, char key);
/* Does the simulation act on @key (or log the help line for it)? */
bool sysrq_key_simulated(char key);

#endif /* MM_SYSRQ_H */
