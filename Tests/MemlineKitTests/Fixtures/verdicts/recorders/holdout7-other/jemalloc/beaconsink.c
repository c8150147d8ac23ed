/* beaconsink 4.1.0: a mobile-beacon event collector stand-in (C, four threads) for the h7-jemalloc-deploy-leak
 * incident and its healthy twin h7-jemalloc-deploy-control.
 *   ./beaconsink SECONDS CONF_FILE   (MALLOC_CONF=prof:true,prof_prefix:…,lg_prof_interval:…,lg_prof_sample:…)
 * main: ruleset_compile() builds the routing ruleset named by CONF_FILE (9 MiB for release r…-1, 14 MiB when the
 *   release bundle sets rules=large) and keeps it; a new one replaces (frees) the old one on reload.
 * 2 ingest threads, ~1,400 events/s together: event_decode() uses a 1-6 KiB scratch buffer freed at once; when
 *   the config has enrich_geo=on, events from public IPs (~25%) get a geo record:
 *     enrich_mode=attach (release r2026.12.06-3): geo_enrich_attach() mallocs a 1.2-2.0 KiB record and hangs it
 *       on the event's session; sessions are recycled but the record pointer is overwritten, never freed: a leak.
 *     enrich_mode=cache (the fixed release): geo_cache_put() keeps records in an LRU bounded at geo_cache_max
 *       entries (config, default 18,000) keyed by /24 prefix (skewed): warms up, then plateaus.
 * flush thread: every 350 ms batch_encode() mallocs a 3-6 MiB output buffer, fills it and frees it after the
 *   upload (~12 MiB/s allocated: this drives the interval dumps).
 * signal thread: SIGHUP re-reads CONF_FILE (what the deploy tool does after it installs a release bundle);
 *   SIGTERM stops.
 * Logs to stderr, one line per entry: "2026-12-06T17:20:01.123Z beaconsink[pid] level msg". */
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
static const char *conf_path;

static void blog(const char *level, const char *fmt, ...) {
  struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm; gmtime_r(&ts.tv_sec, &tm);
  char buf[32]; strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  va_list ap; va_start(ap, fmt);
  pthread_mutex_lock(&log_mu);
  fprintf(stderr, "%s.%03ldZ beaconsink[%d] %s ", buf, ts.tv_nsec / 1000000, getpid(), level);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  fflush(stderr);
  pthread_mutex_unlock(&log_mu);
  va_end(ap);
}

static unsigned rng(unsigned *s) { *s = *s * 1103515245u + 12345u; return (*s >> 8) & 0xffffff; }

/* ---- config ------------------------------------------------------------------------------------- */
static pthread_mutex_t conf_mu = PTHREAD_MUTEX_INITIALIZER;
static char release[64] = "unknown";
static volatile int enrich_geo = 0, enrich_cache = 0, rules_large = 0;
static volatile long geo_max = 18000;

static void conf_read(void) {
  FILE *f = fopen(conf_path, "r");
  if (!f) { blog("error", "config: cannot open %s", conf_path); return; }
  char line[256], rel[64] = "unknown"; int geo = 0, cache = 0, large = 0; long gmax = 18000;
  while (fgets(line, sizeof line, f)) {
    if (sscanf(line, "release = %63s", rel) == 1) continue;
    if (sscanf(line, "geo_cache_max = %ld", &gmax) == 1) continue;
    if (strstr(line, "enrich_geo = on")) geo = 1;
    if (strstr(line, "enrich_mode = cache")) cache = 1;
    if (strstr(line, "rules = large")) large = 1;
  }
  fclose(f);
  pthread_mutex_lock(&conf_mu);
  snprintf(release, sizeof release, "%s", rel);
  enrich_geo = geo; enrich_cache = cache; rules_large = large; geo_max = gmax;
  pthread_mutex_unlock(&conf_mu);
}

/* ---- ruleset: kept, replaced on reload -------------------------------------------------------- */
static unsigned char *ruleset; static size_t ruleset_len;
__attribute__((noinline)) static size_t ruleset_compile(int large) {
  size_t len = (size_t)(large ? 14 : 9) << 20;
  unsigned char *r = malloc(len);
  for (size_t i = 0; i < len; i++) r[i] = (unsigned char)(i * 2654435761u >> 24);
  unsigned char *old = ruleset;
  ruleset = r; ruleset_len = len;
  free(old);
  return len;
}

/* ---- sessions and geo records ----------------------------------------------------------------- */
#define SESSIONS 65536
typedef struct session { unsigned id; long events; char *geo; } session;
static session sessions[SESSIONS];
static pthread_mutex_t sess_mu = PTHREAD_MUTEX_INITIALIZER;
static long geo_attached, geo_cached, geo_evicted, geo_hits;

__attribute__((noinline)) static char *geo_enrich_attach(session *s, unsigned ip, unsigned *seed) {
  size_t len = 1228 + rng(seed) % 820;
  char *g = malloc(len);
  memset(g, 'g', len);
  snprintf(g, len, "{\"ip\":\"%u.%u.%u.0/24\",\"cc\":\"DE\",\"asn\":%u}", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip % 64000);
  s->geo = g; /* the previous record of this recycled session is dropped on the floor */
  geo_attached++;
  return g;
}

#define GEO_BUCKETS 65536
typedef struct geo { struct geo *prev, *next, *hnext; unsigned key; char rec[]; } geo;
static geo *g_head, *g_tail, *g_tab[GEO_BUCKETS]; static long g_count;

__attribute__((noinline)) static geo *geo_cache_put(unsigned key, unsigned *seed) {
  size_t len = 1228 + rng(seed) % 820;
  geo *g = malloc(sizeof *g + len);
  g->key = key; memset(g->rec, 'g', len);
  g->hnext = g_tab[key % GEO_BUCKETS]; g_tab[key % GEO_BUCKETS] = g;
  g->prev = NULL; g->next = g_head; if (g_head) g_head->prev = g; g_head = g; if (!g_tail) g_tail = g;
  geo_cached++;
  if (++g_count > geo_max) {
    geo *t = g_tail; g_tail = t->prev; if (g_tail) g_tail->next = NULL; else g_head = NULL;
    geo **pp = &g_tab[t->key % GEO_BUCKETS]; while (*pp && *pp != t) pp = &(*pp)->hnext; if (*pp) *pp = t->hnext;
    free(t); g_count--; geo_evicted++;
  }
  return g;
}

__attribute__((noinline)) static char *geo_cache_lookup(session *s, unsigned ip, unsigned *seed) {
  unsigned key = ip >> 8;
  geo *g = g_tab[key % GEO_BUCKETS];
  while (g && g->key != key) g = g->hnext;
  if (g) {
    geo_hits++;
    if (g != g_head) {
      g->prev->next = g->next; if (g->next) g->next->prev = g->prev; else g_tail = g->prev;
      g->prev = NULL; g->next = g_head; g_head->prev = g; g_head = g;
    }
  } else g = geo_cache_put(key, seed);
  s->geo = g->rec; /* borrowed from the cache */
  return g->rec;
}

static unsigned public_ip(unsigned *seed) {
  unsigned r = rng(seed) % 1000, net;
  if (r < 600) net = rng(seed) % 3000;          /* busy carrier NATs */
  else if (r < 900) net = 3000 + rng(seed) % 12000;
  else net = 15000 + rng(seed) % 60000;          /* long tail */
  return (net + 0x500000u) << 8 | (rng(seed) & 255);
}

__attribute__((noinline)) static long event_decode(unsigned *seed) {
  size_t sz = (1 + rng(seed) % 6) * 1024;
  char *scratch = malloc(sz);
  memset(scratch, 'e', sz);
  snprintf(scratch, sz, "{\"t\":\"beacon\",\"app\":\"com.example.%u\",\"rssi\":-%u}", rng(seed) % 900, 40 + rng(seed) % 50);
  long v = scratch[sz / 3] + (long)ruleset[rng(seed) % ruleset_len];
  free(scratch);
  return v;
}

static long events;
static void *ingest(void *arg) {
  unsigned seed = (unsigned)(long)arg * 6151u + 3u; long n = 0, sum = 0;
  while (running) {
    for (int k = 0; k < 7; k++) {
      sum += event_decode(&seed);
      unsigned sid = rng(&seed) % SESSIONS;
      pthread_mutex_lock(&sess_mu);
      session *s = &sessions[sid]; s->id = sid; s->events++;
      if (enrich_geo && rng(&seed) % 4 == 0) {
        unsigned ip = public_ip(&seed);
        if (enrich_cache) geo_cache_lookup(s, ip, &seed); else geo_enrich_attach(s, ip, &seed);
      }
      events++; n++;
      pthread_mutex_unlock(&sess_mu);
    }
    if ((long)arg == 0 && n % 14000 < 7) {
      pthread_mutex_lock(&sess_mu);
      blog("info", "ingest: %ld events, geo attached %ld, geo cache %ld/%ld (%ld hits, %ld evicted)", events,
           geo_attached, g_count, geo_max, geo_hits, geo_evicted);
      pthread_mutex_unlock(&sess_mu);
    }
    usleep(10000);
  }
  return (void *)sum;
}

/* ---- batch encoder: big and transient --------------------------------------------------------- */
__attribute__((noinline)) static long batch_encode(unsigned *seed, long k) {
  size_t sz = (size_t)(3 + rng(seed) % 4) << 20;
  char *out = malloc(sz);
  memset(out, (int)k, sz);
  usleep(120000); /* upload */
  long s = out[sz - 1];
  free(out);
  return s;
}

static void *flusher(void *arg) {
  (void)arg; unsigned seed = 4242; long k = 0, s = 0;
  while (running) {
    s += batch_encode(&seed, ++k);
    if (k % 100 == 0) blog("info", "upload: %ld batches shipped to the event bus", k);
    usleep(230000);
  }
  return (void *)s;
}

static void *signals(void *arg) {
  sigset_t *set = arg; int sig;
  while (running && sigwait(set, &sig) == 0) {
    if (sig != SIGHUP) { running = 0; break; }
    char before[64]; snprintf(before, sizeof before, "%s", release);
    conf_read();
    size_t rb = ruleset_compile(rules_large);
    blog("notice", "SIGHUP: config reloaded from %s: release %s -> %s, enrich_geo=%s enrich_mode=%s, ruleset %zu bytes",
         conf_path, before, release, enrich_geo ? "on" : "off", enrich_cache ? "cache" : "attach", rb);
  }
  return NULL;
}

int main(int argc, char **argv) {
  int seconds = argc > 1 ? atoi(argv[1]) : 110;
  conf_path = argc > 2 ? argv[2] : "beaconsink.conf";
  static sigset_t set;
  sigemptyset(&set); sigaddset(&set, SIGHUP); sigaddset(&set, SIGTERM); sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  conf_read();
  blog("notice", "beaconsink 4.1.0 starting: release %s, 2 ingest threads, profiling %s", release,
       getenv("MALLOC_CONF") ? getenv("MALLOC_CONF") : "off");
  size_t rb = ruleset_compile(rules_large);
  blog("info", "rules: ruleset compiled, %zu bytes, enrich_geo=%s", rb, enrich_geo ? "on" : "off");
  pthread_t in[2], fl, sg;
  pthread_create(&sg, NULL, signals, &set);
  for (long i = 0; i < 2; i++) pthread_create(&in[i], NULL, ingest, (void *)i);
  pthread_create(&fl, NULL, flusher, NULL);
  for (int i = 0; i < seconds * 10 && running; i++) usleep(100000);
  running = 0;
  blog("notice", "shutting down after %d s: %ld events, %ld geo records attached, geo cache %ld", seconds, events,
       geo_attached, g_count);
  for (int i = 0; i < 2; i++) pthread_join(in[i], NULL);
  pthread_join(fl, NULL);
  pthread_kill(sg, SIGTERM);
  pthread_join(sg, NULL);
  return 0;
}
