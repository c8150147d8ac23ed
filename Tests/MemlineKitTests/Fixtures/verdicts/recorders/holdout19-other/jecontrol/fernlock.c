/* fernlock 3.4.0: a garden-centre catalogue API for memline's h19-jemalloc-* healthy control (C, jemalloc 5.3 with
 * profiling through MALLOC_CONF).
 *   fernlock PORT ACCESS_LOG
 * At start catalog_prefetch (a thread) warms the item cache from the upstream catalogue in batches: ~1,250 items/s
 * until the cache holds CACHE_CAP (36,000) items of 0.5-1.9 KB, then it stops. Requests then read it; a miss loads
 * the item with catalog_load_item and replaces the slot at the clock hand (the old item is freed): the cache stays
 * at its cap. GET /v1/exports/pricebook renders the whole price book into one 72-120 MiB buffer (pricebook_render),
 * streams it in 10 parts over ~3 s and frees it. Access log: Apache combined + %D (microseconds), stamped at arrival. The service's
 * own log (release, warm-up progress) on stderr. SIGTERM exits (prof_final writes the last profile). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define CACHE_CAP 36000
#define SKU_SPACE 400000

typedef struct item { uint32_t sku; size_t len; char *blob; } item;
static item *slots[CACHE_CAP];
static int32_t *where; /* sku -> slot or -1 */
static size_t filled, hand;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static FILE *access_log;
static volatile sig_atomic_t stop_flag;

static void slog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#include <stdarg.h>
static void slog(const char *fmt, ...) {
  char ts[40]; struct timeval tv; gettimeofday(&tv, NULL); struct tm tm; gmtime_r(&tv.tv_sec, &tm);
  strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
  fprintf(stderr, "%s.%03ldZ level=info pid=%d ", ts, (long)(tv.tv_usec / 1000), getpid());
  va_list ap; va_start(ap, fmt); vfprintf(stderr, fmt, ap); va_end(ap);
  fputc('\n', stderr); fflush(stderr);
}

static __attribute__((noinline)) item *catalog_load_item(uint32_t sku, unsigned *seed) {
  item *it = malloc(sizeof *it);
  it->sku = sku;
  it->len = 512 + rand_r(seed) % 1400;
  it->blob = malloc(it->len);
  for (size_t i = 0; i < it->len; i++) it->blob[i] = (char)('a' + (sku + i) % 26);
  return it;
}

static void cache_put_locked(item *it) {
  size_t s;
  if (filled < CACHE_CAP) s = filled++;
  else {
    s = hand; hand = (hand + 1) % CACHE_CAP;
    where[slots[s]->sku] = -1; free(slots[s]->blob); free(slots[s]);
  }
  slots[s] = it; where[it->sku] = (int32_t)s;
}

static void *catalog_prefetch(void *arg) {
  (void)arg; unsigned seed = 4242; size_t batches = 0;
  slog("msg=\"catalog warm-up started\" target=%d", CACHE_CAP);
  for (;;) {
    pthread_mutex_lock(&mu);
    size_t f = filled;
    pthread_mutex_unlock(&mu);
    if (f >= CACHE_CAP || stop_flag) break;
    for (int k = 0; k < 125; k++) {
      uint32_t sku = rand_r(&seed) % SKU_SPACE;
      item *it = catalog_load_item(sku, &seed);
      pthread_mutex_lock(&mu);
      if (where[sku] >= 0 || filled >= CACHE_CAP) { free(it->blob); free(it); }
      else cache_put_locked(it);
      pthread_mutex_unlock(&mu);
    }
    if (++batches % 50 == 0) slog("msg=\"catalog warm-up\" items=%zu", f);
    usleep(100000);
  }
  slog("msg=\"catalog warm-up done\" items=%zu", filled);
  return NULL;
}

static __attribute__((noinline)) uint64_t pricebook_render(unsigned *seed) {
  size_t n = (72u + rand_r(seed) % 49u) << 20;
  unsigned char *buf = malloc(n);
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i += 64) { buf[i] = (unsigned char)(i * 31); }
  for (int part = 0; part < 10; part++) { /* streamed to the client in 10 parts, ~0.3 s each */
    for (size_t i = part * (n / 10); i < (part + 1) * (n / 10); i += 4096) h = (h ^ buf[i]) * 1099511628211ull;
    usleep(300000);
  }
  free(buf);
  return h ^ n;
}

static void respond(int fd, int status, const char *body) {
  char head[256];
  int n = snprintf(head, sizeof head, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
                   status, status == 200 ? "OK" : "Not Found", strlen(body));
  (void)!write(fd, head, n); (void)!write(fd, body, strlen(body));
}

static void *serve(void *arg) {
  int fd = (int)(intptr_t)arg;
  struct timeval t0; gettimeofday(&t0, NULL);
  char req[8192]; ssize_t r = read(fd, req, sizeof req - 1);
  if (r <= 0) { close(fd); return NULL; }
  req[r] = 0;
  char method[8] = "", path[512] = "", ua[128] = "-";
  sscanf(req, "%7s %511s", method, path);
  char *u = strcasestr(req, "\r\nUser-Agent: ");
  if (u) sscanf(u + 14, "%127[^\r\n]", ua);
  unsigned seed = (unsigned)(t0.tv_usec ^ fd);
  char body[256]; int status = 200;
  if (!strncmp(path, "/v1/catalog/items/", 18)) {
    uint32_t sku = (uint32_t)strtoul(path + 18, NULL, 10) % SKU_SPACE;
    pthread_mutex_lock(&mu);
    int32_t s = where[sku];
    size_t len = s >= 0 ? slots[s]->len : 0;
    pthread_mutex_unlock(&mu);
    if (s < 0) {
      item *it = catalog_load_item(sku, &seed);
      len = it->len;
      pthread_mutex_lock(&mu);
      if (where[sku] >= 0) { free(it->blob); free(it); } else cache_put_locked(it);
      pthread_mutex_unlock(&mu);
    }
    snprintf(body, sizeof body, "{\"sku\":%u,\"bytes\":%zu,\"cached\":%s}", sku, len, s >= 0 ? "true" : "false");
  } else if (!strncmp(path, "/v1/stock/", 10)) {
    snprintf(body, sizeof body, "{\"store\":\"%.40s\",\"ok\":true}", path + 10);
  } else if (!strcmp(path, "/v1/exports/pricebook")) {
    snprintf(body, sizeof body, "{\"digest\":\"%016llx\"}", (unsigned long long)pricebook_render(&seed));
  } else if (!strcmp(path, "/healthz")) {
    snprintf(body, sizeof body, "{\"ok\":true}");
  } else { status = 404; snprintf(body, sizeof body, "{\"error\":\"not found\"}"); }
  respond(fd, status, body);
  close(fd);
  struct timeval t1; gettimeofday(&t1, NULL);
  long us = (t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_usec - t0.tv_usec);
  char ts[64]; struct tm tm; gmtime_r(&t0.tv_sec, &tm); strftime(ts, sizeof ts, "%d/%b/%Y:%H:%M:%S +0000", &tm);
  pthread_mutex_lock(&mu);
  fprintf(access_log, "10.8.%d.%d - - [%s] \"%s %s HTTP/1.1\" %d %zu \"-\" \"%s\" %ld\n", (fd % 3) + 1, 20 + fd % 50,
          ts, method, path, status, strlen(body), ua, us);
  fflush(access_log);
  pthread_mutex_unlock(&mu);
  return NULL;
}

static void on_term(int s) { (void)s; stop_flag = 1; }

int main(int argc, char **argv) {
  int port = atoi(argv[1]);
  access_log = fopen(argv[2], "a");
  where = malloc(sizeof(int32_t) * SKU_SPACE);
  for (int i = 0; i < SKU_SPACE; i++) where[i] = -1;
  struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_handler = on_term; sigaction(SIGTERM, &sa, NULL);
  int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {0}; a.sin_family = AF_INET; a.sin_port = htons(port); a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 256)) { perror("bind"); return 1; }
  slog("msg=\"fernlock starting\" release=3.4.0 build=8c41d2e port=%d", port);
  pthread_t pf; pthread_create(&pf, NULL, catalog_prefetch, NULL); pthread_detach(pf);
  while (!stop_flag) {
    int fd = accept(s, NULL, NULL);
    if (fd < 0) continue;
    pthread_t t; pthread_create(&t, NULL, serve, (void *)(intptr_t)fd); pthread_detach(t);
  }
  slog("msg=\"SIGTERM, exiting\" items=%zu", filled);
  exit(0);
}
