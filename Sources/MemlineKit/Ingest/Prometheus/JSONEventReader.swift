/// A streaming JSON reader fed a line at a time: pretty-printed responses spanning many lines and
/// one-line responses read alike, without holding the document.
///
/// JSON strings cannot hold raw newlines, so tokens never span lines; the reader only keeps the stack
/// of open containers to tell keys from values.
struct JSONEventReader {
    enum Scalar: Equatable {
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
    }

    enum Event: Equatable {
        case beginObject, endObject, beginArray, endArray
        case key(String)
        case value(Scalar)
    }

    struct Failure: Error, Equatable {
        var reason: String
    }

    private enum Container { case object, array }
    private var stack: [Container] = []
    private var expectingKey = false
    /// Whether a whole top-level value has been read.
    private(set) var complete = false

    var depth: Int { stack.count }

    mutating func feed(_ text: String) throws(Failure) -> [Event] {
        var events: [Event] = []
        let u = Array(text.utf8)
        var i = 0
        while i < u.count {
            let c = u[i]
            switch c {
            case 0x20, 0x09, 0x0D, 0x0A, UInt8(ascii: ","):
                if c == UInt8(ascii: ","), stack.last == .object { expectingKey = true }
                i += 1
            case UInt8(ascii: ":"):
                i += 1
            case UInt8(ascii: "{"):
                try beginValue()
                stack.append(.object)
                expectingKey = true
                events.append(.beginObject)
                i += 1
            case UInt8(ascii: "["):
                try beginValue()
                stack.append(.array)
                events.append(.beginArray)
                i += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                let wanted: Container = c == UInt8(ascii: "}") ? .object : .array
                guard stack.popLast() == wanted else {
                    throw Failure(reason: "unbalanced \(Character(Unicode.Scalar(c)))")
                }
                expectingKey = false
                events.append(wanted == .object ? .endObject : .endArray)
                if stack.isEmpty { complete = true }
                i += 1
            case UInt8(ascii: "\""):
                let (s, next) = try string(u, i)
                i = next
                if stack.last == .object, expectingKey {
                    events.append(.key(s))
                    expectingKey = false
                } else {
                    try beginValue()
                    events.append(.value(.string(s)))
                    if stack.isEmpty { complete = true }
                }
            default:
                var k = i
                while k < u.count, !Self.isDelimiter(u[k]) { k += 1 }
                let word = String(decoding: u[i..<k], as: UTF8.self)
                try beginValue()
                switch word {
                case "true": events.append(.value(.bool(true)))
                case "false": events.append(.value(.bool(false)))
                case "null": events.append(.value(.null))
                default:
                    guard let d = Double(word) else { throw Failure(reason: "unexpected \(word.prefix(20))") }
                    events.append(.value(.number(d)))
                }
                if stack.isEmpty { complete = true }
                i = k
            }
        }
        return events
    }

    @inline(__always) private static func isDelimiter(_ c: UInt8) -> Bool {
        switch c {
        case 0x20, 0x09, 0x0D, 0x0A, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ":"):
            return true
        default:
            return false
        }
    }

    private mutating func beginValue() throws(Failure) {
        if stack.isEmpty, complete { throw Failure(reason: "more than one JSON document") }
        if stack.last == .object, expectingKey { throw Failure(reason: "expected a \"key\"") }
    }

    /// The string whose opening quote is at `start`, escapes decoded, and the index after its closing quote.
    private func string(_ u: [UInt8], _ start: Int) throws(Failure) -> (String, Int) {
        var k = start + 1
        while k < u.count {
            let c = u[k]
            if c == UInt8(ascii: "\"") {
                let text = u.withUnsafeBufferPointer {
                    JSONEscapes.text(UnsafeBufferPointer(rebasing: $0[(start + 1)..<k]))
                }
                return (text, k + 1)
            }
            k += c == UInt8(ascii: "\\") ? 2 : 1
        }
        throw Failure(reason: "string not closed on its line")
    }
}
