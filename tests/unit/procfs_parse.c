// SPDX-License-Identifier: GPL-2.0
/*
 * Parsers for the text of the memory files (see procfs_parse.h). Each one
 * reads what the kernel prints and nothing looser: a line that does not
 * read back fails the test that parsed it.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procfs_parse.h"

const char *const presets[NR_PRESETS] = { "tiny", "default", "numa2", "i386-highmem" };

/* ---------------------------------------------------------------- text */

char *render_node(struct machine *m, int nid, const char *file)
{
	g_autofree char *path = g_strdup_printf(NODE_DIR "node%d/%s", nid, file);

	return render(m, path);
}

char **split_lines(const char *text)
{
	char **lines = g_strsplit(text, "\n", -1);
	guint n = g_strv_length(lines);

	if (n && !*lines[n - 1]) {
		g_free(lines[n - 1]);
		lines[n - 1] = NULL;
	}
	return lines;
}

char *replace(const char *text, const char *pattern, const char *with)
{
	g_autoptr(GRegex) re = g_regex_new(pattern, G_REGEX_MULTILINE, 0, NULL);

	return g_regex_replace(re, text, -1, 0, with, 0, NULL);
}

char *names_of(const char *text)
{
	return replace(text, "^ *(\\S*).*$", "\\1");
}

unsigned long kv(const char *text, int skip, const char *name)
{
	g_autofree char *quoted = g_regex_escape_string(name, -1);
	g_autofree char *pattern = g_strdup_printf("^(?:\\S+ +){%d}%s:? +(\\d+)", skip, quoted);
	g_autoptr(GRegex) re = g_regex_new(pattern, G_REGEX_MULTILINE, 0, NULL);
	g_autoptr(GMatchInfo) match = NULL;
	g_autofree char *value = NULL;

	ck_assert_msg(g_regex_match(re, text, 0, &match), "no '%s' in:\n%s", name, text);
	value = g_match_info_fetch(match, 1);
	return strtoul(value, NULL, 10);
}

long fell(const char *a, const char *b, int skip, const char *name)
{
	return (long)kv(a, skip, name) - (long)kv(b, skip, name);
}

long rose(const char *a, const char *b, int skip, const char *name)
{
	return -fell(a, b, skip, name);
}

/* ---------------------------------------------------------------- buddyinfo, pagetypeinfo */

GArray *parse_counts(const char *text)
{
	g_auto(GStrv) lines = split_lines(text);
	GArray *a = g_array_new(FALSE, TRUE, sizeof(struct count_line));

	for (int i = 0; lines[i]; i++) {
		struct count_line c = { 0 };
		char *p, *end;
		int n = 0;

		if (sscanf(lines[i], "Node %d, zone %15[^,], type %15s %n", &c.nid, c.zone,
			   c.type, &n) != 3 &&
		    sscanf(lines[i], "Node %d, zone %15s %n", &c.nid, c.zone, &n) != 2)
			continue;
		g_strstrip(c.zone);
		for (p = lines[i] + n; c.nr < NR_PAGE_ORDERS; p = end) {
			c.v[c.nr] = strtoul(p, &end, 10);
			if (end == p)
				break;
			c.nr++;
		}
		ck_assert_msg(!*p || !strcmp(p, " "), "'%s': junk '%s'", lines[i], p);
		g_array_append_val(a, c);
	}
	return a;
}

struct count_line *count_find(GArray *a, int nid, const char *zone, const char *type)
{
	for (guint i = 0; i < a->len; i++) {
		struct count_line *c = &g_array_index(a, struct count_line, i);

		if (c->nid == nid && !strcmp(c->zone, zone) && !strcmp(c->type, type))
			return c;
	}
	return NULL;
}

unsigned long buddy_pages(const struct count_line *b)
{
	unsigned long pages = 0;

	for (int o = 0; o < b->nr && o < NR_PAGE_ORDERS; o++)
		pages += b->v[o] << o;
	return pages;
}

/* ---------------------------------------------------------------- zoneinfo */

/* "        protection: (0, 3024, 3984, 3984, 3984)" */
static void parse_protection(struct zinfo *z, const char *line)
{
	g_auto(GStrv) parts = g_strsplit_set(strchr(line, '(') + 1, ",)", -1);

	for (int i = 0; parts[i + 1]; i++, z->nprot++) {
		ck_assert_int_lt(z->nprot, MAX_ZONES_PER_NODE);
		z->prot[z->nprot] = strtol(parts[i], NULL, 10);
	}
}

/* A line of a zone block; the pageset keys (with a colon) count for the first cpu only. */
static void parse_zone_line(struct zinfo *z, const char *line)
{
#define ZKEY(key, field)	{ key, offsetof(struct zinfo, field) }
	static const struct { const char *key; size_t off; } keys[] = {
		ZKEY("boost", boost), ZKEY("min", min), ZKEY("low", low), ZKEY("high", high),
		ZKEY("promo", promo), ZKEY("spanned", spanned), ZKEY("present", present),
		ZKEY("managed", managed), ZKEY("cma", cma), ZKEY("nr_free_pages", nr_free_pages),
		ZKEY("count:", count), ZKEY("high:", pcp_high), ZKEY("batch:", batch),
		ZKEY("high_min:", high_min), ZKEY("high_max:", high_max),
		ZKEY("threshold:", threshold),
	};
#undef ZKEY
	char key[64];
	long v;

	if (sscanf(line, "  pages free %lu", &z->free) == 1)
		return;
	z->node_stats |= !strcmp(line, "  per-node stats");
	z->populated |= !strcmp(line, "  pagesets");
	if (strstr(line, "protection:"))
		parse_protection(z, line);
	if (sscanf(line, " %63s %ld", key, &v) != 2 &&
	    sscanf(line, "  vm stats %63s %ld", key, &v) != 2)
		return;
	z->ncpus += !strcmp(key, "cpu:");
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
		if (!strcmp(key, keys[i].key) && (!strchr(key, ':') || z->ncpus == 1))
			*(long *)((char *)z + keys[i].off) = v;
}

GArray *parse_zoneinfo(const char *text)
{
	g_auto(GStrv) lines = split_lines(text);
	GArray *a = g_array_new(FALSE, TRUE, sizeof(struct zinfo));

	for (int i = 0; lines[i]; i++) {
		struct zinfo fresh = { 0 };

		if (sscanf(lines[i], "Node %d, zone %15s", &fresh.nid, fresh.zone) == 2) {
			g_array_append_val(a, fresh);
			continue;
		}
		ck_assert_uint_gt(a->len, 0);
		parse_zone_line(&g_array_index(a, struct zinfo, a->len - 1), lines[i]);
	}
	return a;
}

/* ---------------------------------------------------------------- slabinfo */

/* The line cache_show() prints for @c. */
static char *slabline_text(const struct slabline *c)
{
	return g_strdup_printf("%-17s %6lu %6lu %6u %4u %4u : tunables %4u %4u %4u"
			       " : slabdata %6lu %6lu %6lu", c->name, c->active_objs,
			       c->num_objs, c->objsize, c->objperslab, c->pagesperslab, c->limit,
			       c->batchcount, c->shared, c->active_slabs, c->num_slabs,
			       c->shared_avail);
}

GArray *parse_slabinfo(const char *text)
{
	g_auto(GStrv) lines = split_lines(text);
	GArray *a = g_array_new(FALSE, TRUE, sizeof(struct slabline));

	ck_assert_uint_ge(g_strv_length(lines), 2);
	for (int i = 2; lines[i]; i++) {
		struct slabline c = { 0 };
		g_autofree char *again = NULL;

		ck_assert_msg(sscanf(lines[i], "%63s %lu %lu %u %u %u : tunables %u %u %u"
				     " : slabdata %lu %lu %lu", c.name, &c.active_objs, &c.num_objs,
				     &c.objsize, &c.objperslab, &c.pagesperslab, &c.limit,
				     &c.batchcount, &c.shared, &c.active_slabs, &c.num_slabs,
				     &c.shared_avail) == 12, "slabinfo line '%s'", lines[i]);
		again = slabline_text(&c);
		ck_assert_str_eq(lines[i], again);
		g_array_append_val(a, c);
	}
	return a;
}

const struct slabline *slab_find(GArray *a, const char *name)
{
	for (guint i = 0; i < a->len; i++)
		if (!strcmp(g_array_index(a, struct slabline, i).name, name))
			return &g_array_index(a, struct slabline, i);
	return NULL;
}

/* ---------------------------------------------------------------- snapshots */

void snapshot_take(struct machine *m, struct snapshot *s)
{
	g_autofree char *zoneinfo = render(m, "proc/zoneinfo");

	s->meminfo = render(m, "proc/meminfo");
	s->buddyinfo = render(m, "proc/buddyinfo");
	s->vmstat = render(m, "proc/vmstat");
	s->pagetypeinfo = render(m, "proc/pagetypeinfo");
	s->nr_nodes = m->nr_nodes;
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		s->node_meminfo[nid] = render_node(m, nid, "meminfo");
		s->numastat[nid] = render_node(m, nid, "numastat");
	}
	s->buddy = parse_counts(s->buddyinfo);
	s->zones = parse_zoneinfo(zoneinfo);
}

void snapshot_free(struct snapshot *s)
{
	g_free(s->meminfo);
	g_free(s->buddyinfo);
	g_free(s->vmstat);
	g_free(s->pagetypeinfo);
	for (int nid = 0; nid < s->nr_nodes; nid++) {
		g_free(s->node_meminfo[nid]);
		g_free(s->numastat[nid]);
	}
	g_array_unref(s->buddy);
	g_array_unref(s->zones);
}
