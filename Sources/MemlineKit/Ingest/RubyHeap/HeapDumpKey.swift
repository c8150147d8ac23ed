/// A key of an `ObjectSpace.dump` line that memline reads; every other key's value is skipped.
///
/// Looked up by length first, then by bytes, so an unknown key costs a few byte compares and no `String`.
enum HeapDumpKey {
    case type, file, line, name, root, size
    case `class`, value, flags
    case method, length, `struct`, frozen, shared
    case address, memsize, fstring, chilled
    case bytesize, embedded
    case slotSize, singleton
    case references, generation, imemoType
    case realClassName

    /// The key whose bytes are `key` in the cursor's line, or nil for one memline does not read.
    @inline(__always)
    init?(_ key: Range<Int>, in c: JSONByteCursor) {
        switch key.count {
        case 4: self.init(length4: key, in: c)
        case 5: self.init(length5: key, in: c)
        case 6: self.init(length6: key, in: c)
        case 7: self.init(length7: key, in: c)
        case 8:
            if c.equals(key, "bytesize") {
                self = .bytesize
            } else if c.equals(key, "embedded") {
                self = .embedded
            } else {
                return nil
            }
        case 9:
            if c.equals(key, "slot_size") {
                self = .slotSize
            } else if c.equals(key, "singleton") {
                self = .singleton
            } else {
                return nil
            }
        case 10:
            if c.equals(key, "references") {
                self = .references
            } else if c.equals(key, "generation") {
                self = .generation
            } else if c.equals(key, "imemo_type") {
                self = .imemoType
            } else {
                return nil
            }
        case 15:
            guard c.equals(key, "real_class_name") else { return nil }
            self = .realClassName
        default:
            return nil
        }
    }

    @inline(__always)
    private init?(length4 key: Range<Int>, in c: JSONByteCursor) {
        if c.equals(key, "type") {
            self = .type
        } else if c.equals(key, "file") {
            self = .file
        } else if c.equals(key, "line") {
            self = .line
        } else if c.equals(key, "name") {
            self = .name
        } else if c.equals(key, "root") {
            self = .root
        } else if c.equals(key, "size") {
            self = .size
        } else {
            return nil
        }
    }

    @inline(__always)
    private init?(length5 key: Range<Int>, in c: JSONByteCursor) {
        if c.equals(key, "class") {
            self = .class
        } else if c.equals(key, "value") {
            self = .value
        } else if c.equals(key, "flags") {
            self = .flags
        } else {
            return nil
        }
    }

    @inline(__always)
    private init?(length6 key: Range<Int>, in c: JSONByteCursor) {
        if c.equals(key, "method") {
            self = .method
        } else if c.equals(key, "length") {
            self = .length
        } else if c.equals(key, "struct") {
            self = .struct
        } else if c.equals(key, "frozen") {
            self = .frozen
        } else if c.equals(key, "shared") {
            self = .shared
        } else {
            return nil
        }
    }

    @inline(__always)
    private init?(length7 key: Range<Int>, in c: JSONByteCursor) {
        if c.equals(key, "address") {
            self = .address
        } else if c.equals(key, "memsize") {
            self = .memsize
        } else if c.equals(key, "fstring") {
            self = .fstring
        } else if c.equals(key, "chilled") {
            self = .chilled
        } else {
            return nil
        }
    }
}
