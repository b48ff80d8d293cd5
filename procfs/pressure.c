// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/pressure/{cpu,io,memory} (kernel/sched/psi.c psi_show, psi_write).
 *
 * PSI is not simulated yet: nothing stalls, so every average and total is 0.
 * Both lines are printed for all three resources (cpu has had a system-wide
 * "full" line, always zero, since 5.13).
 *
 * A write registers a trigger. It is validated as psi_trigger_create() does
 * and then accepted, but it can never fire until the engine tracks stall
 * time and the FUSE layer supports poll(); the kernel's one-trigger-per-open
 * rule (-EBUSY) needs per-open state the tree does not keep yet.
 */
#include <errno.h>
#include <string.h>

#include "files.h"
#include "seq.h"

#define PSI_WRITE_BUF		32		/* psi_write() copies at most this much */
#define WINDOW_MAX_US		10000000	/* 10 s; there is no minimum since 6.4 */
/* unprivileged writers: windows in multiples of 2 s */
#define PSI_UNPRIV_WINDOW_US	2000000

static void psi_show_line(GString *out, const char *kind, unsigned long avg[3],
			  unsigned long long total_us)
{
	g_string_append(out, kind);
	g_string_append_printf(out, " avg10=%lu.%02lu avg60=%lu.%02lu avg300=%lu.%02lu",
			       avg[0] / 100, avg[0] % 100, avg[1] / 100, avg[1] % 100,
			       avg[2] / 100, avg[2] % 100);
	g_string_append_printf(out, " total=%llu\n", total_us);
}

static int pressure_show(const struct pfs_req *r, GString *out)
{
	/* averages in hundredths of a percent, totals in µs: no stalls yet */
	unsigned long avg[3] = { 0, 0, 0 };

	(void)r;
	psi_show_line(out, "some", avg, 0);
	psi_show_line(out, "full", avg, 0);
	return 0;
}

/*
 * The kernel's sscanf("%u"): optional blanks, then at least one digit; the
 * value is truncated to 32 bits. Returns the character after the number or
 * NULL.
 */
static const char *scan_u32(const char *s, uint32_t *v)
{
	unsigned long long x = 0;

	while (kernel_isspace((unsigned char)*s))
		s++;
	if (!g_ascii_isdigit(*s))
		return NULL;
	while (g_ascii_isdigit(*s))
		x = x * 10 + (unsigned long long)(*s++ - '0');
	*v = (uint32_t)x;
	return s;
}

static ssize_t pressure_store(const struct pfs_req *r, const char *buf, size_t len)
{
	char line[PSI_WRITE_BUF];
	size_t n = MIN(len, sizeof(line));
	uint32_t threshold_us, window_us;
	const char *p;

	if (!len)
		return -EINVAL;
	/* one trigger per open file: a second write is EBUSY, parsed or not */
	if (r->private && *r->private)
		return -EBUSY;
	/* psi_write() ends the string on the last byte it copied, whatever it was */
	memcpy(line, buf, n);
	line[n - 1] = '\0';
	if (strncmp(line, "some", 4) && strncmp(line, "full", 4))
		return -EINVAL;
	p = scan_u32(line + 4, &threshold_us);
	p = p ? scan_u32(p, &window_us) : NULL;
	if (!p)
		return -EINVAL;
	if (window_us == 0 || window_us > WINDOW_MAX_US)
		return -EINVAL;
	/* CAP_SYS_RESOURCE, which root has, allows any window */
	if (r->uid != 0 && window_us % PSI_UNPRIV_WINDOW_US)
		return -EINVAL;
	if (threshold_us == 0 || threshold_us > window_us)
		return -EINVAL;
	if (r->private)
		*r->private = 1;
	return (ssize_t)len;
}

const struct pfs_file_ops pressure_ops = {
	.show = pressure_show,
	.store = pressure_store,
	.flags = PFS_ANY_OFFSET,	/* psi_write ignores the position */
};
