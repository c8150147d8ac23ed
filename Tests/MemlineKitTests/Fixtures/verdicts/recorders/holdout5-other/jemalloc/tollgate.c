/* tollgate 1.9.3: an API-gateway stand-in (C, four threads) for the h5-jemalloc-drain-list incident.
 *   ./tollgate SECONDS      (MALLOC_CONF=prof:true,lg_prof_sample:16,prof_prefix:... set by record.sh)
 * accept thread: ~110 new upstream connections/s. session_attach() mallocs a peer context (1.2-2.8 KiB) and
 *   strdup's the client's header block into it, then links it into the per-listener drain list (walked on a
 *   graceful reload). conn_close() unlinks the context from the live table but never from the drain list and
 *   never frees it: the planted leak (~0.25 MB/s).
 *   route_lookup() misses ~1 in 3 and route_cache_insert() keeps the compiled route (24 KiB) in an LRU bounded at
 *   1200 entries (~28 MiB): full after ~30 s, evicting from then on (plateau).
 *   parse_headers() uses a 4-16 KiB scratch buffer, freed at once.
 * stats thread: every ~7 s stats_rollup_build() builds a 48-80 MiB per-route latency rollup in 1 MiB buckets,
 *   ships it and frees it ~3 s later.
 * profiler thread: every 2.5 s mallctl("prof.dump", NULL) (default file name <prefix>.<pid>.<seq>.m<mseq>.heap).
 * Logs one line per event to stderr: "YYYY-mm-dd HH:MM:SS.mmm tollgate[pid] <level> <msg>". */
#define _GNU_SOURCE
#include <jemalloc/jemalloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile int running = 1;
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;

static void tg_log(const char *level, const char *fmt, long a, long b, long c) {
  struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm; gmtime_r(&ts.tv_sec, &tm);
  char buf[32]; strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  pthread_mutex_lock(&log_mu);
  fprintf(stderr, "%s.%03ld tollgate[%d] %s ", buf, ts.tv_nsec / 1000000, getpid(), level);
  fprintf(stderr, fmt, a, b, c);
  fputc('\n', stderr);
  fflush(stderr);
  pthread_mutex_unlock(&log_mu);
}

static unsigned rng(unsigned *s) { *s = *s * 1664525u + 1013904223u; return (*s >> 9); }

/* ---- sessions: the leak ------------------------------------------------------------------------ */
typedef struct peer_ctx {
  struct peer_ctx *drain_next;  /* per-listener drain list, walked on SIGHUP reload */
  long id; int live;
  char *hdrs;                   /* strdup of the client's header block */
  char tls_state[];             /* 1-2.5 KiB of session/TLS state */
} peer_ctx;
static peer_ctx *drain_head;
static long live_sessions, drained_len;

__attribute__((noinline)) static peer_ctx *session_attach(long id, const char *hdrs, size_t tls) {
  peer_ctx *p = malloc(sizeof *p + tls);
  memset(p->tls_state, (int)(id & 0x7f), tls);
  p->id = id; p->live = 1;
  p->hdrs = strdup(hdrs);
  p->drain_next = drain_head; drain_head = p; drained_len++;
  live_sessions++;
  return p;
}

__attribute__((noinline)) static void conn_close(peer_ctx *p) {
  p->live = 0;            /* unlinked from the live table ... */
  live_sessions--;        /* ... but it stays on the drain list and is never freed */
}

/* ---- route cache: bounded LRU ------------------------------------------------------------------ */
#define ROUTE_MAX 1200
#define ROUTE_BYTES (24 * 1024)
typedef struct route { struct route *prev, *next; unsigned key; char *prog; } route;
static route *r_head, *r_tail; static long r_n, r_evicted;

__attribute__((noinline)) static void route_cache_insert(unsigned key) {
  route *r = malloc(sizeof *r);
  r->key = key; r->prog = malloc(ROUTE_BYTES); memset(r->prog, (int)(key & 0xff), ROUTE_BYTES);
  r->prev = NULL; r->next = r_head; if (r_head) r_head->prev = r; r_head = r; if (!r_tail) r_tail = r;
  if (++r_n > ROUTE_MAX) {
    route *t = r_tail; r_tail = t->prev; r_tail->next = NULL; free(t->prog); free(t); r_n--; r_evicted++;
  }
}

__attribute__((noinline)) static int route_lookup(unsigned *seed) {
  if (rng(seed) % 3 == 0) { route_cache_insert(rng(seed)); return 0; }
  return 1;
}

__attribute__((noinline)) static long parse_headers(unsigned *seed, char *out, size_t outsz) {
  size_t sz = (4 + rng(seed) % 13) * 1024;
  char *scratch = malloc(sz);
  memset(scratch, 'h', sz);
  snprintf(out, outsz, "Host: api.example.net\r\nX-Request-Id: %08x-%04x\r\nUser-Agent: okhttp/4.%u\r\nAccept: */*\r\n",
           rng(seed), rng(seed) & 0xffff, rng(seed) % 12);
  long s = scratch[sz - 1];
  free(scratch);
  return s;
}

static void *acceptor(void *arg) {
  (void)arg; unsigned seed = 4242; long n = 0, sum = 0; char hdrs[1024];
  while (running) {
    sum += parse_headers(&seed, hdrs, sizeof hdrs);
    size_t pad = 200 + rng(&seed) % 360;
    size_t len = strlen(hdrs);
    memset(hdrs + len, 'x', pad); hdrs[len + pad] = 0;  /* cookies */
    peer_ctx *p = session_attach(++n, hdrs, 1024 + rng(&seed) % 1536);
    sum += route_lookup(&seed);
    conn_close(p);
    if (n % 2500 == 0)
      tg_log("info", "conns=%ld live=%ld routes=%ld", n, live_sessions, r_n);
    usleep(8800);
  }
  return (void *)sum;
}

/* ---- stats rollup: big and transient ----------------------------------------------------------- */
__attribute__((noinline)) static long stats_rollup_build(unsigned *seed, long k) {
  int buckets = 48 + rng(seed) % 33;
  char *b[96]; long sum = 0;
  for (int i = 0; i < buckets; i++) { b[i] = malloc(1 << 20); memset(b[i], i + 3, 1 << 20); }
  tg_log("info", "stats rollup %ld built: %ld buckets, %ld bytes", k, buckets, (long)buckets << 20);
  usleep(3000000);
  for (int i = 0; i < buckets; i++) { sum += b[i][77]; free(b[i]); }
  tg_log("info", "stats rollup %ld shipped to collector in %ld ms, %ld buckets freed", k, 3000, buckets);
  return sum;
}

static void *stats(void *arg) {
  (void)arg; unsigned seed = 31337; long k = 0, sum = 0;
  sleep(4);
  while (running) { sum += stats_rollup_build(&seed, ++k); usleep(3800000 + rng(&seed) % 1500000); }
  return (void *)sum;
}

/* ---- profiler: explicit dumps ------------------------------------------------------------------ */
static void *profiler(void *arg) {
  (void)arg; long seq = 0;
  while (running) {
    usleep(2500000);
    if (!running) break;
    int rc = mallctl("prof.dump", NULL, NULL, NULL, 0);
    tg_log("debug", "prof.dump #%ld rc=%ld evicted_routes=%ld", seq++, (long)rc, r_evicted);
  }
  return NULL;
}

int main(int argc, char **argv) {
  int seconds = argc > 1 ? atoi(argv[1]) : 100;
  tg_log("notice", "tollgate 1.9.3 starting: %ld worker threads, route cache %ld entries, run %ld s", 3, ROUTE_MAX, seconds);
  pthread_t a, s, p;
  pthread_create(&a, NULL, acceptor, NULL);
  pthread_create(&s, NULL, stats, NULL);
  pthread_create(&p, NULL, profiler, NULL);
  sleep(seconds);
  running = 0;
  pthread_join(a, NULL); pthread_join(s, NULL); pthread_join(p, NULL);
  tg_log("notice", "tollgate stopping: drain list %ld entries, live %ld, routes %ld", drained_len, live_sessions, r_n);
  return 0;
}
