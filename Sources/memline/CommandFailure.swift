import ArgumentParser
import Foundation
import MemlineKit

/// Splits a library error into a usage error (exit 64, with the usage banner) and a runtime failure (exit 1).
///
/// Missing data is not a usage error: the command was typed right, the database lacks what it reads.
enum CommandFailure {
    /// Prints `message` as `memline: …` and returns the error to throw: `ValidationError` or `ExitCode.failure`.
    static func error(_ message: String, usage: Bool) -> any Error {
        if usage { return ValidationError(message) }
        Console.error(message)
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
