/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel log: a bounded ring of records, each with a sequence number,
 * a simulated timestamp, a syslog level and a facility, as /dev/kmsg shows.
 */
#ifndef MM_PRINTK_H
#define MM_PRINTK_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#define LOGLEVEL_EMERG		0
#define LOGLEVEL_ALERT		1
#define LOGLEVEL_CRIT		2
#define LOGLEVEL_ERR		3
#define LOGLEVEL_WARNING	4
#define LOGLEVEL_NOTICE		5
#define LOGLEVEL_INFO		6
#define LOGLEVEL_DEBUG		7

#define LOG_BUF_LEN		(1U << 20)	/* bytes of text kept, like CONFIG_LOG_BUF_SHIFT=20 */

#define LOG_KERN		0	/* facilities, as syslog(3) numbers them */
#define LOG_USER		1

struct printk_record {
	uint64_t seq;
	uint64_t ts_nsec;
	uint8_t level;
	uint8_t facility;
	char *text;			/* one line, no newline */
};

struct printk_log {
	GQueue records;			/* struct printk_record *, oldest first */
	uint64_t next_seq;
	size_t text_bytes;
};

struct machine;

void printk_init(struct printk_log *log);
void printk_destroy(struct printk_log *log);

/* Append one kernel record per line of the formatted text. */
void printk(struct machine *m, int level, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
/* Append @text as one record of @facility (a write to /dev/kmsg). */
void printk_emit(struct machine *m, int facility, int level, const char *text);

/* Rate limiting of repeated messages (lib/ratelimit.c): @burst per @interval of simulated time. */
struct ratelimit_state {
	bool initialized;		/* RATELIMIT_INITIALIZED: @begin is a window's start */
	uint64_t begin;
	int printed;
	int missed;
};
#define RATELIMIT_INTERVAL_NS	(5ULL * 1000000000ULL)	/* DEFAULT_RATELIMIT_INTERVAL */
#define RATELIMIT_BURST		10
/* May the caller print? Says "@func: N callbacks suppressed" when a new interval starts. */
bool __ratelimit(struct machine *m, struct ratelimit_state *rs, const char *func);
bool ___ratelimit(struct machine *m, struct ratelimit_state *rs, int64_t interval_ns, int burst,
		  const char *func);

#define pr_emerg(m, ...)	printk(m, LOGLEVEL_EMERG, __VA_ARGS__)
#define pr_alert(m, ...)	printk(m, LOGLEVEL_ALERT, __VA_ARGS__)
#define pr_err(m, ...)		printk(m, LOGLEVEL_ERR, __VA_ARGS__)
#define pr_warn(m, ...)		printk(m, LOGLEVEL_WARNING, __VA_ARGS__)
#define pr_notice(m, ...)	printk(m, LOGLEVEL_NOTICE, __VA_ARGS__)
#define pr_info(m, ...)		printk(m, LOGLEVEL_INFO, __VA_ARGS__)

#endif /* MM_PRINTK_H */
