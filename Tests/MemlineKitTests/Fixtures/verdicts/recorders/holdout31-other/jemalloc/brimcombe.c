/* brimcombe 5.3.0: shipping-label renderer. A master forks WORKERS workers; worker i listens on BASE+1+i and the
 * balancer in front hashes the X-Tenant header to a worker (nginx `hash $http_x_tenant`). Built with -g against
 * jemalloc 5.3 (MALLOC_CONF=prof:true,...). On SIGUSR2 each worker writes a heap profile prof/heap-w<i>.<n>.heap.
 *   POST /v2/labels            render a label for the tenant's template; a GS1-128 barcode for tenants that use one
 *   GET  /v2/manifests/export  the day's manifest as CSV: every parcel row in memory, then sent and freed
 *   GET  /healthz
 * usage: brimcombe BASEPORT WORKERS ACCESSLOG APPLOG */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <jemalloc/jemalloc.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static FILE *acc, *app;
static int worker_no = -1;
static volatile sig_atomic_t dump_req, stop_req;
static unsigned long labels, barcodes, exports;

static void applog(const char *fmt, ...) {
  char ts[32], host[64]; time_t t = time(NULL); struct tm tm; localtime_r(&t, &tm);
  strftime(ts, sizeof ts, "%b %e %H:%M:%S", &tm); gethostname(host, sizeof host);
  fprintf(app, "%s %s brimcombe[%d]: ", ts, host, getpid());
  va_list ap; va_start(ap, fmt); vfprintf(app, fmt, ap); va_end(ap); fputc('\n', app); fflush(app);
}

/* template cache: one slot per (tenant, service) hash, fixed size */
struct tmpl { char key[64]; char *body; size_t len; };
static struct tmpl *tmpl_cache; /* 512 slots, calloc'd at worker start */
#define TMPL_SLOTS 512

struct label {
  char tenant[48];
  char *zpl;          /* rendered ZPL */
  size_t zpl_len;
  unsigned char *barcode; /* GS1-128 bitmap for tenants with barcode templates */
  size_t barcode_len;
};

static struct tmpl *template_for(const char *tenant, int service) {
  char key[64]; snprintf(key, sizeof key, "%s/%d", tenant, service);
  unsigned h = 5381; for (const char *p = key; *p; p++) h = h * 33 + (unsigned char)*p;
  struct tmpl *t = &tmpl_cache[h % TMPL_SLOTS];
  if (strcmp(t->key, key) != 0) {
    free(t->body);
    t->len = 1800 + service * 40;
    t->body = malloc(t->len);
    memset(t->body, '^', t->len);
    snprintf(t->key, sizeof t->key, "%s", key);
  }
  return t;
}

static unsigned char *render_barcode(const char *data, size_t *len) {
  *len = 12180; /* 812 x 120 dots at 203 dpi, 1 bit each */
  unsigned char *bm = malloc(*len);
  for (size_t i = 0; i < *len; i++) bm[i] = (unsigned char)(data[i % strlen(data)] ^ i);
  barcodes++;
  return bm;
}

static struct label *render_label(const char *tenant, const char *body, size_t blen) {
  struct label *l = calloc(1, sizeof *l);
  snprintf(l->tenant, sizeof l->tenant, "%s", tenant);
  int service = blen % 7;
  struct tmpl *t = template_for(tenant, service);
  l->zpl_len = t->len + blen + 64;
  l->zpl = malloc(l->zpl_len);
  memcpy(l->zpl, t->body, t->len);
  memcpy(l->zpl + t->len, body, blen);
  if (strstr(body, "\"barcode\":\"gs1-128\"")) l->barcode = render_barcode(body, &l->barcode_len);
  labels++;
  return l;
}

static void free_label(struct label *l) {
  free(l->zpl);
  free(l);   /* l->barcode is never freed */
}

static size_t export_manifest(int fd) {
  /* every parcel of the day as a row: 190,000 rows of ~360 bytes, built in memory, then sent and freed */
  size_t n = 190000, total = 0;
  char **rows = malloc(n * sizeof *rows);
  for (size_t i = 0; i < n; i++) {
    rows[i] = malloc(360);
    total += (size_t)snprintf(rows[i], 360, "%zu,BRM%09zu,%s,%zu,%zu.%02zu,%s\n", i, i * 7919 % 1000000000,
                              "2026-12-08", i % 1400, i % 31, i % 100,
                              "Unit 4 Harbour Trading Estate, Brimcombe Road, parcel manifest line padded for the carrier");
  }
  char *csv = malloc(total + 1), *p = csv;
  for (size_t i = 0; i < n; i++) { size_t k = strlen(rows[i]); memcpy(p, rows[i], k); p += k; free(rows[i]); }
  free(rows);
  char hdr[160]; int hl = snprintf(hdr, sizeof hdr, "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n", total);
  if (write(fd, hdr, hl) < 0) {}
  size_t off = 0; while (off < total) { ssize_t w = write(fd, csv + off, total - off); if (w <= 0) break; off += w; }
  free(csv);
  exports++;
  return total;
}

static void reply(int fd, int code, const char *status, const char *body) {
  char buf[512]; int n = snprintf(buf, sizeof buf, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s",
                                  code, status, strlen(body), body);
  if (write(fd, buf, n) < 0) {}
}

static void handle(int fd, const char *peer) {
  char buf[16384]; size_t got = 0; char *end = NULL;
  while (got < sizeof buf - 1) {
    ssize_t r = read(fd, buf + got, sizeof buf - 1 - got); if (r <= 0) return;
    got += r; buf[got] = 0; if ((end = strstr(buf, "\r\n\r\n"))) break;
  }
  if (!end) return;
  struct timespec t0; clock_gettime(CLOCK_MONOTONIC, &t0);
  char method[8] = "", path[256] = "", tenant[48] = "-";
  sscanf(buf, "%7s %255s", method, path);
  char *h = strcasestr(buf, "\r\nX-Tenant: "); if (h) sscanf(h + 12, "%47[^\r]", tenant);
  size_t clen = 0; h = strcasestr(buf, "\r\nContent-Length: "); if (h) clen = strtoul(h + 18, NULL, 10);
  char *body = end + 4; size_t have = got - (body - buf);
  while (have < clen && (size_t)(body - buf) + have < sizeof buf - 1) {
    ssize_t r = read(fd, body + have, clen - have); if (r <= 0) break; have += r;
  }
  body[have] = 0;
  int code = 200; size_t bytes = 0;
  if (!strcmp(method, "POST") && !strcmp(path, "/v2/labels")) {
    struct label *l = render_label(tenant, body, have);
    char out[128]; snprintf(out, sizeof out, "{\"label\":\"%lu\",\"zpl_bytes\":%zu}", labels, l->zpl_len);
    free_label(l);
    code = 201; reply(fd, 201, "Created", out); bytes = strlen(out);
  } else if (!strcmp(method, "GET") && !strcmp(path, "/v2/manifests/export")) {
    bytes = export_manifest(fd);
  } else if (!strcmp(path, "/healthz")) {
    reply(fd, 200, "OK", "{\"ok\":true}"); bytes = 11;
  } else { code = 404; reply(fd, 404, "Not Found", "{}"); bytes = 2; }
  struct timespec t1; clock_gettime(CLOCK_MONOTONIC, &t1);
  char ts[40]; time_t t = time(NULL); struct tm tm; localtime_r(&t, &tm); strftime(ts, sizeof ts, "%d/%b/%Y:%H:%M:%S %z", &tm);
  fprintf(acc, "%s - %s [%s] \"%s %s HTTP/1.1\" %d %zu \"-\" \"shipkit/2.4\" w=%d pid=%d rt=%.3f\n", peer, tenant, ts, method, path, code, bytes,
          worker_no, getpid(), (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
  fflush(acc);
}

static void on_usr2(int s) { (void)s; dump_req = 1; }
static void on_term(int s) { (void)s; stop_req = 1; }

static void worker(int port) {
  char name[16]; snprintf(name, sizeof name, "brimcombe-w%d", worker_no); prctl(PR_SET_NAME, name);
  tmpl_cache = calloc(TMPL_SLOTS, sizeof *tmpl_cache);
  int s = socket(AF_INET, SOCK_STREAM, 0), one = 1; setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
  if (bind(s, (void *)&a, sizeof a) || listen(s, 256)) { applog("worker %d: bind %d: %s", worker_no, port, strerror(errno)); exit(1); }
  applog("worker %d: listening on 127.0.0.1:%d", worker_no, port);
  unsigned dumps = 0;
  while (!stop_req) {
    if (dump_req) {
      dump_req = 0;
      char fn[64]; snprintf(fn, sizeof fn, "prof/heap-w%d.%04u.heap", worker_no, dumps++);
      const char *p = fn; int rc = mallctl("prof.dump", NULL, NULL, &p, sizeof p);
      applog("worker %d: heap profile %s (%s); labels=%lu barcodes=%lu exports=%lu", worker_no, fn, rc ? strerror(rc) : "ok", labels, barcodes, exports);
    }
    struct pollfd pf = { .fd = s, .events = POLLIN };
    if (poll(&pf, 1, 200) <= 0) continue;
    struct sockaddr_in pa; socklen_t pl = sizeof pa; int c = accept(s, (void *)&pa, &pl); if (c < 0) continue;
    handle(c, inet_ntoa(pa.sin_addr)); close(c);
  }
  applog("worker %d: shutting down (labels=%lu barcodes=%lu exports=%lu)", worker_no, labels, barcodes, exports);
  exit(0);
}

int main(int argc, char **argv) {
  if (argc < 5) { fprintf(stderr, "usage: brimcombe BASEPORT WORKERS ACCESSLOG APPLOG\n"); return 2; }
  int base = atoi(argv[1]), n = atoi(argv[2]);
  acc = fopen(argv[3], "a"); app = fopen(argv[4], "a");
  signal(SIGUSR2, on_usr2); signal(SIGTERM, on_term); signal(SIGPIPE, SIG_IGN);
  applog("brimcombe 5.3.0 master starting, %d workers, base port %d", n, base);
  pid_t kids[16];
  for (int i = 0; i < n; i++) {
    pid_t p = fork();
    if (p == 0) { worker_no = i + 1; worker(base + 1 + i); }
    kids[i] = p; applog("spawned worker %d pid %d", i + 1, p);
  }
  while (!stop_req) pause();
  for (int i = 0; i < n; i++) kill(kids[i], SIGTERM);
  for (int i = 0; i < n; i++) waitpid(kids[i], NULL, 0);
  applog("master exiting");
  return 0;
}
