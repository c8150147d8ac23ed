/* loamrelay 0.14.3: a soil-sensor MQTT relay (session table + message fan-out) for memline's h16-jemalloc-*-control
 * incident. A healthy service. One thread, a 10 ms tick:
 *   session_admit     the reconnect storm after a broker failover: for the first 22 s, 30 sessions/tick are
 *                     admitted (0.3-1.6 KiB each) into the bounded 60k-slot session table, in slot order, so the
 *                     table is full after 20 s; every later admission replaces (frees) the session in its slot with
 *                     one of another size, and a 0.2-3 KiB handshake buffer per admission is freed at once:
 *                     RSS rises for ~20 s, then stays (the arenas keep their fragmented slabs)
 *   fanout_message    ~120 messages/tick, 256 B-4 KiB each, freed at once (churn)
 *   snapshot_export   on SIGUSR1: a retained-message snapshot, 1 MiB chunks up to 140-180 MiB held ~3 s, then freed
 *                     (jemalloc's background thread gives the pages back by decay over the next seconds)
 * SIGHUP re-reads the config file (session_ttl, fanout_batch) and logs it. SIGTERM stops (exit 0).
 * MALLOC_CONF=background_thread:true,prof:true,prof_final:true,prof_prefix:DIR/loamrelay,lg_prof_interval:25,
 *             lg_prof_sample:18
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))
static volatile sig_atomic_t running = 1, reload = 0, snapshot = 0;
static FILE *logf;
static const char *conf_path;
static unsigned rng = 362436069u;
static unsigned xr(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }
static int session_ttl = 300, fanout_batch = 64;

static void logline(const char *fmt, ...) {
  struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm; gmtime_r(&ts.tv_sec, &tm);
  char b[64]; strftime(b, sizeof b, "%b %d %H:%M:%S", &tm);
  fprintf(logf, "%s.%03ld loamrelay[%d]: ", b, ts.tv_nsec / 1000000, (int)getpid());
  va_list ap; va_start(ap, fmt); vfprintf(logf, fmt, ap); va_end(ap);
  fputc('\n', logf); fflush(logf);
}

static void read_conf(void) {
  FILE *f = fopen(conf_path, "r"); char line[256];
  if (!f) return;
  while (fgets(line, sizeof line, f)) { sscanf(line, "session_ttl = %d", &session_ttl); sscanf(line, "fanout_batch = %d", &fanout_batch); }
  fclose(f);
}

#define TABLE 60000
static char *table[TABLE];
static unsigned long admitted;

NOINLINE static void session_admit(int n) {
  for (int i = 0; i < n; i++) {
    unsigned slot = admitted % TABLE;
    char *hs = malloc(200 + xr() % 2900);
    memset(hs, 'h', 32);
    char *s = malloc(300 + xr() % 1340);
    memset(s, 's', 64);
    free(table[slot]);
    table[slot] = s;
    free(hs);
    admitted++;
  }
}

NOINLINE static void fanout_message(int n) {
  for (int i = 0; i < n; i++) { size_t k = 256 + xr() % 3840; char *m = malloc(k); memset(m, 'm', 32); free(m); }
}

NOINLINE static void snapshot_export(void) {
  int chunks = 140 + xr() % 41;
  char **c = malloc(sizeof(char *) * chunks);
  for (int i = 0; i < chunks; i++) { c[i] = malloc(1 << 20); memset(c[i], 'x', 1 << 20); }
  logline("snapshot_export: %d MiB of retained messages staged", chunks);
  sleep(3);
  for (int i = 0; i < chunks; i++) free(c[i]);
  free(c);
  logline("snapshot_export: done, staging freed");
}

static void on_term(int s) { (void)s; running = 0; }
static void on_hup(int s) { (void)s; reload = 1; }
static void on_usr1(int s) { (void)s; snapshot = 1; }

int main(int argc, char **argv) {
  conf_path = argv[1];
  logf = fopen(argv[2], "a");
  signal(SIGTERM, on_term); signal(SIGHUP, on_hup); signal(SIGUSR1, on_usr1);
  read_conf();
  logline("loamrelay 0.14.3 starting: session_ttl=%d fanout_batch=%d", session_ttl, fanout_batch);
  struct timespec tick = {0, 10 * 1000000};
  for (unsigned long t = 1; running; t++) {
    int storm = t < 2200 ? 30 : 4;
    session_admit(storm);
    fanout_message(120);
    if (reload) { reload = 0; read_conf(); logline("SIGHUP: config reloaded: session_ttl=%d fanout_batch=%d", session_ttl, fanout_batch); }
    if (snapshot) { snapshot = 0; snapshot_export(); }
    if (t % 1000 == 0) logline("stats: sessions_admitted=%lu", admitted);
    nanosleep(&tick, NULL);
  }
  logline("loamrelay stopping");
  return 0;
}
