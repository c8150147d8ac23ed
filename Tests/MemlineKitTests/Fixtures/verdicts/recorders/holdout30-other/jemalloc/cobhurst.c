/* cobhurst: gym check-in gateway (C, jemalloc). Serves HTTP/1.0 on one port, one request per connection:
 *   POST /v1/checkins       a turnstile reports a member badge (body: badge=...&gate=...&device=...)
 *   GET  /v1/gates/:id      gate status from the zone table
 *   GET  /v1/reports/daily  the day's check-ins as CSV, built in memory
 * Writes an access log in Common Log Format with local time and an app log. SIGTERM: exit(0).
 * usage: cobhurst PORT ACCESS_LOG APP_LOG */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static FILE *access_log, *app_log;
static volatile sig_atomic_t stopping;

static void stamp(char *buf, size_t n, const char *fmt) {
  time_t t = time(NULL); struct tm tm; localtime_r(&t, &tm); strftime(buf, n, fmt, &tm);
}
static void app(const char *level, const char *msg) {
  char ts[64]; stamp(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S%z");
  fprintf(app_log, "%s %s cobhurst[%d]: %s\n", ts, level, getpid(), msg); fflush(app_log);
}

/* zone table: fixed at start, one row per gate */
struct gate { int id; int zone; char name[48]; long passes; };
static struct gate *zone_table; static int n_gates = 4096;

/* open sessions: a check-in opens a session until the member leaves; the session index keeps them */
struct session {
  long id; char badge[24]; int gate; time_t at;
  char *device;   /* strdup of the device token */
  char *payload;  /* copy of the raw request body, kept for the audit trail */
  struct session *next;
};
#define BUCKETS 8192
static struct session *session_index[BUCKETS];
static long n_sessions, next_session_id = 1;

static struct session *session_open(const char *badge, int gate, const char *device, const char *body) {
  struct session *s = malloc(sizeof *s);
  s->id = next_session_id++; snprintf(s->badge, sizeof s->badge, "%s", badge); s->gate = gate; s->at = time(NULL);
  s->device = strdup(device);
  s->payload = malloc(1536); snprintf(s->payload, 1536, "%s", body);
  unsigned b = (unsigned)s->id % BUCKETS; s->next = session_index[b]; session_index[b] = s;
  n_sessions++;
  return s;
}
/* Sessions are closed by the exit turnstile's "leave" message, which the new firmware stopped sending. */

static void field(const char *body, const char *key, char *out, size_t n) {
  const char *p = strstr(body, key); out[0] = 0; if (!p) return;
  p += strlen(key); size_t i = 0; while (p[i] && p[i] != '&' && i + 1 < n) { out[i] = p[i]; i++; } out[i] = 0;
}

static long handle_checkin(const char *body) {
  char badge[32], gate[16], device[96];
  field(body, "badge=", badge, sizeof badge); field(body, "gate=", gate, sizeof gate); field(body, "device=", device, sizeof device);
  int g = atoi(gate) % n_gates; zone_table[g].passes++;
  session_open(badge, g, device, body);
  return 0;
}

static char *build_daily_report(size_t *len) {
  /* 64,000 rows rendered one 640-byte chunk at a time, then joined into the CSV body */
  size_t rows = 64000, cap = rows * 640 + 64; char **chunk = malloc(rows * sizeof *chunk);
  for (size_t i = 0; i < rows; i++) {
    chunk[i] = malloc(640);
    snprintf(chunk[i], 640, "%zu,badge-%06zu,gate-%04zu,zone-%02zu,2026-12-08,%-560s\n", i, i * 7 % 999983, i % 4096, i % 40, "in");
  }
  char *csv = malloc(cap); size_t n = 0;
  for (size_t i = 0; i < rows; i++) { size_t l = strlen(chunk[i]); memcpy(csv + n, chunk[i], l); n += l; free(chunk[i]); }
  free(chunk); *len = n; return csv;
}

static void on_term(int sig) { (void)sig; stopping = 1; }

int main(int argc, char **argv) {
  if (argc < 4) { fprintf(stderr, "usage: cobhurst PORT ACCESS_LOG APP_LOG\n"); return 2; }
  access_log = fopen(argv[2], "a"); app_log = fopen(argv[3], "a");
  struct sigaction sa = {0}; sa.sa_handler = on_term; sigaction(SIGTERM, &sa, NULL); signal(SIGPIPE, SIG_IGN);
  zone_table = calloc(n_gates, sizeof *zone_table);
  for (int i = 0; i < n_gates; i++) { zone_table[i].id = i; zone_table[i].zone = i % 40; snprintf(zone_table[i].name, 48, "gate-%04d", i); }
  int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1; setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {0}; a.sin_family = AF_INET; a.sin_port = htons(atoi(argv[1])); a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(ls, (void *)&a, sizeof a) || listen(ls, 512)) { perror("bind"); return 1; }
  char msg[256]; snprintf(msg, sizeof msg, "cobhurst 2.8.1 listening on 127.0.0.1:%s (%d gates)", argv[1], n_gates); app("INFO", msg);
  long reqs = 0, reports = 0; time_t last_stats = time(NULL);
  while (!stopping) {
    struct sockaddr_in peer; socklen_t pl = sizeof peer;
    int c = accept(ls, (void *)&peer, &pl); if (c < 0) continue;
    char req[4096]; ssize_t got = 0, r;
    while (got < (ssize_t)sizeof req - 1 && (r = read(c, req + got, sizeof req - 1 - got)) > 0) {
      got += r; req[got] = 0; char *h = strstr(req, "\r\n\r\n");
      if (h) { char *cl = strstr(req, "Content-Length: "); long want = cl ? atol(cl + 16) : 0; if (got - (h + 4 - req) >= want) break; }
    }
    if (got <= 0) { close(c); continue; }
    req[got] = 0;
    char method[8] = "", path[256] = ""; sscanf(req, "%7s %255s", method, path);
    char *body = strstr(req, "\r\n\r\n"); body = body ? body + 4 : req + got;
    int status = 200; size_t len = 0; char small[256]; char *out = small;
    if (!strcmp(method, "POST") && !strcmp(path, "/v1/checkins")) {
      handle_checkin(body); len = snprintf(small, sizeof small, "{\"ok\":true,\"session\":%ld}", next_session_id - 1);
    } else if (!strcmp(method, "GET") && !strncmp(path, "/v1/gates/", 10)) {
      int g = atoi(path + 10) % n_gates;
      len = snprintf(small, sizeof small, "{\"gate\":\"%s\",\"zone\":%d,\"passes\":%ld}", zone_table[g].name, zone_table[g].zone, zone_table[g].passes);
    } else if (!strcmp(method, "GET") && !strcmp(path, "/v1/reports/daily")) {
      out = build_daily_report(&len); reports++;
      snprintf(msg, sizeof msg, "daily report built: %zu bytes", len); app("INFO", msg);
    } else { status = 404; len = snprintf(small, sizeof small, "not found"); }
    char hdr[160]; int hl = snprintf(hdr, sizeof hdr, "HTTP/1.0 %d %s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n", status, status == 200 ? "OK" : "Not Found", len);
    (void)!write(c, hdr, hl);
    for (size_t off = 0; off < len;) { ssize_t w = write(c, out + off, len - off); if (w <= 0) break; off += w; }
    close(c);
    if (out != small) free(out);
    char ts[64]; stamp(ts, sizeof ts, "%d/%b/%Y:%H:%M:%S %z");
    fprintf(access_log, "%s - - [%s] \"%s %s HTTP/1.0\" %d %zu\n", inet_ntoa(peer.sin_addr), ts, method, path, status, len);
    reqs++;
    if (time(NULL) - last_stats >= 10) {
      last_stats = time(NULL); fflush(access_log);
      snprintf(msg, sizeof msg, "stats requests=%ld open_sessions=%ld reports=%ld", reqs, n_sessions, reports); app("INFO", msg);
    }
  }
  app("NOTICE", "SIGTERM: shutting down"); fclose(access_log);
  exit(0);
}
