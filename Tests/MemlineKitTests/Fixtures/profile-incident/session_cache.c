/* A C service that records a native heap incident under jemalloc's heap profiler (see record.sh).
 *
 *   MALLOC_CONF=prof:true,lg_prof_sample:14 LD_PRELOAD=libjemalloc.so.2 ./session_cache SCENARIO SECONDS OUTDIR
 *
 * Twenty requests a second; each one
 *   - renders a page into a 256 KiB buffer and frees it (transient: big, never retained);
 *   - pushes a 4 KiB line into a 64-slot log ring that frees the oldest (bounded);
 *   - leak: stores a 32 KiB session in a list that is never pruned (session_store_put, the planted culprit);
 *     healthy: the list keeps the last 100 sessions.
 * At 20%, 55% and 90% of the run it asks jemalloc for a heap profile (mallctl "prof.dump", as an on-demand
 * dump endpoint would), named like jemalloc's own manual dumps, <prefix>.<pid>.<seq>.m<n>.heap, with the
 * UTC time in the prefix: jeprof-20261122T054000Z.1234.0.m0.heap.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef int (*mallctl_fn)(const char *, void *, size_t *, void *, size_t);

static char **sessions;
static size_t session_count, session_capacity;
static char *log_ring[64];
static size_t log_next;
static volatile unsigned long checksum;

__attribute__((noinline)) static void session_store_put(int id, int keep_all) {
    char *session = malloc(32 * 1024);
    memset(session, 'a' + id % 26, 32 * 1024);
    if (session_count == session_capacity) {
        session_capacity = session_capacity ? session_capacity * 2 : 256;
        sessions = realloc(sessions, session_capacity * sizeof *sessions);
    }
    sessions[session_count++] = session;
    if (!keep_all && session_count > 100) {
        free(sessions[0]);
        memmove(sessions, sessions + 1, (session_count - 1) * sizeof *sessions);
        session_count--;
    }
}

__attribute__((noinline)) static void render_page(int id) {
    char *page = malloc(256 * 1024);
    memset(page, 'p', 256 * 1024);
    page[id % 1024] = 'x';
    checksum += (unsigned char)page[(id * 7) % (256 * 1024)];
    free(page);
}

__attribute__((noinline)) static void log_ring_push(int id) {
    free(log_ring[log_next]);
    log_ring[log_next] = malloc(4096);
    snprintf(log_ring[log_next], 4096, "request %d served", id);
    log_next = (log_next + 1) % 64;
}

static void dump(const char *out, int n) {
    mallctl_fn mallctl = (mallctl_fn)dlsym(RTLD_DEFAULT, "mallctl");
    if (!mallctl) {
        fprintf(stderr, "mallctl not found: run with LD_PRELOAD=libjemalloc.so.2\n");
        return;
    }
    char name[256];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    snprintf(name, sizeof name, "%s/jeprof-%04d%02d%02dT%02d%02d%02dZ.%d.%d.m%d.heap", out, tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)getpid(), n, n);
    const char *p = name;
    if (mallctl("prof.dump", NULL, NULL, &p, sizeof p) != 0) fprintf(stderr, "prof.dump failed\n");
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: session_cache leak|healthy SECONDS OUTDIR\n");
        return 2;
    }
    int keep_all = strcmp(argv[1], "leak") == 0;
    double seconds = atof(argv[2]);
    const double marks[3] = {0.2, 0.55, 0.9};
    int dumps = 0;
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int id = 1;; id++) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        double elapsed = (now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9;
        if (elapsed >= seconds) break;
        render_page(id);
        log_ring_push(id);
        session_store_put(id, keep_all);
        if (dumps < 3 && elapsed >= marks[dumps] * seconds) dump(argv[3], dumps++);
        usleep(50 * 1000);
    }
    return (int)(checksum & 1);
}
