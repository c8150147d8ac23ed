/// The regular expression of `memline record --match`, compiled once and searched in each command line.
///
/// The pattern uses Swift `Regex` syntax (Perl-like: `[0-9]+`, `\d`, `^`, `$`, `(a|b)`, `(?i)` for any
/// case) and, like `pgrep -f`, may match anywhere in the full command line: `/proc/PID/cmdline` with the
/// NULs between arguments read as spaces. Anchor it (`^puma: cluster worker`) to match from the start.
/// ```swift
/// let pattern = try ProcessPattern("puma: cluster worker [0-9]+")
/// pattern.matches("puma: cluster worker 3: 4242 [app]")  // true
/// ```
public struct ProcessPattern {
    /// The pattern as typed.
    public let text: String
    private let regex: Regex<AnyRegexOutput>

    /// Compiles `text`.
    /// - Throws: `RecordError.invalidPattern` with the compiler's reason when `text` is not a regular
    ///   expression, or is empty.
    public init(_ text: String) throws(RecordError) {
        guard !text.isEmpty else { throw RecordError.invalidPattern(text, reason: "it is empty") }
        do {
            regex = try Regex(text)
        } catch {
            throw RecordError.invalidPattern(text, reason: String(describing: error))
        }
        self.text = text
    }

    /// True when the pattern matches somewhere in `commandLine`.
    public func matches(_ commandLine: String) -> Bool {
        commandLine.contains(regex)
    }
}
