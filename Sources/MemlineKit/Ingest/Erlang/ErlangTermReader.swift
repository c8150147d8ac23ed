/// Reads Erlang and Elixir terms from text fed a line at a time; a term may span any number of lines.
///
/// A small tokenizer and a stack of open containers, not regexes: tuples `{}`, lists `[]` with `|`
/// tails, maps `#{k => v}` / `%{k: v}` / `%Name{…}`, binaries `<<…>>`, atoms (bare, `'quoted'`,
/// `:elixir`, `:"quoted"`, aliases), strings, charlists, integers (also `16#ff`), floats, pids
/// (`<0.1.0>`, `#PID<0.1.0>`), opaque values (`#Fun<…>`, `#Ref<…>`), `...` elisions and Elixir keyword
/// entries (`key: value`, `"quoted key": value`). Memory stays bounded: a container keeps at most
/// `maxElements` elements (the rest are counted and stand as one `.elided`), and a term at most
/// `maxNodes` values in all; a mailbox of 1.4 million messages reads in constant memory.
struct ErlangTermReader {
    enum Dialect { case erlang, elixir }

    struct Failure: Error, Equatable {
        var reason: String
        var line: Int
    }

    /// A finished top-level term, with the line it started on and the lines its top-level elements started on.
    struct Complete {
        var term: ErlangTerm
        var line: Int
        var elementLines: [Int]
        /// Elements or values dropped to bound memory.
        var dropped: Int
    }

    private enum Kind: Equatable { case tuple, list, map, binary }

    private struct Frame {
        var kind: Kind
        var items: [ErlangTerm] = []
        var pendingKey: ErlangTerm?
        var awaitingArrowValue = false
        var tail: ErlangTerm?
        var afterBar = false
        var elementLines: [Int] = []
        var expectingElement = true
        var structName: String?
    }

    /// Decides what single quotes make: atoms (Erlang) or charlists (Elixir).
    var dialect: Dialect
    var maxElements = 10_000
    var maxNodes = 2_000_000
    private var stack: [Frame] = []
    private var startLine = 0
    private var nodes = 0
    private var dropped = 0

    init(dialect: Dialect) { self.dialect = dialect }

    /// Whether a term is open (more lines needed).
    var isOpen: Bool { !stack.isEmpty }

    mutating func reset() {
        stack = []
        nodes = 0
        dropped = 0
    }

    /// Reads one line; returns the terms it completed.
    mutating func feed(_ text: String, line: Int) throws(Failure) -> [Complete] {
        var done: [Complete] = []
        var bytes = Array(text.utf8)
        // A term printed with `~p.~n` (the `file:consult` form) ends with Erlang's full stop.
        while let last = bytes.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { bytes.removeLast() }
        if bytes.count >= 2, bytes[bytes.count - 1] == UInt8(ascii: "."),
            "]})>".utf8.contains(bytes[bytes.count - 2])
        {
            bytes.removeLast()
        }
        var tokenizer = ErlangTokenizer(bytes, dialect: dialect)
        while true {
            let token: ErlangTokenizer.Token?
            do { token = try tokenizer.next() } catch { throw Failure(reason: error.reason, line: line) }
            guard let token else { break }
            if stack.isEmpty {
                startLine = line
                nodes = 0
                dropped = 0
            } else if stack.count == 1, stack[0].expectingElement, !token.isSeparator, !token.isClosing {
                stack[0].elementLines.append(line)
                stack[0].expectingElement = false
            }
            if let complete = try apply(token, line: line) { done.append(complete) }
        }
        return done
    }

    private mutating func apply(_ token: ErlangTokenizer.Token, line: Int) throws(Failure) -> Complete? {
        switch token {
        case .open(let kind):
            let k: Kind
            var structName: String?
            switch kind {
            case .tuple: k = .tuple
            case .list: k = .list
            case .map: k = .map
            case .binary: k = .binary
            case .structure(let name):
                k = .map
                structName = name
            }
            var frame = Frame(kind: k)
            frame.structName = structName
            if let structName { frame.items.append(.tuple([.atom("__struct__"), .atom(structName)])) }
            stack.append(frame)
            return nil
        case .close(let kind):
            guard var frame = stack.popLast() else {
                throw Failure(reason: "unexpected closing \(kind.closing) outside any term", line: line)
            }
            let expected: Kind
            switch kind {
            case .tuple: expected = .tuple
            case .list: expected = .list
            case .map, .structure: expected = .map
            case .binary: expected = .binary
            }
            // `}` closes tuples and maps alike.
            guard expected == frame.kind || (expected == .tuple && frame.kind == .map) else {
                stack = []
                throw Failure(reason: "unbalanced brackets: \(kind.closing) closes a \(frame.kind)", line: line)
            }
            if let key = frame.pendingKey {
                // A key without its value (`[a: ...]` cut): keep it paired with an elision.
                frame.items.append(.tuple([key, .elided]))
            }
            let term: ErlangTerm
            switch frame.kind {
            case .tuple: term = .tuple(frame.items)
            case .list: term = .list(frame.items, tail: frame.tail)
            case .map: term = .map(frame.items)
            case .binary: term = .binary(frame.items)
            }
            if stack.isEmpty {
                return Complete(term: term, line: startLine, elementLines: frame.elementLines, dropped: dropped)
            }
            deliver(term)
            return nil
        case .comma:
            if stack.count == 1 { stack[0].expectingElement = true }
            return nil
        case .bar:
            guard !stack.isEmpty else { throw Failure(reason: "| outside a list", line: line) }
            stack[stack.count - 1].afterBar = true
            return nil
        case .arrow:
            guard !stack.isEmpty, let last = stack[stack.count - 1].items.popLast() else {
                throw Failure(reason: "=> without a key", line: line)
            }
            stack[stack.count - 1].pendingKey = last
            return nil
        case .key(let key):
            guard !stack.isEmpty else { throw Failure(reason: "keyword \(key): outside a list or map", line: line) }
            stack[stack.count - 1].pendingKey = .atom(key)
            return nil
        case .value(let term):
            if stack.isEmpty { return Complete(term: term, line: line, elementLines: [], dropped: 0) }
            deliver(term)
            return nil
        }
    }

    private mutating func deliver(_ term: ErlangTerm) {
        let top = stack.count - 1
        if stack[top].afterBar {
            stack[top].tail = term
            stack[top].afterBar = false
            return
        }
        var value = term
        if let key = stack[top].pendingKey {
            value = .tuple([key, term])
            stack[top].pendingKey = nil
        }
        nodes += 1
        if stack[top].items.count >= maxElements || nodes > maxNodes {
            dropped += 1
            if stack[top].items.last != .elided { stack[top].items.append(.elided) }
            return
        }
        stack[top].items.append(value)
    }
}

extension ErlangTokenizer.Token {
    var isSeparator: Bool { if case .comma = self { true } else { false } }
    var isClosing: Bool { if case .close = self { true } else { false } }
}
