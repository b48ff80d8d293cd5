// SPDX-License-Identifier: GPL-2.0
/*
 * bench - figures, not pass/fail: allocator throughput (and, when valgrind
 * is installed, the instructions of an order-0 page pair), boot cost and
 * engine memory per simulated page, simulated page faults per second beside
 * the host's own in the same run, fork of a task with 1 GiB resident, bios
 * submitted and completed per second,
 * pagemap reads of a 1 GiB range, a whole kpageflags of 64 GiB, and
 * (with --read) open+read+close rates of files over a FUSE mount with 1 and
 * 2 reader threads.
 *
 *	tests/bench/bench                      the engine figures
 *	tests/bench/bench --read FILE...       read rates of each FILE
 *	tests/bench/bench --render FILE N      render FILE (e.g. proc/meminfo) N times
 *	                                       in process, under callgrind if installed
 *
 * `make bench` runs both, the second against the daemon and an empty
 * direct_io FUSE file (tests/bench/fuse_read.sh).
 */
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <sys/mman.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mm/filemap.h"
#include "mm/gfp.h"
#include "mm/machine.h"
#include "mm/mm.h"
#include "mm/oom.h"
#include "mm/slab.h"
#include "mm/task.h"
#include "procfs/tree.h"

#define SZ_1M	(1ULL << 20)
#define SZ_1G	(1ULL << 30)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long rss_kb(void)
{
	long pages = 0, rss = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &rss) != 2)
			rss = 0;
		fclose(f);
	}
	return rss * (long)(sysconf(_SC_PAGESIZE) / 1024);
}

/* Bytes the host's malloc has handed out and not had back. */
static size_t heap_in_use(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

static struct machine *boot_size(uint64_t bytes, double *secs)
{
	struct machine_desc d = *machine_preset("default");
	char err[256];
	struct machine *m;
	double t0;

	/* one node: the PC's low memory, RAM to 3G, the PCI hole, the rest above 4G */
	d.nodes[0].mem[2].end = bytes + SZ_1G;
	g_snprintf(d.name, sizeof(d.name), "bench");
	t0 = now();
	m = machine_boot(&d, 1, err, sizeof(err));
	*secs = now() - t0;
	if (!m) {
		fprintf(stderr, "bench: boot: %s\n", err);
		exit(1);
	}
	return m;
}

static void bench_boot(void)
{
	static const struct { const char *name; uint64_t bytes; } sizes[] = {
		{ "4 GiB", 4 * SZ_1G }, { "64 GiB", 64 * SZ_1G }, { "1 TiB", 1024 * SZ_1G },
	};

	/* bytes/page: allocated (mostly untouched mmap); rss/page: what boot wrote */
	printf("%-8s %10s %14s %12s %12s\n", "machine", "boot s", "pages", "bytes/page", "rss/page");
	for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
		long rss0 = rss_kb();
		double secs;
		struct machine *m = boot_size(sizes[i].bytes, &secs);
		unsigned long pages = m->max_pfn;
		/* what the engine allocates per page: memmap, max-order heads, pageblock types */
		double bytes = (double)sizeof(struct page) * (1.0 + 1.0 / (1 << MAX_PAGE_ORDER)) +
			       1.0 / pageblock_nr_pages +
			       (double)(sizeof(struct machine) + MAX_NUMNODES * sizeof(pg_data_t)) / (double)pages;
		double rss = (double)(rss_kb() - rss0) * 1024.0 / (double)pages;

		printf("%-8s %10.3f %14lu %12.3f %12.3f\n", sizes[i].name, secs, pages, bytes, rss);
		machine_free(m);
	}
}

static void bench_alloc(const char *name, bool mixed)
{
	char err[256];
	struct machine *m = machine_boot(machine_preset("default"), 1, err, sizeof(err));
	GRand *rng = g_rand_new_with_seed(1);
	unsigned long pfns[64];
	unsigned int orders[64];
	unsigned long pairs = 0;
	double t0 = now(), t;

	/* keep 64 blocks live so frees merge and splits happen as in real use */
	for (int i = 0; i < 64; i++) {
		orders[i] = mixed ? (unsigned int)g_rand_int_range(rng, 0, 4) : 0;
		alloc_pages_node(m, -1, GFP_KERNEL, orders[i], &pfns[i]);
	}
	do {
		for (int k = 0; k < 4096; k++) {
			int i = g_rand_int_range(rng, 0, 64);

			__free_pages(m, pfns[i], orders[i]);
			orders[i] = mixed ? (unsigned int)g_rand_int_range(rng, 0, 4) : 0;
			if (alloc_pages_node(m, -1, GFP_KERNEL, orders[i], &pfns[i])) {
				fprintf(stderr, "bench: allocation failed\n");
				exit(1);
			}
		}
		pairs += 4096;
		t = now() - t0;
	} while (t < 1.0);
	printf("%-28s %12.0f pairs/s\n", name, (double)pairs / t);
	g_rand_free(rng);
	machine_free(m);
}

/*
 * The pcp hit path: an order-0 alloc_pages_node+__free_pages pair, the page
 * going back to the head of CPU 0's list and coming straight out again.
 */
#define PAGE_PAIR_LOOPS	100000

static __attribute__((noinline)) void bench_page_pair_loop(struct machine *m, unsigned long n)
{
	unsigned long pfn;

	for (unsigned long i = 0; i < n; i++) {
		if (alloc_pages_node(m, -1, GFP_KERNEL, 0, &pfn))
			exit(1);
		__free_pages(m, pfn, 0);
	}
}

static void bench_page_pair(void)
{
	char err[256];
	struct machine *m = machine_boot(machine_preset("default"), 1, err, sizeof(err));

	if (!m)
		exit(1);
	bench_page_pair_loop(m, 16);	/* the list refilled and the high mark settled */
	bench_page_pair_loop(m, PAGE_PAIR_LOOPS);
	machine_free(m);
}

/*
 * The inclusive cost of the calls @fn makes, from callgrind's output @text
 * (names uncompressed): each "calls=" line inside fn=@fn's block is
 * followed by a line whose last field is that call's cost.
 */
static long callee_cost(const char *text, const char *fn)
{
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	bool in_fn = false;
	long total = -1;

	for (int i = 0; lines[i]; i++) {
		const char *l = lines[i];

		if (!strncmp(l, "fn=", 3)) {
			in_fn = !strcmp(l + 3, fn);
			if (in_fn && total < 0)
				total = 0;
		} else if (in_fn && !strncmp(l, "calls=", 6) && lines[i + 1]) {
			const char *cost = strrchr(lines[i + 1], ' ');

			total += cost ? strtol(cost + 1, NULL, 10) : 0;
		}
	}
	return total;
}

/*
 * callgrind_count - instructions per call when this program runs with
 * @args under callgrind, collecting inside @fn only (--toggle-collect):
 * @fn's own and its callees' (@callees false: a show handler), or only
 * what the calls @fn makes cost (@callees true: a loop around the pair
 * measured, its own few instructions left out), divided by @calls. -1 when
 * valgrind is not installed or the run fails.
 */
static double callgrind_count(const char *const *args, const char *fn, unsigned long calls,
			      bool callees)
{
	g_autofree char *out = g_strdup_printf("/tmp/bench-callgrind.%d", (int)getpid());
	g_autofree char *toggle = g_strdup_printf("--toggle-collect=%s", fn);
	g_autofree char *file = g_strdup_printf("--callgrind-out-file=%s", out);
	g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autofree char *text = NULL;
	double count = -1;
	int status = 0;

	if (!exe)
		return -1;
	for (const char *a = "valgrind\0--tool=callgrind\0--collect-atstart=no\0--compress-strings=no";
	     *a; a += strlen(a) + 1)
		g_ptr_array_add(argv, (char *)a);
	g_ptr_array_add(argv, toggle);
	g_ptr_array_add(argv, file);
	g_ptr_array_add(argv, exe);
	for (; *args; args++)
		g_ptr_array_add(argv, (char *)*args);
	g_ptr_array_add(argv, NULL);
	if (!g_spawn_sync(NULL, (char **)argv->pdata, NULL,
			  G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
			  NULL, NULL, NULL, NULL, &status, NULL) ||
	    !g_spawn_check_wait_status(status, NULL) || !g_file_get_contents(out, &text, NULL, NULL))
		goto out;
	if (callees) {
		long total = callee_cost(text, fn);

		if (total >= 0)
			count = (double)total / (double)calls;
	} else {
		/* "summary: N" (or "totals: N"): the Ir collected inside @fn */
		const char *line = strstr(text, "\nsummary: ");

		if (!line)
			line = strstr(text, "\ntotals: ");
		if (line)
			count = strtod(strchr(line, ':') + 1, NULL) / (double)calls;
	}
out:
	unlink(out);
	return count;
}

static void bench_page_pair_count(void)
{
	static const char *const args[] = { "--page-pair", NULL };
	double n = callgrind_count(args, "bench_page_pair_loop", PAGE_PAIR_LOOPS + 16, true);

	if (n < 0)
		printf("%-28s %12s\n", "order-0 pair, pcp hit", "(no valgrind)");
	else
		printf("%-28s %12.1f instructions (callgrind)\n", "order-0 pair, pcp hit", n);
}

/* kmem_cache_alloc+free pairs with 256 objects live, as a busy cache runs. */
static void bench_kmem_cache(void)
{
	char err[256];
	struct machine *m = machine_boot(machine_preset("default"), 1, err, sizeof(err));
	GRand *rng = g_rand_new_with_seed(1);
	struct kmem_cache *s;
	uint64_t live[256];
	unsigned long pairs = 0;
	double t0, t;

	if (kmem_cache_create(m, "bench_obj", 200, 0, SLAB_HWCACHE_ALIGN, &s))
		exit(1);
	for (int i = 0; i < 256; i++)
		kmem_cache_alloc(m, s, GFP_KERNEL, &live[i]);
	t0 = now();
	do {
		for (int k = 0; k < 4096; k++) {
			int i = g_rand_int_range(rng, 0, 256);

			kmem_cache_free(m, s, live[i]);
			if (kmem_cache_alloc(m, s, GFP_KERNEL, &live[i]))
				exit(1);
		}
		pairs += 4096;
		t = now() - t0;
	} while (t < 1.0);
	printf("%-28s %12.0f pairs/s\n", "kmem_cache_alloc+free", (double)pairs / t);
	g_rand_free(rng);
	machine_free(m);
}

static void bench_end_io(struct machine *m, struct bio *bio)
{
	(void)m;
	bio_put(bio);
}

/*
 * Bios through the block layer: batches of 64 one-page reads, every other
 * one contiguous with the last (so half merge), submitted on vda and run to
 * completion on the timer queue; bios submitted and completed per host second.
 */
static void bench_bio(void)
{
	char err[256];
	struct machine *m = machine_boot(machine_preset("default"), 1, err, sizeof(err));
	struct block_device *b = m->root_bdev;
	uint64_t done0 = b->bios_completed;
	sector_t sector = 2048;
	double t0, t;

	t0 = now();
	do {
		for (int k = 0; k < 64; k++) {
			struct bio *bio = bio_alloc(b, 1, REQ_OP_READ);

			bio_add_page(bio, 1);
			sector = k & 1 ? sector + PAGE_SECTORS : (sector + 4096) % (b->nr_sectors - 8);
			bio->bi_sector = sector;
			bio->bi_end_io = bench_end_io;
			submit_bio(m, bio);
		}
		blk_run_until_idle(m);
		t = now() - t0;
	} while (t < 1.0);
	printf("%-28s %12.0f bios/s (submitted and completed; %lu merged)\n", "submit_bio+completion",
	       (double)(b->bios_completed - done0) / t, (unsigned long)b->stats.merges[STAT_READ]);
	if (machine_check(m))
		fprintf(stderr, "bench: machine_check failed after the bios\n");
	machine_free(m);
}

/* kmalloc+kfree of random sizes up to 8 KiB (the kmalloc caches' range). */
static void bench_kmalloc(void)
{
	char err[256];
	struct machine *m = machine_boot(machine_preset("default"), 1, err, sizeof(err));
	GRand *rng = g_rand_new_with_seed(1);
	uint64_t live[256];
	unsigned long pairs = 0;
	double t0, t;

	for (int i = 0; i < 256; i++)
		kmalloc(m, (size_t)g_rand_int_range(rng, 1, 8193), GFP_KERNEL, &live[i], NULL);
	t0 = now();
	do {
		for (int k = 0; k < 4096; k++) {
			int i = g_rand_int_range(rng, 0, 256);

			kfree(m, live[i]);
			if (kmalloc(m, (size_t)g_rand_int_range(rng, 1, 8193), GFP_KERNEL, &live[i], NULL))
				exit(1);
		}
		pairs += 4096;
		t = now() - t0;
	} while (t < 1.0);
	printf("%-28s %12.0f pairs/s\n", "kmalloc+kfree, 1..8192 B", (double)pairs / t);
	g_rand_free(rng);
	machine_free(m);
}

struct reader {
	const char *path;
	double until;
	unsigned long reads;
	int failed;
};

static void *reader_loop(void *arg)
{
	struct reader *r = arg;
	char buf[65536];

	while (now() < r->until) {
		for (int k = 0; k < 64; k++) {
			int fd = open(r->path, O_RDONLY);
			ssize_t n;

			if (fd < 0) {
				r->failed = 1;
				return NULL;
			}
			while ((n = read(fd, buf, sizeof(buf))) > 0)
				;
			close(fd);
			r->reads++;
		}
	}
	return NULL;
}

static double read_rate(const char *path, int threads, double secs)
{
	pthread_t tid[8];
	struct reader r[8];
	double total = 0;

	for (int i = 0; i < threads; i++) {
		r[i] = (struct reader){ .path = path, .until = now() + secs };
		pthread_create(&tid[i], NULL, reader_loop, &r[i]);
	}
	for (int i = 0; i < threads; i++) {
		pthread_join(tid[i], NULL);
		if (r[i].failed) {
			fprintf(stderr, "bench: cannot read %s\n", path);
			exit(1);
		}
		total += (double)r[i].reads;
	}
	return total / secs;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define READ_ROUNDS_MAX	64

/*
 * CPU time of process @pid's threads in seconds, from each one's schedstat
 * (nanoseconds, where utime and stime are sampled at ticks); 0 when unknown.
 * libfuse keeps its worker threads, so none takes its time away on exit.
 */
static double process_cpu(int pid)
{
	g_autofree char *dir = g_strdup_printf("/proc/%d/task", pid);
	GDir *d = pid > 0 ? g_dir_open(dir, 0, NULL) : NULL;
	unsigned long long sum = 0;
	const char *tid;

	while (d && (tid = g_dir_read_name(d))) {
		g_autofree char *path = g_strdup_printf("%s/%s/schedstat", dir, tid);
		g_autofree char *text = NULL;

		if (g_file_get_contents(path, &text, NULL, NULL))
			sum += g_ascii_strtoull(text, NULL, 10);
	}
	if (d)
		g_dir_close(d);
	return (double)sum / 1e9;
}

/*
 * Rates of every file with 1 and 2 reader threads, and each beside the
 * first two files (the empty and the static FUSE files of fuse_read.sh).
 * On a loaded machine the load drifts from one second to the next, so the
 * files take turns in short passes, round after round (BENCH_ROUNDS, 9 by
 * default), and a ratio is the median of the ratios within each round:
 * both sides of it saw the same load. A FILE given as PATH@PID names the
 * daemon serving it: its CPU time per open+read+close (both thread counts
 * together) is the one figure the load hardly moves.
 */
static void bench_read(int nfiles, char **args)
{
	const char *env = getenv("BENCH_ROUNDS");
	int rounds = CLAMP(env ? atoi(env) : 9, 1, READ_ROUNDS_MAX);
	static double rate[2][16][READ_ROUNDS_MAX];
	double cpu[16] = { 0 }, ops[16] = { 0 };
	char *files[16];
	int pids[16];

	nfiles = MIN(nfiles, 16);
	for (int f = 0; f < nfiles; f++) {
		char *at = strrchr(args[f], '@');

		pids[f] = at ? atoi(at + 1) : 0;
		files[f] = at ? g_strndup(args[f], (gsize)(at - args[f])) : g_strdup(args[f]);
	}
	for (int t = 0; t < 2; t++)
		for (int r = 0; r < rounds; r++)
			for (int f = 0; f < nfiles; f++) {
				double c0 = process_cpu(pids[f]);

				rate[t][f][r] = read_rate(files[f], t + 1, 0.4);
				cpu[f] += process_cpu(pids[f]) - c0;
				ops[f] += rate[t][f][r] * 0.4;
			}
	printf("%-36s %11s %11s %9s %9s %9s %9s %9s\n", "open+read+close", "1 thread/s",
	       "2 threads/s", "1t/empty", "1t/static", "2t/empty", "2t/static", "daemon us");
	for (int f = 0; f < nfiles; f++) {
		double med[2], ratio[2][2];

		for (int t = 0; t < 2; t++) {
			double v[READ_ROUNDS_MAX];

			for (int ref = 0; ref < 2; ref++) {
				for (int r = 0; r < rounds; r++)
					v[r] = rate[t][f][r] / MAX(rate[t][MIN(ref, nfiles - 1)][r], 1.0);
				ratio[t][ref] = median(v, rounds);
			}
			memcpy(v, rate[t][f], sizeof(double) * (size_t)rounds);
			med[t] = median(v, rounds);
		}
		printf("%-36s %11.0f %11.0f %8.2fx %8.2fx %8.2fx %8.2fx", files[f], med[0], med[1],
		       ratio[0][0], ratio[0][1], ratio[1][0], ratio[1][1]);
		if (pids[f])
			printf(" %9.1f", cpu[f] / MAX(ops[f], 1.0) * 1e6);
		printf("\n");
		g_free(files[f]);
	}
}

/*
 * What one render of @path costs, in instructions: the show handler alone
 * (meminfo_show for proc/meminfo), collected by callgrind over @n renders
 * into buffers as an open makes them. The handler's own name is what
 * callgrind's --toggle-collect needs: see callgrind_count().
 */
static void bench_render_loop(const char *path, int n)
{
	char err[256];
	struct machine *m = machine_boot(machine_preset("default"), 1, err, sizeof(err));
	struct pfs_tree *t = m ? pfs_tree_new(m) : NULL;
	size_t len = 0;

	/* an open's buffer starts at the file's last size (pfs_node.size_hint) */
	if (!t) {
		fprintf(stderr, "bench: boot: %s\n", err);
		exit(1);
	}
	for (int i = 0; i < n; i++) {
		GString *out = g_string_sized_new(len);

		if (pfs_render(t, path, out)) {
			fprintf(stderr, "bench: cannot render %s\n", path);
			exit(1);
		}
		len = out->len;
		g_string_free(out, TRUE);
	}
	printf("%s: %zu bytes\n", path, len);
	pfs_tree_free(t);
	machine_free(m);
}

static void bench_render(void)
{
	static const struct { const char *path, *handler; } files[] = {
		{ "proc/meminfo", "meminfo_show" },
		{ "proc/zoneinfo", "zoneinfo_show" },
		{ "proc/vmstat", "vmstat_show" },
		{ "proc/1/status", "status_show" },
		{ "proc/1/stat", "stat_show" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		const char *const args[] = { "--render", files[i].path, "100", NULL };
		double ir = callgrind_count(args, files[i].handler, 100, false);

		if (ir < 0) {
			printf("%-28s %12s\n", "render (callgrind)", "no valgrind");
			return;
		}
		printf("%-28s %12.0f instructions (%s)\n", "render, callgrind", ir, files[i].path);
	}
}

/* The host's own anonymous write faults: mmap, touch every page, munmap. */
static double host_faults_per_sec(size_t bytes, int rounds)
{
	double t0 = now();

	for (int r = 0; r < rounds; r++) {
		volatile char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED) {
			perror("bench: mmap");
			exit(1);
		}
		for (size_t off = 0; off < bytes; off += 4096)
			p[off] = 1;
		munmap((void *)p, bytes);
	}
	return (double)(bytes / 4096) * rounds / (now() - t0);
}

static struct task_struct *bench_task(struct machine *m)
{
	struct spawn_args a = { .comm = "bench" };
	int pid = task_spawn(m, &a);

	if (pid < 0) {
		fprintf(stderr, "bench: spawn failed\n");
		exit(1);
	}
	return find_task_by_pid(m, pid);
}

/* The same through the engine: mmap, touch (write), munmap, on a 16 GiB machine. */
static void bench_faults(void)
{
	const uint64_t bytes = SZ_1G;
	double secs, t0, sim, host;
	struct machine *m = boot_size(16 * SZ_1G, &secs);
	struct task_struct *t = bench_task(m);
	int rounds = 4;

	t0 = now();
	for (int r = 0; r < rounds; r++) {
		uint64_t addr = 0;

		if (do_mmap(m, t, &addr, bytes, 3, MAP_PRIVATE_ | MAP_ANONYMOUS_, NULL, 0, NULL) ||
		    access_range(m, t, addr, bytes, true, NULL) || do_munmap(m, t, addr, bytes)) {
			fprintf(stderr, "bench: simulated faults failed\n");
			exit(1);
		}
	}
	sim = (double)(bytes / 4096) * rounds / (now() - t0);
	host = host_faults_per_sec(256 * SZ_1M, rounds);
	printf("%-28s %12.0f faults/s\n", "simulated anon write faults", sim);
	printf("%-28s %12.0f faults/s\n", "host anon write faults", host);
	printf("%-28s %12.1f x\n", "simulated / host", sim / host);
	machine_free(m);
}

/*
 * The OOM killer's cost: a 64 GiB victim from the decision to its memory
 * back on the free lists (scan, report, kill, exit_mmap), then kills on a
 * machine of 10 000 tasks, each scanning all of them.
 */
static void bench_oom(void)
{
	struct oom_control oc = { .gfp_mask = GFP_HIGHUSER_MOVABLE, .order = 0 };
	double secs, t0, one;
	struct machine *m = boot_size(68 * SZ_1G, &secs);
	struct task_struct *t = bench_task(m);
	uint64_t addr = 0;
	int kills = 100, ntasks = 10000;

	if (do_mmap(m, t, &addr, 64 * SZ_1G, 3, MAP_PRIVATE_ | MAP_ANONYMOUS_ | MAP_NORESERVE_,
		    NULL, 0, NULL) || access_range(m, t, addr, 64 * SZ_1G, true, NULL)) {
		fprintf(stderr, "bench: setting up the OOM victim failed\n");
		exit(1);
	}
	t0 = now();
	if (!out_of_memory(m, &oc)) {
		fprintf(stderr, "bench: no OOM kill\n");
		exit(1);
	}
	one = now() - t0;
	printf("%-28s %12.3f ms\n", "OOM kill, 64 GiB victim", one * 1e3);
	machine_free(m);

	m = boot_size(16 * SZ_1G, &secs);
	m->sysctl.oom_dump_tasks = 0;
	for (int i = 0; i < ntasks; i++)
		bench_task(m);
	t0 = now();
	for (int i = 0; i < kills; i++)
		if (!out_of_memory(m, &oc)) {
			fprintf(stderr, "bench: no OOM kill\n");
			exit(1);
		}
	printf("%-28s %12.0f kills/s (%d tasks)\n", "OOM kill decisions", kills / (now() - t0),
	       ntasks);
 * The page cache: 1 GiB dirtied with write(2) and written back by the
 * flusher over simulated time (the disk made fast enough not to matter
 * here), then 1 GiB of cache hits read back with read(2), 1 MiB a call.
 */
static void bench_page_cache(void)
{
	const uint64_t bytes = SZ_1G;
	double secs, t0, wrote, hits;
	struct machine *m = boot_size(16 * SZ_1G, &secs);
	struct task_struct *t = bench_task(m);
	uint64_t done, wait;
	int rounds = 4;

	m->sysctl.dirty_background_ratio = 1;	/* the flusher runs all along */
	filemap_create(m, "/bench", 0);
	t0 = now();
	for (int r = 0; r < rounds; r++) {
		if (vfs_write(m, t, "/bench", 0, bytes, false, &done, &wait) || done != bytes) {
			fprintf(stderr, "bench: page cache write failed\n");
			exit(1);
		}
		while (global_node_page_state(m, NR_FILE_DIRTY) || global_node_page_state(m, NR_WRITEBACK)) {
			machine_advance(m, 100 * NSEC_PER_MSEC);
			if (getenv("BENCH_DEBUG"))
				fprintf(stderr, "%lu dirty %lu wb %lu\n", (unsigned long)(sim_clock_now(&m->clock) / 1000000),
					global_node_page_state(m, NR_FILE_DIRTY), global_node_page_state(m, NR_WRITEBACK));
		}
	}
	wrote = (double)(bytes / 4096) * rounds / (now() - t0);
	t0 = now();
	for (int r = 0; r < rounds; r++)
		for (uint64_t pos = 0; pos < bytes; pos += SZ_1M)
			if (vfs_read(m, t, "/bench", pos, SZ_1M, &done, &wait) || done != SZ_1M) {
				fprintf(stderr, "bench: page cache read failed\n");
				exit(1);
			}
	hits = (double)(bytes / 4096) * rounds / (now() - t0);
	printf("%-28s %12.0f pages/s\n", "dirtied and written back", wrote);
	printf("%-28s %12.0f pages/s\n", "buffered reads, cache hits", hits);
	machine_free(m);
}

/* fork of a task with 1 GiB of anonymous memory resident, then its exit. */
static void bench_fork(void)
{
	double secs, t0, forked;
	struct machine *m = boot_size(16 * SZ_1G, &secs);
	struct task_struct *t = bench_task(m);
	uint64_t addr = 0;
	int pid;

	if (do_mmap(m, t, &addr, SZ_1G, 3, MAP_PRIVATE_ | MAP_ANONYMOUS_, NULL, 0, NULL) ||
	    access_range(m, t, addr, SZ_1G, true, NULL)) {
		fprintf(stderr, "bench: setting up fork failed\n");
		exit(1);
	}
	t0 = now();
	pid = task_fork(m, t);
	forked = now() - t0;
	if (pid < 0) {
		fprintf(stderr, "bench: fork failed\n");
		exit(1);
	}
	t0 = now();
	task_exit(m, find_task_by_pid(m, pid), 0, false);
	printf("%-28s %12.3f ms (exit %.3f ms)\n", "fork, 1 GiB resident", forked * 1e3,
	       (now() - t0) * 1e3);
	machine_free(m);
}

/*
 * Reads of 64 GiB of untouched memory: the zero page everywhere, 32768 PTE
 * tables (128 MiB of simulated PageTables), and what they cost the host.
 */
static void bench_zero_read(void)
{
	const uint64_t bytes = 64 * SZ_1G;
	double secs, t0, rate;
	struct machine *m = boot_size(16 * SZ_1G, &secs);
	struct task_struct *t = bench_task(m);
	unsigned long tables = global_node_page_state(m, NR_PAGETABLE);
	size_t heap = heap_in_use();
	uint64_t addr = 0;

	t0 = now();
	if (do_mmap(m, t, &addr, bytes, 1, MAP_PRIVATE_ | MAP_ANONYMOUS_, NULL, 0, NULL) ||
	    access_range(m, t, addr, bytes, false, NULL)) {
		fprintf(stderr, "bench: zero-page reads failed\n");
		exit(1);
	}
	rate = (double)(bytes / 4096) / (now() - t0);
	tables = global_node_page_state(m, NR_PAGETABLE) - tables;
	printf("%-28s %12.0f faults/s\n", "simulated zero-page reads", rate);
	printf("%-28s %12.0f bytes (simulated 4096, %lu tables)\n", "host cost per PTE table",
	       (double)(heap_in_use() - heap) / (double)tables, tables);
	machine_free(m);
}

/* Read [off, off + len) of @path in the tree as root, @chunk bytes a read, as a tool would. */
static void tree_read_range(struct pfs_tree *t, const char *path, uint64_t off, uint64_t len,
			    size_t chunk)
{
	struct pfs_node *n = pfs_resolve(t, path);
	struct pfs_open *of;

	if (!n || pfs_open(t, n, O_RDONLY, 0, 0, &of)) {
		fprintf(stderr, "bench: cannot open %s\n", path);
		exit(1);
	}
	for (uint64_t pos = off; pos < off + len;) {
		g_autofree char *data = NULL;
		ssize_t got = pfs_read(t, of, pos, (size_t)MIN(chunk, off + len - pos), &data);

		if (got <= 0) {
			fprintf(stderr, "bench: reading %s at %llu: %zd\n", path,
				(unsigned long long)pos, got);
			exit(1);
		}
		pos += (uint64_t)got;
	}
	pfs_release(of);
}

/*
 * /proc/PID/pagemap of a 1 GiB mapping, read whole in 64 KiB reads as
 * page-types and working-set tools do: resident (a PFN per entry) and
 * untouched (a walk that finds no tables).
 */
static void bench_pagemap(void)
{
	double secs, t0;
	struct machine *m = boot_size(16 * SZ_1G, &secs);
	struct pfs_tree *tree = pfs_tree_new(m);
	struct task_struct *t = bench_task(m);
	g_autofree char *path = g_strdup_printf("proc/%d/pagemap", t->pid);
	uint64_t addr = 0, empty = 0;
	int rounds = 8;

	if (do_mmap(m, t, &addr, SZ_1G, 3, MAP_PRIVATE_ | MAP_ANONYMOUS_, NULL, 0, NULL) ||
	    access_range(m, t, addr, SZ_1G, true, NULL) ||
	    do_mmap(m, t, &empty, SZ_1G, 3, MAP_PRIVATE_ | MAP_ANONYMOUS_, NULL, 0, NULL)) {
		fprintf(stderr, "bench: setting up pagemap failed\n");
		exit(1);
	}
	t0 = now();
	for (int r = 0; r < rounds; r++)
		tree_read_range(tree, path, addr / 4096 * 8, SZ_1G / 4096 * 8, 64 << 10);
	printf("%-28s %12.1f ranges/s\n", "pagemap, 1 GiB resident", rounds / (now() - t0));
	t0 = now();
	for (int r = 0; r < rounds; r++)
		tree_read_range(tree, path, empty / 4096 * 8, SZ_1G / 4096 * 8, 64 << 10);
	printf("%-28s %12.1f ranges/s\n", "pagemap, 1 GiB untouched", rounds / (now() - t0));
	pfs_tree_free(tree);
	machine_free(m);
}

/* /proc/kpageflags of a 64 GiB machine, every PFN, in 1 MiB reads: host seconds */
static void bench_kpageflags(void)
{
	double secs, t0;
	struct machine *m = boot_size(64 * SZ_1G, &secs);
	struct pfs_tree *tree = pfs_tree_new(m);

	t0 = now();
	tree_read_range(tree, "proc/kpageflags", 0, (uint64_t)m->max_pfn * 8, SZ_1M);
	printf("%-28s %12.3f s (%lu PFNs)\n", "kpageflags, 64 GiB machine", now() - t0, m->max_pfn);
	pfs_tree_free(tree);
	machine_free(m);
}

struct resched_args {
	struct machine *m;
	const char *what;		/* the reader wait line's name */
	volatile int done;
};

static void *resched_reader(void *arg)
{
	struct resched_args *a = arg;
	double worst = 0, sum = 0;
	long n = 0;

	while (!a->done) {
		double t0 = now(), w;

		machine_lock(a->m);
		machine_unlock(a->m);
		w = now() - t0;
		worst = MAX(worst, w);
		sum += w;
		n++;
		g_usleep(1000);
	}
	printf("%-28s %12.3f ms (mean %.3f ms, %ld reads)\n", a->what, worst * 1e3,
	       n ? sum / (double)n * 1e3 : 0.0, n);
	return NULL;
}

/* A writer faulting 64 GiB in lets readers in between faults (cond_resched): how long they wait. */
static void bench_resched(void)
{
	double secs;
	struct resched_args a = { .m = boot_size(16 * SZ_1G, &secs), .what = "reader wait, 64 GiB touch" };
	struct task_struct *t = bench_task(a.m);
	uint64_t addr = 0;
	pthread_t reader;

	machine_write_lock(a.m);
	pthread_create(&reader, NULL, resched_reader, &a);
	if (do_mmap(a.m, t, &addr, 64 * SZ_1G, 1, MAP_PRIVATE_ | MAP_ANONYMOUS_, NULL, 0, NULL) ||
	    access_range(a.m, t, addr, 64 * SZ_1G, false, NULL)) {
		fprintf(stderr, "bench: the long touch failed\n");
		exit(1);
	}
	machine_write_unlock(a.m);
	a.done = 1;
	pthread_join(reader, NULL);
	machine_free(a.m);
}

#define PAIR_RUNS	1000

/* One kmalloc(64)+kfree pair: what callgrind counts (--toggle-collect). */
static uint64_t pair_addr;

static __attribute__((noinline)) void kmalloc_pair_once(struct machine *m)
{
	if (kmalloc(m, 64, GFP_KERNEL, &pair_addr, NULL) || kfree(m, pair_addr))
		exit(1);
}

/* bench --kmalloc-pair: PAIR_RUNS hot pairs after a warm-up, for callgrind_count() */
static void kmalloc_pair_runs(void)
{
	char err[256];
	struct machine *m = machine_boot(machine_preset("tiny"), 1, err, sizeof(err));

	if (!m)
		exit(1);
	for (int i = 0; i < 16; i++)
		kmalloc_pair_once(m);
	for (int i = 0; i < PAIR_RUNS; i++)
		kmalloc_pair_once(m);
	machine_free(m);
}

/* the instructions of the kmalloc(64) and kfree calls of one pair */
static void bench_kmalloc_pair_count(void)
{
	static const char *const args[] = { "--kmalloc-pair", NULL };
	double n = callgrind_count(args, "kmalloc_pair_once", PAIR_RUNS + 16, true);

	if (n < 0)
		printf("%-28s %12s\n", "kmalloc(64)+kfree", "(no valgrind)");
	else
		printf("%-28s %12.1f instructions (callgrind)\n", "kmalloc(64)+kfree", n);
}

/*
 * machine_check() of a 1 TiB machine: the first run (its memmap read for
 * the first time), a second one, and the wait of a reader while a writer
 * (as sim/ctl's check verb) runs it: one slice of CHECK_SLICE_PAGES.
 */
static void bench_check(void)
{
	double secs, t0;
	struct resched_args a = { .m = boot_size(1024 * SZ_1G, &secs), .what = "reader wait, 1 TiB check" };
	pthread_t reader;
	int bad;

	t0 = now();
	bad = machine_check(a.m);
	printf("%-28s %12.3f s\n", "check 1 TiB, first", now() - t0);
	t0 = now();
	bad |= machine_check(a.m);
	printf("%-28s %12.3f s\n", "check 1 TiB, again", now() - t0);
	pthread_create(&reader, NULL, resched_reader, &a);
	g_usleep(10000);
	machine_write_lock(a.m);
	t0 = now();
	bad |= machine_check(a.m);
	printf("%-28s %12.3f s\n", "check 1 TiB, readers in", now() - t0);
	machine_write_unlock(a.m);
	a.done = 1;
	pthread_join(reader, NULL);
	if (bad) {
		fprintf(stderr, "bench: the 1 TiB machine does not check\n");
		exit(1);
	}
	machine_free(a.m);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--kmalloc-pair")) {
		kmalloc_pair_runs();
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--read")) {
		bench_read(argc - 2, argv + 2);
		return 0;
	}
	if (argc > 3 && !strcmp(argv[1], "--render")) {
		bench_render_loop(argv[2], atoi(argv[3]));
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--page-pair")) {	/* what callgrind_count() measures */
		bench_page_pair();
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--check")) {
		bench_check();
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--pagemap")) {	/* the page-level readers alone */
		bench_pagemap();
		bench_kpageflags();
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--oom")) {
		bench_oom();
	if (argc > 1 && !strcmp(argv[1], "--page-cache")) {
		bench_page_cache();
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--faults")) {	/* for profiling the fault path */
		bench_faults();
		return 0;
	}
	bench_alloc("alloc+free order 0", false);
	bench_alloc("alloc+free orders 0..3", true);
	bench_page_pair_count();
	bench_kmem_cache();
	bench_kmalloc();
	bench_kmalloc_pair_count();
	bench_bio();
	bench_render();
	bench_faults();
	bench_page_cache();
	bench_fork();
	bench_oom();
	bench_zero_read();
	bench_pagemap();
	bench_kpageflags();
	bench_resched();
	bench_check();
	bench_boot();
	return 0;
}
