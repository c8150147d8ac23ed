/// The known fields of one heap dump line, read in place: numbers, and byte ranges of the line for text.
///
/// Nothing becomes a `String` until a sink asks for one: the store binds most text straight from the
/// line's bytes (`HeapFieldsSink`), while `object(gem:)` builds the `HeapObject` other sinks receive.
/// Valid only while the line's bytes are.
struct HeapLineFields {
    /// A string value of the line: its range without the quotes, and whether it holds JSON escapes.
    struct Text {
        var range: Range<Int>
        var escaped: Bool
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var line: Int
    var address: Int64 = 0
    var hasAddress = false
    /// Raw bytes of `"type"` (never unescaped: type names are plain ASCII).
    var type: Range<Int>?
    var classAddress: Int64?
    var name: Text?
    var realClassName: Text?
    /// `imemo_type` or `struct`.
    var subtype: Text?
    var file: Text?
    var lineNo: Int?
    var method: Text?
    var generation: Int?
    var memsize: Int?
    var bytesize: Int?
    var length: Int?
    var size: Int?
    var slotSize: Int?
    var flags: HeapFlags = []
    var value: Text?
    var root: Text?

    init(bytes: UnsafeBufferPointer<UInt8>, line: Int) {
        self.bytes = bytes
        self.line = line
    }

    /// Characters of a STRING's or SYMBOL's value kept in `valuePrefix`.
    static let prefixCharacters = 40

    var typeBytes: UnsafeBufferPointer<UInt8> {
        guard let type else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(rebasing: bytes[type])
    }

    func typeIs(_ literal: StaticString) -> Bool {
        guard let type else { return false }
        return JSONByteCursor(bytes).equals(type, literal)
    }

    /// CLASS, MODULE or ICLASS: records that name a class for other objects' `class`.
    var isClassLike: Bool { typeIs("CLASS") || typeIs("MODULE") || typeIs("ICLASS") }

    var typeString: String { String(decoding: typeBytes, as: UTF8.self) }

    func string(_ text: Text) -> String {
        JSONByteCursor(bytes).text(text.range, escaped: text.escaped)
    }

    /// Calls `body` with the decoded bytes of `text`: the line's own bytes unless it holds escapes.
    func withBytes<R>(_ text: Text, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let slice = UnsafeBufferPointer(rebasing: bytes[text.range])
        guard text.escaped else { return try body(slice) }
        return try JSONEscapes.decode(slice).withUnsafeBufferPointer { try body($0) }
    }

    /// The value's first 40 characters as the line's own bytes, when they are plain ASCII (one character
    /// per byte, nothing to decode or repair) and so is the byte after them. Nil otherwise: then
    /// `valuePrefixString` does the full work.
    var plainValuePrefix: UnsafeBufferPointer<UInt8>? {
        guard let value, !value.escaped else { return nil }
        let n = Self.prefixCharacters
        let checked = value.range.lowerBound..<min(value.range.upperBound, value.range.lowerBound + n + 1)
        for k in checked where bytes[k] >= 0x80 || bytes[k] < 0x20 { return nil }
        let end = min(value.range.upperBound, value.range.lowerBound + n)
        return UnsafeBufferPointer(rebasing: bytes[value.range.lowerBound..<end])
    }

    /// The bytes of `text` when they can be stored as they are: no escapes, printable ASCII only.
    func plainBytes(_ text: Text) -> UnsafeBufferPointer<UInt8>? {
        guard !text.escaped else { return nil }
        for k in text.range where bytes[k] >= 0x80 || bytes[k] < 0x20 { return nil }
        return UnsafeBufferPointer(rebasing: bytes[text.range])
    }

    var valuePrefixString: String? {
        guard let value else { return nil }
        return JSONByteCursor(bytes).prefix(value.range, escaped: value.escaped, characters: Self.prefixCharacters)
    }

    /// The name other objects of this class are shown with: the record's name, or for a singleton class
    /// the name of the class it is attached to.
    var className: String? {
        if let name { return string(name) }
        if let realClassName { return string(realClassName) }
        return nil
    }

    /// The object as a `HeapObject`; `gem` names the library of `file` (the caller caches it per file).
    func object(gem: (String) -> String) -> HeapObject {
        var o = HeapObject(line: line, address: address, type: typeString)
        o.classAddress = classAddress
        o.name = name.map(string)
        o.realClassName = realClassName.map(string)
        o.subtype = subtype.map(string)
        if let file {
            let path = string(file)
            o.file = path
            o.gem = gem(path)
        }
        o.lineNo = lineNo
        o.method = method.map(string)
        o.generation = generation
        o.memsize = memsize
        o.bytesize = bytesize
        o.length = length
        o.size = size
        o.slotSize = slotSize
        o.flags = flags
        o.valuePrefix = valuePrefixString
        return o
    }
}
