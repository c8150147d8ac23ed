/* meterd 1.14.2: a smart-meter reading collector for memline's h10-jemalloc-* incident.
 *
 *   MALLOC_CONF=prof:true,prof_final:true,prof_prefix:DIR/jeprof,lg_prof_interval:23,lg_prof_sample:16 \
 *     ./meterd SECONDS LOG
 *
 * jemalloc itself writes the heap profiles: DIR/jeprof.<pid>.<seq>.i<n>.heap every 8 MiB allocated and
 * DIR/jeprof.<pid>.<seq>.f.heap at exit (prof_final).
 * At start:
 *   tariff_grid_load       builds the 15-minute tariff grid of every supply zone once: 9,800 slabs of 4 KiB
 *                          (~38 MiB), kept for the process's life (never freed, never grows)
 * Four collector threads take ~110 meter readings/s each. Per reading:
 *   reading_decode         a 2-5 KiB DLMS frame scratch buffer, freed at once (churn)
 *   dedup_window_remember  remembers the reading's (meter, sequence) in the duplicate-suppression window
 *                          (180-620 bytes); the window is meant to be pruned after 15 min, but the prune compares
 *                          the entry's time in ms with a cutoff in s and never removes anything: a leak
 * Every 8 s the upload thread runs batch_encode: the readings of the last interval compressed for the head end,
 * a 3-6 MiB buffer held ~0.5 s and freed.
 * Stats lines go to LOG every 5 s. SIGTERM stops it cleanly (exit 0: prof_final dump).
 */
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t running = 1;
static FILE *logf;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned long readings, window_len, batches;

static void logline(const char *lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logline(const char *lvl, const char *fmt, ...) {
  struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm; gmtime_r(&ts.tv_sec, &tm);
  char b[64]; strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%S", &tm);
  fprintf(logf, "%s.%06ldZ meterd[%d] %s: ", b, ts.tv_nsec / 1000, (int)getpid(), lvl);
  va_list ap; va_start(ap, fmt); vfprintf(logf, fmt, ap); va_end(ap);
  fputc('\n', logf); fflush(logf);
}

static unsigned rnd(unsigned *s) { *s = *s * 1103515245u + 12345u; return (*s >> 8) & 0xffffff; }

struct slab { struct slab *next; char cells[4088]; };
static struct slab *grid;

__attribute__((noinline)) void tariff_grid_load(void) {
  for (int i = 0; i < 9800; i++) {
    struct slab *g = malloc(sizeof *g);
    memset(g->cells, 'T', sizeof g->cells);
    snprintf(g->cells, sizeof g->cells, "zone=%d slot=%d ct_kwh=%d", i / 96, i % 96, 2800 + i % 700);
    g->next = grid; grid = g;
  }
}

__attribute__((noinline)) char *reading_decode(unsigned meter, unsigned *s) {
  size_t n = 2048 + rnd(s) % 3072;
  char *b = malloc(n);
  memset(b, 'd', n);
  snprintf(b, n, "meter=%u obis=1.8.0", meter);
  return b;
}

struct seen { struct seen *next; long long at_ms; unsigned meter, seq; size_t len; char raw[]; };
static struct seen *window;

__attribute__((noinline)) void dedup_window_remember(unsigned meter, unsigned seq, unsigned *s) {
  size_t n = 180 + rnd(s) % 440;
  struct seen *e = malloc(sizeof *e + n);
  struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
  e->at_ms = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
  e->meter = meter; e->seq = seq; e->len = n;
  memset(e->raw, 'r', n);
  snprintf(e->raw, n, "meter=%u seq=%u", meter, seq);
  e->next = window; window = e; window_len++;
}

static void window_prune(void) { /* called every 5 s: drop entries older than 15 min */
  time_t cutoff = time(NULL) - 900; /* seconds ... */
  struct seen **pp = &window;
  while (*pp) {
    if ((*pp)->at_ms < cutoff) { struct seen *d = *pp; *pp = d->next; free(d); window_len--; } /* ... vs ms */
    else pp = &(*pp)->next;
  }
}

__attribute__((noinline)) void batch_encode(unsigned n, unsigned *s) {
  size_t len = (3u << 20) + rnd(s) % (3u << 20);
  char *b = malloc(len);
  memset(b, (int)(n & 0x7f), len);
  usleep(500000);
  free(b);
  batches++;
}

static void *collector(void *arg) {
  unsigned s = (unsigned)(uintptr_t)arg * 7919u + 17u, seq = 0;
  struct timespec tick = {0, 9000000}; /* ~110 readings/s per thread */
  while (running) {
    unsigned meter = 400000 + rnd(&s) % 60000;
    char *f = reading_decode(meter, &s);
    pthread_mutex_lock(&mu);
    dedup_window_remember(meter, ++seq, &s);
    readings++;
    pthread_mutex_unlock(&mu);
    free(f);
    nanosleep(&tick, NULL);
  }
  return NULL;
}

static void *uploader(void *arg) {
  unsigned s = 99u, n = 0;
  (void)arg;
  while (running) {
    for (int i = 0; i < 80 && running; i++) usleep(100000);
    if (running) batch_encode(++n, &s);
  }
  return NULL;
}

static void stop(int sig) { (void)sig; running = 0; }

int main(int argc, char **argv) {
  int seconds = argc > 1 ? atoi(argv[1]) : 60;
  logf = argc > 2 ? fopen(argv[2], "a") : stderr;
  signal(SIGTERM, stop); signal(SIGINT, stop);
  logline("info", "meterd 1.14.2 starting (collectors=4, head_end=he-3.grid.local:4059)");
  tariff_grid_load();
  logline("info", "tariff grid loaded: 9800 slabs, zones=102");
  pthread_t t[5];
  for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, collector, (void *)(uintptr_t)(i + 1));
  pthread_create(&t[4], NULL, uploader, NULL);
  for (int i = 0; i < seconds && running; i++) {
    sleep(1);
    if (i % 5 == 4) {
      pthread_mutex_lock(&mu);
      window_prune();
      logline("info", "stats readings=%lu dedup_window=%lu batches=%lu", readings, window_len, batches);
      pthread_mutex_unlock(&mu);
    }
  }
  running = 0;
  for (int i = 0; i < 5; i++) pthread_join(t[i], NULL);
  logline("info", "meterd stopping (readings=%lu)", readings);
  return 0;
}
