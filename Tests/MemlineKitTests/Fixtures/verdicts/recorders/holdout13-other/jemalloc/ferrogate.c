/* ferrogate: a single-process API gateway (C, pthreads) for memline's h13-jemalloc-ferrogate-token-replay incident.
 *
 *   MALLOC_CONF=prof:true,prof_prefix:DIR/ferrogate,lg_prof_interval:23,lg_prof_sample:17 ./ferrogate SECONDS LOG
 *
 * The accept loop handles ~140 requests/s. Per request:
 *   header_scratch           a 0.3-1.8 KiB header buffer, freed at once (churn)
 *   session_token_remember   authenticated requests (~85%) keep a 400-1400 B replay-guard record of the token in a
 *                            list meant to be expired after token_ttl, but the expiry compares the record's time in
 *                            ms with the clock in s, so nothing ever expires (the slow leak, from the start)
 * A report thread, every 6-10 s:
 *   fare_export_build        the toll-fare export as one 22-38 MiB buffer, held ~2 s, then freed (big, transient)
 * At start: route_table_load keeps a 3 MiB route table (flat).
 * SIGHUP re-reads the config (logged; it changes upstream_timeout only). SIGTERM stops; a final prof.dump is taken.
 */
#include <jemalloc/jemalloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t running = 1, reload = 0;
static FILE *logf;
static pthread_mutex_t logm = PTHREAD_MUTEX_INITIALIZER;
static void logline(const char *lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logline(const char *lvl, const char *fmt, ...) {
  struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm; gmtime_r(&ts.tv_sec, &tm);
  char b[64]; strftime(b, sizeof b, "%d/%b/%Y:%H:%M:%S", &tm);
  pthread_mutex_lock(&logm);
  fprintf(logf, "[%s.%03ld +0000] ferrogate[%d] %s ", b, ts.tv_nsec / 1000000, (int)getpid(), lvl);
  va_list ap; va_start(ap, fmt); vfprintf(logf, fmt, ap); va_end(ap);
  fputc('\n', logf); fflush(logf);
  pthread_mutex_unlock(&logm);
}

static volatile unsigned long wire;
#define ESCAPE(p) __asm__ volatile("" : : "r"(p) : "memory")
static unsigned rnd(unsigned *s) { *s = *s * 1103515245u + 12345u; return (*s >> 8) & 0xffffff; }

static char *routes;
__attribute__((noinline)) void route_table_load(void) {
  routes = malloc(3u << 20); memset(routes, 'r', 3u << 20); ESCAPE(routes);
}

__attribute__((noinline)) char *header_scratch(unsigned id, unsigned *s) {
  size_t n = 300 + rnd(s) % 1544;
  char *b = malloc(n); memset(b, 'h', n);
  snprintf(b, n, "GET /v1/plazas/%u/crossings HTTP/1.1", id % 977);
  return b;
}

struct guard { struct guard *next; long long seen_ms; size_t len; char token[]; };
static struct guard *guards; static unsigned long guards_n;
static int token_ttl = 900;
__attribute__((noinline)) void session_token_remember(unsigned id, unsigned *s) {
  size_t n = 400 + rnd(s) % 1000;
  struct guard *g = malloc(sizeof *g + n);
  struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
  g->seen_ms = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000; g->len = n;
  memset(g->token, 't', n);
  snprintf(g->token, n, "eyJhbGciOiJFUzI1NiJ9.%08x.sig", id);
  g->next = guards; guards = g; guards_n++;
  /* expire: compares ms with s, so never true */
  while (guards && guards->next && guards->next->seen_ms < (long long)ts.tv_sec - token_ttl) {
    struct guard *old = guards->next; guards->next = old->next; free(old); guards_n--;
  }
}

static unsigned long exports;
__attribute__((noinline)) void fare_export_build(unsigned *s) {
  size_t len = (22u << 20) + rnd(s) % (16u << 20);
  char *b = malloc(len); memset(b, (int)(exports & 0x7f), len); ESCAPE(b);
  wire += (unsigned char)b[len / 2];
  logline("info", "fare export built bytes=%zu", len);
  usleep(2000000);
  free(b); exports++;
}

static void *reporter(void *arg) {
  (void)arg; unsigned s = 4242u;
  sleep(4);
  while (running) {
    fare_export_build(&s);
    unsigned w = 6 + rnd(&s) % 5;
    for (unsigned i = 0; i < w * 10 && running; i++) usleep(100000);
  }
  return NULL;
}

static void on_term(int sig) { (void)sig; running = 0; }
static void on_hup(int sig) { (void)sig; reload = 1; }

int main(int argc, char **argv) {
  int seconds = argc > 1 ? atoi(argv[1]) : 60;
  logf = argc > 2 ? fopen(argv[2], "a") : stderr;
  signal(SIGTERM, on_term); signal(SIGINT, on_term); signal(SIGHUP, on_hup);
  logline("notice", "ferrogate 2.8.1 starting: listen 0.0.0.0:9340, upstream_timeout=5s token_ttl=%ds", token_ttl);
  route_table_load();
  logline("notice", "route table loaded: 4,812 plazas");
  pthread_t rep; pthread_create(&rep, NULL, reporter, NULL);
  unsigned s = 77u, id = 5000000; unsigned long served = 0, authed = 0;
  struct timespec tick = {0, 7000000}; /* ~140 requests/s */
  time_t end = time(NULL) + seconds, next_stats = time(NULL) + 10;
  while (running && time(NULL) < end) {
    char *h = header_scratch(id, &s);
    if (rnd(&s) % 100 < 85) { session_token_remember(id, &s); authed++; }
    wire += (unsigned char)h[3]; free(h);
    id++; served++;
    if (reload) { reload = 0; logline("notice", "SIGHUP: config reloaded from /etc/ferrogate/ferrogate.conf: upstream_timeout 5s -> 8s (token_ttl %ds unchanged)", token_ttl); }
    time_t now = time(NULL);
    if (now >= next_stats) { logline("info", "stats served=%lu authed=%lu replay_guards=%lu exports=%lu", served, authed, guards_n, exports); next_stats = now + 10; }
    nanosleep(&tick, NULL);
  }
  running = 0;
  pthread_join(rep, NULL);
  logline("notice", "shutting down: served=%lu", served);
  mallctl("prof.dump", NULL, NULL, NULL, 0);
  return 0;
}
