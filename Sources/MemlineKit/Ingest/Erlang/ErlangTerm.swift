/// A term as Erlang's `~p` / `io_lib:format` or Elixir's `inspect` prints it.
///
/// Both dialects read into the same shape: Elixir keyword lists (`[memory: 10]`) are lists of
/// `{atom, value}` tuples, `#PID<0.44.0>` is `.pid("<0.44.0>")`, aliases (`Kernel.CLI`) and `:atoms` are atoms,
/// `%{}` and `#{}` maps are maps. What printing elided (`...`, `<<1,...>>`, `[a|...]`) stays as `.elided`.
public indirect enum ErlangTerm: Sendable, Equatable {
    case atom(String)
    case integer(Int)
    case float(Double)
    /// A double-quoted string: an Erlang string (a printable list) or an Elixir binary string.
    case string(String)
    /// An Elixir single-quoted charlist (`'abc'`); in Erlang single quotes make atoms.
    case charlist(String)
    /// `<<…>>`: its segments (integers, strings, `.elided`).
    case binary([ErlangTerm])
    /// `<0.123.0>`, also when printed as Elixir's `#PID<0.123.0>`.
    case pid(String)
    case tuple([ErlangTerm])
    /// A list; `tail` is what follows `|` in an improper list (`[a|b]`, `[a|...]`).
    case list([ErlangTerm], tail: ErlangTerm?)
    /// `#{k => v}`, `%{k: v}`, `%Struct{…}` (`__struct__` first); entries as two-element tuples.
    case map([ErlangTerm])
    /// Values printed in a form that cannot be read back: `#Fun<…>`, `#Ref<…>`, `#Port<…>`, `#Function<…>`.
    case opaque(String)
    /// `...`: what `~P`, `limit:` or the mailbox printing left out.
    case elided

    /// The atom's name, for `.atom`.
    public var atomValue: String? { if case .atom(let a) = self { a } else { nil } }

    public var intValue: Int? { if case .integer(let i) = self { i } else { nil } }

    /// The pid's text (`<0.87.0>`), for `.pid`.
    public var pidValue: String? { if case .pid(let p) = self { p } else { nil } }

    public var elements: [ErlangTerm]? {
        switch self {
        case .tuple(let items): return items
        case .list(let items, _): return items
        default: return nil
        }
    }

    /// The value for `key` in a proplist or keyword list (`[{memory, 10}]`, `[memory: 10]`).
    public func value(for key: String) -> ErlangTerm? {
        guard case .list(let items, _) = self else { return nil }
        for item in items {
            if case .tuple(let pair) = item, pair.count == 2, pair[0].atomValue == key { return pair[1] }
        }
        return nil
    }

    /// Whether every element is a `{atom, value}` pair (a proplist or keyword list) and there is one at least.
    public var isProplist: Bool {
        guard case .list(let items, _) = self, !items.isEmpty else { return false }
        return items.allSatisfy { item in
            if case .tuple(let pair) = item, pair.count == 2, pair[0].atomValue != nil { return true }
            return item == .elided
        }
    }

    /// `{code_server, call, 1}` → `code_server:call/1`.
    public var mfa: String? {
        guard case .tuple(let items) = self, items.count == 3, let m = items[0].atomValue, let f = items[1].atomValue
        else { return nil }
        let arity = items[2].intValue.map(String.init) ?? "?"
        return "\(m):\(f)/\(arity)"
    }
}
