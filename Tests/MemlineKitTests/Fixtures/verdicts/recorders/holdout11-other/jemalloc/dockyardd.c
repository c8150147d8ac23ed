/* dockyardd: a container-terminal gate event router for memline's h11-jemalloc-* incident. Two builds from this
 * file: 3.4.0 (cc ...) and 3.5.0 (cc -DXREF_INDEX ...), installed side by side as dockyardd-3.4.0 and
 * dockyardd-3.5.0.
 *
 *   MALLOC_CONF=prof:true,prof_prefix:DIR/dockyardd,lg_prof_interval:23,lg_prof_sample:17 ./dockyardd-X SECONDS LOG
 *
 * jemalloc writes DIR/dockyardd.<pid>.<seq>.i<seq>.heap every 8 MiB allocated.
 * Three gate threads route ~170 gate events/s each. Per event:
 *   gate_event_parse       a 1-3 KiB EDIFACT/JSON scratch buffer, freed at once (churn)
 *   manifest_xref_put      (3.5.0 only) the new container <-> vessel manifest cross-reference index: a
 *                          240-700 byte entry per event; its eviction runs on the "xref_ttl" config key, which the
 *                          3.5.0 config parser reads as minutes*60000 and the sweeper compares against seconds,
 *                          so nothing is ever evicted (a leak that starts with the new build)
 * Every ~6 s the yard thread runs yard_snapshot_build: the whole yard occupancy map as one 9-18 MiB buffer for
 * the TOS, held ~0.8 s and freed (big, transient).
 * At start: berth_table_init keeps a 6 MiB berth/crane table for the process's life.
 * Stats lines go to LOG every 5 s; SIGTERM stops it (exit 0).
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

#ifdef XREF_INDEX
#define VERSION "3.5.0"
#else
#define VERSION "3.4.0"
#endif

static volatile sig_atomic_t running = 1;
static FILE *logf;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned long events, xref_len, snapshots;

static void logline(const char *lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logline(const char *lvl, const char *fmt, ...) {
  struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm; gmtime_r(&ts.tv_sec, &tm);
  char b[64]; strftime(b, sizeof b, "%b %d %H:%M:%S", &tm);
  fprintf(logf, "%s.%03ld dockyardd[%d]: <%s> ", b, ts.tv_nsec / 1000000, (int)getpid(), lvl);
  va_list ap; va_start(ap, fmt); vfprintf(logf, fmt, ap); va_end(ap);
  fputc('\n', logf); fflush(logf);
}

static volatile unsigned long wire; /* what went out on the TOS link (keeps the buffers observable) */
#define ESCAPE(p) __asm__ volatile("" : : "r"(p) : "memory")

static unsigned rnd(unsigned *s) { *s = *s * 1103515245u + 12345u; return (*s >> 8) & 0xffffff; }

static char *berths;
__attribute__((noinline)) void berth_table_init(void) {
  berths = malloc(6u << 20);
  memset(berths, 'B', 6u << 20);
  ESCAPE(berths);
}

__attribute__((noinline)) char *gate_event_parse(unsigned box, unsigned *s) {
  size_t n = 1024 + rnd(s) % 2048;
  char *b = malloc(n);
  memset(b, 'g', n);
  snprintf(b, n, "UNB+UNOA:2+GATE+TOS'EQD+CN+MSKU%07u'", box);
  return b;
}

#ifdef XREF_INDEX
struct xref { struct xref *next; long long at; unsigned box, voyage; size_t len; char raw[]; };
static struct xref *xrefs;
static long long xref_ttl = 30 * 60000; /* read as ms by the 3.5.0 parser */

__attribute__((noinline)) void manifest_xref_put(unsigned box, unsigned voyage, unsigned *s) {
  size_t n = 240 + rnd(s) % 460;
  struct xref *e = malloc(sizeof *e + n);
  e->at = time(NULL); e->box = box; e->voyage = voyage; e->len = n;
  memset(e->raw, 'x', n);
  snprintf(e->raw, n, "box=MSKU%07u voyage=%u", box, voyage);
  e->next = xrefs; xrefs = e; xref_len++;
}

static void xref_sweep(void) {
  long long cutoff = (long long)time(NULL) - xref_ttl; /* seconds minus ms: far in the past */
  struct xref **pp = &xrefs;
  while (*pp) {
    if ((*pp)->at < cutoff) { struct xref *d = *pp; *pp = d->next; free(d); xref_len--; }
    else pp = &(*pp)->next;
  }
}
#endif

__attribute__((noinline)) void yard_snapshot_build(unsigned n, unsigned *s) {
  size_t len = (9u << 20) + rnd(s) % (9u << 20);
  char *b = malloc(len);
  memset(b, (int)(n & 0x7f), len);
  ESCAPE(b);
  wire += (unsigned char)b[len / 2] + (unsigned char)b[len - 1];
  usleep(800000);
  free(b);
  snapshots++;
}

static void *gate(void *arg) {
  unsigned s = (unsigned)(uintptr_t)arg * 4099u + 3u;
  struct timespec tick = {0, 5800000}; /* ~170 events/s per thread */
  while (running) {
    unsigned box = rnd(&s) % 9000000;
    char *f = gate_event_parse(box, &s);
    pthread_mutex_lock(&mu);
#ifdef XREF_INDEX
    manifest_xref_put(box, 2600 + rnd(&s) % 80, &s);
#endif
    events++;
    pthread_mutex_unlock(&mu);
    free(f);
    nanosleep(&tick, NULL);
  }
  return NULL;
}

static void *yard(void *arg) {
  unsigned s = 71u, n = 0;
  (void)arg;
  while (running) {
    for (int i = 0; i < 52 && running; i++) usleep(100000);
    if (running) yard_snapshot_build(++n, &s);
  }
  return NULL;
}

static void stop(int sig) { (void)sig; running = 0; }

int main(int argc, char **argv) {
  int seconds = argc > 1 ? atoi(argv[1]) : 60;
  logf = argc > 2 ? fopen(argv[2], "a") : stderr;
  signal(SIGTERM, stop); signal(SIGINT, stop);
  logline("notice", "dockyardd " VERSION " starting: 3 gate lanes, tos=tos-2.port.local:7011");
  berth_table_init();
  pthread_t t[4];
  for (int i = 0; i < 3; i++) pthread_create(&t[i], NULL, gate, (void *)(uintptr_t)(i + 1));
  pthread_create(&t[3], NULL, yard, NULL);
  for (int i = 0; i < seconds && running; i++) {
    sleep(1);
    if (i % 5 == 4) {
      pthread_mutex_lock(&mu);
#ifdef XREF_INDEX
      xref_sweep();
#endif
      logline("info", "stats events=%lu xref_index=%lu yard_snapshots=%lu", events, xref_len, snapshots);
      pthread_mutex_unlock(&mu);
    }
  }
  running = 0;
  for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
  logline("notice", "dockyardd " VERSION " stopping (events=%lu)", events);
  return 0;
}
