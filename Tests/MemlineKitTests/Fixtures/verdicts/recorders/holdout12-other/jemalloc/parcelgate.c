/* parcelgate: a pre-fork parcel-locker API back end for memline's h12-jemalloc-parcelgate-sticky-worker incident.
 *
 *   MALLOC_CONF=prof:true,prof_prefix:DIR/parcelgate,lg_prof_interval:22,lg_prof_sample:16 ./parcelgate SECONDS LOG
 *
 * The master loads the rate table, forks 3 workers (all named parcelgate) and dispatches ~260 requests/s to them
 * over pipes: most kinds round-robin, but customs declarations are sharded by carrier and the only carrier that
 * files them (carrier 7, non-EU parcels) maps to worker 2, so only worker 2 serves them (sticky).
 * Per request, every worker:
 *   request_parse             a 0.5-2.5 KiB scratch buffer, freed at once (churn)
 * Customs declarations (worker 2 only, ~11% of all requests):
 *   customs_ruling_cache_put  keeps a 3-7 KiB tariff ruling per declaration in a cache keyed by the parcel id,
 *                             which is unique per parcel, so the cache only grows (the leak)
 * Every 3-6 s in every worker:
 *   manifest_pdf_render       the carrier's manifest as one 10-22 MiB buffer, held ~1.5 s and freed (big, transient)
 * At start (master, inherited by the workers): rate_table_load keeps a 5 MiB rate table.
 * jemalloc writes DIR/parcelgate.<pid>.<seq>.i<seq>.heap every 4 MiB allocated in each process; on SIGTERM each
 * worker also dumps DIR/parcelgate.<pid>.<seq>.m<seq>.heap through mallctl("prof.dump").
 * Stats lines go to LOG (one per worker every 5 s); SIGTERM to the master stops everything.
 */
#include <jemalloc/jemalloc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t running = 1;
static FILE *logf;
static int worker_no; /* 0 = master */

static void logline(const char *lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logline(const char *lvl, const char *fmt, ...) {
  struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm; gmtime_r(&ts.tv_sec, &tm);
  char b[64]; strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%S", &tm);
  fprintf(logf, "%s.%03ldZ %s parcelgate[%d] %s: ", b, ts.tv_nsec / 1000000, lvl, (int)getpid(),
          worker_no ? (worker_no == 1 ? "worker.1" : worker_no == 2 ? "worker.2" : "worker.3") : "master");
  va_list ap; va_start(ap, fmt); vfprintf(logf, fmt, ap); va_end(ap);
  fputc('\n', logf); fflush(logf);
}

static volatile unsigned long wire;
#define ESCAPE(p) __asm__ volatile("" : : "r"(p) : "memory")
static unsigned rnd(unsigned *s) { *s = *s * 1103515245u + 12345u; return (*s >> 8) & 0xffffff; }

static char *rates;
__attribute__((noinline)) void rate_table_load(void) {
  rates = malloc(5u << 20);
  memset(rates, 'R', 5u << 20);
  ESCAPE(rates);
}

__attribute__((noinline)) char *request_parse(unsigned id, unsigned *s) {
  size_t n = 512 + rnd(s) % 2048;
  char *b = malloc(n);
  memset(b, 'q', n);
  snprintf(b, n, "POST /v2/parcels/PG%09u HTTP/1.1", id);
  return b;
}

struct ruling { struct ruling *next; unsigned parcel; size_t len; char body[]; };
static struct ruling *rulings[4096];
static unsigned long rulings_n;
__attribute__((noinline)) void customs_ruling_cache_put(unsigned parcel, unsigned *s) {
  size_t n = 3072 + rnd(s) % 4096;
  struct ruling *r = malloc(sizeof *r + n);
  r->parcel = parcel; r->len = n;
  memset(r->body, 'c', n);
  snprintf(r->body, n, "HS 4202.92 origin=CN parcel=PG%09u duty=4.7%%", parcel);
  r->next = rulings[parcel % 4096]; rulings[parcel % 4096] = r; rulings_n++;
}

__attribute__((noinline)) void manifest_pdf_render(unsigned n, unsigned *s) {
  size_t len = (10u << 20) + rnd(s) % (12u << 20);
  char *b = malloc(len);
  memset(b, (int)(n & 0x7f), len);
  ESCAPE(b);
  wire += (unsigned char)b[len / 3] + (unsigned char)b[len - 1];
  usleep(1500000);
  free(b);
}

struct req { unsigned kind, id; };
enum { K_LOCKER = 0, K_TRACK, K_CUSTOMS, K_RETURN };

static void stop(int sig) { (void)sig; running = 0; }

static void worker(int no, int fd) {
  worker_no = no;
  unsigned s = 977u * (unsigned)no + 5u;
  unsigned long served = 0, customs = 0, renders = 0;
  time_t next_stats = time(NULL) + 5, next_render = time(NULL) + 3 + rnd(&s) % 4;
  logline("info", "worker.%d booted", no);
  struct req r;
  while (running) {
    ssize_t got = read(fd, &r, sizeof r);
    if (got != (ssize_t)sizeof r) break;
    char *q = request_parse(r.id, &s);
    if (r.kind == K_CUSTOMS) { customs_ruling_cache_put(r.id, &s); customs++; }
    wire += (unsigned char)q[7];
    free(q);
    served++;
    time_t now = time(NULL);
    if (now >= next_render) { manifest_pdf_render(++renders, &s); next_render = now + 3 + rnd(&s) % 4; }
    if (now >= next_stats) {
      logline("info", "served=%lu customs=%lu rulings_cached=%lu manifests=%lu", served, customs, rulings_n, renders);
      next_stats = now + 5;
    }
  }
  logline("info", "worker.%d exiting: served=%lu customs=%lu", no, served, customs);
  mallctl("prof.dump", NULL, NULL, NULL, 0);
  _exit(0);
}

int main(int argc, char **argv) {
  int seconds = argc > 1 ? atoi(argv[1]) : 60;
  logf = argc > 2 ? fopen(argv[2], "a") : stderr;
  signal(SIGPIPE, SIG_IGN);
  logline("notice", "parcelgate 6.2.0 master starting, 3 workers, listen 0.0.0.0:8410");
  rate_table_load();
  int fds[3]; pid_t pids[3];
  for (int i = 0; i < 3; i++) {
    int p[2]; if (pipe(p)) return 1;
    pid_t pid = fork();
    if (pid == 0) { close(p[1]); signal(SIGTERM, stop); worker(i + 1, p[0]); }
    close(p[0]); fds[i] = p[1]; pids[i] = pid;
    logline("notice", "spawned worker.%d pid %d", i + 1, (int)pid);
  }
  signal(SIGTERM, stop); signal(SIGINT, stop);
  unsigned s = 31u, id = 100000, rr = 0;
  struct timespec tick = {0, 3800000}; /* ~260 requests/s */
  time_t end = time(NULL) + seconds;
  while (running && time(NULL) < end) {
    unsigned k = rnd(&s) % 100;
    struct req r = { k < 52 ? K_TRACK : k < 82 ? K_LOCKER : k < 93 ? K_CUSTOMS : K_RETURN, id++ };
    int w = r.kind == K_CUSTOMS ? 1 /* carrier 7's shard: worker.2 */ : (int)(rr++ % 3);
    if (write(fds[w], &r, sizeof r) < 0) break;
    nanosleep(&tick, NULL);
  }
  logline("notice", "master stopping workers");
  for (int i = 0; i < 3; i++) { kill(pids[i], SIGTERM); close(fds[i]); }
  for (int i = 0; i < 3; i++) waitpid(pids[i], NULL, 0);
  logline("notice", "master exit");
  return 0;
}
