/* ledgerd: a toy ledger service (three threads) linked with jemalloc, recorded for memline's
 * h3-jemalloc-pid-seq incident.
 *   fx_rates_load     - at start: loads the FX rate matrix (96 MiB, filled) and keeps it for the process's
 *                       life: the biggest allocation in every heap profile, but flat.
 *   journal_append    - ingest thread, every posting: appends a 160-1100 byte record to the in-memory
 *                       write-ahead journal. checkpoint() is meant to release the journal up to the checkpoint,
 *                       but only resets its counters: the records are never freed (the leak).
 *   compact_snapshot  - compactor thread, every ~4 s: builds a 36-52 MiB snapshot in 4 MiB slabs, writes it out,
 *                       frees it ~1 s later (big, transient).
 *   decode_frame      - per posting, a 2-8 KiB scratch buffer, freed at once.
 * Usage: ledgerd SECONDS */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

static atomic_int stop;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#include <stdarg.h>
static void logf_(const char *fmt, ...) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    pthread_mutex_lock(&log_lock);
    fprintf(stderr, "%s.%03ldZ ledgerd[%d]: ", stamp, ts.tv_nsec / 1000000, (int)getpid());
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
    pthread_mutex_unlock(&log_lock);
}

static uint64_t xorshift(uint64_t *s) {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void sleep_ms(long ms) {
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

/* ---- fx rates: big, allocated once, kept ------------------------------------------------------ */
#define FX_CCY 3500
static double *fx_matrix; /* FX_CCY x FX_CCY mid rates: 98 MB */

NOINLINE static void fx_rates_load(void) {
    size_t n = (size_t)FX_CCY * FX_CCY;
    fx_matrix = malloc(n * sizeof(double));
    for (size_t i = 0; i < n; i++) fx_matrix[i] = 1.0 + (double)(i % 9973) / 10000.0;
    logf_("fx: loaded %d x %d rate matrix (%zu MB)", FX_CCY, FX_CCY, n * sizeof(double) >> 20);
}

/* ---- journal: the leak ------------------------------------------------------------------------ */
struct jrec {
    uint64_t seq;
    uint32_t account, len;
    struct jrec *next;
    char payload[];
};
static struct jrec *journal_head, *journal_tail;
static uint64_t journal_seq, journal_live, journal_bytes_since_ckpt;
static pthread_mutex_t journal_lock = PTHREAD_MUTEX_INITIALIZER;

NOINLINE static void journal_append(uint32_t account, const char *posting, uint32_t len) {
    struct jrec *r = malloc(sizeof *r + len);
    r->seq = ++journal_seq;
    r->account = account;
    r->len = len;
    r->next = NULL;
    memcpy(r->payload, posting, len);
    pthread_mutex_lock(&journal_lock);
    if (journal_tail) journal_tail->next = r; else journal_head = r;
    journal_tail = r;
    journal_live++;
    journal_bytes_since_ckpt += len;
    pthread_mutex_unlock(&journal_lock);
}

/* Meant to drop the records up to the checkpoint; forgets to free them (and keeps the list). */
NOINLINE static void checkpoint(int n) {
    pthread_mutex_lock(&journal_lock);
    uint64_t bytes = journal_bytes_since_ckpt;
    journal_bytes_since_ckpt = 0;
    journal_live = 0;
    pthread_mutex_unlock(&journal_lock);
    logf_("checkpoint %d: journal truncated at seq %llu (%llu bytes since last checkpoint)", n,
          (unsigned long long)journal_seq, (unsigned long long)bytes);
}

/* ---- ingest thread ---------------------------------------------------------------------------- */
NOINLINE static uint64_t decode_frame(uint64_t *rng, char *out, uint32_t *outlen) {
    size_t sz = 2048 + xorshift(rng) % 6144;
    char *scratch = malloc(sz);
    memset(scratch, 'f', sz);
    uint32_t len = 160 + xorshift(rng) % 940;
    memcpy(out, scratch, len);
    *outlen = len;
    uint64_t sum = (uint64_t)scratch[sz - 1];
    free(scratch);
    return sum;
}

static void *ingest_main(void *arg) {
    (void)arg;
    uint64_t rng = 0x9E3779B97F4A7C15ULL;
    char posting[1200];
    uint64_t postings = 0;
    while (!atomic_load(&stop)) {
        for (int i = 0; i < 6; i++) { /* ~6 postings per 20 ms: ~300/s */
            uint32_t len;
            decode_frame(&rng, posting, &len);
            journal_append((uint32_t)(xorshift(&rng) % 50000), posting, len);
            postings++;
        }
        sleep_ms(20);
    }
    logf_("ingest: stopped after %llu postings", (unsigned long long)postings);
    return NULL;
}

/* ---- compactor thread: big transient ---------------------------------------------------------- */
#define SLAB (4u << 20)

NOINLINE static size_t compact_snapshot(uint64_t *rng, int n) {
    int slabs = 9 + (int)(xorshift(rng) % 5); /* 36-52 MiB */
    char *slab[16];
    for (int i = 0; i < slabs; i++) {
        slab[i] = malloc(SLAB);
        memset(slab[i], 'a' + i, SLAB);
        sleep_ms(40);
    }
    sleep_ms(600); /* write the snapshot out */
    size_t total = 0;
    for (int i = 0; i < slabs; i++) { total += (unsigned char)slab[i][SLAB - 1]; free(slab[i]); }
    logf_("compactor: snapshot %d written (%d MB)", n, slabs * 4);
    return total;
}

static void *compactor_main(void *arg) {
    (void)arg;
    uint64_t rng = 0xC0FFEE1234567ULL;
    int n = 0;
    sleep_ms(2500);
    while (!atomic_load(&stop)) {
        compact_snapshot(&rng, ++n);
        for (int i = 0; i < 34 && !atomic_load(&stop); i++) sleep_ms(100);
        if (n % 4 == 0) checkpoint(n / 4);
    }
    return NULL;
}

int main(int argc, char **argv) {
    int seconds = argc > 1 ? atoi(argv[1]) : 120;
    logf_("ledgerd 3.2.1 starting (jemalloc, pid %d)", (int)getpid());
    fx_rates_load();
    pthread_t ingest, compactor;
    pthread_create(&ingest, NULL, ingest_main, NULL);
    pthread_create(&compactor, NULL, compactor_main, NULL);
    logf_("ready: ingest + compactor threads running");
    for (int s = 0; s < seconds; s++) {
        sleep_ms(1000);
        double probe = fx_matrix[(size_t)s * 7919 % ((size_t)FX_CCY * FX_CCY)];
        (void)probe;
    }
    atomic_store(&stop, 1);
    pthread_join(ingest, NULL);
    pthread_join(compactor, NULL);
    logf_("shutting down after %d s", seconds);
    return 0;
}
