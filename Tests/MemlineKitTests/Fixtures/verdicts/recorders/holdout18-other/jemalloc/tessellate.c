/* tessellate: a survey-plot tiling service (plot tiles, mosaics, partner survey webhooks) for memline's
 * h18-jemalloc-tessellate-* incident. Run as two worker processes of one service (tessellate@0, tessellate@1), each
 * on its own loopback port behind the balancer; partner webhooks (/hooks/...) are pinned to worker 1. One thread per
 * connection, HTTP/1.0, Connection: close.
 *
 *   GET  /plots/<id>/tile/<z>/<x>/<y>  -> render_plot_tile      32-96 KiB scratch, freed
 *   GET  /plots/<id>/mosaic            -> compose_mosaic        a 10-26 MiB canvas held 150-450 ms, freed
 *   POST /hooks/survey-sync            -> survey_hook_accept    parses the partner payload (8-20 KiB), freed;
 *        since 2.9.0 (HOOK_REPLAY_GUARD) hook_replay_remember keeps a copy of every payload for replay detection
 *        and the expiry sweep compares a monotonic clock with a wall-clock deadline, so nothing ever expires: the leak
 *   GET  /healthz                                                small
 *
 *   MALLOC_CONF=prof:true,prof_final:true,prof_prefix:DIR/tessellate,lg_prof_interval:25,lg_prof_sample:15 \
 *     ./tessellate WORKER PORT ACCESS_LOG SERVICE_LOG
 *
 * The access log is key=value, one line per response: time=ISO pid=… worker=… method=… path=… status=…
 * duration=<ms> bytes=…. SIGTERM stops a worker (exit 0; jemalloc writes its final profile).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef TESS_VERSION
#define TESS_VERSION "2.8.0"
#endif
#define NOINLINE __attribute__((noinline))
static FILE *alog, *slog;
static int worker;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static volatile sig_atomic_t running = 1;

static unsigned long rnd(unsigned long *s) { *s = *s * 6364136223846793005UL + 1442695040888963407UL; return *s >> 33; }

static void isotime(char *b, size_t cap) {
  struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm; gmtime_r(&ts.tv_sec, &tm);
  char d[32]; strftime(d, sizeof d, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(b, cap, "%s.%03ldZ", d, ts.tv_nsec / 1000000);
}

static void logline(const char *lvl, const char *fmt, ...) {
  char b[48]; isotime(b, sizeof b);
  pthread_mutex_lock(&mu);
  fprintf(slog, "%s %s tessellate@%d[%d]: ", b, lvl, worker, (int)getpid());
  va_list ap; va_start(ap, fmt); vfprintf(slog, fmt, ap); va_end(ap);
  fputc('\n', slog); fflush(slog);
  pthread_mutex_unlock(&mu);
}

static void *(*volatile alloc_fn)(size_t) = malloc;

NOINLINE static unsigned long render_plot_tile(unsigned long seed) {
  unsigned long s = seed, sum = 0;
  size_t n = (32UL << 10) + rnd(&s) % (64UL << 10);
  unsigned char *volatile px = alloc_fn(n);
  for (size_t i = 0; i < n; i += 256) { px[i] = (unsigned char)rnd(&s); sum += px[i]; }
  free(px);
  return sum;
}

NOINLINE static unsigned long compose_mosaic(unsigned long seed) {
  unsigned long s = seed, sum = 0;
  size_t n = (10UL << 20) + rnd(&s) % (16UL << 20);
  unsigned char *volatile canvas = alloc_fn(n);
  if (!canvas) return 0;
  memset(canvas, (int)(seed & 0x7f), n);
  for (size_t i = 0; i < n; i += 8192) { canvas[i] = (unsigned char)rnd(&s); sum += canvas[i]; }
  struct timespec enc = {0, (long)(150 + rnd(&s) % 300) * 1000000L}; /* the JPEG encoder reads the canvas */
  nanosleep(&enc, NULL);
  free(canvas);
  return sum;
}

#ifdef HOOK_REPLAY_GUARD
struct seen { struct seen *next; struct timespec deadline; size_t len; char *payload; };
static struct seen *replay_set;
static unsigned long remembered;

NOINLINE static void hook_replay_remember(const char *payload, size_t len) {
  struct seen *e = malloc(sizeof *e);
  e->payload = malloc(len);
  memcpy(e->payload, payload, len);
  e->len = len;
  clock_gettime(CLOCK_REALTIME, &e->deadline); e->deadline.tv_sec += 900; /* 15 min replay window */
  struct timespec now; clock_gettime(CLOCK_MONOTONIC, &now);
  pthread_mutex_lock(&mu);
  e->next = replay_set; replay_set = e; remembered++;
  /* expiry sweep: monotonic now vs a wall-clock deadline, never true */
  for (struct seen **pp = &replay_set; *pp;) {
    if (now.tv_sec > (*pp)->deadline.tv_sec) { struct seen *d = *pp; *pp = d->next; free(d->payload); free(d); remembered--; }
    else pp = &(*pp)->next;
  }
  pthread_mutex_unlock(&mu);
}
#endif

NOINLINE static int survey_hook_accept(unsigned long seed) {
  unsigned long s = seed;
  size_t n = (8UL << 10) + rnd(&s) % (12UL << 10);
  char *payload = malloc(n);
  for (size_t i = 0; i < n; i++) payload[i] = (char)('a' + rnd(&s) % 26);
#ifdef HOOK_REPLAY_GUARD
  hook_replay_remember(payload, n);
#endif
  free(payload);
  return 202;
}

static void *serve(void *arg) {
  int fd = (int)(long)arg;
  struct timespec t0, t1; clock_gettime(CLOCK_MONOTONIC, &t0);
  char req[4096]; ssize_t r = read(fd, req, sizeof req - 1);
  if (r <= 0) { close(fd); return NULL; }
  req[r] = 0;
  char method[8] = "", path[512] = "";
  sscanf(req, "%7s %511s", method, path);
  char body[256]; size_t blen; int status = 200;
  unsigned long seed = (unsigned long)t0.tv_nsec ^ (unsigned long)fd << 21;
  size_t pl = strlen(path);
  if (!strcmp(method, "GET") && !strncmp(path, "/plots/", 7) && strstr(path, "/tile/")) {
    blen = (size_t)snprintf(body, sizeof body, "{\"tile\":%lu}", render_plot_tile(seed) % 9973);
  } else if (!strcmp(method, "GET") && !strncmp(path, "/plots/", 7) && pl > 7 && !strcmp(path + pl - 7, "/mosaic")) {
    blen = (size_t)snprintf(body, sizeof body, "{\"mosaic\":\"jpeg\",\"sum\":%lu}", compose_mosaic(seed) % 9973);
  } else if (!strcmp(method, "POST") && !strcmp(path, "/hooks/survey-sync")) {
    status = survey_hook_accept(seed);
    blen = (size_t)snprintf(body, sizeof body, "{\"accepted\":true}");
  } else if (!strcmp(path, "/healthz")) {
    blen = (size_t)snprintf(body, sizeof body, "{\"ok\":true,\"version\":\"%s\"}", TESS_VERSION);
  } else {
    blen = (size_t)snprintf(body, sizeof body, "{\"error\":\"not found\"}"); status = 404;
  }
  char hdr[256];
  int h = snprintf(hdr, sizeof hdr, "HTTP/1.0 %d OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n", status, blen);
  if (write(fd, hdr, (size_t)h) < 0 || write(fd, body, blen) < 0) { /* client gone */ }
  close(fd);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
  char ts[48]; isotime(ts, sizeof ts);
  pthread_mutex_lock(&mu);
  fprintf(alog, "time=%s pid=%d worker=%d method=%s path=%s status=%d duration=%.2f bytes=%zu\n",
          ts, (int)getpid(), worker, method, path, status, ms, blen);
  fflush(alog);
  pthread_mutex_unlock(&mu);
  return NULL;
}

static void stop(int sig) { (void)sig; running = 0; }

int main(int argc, char **argv) {
  if (argc < 5) { fprintf(stderr, "usage: tessellate WORKER PORT ACCESS_LOG SERVICE_LOG\n"); return 64; }
  worker = atoi(argv[1]);
  alog = fopen(argv[3], "a"); slog = fopen(argv[4], "a");
  struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_handler = stop; sigaction(SIGTERM, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);
  int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a; memset(&a, 0, sizeof a);
  a.sin_family = AF_INET; a.sin_port = htons((unsigned short)atoi(argv[2])); a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 128)) { perror("tessellate: bind"); return 1; }
  logline("info", "tessellate " TESS_VERSION " worker %d listening on 127.0.0.1:%s", worker, argv[2]);
  while (running) {
    int fd = accept(ls, NULL, NULL);
    if (fd < 0) continue;
    pthread_t t;
    if (pthread_create(&t, NULL, serve, (void *)(long)fd) == 0) pthread_detach(t); else close(fd);
  }
  sleep(1);
  logline("info", "tessellate " TESS_VERSION " worker %d stopping (SIGTERM)", worker);
  return 0;
}
