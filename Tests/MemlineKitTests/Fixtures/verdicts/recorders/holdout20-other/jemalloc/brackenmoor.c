/* brackenmoor 2.6.1: a weather-station telemetry gateway for memline's h20-jemalloc incident.
 *   brackenmoor PORT ACCESS_LOG SERVICE_LOG
 * HTTP/1.1 keep-alive, one thread per connection. Every connection gets a conn_ctx (struct + 48 KiB read buffer +
 * a 16 KiB station table) from conn_ctx_new. conn_close_clean frees it when the station hangs up (read returns 0);
 * when the station drops the connection abruptly (ECONNRESET), conn_abort closes the socket and logs, but never
 * frees the context (the leak: it follows connection resets).
 * Endpoints: POST /v1/obs (a batch of observations, small), GET /v1/stations/<id>, POST /v1/archive/compress
 * (packs the day's archive: one 40-96 MiB working buffer for ~1.5 s, freed), GET /healthz.
 * One nginx-combined access-log line per request with $request_time appended. SIGTERM: exit(0). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define RBUF (64 * 1024)
#define STATIONS 2048

struct station_slot { uint32_t id; uint32_t seen; double last[2]; };
struct conn_ctx {
    int fd;
    struct sockaddr_in peer;
    size_t used;
    unsigned requests;
    char *rbuf;
    struct station_slot *stations;
};

static FILE *access_log, *service_log;
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static volatile unsigned long aborted_total, clean_total;

static double now_s(void) { struct timeval tv; gettimeofday(&tv, NULL); return tv.tv_sec + tv.tv_usec / 1e6; }

static void slog(const char *fmt, ...) {
    char ts[64]; struct timeval tv; gettimeofday(&tv, NULL);
    struct tm tm; gmtime_r(&tv.tv_sec, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
    va_list ap; va_start(ap, fmt);
    pthread_mutex_lock(&log_mu);
    fprintf(service_log, "%s.%03ldZ brackenmoor[%d] ", ts, (long)(tv.tv_usec / 1000), getpid());
    vfprintf(service_log, fmt, ap); fputc('\n', service_log); fflush(service_log);
    pthread_mutex_unlock(&log_mu);
    va_end(ap);
}

static void alog(struct conn_ctx *c, const char *method, const char *path, int status, size_t bytes, double dur) {
    char ts[64]; time_t t = time(NULL); struct tm tm; gmtime_r(&t, &tm);
    strftime(ts, sizeof ts, "%d/%b/%Y:%H:%M:%S +0000", &tm);
    pthread_mutex_lock(&log_mu);
    fprintf(access_log, "%s - - [%s] \"%s %s HTTP/1.1\" %d %zu \"-\" \"station-agent/3.1\" %.3f\n",
            inet_ntoa(c->peer.sin_addr), ts, method, path, status, bytes, dur);
    fflush(access_log);
    pthread_mutex_unlock(&log_mu);
}

__attribute__((noinline)) static struct conn_ctx *conn_ctx_new(int fd, struct sockaddr_in *peer) {
    struct conn_ctx *c = calloc(1, sizeof *c);
    c->fd = fd; c->peer = *peer;
    c->rbuf = malloc(RBUF);
    c->rbuf[0] = 0;
    c->stations = malloc(STATIONS * sizeof *c->stations);
    for (int i = 0; i < STATIONS; i++) c->stations[i] = (struct station_slot){ .id = UINT32_MAX }; /* empty */
    return c;
}

__attribute__((noinline)) static void conn_close_clean(struct conn_ctx *c) {
    close(c->fd);
    free(c->stations); free(c->rbuf); free(c);
    __sync_fetch_and_add(&clean_total, 1);
}

__attribute__((noinline)) static void conn_abort(struct conn_ctx *c, int err) {
    unsigned long n = __sync_add_and_fetch(&aborted_total, 1);
    if (n % 50 == 0) slog("warn conn reset by peer %s (%s), %lu resets so far", inet_ntoa(c->peer.sin_addr), strerror(err), n);
    close(c->fd);
    c->fd = -1; /* 2.6: the context is "parked for the retry path", which never picks it up */
}

__attribute__((noinline)) static uint64_t compress_archive(size_t mib) {
    size_t n = mib << 20;
    unsigned char *work = malloc(n);
    for (size_t i = 0; i < n; i += 4096) work[i] = (unsigned char)(i >> 12);
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i += 1 << 14) h = (h ^ work[i]) * 1099511628211ULL;
    usleep(1200000 + (rand() % 600) * 1000);
    free(work);
    return h;
}

static void ingest_obs(struct conn_ctx *c, const char *body) {
    uint32_t id = (uint32_t)strtoul(body, NULL, 10);
    struct station_slot *s = &c->stations[id % STATIONS];
    s->id = id; s->seen++; s->last[0] = s->last[1]; s->last[1] = atof(body);
}

static void respond(struct conn_ctx *c, int status, const char *body) {
    char hdr[256];
    int n = snprintf(hdr, sizeof hdr, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                     status, status == 200 ? "OK" : "Not Found", strlen(body));
    send(c->fd, hdr, n, MSG_NOSIGNAL);
    send(c->fd, body, strlen(body), MSG_NOSIGNAL);
}

static void *serve(void *arg) {
    struct conn_ctx *c = arg;
    for (;;) {
        char *end;
        while (!(end = memmem(c->rbuf, c->used, "\r\n\r\n", 4))) {
            ssize_t r = read(c->fd, c->rbuf + c->used, RBUF - 1 - c->used);
            if (r == 0) { conn_close_clean(c); return NULL; }
            if (r < 0) { if (errno == EINTR) continue; conn_abort(c, errno); return NULL; }
            c->used += (size_t)r; c->rbuf[c->used] = 0;
        }
        size_t hlen = (size_t)(end - c->rbuf) + 4;
        char method[8] = "", path[256] = "";
        sscanf(c->rbuf, "%7s %255s", method, path);
        size_t clen = 0; char *cl = strcasestr(c->rbuf, "Content-Length:");
        if (cl && cl < end) clen = strtoul(cl + 15, NULL, 10);
        while (c->used < hlen + clen) {
            ssize_t r = read(c->fd, c->rbuf + c->used, RBUF - 1 - c->used);
            if (r == 0) { conn_close_clean(c); return NULL; }
            if (r < 0) { if (errno == EINTR) continue; conn_abort(c, errno); return NULL; }
            c->used += (size_t)r; c->rbuf[c->used] = 0;
        }
        double t0 = now_s();
        char body[160]; int status = 200;
        if (!strcmp(path, "/v1/obs")) { ingest_obs(c, c->rbuf + hlen); snprintf(body, sizeof body, "{\"ok\":true}"); }
        else if (!strncmp(path, "/v1/stations/", 13)) snprintf(body, sizeof body, "{\"id\":%s,\"online\":true}", path + 13);
        else if (!strcmp(path, "/v1/archive/compress")) {
            size_t mib = 40 + rand() % 57;
            snprintf(body, sizeof body, "{\"packed_mib\":%zu,\"digest\":\"%016llx\"}", mib, (unsigned long long)compress_archive(mib));
        } else if (!strcmp(path, "/healthz")) snprintf(body, sizeof body, "{\"ok\":true}");
        else { status = 404; snprintf(body, sizeof body, "{\"error\":\"not found\"}"); }
        respond(c, status, body);
        c->requests++;
        alog(c, method, path, status, strlen(body), now_s() - t0);
        memmove(c->rbuf, c->rbuf + hlen + clen, c->used - hlen - clen);
        c->used -= hlen + clen; c->rbuf[c->used] = 0;
    }
}

static void on_term(int sig) { (void)sig; slog("info SIGTERM: %lu clean closes, %lu resets", clean_total, aborted_total); exit(0); }

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: brackenmoor PORT ACCESS_LOG SERVICE_LOG\n"); return 64; }
    access_log = fopen(argv[2], "a"); service_log = fopen(argv[3], "a");
    signal(SIGTERM, on_term); signal(SIGPIPE, SIG_IGN);
    srand((unsigned)getpid());
    int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1])), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 256)) { perror("bind"); return 1; }
    slog("info brackenmoor 2.6.1 listening on 127.0.0.1:%s", argv[1]);
    pthread_attr_t at; pthread_attr_init(&at); pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&at, 256 * 1024);
    for (;;) {
        struct sockaddr_in peer; socklen_t pl = sizeof peer;
        int fd = accept(s, (struct sockaddr *)&peer, &pl);
        if (fd < 0) continue;
        struct conn_ctx *c = conn_ctx_new(fd, &peer);
        pthread_t t; pthread_create(&t, &at, serve, c);
    }
}
