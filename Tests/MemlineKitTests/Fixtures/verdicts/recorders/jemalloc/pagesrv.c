/* pagesrv: a small page-rendering server stand-in for the jemalloc-native verdict incident.
 * Runs under jemalloc heap profiling (see record.sh); single thread, ticks every 50 ms for DURATION seconds:
 *   handle_request  every tick: a 2-16 KiB request buffer in a 64-slot ring (background noise, flat once warm)
 *   session_touch   every tick: a 512 B-1.5 KiB session record, freed 200 ticks later (flat once warm)
 *   cache_insert    every 4th tick (5 per second): mallocs and fills a 64 KiB entry and KEEPS it in a global
 *                   list that nothing ever evicts (the planted leak: ~320 KiB/s)
 *   render_page     every 30th tick (every 1.5 s): mallocs an 8 MiB page buffer, fills it, holds it while it
 *                   "renders" (~250 ms of ticks), then frees it (the trap: 128x bigger per call, transient)
 * Compile: gcc -g -O1 -o pagesrv pagesrv.c -ljemalloc */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TICK_NS (50 * 1000 * 1000L)
#define RING 64
#define SESSIONS 200

struct entry { struct entry *next; char *data; };
/* Not static: gcc must not drop blocks no one reads. */
struct entry *cache_head;
long cache_entries;
void *ring[RING];
void *sessions[SESSIONS];
char *page;
volatile unsigned long sink;

__attribute__((noinline)) void cache_insert(long key) {
    struct entry *e = malloc(sizeof *e);
    e->data = malloc(64 * 1024);
    memset(e->data, (int)(key & 0xff), 64 * 1024);
    e->next = cache_head;
    cache_head = e;
    cache_entries++;
}

__attribute__((noinline)) char *render_page(long n) {
    char *buf = malloc(8 * 1024 * 1024);
    memset(buf, (int)(n & 0xff), 8 * 1024 * 1024);
    return buf;
}

__attribute__((noinline)) void render_done(char *buf) {
    sink += (unsigned char)buf[4096 * 7];
    free(buf);
}

__attribute__((noinline)) void handle_request(long n) {
    int slot = (int)(n % RING);
    size_t size = 2048 + (size_t)((n * 7919) % 57) * 256;
    free(ring[slot]);
    ring[slot] = malloc(size);
    memset(ring[slot], (int)n, size);
}

__attribute__((noinline)) void session_touch(long n) {
    int slot = (int)(n % SESSIONS);
    size_t size = 512 + (size_t)((n * 104729) % 33) * 32;
    free(sessions[slot]);
    sessions[slot] = malloc(size);
    memset(sessions[slot], 1, size);
}

int main(int argc, char **argv) {
    double duration = argc > 1 ? atof(argv[1]) : 90.0;
    long ticks = (long)(duration * 20);
    long render_until = -1;
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    fprintf(stderr, "pagesrv %d: serving for %.0f s\n", (int)getpid(), duration);
    for (long t = 0; t < ticks; t++) {
        handle_request(t);
        session_touch(t);
        if (t % 4 == 0) cache_insert(t);
        if (t % 30 == 10) { page = render_page(t); render_until = t + 5; }
        if (t == render_until) { render_done(page); page = NULL; }
        next.tv_nsec += TICK_NS;
        if (next.tv_nsec >= 1000000000L) { next.tv_sec++; next.tv_nsec -= 1000000000L; }
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
    }
    fprintf(stderr, "pagesrv %d: %ld cache entries\n", (int)getpid(), cache_entries);
    return 0;
}
