/// Turns request URLs and paths into endpoints: the path with its ids replaced by placeholders.
///
/// Endpoints group requests that hit the same route (`/reports/3386?x=1` and `/reports/12` are both
/// `/reports/:id`), so a query can rank routes by RSS growth or duration. The scheme, one path segment
/// at a time (an extension such as `.json` is kept and only the part before it is looked at):
///
/// | segment | becomes | why |
/// |---|---|---|
/// | all digits: `3386` | `:id` | database ids, page numbers |
/// | digits, `-`, then a letter: `123-my-post` | `:id` | Rails `to_param` slugs led by the id |
/// | `8-4-4-4-12` hex digits: `2ffd7a51-489c-4892-9fec-9dd6172f69e2` | `:uuid` | UUIDs |
/// | 16 or more hex digits, at least one a digit: `507f1f77bcf86cd799439011` | `:hex` | Mongo ids, digests |
/// | 20+ of `A-Z a-z 0-9 _ -`, a digit, and both letter cases or 4+ digits | `:token` | API keys, tokens |
///
/// Anything else (words, short codes such as `v1` or `2fa`, slugs without digits) is kept as written.
/// The query (`?…`) and fragment (`#…`) are dropped, and so is a trailing `/` (except for `/` itself).
/// Work is done on UTF-8 bytes; a path that needs no change is returned without copying.
///
/// ```swift
/// EndpointNormalizer.split(url: "https://api.example.com/users/12/edit?a=1")
/// // (path: "/users/12/edit", endpoint: "/users/:id/edit")
/// ```
public enum EndpointNormalizer {
    /// The path of `url` (scheme, host, query and fragment removed) and its endpoint.
    public static func split(url: String) -> (path: String, endpoint: String) {
        let path = self.path(ofURL: url)
        return (path, endpoint(ofPath: path))
    }

    /// As `split(url:)`, on the UTF-8 bytes of a URL or path (for parsers on the hot path).
    public static func split(bytes u: UnsafeBufferPointer<UInt8>) -> (path: String, endpoint: String) {
        let range = pathRange(in: u)
        if range.isEmpty { return ("/", "/") }
        let pathBytes = UnsafeBufferPointer(rebasing: u[range])
        let path = String(decoding: pathBytes, as: UTF8.self)
        guard let rewritten = rewrite(pathBytes) else { return (path, path) }
        return (path, String(decoding: rewritten, as: UTF8.self))
    }

    /// The path of a URL or request target: `https://host/users/12?x=1#top` → `/users/12`.
    ///
    /// A bare path keeps its form (`/users/12?x=1` → `/users/12`); an empty result is `/`.
    public static func path(ofURL url: String) -> String {
        var copy = url
        return copy.withUTF8 { u -> String in
            let range = pathRange(in: u)
            if range.isEmpty { return "/" }
            if range == 0..<u.count { return url }
            return String(decoding: UnsafeBufferPointer(rebasing: u[range]), as: UTF8.self)
        }
    }

    /// The endpoint of a path or URL: `/reports/3386?x=1` → `/reports/:id`.
    public static func endpoint(ofPath path: String) -> String {
        var copy = path
        return copy.withUTF8 { u -> String in
            let range = pathRange(in: u)
            if range.isEmpty { return "/" }
            if let rewritten = rewrite(UnsafeBufferPointer(rebasing: u[range])) {
                return String(decoding: rewritten, as: UTF8.self)
            }
            if range == 0..<u.count { return path }
            return String(decoding: UnsafeBufferPointer(rebasing: u[range]), as: UTF8.self)
        }
    }

    /// The byte range of the path inside `u`: after `scheme://host`, before `?` or `#`.
    public static func pathRange(in u: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var start = 0
        // `scheme://` (letters, digits, + - .) or a network-path reference `//host`.
        var i = 0
        while i < u.count, i < 16, isSchemeByte(u[i]) { i += 1 }
        if i > 0, i + 2 < u.count, u[i] == colon, u[i + 1] == slash, u[i + 2] == slash {
            start = i + 3
        } else if u.count >= 2, u[0] == slash, u[1] == slash {
            start = 2
        }
        if start > 0 {
            // Skip the authority (user@host:port) up to the path, query or fragment.
            while start < u.count, u[start] != slash, u[start] != question, u[start] != hash { start += 1 }
        }
        var end = start
        while end < u.count, u[end] != question, u[end] != hash { end += 1 }
        return start..<end
    }

    /// The endpoint bytes of a path (no query), or nil when the path is its own endpoint.
    static func rewrite(_ path: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var out: [UInt8]?
        var segmentStart = 0
        var i = 0
        while i <= path.count {
            if i == path.count || path[i] == slash {
                if i > segmentStart {
                    let segment = UnsafeBufferPointer(rebasing: path[segmentStart..<i])
                    if let (placeholder, stemLength) = classify(segment) {
                        if out == nil {
                            out = []
                            out?.reserveCapacity(path.count)
                            out?.append(contentsOf: path[0..<segmentStart])
                        }
                        out?.append(contentsOf: placeholder)
                        out?.append(contentsOf: segment[stemLength...])
                    } else {
                        out?.append(contentsOf: segment)
                    }
                }
                if i < path.count { out?.append(slash) }
                segmentStart = i + 1
            }
            i += 1
        }
        // Drop a trailing slash, except for the root itself.
        if path.count > 1, path[path.count - 1] == slash {
            if out == nil { out = Array(path) }
            while let count = out?.count, count > 1, out?[count - 1] == slash { out?.removeLast() }
        }
        return out
    }

    /// The placeholder for a segment and the length of the part it replaces (the extension stays),
    /// or nil when the segment is kept as written.
    static func classify(_ segment: UnsafeBufferPointer<UInt8>) -> (placeholder: [UInt8], stemLength: Int)? {
        let stem = stemLength(segment)
        guard stem > 0 else { return nil }
        let s = UnsafeBufferPointer(rebasing: segment[0..<stem])
        var digits = 0
        var hex = 0
        var lower = 0
        var upper = 0
        var other = 0
        var dashes = 0
        for c in s {
            if c >= 48 && c <= 57 {
                digits += 1
                hex += 1
            } else if c >= 97 && c <= 122 {
                lower += 1
                if c <= 102 { hex += 1 }
            } else if c >= 65 && c <= 90 {
                upper += 1
                if c <= 70 { hex += 1 }
            } else if c == dash {
                dashes += 1
            } else if c != underscore {
                other += 1
            }
        }
        let n = s.count
        if digits == n { return (Placeholder.id, stem) }
        if n == 36, dashes == 4, hex == 32, s[8] == dash, s[13] == dash, s[18] == dash, s[23] == dash {
            return (Placeholder.uuid, stem)
        }
        if digits > 0, s[0] >= 48, s[0] <= 57 {
            // 123-my-post: digits, a dash, then a letter.
            var k = 0
            while k < n, s[k] >= 48, s[k] <= 57 { k += 1 }
            if k + 1 < n, s[k] == dash, isLetter(s[k + 1]), other == 0 { return (Placeholder.id, stem) }
        }
        if n >= 16, hex == n, digits > 0 { return (Placeholder.hex, stem) }
        if n >= 20, other == 0, digits > 0, (lower > 0 && upper > 0) || (digits >= 4 && lower + upper > 0) {
            return (Placeholder.token, stem)
        }
        return nil
    }

    /// The length of a segment without its extension (`3386.json` → 4); the whole length when it has none.
    private static func stemLength(_ segment: UnsafeBufferPointer<UInt8>) -> Int {
        var k = segment.count - 1
        let limit = max(0, segment.count - 7)
        while k > limit {
            let c = segment[k]
            if c == dot {
                let ext = segment.count - k - 1
                guard ext >= 1, ext <= 5, isLetter(segment[k + 1]) else { return segment.count }
                return k
            }
            guard isLetter(c) || (c >= 48 && c <= 57) else { return segment.count }
            k -= 1
        }
        return segment.count
    }

    private enum Placeholder {
        static let id = Array(":id".utf8)
        static let uuid = Array(":uuid".utf8)
        static let hex = Array(":hex".utf8)
        static let token = Array(":token".utf8)
    }

    @inline(__always) private static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 }

    @inline(__always) private static func isSchemeByte(_ c: UInt8) -> Bool {
        isLetter(c) || (c >= 48 && c <= 57) || c == UInt8(ascii: "+") || c == dash || c == dot
    }

    private static let slash = UInt8(ascii: "/")
    private static let colon = UInt8(ascii: ":")
    private static let question = UInt8(ascii: "?")
    private static let hash = UInt8(ascii: "#")
    private static let dash = UInt8(ascii: "-")
    private static let dot = UInt8(ascii: ".")
    private static let underscore = UInt8(ascii: "_")
}
