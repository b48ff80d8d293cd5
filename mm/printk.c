// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel log. Records keep the simulated time they were logged at; the
 * oldest are dropped once the text exceeds LOG_BUF_LEN, as the ring buffer
 * overwrites, while sequence numbers keep counting so readers see the gap.
 */
#include <string.h>

#include "machine.h"

/**
 * printk_init - an empty kernel log
 */
void printk_init(struct printk_log *log)
{
	g_queue_init(&log->records);
	log->next_seq = 0;
	log->text_bytes = 0;
}

static void record_free(gpointer data)
{
	struct printk_record *r = data;

	g_free(r->text);
	g_free(r);
}

/**
 * printk_destroy - free the records of @log
 */
void printk_destroy(struct printk_log *log)
{
	g_queue_clear_full(&log->records, record_free);
}

static void log_store(struct machine *m, int facility, int level, const char *text, size_t len)
{
	struct printk_log *log = &m->log;
	struct printk_record *r = g_new(struct printk_record, 1);

	r->seq = log->next_seq++;
	r->ts_nsec = sim_clock_now(&m->clock);
	r->level = (uint8_t)level;
	r->facility = (uint8_t)facility;
	r->text = g_strndup(text, len);
	g_queue_push_tail(&log->records, r);
	log->text_bytes += len;
	while (log->text_bytes > LOG_BUF_LEN && log->records.length > 1) {
		struct printk_record *old = g_queue_pop_head(&log->records);

		log->text_bytes -= strlen(old->text);
		record_free(old);
	}
}

/**
 * printk - append one kernel record of @level per line of the formatted text
 */
void printk(struct machine *m, int level, const char *fmt, ...)
{
	g_autofree char *text = NULL;
	const char *line;
	va_list ap;

	va_start(ap, fmt);
	text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	for (line = text; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		log_store(m, LOG_KERN, level, line, len);
		line += len + (nl ? 1 : 0);
	}
}

/**
 * printk_emit - append @text as one record of @facility and @level (a write to /dev/kmsg)
 */
void printk_emit(struct machine *m, int facility, int level, const char *text)
{
	size_t len = strlen(text);

	/* a final newline ends the record; others stay in it, escaped on output */
	if (len && text[len - 1] == '\n')
		len--;
	log_store(m, facility, level, text, len);
}

/**
 * ___ratelimit - lib/ratelimit.c with the caller's interval and burst
 * @m: the machine
 * @rs: the state
 * @interval_ns: the window, simulated nanoseconds
 * @burst: messages allowed per window
 * @func: named in the "callbacks suppressed" line
 *
 * A zero interval never limits; otherwise a burst (or an interval) that is
 * not positive always limits, counting the misses, and the window starts
 * afresh once both are positive again. Misses are reported when a window
 * ends.
 */
bool ___ratelimit(struct machine *m, struct ratelimit_state *rs, int64_t interval_ns, int burst,
		  const char *func)
{
	uint64_t now = sim_clock_now(&m->clock);

	if (interval_ns <= 0 || burst <= 0) {
		bool ret = interval_ns == 0 || burst > 0;

		rs->initialized = false;
		if (!ret)
			rs->missed++;
		return ret;
	}
	if (!rs->initialized) {
		rs->initialized = true;
		rs->begin = now;
		rs->printed = 0;
	} else if (now >= rs->begin + (uint64_t)interval_ns) {
		if (rs->missed)
			pr_warn(m, "%s: %d callbacks suppressed", func, rs->missed);
		rs->begin = now;
		rs->printed = rs->missed = 0;
	}
	if (rs->printed < burst) {
		rs->printed++;
		return true;
	}
	rs->missed++;
	return false;
}

/**
 * __ratelimit - ___ratelimit with the default interval and burst
 * @m: the machine
 * @rs: the state
 * @func: named in the "callbacks suppressed" line
 */
bool __ratelimit(struct machine *m, struct ratelimit_state *rs, const char *func)
{
	return ___ratelimit(m, rs, (int64_t)RATELIMIT_INTERVAL_NS, RATELIMIT_BURST, func);
}
