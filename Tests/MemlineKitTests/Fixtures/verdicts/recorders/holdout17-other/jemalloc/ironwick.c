/* ironwick 5.4.1: a document preview API (document metadata, uploads, page thumbnails) for memline's
 * h17-jemalloc-ironwick-* incident. One thread per connection, HTTP/1.0, Connection: close, plus one BACKGROUND
 * thread (usage_flusher) that wakes every 500 ms on its own timer, whatever the traffic:
 *
 *   usage_flusher -> flush_usage_window -> snapshot_tenant_usage
 *       copies the per-tenant usage counters of the last window (96-160 KiB) for the billing sink; the copy is queued
 *       for retry until the sink acks it, and since 5.4.0 the sink is disabled on this deployment (billing_sink=off),
 *       so nothing ever acks and every snapshot stays queued: the leak (no request involved)
 *   GET /v2/docs/<id>/thumbnail -> render_thumbnail   a 6-14 MiB page raster, filled and freed before the response:
 *       big, short-lived: held 120-380 ms while the encoder runs (about 1 request in 5)
 *   GET /v2/docs/<id>, POST /v2/docs                  small
 *
 *   MALLOC_CONF=prof:true,prof_final:true,prof_prefix:DIR/ironwick,lg_prof_interval:27,lg_prof_sample:16 \
 *     ./ironwick PORT ACCESS_LOG SERVICE_LOG
 *
 * The access log is nginx's combined format followed by $request_time (seconds, ms resolution), written when the
 * response is done. SIGTERM stops it (exit 0; jemalloc writes its final profile).
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

#define NOINLINE __attribute__((noinline))
static FILE *alog, *slog;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static volatile sig_atomic_t running = 1;

struct pending { struct pending *next; size_t len; unsigned char *blob; };
static struct pending *retry_queue;
static unsigned long queued, windows;

static unsigned long rnd(unsigned long *s) { *s = *s * 6364136223846793005UL + 1442695040888963407UL; return *s >> 33; }

static void logline(const char *lvl, const char *fmt, ...) {
  struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm; gmtime_r(&ts.tv_sec, &tm);
  char b[64]; strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%S", &tm);
  pthread_mutex_lock(&mu);
  fprintf(slog, "%s.%03ldZ %s ironwick[%d]: ", b, ts.tv_nsec / 1000000, lvl, (int)getpid());
  va_list ap; va_start(ap, fmt); vfprintf(slog, fmt, ap); va_end(ap);
  fputc('\n', slog); fflush(slog);
  pthread_mutex_unlock(&mu);
}

NOINLINE static unsigned char *snapshot_tenant_usage(unsigned long *s, size_t *len) {
  *len = (96UL << 10) + rnd(s) % (64UL << 10);
  unsigned char *b = malloc(*len);
  for (size_t i = 0; i < *len; i += 64) b[i] = (unsigned char)rnd(s);
  return b;
}

NOINLINE static void flush_usage_window(unsigned long *s) {
  struct pending *p = malloc(sizeof *p);
  p->blob = snapshot_tenant_usage(s, &p->len);
  pthread_mutex_lock(&mu);
  p->next = retry_queue; retry_queue = p; queued++; windows++;
  pthread_mutex_unlock(&mu);
  /* billing_sink=off: nothing acks, the retry queue is never drained */
}

static void *usage_flusher(void *arg) {
  (void)arg;
  unsigned long s = 0x5eed1234UL;
  struct timespec tick = {0, 500 * 1000000};
  while (running) {
    nanosleep(&tick, NULL);
    flush_usage_window(&s);
    if (windows % 40 == 0) logline("info", "usage window flushed: windows=%lu retry_queue=%lu sink=off", windows, queued);
  }
  return NULL;
}

static void *(*volatile alloc_fn)(size_t) = malloc; /* keeps the raster from being optimised away */

NOINLINE static unsigned long render_thumbnail(unsigned long seed) {
  unsigned long s = seed;
  size_t n = (6UL << 20) + rnd(&s) % (8UL << 20);
  unsigned char *volatile raster = alloc_fn(n);
  unsigned long sum = 0;
  if (!raster) return 0;
  memset(raster, (int)(seed & 0xff), n);
  for (size_t i = 0; i < n; i += 4096) { raster[i] = (unsigned char)rnd(&s); sum += raster[i]; }
  struct timespec enc = {0, (long)(120 + rnd(&s) % 260) * 1000000L}; /* the PNG encoder reads the raster */
  nanosleep(&enc, NULL);
  for (size_t i = 0; i < n; i += 65536) sum += raster[i];
  free(raster);
  return sum;
}

NOINLINE static size_t doc_meta(const char *id, char *out, size_t cap) {
  char *row = malloc(2048);
  size_t n = (size_t)snprintf(row, 2048, "{\"doc\":\"%.64s\",\"pages\":%d,\"mime\":\"application/pdf\"}", id, (int)(strlen(id) % 40) + 1);
  if (n >= cap) n = cap - 1;
  memcpy(out, row, n); out[n] = 0;
  free(row);
  return n;
}

static void *serve(void *arg) {
  int fd = (int)(long)arg;
  struct timespec t0, t1; clock_gettime(CLOCK_REALTIME, &t0);
  char req[2048]; ssize_t r = read(fd, req, sizeof req - 1);
  if (r <= 0) { close(fd); return NULL; }
  req[r] = 0;
  char method[8] = "", path[512] = "";
  sscanf(req, "%7s %511s", method, path);
  char body[1024]; size_t blen; int status = 200;
  unsigned long seed = (unsigned long)t0.tv_nsec ^ (unsigned long)fd << 20;
  size_t pl = strlen(path);
  if (!strcmp(method, "GET") && !strncmp(path, "/v2/docs/", 9) && pl > 10 && !strcmp(path + pl - 10, "/thumbnail")) {
    unsigned long sum = render_thumbnail(seed);
    blen = (size_t)snprintf(body, sizeof body, "{\"thumbnail\":\"png\",\"checksum\":%lu}", sum % 9973);
  } else if (!strcmp(method, "GET") && !strncmp(path, "/v2/docs/", 9)) {
    blen = doc_meta(path + 9, body, sizeof body);
  } else if (!strcmp(method, "POST") && !strcmp(path, "/v2/docs")) {
    blen = (size_t)snprintf(body, sizeof body, "{\"accepted\":true}"); status = 201;
  } else {
    blen = (size_t)snprintf(body, sizeof body, "{\"error\":\"not found\"}"); status = 404;
  }
  char hdr[256];
  int h = snprintf(hdr, sizeof hdr, "HTTP/1.0 %d OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n", status, blen);
  if (write(fd, hdr, (size_t)h) < 0 || write(fd, body, blen) < 0) { /* client gone */ }
  close(fd);
  clock_gettime(CLOCK_REALTIME, &t1);
  double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  struct tm tm; gmtime_r(&t1.tv_sec, &tm);
  char ts[64]; strftime(ts, sizeof ts, "%d/%b/%Y:%H:%M:%S +0000", &tm);
  pthread_mutex_lock(&mu);
  fprintf(alog, "10.8.%d.%d - - [%s] \"%s %s HTTP/1.0\" %d %zu \"-\" \"preview-client/2.3\" %.3f\n",
          fd % 3, 20 + fd % 11, ts, method, path, status, blen, secs);
  fflush(alog);
  pthread_mutex_unlock(&mu);
  return NULL;
}

static void stop(int sig) { (void)sig; running = 0; }

int main(int argc, char **argv) {
  if (argc < 4) { fprintf(stderr, "usage: ironwick PORT ACCESS_LOG SERVICE_LOG\n"); return 64; }
  alog = fopen(argv[2], "a"); slog = fopen(argv[3], "a");
  struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_handler = stop; sigaction(SIGTERM, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);
  int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a; memset(&a, 0, sizeof a);
  a.sin_family = AF_INET; a.sin_port = htons((unsigned short)atoi(argv[1])); a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 128)) { perror("ironwick: bind"); return 1; }
  logline("info", "ironwick 5.4.1 listening on 127.0.0.1:%s, billing_sink=off, usage window 500ms", argv[1]);
  pthread_t bg; pthread_create(&bg, NULL, usage_flusher, NULL);
  while (running) {
    int fd = accept(ls, NULL, NULL);
    if (fd < 0) continue;
    pthread_t t;
    if (pthread_create(&t, NULL, serve, (void *)(long)fd) == 0) pthread_detach(t); else close(fd);
  }
  pthread_join(bg, NULL);
  sleep(1);
  logline("info", "ironwick stopping (SIGTERM): %lu usage windows queued for retry", queued);
  return 0;
}
