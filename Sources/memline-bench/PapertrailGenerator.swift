import Foundation
import MemlineKit

/// Writes a folder of hourly Papertrail archives (`YYYY-MM-DD-HH.tsv.gz`) of a Heroku app, for the
/// `--papertrail MB` phase.
///
/// Rows follow the archive layout of a real Papertrail archive row (`Tests/MemlineKitTests/Fixtures/papertrail/`)
/// (ten tab-separated fields, `generated_at` without an offset or fraction, `received_at` with `Z`) and the
/// messages those of `Fixtures/heroku/BUILT_FROM_DOCS_heroku_logs_rails_puma_sidekiq.log`: per request the
/// Rails 7 `Started` / `Processing by` / `Parameters` / `Completed` lines of `app/web.N` (tagged with the request
/// id on web.1, web.2 and web.4; web.3 logs untagged, with no Logger prefix, like the real sample) and the
/// `heroku/router` line at completion; every 20 s per dyno a `sample#load_avg` and a `sample#memory_*` line;
/// web.2 grows through each hour past its 512 MB quota and then logs `Process running mem=` + `Error R14`.
/// Lines are written in time order (a request's later lines wait in a small queue), about 100 MB of text per
/// hour. Deterministic, so a folder cached under a versioned name is the same on every machine.
final class PapertrailGenerator {
    /// Bumped whenever the generated text changes, so a cached folder of an older layout is not reused.
    static let version = 1
    static let bytesPerHour = 100_000_000

    private var rng = Generators.Random(state: 0x5EED_CAFE_F00D_BEEF)
    private var out: [UInt8] = []
    private var rowID: Int64 = 1_700_000_000_000_000_000
    private var requestSerial = 0
    /// Lines due later (a request's completion), kept sorted by time.
    private var pending: [(micros: Int64, bytes: [UInt8])] = []
    private var civilCache: [Int64: String] = [:]
    private(set) var rows = 0
    /// Uncompressed bytes written.
    private(set) var textBytes: Int64 = 0
    private(set) var requests = 0

    static let dynos = ["web.1", "web.2", "web.3", "web.4"]
    static let routes: [(method: String, path: String, action: String, format: String, ms: Int, bytes: Int)] = [
        ("GET", "/", "HomeController#index", "HTML", 45, 14_596),
        ("GET", "/products/%d", "ProductsController#show", "HTML", 80, 23_001),
        ("GET", "/cart", "CartsController#show", "HTML", 26, 18_434),
        ("POST", "/cart/items", "CartItemsController#create", "HTML", 88, 585),
        ("GET", "/api/v1/orders/%d", "Api::V1::OrdersController#show", "JSON", 35, 2_210),
        ("GET", "/search?q=item%d", "SearchController#index", "HTML", 140, 31_877),
        ("GET", "/users/%d/edit", "UsersController#edit", "HTML", 60, 12_004),
        ("GET", "/admin/reports/sales.csv", "Admin::ReportsController#sales", "CSV", 7_900, 912_001),
    ]

    /// Writes hourly archives into `dir` until their gzipped size reaches `megabytes` MB.
    /// - Returns: the files written, in order.
    func writeFolder(_ dir: String, megabytes: Int) throws -> [String] {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var files: [String] = []
        var compressed: Int64 = 0
        var hour: Int64 = 1_710_201_600  // 2024-03-12T00:00:00Z
        while compressed < Int64(megabytes) * 1_000_000 {
            let name = Self.fileName(hour) + ".tsv.gz"
            let path = (dir as NSString).appendingPathComponent(name)
            try writeHour(startingAt: hour, to: path)
            compressed += Bench.size(path)
            files.append(path)
            hour += 3600
        }
        return files
    }

    /// One hour of the app's log, piped through `gzip -6` into `path` (written to a temporary name first).
    private func writeHour(startingAt hour: Int64, to path: String) throws {
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -6 > '\(path).part'"]
        let pipe = Pipe()
        gzip.standardInput = pipe
        try gzip.run()
        let sink = pipe.fileHandleForWriting
        var written = 0
        var now = hour * 1_000_000
        let end = (hour + 3600) * 1_000_000
        var nextMetrics = now + 3_000_000
        while written < Self.bytesPerHour, now < end {
            now += Int64(rng.below(60_000)) + 10_000
            if now >= nextMetrics {
                flushPending(upTo: nextMetrics)
                metrics(at: nextMetrics, hourStart: hour * 1_000_000)
                nextMetrics += 20_000_000
            }
            flushPending(upTo: now)
            request(at: now)
            if out.count >= 1 << 20 {
                written += out.count
                sink.write(Data(out))
                out.removeAll(keepingCapacity: true)
            }
        }
        flushPending(upTo: Int64.max)
        sink.write(Data(out))
        out.removeAll(keepingCapacity: true)
        try sink.close()
        gzip.waitUntilExit()
        guard gzip.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
        try FileManager.default.moveItem(atPath: path + ".part", toPath: path)
    }

    private func request(at start: Int64) {
        requests += 1
        requestSerial += 1
        let dynoIndex = rng.below(Self.dynos.count)
        let dyno = Self.dynos[dynoIndex]
        let pid = [9, 13][rng.below(2)]
        var route = Self.routes[rng.below(Self.routes.count)]
        if route.action.hasPrefix("Admin"), rng.below(4) != 0 { route = Self.routes[0] }
        let path = route.path.replacingOccurrences(of: "%d", with: String(rng.below(5000) + 1))
        let id = String(
            format: "%08x-%04x-4%03x-8%03x-%012x", rng.below(1 << 30), rng.below(65536), rng.below(4096),
            rng.below(4096), requestSerial)
        let tagged = dyno != "web.3"
        let ms = route.ms / 2 + rng.below(route.ms + 1)
        let ip = "198.51.100.\(rng.below(250) + 1)"
        let status = route.method == "POST" ? 302 : 200
        let program = "app/" + dyno
        func rails(_ micros: Int64, _ text: String) -> [UInt8] {
            var line = ""
            if tagged {
                let fraction = String(format: "%06d", Int(micros % 1_000_000))
                let clock = self.cachedCivil(micros / 1_000_000) + "." + fraction
                line = "I, [" + clock + " #\(pid)]  INFO -- : [" + id + "] "
            }
            return rowBytes(micros, program: program, message: line + text)
        }
        let startText = cachedCivil(start / 1_000_000).replacingOccurrences(of: "T", with: " ")
        append(rails(start, "Started \(route.method) \"\(path)\" for \(ip) at \(startText) +0000"))
        append(rails(start + 900, "Processing by \(route.action) as \(route.format)"))
        if path.contains("/products/") || path.contains("/orders/") || path.contains("/users/") {
            append(rails(start + 1_100, "  Parameters: {\"id\"=>\"\(path.split(separator: "/").last ?? "")\"}"))
        }
        let done = start + Int64(ms) * 1000
        let views = Double(ms) * 0.4
        let records = Double(ms) * 0.2
        let completed = rails(
            done,
            "Completed \(status) \(status == 200 ? "OK" : "Found") in \(ms)ms (Views: "
                + String(format: "%.1f", views) + "ms | ActiveRecord: " + String(format: "%.1f", records)
                + "ms | Allocations: \(rng.below(200_000) + 1000))")
        let connect = rng.below(3)
        let router = rowBytes(
            done + 1_000, program: "heroku/router",
            message: "at=info method=\(route.method) path=\"\(path)\" host=shop-example-prod.herokuapp.com "
                + "request_id=\(id) fwd=\"\(ip)\" dyno=\(dyno) connect=\(connect)ms service=\(ms + 2)ms "
                + "status=\(status) bytes=\(route.bytes + rng.below(500)) protocol=https")
        later(done, completed)
        later(done + 1_000, router)
    }

    /// Runtime metrics of every dyno; web.2 grows through the hour and logs R14 once over its quota.
    private func metrics(at micros: Int64, hourStart: Int64) {
        for (i, dyno) in Self.dynos.enumerated() {
            let uuid = String(format: "5f0a3c1e-2b7d-4a52-9b1e-7c2d0f6e8a%02x", i)
            let source = "heroku/" + dyno
            let load = Double(rng.below(300)) / 100
            append(
                rowBytes(
                    micros, program: source,
                    message: "source=\(dyno) dyno=heroku.187235331.\(uuid) sample#load_avg_1m="
                        + String(format: "%.2f", load) + " sample#load_avg_5m=" + String(format: "%.2f", load * 0.8)
                        + " sample#load_avg_15m=" + String(format: "%.2f", load * 0.6)))
            let elapsed = Double(micros - hourStart) / 3.6e9
            let mb = dyno == "web.2" ? 250 + 330 * elapsed : 230 + Double(rng.below(4000)) / 100
            let rss = min(mb, 512)
            let swap = max(0, mb - 512)
            append(
                rowBytes(
                    micros + 300, program: source,
                    message: "source=\(dyno) dyno=heroku.187235331.\(uuid) sample#memory_total="
                        + String(format: "%.2f", mb) + "MB sample#memory_rss=" + String(format: "%.2f", rss)
                        + "MB sample#memory_cache=0.58MB sample#memory_swap=" + String(format: "%.2f", swap)
                        + "MB sample#memory_pgpgin=71610pages sample#memory_pgpgout=57750pages "
                        + "sample#memory_quota=512.00MB"))
            if mb > 512 {
                append(
                    rowBytes(
                        micros + 500, program: source,
                        message: "Process running mem=\(Int(mb))M(" + String(format: "%.1f", mb / 5.12) + "%)"))
                append(
                    rowBytes(
                        micros + 600, program: source, message: "Error R14 (Memory quota exceeded)",
                        severity: "Error"))
            }
        }
    }

    private func later(_ micros: Int64, _ bytes: [UInt8]) {
        var i = pending.count
        while i > 0, pending[i - 1].micros > micros { i -= 1 }
        pending.insert((micros, bytes), at: i)
    }

    private func flushPending(upTo micros: Int64) {
        var n = 0
        while n < pending.count, pending[n].micros <= micros {
            append(pending[n].bytes)
            n += 1
        }
        if n > 0 { pending.removeFirst(n) }
    }

    private func append(_ bytes: [UInt8]) {
        out.append(contentsOf: bytes)
        textBytes += Int64(bytes.count)
        rows += 1
    }

    /// One archive row: `id generated_at received_at source_id source_name source_ip facility severity program
    /// message`, newline included.
    private func rowBytes(_ micros: Int64, program: String, message: String, severity: String = "Info") -> [UInt8] {
        rowID += 1
        let seconds = micros / 1_000_000
        let generated = cachedCivil(seconds)
        let received = cachedCivil(seconds + (rng.below(8) == 0 ? 1 : 0)) + "Z"
        let text =
            "\(rowID)\t\(generated)\t\(received)\t4147981\tshop-example-prod\t192.0.2.10\tLocal7\t"
            + "\(severity)\t\(program)\t\(message)\n"
        return Array(text.utf8)
    }

    /// `civil(seconds)`, formatted once per second of log time.
    private func cachedCivil(_ seconds: Int64) -> String {
        if let hit = civilCache[seconds] { return hit }
        if civilCache.count > 64 { civilCache.removeAll(keepingCapacity: true) }
        let text = Self.civil(seconds)
        civilCache[seconds] = text
        return text
    }

    /// `2024-03-12T08:53:10` for seconds since 1970 (UTC): memline's own ISO-8601 text, to the second.
    static func civil(_ seconds: Int64) -> String {
        String(Timestamp(milliseconds: seconds * 1000).iso8601.prefix(19))
    }

    /// `2024-03-12-08` for the hour starting at `seconds`.
    static func fileName(_ seconds: Int64) -> String {
        let civil = civil(seconds)
        return String(civil.prefix(10)) + "-" + String(civil.dropFirst(11).prefix(2))
    }
}
