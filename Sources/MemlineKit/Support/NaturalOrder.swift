/// Orders names as people number files: the runs of digits in them compare as numbers, so `dump.2` comes before
/// `dump.10` and `production.log.9` before `production.log.10`. Ties (`a01`, `a1`) fall back to the plain order.
enum NaturalOrder {
    static func precedes(_ a: String, _ b: String) -> Bool {
        var x = Array(a.utf8)[...]
        var y = Array(b.utf8)[...]
        while let p = x.first, let q = y.first {
            if isDigit(p), isDigit(q) {
                let m = digitRun(&x)
                let n = digitRun(&y)
                // Leading zeros aside, a longer run is a larger number.
                let (mm, nn) = (m.drop { $0 == UInt8(ascii: "0") }, n.drop { $0 == UInt8(ascii: "0") })
                if mm.count != nn.count { return mm.count < nn.count }
                if !mm.elementsEqual(nn) { return mm.lexicographicallyPrecedes(nn) }
                continue
            }
            if p != q { return p < q }
            x = x.dropFirst()
            y = y.dropFirst()
        }
        if x.isEmpty != y.isEmpty { return x.isEmpty }
        return a < b
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private static func digitRun(_ s: inout ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let end = s.firstIndex { !isDigit($0) } ?? s.endIndex
        defer { s = s[end...] }
        return s[..<end]
    }
}
