/// How the user ran memline, so that printed hints ("Next: …") can be pasted back as they are.
public struct Invocation: Sendable, Equatable {
    /// The command to type: `memline`, `./memline`, `swift run memline`.
    public var command: String

    /// Reads the command from the program's first argument.
    ///
    /// A bare name (found on `PATH`) is used as it is; an absolute path inside a SwiftPM build folder (`.build/…`) is
    /// how `swift run` starts a product, so the hint is `swift run memline`; any other path is kept as the user typed
    /// it (`.build/debug/memline`, `./memline`).
    ///
    /// ```swift
    /// Invocation(argument0: "/src/memline/.build/debug/memline").command  // "swift run memline"
    /// ```
    /// - Parameter argument0: `CommandLine.arguments[0]`.
    public init(argument0: String) {
        if !argument0.contains("/") {
            command = argument0.isEmpty ? "memline" : argument0
        } else if argument0.hasPrefix("/"), argument0.contains("/.build/") {
            command = "swift run memline"
        } else {
            command = ShellQuoting.quoted(argument0)
        }
    }
}
