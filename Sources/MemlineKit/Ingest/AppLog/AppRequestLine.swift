import Foundation

/// The request an app's own log line reports in words: `GET /api/quotes/442946 tenant=cowling status=200 bytes=68
/// duration=0.5ms`, `POST /orders -> 201 in 12.4 ms`, `"GET /health HTTP/1.1" 200 3.1ms`.
///
/// The method is an HTTP verb in capitals before a path that starts with `/`; the status is a `status=`/`status:`
/// value or the first number from 100 to 599 after the path; the duration a `duration=`, `elapsed=`, `took=`,
/// `latency=`, `time=` or `rt=` value, or the first number with its unit (`12ms`, `(12 ms)`, `0.41s`) after the
/// path; the pid a `pid=` value or Ruby/Logger's `#1234`/`[1234]` before the verb. A line without a verb and path,
/// or without a status, reports no request.
struct AppRequestLine {
    var method: String
    var path: String
    var status: Int
    var durationMS: Double?
    var pid: Int?
    var bytes: Int?

    static let methods: Set<Substring> = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]

    init?(_ message: String) {
        let words = message.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard
            let verb = words.firstIndex(where: { Self.methods.contains($0.trimmingCharacters(in: ["\""])[...]) }),
            verb + 1 < words.count, words[verb + 1].hasPrefix("/")
        else { return nil }
        method = words[verb].trimmingCharacters(in: ["\""])
        let target = words[verb + 1]
        path = String(target.prefix { $0 != "?" && $0 != "\"" })
        var status: Int?
        var duration: Double?
        for word in words[(verb + 2)...] {
            let (key, value) = Self.keyValue(word)
            switch key {
            case "status", "status_code", "code":
                status = status ?? Int(value).flatMap { (100...599).contains($0) ? $0 : nil }
            case "duration", "elapsed", "took", "latency", "time", "rt", "response_time":
                duration = duration ?? Self.milliseconds(value)
            case "duration_ms", "elapsed_ms", "took_ms", "latency_ms", "time_ms", "ms":
                duration = duration ?? Double(value)
            case "bytes", "size", "length":
                bytes = bytes ?? Int(value)
            case "pid":
                pid = pid ?? Int(value)
            case nil:
                if status == nil, let code = Int(value), (100...599).contains(code), value.count == 3 {
                    status = code
                } else if duration == nil, let ms = Self.milliseconds(value) {
                    duration = ms
                }
            default:
                break
            }
        }
        // `in 12.4 ms`, `(12 ms)`: the number and its unit as two words.
        if duration == nil {
            for (i, word) in words.enumerated().dropFirst(verb + 2) where i + 1 < words.count {
                let unit = words[i + 1].trimmingCharacters(in: ["(", ")", ",", ";"])
                let number = word.trimmingCharacters(in: ["(", ")", ","])
                if ["ms", "s"].contains(unit), let value = Double(number) {
                    duration = unit == "ms" ? value : value * 1000
                    break
                }
            }
        }
        for word in words[..<verb] {
            let (key, value) = Self.keyValue(word)
            if key == "pid" { pid = pid ?? Int(value) }
            let bare = word.trimmingCharacters(in: ["[", "]", "#", "(", ")", ":"])
            if key == nil, pid == nil, word.hasPrefix("#") || word.hasPrefix("["), bare.count >= 2, bare.count <= 8,
                bare.allSatisfy(\.isNumber)
            {
                pid = Int(bare)
            }
        }
        guard let status else { return nil }
        self.status = status
        durationMS = duration
    }

    /// `status=200` as ("status", "200"), `status:200` alike; a word without either as (nil, the word trimmed).
    private static func keyValue(_ word: Substring) -> (key: String?, value: String) {
        let trimmed = word.trimmingCharacters(in: [",", ";", "\"", "'"])
        if let sep = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }), sep > trimmed.startIndex,
            trimmed[..<sep].allSatisfy({ $0.isLetter || $0 == "_" })
        {
            let value = trimmed[trimmed.index(after: sep)...].trimmingCharacters(in: ["\"", "'"])
            return (trimmed[..<sep].lowercased(), value)
        }
        return (nil, trimmed)
    }

    /// `12ms`, `12.4ms`, `0.41s`, `(12ms)`, `1.2µs` as milliseconds; nil for a number without a unit.
    private static func milliseconds(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: ["(", ")"])
        for (unit, scale) in [("ms", 1.0), ("µs", 0.001), ("us", 0.001), ("s", 1000.0)] where t.hasSuffix(unit) {
            guard let value = Double(t.dropLast(unit.count)) else { return nil }
            return value * scale
        }
        return nil
    }
}
