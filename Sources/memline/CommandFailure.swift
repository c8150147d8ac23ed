import ArgumentParser
import Foundation
import MemlineKit

/// Splits a library error into a usage error (exit 64, with the usage banner) and a runtime failure (exit 1).
///
/// Missing data is not a usage error: the command was typed right, the database lacks what it reads. A database
/// that must be written and cannot (a read-only folder or medium) exits 73, sysexits' `EX_CANTCREAT`: the same
/// command works on a writable copy.
enum CommandFailure {
    /// The exit status of a command that needs to write a database it cannot write.
    static let readOnlyStatus: Int32 = 73

    /// Prints `message` as `memline: …` and returns the error to throw: `ValidationError` or `ExitCode.failure`.
    static func error(_ message: String, usage: Bool) -> any Error {
        if usage { return ValidationError(message) }
        Console.error(message)
        return ExitCode.failure
    }

    /// Prints any runtime error as `memline: …` and returns the exit status to throw: 73 when the database cannot
    /// be written, else 1.
    static func runtime(_ error: any Error) -> any Error {
        Console.error(error.localizedDescription)
        if let store = error as? StoreError, store.isReadOnlyDatabase { return ExitCode(readOnlyStatus) }
        return ExitCode.failure
    }

    /// A heap command's error.
    static func heap(_ error: HeapError) -> any Error {
        Self.error(error.localizedDescription, usage: error.isUsageError)
    }

    /// A profile command's error.
    static func profile(_ error: ProfileError) -> any Error {
        Self.error(error.localizedDescription, usage: error.isUsageError)
    }
}
