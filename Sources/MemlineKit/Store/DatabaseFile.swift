import Foundation
import GRDB

/// Whether memline may write an incident database file, and how it reads one it may not write.
///
/// SQLite in WAL mode writes two files beside the database (`-wal`, `-shm`), so a database is writable only when
/// the file and its folder both are. A database in a read-only folder, on a read-only medium or owned by someone
/// else is opened with SQLite's `immutable=1` URI parameter instead: no lock, no side file, no write. That is only
/// sound while no write-ahead log holds pages the file lacks, so a database beside a non-empty `-wal` is opened
/// read-only the ordinary way, which works when its `-shm` exists and fails otherwise.
enum DatabaseFile {
    /// True when `path` exists and cannot be written, or its folder exists and cannot be written (for a file that
    /// does not exist yet: its folder). A folder that does not exist is not read-only: it is missing.
    ///
    /// `access(2)` answers for the effective user: root may write a `chmod 555` folder, but not an immutable one
    /// (`chattr +i`) nor one on a read-only mount.
    static func isReadOnly(_ path: String) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        if access(folder.isEmpty ? "." : folder, W_OK) != 0, errno != ENOENT { return true }
        return FileManager.default.fileExists(atPath: path) && access(path, W_OK) != 0
    }

    /// A read-only connection to a database that cannot be written, leaving no file behind.
    /// - Throws: `StoreError.unreadableLog` when its write-ahead log cannot be read without writing beside it.
    static func readOnlyQueue(path: String, configuration: Configuration) throws -> DatabaseQueue {
        var config = configuration
        config.readonly = true
        guard hasWriteAheadLog(path) else {
            return try DatabaseQueue(path: immutableURI(path), configuration: config)
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            // SQLite opens the -shm at the first read; fail here, with a message, rather than in a command.
            try queue.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return queue
        } catch let error as DatabaseError
            where [.SQLITE_CANTOPEN, .SQLITE_IOERR, .SQLITE_READONLY].contains(error.resultCode)
        {
            throw StoreError.unreadableLog(path: path)
        }
    }

    /// True when `path-wal` holds frames: pages that may not be in the database file yet.
    static func hasWriteAheadLog(_ path: String) -> Bool {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path + "-wal")
        return ((attributes?[.size] as? NSNumber)?.int64Value ?? 0) > 0
    }

    /// `file:PATH?immutable=1`, with the characters a URI gives meaning to (`%`, `?`, `#`) escaped.
    ///
    /// SQLite reads URI file names when built with `SQLITE_USE_URI`, as Debian's libsqlite3 is (`PRAGMA
    /// compile_options`); GRDB's shared in-memory databases (`file:NAME?mode=memory`) rely on it too.
    static func immutableURI(_ path: String) -> String {
        var escaped = ""
        for character in path {
            switch character {
            case "%": escaped += "%25"
            case "?": escaped += "%3F"
            case "#": escaped += "%23"
            default: escaped.append(character)
            }
        }
        // An absolute path keeps an empty authority (`file:///…`), so `//host/…` is never read as a host.
        let prefix = escaped.hasPrefix("/") ? "file://" : "file:"
        return prefix + escaped + "?immutable=1"
    }
}
