import Foundation

/// A JSON object read from one line: its members in order, nested objects included, arrays kept as raw text.
///
/// For detection and small inputs; hot paths walk the bytes with `JSONMemberScanner` instead of
/// building this. Still several times faster than `JSONSerialization`, without its `Any` boxes.
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
        parse(u, in: 0..<u.count, depth: 0)
    }

    private static func parse(_ u: UnsafeBufferPointer<UInt8>, in range: Range<Int>, depth: Int) -> FlatJSONObject? {
        guard depth < 32 else { return nil }
        var members: [(key: String, value: Value)] = []
        var nestedFailed = false
        let ok = JSONMemberScanner.forEachMember(u, in: range) { key, keyEscaped, raw in
            let value: Value
            switch raw {
            case .string(let r, let escaped): value = .string(JSONMemberScanner.text(u, r, escaped: escaped))
            case .number(let n): value = .number(n)
            case .bool(let b): value = .bool(b)
            case .null: value = .null
            case .array(let r): value = .array(ASCIIScan.string(u, r))
            case .object(let r):
                guard let nested = parse(u, in: r, depth: depth + 1) else {
                    nestedFailed = true
                    return
                }
                value = .object(nested)
            }
            members.append((JSONMemberScanner.text(u, key, escaped: keyEscaped), value))
        }
        return ok && !nestedFailed ? FlatJSONObject(members: members) : nil
    }
}
