/// Splits one CSV record (RFC 4180) into fields, in place on its bytes.
///
/// Quoted fields may hold the delimiter, doubled quotes (`""`) and line breaks; a record whose
/// quote is still open at the end of a line continues on the next one (the caller joins them).
struct CSVSplitter: Sendable {
    /// A field: where it is, and its text when unquoting changed it (`""` → `"`).
    struct Field {
        var range: Range<Int>
        var unescaped: String?

        /// Calls `body` with the field's bytes after unquoting.
        func withBytes<R>(in u: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows
            -> R
        {
            if var text = unescaped { return try text.withUTF8(body) }
            return try body(UnsafeBufferPointer(rebasing: u[range]))
        }

        func string(in u: UnsafeBufferPointer<UInt8>) -> String {
            unescaped ?? ASCIIScan.string(u, range)
        }
    }

    static let quote = UInt8(ascii: "\"")
    let delimiter: UInt8

    /// The fields of `u`, or nil when a quoted field is still open at the end (the record goes on).
    func split(_ u: UnsafeBufferPointer<UInt8>) -> [Field]? {
        var fields: [Field] = []
        fields.reserveCapacity(8)
        var i = 0
        let n = u.count
        while true {
            var s = i
            while s < n, ASCIIScan.isSpace(u[s]), u[s] != delimiter { s += 1 }
            if s < n, u[s] == CSVSplitter.quote {
                let open = s + 1
                var j = open
                var escaped: [UInt8]?
                while true {
                    guard j < n else { return nil }
                    if u[j] == CSVSplitter.quote {
                        if j + 1 < n, u[j + 1] == CSVSplitter.quote {
                            if escaped == nil { escaped = Array(UnsafeBufferPointer(rebasing: u[open..<j])) }
                            escaped?.append(CSVSplitter.quote)
                            j += 2
                            continue
                        }
                        break
                    }
                    escaped?.append(u[j])
                    j += 1
                }
                fields.append(Field(range: open..<j, unescaped: escaped.map { String(decoding: $0, as: UTF8.self) }))
                i = j + 1
                // Anything between the closing quote and the delimiter is dropped (spaces in practice).
                while i < n, u[i] != delimiter { i += 1 }
            } else {
                var j = i
                while j < n, u[j] != delimiter { j += 1 }
                fields.append(Field(range: i..<j, unescaped: nil))
                i = j
            }
            if i >= n { return fields }
            i += 1
            if i == n {
                fields.append(Field(range: n..<n, unescaped: nil))
                return fields
            }
        }
    }
}
