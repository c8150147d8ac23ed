import Foundation

/// A JSON object read from one line: its members in order, nested objects included, arrays kept as raw text.
///
/// Made for JSON-lines logs (Sidekiq's JSON formatter, memory samples): a small byte scanner,
/// several times faster than `JSONSerialization` and without its `Any` boxes.
struct FlatJSONObject: Sendable, Equatable {
    enum Value: Sendable, Equatable {
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
        case object(FlatJSONObject)
        /// An array, as its raw JSON text.
        case array(String)
    }

    var members: [(key: String, value: Value)]

    static func == (lhs: FlatJSONObject, rhs: FlatJSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    /// The first member named `key`.
    subscript(key: String) -> Value? {
        for member in members where member.key == key { return member.value }
        return nil
    }

    /// Parses `text` when it is exactly one JSON object (surrounding whitespace allowed).
    static func parse(_ text: String) -> FlatJSONObject? {
        var copy = text
        return copy.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes u: UnsafeBufferPointer<UInt8>) -> FlatJSONObject? {
        var scanner = Scanner(u: u)
        scanner.skipSpace()
        guard let object = scanner.object(depth: 0) else { return nil }
        scanner.skipSpace()
        return scanner.i == u.count ? object : nil
    }

    private struct Scanner {
        let u: UnsafeBufferPointer<UInt8>
        var i = 0

        mutating func skipSpace() {
            while i < u.count, u[i] == 0x20 || u[i] == 0x09 || u[i] == 0x0A || u[i] == 0x0D { i += 1 }
        }

        mutating func object(depth: Int) -> FlatJSONObject? {
            guard depth < 32, i < u.count, u[i] == UInt8(ascii: "{") else { return nil }
            i += 1
            var members: [(key: String, value: Value)] = []
            skipSpace()
            if i < u.count, u[i] == UInt8(ascii: "}") {
                i += 1
                return FlatJSONObject(members: members)
            }
            while true {
                skipSpace()
                guard let key = string() else { return nil }
                skipSpace()
                guard i < u.count, u[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                skipSpace()
                guard let value = value(depth: depth) else { return nil }
                members.append((key, value))
                skipSpace()
                guard i < u.count else { return nil }
                if u[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                guard u[i] == UInt8(ascii: "}") else { return nil }
                i += 1
                return FlatJSONObject(members: members)
            }
        }

        mutating func value(depth: Int) -> Value? {
            guard i < u.count else { return nil }
            switch u[i] {
            case UInt8(ascii: "\""):
                return string().map(Value.string)
            case UInt8(ascii: "{"):
                return object(depth: depth + 1).map(Value.object)
            case UInt8(ascii: "["):
                let start = i
                guard skipArray() else { return nil }
                return .array(ASCIIScan.string(u, start..<i))
            case UInt8(ascii: "t"):
                return literal("true") ? .bool(true) : nil
            case UInt8(ascii: "f"):
                return literal("false") ? .bool(false) : nil
            case UInt8(ascii: "n"):
                return literal("null") ? .null : nil
            default:
                let start = i
                while i < u.count, ASCIIScan.isDigit(u[i]) || u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+")
                    || u[i] == UInt8(ascii: ".") || u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E")
                {
                    i += 1
                }
                return ASCIIScan.double(u, start..<i).map(Value.number)
            }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            guard ASCIIScan.hasPrefix(u, word, at: i) else { return false }
            i += word.utf8CodeUnitCount
            return true
        }

        /// Skips a balanced array, strings included.
        mutating func skipArray() -> Bool {
            var level = 0
            while i < u.count {
                let c = u[i]
                if c == UInt8(ascii: "\"") {
                    guard string() != nil else { return false }
                    continue
                }
                if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") { level += 1 }
                if c == UInt8(ascii: "]") || c == UInt8(ascii: "}") {
                    level -= 1
                    if level == 0 {
                        i += 1
                        return true
                    }
                }
                i += 1
            }
            return false
        }

        mutating func string() -> String? {
            guard i < u.count, u[i] == UInt8(ascii: "\"") else { return nil }
            i += 1
            let start = i
            while i < u.count, u[i] != UInt8(ascii: "\""), u[i] != UInt8(ascii: "\\") { i += 1 }
            guard i < u.count else { return nil }
            if u[i] == UInt8(ascii: "\"") {
                let s = ASCIIScan.string(u, start..<i)
                i += 1
                return s
            }
            var bytes = Array(UnsafeBufferPointer(rebasing: u[start..<i]))
            while i < u.count {
                let c = u[i]
                if c == UInt8(ascii: "\"") {
                    i += 1
                    return String(decoding: bytes, as: UTF8.self)
                }
                if c != UInt8(ascii: "\\") {
                    bytes.append(c)
                    i += 1
                    continue
                }
                guard i + 1 < u.count else { return nil }
                let e = u[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(scalar), ASCIIScan.hasPrefix(u, "\\u", at: i) {
                        i += 2
                        guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                    bytes.append(contentsOf: Array(String(Character(character)).utf8))
                default: bytes.append(e)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard i + 4 <= u.count else { return nil }
            var v: UInt32 = 0
            for k in 0..<4 {
                let c = u[i + k]
                let d: UInt32
                switch c {
                case 48...57: d = UInt32(c - 48)
                case 65...70: d = UInt32(c - 55)
                case 97...102: d = UInt32(c - 87)
                default: return nil
                }
                v = v << 4 | d
            }
            i += 4
            return v
        }
    }
}
