/* sorrelgate 1.12.3: a freight-rate gateway for memline's h23 jemalloc incident (C, jemalloc 5.3).
 *   sorrelgate PORT CONFIG ACCESS_LOG
 * The master binds PORT, forks 2 workers (each a poll() loop over the shared listening socket and its own
 * connections) and waits. One request per line, one response line:
 *   GET /v1/rates/lookup sku=N      prices the SKU and keeps the quote (4-12 KB) in the connection's rate cache
 *                                   (conn_cache_put), freed when the connection closes. Short connections drop it;
 *                                   the one long-lived stock-sync connection never closes, so its worker keeps every
 *                                   quote (the leak, one worker only)
 *   GET /v1/quotes/render id=N      renders a quote sheet in a 256 KB scratch buffer, freed (garbage)
 *   GET /healthz
 * SIGHUP to the master re-reads CONFIG and forwards SIGHUP; each worker then rebuilds its tariff table (6 MB,
 * the old one freed) - trap. SIGTERM: master forwards, workers exit(0) (prof_final dump).
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXC 128
struct quote { unsigned long sku; size_t len; struct quote *next; char sheet[]; };
struct conn { int fd; unsigned id; char peer[32]; char buf[4096]; size_t used; struct quote *cache; size_t cached; };

static volatile sig_atomic_t hup, term;
static FILE *acc;
static const char *config_path;
static double *tariff; static size_t tariff_n;
static char tariff_version[128] = "none";

static void on_hup(int s) { (void)s; hup = 1; }
static void on_term(int s) { (void)s; term = 1; }

static void stamp(char *out, size_t n) {
  struct timeval tv; gettimeofday(&tv, NULL);
  struct tm tm; gmtime_r(&tv.tv_sec, &tm);
  size_t k = strftime(out, n, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(out + k, n - k, ".%03ldZ", (long)(tv.tv_usec / 1000));
}

static void logline(const char *fmt, const char *a, const char *b) {
  char ts[40]; stamp(ts, sizeof ts);
  fprintf(acc, "%s sorrelgate[%d] ", ts, (int)getpid());
  fprintf(acc, fmt, a, b);
  fputc('\n', acc); fflush(acc);
}

static void load_tariff(void) {
  FILE *f = fopen(config_path, "r");
  char line[128];
  if (f) { while (fgets(line, sizeof line, f)) if (!strncmp(line, "tariff_version=", 15)) { line[strcspn(line, "\n")] = 0; snprintf(tariff_version, sizeof tariff_version, "%s", line + 15); } fclose(f); }
  double *t = malloc(6u << 20); size_t n = (6u << 20) / sizeof(double);
  for (size_t i = 0; i < n; i++) t[i] = 1.0 + (double)(i % 977) / 1000.0;
  free(tariff); tariff = t; tariff_n = n;
  logline("tariff table loaded version=%s (%s entries)", tariff_version, "786432");
}

static __attribute__((noinline)) void conn_cache_put(struct conn *c, unsigned long sku) {
  size_t len = 4096 + (sku * 2654435761u) % 8192;
  struct quote *q = malloc(sizeof *q + len);
  q->sku = sku; q->len = len;
  for (size_t i = 0; i < len; i++) q->sheet[i] = (char)('a' + (sku + i) % 26);
  q->next = c->cache; c->cache = q; c->cached++;
}

static __attribute__((noinline)) size_t render_quote(unsigned long id) {
  char *scratch = malloc(256 * 1024);
  size_t n = 0;
  for (int r = 0; r < 2000; r++) n += (size_t)snprintf(scratch + n, 256 * 1024 - n, "line %d id %lu rate %.3f\n", r, id, tariff[(id + r) % tariff_n]);
  free(scratch);
  return n;
}

static void conn_close(struct conn *c) {
  struct quote *q = c->cache;
  while (q) { struct quote *nx = q->next; free(q); q = nx; }
  close(c->fd); c->fd = -1; c->cache = NULL; c->cached = 0; c->used = 0;
}

static void serve_line(struct conn *c, char *line) {
  struct timespec t0, t1; clock_gettime(CLOCK_MONOTONIC, &t0);
  char resp[256]; int status = 200; size_t bytes = 0;
  unsigned long v = 0; char *eq = strchr(line, '=');
  if (eq) v = strtoul(eq + 1, NULL, 10);
  if (!strncmp(line, "GET /v1/rates/lookup ", 21)) {
    conn_cache_put(c, v);
    bytes = (size_t)snprintf(resp, sizeof resp, "200 sku=%lu rate=%.3f\n", v, tariff[v % tariff_n]);
  } else if (!strncmp(line, "GET /v1/quotes/render ", 22)) {
    size_t n = render_quote(v);
    bytes = (size_t)snprintf(resp, sizeof resp, "200 id=%lu sheet_bytes=%zu\n", v, n);
  } else if (!strncmp(line, "GET /healthz", 12)) {
    bytes = (size_t)snprintf(resp, sizeof resp, "200 ok\n");
  } else { status = 404; bytes = (size_t)snprintf(resp, sizeof resp, "404\n"); }
  if (write(c->fd, resp, bytes) < 0) { /* client gone */ }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  char ts[40]; stamp(ts, sizeof ts);
  fprintf(acc, "%s sorrelgate[%d] conn=%u peer=%s \"%s\" %d %zu %.2fms\n", ts, (int)getpid(), c->id, c->peer, line,
          status, bytes, (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
}

static void worker(int lfd, int slot) {
  struct conn cs[MAXC]; struct pollfd pf[MAXC + 1];
  unsigned next_id = (unsigned)slot * 100000u + 1;
  for (int i = 0; i < MAXC; i++) cs[i].fd = -1, cs[i].cache = NULL;
  signal(SIGHUP, on_hup); signal(SIGTERM, on_term);
  char s[16]; snprintf(s, sizeof s, "%d", slot);
  logline("worker %s booted (%s)", s, "poll loop");
  load_tariff();
  while (!term) {
    if (hup) { hup = 0; logline("worker got SIGHUP: reloading %s%s", config_path, ""); load_tariff(); }
    int n = 0; pf[n].fd = lfd; pf[n].events = POLLIN; n++;
    int map[MAXC + 1];
    for (int i = 0; i < MAXC; i++) if (cs[i].fd >= 0) { pf[n].fd = cs[i].fd; pf[n].events = POLLIN; map[n] = i; n++; }
    if (poll(pf, (nfds_t)n, 200) <= 0) continue;
    if (pf[0].revents & POLLIN) {
      struct sockaddr_in sa; socklen_t sl = sizeof sa;
      int fd = accept(lfd, (struct sockaddr *)&sa, &sl);
      if (fd >= 0) {
        int i; for (i = 0; i < MAXC && cs[i].fd >= 0; i++) {}
        if (i == MAXC) close(fd);
        else { cs[i].fd = fd; cs[i].id = next_id++; cs[i].used = 0; cs[i].cached = 0; cs[i].cache = NULL;
               snprintf(cs[i].peer, sizeof cs[i].peer, "127.0.0.1:%u", ntohs(sa.sin_port)); }
      }
    }
    for (int k = 1; k < n; k++) {
      if (!(pf[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      struct conn *c = &cs[map[k]];
      ssize_t r = read(c->fd, c->buf + c->used, sizeof c->buf - 1 - c->used);
      if (r <= 0) { conn_close(c); continue; }
      c->used += (size_t)r; c->buf[c->used] = 0;
      char *start = c->buf, *nl;
      while ((nl = strchr(start, '\n'))) { *nl = 0; serve_line(c, start); start = nl + 1; }
      c->used = strlen(start); memmove(c->buf, start, c->used + 1);
    }
    fflush(acc);
  }
  logline("worker exiting on %s%s", "SIGTERM", "");
  exit(0);
}

int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: sorrelgate PORT CONFIG ACCESS_LOG\n"); return 64; }
  config_path = argv[2];
  acc = fopen(argv[3], "a");
  int lfd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in sa = {0}; sa.sin_family = AF_INET; sa.sin_port = htons((unsigned short)atoi(argv[1]));
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(lfd, (struct sockaddr *)&sa, sizeof sa) || listen(lfd, 256)) { perror("bind/listen"); return 1; }
  logline("sorrelgate 1.12.3 master listening on 127.0.0.1:%s (%s workers)", argv[1], "2");
  pid_t kids[2];
  for (int i = 0; i < 2; i++) { kids[i] = fork(); if (kids[i] == 0) worker(lfd, i); }
  signal(SIGHUP, on_hup); signal(SIGTERM, on_term);
  while (!term) {
    pause();
    if (hup) { hup = 0; logline("master got SIGHUP: re-read %s, signalling workers%s", config_path, "");
               for (int i = 0; i < 2; i++) kill(kids[i], SIGHUP); }
  }
  for (int i = 0; i < 2; i++) kill(kids[i], SIGTERM);
  for (int i = 0; i < 2; i++) waitpid(kids[i], NULL, 0);
  logline("master exiting%s%s", "", "");
  return 0;
}
