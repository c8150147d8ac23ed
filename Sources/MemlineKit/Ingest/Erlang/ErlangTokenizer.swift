/// Splits one line of a printed Erlang or Elixir term into tokens.
///
/// Strings, quoted atoms and opaque values (`#Fun<…>`) do not span lines in `~p` or `inspect` output
/// (newlines inside strings are printed as `\n`), so each line tokenizes on its own.
struct ErlangTokenizer {
    enum Container: Equatable {
        case tuple, list, map, binary
        case structure(String)

        var closing: String {
            switch self {
            case .tuple: return "}"
            case .list: return "]"
            case .map, .structure: return "}"
            case .binary: return ">>"
            }
        }
    }

    enum Token: Equatable {
        case open(Container)
        case close(Container)
        case comma, bar, arrow
        /// An Elixir keyword key: `memory:` or `"$ancestors":`.
        case key(String)
        case value(ErlangTerm)
    }

    struct Problem: Error {
        var reason: String
    }

    private let u: [UInt8]
    private var i = 0
    private let dialect: ErlangTermReader.Dialect

    init(_ bytes: [UInt8], dialect: ErlangTermReader.Dialect) {
        u = bytes
        self.dialect = dialect
    }

    private func at(_ k: Int) -> UInt8? { k < u.count ? u[k] : nil }

    private static func isDigit(_ c: UInt8?) -> Bool { c.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
    private static func isLower(_ c: UInt8?) -> Bool { c.map { $0 >= 0x61 && $0 <= 0x7A } ?? false }
    private static func isUpper(_ c: UInt8?) -> Bool { c.map { $0 >= 0x41 && $0 <= 0x5A } ?? false }
    private static func isWordByte(_ c: UInt8?) -> Bool {
        guard let c else { return false }
        return isDigit(c) || isLower(c) || isUpper(c) || c == 0x5F || c == 0x40 || c >= 0x80
    }

    private func text(_ range: Range<Int>) -> String { String(decoding: u[range], as: UTF8.self) }

    mutating func next() throws(Problem) -> Token? {
        while let c = at(i), c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A { i += 1 }
        guard let c = at(i) else { return nil }
        switch c {
        case UInt8(ascii: "{"):
            i += 1
            return .open(.tuple)
        case UInt8(ascii: "}"):
            i += 1
            return .close(.tuple)
        case UInt8(ascii: "["):
            i += 1
            return .open(.list)
        case UInt8(ascii: "]"):
            i += 1
            return .close(.list)
        case UInt8(ascii: ","):
            i += 1
            return .comma
        case UInt8(ascii: "|"):
            i += 1
            return .bar
        case UInt8(ascii: "="):
            if at(i + 1) == UInt8(ascii: ">") {
                i += 2
                return .arrow
            }
            throw Problem(reason: "unexpected '=' (expected =>)")
        case UInt8(ascii: "<"):
            if at(i + 1) == UInt8(ascii: "<") {
                i += 2
                return .open(.binary)
            }
            if Self.isDigit(at(i + 1)) { return .value(.pid(try angle(from: i))) }
            throw Problem(reason: "unexpected '<' (expected << or a pid <0.1.0>)")
        case UInt8(ascii: ">"):
            if at(i + 1) == UInt8(ascii: ">") {
                i += 2
                return .close(.binary)
            }
            throw Problem(reason: "unexpected '>'")
        case UInt8(ascii: "."):
            if at(i + 1) == UInt8(ascii: "."), at(i + 2) == UInt8(ascii: ".") {
                i += 3
                return .value(.elided)
            }
            throw Problem(reason: "unexpected '.'")
        case UInt8(ascii: "/"):
            // A binary segment's type (`<<"é"/utf8>>`): not a value.
            i += 1
            while Self.isWordByte(at(i)) || at(i) == UInt8(ascii: "-") { i += 1 }
            return try next()
        case UInt8(ascii: "#"): return try hash()
        case UInt8(ascii: "%"): return try percent()
        case UInt8(ascii: "\""):
            let s = try quoted(UInt8(ascii: "\""))
            if keywordColon() == true { return .key(s) }
            return .value(.string(s))
        case UInt8(ascii: "'"):
            let s = try quoted(UInt8(ascii: "'"))
            if dialect == .elixir {
                if keywordColon() == true { return .key(s) }
                return .value(.charlist(s))
            }
            return .value(.atom(s))
        case UInt8(ascii: ":"):
            return try elixirAtom()
        case UInt8(ascii: "$"):
            // A character literal ($a): its code.
            guard let ch = at(i + 1) else { throw Problem(reason: "$ without a character") }
            i += 2
            return .value(.integer(Int(ch)))
        default:
            if c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || Self.isDigit(c) { return try number() }
            if Self.isLower(c) || c == UInt8(ascii: "_") || Self.isUpper(c) || c >= 0x80 { return word() }
            throw Problem(reason: "unexpected character '\(Character(Unicode.Scalar(c)))'")
        }
    }

    /// After a quoted string in Elixir: `"key": ` makes a keyword key (true), anything else a value (false).
    private mutating func keywordColon() -> Bool? {
        guard at(i) == UInt8(ascii: ":"), at(i + 1) == nil || at(i + 1) == 0x20 || at(i + 1) == 0x09 else {
            return false
        }
        i += 1
        return true
    }

    /// `<0.44.0>` (the `<` at `start`).
    private mutating func angle(from start: Int) throws(Problem) -> String {
        var k = start + 1
        while let c = at(k), Self.isDigit(c) || c == UInt8(ascii: ".") { k += 1 }
        guard at(k) == UInt8(ascii: ">") else { throw Problem(reason: "unterminated pid (expected <A.B.C>)") }
        i = k + 1
        return text(start..<(k + 1))
    }

    /// `#{` map, `#PID<…>`, `#Fun<…>`, `#Ref<…>`, `#Port<…>`, `#Function<…>`, `#Reference<…>`.
    private mutating func hash() throws(Problem) -> Token {
        if at(i + 1) == UInt8(ascii: "{") {
            i += 2
            return .open(.map)
        }
        var k = i + 1
        while Self.isWordByte(at(k)) { k += 1 }
        let name = text((i + 1)..<k)
        guard !name.isEmpty, at(k) == UInt8(ascii: "<") else {
            throw Problem(reason: "unexpected '#' (expected #{, #PID<…> or #Name<…>)")
        }
        if name == "PID" {
            i = k
            return .value(.pid(try angle(from: k)))
        }
        // Opaque: up to the matching '>' (nested <> in #Function<… in :rand.mk_alg/1> do not occur).
        var depth = 0
        var e = k
        while let c = at(e) {
            if c == UInt8(ascii: "<") { depth += 1 }
            if c == UInt8(ascii: ">") {
                depth -= 1
                if depth == 0 { break }
            }
            e += 1
        }
        guard at(e) == UInt8(ascii: ">") else { throw Problem(reason: "unterminated #\(name)<…>") }
        let value = text(i..<(e + 1))
        i = e + 1
        return .value(.opaque(value))
    }

    /// `%{` map or `%Name{` struct.
    private mutating func percent() throws(Problem) -> Token {
        if at(i + 1) == UInt8(ascii: "{") {
            i += 2
            return .open(.map)
        }
        var k = i + 1
        while Self.isWordByte(at(k)) || at(k) == UInt8(ascii: ".") { k += 1 }
        guard k > i + 1, at(k) == UInt8(ascii: "{") else {
            throw Problem(reason: "unexpected '%' (expected %{ or %Name{)")
        }
        let name = text((i + 1)..<k)
        i = k + 1
        return .open(.structure(name))
    }

    /// A quoted string or atom with Erlang/Elixir escapes.
    private mutating func quoted(_ quote: UInt8) throws(Problem) -> String {
        var bytes: [UInt8] = []
        var k = i + 1
        while let c = at(k) {
            if c == quote {
                i = k + 1
                return String(decoding: bytes, as: UTF8.self)
            }
            if c == UInt8(ascii: "\\"), let e = at(k + 1) {
                switch e {
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "e"): bytes.append(0x1B)
                default: bytes.append(e)
                }
                k += 2
                continue
            }
            bytes.append(c)
            k += 1
        }
        throw Problem(reason: "unterminated quoted text (a string or atom cut at the end of the line)")
    }

    /// `:atom`, `:"quoted atom"`, `:'quoted'`, `:+` operators; `::` is not a value.
    private mutating func elixirAtom() throws(Problem) -> Token {
        i += 1
        if let c = at(i), c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
            return .value(.atom(try quoted(c)))
        }
        let start = i
        while Self.isWordByte(at(i)) || at(i) == UInt8(ascii: "?") || at(i) == UInt8(ascii: "!")
            || at(i) == UInt8(ascii: ".")
        {
            i += 1
        }
        if i == start {
            while let c = at(i), c != 0x20, c != UInt8(ascii: ","), c != UInt8(ascii: "}"), c != UInt8(ascii: "]") {
                i += 1
            }
        }
        guard i > start else { throw Problem(reason: "':' without an atom") }
        return .value(.atom(text(start..<i)))
    }

    /// Integers (`-12`, `16#FF`), floats (`1.5e-3`).
    private mutating func number() throws(Problem) -> Token {
        let start = i
        if at(i) == UInt8(ascii: "-") || at(i) == UInt8(ascii: "+") { i += 1 }
        guard Self.isDigit(at(i)) else { throw Problem(reason: "a sign without a number") }
        while Self.isDigit(at(i)) || at(i) == UInt8(ascii: "_") { i += 1 }
        if at(i) == UInt8(ascii: "#") {
            let radix = Int(text(start..<i)) ?? 10
            i += 1
            let digitsStart = i
            while Self.isWordByte(at(i)) { i += 1 }
            guard (2...36).contains(radix), let value = Int(text(digitsStart..<i), radix: radix) else {
                throw Problem(reason: "bad radix integer")
            }
            return .value(.integer(value))
        }
        var isFloat = false
        if at(i) == UInt8(ascii: "."), Self.isDigit(at(i + 1)) {
            isFloat = true
            i += 1
            while Self.isDigit(at(i)) { i += 1 }
        }
        if at(i) == UInt8(ascii: "e") || at(i) == UInt8(ascii: "E"),
            Self.isDigit(at(i + 1))
                || ((at(i + 1) == UInt8(ascii: "-") || at(i + 1) == UInt8(ascii: "+")) && Self.isDigit(at(i + 2)))
        {
            isFloat = true
            i += 2
            while Self.isDigit(at(i)) { i += 1 }
        }
        let literal = text(start..<i).replacing("_", with: "")
        if isFloat, let d = Double(literal) { return .value(.float(d)) }
        if let n = Int(literal) { return .value(.integer(n)) }
        if let d = Double(literal) { return .value(.float(d)) }  // beyond Int64: kept approximately
        throw Problem(reason: "bad number \(literal)")
    }

    /// Bare atoms and aliases; an Elixir keyword key when followed by `: `. A node name written without its quotes
    /// (`app@cpo-node-3`, as a log whose host name was rewritten shows it) keeps the `-` and `.` of its host part.
    private mutating func word() -> Token {
        let start = i
        var node = false
        while Self.isWordByte(at(i)) || (at(i) == UInt8(ascii: ".") && (Self.isUpper(at(i + 1))))
            || (node && (at(i) == UInt8(ascii: "-") || at(i) == UInt8(ascii: ".")) && Self.isWordByte(at(i + 1)))
        {
            if at(i) == 0x40 { node = true }
            i += 1
        }
        if dialect == .elixir, at(i) == UInt8(ascii: "?") || at(i) == UInt8(ascii: "!") { i += 1 }
        let name = text(start..<i)
        if at(i) == UInt8(ascii: ":"), at(i + 1) == nil || at(i + 1) == 0x20 || at(i + 1) == 0x09 {
            i += 1
            return .key(name)
        }
        return .value(.atom(name))
    }
}
