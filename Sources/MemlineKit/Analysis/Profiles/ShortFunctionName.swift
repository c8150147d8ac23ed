/// jeprof's `ShortFunctionName`: a demangled name without argument types, template arguments or a
/// leading return type, so overloads and instantiations of one function group together.
///
/// `std::vector<int, std::allocator<int> >::_M_realloc_insert(int const&)` → `std::vector::_M_realloc_insert`;
/// `void* newImpl<false>(unsigned long)` → `newImpl`.
enum ShortFunctionName {
    static func of(_ name: String) -> String {
        var s = Array(name)
        // Argument types: innermost (…) groups, with a trailing `const`.
        while let range = innermost(s, open: "(", close: ")") {
            var end = range.upperBound
            var k = end
            while k < s.count, s[k] == " " { k += 1 }
            if k + 5 <= s.count, String(s[k..<(k + 5)]) == "const" { end = k + 5 }
            s.removeSubrange(range.lowerBound..<end)
        }
        while let range = innermost(s, open: "<", close: ">") { s.removeSubrange(range) }
        // Leading type: drop everything up to the last blank that is followed by `word::`.
        var cut: Int?
        var i = 0
        while i < s.count {
            if s[i] == " " || s[i] == "\t" {
                var k = i + 1
                while k < s.count, s[k].isLetter || s[k].isNumber || s[k] == "_" { k += 1 }
                if k > i + 1, k + 1 < s.count, s[k] == ":", s[k + 1] == ":" { cut = i + 1 }
            }
            i += 1
        }
        if let cut { s.removeSubrange(0..<cut) }
        return String(s)
    }

    /// The first `open … close` group holding neither bracket inside.
    private static func innermost(_ s: [Character], open: Character, close: Character) -> Range<Int>? {
        var start: Int?
        for (i, c) in s.enumerated() {
            if c == open {
                start = i
            } else if c == close, let st = start {
                return st..<(i + 1)
            }
        }
        return nil
    }
}
