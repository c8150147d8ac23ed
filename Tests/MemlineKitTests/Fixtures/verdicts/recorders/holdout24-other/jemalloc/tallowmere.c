#define _GNU_SOURCE
/* tallowmere: an insurance claims intake service (one process, blocking accept loop on a loopback port), for the
 * h24 jemalloc incident. Built twice from this file: 2.3.0 and 2.4.0 (-DTM_FINGERPRINTS, "duplicate claim guard").
 *   tallowmere PORT ACCESS_LOG
 * POST /v2/claims           claim_normalize (scratch), 2.4.0: claim_fingerprint_keep (keeps a copy of the body in a
 *                           dedup table whose expiry compares the claim's received-at second with a day number,
 *                           so nothing ever expires: the leak)
 * GET  /v2/claims/ID        claim_lookup_render (16-64 KiB scratch, freed)
 * POST /admin/rollup        rollup_build: a 48 MiB table in 12 chunks held ~0.8 s, freed (the hourly cron)
 * GET  /healthz
 * policy_table_load keeps 6 MiB from the start. Access log: time=... pid=... key=value per request. SIGTERM: exit(0)
 * (so jemalloc writes prof_final). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#ifndef TM_VERSION
#define TM_VERSION "2.3.0"
#endif

static volatile sig_atomic_t stopping;
static FILE *alog;
static char *policy_table;

static void on_term(int s) { (void)s; stopping = 1; }

static double now_ms(void) {
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return tv.tv_sec * 1000.0 + tv.tv_usec / 1000.0;
}

static void stamp(char *buf, size_t n) {
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    localtime_r(&tv.tv_sec, &tm);
    char b[40], z[8];
    strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%S", &tm);
    strftime(z, sizeof z, "%z", &tm);
    snprintf(buf, n, "%s.%03ld%.3s:%s", b, (long)(tv.tv_usec / 1000), z, z + 3);
}

__attribute__((noinline)) static void policy_table_load(void) {
    policy_table = malloc(6 << 20);
    for (size_t i = 0; i < (6u << 20); i += 64) policy_table[i] = (char)(i * 31);
}

__attribute__((noinline)) static unsigned claim_normalize(const char *body, size_t len) {
    char *scratch = malloc(len * 3 + 256);
    unsigned h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        scratch[i * 2] = body[i];
        scratch[i * 2 + 1] = (char)(body[i] ^ 0x20);
        h = (h ^ (unsigned char)body[i]) * 16777619u;
    }
    h ^= (unsigned char)scratch[len];
    free(scratch);
    return h;
}

#ifdef TM_FINGERPRINTS
struct fingerprint {
    struct fingerprint *next;
    unsigned hash;
    time_t received_at; /* seconds since the epoch */
    size_t len;
    char *body;
};
#define FP_BUCKETS 4096
static struct fingerprint *fp_table[FP_BUCKETS];
static long fp_count;

__attribute__((noinline)) static void fingerprint_expire(unsigned bucket) {
    long today = (long)(time(NULL) / 86400); /* BUG: compared with seconds below, never true */
    struct fingerprint **pp = &fp_table[bucket];
    while (*pp) {
        if ((*pp)->received_at < today - 1) {
            struct fingerprint *dead = *pp;
            *pp = dead->next;
            free(dead->body);
            free(dead);
            fp_count--;
        } else {
            pp = &(*pp)->next;
        }
    }
}

__attribute__((noinline)) static int claim_fingerprint_keep(const char *body, size_t len, unsigned hash) {
    unsigned b = hash % FP_BUCKETS;
    fingerprint_expire(b);
    for (struct fingerprint *f = fp_table[b]; f; f = f->next)
        if (f->hash == hash && f->len == len && memcmp(f->body, body, len) == 0) return 1;
    struct fingerprint *f = malloc(sizeof *f);
    f->body = malloc(len);
    memcpy(f->body, body, len);
    f->len = len;
    f->hash = hash;
    f->received_at = time(NULL);
    f->next = fp_table[b];
    fp_table[b] = f;
    fp_count++;
    return 0;
}
#endif

__attribute__((noinline)) static size_t claim_lookup_render(long id, char *out, size_t n) {
    size_t sz = 16384 + (size_t)(id % 4) * 16384;
    char *page = malloc(sz);
    for (size_t i = 0; i < sz; i += 32) page[i] = (char)(id + i);
    size_t w = (size_t)snprintf(out, n, "{\"claim\":%ld,\"status\":\"open\",\"digest\":%d}", id, page[sz / 2]);
    free(page);
    return w;
}

__attribute__((noinline)) static long rollup_build(void) {
    char *chunks[12];
    long sum = 0;
    for (int i = 0; i < 12; i++) {
        chunks[i] = malloc(4 << 20);
        memset(chunks[i], i + 1, 4 << 20);
    }
    usleep(800000);
    for (int i = 0; i < 12; i++) {
        sum += chunks[i][i * 1000];
        free(chunks[i]);
    }
    return sum;
}

static void serve(int c) {
    static char buf[65536];
    size_t got = 0;
    char *hdr_end = NULL;
    double t0 = now_ms();
    while (got < sizeof buf - 1) {
        ssize_t r = read(c, buf + got, sizeof buf - 1 - got);
        if (r <= 0) return;
        got += (size_t)r;
        buf[got] = 0;
        if ((hdr_end = strstr(buf, "\r\n\r\n"))) break;
    }
    if (!hdr_end) return;
    char method[8] = "", path[256] = "";
    sscanf(buf, "%7s %255s", method, path);
    size_t clen = 0;
    char *cl = strcasestr(buf, "Content-Length:");
    if (cl) clen = strtoul(cl + 15, NULL, 10);
    char *body = hdr_end + 4;
    size_t have = got - (size_t)(body - buf);
    while (have < clen && got < sizeof buf - 1) {
        ssize_t r = read(c, buf + got, sizeof buf - 1 - got);
        if (r <= 0) break;
        got += (size_t)r;
        have += (size_t)r;
    }
    char out[512];
    int status = 200;
    size_t w;
    if (!strcmp(method, "POST") && !strcmp(path, "/v2/claims")) {
        unsigned h = claim_normalize(body, have);
        int dup = 0;
#ifdef TM_FINGERPRINTS
        dup = claim_fingerprint_keep(body, have, h);
#endif
        status = dup ? 409 : 201;
        w = (size_t)snprintf(out, sizeof out, "{\"id\":%u}", h % 1000000);
    } else if (!strcmp(method, "GET") && !strncmp(path, "/v2/claims/", 11)) {
        w = claim_lookup_render(atol(path + 11), out, sizeof out);
    } else if (!strcmp(method, "POST") && !strcmp(path, "/admin/rollup")) {
        w = (size_t)snprintf(out, sizeof out, "{\"rollup\":%ld}", rollup_build());
    } else if (!strcmp(path, "/healthz")) {
        w = (size_t)snprintf(out, sizeof out, "ok " TM_VERSION);
    } else {
        status = 404;
        w = (size_t)snprintf(out, sizeof out, "not found");
    }
    char resp[700];
    int n = snprintf(resp, sizeof resp, "HTTP/1.1 %d X\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s",
                     status, w, out);
    if (write(c, resp, (size_t)n) < 0) status = 499;
    char ts[48];
    stamp(ts, sizeof ts);
    fprintf(alog, "time=%s pid=%d version=%s method=%s path=%s status=%d duration=%.2f bytes=%zu req_bytes=%zu\n", ts,
            (int)getpid(), TM_VERSION, method, path, status, now_ms() - t0, w, have);
    fflush(alog);
}

int main(int argc, char **argv) {
    if (argc < 3) return 64;
    alog = fopen(argv[2], "a");
    if (!alog) return 1;
    struct sigaction sa = {0};
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    policy_table_load();
    int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[1]))};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 128)) return 1;
    char ts[48];
    stamp(ts, sizeof ts);
    fprintf(stderr, "%s tallowmere %s pid %d listening on 127.0.0.1:%s\n", ts, TM_VERSION, (int)getpid(), argv[1]);
    while (!stopping) {
        int c = accept(s, NULL, NULL);
        if (c < 0) {
            if (errno == EINTR) continue;
            break;
        }
        serve(c);
        close(c);
    }
    stamp(ts, sizeof ts);
    fprintf(stderr, "%s tallowmere %s pid %d stopping (SIGTERM)\n", ts, TM_VERSION, (int)getpid());
    exit(0);
}
