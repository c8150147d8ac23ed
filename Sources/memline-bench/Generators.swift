import Foundation
import MemlineKit

/// Writes realistic synthetic logs of a chosen size, so the benchmark needs no input files.
enum Generators {
    static let endpoints = [
        "/reports/%d", "/users/%d/edit", "/api/v1/orders/%d", "/search?q=item%d", "/admin/reports/sales.csv",
        "/login", "/products/%d/reviews", "/health",
    ]

    /// A cheap deterministic generator (xorshift), so runs are comparable.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// `2026-11-22T01:38:20.123456`, as Ruby's Logger prints it (no zone).
    static func timestamp(_ base: Double, _ offsetMicros: Int) -> String {
        let micros = Int64(base * 1e6) + Int64(offsetMicros)
        let iso = Timestamp(milliseconds: micros / 1000).iso8601
        return String(iso.prefix(19)) + "." + String(format: "%06d", Int(micros % 1_000_000))
    }

    /// Per-request RSS lines of a Rails around-filter: `I, [ts #pid]  INFO -- : CONSUME MEMORY: 16528KB\tNow: 211704 KB\tURL`.
    ///
    /// With `fields`, also writes the facts each line holds as tab-separated values (time as memline stores it,
    /// pid, delta KiB, RSS KiB, URL) for the `sqlite3 .import` anchor.
    static func performanceLog(lines: Int, to path: String, fields: String? = nil) throws -> Int {
        var rng = Random(state: 0x9E37_79B9_7F4A_7C15)
        let handle = try open(path)
        let tsv = try fields.map(open)
        var buffer = ""
        var facts = ""
        var rss = [7551: 200_000, 7552: 210_000, 7553: 190_000, 7554: 205_000]
        let pids = Array(rss.keys).sorted()
        let base = 1_795_300_000.0
        for i in 0..<lines {
            let pid = pids[rng.below(pids.count)]
            let endpoint = endpoints[rng.below(endpoints.count)]
            let url = "https://app.example.com" + endpoint.replacingOccurrences(of: "%d", with: String(rng.below(5000)))
            let delta = endpoint.hasPrefix("/reports") ? rng.below(900) : rng.below(3) == 0 ? rng.below(200) : 0
            rss[pid, default: 0] += delta
            buffer +=
                "I, [\(timestamp(base, i * 20_000)) #\(pid)]  INFO -- : CONSUME MEMORY: \(delta)KB\tNow: "
                + "\(rss[pid, default: 0])\(i % 2 == 0 ? " " : "")KB\t\(url)\n"
            if tsv != nil {
                let ms = Int64(base * 1000) + Int64(i) * 20
                facts += "\(Timestamp(milliseconds: ms).iso8601)\t\(pid)\t\(delta)\t\(rss[pid, default: 0])\t\(url)\n"
            }
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
                tsv?.write(Data(facts.utf8))
                facts = ""
            }
        }
        handle.write(Data(buffer.utf8))
        try handle.close()
        tsv?.write(Data(facts.utf8))
        try tsv?.close()
        return lines
    }

    /// `pidstat -r 1` output of `processes` processes sampled once a second until `rows` rows are written, one
    /// header line before each interval as pidstat prints them; the day starts at 00:00:01 so 1M rows of 20
    /// processes (50,000 s) stay within one day. `fields` gets the facts of each row as tab-separated values
    /// (time as memline stores it, pid, minflt/s, majflt/s, VSZ, RSS, %MEM, command).
    static func pidstatLog(rows: Int, processes: Int = 20, to path: String, fields: String) throws {
        var rng = Random(state: 0x0123_4567_89AB_CDEF)
        let handle = try open(path)
        let tsv = try open(fields)
        var buffer = "Linux 6.1.0-27-amd64 (vm) \t2026-11-22 \t_x86_64_\t(2 CPU)\n\n"
        var facts = ""
        var rss = (0..<processes).map { 150_000 + 1000 * $0 }
        let commands = (0..<processes).map { $0 == 0 ? "unicorn master" : "unicorn worker[\($0 - 1)]" }
        let day = 1_795_305_600  // 2026-11-22T00:00:00Z
        var written = 0
        var second = 1
        while written < rows {
            let clock = String(format: "%02d:%02d:%02d", second / 3600, second / 60 % 60, second % 60)
            buffer += "\n\(clock)      UID       PID  minflt/s  majflt/s     VSZ     RSS   %MEM  Command\n"
            let iso = Timestamp(milliseconds: Int64(day + second) * 1000).iso8601
            for p in 0..<processes where written < rows {
                rss[p] += rng.below(3) == 0 ? rng.below(64) : 0
                let pid = 8000 + p
                let minflt = String(format: "%.2f", Double(rng.below(500_000)) / 100)
                let mem = String(format: "%.2f", Double(rss[p]) / 24_000_000 * 100)
                let vsz = rss[p] + 120_000
                buffer +=
                    "\(clock)        0 \(String(repeating: " ", count: 9 - String(pid).count))\(pid) "
                    + "\(String(repeating: " ", count: 9 - minflt.count))\(minflt)      0.00 "
                    + " \(vsz)  \(rss[p])   \(mem)  \(commands[p])\n"
                facts += "\(iso)\t\(pid)\t\(minflt)\t0.00\t\(vsz)\t\(rss[p])\t\(mem)\t\(commands[p])\n"
                written += 1
            }
            second += 1
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
                tsv.write(Data(facts.utf8))
                facts = ""
            }
        }
        handle.write(Data(buffer.utf8))
        try handle.close()
        tsv.write(Data(facts.utf8))
        try tsv.close()
    }

    /// A Rails 7 tagged production.log: several processes interleaved, SQL and render lines between
    /// `Started` and `Completed`, about 8 lines per request.
    static func railsLog(lines target: Int, to path: String) throws -> (lines: Int, requests: Int) {
        var rng = Random(state: 0xDEAD_BEEF_CAFE_F00D)
        let handle = try open(path)
        var buffer = ""
        var lines = 0
        var requests = 0
        let base = 1_795_300_000.0
        let controllers = [
            "ReportsController#show", "UsersController#edit", "Api::V1::OrdersController#show",
            "SearchController#index", "Admin::ReportsController#sales", "SessionsController#new",
        ]
        while lines < target {
            let pid = 48_100 + rng.below(4)
            let id = String(
                format: "%08x-%04x-4%03x-8%03x-%012x", rng.below(1 << 30), rng.below(65536),
                rng.below(4096), rng.below(4096), rng.below(1 << 30))
            let t = timestamp(base, requests * 30_000)
            let which = rng.below(controllers.count)
            let path = endpoints[which].replacingOccurrences(of: "%d", with: String(rng.below(5000)))
            let p = "I, [\(t) #\(pid)]  INFO -- : [\(id)] "
            let d = "D, [\(t) #\(pid)] DEBUG -- : [\(id)] "
            buffer += p + "Started GET \"\(path)\" for 127.0.0.1 at 2026-11-22 01:00:00 +0000\n"
            buffer += p + "Processing by \(controllers[which]) as HTML\n"
            buffer += p + "  Parameters: {\"id\"=>\"\(rng.below(5000))\"}\n"
            buffer +=
                d
                + "  User Load (0.3ms)  SELECT \"users\".* FROM \"users\" WHERE \"users\".\"id\" = ? LIMIT ?  [[\"id\", 1], [\"LIMIT\", 1]]\n"
            buffer += d + "  ↳ app/controllers/application_controller.rb:12:in `current_user'\n"
            buffer +=
                p
                + "  Rendered reports/show.html.erb within layouts/application (Duration: 12.6ms | Allocations: 2136)\n"
            buffer += p + "  Rendered layout layouts/application.html.erb (Duration: 20.3ms | Allocations: 9302)\n"
            buffer +=
                p
                + "Completed 200 OK in \(rng.below(400) + 5)ms (Views: 21.9ms | ActiveRecord: 0.4ms | Allocations: \(rng.below(90000)))\n"
            buffer += "\n"
            lines += 9
            requests += 1
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
        try handle.close()
        return (lines, requests)
    }

    private static func open(_ path: String) throws -> FileHandle {
        // A failure shows as the open below failing.
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        return handle
    }
}
