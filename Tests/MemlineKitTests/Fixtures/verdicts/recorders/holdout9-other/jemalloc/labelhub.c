/* labelhub 3.0.4: a parcel-label gateway for memline's h9-jemalloc-* incidents.
 *
 *   MALLOC_CONF=prof:true,prof_prefix:DIR/jeprof,lg_prof_interval:N,lg_prof_sample:17 ./labelhub SECONDS MODE LOG
 *
 * jemalloc itself writes the heap profiles: DIR/jeprof.<pid>.<seq>.i<n>.heap every 2^N bytes allocated.
 * At start:
 *   zone_table_load        loads the carrier zone/postcode table once: ~22 MiB in 4 KiB rows, kept for the
 *                          process's life (never freed, never grows)
 * Three handler threads serve ~150 label requests/s each. Per request:
 *   manifest_parse         a 1-6 KiB scratch buffer, freed at once (churn)
 *   carrier_ack_track      (MODE leak) records the shipment in the pending-ack table (220-700 bytes); the carrier
 *                          ack callback marks the entry acked but, since 3.0.0, never removes it: a leak
 *                          (MODE control) the ack callback frees the entry 2 s later: bounded at ~2 s of traffic
 *   label_cache_put        (MODE control only) the 9,000 rendered label templates (2-4 KiB) are cached as
 *                          they are first used: filled in the first ~20 s, then nothing more (a warm-up)
 * Every 5-7 s the batch thread runs label_rasterize: a carrier's end-of-day sheet rendered at 300 dpi, 6-9
 * raster planes of 4-7 MiB each, held ~1.5 s, then freed (big transient allocations).
 * Stats lines go to LOG every 10 s.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile int running = 1;
static int leak_mode = 1;
static FILE *logf;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned long requests, pending, acked, sheets, cache_len;

static void logline(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logline(const char *fmt, ...) {
  struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm; gmtime_r(&ts.tv_sec, &tm);
  char b[64]; strftime(b, sizeof b, "%Y-%m-%d %H:%M:%S", &tm);
  fprintf(logf, "%s,%03ld labelhub.%d INFO ", b, ts.tv_nsec / 1000000, (int)getpid());
  va_list ap; va_start(ap, fmt); vfprintf(logf, fmt, ap); va_end(ap);
  fputc('\n', logf); fflush(logf);
}

static unsigned rnd(unsigned *s) { *s = *s * 1103515245u + 12345u; return (*s >> 8) & 0xffffff; }

struct row { struct row *next; char data[4080]; };
static struct row *zones;

__attribute__((noinline)) void zone_table_load(void) {
  for (int i = 0; i < 5600; i++) {
    struct row *r = malloc(sizeof *r);
    memset(r->data, 'z', sizeof r->data);
    snprintf(r->data, sizeof r->data, "DE;%05d;zone=%d", 10000 + i * 16, i % 9);
    r->next = zones; zones = r;
  }
}

__attribute__((noinline)) char *manifest_parse(unsigned id, unsigned *s) {
  size_t n = 1024 + rnd(s) % 5120;
  char *b = malloc(n);
  memset(b, 'm', n);
  snprintf(b, n, "{\"shipment\":%u,\"carrier\":\"DHL\"}", id);
  return b;
}

struct ack { struct ack *next; time_t at; int acked; size_t len; char data[]; };
static struct ack *acks_head, *acks_tail;

__attribute__((noinline)) void carrier_ack_track(unsigned id, unsigned *s) {
  size_t n = 220 + rnd(s) % 480;
  struct ack *a = malloc(sizeof *a + n);
  a->next = NULL; a->at = time(NULL); a->acked = 0; a->len = n;
  memset(a->data, 'a', n);
  snprintf(a->data, n, "shipment=%u awaiting carrier ack", id);
  if (acks_tail) acks_tail->next = a; else acks_head = a;
  acks_tail = a; pending++;
}

static void ack_callback(void) { /* called once a second by the ack thread */
  time_t now = time(NULL);
  if (leak_mode) {
    for (struct ack *a = acks_head; a; a = a->next) if (!a->acked && now - a->at >= 2) { a->acked = 1; acked++; }
  } else {
    while (acks_head && now - acks_head->at >= 2) {
      struct ack *a = acks_head; acks_head = a->next; if (!acks_head) acks_tail = NULL;
      free(a); pending--; acked++;
    }
  }
}

#define CACHE_CAP 9000
static char *cache[CACHE_CAP];
__attribute__((noinline)) void label_cache_put(unsigned tmpl, unsigned *s) {
  unsigned slot = tmpl % CACHE_CAP; /* 9,000 templates in all: once each is cached, nothing more is kept */
  if (cache[slot]) return;
  size_t n = 2048 + rnd(s) % 2048;
  cache[slot] = malloc(n);
  memset(cache[slot], 't', n);
  snprintf(cache[slot], n, "template %u", slot);
  cache_len++;
}

__attribute__((noinline)) void label_rasterize(unsigned sheet, unsigned *s) {
  int planes = 6 + rnd(s) % 4;
  char *p[10];
  for (int i = 0; i < planes; i++) {
    size_t n = (4u << 20) + rnd(s) % (3u << 20);
    p[i] = malloc(n);
    memset(p[i], (int)(sheet & 0x7f), n);
  }
  usleep(1500000);
  for (int i = 0; i < planes; i++) free(p[i]);
  sheets++;
}

static void *handler(void *arg) {
  unsigned s = (unsigned)(uintptr_t)arg * 104729u + 3u;
  struct timespec tick = {0, 6600000}; /* ~150 requests/s per thread */
  while (running) {
    unsigned id = rnd(&s);
    char *m = manifest_parse(id, &s);
    pthread_mutex_lock(&mu);
    if (leak_mode) carrier_ack_track(id, &s);
    else { carrier_ack_track(id, &s); label_cache_put((unsigned)requests, &s); }
    requests++;
    pthread_mutex_unlock(&mu);
    free(m);
    nanosleep(&tick, NULL);
  }
  return NULL;
}

static void *acker(void *arg) {
  (void)arg;
  while (running) { sleep(1); pthread_mutex_lock(&mu); ack_callback(); pthread_mutex_unlock(&mu); }
  return NULL;
}

static void *batch(void *arg) {
  unsigned s = 99991u; unsigned sheet = 0;
  (void)arg;
  sleep(3);
  while (running) {
    label_rasterize(++sheet, &s);
    for (unsigned w = 3 + rnd(&s) % 3; w > 0 && running; w--) sleep(1);
  }
  return NULL;
}

int main(int argc, char **argv) {
  int secs = argc > 1 ? atoi(argv[1]) : 60;
  leak_mode = !(argc > 2 && strcmp(argv[2], "control") == 0);
  logf = argc > 3 ? fopen(argv[3], "a") : stderr;
  logline("labelhub 3.0.4 starting: 3 handlers, loading zone table");
  zone_table_load();
  logline("zone table loaded: 5600 rows");
  pthread_t h[3], ak, bt;
  for (uintptr_t i = 0; i < 3; i++) pthread_create(&h[i], NULL, handler, (void *)i);
  pthread_create(&ak, NULL, acker, NULL);
  pthread_create(&bt, NULL, batch, NULL);
  time_t start = time(NULL);
  while (time(NULL) - start < secs) {
    sleep(1);
    if ((time(NULL) - start) % 10 == 0) {
      pthread_mutex_lock(&mu);
      logline("requests=%lu pending_acks=%lu acked=%lu sheets=%lu label_cache=%lu", requests, pending, acked, sheets, cache_len);
      pthread_mutex_unlock(&mu);
    }
  }
  running = 0;
  for (int i = 0; i < 3; i++) pthread_join(h[i], NULL);
  pthread_join(ak, NULL);
  pthread_join(bt, NULL);
  logline("labelhub stopping: requests=%lu pending_acks=%lu sheets=%lu", requests, pending, sheets);
  return 0;
}
