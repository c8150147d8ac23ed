/* quillstack 1.9.2: a metrics label index (ingest of tagged samples, label queries) for memline's h16-jemalloc-*
 * incident. One thread, a 20 ms tick:
 *   ingest_batch -> normalize_tags -> intern_label   each of ~40 samples/tick carries 3 tags; normalize_tags interns
 *                                                    them into the series index; when the series already exists the
 *                                                    freshly interned copy is dropped without label_release (QS-412):
 *                                                    the leak (a 160-400 byte label each, ~40% of samples)
 *   run_query -> resolve_matchers -> intern_label    ~25 queries/tick, 6 matchers each, 0.5-1.5 KiB labels (bigger),
 *                                                    released when the query ends: churn, no leak
 *   series_compact                                   every 5 s a 2-4 MiB scratch buffer, freed at once
 * MALLOC_CONF=prof:true,prof_final:true,prof_prefix:DIR/quillstack,lg_prof_interval:24,lg_prof_sample:17
 * SIGTERM stops (exit 0). Logs to argv[1].
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))
static volatile sig_atomic_t running = 1;
static FILE *logf;
static unsigned long series, dropped_dupes, queries;
static unsigned rng = 2463534242u;
static unsigned xr(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }

static void logline(const char *lvl, const char *fmt, ...) {
  struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm; gmtime_r(&ts.tv_sec, &tm);
  char b[64]; strftime(b, sizeof b, "%Y-%m-%d %H:%M:%S", &tm);
  fprintf(logf, "%s.%03ld UTC [%d] %s: ", b, ts.tv_nsec / 1000000, (int)getpid(), lvl);
  va_list ap; va_start(ap, fmt); vfprintf(logf, fmt, ap); va_end(ap);
  fputc('\n', logf); fflush(logf);
}

typedef struct label { unsigned hash; size_t len; char text[]; } label;

NOINLINE static label *intern_label(const char *name, size_t len) {
  label *l = malloc(sizeof(label) + len);
  l->len = len; l->hash = 0;
  for (size_t i = 0; i < len; i++) { l->text[i] = name[i % 24]; l->hash = l->hash * 31 + (unsigned char)name[i % 24]; }
  return l;
}
NOINLINE static void label_release(label *l) { free(l); }

#define INDEX_CAP 4096
static label *index_slots[INDEX_CAP];

NOINLINE static void normalize_tags(unsigned sample) {
  static const char *keys[] = {"region=eu-west-3", "service=checkout-api", "instance=pod-7f9c2", "le=0.25"};
  for (int t = 0; t < 3; t++) {
    label *l = intern_label(keys[(sample + t) & 3], 160 + xr() % 240);
    unsigned slot = (l->hash ^ sample) % INDEX_CAP;
    if (index_slots[slot] == NULL && xr() % 10 < 6) { index_slots[slot] = l; series++; }
    else if (index_slots[slot] != NULL && xr() % 10 < 6) { label_release(index_slots[slot]); index_slots[slot] = l; }
    else { dropped_dupes++; /* QS-412: duplicate series, the interned copy is never released */ }
  }
}
NOINLINE static void ingest_batch(int n) { for (int i = 0; i < n; i++) normalize_tags(xr()); }

NOINLINE static unsigned resolve_matchers(int m) {
  label *held[8]; unsigned h = 0;
  for (int i = 0; i < m; i++) { held[i] = intern_label("job=~\"api-.*\",code!=\"200\"", 512 + xr() % 1024); h ^= held[i]->hash; }
  for (int i = 0; i < m; i++) label_release(held[i]);
  return h;
}
NOINLINE static void run_query(void) { queries++; (void)resolve_matchers(6); }

NOINLINE static void series_compact(void) {
  size_t n = (2u << 20) + xr() % (2u << 20);
  char *scratch = malloc(n);
  memset(scratch, 1, n);
  free(scratch);
}

static void on_term(int s) { (void)s; running = 0; }

int main(int argc, char **argv) {
  logf = argc > 1 ? fopen(argv[1], "a") : stderr;
  signal(SIGTERM, on_term);
  logline("INFO", "quillstack 1.9.2 starting, index slots=%d", INDEX_CAP);
  struct timespec tick = {0, 20 * 1000000};
  for (unsigned long t = 1; running; t++) {
    ingest_batch(40);
    for (int q = 0; q < 25; q++) run_query();
    if (t % 250 == 0) { series_compact(); logline("INFO", "compacted: series=%lu dropped_dupes=%lu queries=%lu", series, dropped_dupes, queries); }
    nanosleep(&tick, NULL);
  }
  logline("INFO", "quillstack stopping (SIGTERM)");
  return 0;
}
