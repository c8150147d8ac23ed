/* kilnhurst 3.1.4: brewery tank telemetry daemon. Reads "TANK id temp gravity [note ...]" lines over TCP,
 * keeps the recipe cache (bounded LRU, 4096 x 8 KiB), rolls readings up every 15 s, and exits with 75 when its
 * RSS passes the soft limit (the supervisor restarts it). Built with jemalloc, gcc -O1 -g. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define RECIPE_SLOTS 4096
#define RECIPE_BYTES 8192

static volatile sig_atomic_t stop_flag;
static const char *version = "3.1.4";

static void logf_(const char *lvl, const char *fmt, ...) {
    char ts[64], z[8];
    struct timeval tv; gettimeofday(&tv, NULL);
    struct tm tm; localtime_r(&tv.tv_sec, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
    strftime(z, sizeof z, "%z", &tm);
    fprintf(stderr, "%s.%03ld%s kilnhurst[%d] %s ", ts, (long)(tv.tv_usec / 1000), z, getpid(), lvl);
    va_list ap; va_start(ap, fmt); vfprintf(stderr, fmt, ap); va_end(ap);
    fputc('\n', stderr); fflush(stderr);
}

static long rss_kb(void) {
    FILE *f = fopen("/proc/self/statm", "r"); long a = 0, r = 0;
    if (f) { if (fscanf(f, "%ld %ld", &a, &r) != 2) r = 0; fclose(f); }
    return r * (sysconf(_SC_PAGESIZE) / 1024);
}

/* --- recipe cache: bounded LRU, one 8 KiB mash/hop schedule per recipe --- */
struct recipe { int id; unsigned long used; char *schedule; };
static struct recipe recipes[RECIPE_SLOTS];
static unsigned long tick;
static long recipe_misses;

static char *recipe_schedule_load(int id) {
    char *s = malloc(RECIPE_BYTES);
    for (int i = 0; i < RECIPE_BYTES - 1; i++) s[i] = 'a' + (id + i) % 26;
    s[RECIPE_BYTES - 1] = 0;
    return s;
}

static struct recipe *recipe_cache_get(int id) {
    int lru = 0;
    tick++;
    for (int i = 0; i < RECIPE_SLOTS; i++) {
        if (recipes[i].schedule && recipes[i].id == id) { recipes[i].used = tick; return &recipes[i]; }
        if (recipes[i].used < recipes[lru].used) lru = i;
    }
    recipe_misses++;
    free(recipes[lru].schedule);
    recipes[lru].id = id; recipes[lru].used = tick; recipes[lru].schedule = recipe_schedule_load(id);
    return &recipes[lru];
}

/* --- brew notes: a reading with a note gets an annotation that is linked into the tank's note chain; the
 * chain was meant to be trimmed to the last 16 notes, but trim_note_chain only unlinks, never frees. --- */
struct note { struct note *next; int tank; char text[1000]; };
static struct note *chains[64];
static int chain_len[64];
static long notes_seen;

static void trim_note_chain(int tank) {
    struct note *n = chains[tank]; int k = 1;
    while (n && n->next) { if (++k > 16) { n->next = NULL; break; } n = n->next; }
    if (chain_len[tank] > 16) chain_len[tank] = 16;
}

static void attach_brew_note(int tank, const char *text) {
    struct note *n = malloc(sizeof *n);
    n->tank = tank;
    snprintf(n->text, sizeof n->text, "%s", text);
    n->next = chains[tank]; chains[tank] = n; chain_len[tank]++;
    notes_seen++;
    trim_note_chain(tank);
}

/* --- rollup: every 15 s the last window of readings is re-sorted into a 40 MB scratch table --- */
struct reading { int tank; double temp, grav; };
static struct reading window[200000];
static int window_n;

static int cmp_tank(const void *a, const void *b) { return ((const struct reading *)a)->tank - ((const struct reading *)b)->tank; }

static void hourly_rollup(void) {
    size_t n = 40u << 20;
    char *scratch = malloc(n);
    memset(scratch, 0, n);
    struct reading *copy = (struct reading *)scratch;
    int m = window_n < (int)(n / sizeof *copy) ? window_n : (int)(n / sizeof *copy);
    memcpy(copy, window, m * sizeof *copy);
    qsort(copy, m, sizeof *copy, cmp_tank);
    logf_("info", "rollup: %d readings, scratch %zu bytes, tanks %d..%d", m, n, m ? copy[0].tank : 0, m ? copy[m - 1].tank : 0);
    free(scratch);
    window_n = 0;
}

static void on_term(int s) { (void)s; stop_flag = 1; }

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 7311;
    long soft_limit_mb = argc > 2 ? atol(argv[2]) : 96;
    struct sigaction sa = { .sa_handler = on_term }; /* no SA_RESTART: accept() returns EINTR */
    sigaction(SIGTERM, &sa, NULL); signal(SIGPIPE, SIG_IGN);
    int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 4)) { logf_("error", "bind: %s", strerror(errno)); return 1; }
    logf_("info", "kilnhurst %s listening on 127.0.0.1:%d, soft_limit_rss=%ldMB, recipe_cache=%d", version, port, soft_limit_mb, RECIPE_SLOTS);
    time_t last_roll = time(NULL), last_stat = time(NULL);
    long readings = 0;
    while (!stop_flag) {
        int c = accept(ls, NULL, NULL);
        if (c < 0) { if (errno == EINTR && !stop_flag) continue; break; }
        struct timeval to = { 1, 0 }; setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &to, sizeof to);
        logf_("info", "feed connected");
        FILE *in = fdopen(c, "r");
        char line[2048];
        while (!stop_flag) {
            if (!fgets(line, sizeof line, in)) {
                if (ferror(in) && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) { clearerr(in); }
                else break;
            } else {
                int tank, recipe; double t, g; int off = 0;
                if (sscanf(line, "TANK %d %d %lf %lf %n", &tank, &recipe, &t, &g, &off) >= 4) {
                    tank &= 63;
                    struct recipe *r = recipe_cache_get(recipe);
                    (void)r;
                    if (window_n < 200000) window[window_n++] = (struct reading){ tank, t, g };
                    if (off && strncmp(line + off, "note ", 5) == 0) attach_brew_note(tank, line + off + 5);
                    readings++;
                }
            }
            time_t now = time(NULL);
            if (now - last_roll >= 15) { hourly_rollup(); last_roll = now; }
            if (now - last_stat >= 10) {
                long rk = rss_kb();
                logf_("info", "stats: readings=%ld notes=%ld recipe_misses=%ld rss=%ldkB", readings, notes_seen, recipe_misses, rk);
                last_stat = now;
                if (rk / 1024 > soft_limit_mb) {
                    logf_("warn", "rss %ldMB over soft limit %ldMB, exiting for restart", rk / 1024, soft_limit_mb);
                    fclose(in);
                    return 75;
                }
            }
        }
        fclose(in);
        logf_("info", "feed disconnected");
    }
    logf_("info", "kilnhurst %s stopping (SIGTERM), readings=%ld", version, readings);
    return 0;
}
