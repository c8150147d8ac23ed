/// Reads `ObjectSpace.dump_all` / `ObjectSpace.dump` output: one JSON object per line.
///
/// A byte-level scanner picks the known fields of Ruby 2.1 to 3.4 dumps and skips the rest
/// (`shape_id`, `encoding`, `coderange`, `ivars`…) without building them. Objects become
/// `HeapObject`s, their `references` `HeapRef`s, ROOT lines `HeapRoot`s; Ruby 3.2+ SHAPE
/// records are counted only. One `HeapSnapshot` with the totals follows the last line.
/// A sink that is a `HeapFieldsSink` (the store) gets each object as `HeapLineFields` with its
/// references instead, so a million-object dump makes no `String` per object.
struct RubyHeapParser: LineParser {
    private var snapshot: HeapSnapshot
    private var started = false
    /// Reused for every line's `references`, so scanning allocates nothing per reference.
    private var references: [Int64] = []
    private var gemByFile: [String: String] = [:]
    /// The sink last seen, and whether it takes `HeapLineFields` (checked once per sink, not per line).
    private var sinkID: ObjectIdentifier?
    private var fieldsSink: (any HeapFieldsSink)?

    init(context: ParseContext) {
        var snapshot = HeapSnapshot(line: 1, label: context.label ?? RubyHeapParser.label(for: context.sourceName))
        if let time = context.snapshotTime {
            snapshot.takenAt = time.ts
            snapshot.takenAtSource = time.source
        }
        snapshot.host = context.host
        snapshot.pid = HeapSnapshotTime.pid(fromFileName: context.sourceName)
        self.snapshot = snapshot
        references.reserveCapacity(256)
    }

    /// `heap-1.json.gz` → `heap-1`: the file name without its compression and dump extensions.
    static func label(for name: String) -> String {
        var label = name
        let extensions = [".gz", ".json", ".jsonl", ".ndjson", ".heap", ".dump", ".txt"]
        while let ext = extensions.first(where: { label.lowercased().hasSuffix($0) }), label.count > ext.count {
            label.removeLast(ext.count)
        }
        return label
    }

    mutating func parse(bytes: UnsafeBufferPointer<UInt8>, number: Int, into sink: any RowSink) throws {
        try scan(bytes, number: number, into: sink)
    }

    mutating func finish(into sink: any RowSink) throws {
        guard started else { return }
        try sink.emit(.heapSnapshot(snapshot))
    }

    // MARK: - Scanning one line

    private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, number: Int, into sink: any RowSink) throws {
        var c = JSONByteCursor(bytes)
        c.skipSpace()
        if c.atEnd { return }
        guard c.consume(0x7B) else {
            return try sink.skip(
                line: number, reason: "expected a JSON object ({\"address\":…}) per line", text: Self.text(bytes))
        }
        var object = HeapLineFields(bytes: bytes, line: number)
        references.removeAll(keepingCapacity: true)
        if let failure = readMembers(&c, into: &object) {
            // A line that ends inside its object: the dump was cut, so the snapshot is partial.
            if c.atEnd, snapshot.partialLine == nil { snapshot.partialLine = number }
            return try sink.skip(line: number, reason: failure, text: Self.text(bytes))
        }
        try emit(object, into: sink)
    }

    /// What reading one member's value came to.
    private enum MemberRead {
        case read
        /// Not a JSON value, or cut by the end of the line.
        case unreadable
        /// A value of the right kind that cannot be used; the line is skipped with this reason.
        case refused(String)
    }

    /// Reads the object's members after its `{` up to its `}`.
    /// - Returns: why the line cannot be read, or nil when the whole object was read.
    @inline(__always)
    private mutating func readMembers(_ c: inout JSONByteCursor, into object: inout HeapLineFields) -> String? {
        if c.consume(0x7D) { return "empty object; expected \"address\" and \"type\"" }
        while true {
            guard let key = c.string() else {
                return c.atEnd ? "line ends inside the object (truncated?)" : "expected a quoted key"
            }
            guard c.consume(0x3A) else { return "expected ':' after a key" }
            switch readMember(key, &c, into: &object) {
            case .read: break
            case .unreadable:
                return c.atEnd
                    ? "line ends inside the value of \"\(c.text(key, escaped: false))\" (truncated?)"
                    : "unreadable value for \"\(c.text(key, escaped: false))\""
            case .refused(let reason): return reason
            }
            if c.consume(0x2C) { continue }
            if c.consume(0x7D) { return nil }
            return c.atEnd ? "line ends inside the object (truncated?)" : "expected ',' or '}' after a value"
        }
    }

    /// Reads the value of `key` into its field of `object`; a key memline does not read has its value skipped.
    @inline(__always)
    private mutating func readMember(
        _ key: Range<Int>, _ c: inout JSONByteCursor, into object: inout HeapLineFields
    ) -> MemberRead {
        guard let field = HeapDumpKey(key, in: c) else { return c.skipValue() ? .read : .unreadable }
        let ok: Bool
        switch field {
        case .address: return readAddress(&c, into: &object)
        case .type:
            guard let r = c.string() else { return .unreadable }
            object.type = r
            return .read
        case .class: ok = readClass(&c, into: &object.classAddress)
        case .value: ok = readText(&c, into: &object.value)
        case .file: ok = readText(&c, into: &object.file)
        case .name: ok = readText(&c, into: &object.name)
        case .root: ok = readText(&c, into: &object.root)
        case .method: ok = readText(&c, into: &object.method)
        case .struct, .imemoType: ok = readText(&c, into: &object.subtype)
        case .realClassName: ok = readText(&c, into: &object.realClassName)
        case .line: ok = readInteger(&c, into: &object.lineNo)
        case .size: ok = readInteger(&c, into: &object.size)
        case .length: ok = readInteger(&c, into: &object.length)
        case .memsize: ok = readInteger(&c, into: &object.memsize)
        case .bytesize: ok = readInteger(&c, into: &object.bytesize)
        case .slotSize: ok = readInteger(&c, into: &object.slotSize)
        case .generation: ok = readInteger(&c, into: &object.generation)
        case .flags: ok = readFlags(&c, into: &object.flags)
        case .frozen: ok = readFlag(&c, .frozen, into: &object.flags)
        case .shared: ok = readFlag(&c, .shared, into: &object.flags)
        case .fstring: ok = readFlag(&c, .fstring, into: &object.flags)
        case .chilled: ok = readFlag(&c, .chilled, into: &object.flags)
        case .embedded: ok = readFlag(&c, .embedded, into: &object.flags)
        case .singleton: ok = readFlag(&c, .singleton, into: &object.flags)
        case .references: ok = readReferences(&c)
        }
        return ok ? .read : .unreadable
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    private mutating func emit(_ object: HeapLineFields, into sink: any RowSink) throws {
        let number = object.line
        if object.typeIs("ROOT") {
            start(at: number)
            let name = object.root.map(object.string) ?? "unknown"
            for address in references {
                try sink.emit(.heapRoot(HeapRoot(line: number, root: name, address: address)))
            }
            snapshot.roots += references.count
            return
        }
        if object.typeIs("SHAPE") {
            snapshot.shapes += 1
            return
        }
        guard object.type.map({ !$0.isEmpty }) == true else {
            return try sink.skip(
                line: number, reason: "no \"type\"; expected an ObjectSpace.dump object", text: Self.text(object.bytes))
        }
        guard object.hasAddress else {
            return try sink.skip(
                line: number, reason: "no \"address\" for a \(object.typeString) object", text: Self.text(object.bytes))
        }
        start(at: number)
        if let fast = fieldsSink(for: sink) {
            try references.withUnsafeBufferPointer { try fast.emitHeapObject(object, references: $0) }
        } else {
            let heapObject = object.object { self.gem(forFile: $0) }
            try sink.emit(.heapObject(heapObject))
            for to in references {
                try sink.emit(.heapRef(HeapRef(line: number, from: object.address, to: to)))
            }
        }
        snapshot.objects += 1
        snapshot.refs += references.count
        snapshot.memsize += object.memsize ?? 0
        if object.file != nil { snapshot.traced += 1 }
        if let generation = object.generation, generation > (snapshot.maxGeneration ?? Int.min) {
            snapshot.maxGeneration = generation
        }
    }

    /// `sink` as a `HeapFieldsSink`, cast once per sink.
    private mutating func fieldsSink(for sink: any RowSink) -> (any HeapFieldsSink)? {
        let id = ObjectIdentifier(sink)
        if id != sinkID {
            sinkID = id
            fieldsSink = sink as? any HeapFieldsSink
        }
        return fieldsSink
    }

    /// The gem of an allocation file, cached per file.
    private mutating func gem(forFile file: String) -> String {
        if let known = gemByFile[file] { return known }
        let gem = RubyLibrary.name(forPath: file)
        if gemByFile.count < 100_000 { gemByFile[file] = gem }
        return gem
    }

    private mutating func start(at line: Int) {
        guard !started else { return }
        started = true
        snapshot.line = line
    }

    // MARK: - Field readers

    /// `"address":"0x7fb1f805faa8"`: the object's own address; a line without a readable one names no object.
    @inline(__always)
    private func readAddress(_ c: inout JSONByteCursor, into object: inout HeapLineFields) -> MemberRead {
        guard let r = c.string() else { return .unreadable }
        guard let address = c.hexAddress(r) else {
            return .refused("address is not a hex address (0x…): \(c.text(r, escaped: false))")
        }
        object.address = address
        object.hasAddress = true
        return .read
    }

    /// `"class":"0x7fb1f805faa8"`: the class's address; any other value (a `null`) is skipped and leaves it nil.
    @inline(__always)
    private func readClass(_ c: inout JSONByteCursor, into classAddress: inout Int64?) -> Bool {
        c.skipSpace()
        guard c.current == 0x22, let r = c.string() else { return c.skipValue() }
        classAddress = c.hexAddress(r)
        return true
    }

    /// An integer value; a fraction, an overflow or a `null` leaves it nil.
    @inline(__always)
    private func readInteger(_ c: inout JSONByteCursor, into value: inout Int?) -> Bool {
        let v = c.integer()
        value = v.value
        return v.ok
    }

    /// A string value into `text` (range and escapes); any other JSON value is skipped and leaves it nil.
    private func readText(_ c: inout JSONByteCursor, into text: inout HeapLineFields.Text?) -> Bool {
        c.skipSpace()
        guard c.current == 0x22 else { return c.skipValue() }
        guard let r = c.string() else { return false }
        text = HeapLineFields.Text(range: r, escaped: c.lastStringHadEscape)
        return true
    }

    private func readFlag(_ c: inout JSONByteCursor, _ flag: HeapFlags, into flags: inout HeapFlags) -> Bool {
        let v = c.boolean()
        if v.value == true { flags.insert(flag) }
        return v.ok
    }

    /// `"flags":{"wb_protected":true, "old":true, "uncollectible":true, "marked":true}`
    private func readFlags(_ c: inout JSONByteCursor, into flags: inout HeapFlags) -> Bool {
        guard c.consume(0x7B) else { return c.skipValue() }
        if c.consume(0x7D) { return true }
        while true {
            guard let key = c.string(), c.consume(0x3A) else { return false }
            let flag: HeapFlags?
            if c.equals(key, "old") {
                flag = .old
            } else if c.equals(key, "uncollectible") {
                flag = .uncollectible
            } else if c.equals(key, "marked") {
                flag = .marked
            } else if c.equals(key, "wb_protected") {
                flag = .wbProtected
            } else {
                flag = nil
            }
            if let flag {
                guard readFlag(&c, flag, into: &flags) else { return false }
            } else {
                guard c.skipValue() else { return false }
            }
            if c.consume(0x2C) { continue }
            return c.consume(0x7D)
        }
    }

    /// `"references":["0x7fb1f805faa8", "0x7fb1f805d7a8"]` into `references`.
    private mutating func readReferences(_ c: inout JSONByteCursor) -> Bool {
        guard c.consume(0x5B) else { return c.skipValue() }
        if c.consume(0x5D) { return true }
        while true {
            guard let r = c.string() else { return false }
            if let address = c.hexAddress(r) { references.append(address) }
            if c.consume(0x2C) { continue }
            return c.consume(0x5D)
        }
    }
}
