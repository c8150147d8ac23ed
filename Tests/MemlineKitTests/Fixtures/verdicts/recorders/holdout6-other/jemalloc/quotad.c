/* quotad 3.4.2: a freight-quote pricing daemon stand-in (C, five threads) for the h6-jemalloc-warm-cache
 * incident, a healthy control: nothing leaks.
 *   ./quotad SECONDS DUMP_DIR   (MALLOC_CONF=prof:true,lg_prof_sample:17 set by record.sh)
 * main: zones_load() mallocs the 2,800 x 1,600 zone-distance matrix (34 MiB, filled) at start and keeps it.
 * 2 pricing threads, ~480 quotes/s together: quote_parse() uses a 2-12 KiB scratch buffer freed at once;
 *   fare_cache_get() looks the lane/weight-band key up in the fare cache; on a miss fare_cache_fill() mallocs the
 *   computed fare table (3-5 KiB) and inserts it in an LRU bounded at 16,000 entries (~64 MiB). Keys come from a
 *   skewed distribution over ~60k lanes, so the cache fills fast at first and ever more slowly as the hit rate
 *   rises: it reaches its bound after ~50 s and evicts from then on (plateau).
 * rebuild thread: every 10-14 s tariff_snapshot_build() builds a new tariff snapshot of 70-110 MiB in slabs of
 *   64 KiB - 4 MiB, publishes it, and frees it 1.5-2 s later (the previous one is never kept).
 * dump thread: on SIGUSR2 (sent every 5 s by the ops sidecar) mallctl("prof.dump", DUMP_DIR/quotad-<UTC>.heap).
 * Logs to stderr, syslog-like: "Dec 06 15:40:01.123 quotad[pid]: <level>: <msg>" (UTC). */
#define _GNU_SOURCE
#include <jemalloc/jemalloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile int running = 1;
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static const char *dump_dir;

static void qlog(const char *level, const char *fmt, ...) {
  struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm; gmtime_r(&ts.tv_sec, &tm);
  char buf[32]; strftime(buf, sizeof buf, "%b %d %H:%M:%S", &tm);
  va_list ap; va_start(ap, fmt);
  pthread_mutex_lock(&log_mu);
  fprintf(stderr, "%s.%03ld quotad[%d]: %s: ", buf, ts.tv_nsec / 1000000, getpid(), level);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  fflush(stderr);
  pthread_mutex_unlock(&log_mu);
  va_end(ap);
}

static unsigned rng(unsigned *s) { *s = *s * 1103515245u + 12345u; return (*s >> 8) & 0xffffff; }

/* ---- zone matrix: big, kept ------------------------------------------------------------------- */
#define ZONE_CELLS ((size_t)2800 * 1600 * 4) /* 2,800 x 1,600 zones x 4 weight bands, 2 bytes each: ~34 MiB */
static unsigned short *zones;
__attribute__((noinline)) static size_t zones_load(void) {
  zones = malloc(ZONE_CELLS * sizeof *zones);
  for (size_t i = 0; i < ZONE_CELLS; i++) zones[i] = (unsigned short)(i * 2654435761u >> 20);
  return ZONE_CELLS * sizeof *zones;
}

/* ---- fare cache: bounded LRU ------------------------------------------------------------------ */
#define FARE_MAX 16000
#define BUCKETS 65536
typedef struct fare {
  struct fare *prev, *next, *hnext;
  unsigned key; size_t len;
  char table[];
} fare;
static fare *lru_head, *lru_tail, *htab[BUCKETS];
static long fares, evictions, hits, misses;
static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;

static void lru_unlink(fare *f) {
  if (f->prev) f->prev->next = f->next; else lru_head = f->next;
  if (f->next) f->next->prev = f->prev; else lru_tail = f->prev;
}
static void lru_push(fare *f) { f->prev = NULL; f->next = lru_head; if (lru_head) lru_head->prev = f; lru_head = f; if (!lru_tail) lru_tail = f; }

static void hash_remove(fare *f) {
  fare **pp = &htab[f->key % BUCKETS];
  while (*pp && *pp != f) pp = &(*pp)->hnext;
  if (*pp) *pp = f->hnext;
}

__attribute__((noinline)) static fare *fare_cache_fill(unsigned key, unsigned *seed) {
  size_t len = 3072 + rng(seed) % 2048;
  fare *f = malloc(sizeof *f + len);
  f->key = key; f->len = len;
  for (size_t i = 0; i < len; i++) f->table[i] = (char)(zones[(key * 31 + i) % ZONE_CELLS] ^ i);
  f->hnext = htab[key % BUCKETS]; htab[key % BUCKETS] = f;
  lru_push(f);
  if (++fares > FARE_MAX) {
    fare *t = lru_tail; lru_unlink(t); hash_remove(t); free(t); fares--; evictions++;
  }
  return f;
}

__attribute__((noinline)) static long fare_cache_get(unsigned key, unsigned *seed) {
  pthread_mutex_lock(&cache_mu);
  fare *f = htab[key % BUCKETS];
  while (f && f->key != key) f = f->hnext;
  if (f) { hits++; lru_unlink(f); lru_push(f); }
  else { misses++; f = fare_cache_fill(key, seed); }
  long v = f->table[key % f->len];
  pthread_mutex_unlock(&cache_mu);
  return v;
}

__attribute__((noinline)) static long quote_parse(unsigned *seed) {
  size_t sz = (2 + rng(seed) % 11) * 1024;
  char *scratch = malloc(sz);
  memset(scratch, 'q', sz);
  snprintf(scratch, sz, "{\"lane\":\"DEHAM-%05u\",\"weight_kg\":%u,\"incoterm\":\"FOB\"}", rng(seed) % 60000, rng(seed) % 24000);
  long s = scratch[sz / 2];
  free(scratch);
  return s;
}

static unsigned lane_key(unsigned *seed) {
  /* skewed: a few thousand busy lanes, a long tail up to ~60k */
  unsigned r = rng(seed) % 1000;
  if (r < 550) return rng(seed) % 4000;
  if (r < 850) return 4000 + rng(seed) % 16000;
  return 20000 + rng(seed) % 40000;
}

static void *pricer(void *arg) {
  unsigned seed = (unsigned)(long)arg * 7919u + 17u; long n = 0, sum = 0;
  while (running) {
    sum += quote_parse(&seed);
    sum += fare_cache_get(lane_key(&seed) * 8 + rng(&seed) % 3, &seed);
    if (++n % 6000 == 0 && (long)arg == 0) {
      pthread_mutex_lock(&cache_mu);
      long f = fares, e = evictions, h = hits, m = misses;
      pthread_mutex_unlock(&cache_mu);
      qlog("info", "pricing: %ld quotes, fare cache %ld/%d entries, hit rate %.1f%%, %ld evicted", n * 2, f, FARE_MAX,
           100.0 * h / (h + m), e);
    }
    usleep(4000);
  }
  return (void *)sum;
}

/* ---- tariff snapshot: big and transient ------------------------------------------------------- */
__attribute__((noinline)) static long tariff_snapshot_build(unsigned *seed, long k) {
  char *slab[256]; size_t sz[256]; int n = 0; size_t total = 0, want = (size_t)(70 + rng(seed) % 41) << 20;
  while (total < want && n < 256) {
    sz[n] = (size_t)1 << (16 + rng(seed) % 7); /* 64 KiB .. 4 MiB */
    slab[n] = malloc(sz[n]); memset(slab[n], (int)(k + n), sz[n]);
    total += sz[n]; n++;
  }
  qlog("info", "tariffs: snapshot %ld built (%d slabs, %zu bytes), publishing", k, n, total);
  usleep(1500000 + rng(seed) % 500000);
  long s = 0;
  for (int i = 0; i < n; i++) { s += slab[i][sz[i] - 1]; free(slab[i]); }
  qlog("info", "tariffs: snapshot %ld retired, %d slabs released", k, n);
  return s;
}

static void *rebuilder(void *arg) {
  (void)arg; unsigned seed = 99991; long k = 0, s = 0;
  sleep(5);
  while (running) {
    s += tariff_snapshot_build(&seed, ++k);
    for (unsigned w = 8000 + rng(&seed) % 4000; w > 0 && running; w -= w > 100 ? 100 : w) usleep(100000);
  }
  return (void *)s;
}

/* ---- heap dumps on SIGUSR2 -------------------------------------------------------------------- */
static void *dumper(void *arg) {
  sigset_t *set = arg; int sig;
  while (running && sigwait(set, &sig) == 0) {
    if (sig != SIGUSR2) { running = 0; break; }
    struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm; gmtime_r(&ts.tv_sec, &tm);
    char name[64], path[512];
    strftime(name, sizeof name, "quotad-%Y%m%dT%H%M%SZ.heap", &tm);
    snprintf(path, sizeof path, "%s/%s", dump_dir, name);
    const char *p = path;
    int rc = mallctl("prof.dump", NULL, NULL, &p, sizeof p);
    qlog("notice", "SIGUSR2: heap profile written to %s (rc=%d)", name, rc);
  }
  return NULL;
}

int main(int argc, char **argv) {
  int seconds = argc > 1 ? atoi(argv[1]) : 95;
  dump_dir = argc > 2 ? argv[2] : ".";
  static sigset_t set;
  sigemptyset(&set); sigaddset(&set, SIGUSR2); sigaddset(&set, SIGTERM); sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  qlog("notice", "quotad 3.4.2 starting: 2 pricing threads, fare cache %d entries, profiling %s", FARE_MAX,
       getenv("MALLOC_CONF") ? "on" : "off");
  size_t zb = zones_load();
  qlog("info", "zones: distance matrix loaded, 2800 x 1600 zones, %zu bytes", zb);
  pthread_t pr[2], rb, dp;
  pthread_create(&dp, NULL, dumper, &set);
  for (long i = 0; i < 2; i++) pthread_create(&pr[i], NULL, pricer, (void *)i);
  pthread_create(&rb, NULL, rebuilder, NULL);
  for (int i = 0; i < seconds * 10 && running; i++) usleep(100000);
  running = 0;
  qlog("notice", "shutting down after %d s: %ld fares cached, %ld evicted", seconds, fares, evictions);
  for (int i = 0; i < 2; i++) pthread_join(pr[i], NULL);
  pthread_join(rb, NULL);
  pthread_kill(dp, SIGTERM);
  pthread_join(dp, NULL);
  return 0;
}
