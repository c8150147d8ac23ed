/* quarrygate: weighbridge reading ingest for a quarry group. One process, poll() loop on a TCP port; each line is
 * "SITE TRUCK GROSS_KG TARE_KG TS". Readings go into a bounded ring (the last RING_CAP). Two timers:
 *   metrics_flush   every second: renders the ring's per-site totals into a scratch report (~10 MB), sends it, frees.
 *   ledger_rollover every ROLLOVER_S seconds: builds a fresh segment index over the ring and swaps it in. The old
 *                   index's entry array is never freed (segment_release frees only the header), so every rollover
 *                   leaks one index (~6 MB). Rare, so nothing looks wrong between rollovers.
 * Build: gcc -O1 -g -o quarrygate quarrygate.c -ljemalloc     Run: quarrygate PORT VERSION ROLLOVER_S */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define RING_CAP 60000
#define MAXC 64

struct reading { char site[16]; char truck[16]; long gross, tare; long ts; char note[160]; };
struct seg_entry { long key; long net; long ts; int site; int pad[9]; };
struct segment { long gen; size_t n; struct seg_entry *entries; };

static struct reading **ring;
static size_t ring_head, ring_len;
static struct segment *current;
static volatile sig_atomic_t stop;
static const char *version;
static unsigned long lines_in, flushes, rollovers;

static void logf_(const char *fmt, ...) {
    char ts[64]; struct timeval tv; gettimeofday(&tv, NULL);
    struct tm tm; localtime_r(&tv.tv_sec, &tm);
    size_t k = strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(ts + k, sizeof ts - k, ".%03ld", (long)(tv.tv_usec / 1000));
    char off[8]; strftime(off, sizeof off, "%z", &tm);
    va_list ap; va_start(ap, fmt);
    fprintf(stderr, "%s%s quarrygate[%d]: ", ts, off, (int)getpid());
    vfprintf(stderr, fmt, ap); fputc('\n', stderr); va_end(ap);
}

static void ring_push(const char *line) {
    struct reading *r = ring[ring_head];
    if (!r) { r = malloc(sizeof *r); ring[ring_head] = r; ring_len++; }
    memset(r, 0, sizeof *r);
    sscanf(line, "%15s %15s %ld %ld %ld", r->site, r->truck, &r->gross, &r->tare, &r->ts);
    snprintf(r->note, sizeof r->note, "%s", line);
    ring_head = (ring_head + 1) % RING_CAP;
}

static struct seg_entry *segment_index_build(size_t n) {
    struct seg_entry *e = malloc(n * sizeof *e * 2); /* sorted copy + merge space */
    for (size_t i = 0; i < n; i++) {
        struct reading *r = ring[i];
        e[i].key = r ? r->ts * 131 + r->gross : (long)i;
        e[i].net = r ? r->gross - r->tare : 0;
        e[i].ts = r ? r->ts : 0;
        e[i].site = r ? r->site[0] : 0;
    }
    memset(e + n, 0, n * sizeof *e);
    return e;
}

static void segment_release(struct segment *s) {
    if (!s) return;
    free(s); /* entries are owned by the segment but never freed here */
}

static void ledger_rollover(void) {
    struct timeval a, b; gettimeofday(&a, NULL);
    struct segment *s = malloc(sizeof *s);
    s->gen = current ? current->gen + 1 : 1;
    s->n = ring_len;
    s->entries = segment_index_build(ring_len);
    struct segment *old = current;
    current = s;
    segment_release(old);
    rollovers++;
    gettimeofday(&b, NULL);
    logf_("job=ledger_rollover gen=%ld entries=%zu took_ms=%ld status=done", s->gen, s->n,
          (b.tv_sec - a.tv_sec) * 1000 + (b.tv_usec - a.tv_usec) / 1000);
}

static void metrics_flush(void) {
    size_t cap = 10u << 20, len = 0;
    char *report = malloc(cap);
    long totals[26] = {0};
    for (size_t i = 0; i < ring_len; i++) if (ring[i]) totals[(ring[i]->site[0] - 'a') & 15] += ring[i]->gross - ring[i]->tare;
    for (size_t i = 0; i < ring_len && len + 256 < cap; i++) {
        struct reading *r = ring[i];
        if (r) len += (size_t)snprintf(report + len, 256, "{\"site\":\"%s\",\"truck\":\"%s\",\"net\":%ld,\"ts\":%ld}\n",
                                       r->site, r->truck, r->gross - r->tare, r->ts);
    }
    memset(report + len, ' ', cap - len); /* padded frame for the metrics sink */
    flushes++;
    if (flushes % 10 == 0) logf_("job=metrics_flush run=%lu bytes=%zu sites_total_kg=%ld status=done", flushes, cap, totals[0]);
    free(report);
}

static void on_term(int sig) { (void)sig; stop = 1; }

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: quarrygate PORT VERSION ROLLOVER_S\n"); return 64; }
    int port = atoi(argv[1]); version = argv[2]; int rollover_s = atoi(argv[3]);
    signal(SIGTERM, on_term); signal(SIGINT, on_term); signal(SIGPIPE, SIG_IGN);
    ring = calloc(RING_CAP, sizeof *ring);
    int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (bind(ls, (struct sockaddr *)&sa, sizeof sa) || listen(ls, 16)) { logf_("bind: %s", strerror(errno)); return 1; }
    logf_("quarrygate %s listening on 127.0.0.1:%d (ring %d readings, rollover every %d s)", version, port, RING_CAP, rollover_s);
    struct pollfd fds[MAXC]; char *buf[MAXC]; size_t blen[MAXC];
    int nf = 1; fds[0].fd = ls; fds[0].events = POLLIN;
    time_t t0 = time(NULL), next_flush = t0 + 1, next_roll = t0 + rollover_s;
    while (!stop) {
        int rc = poll(fds, nf, 100);
        time_t now = time(NULL);
        if (now >= next_flush) { metrics_flush(); next_flush = now + 1; }
        if (now >= next_roll) { ledger_rollover(); next_roll = now + rollover_s; }
        if (rc <= 0) continue;
        if ((fds[0].revents & POLLIN) && nf < MAXC) {
            int c = accept(ls, NULL, NULL);
            if (c >= 0) { fds[nf].fd = c; fds[nf].events = POLLIN; buf[nf] = malloc(65536); blen[nf] = 0; nf++; }
        }
        for (int i = 1; i < nf; i++) {
            if (!(fds[i].revents & (POLLIN | POLLHUP))) continue;
            ssize_t got = read(fds[i].fd, buf[i] + blen[i], 65535 - blen[i]);
            if (got <= 0) { close(fds[i].fd); free(buf[i]); fds[i] = fds[nf - 1]; buf[i] = buf[nf - 1]; blen[i] = blen[nf - 1]; nf--; i--; continue; }
            blen[i] += (size_t)got; buf[i][blen[i]] = 0;
            char *p = buf[i], *nl;
            while ((nl = strchr(p, '\n'))) { *nl = 0; ring_push(p); lines_in++; p = nl + 1; }
            blen[i] = strlen(p); memmove(buf[i], p, blen[i] + 1);
        }
    }
    logf_("quarrygate %s stopping: readings=%lu flushes=%lu rollovers=%lu", version, lines_in, flushes, rollovers);
    return 0;
}
