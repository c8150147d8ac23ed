/* brinemoor 2.7.0: a ferry-ticketing API for memline's h22-jemalloc incident.
 *   brinemoor PORT ACCESS_LOG
 * One process, one thread, HTTP/1.0 (one request per connection). Request types:
 *   GET  /v1/sailings/<route>   render a timetable (8-24 KiB of temporaries, freed)
 *   GET  /v1/tickets/<id>       look a ticket up (small)
 *   POST /v1/tickets/refund     refund_ticket -> journal_refund: copies the refund's audit record (16-40 KiB)
 *                               onto an in-memory journal that is only trimmed when a journal sink is
 *                               configured (none is): the leak, behind this one request type
 *   GET  /healthz
 * nginx combined access log with $request_time appended. SIGTERM: exit(0) (jemalloc writes the final profile). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

struct refund { struct refund *next; size_t len; char *audit; };
static struct refund *journal; static unsigned long journal_len;
static FILE *access_log;
static volatile sig_atomic_t term;
static double now_s(void) { struct timeval tv; gettimeofday(&tv, NULL); return tv.tv_sec + tv.tv_usec / 1e6; }

__attribute__((noinline)) static void journal_refund(const char *req, size_t n) {
    struct refund *r = malloc(sizeof *r);
    r->len = 16384 + (size_t)(rand() % 24576);
    r->audit = malloc(r->len);
    size_t c = n < r->len ? n : r->len;
    memcpy(r->audit, req, c); memset(r->audit + c, ' ', r->len - c);
    r->next = journal; journal = r; journal_len++;
}
__attribute__((noinline)) static int refund_ticket(char *out, size_t cap, const char *req, size_t n) {
    journal_refund(req, n);
    return snprintf(out, cap, "{\"refunded\":true,\"journal\":%lu}", journal_len);
}
__attribute__((noinline)) static int render_sailings(char *out, size_t cap, const char *route) {
    size_t sz = 8192 + (size_t)(rand() % 16384);
    char *tmp = malloc(sz); int k = 0;
    for (int i = 0; i < 40 && (size_t)k < sz - 64; i++) k += snprintf(tmp + k, sz - k, "{\"dep\":\"%02d:%02d\"},", 6 + i / 3, (i * 20) % 60);
    int r = snprintf(out, cap, "{\"route\":\"%.32s\",\"bytes\":%d}", route, k);
    free(tmp); return r;
}
static void alog(struct sockaddr_in *peer, const char *m, const char *p, int st, size_t b, double secs) {
    char ts[64]; time_t t = time(NULL); struct tm tm; gmtime_r(&t, &tm);
    strftime(ts, sizeof ts, "%d/%b/%Y:%H:%M:%S +0000", &tm);
    fprintf(access_log, "%s - - [%s] \"%s %s HTTP/1.0\" %d %zu \"-\" \"ferrydesk/3.1\" %.3f\n", inet_ntoa(peer->sin_addr), ts, m, p, st, b, secs);
    fflush(access_log);
}
static void on_term(int s) { (void)s; term = 1; }
int main(int argc, char **argv) {
    if (argc < 3) return 64;
    access_log = fopen(argv[2], "a");
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa = {0}; sa.sa_handler = on_term; sigaction(SIGTERM, &sa, NULL);
    int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1])), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 256)) { perror("bind"); return 1; }
    srand((unsigned)getpid());
    while (!term) {
        struct sockaddr_in peer; socklen_t pl = sizeof peer;
        int fd = accept(s, (struct sockaddr *)&peer, &pl);
        if (fd < 0) continue;
        char req[4096]; ssize_t got = 0, r;
        while (got < (ssize_t)sizeof req - 1 && (r = read(fd, req + got, sizeof req - 1 - got)) > 0) { got += r; req[got] = 0; if (strstr(req, "\r\n\r\n")) break; }
        if (got <= 0) { close(fd); continue; }
        req[got] = 0; double t0 = now_s();
        char m[8] = "", p[256] = "", body[256]; int st = 200;
        sscanf(req, "%7s %255s", m, p);
        if (!strncmp(p, "/v1/sailings/", 13)) render_sailings(body, sizeof body, p + 13);
        else if (!strcmp(m, "POST") && !strcmp(p, "/v1/tickets/refund")) refund_ticket(body, sizeof body, req, (size_t)got);
        else if (!strncmp(p, "/v1/tickets/", 12)) snprintf(body, sizeof body, "{\"ticket\":\"%.32s\",\"state\":\"issued\"}", p + 12);
        else if (!strcmp(p, "/healthz")) snprintf(body, sizeof body, "{\"ok\":true}");
        else { st = 404; snprintf(body, sizeof body, "{\"error\":\"not found\"}"); }
        char hdr[200];
        int hn = snprintf(hdr, sizeof hdr, "HTTP/1.0 %d %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n", st, st == 200 ? "OK" : "Not Found", strlen(body));
        send(fd, hdr, hn, MSG_NOSIGNAL); send(fd, body, strlen(body), MSG_NOSIGNAL); close(fd);
        alog(&peer, m, p, st, strlen(body), now_s() - t0);
    }
    return 0;
}
