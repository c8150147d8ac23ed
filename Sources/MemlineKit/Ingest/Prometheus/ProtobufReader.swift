/// Reads the protocol-buffers wire format: varints, 64-bit and 32-bit fixed fields, length-delimited fields.
///
/// Enough for Prometheus's `MetricFamily` messages, whose schema is small and stable (`metrics.proto`), so no
/// generated code is needed. Unknown fields are skipped by their wire type, as protobuf requires.
struct ProtobufReader {
    enum Failure: Error, Equatable {
        case truncated
        case badWireType(Int)
        case varintTooLong
    }

    private let bytes: ArraySlice<UInt8>
    private var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    var isAtEnd: Bool { index >= bytes.endIndex }

    /// The next field's number and wire type, or nil at the end of the message.
    mutating func nextField() throws -> (number: Int, wireType: Int)? {
        guard !isAtEnd else { return nil }
        let key = try varint()
        return (Int(key >> 3), Int(key & 7))
    }

    mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < bytes.endIndex else { throw Failure.truncated }
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
            if shift >= 64 { throw Failure.varintTooLong }
        }
    }

    /// A `double` field (wire type 1, little-endian IEEE 754).
    mutating func double() throws -> Double {
        Double(bitPattern: try fixed(8))
    }

    /// A length-delimited field's bytes (wire type 2): a string, bytes or an embedded message.
    mutating func lengthDelimited() throws -> ArraySlice<UInt8> {
        let length = try varint()
        guard length <= UInt64(bytes.endIndex - index) else { throw Failure.truncated }
        let end = index + Int(length)
        defer { index = end }
        return bytes[index..<end]
    }

    mutating func string() throws -> String {
        String(decoding: try lengthDelimited(), as: UTF8.self)
    }

    /// Skips a field of `wireType` (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).
    mutating func skip(wireType: Int) throws {
        switch wireType {
        case 0: _ = try varint()
        case 1: _ = try fixed(8)
        case 2: _ = try lengthDelimited()
        case 5: _ = try fixed(4)
        default: throw Failure.badWireType(wireType)
        }
    }

    private mutating func fixed(_ count: Int) throws -> UInt64 {
        guard bytes.endIndex - index >= count else { throw Failure.truncated }
        var value: UInt64 = 0
        for k in 0..<count { value |= UInt64(bytes[index + k]) << (8 * UInt64(k)) }
        index += count
        return value
    }
}
