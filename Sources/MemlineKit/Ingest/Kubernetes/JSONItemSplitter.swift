/// Cuts the objects out of pretty-printed JSON arriving line by line, holding one object at a time.
///
/// `kubectl get … -o json` prints either one object (`{"kind": "Pod", …}`) or a list whose objects sit in
/// `"items": [ … ]` (`{"apiVersion": "v1", "items": [{…}, {…}], "kind": "List", …}`); `jq .items` output is a
/// bare array, and `kubectl get -w -o json` prints objects one after another. The splitter hands over each
/// list item, each element of a bare array, or each top-level object that is not a list, as its own bytes,
/// with the line it started on. Strings (with their escapes) are tracked so braces inside them do not count.
///
/// Memory stays bounded: one object at a time, and an object larger than `maxObjectBytes` is dropped and
/// reported through `oversized` instead of being kept.
struct JSONItemSplitter {
    /// One object cut out of the stream.
    struct Item {
        var bytes: [UInt8]
        var firstLine: Int
        var lastLine: Int
    }

    static let maxObjectBytes = 16 << 20

    private var depth = 0
    private var inString = false
    private var escaped = false
    /// The last string closed at depth 1 (a member name of the root object), for spotting `"items"`.
    private var keyAtDepth1: [UInt8] = []
    private var collectingKey = false
    /// Items live at this depth (2 inside a root object's `items`, 1 in a bare array); nil until known.
    private var itemDepth: Int?
    private var buffer: [UInt8] = []
    private var capturing = false
    private var captureStart = 0
    private var tooBig = false
    /// Objects dropped for exceeding `maxObjectBytes`: their first lines.
    private(set) var oversized: [Int] = []

    /// Feeds one line; calls `body` for each object that ends on it.
    mutating func feed(_ u: UnsafeBufferPointer<UInt8>, line: Int, _ body: (Item) throws -> Void) rethrows {
        for index in 0..<u.count {
            let c = u[index]
            if capturing, !tooBig { buffer.append(c) }
            if inString {
                if escaped {
                    escaped = false
                } else if c == UInt8(ascii: "\\") {
                    escaped = true
                } else if c == UInt8(ascii: "\"") {
                    inString = false
                    collectingKey = false
                } else if collectingKey, keyAtDepth1.count < 16 {
                    keyAtDepth1.append(c)
                }
                continue
            }
            switch c {
            case UInt8(ascii: "\""):
                inString = true
                if depth == 1 {
                    keyAtDepth1.removeAll(keepingCapacity: true)
                    collectingKey = true
                }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if depth == 0 {
                    if c == UInt8(ascii: "[") {
                        itemDepth = 1
                    } else {
                        itemDepth = nil
                        start(with: c, line: line)
                    }
                } else if depth == 1, c == UInt8(ascii: "["), itemDepth == nil, keyAtDepth1 == Array("items".utf8) {
                    // A list: drop what was kept of the root; its items come one by one.
                    itemDepth = 2
                    capturing = false
                    buffer.removeAll(keepingCapacity: true)
                } else if let itemDepth, depth == itemDepth, c == UInt8(ascii: "{") {
                    start(with: c, line: line)
                }
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth = max(0, depth - 1)
                let closesItem = itemDepth.map { depth == $0 } ?? (depth == 0)
                if capturing, closesItem, c == UInt8(ascii: "}") {
                    capturing = false
                    if tooBig {
                        oversized.append(captureStart)
                    } else {
                        try body(Item(bytes: buffer, firstLine: captureStart, lastLine: line))
                    }
                    buffer.removeAll(keepingCapacity: true)
                }
                if depth == 0 { itemDepth = nil }
            default:
                break
            }
            if capturing, buffer.count > JSONItemSplitter.maxObjectBytes, !tooBig {
                tooBig = true
                buffer.removeAll()
            }
        }
        if capturing, !tooBig { buffer.append(UInt8(ascii: "\n")) }
    }

    /// Whether an object was still open when the input ended (a truncated file): its first line.
    var unfinished: Int? { capturing ? captureStart : nil }

    private mutating func start(with c: UInt8, line: Int) {
        capturing = true
        tooBig = false
        captureStart = line
        buffer.removeAll(keepingCapacity: true)
        buffer.append(c)
    }
}
