/* saltcote 3.8.2: a harbour tide-and-berth API for memline's h21-jemalloc incident.
 *   saltcote PORT ACCESS_LOG SERVICE_LOG CONFIG
 * Pre-fork: the master binds, forks 3 workers that accept() on the shared socket (HTTP/1.0, one request per
 * connection) and watches them. Every request goes through span_open (the tracing middleware shared by every
 * endpoint): it copies the request's trace tags (a 3-7 KiB baggage buffer) into a span and links it on the
 * worker's span list so span_flush can ship it - but span_flush only ships spans when trace_export=on, and the
 * shipped config says off, so the list only ever grows (the leak: all three workers, every endpoint, same rate).
 * Endpoints: GET /v2/tides/<port>, GET /v2/berths/<id>, GET /v2/exports/manifest (builds a 96-192 MiB manifest
 * buffer for ~1.5 s, freed), GET /healthz. SIGHUP to the master re-reads CONFIG and is passed on to the workers.
 * Apache combined access log with %D (microseconds) appended. SIGTERM: the master stops the workers, all exit(0). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WORKERS 3

struct span { struct span *next; uint64_t id; double start; size_t tag_len; char *tags; };
static struct span *span_list;
static unsigned long span_count;
static int trace_export;
static FILE *access_log, *service_log;
static const char *config_path;
static volatile sig_atomic_t hup, term;
static int role_worker = -1;

static double now_s(void) { struct timeval tv; gettimeofday(&tv, NULL); return tv.tv_sec + tv.tv_usec / 1e6; }

static void slog(const char *fmt, ...) {
    char ts[64]; struct timeval tv; gettimeofday(&tv, NULL);
    struct tm tm; gmtime_r(&tv.tv_sec, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S", &tm);
    va_list ap; va_start(ap, fmt);
    fprintf(service_log, "%s.%03ld UTC [%d] %s ", ts, (long)(tv.tv_usec / 1000), getpid(), role_worker < 0 ? "master" : "worker");
    vfprintf(service_log, fmt, ap); fputc('\n', service_log); fflush(service_log);
    va_end(ap);
}

static void load_config(void) {
    FILE *f = fopen(config_path, "r"); char line[256];
    trace_export = 0;
    if (!f) return;
    while (fgets(line, sizeof line, f)) if (!strncmp(line, "trace_export=on", 15)) trace_export = 1;
    fclose(f);
}

__attribute__((noinline)) static struct span *span_open(const char *req, size_t req_len) {
    struct span *s = malloc(sizeof *s);
    s->id = ((uint64_t)getpid() << 32) | ++span_count;
    s->start = now_s();
    s->tag_len = 3072 + (size_t)(rand() % 4096);
    s->tags = malloc(s->tag_len);
    size_t n = req_len < s->tag_len ? req_len : s->tag_len;
    memcpy(s->tags, req, n); memset(s->tags + n, '-', s->tag_len - n);
    s->next = span_list; span_list = s;
    return s;
}

__attribute__((noinline)) static void span_flush(void) {
    if (!trace_export) return; /* 3.8: spans are only released once shipped */
    while (span_list) { struct span *s = span_list; span_list = s->next; free(s->tags); free(s); }
}

__attribute__((noinline)) static uint64_t build_manifest(size_t mib) {
    size_t n = mib << 20;
    unsigned char *m = malloc(n);
    for (size_t i = 0; i < n; i += 4096) m[i] = (unsigned char)(i >> 12);
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i += 1 << 15) h = (h ^ m[i]) * 1099511628211ULL;
    usleep(1100000 + (rand() % 800) * 1000);
    free(m);
    return h;
}

__attribute__((noinline)) static int render_tides(char *out, size_t cap, const char *port) {
    char *tmp = malloc(16384);
    int n = 0;
    for (int h = 0; h < 24; h++) n += snprintf(tmp + n, 16384 - n, "%s{\"h\":%d,\"m\":%.2f}", h ? "," : "", h, 2.5 + (h % 6) * 0.4);
    int r = snprintf(out, cap, "{\"port\":\"%.32s\",\"n\":%d}", port, n);
    free(tmp);
    return r;
}

static void alog(struct sockaddr_in *peer, const char *method, const char *path, int status, size_t bytes, long usec) {
    char ts[64]; time_t t = time(NULL); struct tm tm; gmtime_r(&t, &tm);
    strftime(ts, sizeof ts, "%d/%b/%Y:%H:%M:%S +0000", &tm);
    fprintf(access_log, "%s - - [%s] \"%s %s HTTP/1.0\" %d %zu \"-\" \"harbourmaster-app/5.2\" %ld\n",
            inet_ntoa(peer->sin_addr), ts, method, path, status, bytes, usec);
    fflush(access_log);
}

static void serve_one(int fd, struct sockaddr_in *peer) {
    char req[4096]; ssize_t got = 0, r;
    while (got < (ssize_t)sizeof req - 1 && (r = read(fd, req + got, sizeof req - 1 - got)) > 0) {
        got += r; req[got] = 0;
        if (strstr(req, "\r\n\r\n")) break;
    }
    if (got <= 0) { close(fd); return; }
    req[got] = 0;
    double t0 = now_s();
    span_open(req, (size_t)got);
    char method[8] = "", path[256] = "", body[256]; int status = 200;
    sscanf(req, "%7s %255s", method, path);
    if (!strncmp(path, "/v2/tides/", 10)) render_tides(body, sizeof body, path + 10);
    else if (!strncmp(path, "/v2/berths/", 11)) snprintf(body, sizeof body, "{\"berth\":%.32s,\"free\":true}", path + 11);
    else if (!strcmp(path, "/v2/exports/manifest")) {
        size_t mib = 96 + rand() % 97;
        snprintf(body, sizeof body, "{\"manifest_mib\":%zu,\"digest\":\"%016llx\"}", mib, (unsigned long long)build_manifest(mib));
    } else if (!strcmp(path, "/healthz")) snprintf(body, sizeof body, "{\"ok\":true}");
    else { status = 404; snprintf(body, sizeof body, "{\"error\":\"not found\"}"); }
    char hdr[200];
    int hn = snprintf(hdr, sizeof hdr, "HTTP/1.0 %d %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                      status, status == 200 ? "OK" : "Not Found", strlen(body));
    send(fd, hdr, hn, MSG_NOSIGNAL); send(fd, body, strlen(body), MSG_NOSIGNAL);
    close(fd);
    span_flush();
    alog(peer, method, path, status, strlen(body), (long)((now_s() - t0) * 1e6));
}

static void on_hup(int s) { (void)s; hup = 1; }
static void on_term(int s) { (void)s; term = 1; }

static void worker_loop(int ls) {
    slog("info worker %d ready", role_worker);
    while (!term) {
        if (hup) { hup = 0; load_config(); slog("notice config reloaded from %s (trace_export=%s)", config_path, trace_export ? "on" : "off"); }
        struct sockaddr_in peer; socklen_t pl = sizeof peer;
        int fd = accept(ls, (struct sockaddr *)&peer, &pl);
        if (fd < 0) continue;
        serve_one(fd, &peer);
    }
    slog("info worker %d exiting, %lu spans held", role_worker, span_count);
    exit(0);
}

int main(int argc, char **argv) {
    if (argc < 5) { fprintf(stderr, "usage: saltcote PORT ACCESS_LOG SERVICE_LOG CONFIG\n"); return 64; }
    access_log = fopen(argv[2], "a"); service_log = fopen(argv[3], "a"); config_path = argv[4];
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa = {0}; sa.sa_handler = on_hup; sigaction(SIGHUP, &sa, NULL);
    sa.sa_handler = on_term; sigaction(SIGTERM, &sa, NULL);
    load_config();
    int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1])), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 256)) { perror("bind"); return 1; }
    slog("info saltcote 3.8.2 listening on 127.0.0.1:%s, %d workers, trace_export=%s", argv[1], WORKERS, trace_export ? "on" : "off");
    pid_t kids[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
        pid_t p = fork();
        if (p == 0) { role_worker = i; srand((unsigned)getpid()); worker_loop(s); }
        kids[i] = p;
        slog("info spawned worker %d pid %d", i, p);
    }
    while (!term) {
        pause();
        if (hup) {
            hup = 0; load_config();
            slog("notice SIGHUP: reloading %s (trace_export=%s), signalling workers", config_path, trace_export ? "on" : "off");
            for (int i = 0; i < WORKERS; i++) kill(kids[i], SIGHUP);
        }
    }
    slog("info SIGTERM: stopping workers");
    for (int i = 0; i < WORKERS; i++) kill(kids[i], SIGTERM);
    for (int i = 0; i < WORKERS; i++) waitpid(kids[i], NULL, 0);
    slog("info stopped");
    return 0;
}
