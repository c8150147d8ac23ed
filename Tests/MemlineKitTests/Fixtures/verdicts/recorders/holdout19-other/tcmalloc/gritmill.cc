// gritmill 7.2.0: a rail-freight pricing service for memline's h19-tcmalloc-* incident (C++17, linked with gperftools'
// tcmalloc; heap profiles through HEAPPROFILE). It sits behind nginx (access log with $request_time).
//   gritmill PORT
// Thread per connection, one request per connection (nginx speaks HTTP/1.0 upstream). Endpoints:
//   GET  /v2/quotes/<lane>?wagons=N        a price quote. The lane's rate matrix (1 MiB, built once per lane by
//                                          LaneMatrixCache::build, 48 lanes) is kept for later quotes: a big pool,
//                                          bounded by the number of lanes (the trap)
//   GET  /v2/lanes/<lane>                   lane metadata, small
//   POST /v2/consignments/<id>/amend        a consignment amendment. AmendJournal::record keeps the whole amended
//                                          document and its parsed lines for the audit trail "until the nightly
//                                          export", which was removed in 7.2.0: nothing ever trims it (the leak)
//   GET  /healthz
// Logs to stderr. SIGTERM exits at once with _exit() (no static destructors, so no at-exit heap profile: the last
// profile is the last 12 s dump).
#include <arpa/inet.h>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <unordered_map>
#include <vector>

static void logf(const char* fmt, const std::string& a) {
  char ts[32];
  time_t t = time(nullptr);
  strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
  fprintf(stderr, "%s gritmill[%d] ", ts, getpid());
  fprintf(stderr, fmt, a.c_str());
  fputc('\n', stderr);
}

struct LaneMatrix { std::vector<double> rates; };

class LaneMatrixCache {
 public:
  const LaneMatrix& get(int lane) {
    std::lock_guard<std::mutex> g(mu_);
    auto it = lanes_.find(lane);
    if (it == lanes_.end()) it = lanes_.emplace(lane, build(lane)).first;
    return *it->second;
  }
 private:
  __attribute__((noinline)) std::unique_ptr<LaneMatrix> build(int lane) {
    auto m = std::make_unique<LaneMatrix>();
    m->rates.resize(131072);  // 1 MiB of doubles
    for (size_t i = 0; i < m->rates.size(); i++) m->rates[i] = (lane * 131 + i % 977) * 0.0125;
    return m;
  }
  std::mutex mu_;
  std::unordered_map<int, std::unique_ptr<LaneMatrix>> lanes_;
};

struct AmendLine { std::string sku; long qty; double mass; std::string note; };
struct AmendEntry { std::string consignment; std::string document; std::vector<AmendLine> lines; };

class AmendJournal {
 public:
  __attribute__((noinline)) size_t record(const std::string& id, const std::string& body) {
    auto e = std::make_unique<AmendEntry>();
    e->consignment = id;
    e->document = body;
    size_t pos = 0;
    while (pos < body.size()) {
      size_t nl = body.find('\n', pos);
      if (nl == std::string::npos) nl = body.size();
      std::string ln = body.substr(pos, nl - pos);
      e->lines.push_back(AmendLine{ln.substr(0, 12), (long)ln.size(), ln.size() * 1.7, ln});
      pos = nl + 1;
    }
    std::lock_guard<std::mutex> g(mu_);
    entries_.push_back(std::move(e));
    return entries_.size();
  }
 private:
  std::mutex mu_;
  std::vector<std::unique_ptr<AmendEntry>> entries_;
};

static LaneMatrixCache g_lanes;
static AmendJournal g_journal;

static void reply(int fd, int status, const std::string& body) {
  char head[256];
  int n = snprintf(head, sizeof head, "HTTP/1.0 %d %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                   status, status == 200 ? "OK" : status == 202 ? "Accepted" : "Not Found", body.size());
  (void)!write(fd, head, n);
  (void)!write(fd, body.data(), body.size());
}

static void serve(int fd) {
  std::string req;
  char buf[65536];
  size_t hdr_end = std::string::npos;
  while (hdr_end == std::string::npos) {
    ssize_t r = read(fd, buf, sizeof buf);
    if (r <= 0) { close(fd); return; }
    req.append(buf, r);
    hdr_end = req.find("\r\n\r\n");
  }
  size_t clen = 0;
  const char* cl = strcasestr(req.c_str(), "Content-Length:");
  if (cl && (size_t)(cl - req.c_str()) < hdr_end) clen = strtoul(cl + 15, nullptr, 10);
  while (req.size() < hdr_end + 4 + clen) {
    ssize_t r = read(fd, buf, sizeof buf);
    if (r <= 0) break;
    req.append(buf, r);
  }
  std::string line = req.substr(0, req.find("\r\n"));
  std::string method = line.substr(0, line.find(' '));
  std::string path = line.substr(method.size() + 1, line.rfind(' ') - method.size() - 1);
  std::string body = req.substr(hdr_end + 4);
  if (method == "GET" && path.rfind("/v2/quotes/", 0) == 0) {
    int lane = atoi(path.c_str() + 11);
    int wagons = 1;
    size_t w = path.find("wagons=");
    if (w != std::string::npos) wagons = atoi(path.c_str() + w + 7);
    const LaneMatrix& m = g_lanes.get(lane);
    double sum = 0;
    for (size_t i = 0; i < m.rates.size(); i += 997) sum += m.rates[i] * wagons;
    reply(fd, 200, "{\"lane\":" + std::to_string(lane) + ",\"price\":" + std::to_string(sum) + "}");
  } else if (method == "GET" && path.rfind("/v2/lanes/", 0) == 0) {
    reply(fd, 200, "{\"lane\":\"" + path.substr(10) + "\",\"gauge\":1435,\"electrified\":true}");
  } else if (method == "POST" && path.rfind("/v2/consignments/", 0) == 0 &&
             path.size() > 6 && path.compare(path.size() - 6, 6, "/amend") == 0) {
    std::string id = path.substr(17, path.size() - 17 - 6);
    size_t n = g_journal.record(id, body);
    reply(fd, 202, "{\"consignment\":\"" + id + "\",\"journal\":" + std::to_string(n) + "}");
  } else if (path == "/healthz") {
    reply(fd, 200, "{\"ok\":true}");
  } else {
    reply(fd, 404, "{\"error\":\"not found\"}");
  }
  close(fd);
}

static volatile sig_atomic_t g_stop = 0;
static void on_term(int) { g_stop = 1; }

int main(int argc, char** argv) {
  int port = argc > 1 ? atoi(argv[1]) : 8080;
  struct sigaction sa {};
  sa.sa_handler = on_term;
  sigaction(SIGTERM, &sa, nullptr);
  int s = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(s, (sockaddr*)&a, sizeof a) || listen(s, 256)) { perror("bind"); return 1; }
  logf("gritmill 7.2.0 listening on 127.0.0.1:%s (tcmalloc, heap profiler on)", std::to_string(port));
  while (!g_stop) {
    int fd = accept(s, nullptr, nullptr);
    if (fd < 0) continue;
    std::thread(serve, fd).detach();
  }
  logf("SIGTERM: %s", "shutting down");
  fflush(stderr);
  _exit(0);
}
