/* brindlecove: a webhook relay for the h25 jemalloc incident. A master process forks NWORKERS workers; worker i
 * listens on PORT+i (the edge proxy routes each tenant to one worker). Every worker appends to the access log;
 * SIGHUP makes the master re-read the config and forward SIGHUP to the workers, which reload their route table.
 *   brindlecove PORT ACCESS_LOG CONFIG
 * Endpoints: POST /v1/hooks (tenant in X-Tenant; an X-Replay-Id header asks for replay protection),
 * GET /v1/hooks/:id/status, GET /healthz.
 * Bug: replay_guard_remember keeps a copy of every replayable payload (x4 plus a 16 KiB audit frame) and stores
 * an expiry time where replay_guard_expire expects the creation time, so the age is negative and nothing is ever
 * dropped. Only requests with X-Replay-Id reach it (one tenant sends them; the proxy pins it to one worker). */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NWORKERS 2
#define REPLAY_TTL_MIN 30

static volatile sig_atomic_t got_hup, got_term;
static FILE *access_log;
static const char *config_path;
static int worker_no;

struct route { char tenant[48]; char target[200]; int weight; };
static struct route *routes;
static size_t nroutes;

struct replay_entry { struct replay_entry *next; char tenant[48]; char id[64]; long long at_ms; size_t len; char *payload; };
static struct replay_entry *replay_head;
static size_t replay_count;

static long long now_ms(void) { struct timeval tv; gettimeofday(&tv, NULL); return tv.tv_sec * 1000LL + tv.tv_usec / 1000; }

static void stamp(char *buf, size_t n) {
  struct timeval tv; gettimeofday(&tv, NULL);
  struct tm tm; localtime_r(&tv.tv_sec, &tm);
  char a[32], z[8]; strftime(a, sizeof a, "%Y-%m-%d %H:%M:%S", &tm); strftime(z, sizeof z, "%z", &tm);
  snprintf(buf, n, "%s.%03ld %s", a, (long)(tv.tv_usec / 1000), z);
}

static void errlog(const char *msg) {
  char ts[48]; stamp(ts, sizeof ts);
  fprintf(stderr, "%s brindlecove[%d] %s\n", ts, getpid(), msg); fflush(stderr);
}

static void routes_load(void) {
  FILE *f = fopen(config_path, "r");
  size_t cap = 8192, n = 0;
  struct route *r = calloc(cap, sizeof *r);
  char line[256];
  while (f && fgets(line, sizeof line, f)) {
    if (line[0] == '#' || line[0] == '\n') continue;
    for (int k = 0; k < 400 && n < cap; k++, n++) { /* each route expands to 400 shard entries */
      sscanf(line, "%47s %199s %d", r[n].tenant, r[n].target, &r[n].weight);
      r[n].weight += k;
    }
  }
  if (f) fclose(f);
  free(routes);
  routes = r; nroutes = n;
}

static void replay_guard_expire(void) {
  long long now = now_ms();
  struct replay_entry **pp = &replay_head;
  while (*pp) {
    struct replay_entry *e = *pp;
    if (now - e->at_ms > REPLAY_TTL_MIN * 60 * 1000LL) {
      *pp = e->next; free(e->payload); free(e); replay_count--;
    } else pp = &e->next;
  }
}

static int replay_guard_remember(const char *tenant, const char *id, const char *body, size_t len) {
  for (struct replay_entry *e = replay_head; e; e = e->next)
    if (strcmp(e->id, id) == 0 && strcmp(e->tenant, tenant) == 0) return 1;
  struct replay_entry *e = calloc(1, sizeof *e);
  snprintf(e->tenant, sizeof e->tenant, "%s", tenant);
  snprintf(e->id, sizeof e->id, "%s", id);
  e->at_ms = now_ms() + 1000LL * 60 * 60 * 24 * 365; /* BUG: "expires_at" stored where the age check wants "created" */
  e->len = len;
  e->payload = malloc(len * 4 + 16384 + 1); /* kept with its escaped copy and the audit frame for replay review */
  memcpy(e->payload, body, len); memset(e->payload + len, 'x', len * 3 + 16384); e->payload[len * 4 + 16384] = 0;
  e->next = replay_head; replay_head = e; replay_count++;
  return 0;
}

static size_t hook_normalize(const char *body, size_t len) {
  size_t cap = len * 6 + 65536;
  char *scratch = malloc(cap);
  size_t o = 0;
  for (size_t i = 0; i < len && o + 8 < cap; i++) {
    if (body[i] == '"' || body[i] == '\\') scratch[o++] = '\\';
    scratch[o++] = body[i];
  }
  memset(scratch + o, ' ', cap - o - 1);
  size_t sum = 0; for (size_t i = 0; i < cap; i += 512) sum += (unsigned char)scratch[i];
  free(scratch);
  return sum;
}

static size_t status_render(long id) {
  char *page = malloc(96 * 1024);
  size_t o = 0;
  for (int i = 0; i < 1200; i++) o += snprintf(page + o, 96 * 1024 - o, "{\"hook\":%ld,\"attempt\":%d,\"code\":200},", id, i);
  size_t r = o + (unsigned char)page[o / 2];
  free(page);
  return r;
}

static const char *header(const char *req, const char *name, char *out, size_t n) {
  const char *p = strcasestr(req, name);
  if (!p) return NULL;
  p += strlen(name);
  while (*p == ' ' || *p == ':') p++;
  size_t k = 0; while (p[k] && p[k] != '\r' && k + 1 < n) { out[k] = p[k]; k++; }
  out[k] = 0; return out;
}

static void serve(int c) {
  static char buf[1 << 17];
  size_t got = 0; char *end = NULL;
  while (got < sizeof buf - 1) {
    ssize_t r = read(c, buf + got, sizeof buf - 1 - got);
    if (r <= 0) break;
    got += r; buf[got] = 0;
    if ((end = strstr(buf, "\r\n\r\n"))) {
      char cl[32]; size_t want = header(buf, "\nContent-Length", cl, sizeof cl) ? strtoul(cl, NULL, 10) : 0;
      size_t have = got - (end + 4 - buf);
      if (have >= want) break;
    }
  }
  if (!end) { close(c); return; }
  struct timeval t0; gettimeofday(&t0, NULL);
  char method[8] = "", path[256] = "", tenant[48] = "-", replay[64] = "";
  sscanf(buf, "%7s %255s", method, path);
  header(buf, "\nX-Tenant", tenant, sizeof tenant);
  int has_replay = header(buf, "\nX-Replay-Id", replay, sizeof replay) != NULL;
  char *body = end + 4; size_t blen = got - (body - buf);
  int status = 200; char resp[256]; long id;
  if (strcmp(method, "POST") == 0 && strcmp(path, "/v1/hooks") == 0) {
    hook_normalize(body, blen);
    int dup = 0;
    if (has_replay) { dup = replay_guard_remember(tenant, replay, body, blen); replay_guard_expire(); }
    status = dup ? 409 : 202;
    snprintf(resp, sizeof resp, "{\"accepted\":%s}", dup ? "false" : "true");
  } else if (strcmp(method, "GET") == 0 && sscanf(path, "/v1/hooks/%ld/status", &id) == 1) {
    snprintf(resp, sizeof resp, "{\"hook\":%ld,\"size\":%zu}", id, status_render(id));
  } else if (strcmp(path, "/healthz") == 0) {
    snprintf(resp, sizeof resp, "ok worker=%d routes=%zu", worker_no, nroutes);
  } else { status = 404; snprintf(resp, sizeof resp, "not found"); }
  char out[512];
  int n = snprintf(out, sizeof out, "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s",
                   status, strlen(resp), resp);
  if (write(c, out, n) < 0) { /* client went away */ }
  close(c);
  struct timeval t1; gettimeofday(&t1, NULL);
  char ts[48]; stamp(ts, sizeof ts);
  fprintf(access_log, "%s pid=%d worker=%d tenant=%s \"%s %s\" %d req_bytes=%zu replay_id=%s dur_ms=%.2f\n", ts, getpid(),
          worker_no, tenant, method, path, status, blen, has_replay ? replay : "-",
          (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_usec - t0.tv_usec) / 1e3);
  fflush(access_log);
}

static void on_hup(int s) { (void)s; got_hup = 1; }
static void on_term(int s) { (void)s; got_term = 1; }

static void worker(int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(0x7f000001) };
  if (bind(s, (void *)&a, sizeof a) || listen(s, 256)) { perror("bind"); exit(1); }
  char m[128]; snprintf(m, sizeof m, "worker %d listening on %d (%zu routes)", worker_no, port, nroutes); errlog(m);
  while (!got_term) {
    if (got_hup) {
      got_hup = 0; routes_load();
      snprintf(m, sizeof m, "worker %d: config reloaded (%zu routes)", worker_no, nroutes); errlog(m);
    }
    int c = accept(s, NULL, NULL);
    if (c < 0) { if (errno == EINTR) continue; break; }
    serve(c);
  }
  snprintf(m, sizeof m, "worker %d exiting (replay entries %zu)", worker_no, replay_count); errlog(m);
  exit(0);
}

int main(int argc, char **argv) {
  if (argc < 4) { fprintf(stderr, "usage: brindlecove PORT ACCESS_LOG CONFIG\n"); return 64; }
  int port = atoi(argv[1]);
  access_log = fopen(argv[2], "a"); config_path = argv[3];
  struct sigaction sa = { .sa_handler = on_hup }; sigaction(SIGHUP, &sa, NULL);
  struct sigaction st = { .sa_handler = on_term }; sigaction(SIGTERM, &st, NULL);
  routes_load();
  errlog("brindlecove 4.2.0 master starting");
  pid_t kids[NWORKERS];
  for (int i = 0; i < NWORKERS; i++) {
    pid_t p = fork();
    if (p == 0) { worker_no = i + 1; worker(port + i); }
    kids[i] = p;
    char m[96]; snprintf(m, sizeof m, "started worker %d pid %d", i + 1, p); errlog(m);
  }
  while (!got_term) {
    pause();
    if (got_hup) {
      got_hup = 0; routes_load();
      char m[128]; snprintf(m, sizeof m, "SIGHUP: reloaded %s (%zu routes), signalling workers", config_path, nroutes); errlog(m);
      for (int i = 0; i < NWORKERS; i++) kill(kids[i], SIGHUP);
    }
  }
  for (int i = 0; i < NWORKERS; i++) kill(kids[i], SIGTERM);
  for (int i = 0; i < NWORKERS; i++) waitpid(kids[i], NULL, 0);
  errlog("master exiting");
  return 0;
}
