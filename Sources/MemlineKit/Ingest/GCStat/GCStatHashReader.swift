/// Reads one hash of a `GC.stat` line, however Ruby or a logger spelled it: `{:k=>1, …}`, `{k: 1, …}`,
/// `{"k":1, …}` or `{"k"=>1, …}`.
///
/// Numbers become entries (`pid` aside); quoted values are read only for the time and host an envelope names;
/// nested hashes and arrays (`GC.stat_heap`, `latest_gc_info`) are skipped, but where each nested hash starts is
/// noted: an envelope holds `GC.stat` under a key of its own choosing. Reading stops at the closing brace or at the
/// first thing it cannot read.
struct GCStatHashReader {
    private let u: [UInt8]
    private var i: Int
    private let zone: ZoneRule
    private var hash = GCStatHash()
    /// Where the nested hashes start: under the usual envelope keys, and under any other key.
    private var usualEnvelopes: [Int] = []
    private var otherNested: [Int] = []

    /// The keys under which an envelope (`{"time":…,"pid":…,"gc_stat":{…}}`) usually holds the `GC.stat` hash:
    /// tried before any other nested hash.
    private static let envelopeKeys: Set<String> = ["gc_stat", "gc", "stat"]
    /// Keys whose quoted value is the sample's clock. GC.stat's own `time` is a number (GC milliseconds).
    private static let timeKeys: Set<String> = ["timestamp", "ts", "@timestamp", "at", "time"]

    /// The `GC.stat` hash whose brace is at `start`, or else the first hash nested in it (two levels deep at most)
    /// that is one: `{"at":…,"pid":…,"stats":{…}}`. The envelope's time, pid and host fill in what the inner hash
    /// does not name; a line cut inside either is not closed. Returns the outer hash when none is `GC.stat`.
    static func find(_ u: [UInt8], from start: Int, zone: ZoneRule, depth: Int = 0) -> GCStatHash {
        let outer = read(u, from: start, zone: zone)
        guard !outer.isGCStat, depth < 2 else { return outer }
        for brace in outer.nested {
            var inner = find(u, from: brace, zone: zone, depth: depth + 1)
            guard inner.isGCStat else { continue }
            // An envelope is no GC.stat hash: any of its clock keys given as a number is epoch seconds or ms.
            let outerTime = outer.entries.first { timeKeys.contains($0.key) && $0.value > 1e9 }?.value
            inner.ts = inner.ts ?? outer.ts ?? RubyGCStatParser.epochTime(outerTime)
            inner.pid = inner.pid ?? outer.pid
            inner.host = inner.host ?? outer.host
            inner.closed = inner.closed && outer.closed
            return inner
        }
        return outer
    }

    /// Reads the hash whose brace is at `start`; times without an offset are read in `zone`.
    static func read(_ u: [UInt8], from start: Int, zone: ZoneRule) -> GCStatHash {
        var reader = GCStatHashReader(u: u, i: start + 1, zone: zone)
        reader.readMembers()
        reader.hash.nested = reader.usualEnvelopes + reader.otherNested
        return reader.hash
    }

    private init(u: [UInt8], i: Int, zone: ZoneRule) {
        self.u = u
        self.i = i
        self.zone = zone
    }

    private mutating func readMembers() {
        while i < u.count {
            space()
            guard i < u.count else { return }
            if u[i] == 0x7D {
                hash.closed = true
                return
            }
            guard let key = key() else { return }
            space()
            guard i < u.count, value(of: key) else { return }
            space()
            if i < u.count, u[i] == 0x2C { i += 1 }
        }
    }

    /// A key and its separator: `:key=>`, `:"key"=>`, `"key":`, `"key"=>` or `key:`; nil when there is none.
    private mutating func key() -> String? {
        if u[i] == 0x3A {
            i += 1
            let key = quoted() ?? identifier()
            space()
            guard i + 1 < u.count, u[i] == 0x3D, u[i + 1] == 0x3E else { return nil }
            i += 2
            return key
        }
        if u[i] == 0x22 {
            let key = quoted()
            space()
            if i < u.count, u[i] == 0x3A {
                i += 1
            } else if i + 1 < u.count, u[i] == 0x3D, u[i + 1] == 0x3E {
                i += 2
            } else {
                return nil
            }
            return key
        }
        let key = identifier()
        guard i < u.count, u[i] == 0x3A else { return nil }
        i += 1
        return key
    }

    /// Reads the value of `key` at `i`; false when it cannot be read (a string without its closing quote).
    private mutating func value(of key: String) -> Bool {
        switch u[i] {
        case 0x22:
            guard let text = quoted() else { return false }
            if Self.timeKeys.contains(key) {
                hash.ts = Timestamp.parseISO(text, zone: zone) ?? hash.ts
            } else if key == "host" || key == "hostname" {
                hash.host = text
            }
        case 0x7B, 0x5B:
            if u[i] == 0x7B {
                if Self.envelopeKeys.contains(key) { usualEnvelopes.append(i) } else { otherNested.append(i) }
            }
            skipNested()
        default:
            let s = i
            while i < u.count, u[i] != 0x2C, u[i] != 0x7D, u[i] != 0x20 { i += 1 }
            guard let value = Double(String(decoding: u[s..<i], as: UTF8.self)) else { return true }
            if key == "pid" {
                hash.pid = value.checkedInt
            } else {
                hash.entries.append(GCSample.Entry(key: key, value: value))
            }
        }
        return true
    }

    /// Skips a nested hash or array, to its matching bracket or the end of the line.
    private mutating func skipNested() {
        var depth = 0
        while i < u.count {
            if u[i] == 0x7B || u[i] == 0x5B { depth += 1 }
            if u[i] == 0x7D || u[i] == 0x5D { depth -= 1 }
            i += 1
            if depth == 0 { break }
        }
    }

    private mutating func space() { while i < u.count, u[i] == 0x20 || u[i] == 0x09 { i += 1 } }

    /// A bare key (`heap_live_slots`, `compact?`).
    private mutating func identifier() -> String? {
        let s = i
        while i < u.count, Self.isIdentifierByte(u[i]) { i += 1 }
        if i < u.count, u[i] == 0x3F || u[i] == 0x21 { i += 1 }
        return i > s ? String(decoding: u[s..<i], as: UTF8.self) : nil
    }

    /// A double-quoted string, escapes left as they are; nil when it has no closing quote.
    private mutating func quoted() -> String? {
        guard i < u.count, u[i] == 0x22 else { return nil }
        i += 1
        let s = i
        while i < u.count, u[i] != 0x22 {
            if u[i] == 0x5C { i += 1 }
            i += 1
        }
        guard i < u.count else { return nil }
        defer { i += 1 }
        return String(decoding: u[s..<i], as: UTF8.self)
    }

    private static func isIdentifierByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F
    }
}
