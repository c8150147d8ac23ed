import Foundation

/// Quotes words for a POSIX shell, so printed commands can be pasted.
public enum ShellQuoting {
    /// `word` unchanged when it holds only safe characters, else in single quotes (`'` written as `'\''`).
    ///
    /// - Parameter word: one argument.
    /// - Returns: the argument as a shell reads it back.
    public static func quoted(_ word: String) -> String {
        let safe = word.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "/", ".", "-", "_", "+", ":", ",", "=", "@", "%": return true
            default: return false
            }
        }
        if safe && !word.isEmpty { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
