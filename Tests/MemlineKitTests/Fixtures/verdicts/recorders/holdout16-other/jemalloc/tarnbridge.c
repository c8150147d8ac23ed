/* tarnbridge: a webhook relay on the same host as quillstack (h16-jemalloc-* incident). Two builds from this file:
 * 4.1.7 and 4.2.0 (-DRETRY_JITTER: only a jitter on retry delays). A 15 ms tick: ~40 deliveries, each a 1-6 KiB
 * payload built by render_payload and freed after send; retry_queue keeps at most 2048 payload copies (bounded
 * ring, oldest freed), so after ~20 s its size is flat. MALLOC_CONF as quillstack's with prof_prefix DIR/tarnbridge.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef RETRY_JITTER
#define VERSION "4.2.0"
#else
#define VERSION "4.1.7"
#endif
#define NOINLINE __attribute__((noinline))
static volatile sig_atomic_t running = 1;
static unsigned rng = 88172645u;
static unsigned xr(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }

#define RING 2048
static char *ring[RING];
static unsigned ring_pos;

NOINLINE static char *render_payload(size_t n) { char *p = malloc(n); memset(p, 'w', n); return p; }
NOINLINE static void retry_queue_push(const char *p, size_t n) {
  char *c = malloc(n); memcpy(c, p, n);
  free(ring[ring_pos % RING]); ring[ring_pos % RING] = c; ring_pos++;
}
static void on_term(int s) { (void)s; running = 0; }

int main(int argc, char **argv) {
  FILE *logf = argc > 1 ? fopen(argv[1], "a") : stderr;
  signal(SIGTERM, on_term);
  time_t now = time(NULL); char b[64]; strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
  fprintf(logf, "%s tarnbridge[%d] starting version=%s\n", b, (int)getpid(), VERSION); fflush(logf);
  struct timespec tick = {0, 15 * 1000000};
  while (running) {
    for (int i = 0; i < 40; i++) {
      size_t n = 1024 + xr() % 5120;
      char *p = render_payload(n);
      if (xr() % 8 == 0) retry_queue_push(p, n);
      free(p);
    }
    nanosleep(&tick, NULL);
  }
  now = time(NULL); strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
  fprintf(logf, "%s tarnbridge[%d] stopping version=%s\n", b, (int)getpid(), VERSION); fflush(logf);
  return 0;
}
