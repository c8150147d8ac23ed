/* skurelay 1.9.2: a product-catalog relay for memline's h8-jemalloc-renamed-dumps incident.
 *
 *   MALLOC_CONF=prof:true,prof_active:true,lg_prof_sample:16 ./skurelay SECONDS DUMP_DIR LOG
 *
 * Two handler threads serve a simulated ~1,000 lookups/s. Per lookup:
 *   sku_decode          a 0.5-3 KiB request scratch buffer, freed at once (churn)
 *   sku_cache_put       on a miss, the rendered SKU record (0.7-1.5 KiB) goes into a bounded LRU of 36,000
 *                       entries; once full, each insert frees the least recently used record (flat after ~45 s)
 *   audit_trail_append  every lookup appends a 160-480 byte audit record to the tenant's audit ring; the ring was
 *                       meant to be flushed by the exporter, but since 1.9.0 the exporter only advances its index
 *                       and never frees the records it has sent: a leak of ~0.3 MB/s
 *   resp_render         a 4-16 KiB response buffer, freed after the write
 * A dump thread writes a heap profile every 4 s with mallctl("prof.dump") under names it chooses itself:
 * DUMP_DIR/skurelay-heap-NNNN.prof (no pid, NNNN counts from 0001). Stats lines go to LOG every 10 s.
 */
#include <jemalloc/jemalloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CACHE_CAP 36000
#define KEYSPACE 400000

static volatile int running = 1;
static FILE *logf;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned long lookups, hits, misses, evictions, audit_records;

struct entry { unsigned key; char *rec; struct entry *prev, *next, *hnext; };
static struct entry *lru_head, *lru_tail, **table;
static size_t cache_len;
#define TBL 65536

struct audit { struct audit *next; size_t len; char data[]; };
static struct audit *ring_head, *ring_tail, *exported; /* the exporter walks 'exported' forward only */

static void logline(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#include <stdarg.h>
static void logline(const char *fmt, ...) {
  struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm; gmtime_r(&ts.tv_sec, &tm);
  char b[64]; strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%S", &tm);
  fprintf(logf, "%s.%03ldZ skurelay[%d]: ", b, ts.tv_nsec / 1000000, (int)getpid());
  va_list ap; va_start(ap, fmt); vfprintf(logf, fmt, ap); va_end(ap);
  fputc('\n', logf); fflush(logf);
}

static unsigned rnd(unsigned *s) { *s = *s * 1103515245u + 12345u; return (*s >> 8) & 0xffffff; }

__attribute__((noinline)) char *sku_decode(unsigned key, unsigned *s) {
  size_t n = 512 + rnd(s) % 2560;
  char *b = malloc(n);
  snprintf(b, n, "GET /v2/sku/%u?locale=de_DE&channel=web", key);
  memset(b + 48, 'q', n - 48);
  return b;
}

__attribute__((noinline)) static void lru_unlink(struct entry *e) {
  if (e->prev) e->prev->next = e->next; else lru_head = e->next;
  if (e->next) e->next->prev = e->prev; else lru_tail = e->prev;
}

__attribute__((noinline)) int sku_cache_put(unsigned key, unsigned *s) {
  struct entry **slot = &table[key % TBL];
  for (struct entry *e = *slot; e; e = e->hnext)
    if (e->key == key) { lru_unlink(e); e->prev = NULL; e->next = lru_head; if (lru_head) lru_head->prev = e; lru_head = e; if (!lru_tail) lru_tail = e; return 1; }
  size_t n = 700 + rnd(s) % 800;
  struct entry *e = malloc(sizeof *e);
  e->rec = malloc(n);
  memset(e->rec, 'r', n);
  snprintf(e->rec, n, "{\"sku\":%u,\"title\":\"Product %u\",\"price\":%u}", key, key, key % 9999);
  e->key = key; e->prev = NULL; e->next = lru_head; if (lru_head) lru_head->prev = e; lru_head = e; if (!lru_tail) lru_tail = e;
  e->hnext = *slot; *slot = e;
  if (++cache_len > CACHE_CAP) {
    struct entry *v = lru_tail; lru_unlink(v);
    struct entry **p = &table[v->key % TBL]; while (*p != v) p = &(*p)->hnext; *p = v->hnext;
    free(v->rec); free(v); cache_len--; evictions++;
  }
  return 0;
}

__attribute__((noinline)) void audit_trail_append(unsigned key, const char *who, unsigned *s) {
  size_t n = 160 + rnd(s) % 320;
  struct audit *a = malloc(sizeof *a + n);
  a->next = NULL; a->len = n;
  snprintf(a->data, n, "%ld lookup sku=%u by=%s", (long)time(NULL), key, who);
  if (ring_tail) ring_tail->next = a; else ring_head = a;
  ring_tail = a; audit_records++;
}

__attribute__((noinline)) size_t resp_render(const char *rec, unsigned *s) {
  size_t n = 4096 + rnd(s) % 12288;
  char *b = malloc(n);
  memset(b, ' ', n);
  size_t w = snprintf(b, n, "HTTP/1.1 200 OK\r\n\r\n%.200s", rec ? rec : "{}");
  free(b);
  return w;
}

static void *handler(void *arg) {
  unsigned s = (unsigned)(uintptr_t)arg * 7919u + 17u;
  const char *who = arg ? "edge-b" : "edge-a";
  struct timespec tick = {0, 2000000}; /* 500 lookups/s per thread */
  while (running) {
    unsigned key = rnd(&s) % KEYSPACE;
    char *req = sku_decode(key, &s);
    pthread_mutex_lock(&mu);
    int hit = sku_cache_put(key, &s);
    audit_trail_append(key, who, &s);
    lookups++; if (hit) hits++; else misses++;
    const char *rec = lru_head ? lru_head->rec : NULL;
    resp_render(rec, &s);
    pthread_mutex_unlock(&mu);
    free(req);
    nanosleep(&tick, NULL);
  }
  return NULL;
}

static void *exporter(void *arg) {
  (void)arg;
  while (running) { /* "sends" audit records to the audit service; forgets to free them since 1.9.0 */
    sleep(1);
    pthread_mutex_lock(&mu);
    if (!exported) exported = ring_head;
    while (exported && exported->next) exported = exported->next;
    pthread_mutex_unlock(&mu);
  }
  return NULL;
}

int main(int argc, char **argv) {
  int secs = argc > 1 ? atoi(argv[1]) : 60;
  const char *dir = argc > 2 ? argv[2] : ".";
  logf = argc > 3 ? fopen(argv[3], "a") : stderr;
  table = calloc(TBL, sizeof *table);
  logline("skurelay 1.9.2 starting: 2 handlers, sku cache capacity %d, heap dumps every 4 s to %s", CACHE_CAP, dir);
  pthread_t h[2], ex;
  for (uintptr_t i = 0; i < 2; i++) pthread_create(&h[i], NULL, handler, (void *)i);
  pthread_create(&ex, NULL, exporter, NULL);
  time_t start = time(NULL);
  int seq = 0;
  while (time(NULL) - start < secs) {
    for (int i = 0; i < 4 && running; i++) {
      sleep(1);
      long el = (long)(time(NULL) - start);
      if (el % 10 == 0 && i == 3) {
        pthread_mutex_lock(&mu);
        logline("stats lookups=%lu hits=%lu misses=%lu cache_entries=%zu evictions=%lu audit_records=%lu",
                lookups, hits, misses, cache_len, evictions, audit_records);
        pthread_mutex_unlock(&mu);
      }
    }
    char name[512];
    snprintf(name, sizeof name, "%s/skurelay-heap-%04d.prof", dir, ++seq);
    const char *p = name;
    if (mallctl("prof.dump", NULL, NULL, &p, sizeof p) != 0) logline("prof.dump to %s failed", name);
  }
  running = 0;
  for (int i = 0; i < 2; i++) pthread_join(h[i], NULL);
  pthread_join(ex, NULL);
  logline("stats lookups=%lu hits=%lu misses=%lu cache_entries=%zu evictions=%lu audit_records=%lu",
          lookups, hits, misses, cache_len, evictions, audit_records);
  logline("skurelay stopping after %d s, %d heap dumps written", secs, seq);
  return 0;
}
