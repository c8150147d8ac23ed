/* cinderhub: a furnace-line sensor hub (Modbus readings -> historian, alarm rules) for memline's h14-jemalloc-*
 * incident. Two builds from this file: 2.17.4 (cc ...) and 2.18.0 (cc -DTREND_WINDOW ...), installed side by side
 * as cinderhub-2.17.4 and cinderhub-2.18.0.
 *
 *   MALLOC_CONF=prof:true,prof_final:true,prof_prefix:DIR/cinderhub,lg_prof_interval:22,lg_prof_sample:16 \
 *     ./cinderhub-X CONF LOG
 *
 * jemalloc writes DIR/cinderhub.<pid>.<seq>.i<seq>.heap every 4 MiB allocated and cinderhub.<pid>.<seq>.f.heap at
 * exit. Two poll threads read ~240 readings/s each. Per reading:
 *   modbus_frame_decode    a 0.5-2 KiB frame buffer, freed at once (churn)
 *   trend_window_append    (2.18.0 only) the new per-sensor trend window for the slope alarms (HUB-231): a 180-520
 *                          byte sample per reading; the trim keeps `trend_window` entries per sensor, but 2.18.0
 *                          compares the window's byte size with the entry count read from the config, so it never
 *                          trims (a leak that starts with the new build)
 * Every 2 s the historian thread runs historian_batch_flush: a 3-6 MiB batch buffer, held ~0.3 s and freed.
 * At start alarm_rules_compile keeps a 5 MiB rule table for the process's life.
 * SIGHUP re-reads CONF (report_interval, historian_url, trend_window) and logs it; SIGTERM stops (exit 0).
 */
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef TREND_WINDOW
#define VERSION "2.18.0"
#else
#define VERSION "2.17.4"
#endif

static volatile sig_atomic_t running = 1, reload = 0;
static FILE *logf;
static const char *conf_path;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned long readings, flushes, window_entries;
static int report_interval = 10;
static long trend_window = 600;
static char historian[128] = "-";

static void logline(const char *lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logline(const char *lvl, const char *fmt, ...) {
  struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm; gmtime_r(&ts.tv_sec, &tm);
  char b[64]; strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%S", &tm);
  fprintf(logf, "%s.%03ldZ cinderhub[%d] level=%s ", b, ts.tv_nsec / 1000000, (int)getpid(), lvl);
  va_list ap; va_start(ap, fmt); vfprintf(logf, fmt, ap); va_end(ap);
  fputc('\n', logf); fflush(logf);
}

static void read_conf(void) {
  FILE *f = fopen(conf_path, "r");
  char line[256];
  if (!f) return;
  while (fgets(line, sizeof line, f)) {
    sscanf(line, "report_interval = %d", &report_interval);
    sscanf(line, "trend_window = %ld", &trend_window);
    sscanf(line, "historian_url = %127s", historian);
  }
  fclose(f);
}

static volatile unsigned long wire;
#define ESCAPE(p) __asm__ volatile("" : : "r"(p) : "memory")
static unsigned rnd(unsigned *s) { *s = *s * 1103515245u + 12345u; return (*s >> 8) & 0xffffff; }

static char *rules;
__attribute__((noinline)) void alarm_rules_compile(void) {
  rules = malloc(5u << 20);
  memset(rules, 'R', 5u << 20);
  ESCAPE(rules);
}

__attribute__((noinline)) char *modbus_frame_decode(unsigned sensor, unsigned *s) {
  size_t n = 512 + rnd(s) % 1536;
  char *b = malloc(n);
  memset(b, 'm', n);
  snprintf(b, n, "unit=%u fc=4 reg=30%03u", sensor / 64, sensor % 1000);
  return b;
}

#ifdef TREND_WINDOW
#define SENSORS 96
struct sample { struct sample *next; long long at; double v; size_t len; char raw[]; };
static struct sample *win[SENSORS];
static size_t win_bytes[SENSORS];
static long win_count[SENSORS];

__attribute__((noinline)) void trend_window_append(unsigned sensor, double v, unsigned *s) {
  size_t n = 180 + rnd(s) % 340;
  struct sample *e = malloc(sizeof *e + n);
  e->at = time(NULL); e->v = v; e->len = n;
  memset(e->raw, 'w', n);
  snprintf(e->raw, n, "sensor=%u v=%.3f", sensor, v);
  unsigned k = sensor % SENSORS;
  e->next = win[k]; win[k] = e; win_bytes[k] += n; win_count[k]++; window_entries++;
  /* trim to trend_window entries: 2.18.0 compares the window's bytes with the entry limit (HUB-231 review missed it) */
  if ((long)win_bytes[k] > trend_window * (long)sizeof(struct sample) * 4096) {
    struct sample **pp = &win[k]; long kept = 0;
    while (*pp && kept < trend_window) { pp = &(*pp)->next; kept++; }
    while (*pp) { struct sample *d = *pp; *pp = d->next; win_bytes[k] -= d->len; win_count[k]--; window_entries--; free(d); }
  }
}
#endif

__attribute__((noinline)) void historian_batch_flush(unsigned n, unsigned *s) {
  size_t len = (3u << 20) + rnd(s) % (3u << 20);
  char *b = malloc(len);
  memset(b, (int)(n & 0x7f), len);
  ESCAPE(b);
  wire += (unsigned char)b[len / 2] + (unsigned char)b[len - 1];
  usleep(300000);
  free(b);
  flushes++;
}

static void *poller(void *arg) {
  unsigned s = (unsigned)(uintptr_t)arg * 7919u + 11u;
  struct timespec tick = {0, 4100000}; /* ~240 readings/s per thread */
  while (running) {
    unsigned sensor = rnd(&s) % 4000;
    char *f = modbus_frame_decode(sensor, &s);
    pthread_mutex_lock(&mu);
#ifdef TREND_WINDOW
    trend_window_append(sensor, 900.0 + (rnd(&s) % 4000) / 10.0, &s);
#endif
    readings++;
    pthread_mutex_unlock(&mu);
    free(f);
    nanosleep(&tick, NULL);
  }
  return NULL;
}

static void *historian_thread(void *arg) {
  unsigned s = 113u, n = 0;
  (void)arg;
  while (running) {
    for (int i = 0; i < 17 && running; i++) usleep(100000);
    if (running) historian_batch_flush(++n, &s);
  }
  return NULL;
}

static void stop(int sig) { (void)sig; running = 0; }
static void hup(int sig) { (void)sig; reload = 1; }

int main(int argc, char **argv) {
  conf_path = argc > 1 ? argv[1] : "cinderhub.conf";
  logf = argc > 2 ? fopen(argv[2], "a") : stderr;
  signal(SIGTERM, stop); signal(SIGINT, stop); signal(SIGHUP, hup);
  read_conf();
  logline("info", "msg=\"cinderhub " VERSION " starting\" pollers=2 historian=%s report_interval=%ds trend_window=%ld",
          historian, report_interval, trend_window);
  alarm_rules_compile();
  pthread_t t[3];
  for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, poller, (void *)(uintptr_t)(i + 1));
  pthread_create(&t[2], NULL, historian_thread, NULL);
  long tick = 0;
  while (running) {
    sleep(1); tick++;
    if (reload) {
      reload = 0; read_conf();
      logline("info", "msg=\"config reloaded (SIGHUP)\" report_interval=%ds historian=%s trend_window=%ld",
              report_interval, historian, trend_window);
    }
    if (tick % report_interval == 0) {
      pthread_mutex_lock(&mu);
      logline("info", "msg=stats readings=%lu historian_flushes=%lu trend_window_entries=%lu", readings, flushes, window_entries);
      pthread_mutex_unlock(&mu);
    }
  }
  for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
  logline("info", "msg=\"cinderhub " VERSION " stopping\" readings=%lu", readings);
  return 0;
}
