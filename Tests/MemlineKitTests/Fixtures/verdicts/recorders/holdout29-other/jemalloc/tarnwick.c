/* tarnwick: smart-meter reading ingest daemon (C, jemalloc). Reads "meter=ID kwh=X ts=T" lines over TCP, keeps
 * the latest reading per meter, writes a tariff snapshot every 15 s. Config (tarnwick.conf) is read at start and
 * on SIGHUP; SIGUSR2 dumps a jemalloc heap profile to heap/tarnwick.<epoch>.heap.
 * usage: tarnwick PORT CONF LOG */
#include <arpa/inet.h>
#include <jemalloc/jemalloc.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define METERS 4096
#define VERSION "4.2.0"

struct reading { char meter[32]; double kwh; long ts; char tariff[24]; char raw[112]; };
struct meter { char id[32]; double last_kwh; long last_ts; long count; char history[920]; };
struct span { char name[48]; char trace_id[33]; char span_id[17]; long start_ns, end_ns; char attrs[216]; };

static struct meter *meters;
static double trace_sampling = 0.0;
static char exporter_endpoint[128] = "";
static int snapshot_every_s = 15;
static struct span **span_buf; static size_t span_len, span_cap;
static volatile sig_atomic_t want_reload, want_dump, want_stop;
static FILE *logf; static const char *conf_path;
static long readings, snapshots;

static void logmsg(const char *lvl, const char *fmt, ...) {
  char ts[64]; time_t t = time(NULL); struct tm tm; localtime_r(&t, &tm);
  strftime(ts, sizeof ts, "%b %e %H:%M:%S", &tm);
  fprintf(logf, "%s tarnwick[%d]: %s ", ts, (int)getpid(), lvl);
  va_list ap; va_start(ap, fmt); vfprintf(logf, fmt, ap); va_end(ap);
  fputc('\n', logf); fflush(logf);
}

static void read_conf(int reload) {
  FILE *f = fopen(conf_path, "r"); char line[256]; double old = trace_sampling;
  if (!f) { logmsg("err", "cannot read %s", conf_path); return; }
  while (fgets(line, sizeof line, f)) {
    char k[64], v[128] = "";
    if (line[0] == '#' || sscanf(line, " %63[a-z_] = %127[^\n]", k, v) < 1) continue;
    if (!strcmp(k, "trace_sampling")) trace_sampling = atof(v);
    else if (!strcmp(k, "exporter_endpoint")) snprintf(exporter_endpoint, sizeof exporter_endpoint, "%s", strcmp(v, "\"\"") ? v : "");
    else if (!strcmp(k, "snapshot_every_s")) snapshot_every_s = atoi(v);
  }
  fclose(f);
  if (reload)
    logmsg("notice", "SIGHUP: configuration reloaded from %s (trace_sampling %.2f -> %.2f, exporter_endpoint=%s)",
           conf_path, old, trace_sampling, exporter_endpoint[0] ? exporter_endpoint : "(unset)");
}

/* spans wait here for the exporter; with no exporter_endpoint nothing ever drains them */
static void span_buffer_push(struct span *s) {
  if (span_len == span_cap) { span_cap = span_cap ? span_cap * 2 : 1024; span_buf = realloc(span_buf, span_cap * sizeof *span_buf); }
  span_buf[span_len++] = s;
}

static void export_spans(void) {
  if (!exporter_endpoint[0]) return;            /* would POST the batch to the collector */
  for (size_t i = 0; i < span_len; i++) free(span_buf[i]);
  span_len = 0;
}

static struct span *span_begin(const struct reading *r) {
  struct span *s = malloc(sizeof *s);
  snprintf(s->name, sizeof s->name, "ingest_reading");
  snprintf(s->trace_id, sizeof s->trace_id, "%016lx%016lx", random() * 7919L, (long)random());
  snprintf(s->span_id, sizeof s->span_id, "%016lx", (long)random());
  struct timespec t; clock_gettime(CLOCK_REALTIME, &t); s->start_ns = t.tv_sec * 1000000000L + t.tv_nsec;
  snprintf(s->attrs, sizeof s->attrs, "meter.id=%s tariff=%s kwh=%.3f", r->meter, r->tariff, r->kwh);
  return s;
}

static struct meter *meter_slot(const char *id) {
  unsigned h = 5381; for (const char *p = id; *p; p++) h = h * 33 + (unsigned char)*p;
  return &meters[h % METERS];
}

static void ingest_reading(const char *line) {
  struct reading *r = malloc(sizeof *r);
  memset(r, 0, sizeof *r);
  if (sscanf(line, "meter=%31s kwh=%lf ts=%ld tariff=%23s", r->meter, &r->kwh, &r->ts, r->tariff) < 3) { free(r); return; }
  snprintf(r->raw, sizeof r->raw, "%s", line);
  struct span *s = NULL;
  if (trace_sampling > 0 && random() < trace_sampling * RAND_MAX) s = span_begin(r);
  struct meter *m = meter_slot(r->meter);
  snprintf(m->id, sizeof m->id, "%s", r->meter);
  m->last_kwh = r->kwh; m->last_ts = r->ts; m->count++;
  snprintf(m->history + (m->count % 8) * 110, 110, "%s", r->raw);
  if (s) { struct timespec t; clock_gettime(CLOCK_REALTIME, &t); s->end_ns = t.tv_sec * 1000000000L + t.tv_nsec; span_buffer_push(s); }
  free(r);
  readings++;
}

/* every snapshot_every_s: a 48 MiB tariff snapshot image built in memory, written out, freed */
static void write_tariff_snapshot(void) {
  size_t n = 48u << 20; char *img = malloc(n);
  for (size_t i = 0; i < n; i += 4096) img[i] = (char)(i >> 12);
  for (int i = 0; i < METERS; i++) memcpy(img + (size_t)i * sizeof(struct meter), &meters[i], sizeof(struct meter));
  FILE *f = fopen("snapshots/tariff.snap", "w"); if (f) { fwrite(img, 1, 1 << 20, f); fclose(f); }
  usleep(600000);
  free(img);
  logmsg("info", "tariff snapshot %ld written (%zu MiB image, %d meters)", ++snapshots, n >> 20, METERS);
}

static void dump_profile(void) {
  char name[96]; snprintf(name, sizeof name, "heap/tarnwick.%ld.heap", (long)time(NULL));
  const char *p = name;
  int rc = mallctl("prof.dump", NULL, NULL, &p, sizeof p);
  logmsg("info", "SIGUSR2: heap profile %s (%s)", name, rc ? "failed" : "ok");
}

static void on_sig(int s) { if (s == SIGHUP) want_reload = 1; else if (s == SIGUSR2) want_dump = 1; else want_stop = 1; }

int main(int argc, char **argv) {
  if (argc < 4) return 2;
  conf_path = argv[2]; logf = fopen(argv[3], "a");
  struct sigaction sa = {0}; sa.sa_handler = on_sig; sa.sa_flags = SA_RESTART;
  sigaction(SIGHUP, &sa, NULL); sigaction(SIGUSR2, &sa, NULL); sigaction(SIGTERM, &sa, NULL);
  meters = calloc(METERS, sizeof *meters);
  read_conf(0);
  logmsg("notice", "tarnwick %s starting, pid %d, trace_sampling=%.2f, snapshot_every_s=%d", VERSION, (int)getpid(),
         trace_sampling, snapshot_every_s);
  int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1; setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {0}; a.sin_family = AF_INET; a.sin_port = htons(atoi(argv[1])); a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(ls, (void *)&a, sizeof a) || listen(ls, 4)) { logmsg("err", "bind failed"); return 1; }
  int c = accept(ls, NULL, NULL); FILE *in = fdopen(c, "r");
  logmsg("info", "meter gateway connected");
  char line[256]; time_t last_snap = time(NULL), last_stats = time(NULL);
  while (!want_stop && fgets(line, sizeof line, in)) {
    ingest_reading(line);
    if (want_reload) { want_reload = 0; read_conf(1); }
    if (want_dump) { want_dump = 0; dump_profile(); }
    time_t now = time(NULL);
    if (now - last_snap >= snapshot_every_s) { last_snap = now; write_tariff_snapshot(); }
    if (now - last_stats >= 10) { last_stats = now; export_spans(); logmsg("info", "stats readings=%ld meters=%d snapshots=%ld", readings, METERS, snapshots); }
  }
  logmsg("notice", "shutting down after %ld readings", readings);
  return 0;
}
