/* fathomd: marine depth-sounding ingest daemon. Reads "FIX vessel seq lat lon depth age_ms" lines over TCP,
 * keeps a bounded tile cache for the chart overlay, and compacts track segments every 20 s. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <signal.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#define TILE_SLOTS 2048
#define TILE_BYTES (16 * 1024)
#define STALE_MS 4000

static FILE *logf_;
static volatile sig_atomic_t stopping;
static void on_term(int s) { (void)s; stopping = 1; }

static void logline(const char *lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void logline(const char *lvl, const char *fmt, ...) {
  char ts[64]; struct timespec now; struct tm tm; clock_gettime(CLOCK_REALTIME, &now);
  localtime_r(&now.tv_sec, &tm); strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
  char off[8]; strftime(off, sizeof off, "%z", &tm);
  fprintf(logf_, "%s.%03ld%.3s:%s fathomd[%d]: %s ", ts, now.tv_nsec / 1000000, off, off + 3, getpid(), lvl);
  va_list ap; va_start(ap, fmt); vfprintf(logf_, fmt, ap); va_end(ap); fputc('\n', logf_); fflush(logf_);
}

/* ---- tile cache: bounded, LRU by tick ---- */
struct tile { unsigned key; unsigned long tick; unsigned char *px; };
static struct tile tiles[TILE_SLOTS];
static unsigned long tile_tick, tile_hits, tile_misses;

static unsigned char *tile_render(unsigned key) {
  unsigned char *px = malloc(TILE_BYTES);
  for (int i = 0; i < TILE_BYTES; i++) px[i] = (unsigned char)(key * 31 + i);
  return px;
}

static unsigned char *tile_cache_get(unsigned key) {
  int victim = 0;
  tile_tick++;
  for (int i = 0; i < TILE_SLOTS; i++) {
    if (tiles[i].px && tiles[i].key == key) { tiles[i].tick = tile_tick; tile_hits++; return tiles[i].px; }
    if (!tiles[i].px) { victim = i; break; }
    if (tiles[i].tick < tiles[victim].tick) victim = i;
  }
  tile_misses++;
  free(tiles[victim].px);
  tiles[victim].px = tile_render(key);
  tiles[victim].key = key; tiles[victim].tick = tile_tick;
  return tiles[victim].px;
}

static int tile_count(void) { int n = 0; for (int i = 0; i < TILE_SLOTS; i++) n += tiles[i].px != NULL; return n; }

/* ---- vessel aliases ---- */
static char *vessel_alias_lookup(const char *vessel) {
  /* returns a heap copy of the canonical call sign; the caller owns it */
  char *alias = malloc(384);
  snprintf(alias, 384, "CS-%s/%s/registry-entry-with-flag-state-and-owner-notes", vessel, vessel);
  return alias;
}

static unsigned long fixes, stale, accepted;
static double depth_sum;

static void ingest_fix(char *line) {
  char vessel[32]; unsigned long seq; double lat, lon, depth; long age_ms;
  if (sscanf(line, "FIX %31s %lu %lf %lf %lf %ld", vessel, &seq, &lat, &lon, &depth, &age_ms) != 6) return;
  fixes++;
  char *scratch = malloc(768);                 /* per-fix parse scratch, freed below */
  snprintf(scratch, 768, "%s:%lu:%.5f:%.5f", vessel, seq, lat, lon);
  char *alias = vessel_alias_lookup(vessel);
  if (age_ms > STALE_MS) {                      /* stale fix: counted and dropped */
    stale++;
    free(scratch);
    return;                                     /* alias is never freed on this path */
  }
  unsigned key = (unsigned)((lat + 90.0) * 8) * 4096u + (unsigned)((lon + 180.0) * 8);
  unsigned char *px = tile_cache_get(key % 5000u);
  depth_sum += depth + px[0] * 0.0;
  accepted++;
  free(alias);
  free(scratch);
}

/* ---- track compaction, every 20 s ---- */
static void compact_tracks(int run) {
  size_t bytes = 48u << 20;
  struct timespec a, b; clock_gettime(CLOCK_MONOTONIC, &a);
  unsigned char *seg = malloc(bytes);
  memset(seg, run & 0xff, bytes);
  unsigned long sum = 0; for (size_t i = 0; i < bytes; i += 4096) sum += seg[i];
  usleep(1500000);                              /* merging segments */
  free(seg);
  clock_gettime(CLOCK_MONOTONIC, &b);
  logline("info", "compact_tracks run=%d segments=%zu scratch_mb=48 took_ms=%ld sum=%lu", run, bytes / 4096,
          (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000, sum);
}

static long rss_kb(void) {
  FILE *f = fopen("/proc/self/status", "r"); char l[256]; long v = -1;
  while (f && fgets(l, sizeof l, f)) if (!strncmp(l, "VmRSS:", 6)) v = atol(l + 6);
  if (f) fclose(f);
  return v;
}

int main(int argc, char **argv) {
  int port = argc > 1 ? atoi(argv[1]) : 7420;
  logf_ = argc > 2 ? fopen(argv[2], "a") : stderr;
  struct sigaction st = { .sa_handler = on_term }; /* no SA_RESTART: accept/read return EINTR */
  sigaction(SIGTERM, &st, NULL); signal(SIGPIPE, SIG_IGN);
  int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(ls, (void *)&sa, sizeof sa) || listen(ls, 4)) { perror("bind"); return 1; }
  logline("info", "fathomd 2.7.3 listening on 127.0.0.1:%d tile_slots=%d tile_kb=%d stale_ms=%d", port, TILE_SLOTS,
          TILE_BYTES / 1024, STALE_MS);
  time_t last_stats = time(NULL), last_compact = time(NULL); int compact_runs = 0;
  while (!stopping) {
    int c = accept(ls, NULL, NULL); if (c < 0) continue;
    logline("info", "feed connected");
    FILE *in = fdopen(c, "r"); char line[256];
    while (!stopping && fgets(line, sizeof line, in)) {
      ingest_fix(line);
      time_t now = time(NULL);
      if (now - last_compact >= 20) { compact_tracks(++compact_runs); last_compact = time(NULL); }
      if (now - last_stats >= 10) {
        logline("info", "stats fixes=%lu accepted=%lu stale=%lu tiles=%d tile_hits=%lu tile_misses=%lu rss_kb=%ld",
                fixes, accepted, stale, tile_count(), tile_hits, tile_misses, rss_kb());
        last_stats = now;
      }
    }
    fclose(in);
    logline("info", "feed closed");
  }
  logline("info", "shutting down (SIGTERM) fixes=%lu stale=%lu rss_kb=%ld", fixes, stale, rss_kb());
  return 0;
}
