/* tiled 2.4.0: a map-tile server stand-in for the h4-jemalloc-control incident (healthy control).
 *   ./tiled SECONDS      (MALLOC_CONF=prof:true,... set by record.sh)
 * main thread: index_load() mallocs and fills an 80 MiB spatial index (1 MiB blocks) at start and keeps it.
 * request thread: ~120 requests/s; render_tile() mallocs a 64-256 KiB raster, fills it and frees it at once;
 *   tile_cache_put() keeps rendered tiles (48 KiB) in an LRU bounded at 480 entries (~22 MiB), full after ~20 s.
 * export thread: every ~5 s export_batch() builds a 30-46 MiB export in 2 MiB slabs and frees it ~1.2 s later.
 * Logs one line per event to stderr with a wall-clock time. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile int running = 1;
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;

static void logf_(const char *fmt, const char *what, long a, long b) {
  struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm; gmtime_r(&ts.tv_sec, &tm);
  char buf[32]; strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  pthread_mutex_lock(&log_mu);
  fprintf(stderr, "%s.%03ldZ tiled[%d] ", buf, ts.tv_nsec / 1000000, getpid());
  fprintf(stderr, fmt, what, a, b);
  fputc('\n', stderr);
  fflush(stderr);
  pthread_mutex_unlock(&log_mu);
}

static unsigned rng(unsigned *s) { *s = *s * 1103515245u + 12345u; return (*s >> 8); }

#define INDEX_BLOCKS 80
static char *index_blocks[INDEX_BLOCKS];
__attribute__((noinline)) static void index_load(void) {
  for (int i = 0; i < INDEX_BLOCKS; i++) {
    index_blocks[i] = malloc(1 << 20);
    memset(index_blocks[i], i, 1 << 20);
  }
}

#define CACHE_MAX 480
typedef struct entry { struct entry *prev, *next; unsigned key; char *tile; } entry;
static entry *head, *tail; static int cache_n;
__attribute__((noinline)) static void tile_cache_put(unsigned key, const char *src) {
  entry *e = malloc(sizeof *e);
  e->key = key; e->tile = malloc(48 * 1024); memcpy(e->tile, src, 48 * 1024);
  e->prev = NULL; e->next = head; if (head) head->prev = e; head = e; if (!tail) tail = e;
  if (++cache_n > CACHE_MAX) {
    entry *t = tail; tail = t->prev; tail->next = NULL; free(t->tile); free(t); cache_n--;
  }
}

__attribute__((noinline)) static long render_tile(unsigned *seed, int cache_it) {
  size_t sz = (64 + rng(seed) % 193) * 1024;
  char *r = malloc(sz);
  memset(r, (int)(sz & 0xff), sz);
  long sum = r[sz / 2] + r[sz - 1];
  if (cache_it) tile_cache_put(rng(seed), r);
  free(r);
  return sum;
}

static void *requests(void *arg) {
  (void)arg; unsigned seed = 7; long n = 0, sum = 0;
  while (running) {
    sum += render_tile(&seed, rng(&seed) % 4 == 0);
    if (++n % 2000 == 0) logf_("%s served=%ld cache=%ld", "requests", n, cache_n);
    usleep(8000);
  }
  return (void *)sum;
}

__attribute__((noinline)) static long export_batch(unsigned *seed, long k) {
  int slabs = 15 + rng(seed) % 9;
  char *slab[32]; long sum = 0;
  for (int i = 0; i < slabs; i++) { slab[i] = malloc(2 << 20); memset(slab[i], i + 1, 2 << 20); }
  logf_("%s batch=%ld bytes=%ld", "export", k, (long)slabs * (2 << 20));
  usleep(1200000);
  for (int i = 0; i < slabs; i++) { sum += slab[i][100]; free(slab[i]); }
  return sum;
}

static void *exporter(void *arg) {
  (void)arg; unsigned seed = 99; long k = 0, sum = 0;
  sleep(3);
  while (running) { sum += export_batch(&seed, ++k); usleep(3500000 + rng(&seed) % 1000000); }
  return (void *)sum;
}

int main(int argc, char **argv) {
  int seconds = argc > 1 ? atoi(argv[1]) : 80;
  logf_("%s 2.4.0 starting, %ld threads, %ld s", "tiled", 3, seconds);
  index_load();
  logf_("%s loaded %ld blocks (%ld MiB)", "index", INDEX_BLOCKS, INDEX_BLOCKS);
  pthread_t a, b;
  pthread_create(&a, NULL, requests, NULL);
  pthread_create(&b, NULL, exporter, NULL);
  sleep(seconds);
  running = 0;
  pthread_join(a, NULL); pthread_join(b, NULL);
  long s = 0; for (int i = 0; i < INDEX_BLOCKS; i++) s += index_blocks[i][7];
  logf_("%s stopping (%ld, %ld)", "tiled", s, 0);
  return 0;
}
