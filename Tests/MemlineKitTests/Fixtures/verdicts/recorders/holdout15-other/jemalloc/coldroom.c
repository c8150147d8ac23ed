/* coldroom: a cold-chain warehouse API (pallet lookups, temperature readings, lot recalls) for memline's
 * h15-jemalloc-coldroom-* incident. One thread per connection, HTTP/1.0, Connection: close.
 *
 *   MALLOC_CONF=prof:true,prof_final:true,prof_prefix:DIR/jeprof,lg_prof_interval:30,lg_prof_sample:17 \
 *     ./coldroom PORT ACCESS_LOG
 *
 * Every request renders the pallet label sheet it returns (label_sheet_render: a 2-5 MiB raster buffer, filled and
 * freed before the response is written). POST /recalls/<lot> (about 1 request in 40) runs recall_audit_capture,
 * which snapshots the lot's chain-of-custody (96-256 KiB) for the regulator and links it into an audit list that
 * nothing ever walks or frees (the leak). The access log is Apache common format plus %D (microseconds), stamped
 * with the request's arrival time. SIGTERM stops it (exit 0; jemalloc writes its final profile).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static FILE *alog;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static volatile sig_atomic_t running = 1;

struct audit { struct audit *next; size_t len; unsigned char *snapshot; };
static struct audit *audits;
static unsigned long nrecalls;

static unsigned long rnd(unsigned long *s) { *s = *s * 6364136223846793005UL + 1442695040888963407UL; return *s >> 33; }

__attribute__((noinline)) static unsigned long label_sheet_render(unsigned long seed) {
  unsigned long s = seed;
  size_t n = (2UL << 20) + rnd(&s) % (3UL << 20);
  unsigned char *raster = malloc(n);
  unsigned long sum = 0;
  if (!raster) return 0;
  memset(raster, (int)(seed & 0xff), n);
  for (size_t i = 0; i < n; i += 4096) { raster[i] = (unsigned char)rnd(&s); sum += raster[i]; }
  free(raster);
  return sum;
}

__attribute__((noinline)) static void recall_audit_capture(const char *lot, unsigned long seed) {
  unsigned long s = seed;
  struct audit *a = malloc(sizeof *a);
  a->len = (96UL << 10) + rnd(&s) % (160UL << 10);
  a->snapshot = malloc(a->len);
  snprintf((char *)a->snapshot, a->len, "RECALL %s custody-chain", lot);
  for (size_t i = 64; i < a->len; i += 512) a->snapshot[i] = (unsigned char)rnd(&s);
  pthread_mutex_lock(&mu);
  a->next = audits; audits = a; nrecalls++;
  pthread_mutex_unlock(&mu);
}

__attribute__((noinline)) static size_t pallet_lookup(const char *id, char *out, size_t cap) {
  char *row = malloc(1024);
  size_t n = (size_t)snprintf(row, 1024, "{\"pallet\":\"%s\",\"zone\":\"C-%d\",\"temp_c\":-18.4}", id, (int)(strlen(id) % 7));
  if (n >= cap) n = cap - 1;
  memcpy(out, row, n); out[n] = 0;
  free(row);
  return n;
}

static void *serve(void *arg) {
  int fd = (int)(long)arg;
  struct timespec t0, t1; clock_gettime(CLOCK_REALTIME, &t0);
  char req[2048]; ssize_t r = read(fd, req, sizeof req - 1);
  if (r <= 0) { close(fd); return NULL; }
  req[r] = 0;
  char method[8] = "", path[512] = "";
  sscanf(req, "%7s %511s", method, path);
  char body[1024]; size_t blen; int status = 200;
  unsigned long seed = (unsigned long)t0.tv_nsec ^ (unsigned long)fd << 20;
  unsigned long sum = label_sheet_render(seed);
  if (!strcmp(method, "POST") && !strncmp(path, "/recalls/", 9)) {
    recall_audit_capture(path + 9, seed);
    blen = (size_t)snprintf(body, sizeof body, "{\"recall\":\"%s\",\"queued\":true,\"labels\":%lu}", path + 9, sum % 97);
    status = 202;
  } else if (!strncmp(path, "/pallets/", 9)) {
    blen = pallet_lookup(path + 9, body, sizeof body);
  } else if (!strcmp(method, "POST") && !strncmp(path, "/readings", 9)) {
    blen = (size_t)snprintf(body, sizeof body, "{\"ok\":true,\"labels\":%lu}", sum % 89);
    status = 201;
  } else {
    blen = (size_t)snprintf(body, sizeof body, "{\"error\":\"not found\"}"); status = 404;
  }
  char hdr[256];
  int h = snprintf(hdr, sizeof hdr, "HTTP/1.0 %d OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n", status, blen);
  if (write(fd, hdr, (size_t)h) < 0 || write(fd, body, blen) < 0) { /* client gone */ }
  close(fd);
  clock_gettime(CLOCK_REALTIME, &t1);
  long us = (t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000;
  struct tm tm; gmtime_r(&t0.tv_sec, &tm);
  char ts[64]; strftime(ts, sizeof ts, "%d/%b/%Y:%H:%M:%S +0000", &tm);
  pthread_mutex_lock(&mu);
  fprintf(alog, "10.40.2.%d - - [%s] \"%s %s HTTP/1.0\" %d %zu %ld\n", 11 + fd % 9, ts, method, path, status, blen, us);
  fflush(alog);
  pthread_mutex_unlock(&mu);
  return NULL;
}

static void stop(int sig) { (void)sig; running = 0; }

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: coldroom PORT ACCESS_LOG\n"); return 64; }
  alog = fopen(argv[2], "a");
  struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_handler = stop; sigaction(SIGTERM, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);
  int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a; memset(&a, 0, sizeof a);
  a.sin_family = AF_INET; a.sin_port = htons((unsigned short)atoi(argv[1])); a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 128)) { perror("coldroom: bind"); return 1; }
  fprintf(stderr, "coldroom 3.1.4 listening on 127.0.0.1:%s pid %d\n", argv[1], (int)getpid());
  while (running) {
    int fd = accept(ls, NULL, NULL);
    if (fd < 0) continue;
    pthread_t t;
    if (pthread_create(&t, NULL, serve, (void *)(long)fd) == 0) pthread_detach(t); else close(fd);
  }
  sleep(1);
  fprintf(stderr, "coldroom stopping: %lu recalls audited\n", nrecalls);
  return 0;
}
