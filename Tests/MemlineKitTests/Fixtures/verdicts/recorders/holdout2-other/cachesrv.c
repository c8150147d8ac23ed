/* cachesrv: a toy page/session server loop with two in-process caches.
 *   lru_put       - page fragment cache, bounded at LRU_MAX entries: fills up, then evicts the oldest (plateau).
 *   session_store - session table: every login stores a session record; nothing ever expires them (leak).
 * Plus per-request transient buffers (parse_headers, build_response) and a forked stats flusher process.
 * Usage: cachesrv SECONDS */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))
#define LRU_MAX 2400
#define LRU_BUCKETS 4096

struct lru_entry {
    uint64_t key;
    size_t len;
    char *val;
    struct lru_entry *prev, *next;   /* recency list */
    struct lru_entry *hnext;         /* hash chain */
};

static struct lru_entry *lru_head, *lru_tail, *lru_hash[LRU_BUCKETS];
static size_t lru_count;

struct session {
    char token[33];
    uint64_t user_id;
    time_t created;
    size_t attrs_len;
    char *attrs;
    struct session *next;
};
static struct session *sessions;
static size_t session_count;

static uint64_t rng_state = 88172645463325252ULL;
static uint64_t rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void lru_unlink(struct lru_entry *e) {
    if (e->prev) e->prev->next = e->next; else lru_head = e->next;
    if (e->next) e->next->prev = e->prev; else lru_tail = e->prev;
    e->prev = e->next = NULL;
}

static void lru_push_front(struct lru_entry *e) {
    e->next = lru_head;
    e->prev = NULL;
    if (lru_head) lru_head->prev = e;
    lru_head = e;
    if (!lru_tail) lru_tail = e;
}

static NOINLINE void lru_evict(void) {
    struct lru_entry *victim = lru_tail;
    if (!victim) return;
    lru_unlink(victim);
    struct lru_entry **pp = &lru_hash[victim->key % LRU_BUCKETS];
    while (*pp && *pp != victim) pp = &(*pp)->hnext;
    if (*pp) *pp = victim->hnext;
    free(victim->val);
    free(victim);
    lru_count--;
}

NOINLINE void lru_put(uint64_t key, const char *data, size_t len) {
    struct lru_entry *e;
    for (e = lru_hash[key % LRU_BUCKETS]; e; e = e->hnext) {
        if (e->key == key) {
            lru_unlink(e);
            lru_push_front(e);
            return;
        }
    }
    while (lru_count >= LRU_MAX) lru_evict();
    e = calloc(1, sizeof *e);
    e->key = key;
    e->len = len;
    e->val = malloc(len);
    memcpy(e->val, data, len);
    e->hnext = lru_hash[key % LRU_BUCKETS];
    lru_hash[key % LRU_BUCKETS] = e;
    lru_push_front(e);
    lru_count++;
}

NOINLINE struct session *session_store(uint64_t user_id, const char *attrs, size_t len) {
    struct session *s = malloc(sizeof *s);
    snprintf(s->token, sizeof s->token, "%016llx%016llx", (unsigned long long)rnd(), (unsigned long long)rnd());
    s->user_id = user_id;
    s->created = time(NULL);
    s->attrs_len = len;
    s->attrs = malloc(len);
    memcpy(s->attrs, attrs, len);
    s->next = sessions;           /* BUG: sessions are never expired */
    sessions = s;
    session_count++;
    return s;
}

static NOINLINE char *parse_headers(size_t *n) {
    *n = 4096 + rnd() % 12288;
    char *h = malloc(*n);
    memset(h, 'h', *n);
    return h;
}

static NOINLINE char *build_response(const char *hdr, size_t hlen, size_t *n) {
    *n = 32768 + rnd() % 32768;
    char *r = malloc(*n);
    memset(r, 'r', *n);
    memcpy(r, hdr, hlen < *n ? hlen : *n);
    return r;
}

static unsigned long served;

static NOINLINE void handle_request(void) {
    size_t hlen, rlen;
    char *hdr = parse_headers(&hlen);
    char *resp = build_response(hdr, hlen, &rlen);
    uint64_t r = rnd() % 100;
    if (r < 80) {
        /* cacheable page fragment: 8-24 KB, large key space */
        size_t len = 8192 + rnd() % 16384;
        lru_put(rnd() % 200000, resp, len < rlen ? len : rlen);
    }
    if (r >= 80) {
        /* login: session with serialized attributes (permissions, cart, preferences), 12-24 KB */
        size_t len = 12288 + rnd() % 12288;
        session_store(rnd() % 50000, resp, len < rlen ? len : rlen);
    }
    free(resp);
    free(hdr);
    served++;
}

static void stats_flusher(void) {
    prctl(PR_SET_NAME, "cachesrv-stats");
    for (;;) {
        char *b = malloc(16384);
        memset(b, 's', 16384);
        usleep(900000);
        free(b);
    }
}

static void stamp(char *buf, size_t n) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    size_t k = strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + k, n - k, ".%03ldZ", ts.tv_nsec / 1000000);
}

int main(int argc, char **argv) {
    int seconds = argc > 1 ? atoi(argv[1]) : 120;
    char t[64];
    setvbuf(stdout, NULL, _IOLBF, 0);
    pid_t kid = fork();
    if (kid == 0) stats_flusher();
    stamp(t, sizeof t);
    printf("%s cachesrv[%d]: started, stats flusher pid %d, lru max %d entries\n", t, getpid(), kid, LRU_MAX);
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    long last_report = 0;
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        long el = (now.tv_sec - start.tv_sec);
        if (el >= seconds) break;
        for (int i = 0; i < 10; i++) handle_request();
        if (el / 10 != last_report) {
            last_report = el / 10;
            stamp(t, sizeof t);
            printf("%s cachesrv[%d]: served %lu requests\n", t, getpid(), served);
        }
        usleep(100000);
    }
    stamp(t, sizeof t);
    printf("%s cachesrv[%d]: shutting down after %lu requests\n", t, getpid(), served);
    kill(kid, SIGTERM);
    waitpid(kid, NULL, 0);
    return 0;
}
