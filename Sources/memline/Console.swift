import Foundation
import MemlineKit

/// Where the CLI writes: data to stdout, everything else to stderr.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("memline: \(message)\n".utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
