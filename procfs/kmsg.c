// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel log in its two text forms (kernel/printk/printk.c):
 *
 *   dev/kmsg   one record per line, "PREFIX,SEQ,TS_USEC,FLAGS;TEXT", with the
 *              text escaped, as reads of /dev/kmsg return them; writes log
 *              a record, as devkmsg_write() does.
 *   sim/dmesg  "<PREFIX>[SSSSS.UUUUUU] TEXT", the syslog(2) SYSLOG_ACTION_READ_ALL
 *              text that `dmesg -r` prints and `dmesg -F FILE` parses.
 *
 * PREFIX is (facility << 3) | level.
 *
 * Reads of dev/kmsg return one record per read(2), as the kernel does, and
 * fail with EINVAL when the buffer cannot hold the record. sim/dmesg has a
 * true size so that `dmesg -F` can map it.
 */
#include <errno.h>
#include <string.h>

#include "files.h"
#include "mm/machine.h"

#define PRINTKRB_RECORD_MAX	1024	/* longest write devkmsg_write() accepts */
#define LOG_LEVEL(v)		((v) & 0x07)
#define LOG_FACILITY(v)		((v) >> 3 & 0xff)

static unsigned int syslog_prefix(const struct printk_record *rec)
{
	return (unsigned int)rec->facility << 3 | rec->level;
}

/* /dev/kmsg escapes what is not printable ASCII, and the backslash itself */
static void append_escaped(GString *out, const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p < ' ' || *p >= 127 || *p == '\\')
			g_string_append_printf(out, "\\x%02x", *p);
		else
			g_string_append_c(out, (char)*p);
	}
}

static int kmsg_show(const struct pfs_req *r, GString *out)
{
	for (GList *l = r->m->log.records.head; l; l = l->next) {
		const struct printk_record *rec = l->data;

		g_string_append_printf(out, "%u,%llu,%llu,-;", syslog_prefix(rec),
				       (unsigned long long)rec->seq, rec->ts_nsec / NSEC_PER_USEC);
		append_escaped(out, rec->text);
		g_string_append_c(out, '\n');
	}
	return 0;
}

/*
 * A "<N>" prefix chooses the level (N & 7) and, when N >> 3 is not 0, the
 * facility; without one the record gets the default message loglevel and
 * LOG_USER, so user messages stay apart from the kernel's. The kernel's
 * per-open rate limit (10 records per 5 s) is not modelled.
 */
static ssize_t kmsg_store(const struct pfs_req *r, const char *buf, size_t len)
{
	g_autofree char *line = NULL;
	const char *text;
	int level = LOGLEVEL_WARNING;	/* default_message_loglevel */
	unsigned int facility = LOG_USER;

	if (len > PRINTKRB_RECORD_MAX)
		return -EINVAL;
	line = g_strndup(buf, len);
	text = line;
	if (line[0] == '<') {
		const char *end = line + 1;
		unsigned long u = 0;

		/* simple_strtoul: digits only, no sign or blanks */
		while (g_ascii_isdigit(*end))
			u = u * 10 + (unsigned long)(*end++ - '0');
		if (*end == '>') {
			level = LOG_LEVEL(u);
			if (LOG_FACILITY(u))
				facility = LOG_FACILITY(u);
			text = end + 1;
		}
	}
	printk_emit(r->m, (int)facility, level, text);
	return (ssize_t)len;
}

const struct pfs_file_ops kmsg_ops = {
	.show = kmsg_show,
	.store = kmsg_store,
	.flags = PFS_RECORDS | PFS_ANY_OFFSET,	/* devkmsg_write: each write a record */
};

/* record_print_text: each line of a record gets the record's prefix */
static int dmesg_show(const struct pfs_req *r, GString *out)
{
	for (GList *l = r->m->log.records.head; l; l = l->next) {
		const struct printk_record *rec = l->data;
		unsigned long long usec = rec->ts_nsec / NSEC_PER_USEC;
		const char *line = rec->text;

		do {
			const char *nl = strchr(line, '\n');
			int len = nl ? (int)(nl - line) : (int)strlen(line);

			g_string_append_printf(out, "<%u>[%5llu.%06llu] %.*s\n", syslog_prefix(rec),
					       usec / 1000000, usec % 1000000, len, line);
			line = nl ? nl + 1 : NULL;
		} while (line);
	}
	return 0;
}

const struct pfs_file_ops dmesg_ops = {
	.show = dmesg_show,
	.flags = PFS_EXACT_SIZE,
};
