import Foundation
import MemlineKit

/// Where the CLI writes: data to stdout, everything else to stderr.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(
            Data("memline: \(ControlCharacters.neutralised(message, keepingLayout: true))\n".utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(ControlCharacters.neutralised(message, keepingLayout: true))\n".utf8))
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Report or data output. Control characters from logs are neutralised on a terminal; piped output (CSV, JSON,
    /// a report redirected to a file) is left byte for byte, as its format escapes what it must.
    static func output(_ text: String) {
        let shown = isatty(1) == 1 ? ControlCharacters.neutralised(text, keepingLayout: true) : text
        FileHandle.standardOutput.write(Data(shown.utf8))
    }
}
