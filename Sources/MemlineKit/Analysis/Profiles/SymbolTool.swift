import Foundation

/// Runs the toolchain's symbolizer on one file as a subprocess, in batches of addresses.
///
/// `addr2line -a -f -C -i -e FILE ADDR…` (binutils) prints, for each address, the address, then a function
/// and `file:line` pair for the function and for each function it is inlined into. `llvm-symbolizer`
/// prints the pairs for each address followed by a blank line. Where neither names a function (a stripped
/// library), the nearest preceding symbol from `nm -C -n -S` (or `nm -D` for the dynamic table) is used,
/// as jeprof does. Offsets are the file's own addresses (the mapping's offset already applied).
struct SymbolTool {
    enum Kind: Sendable { case addr2line, llvmSymbolizer }

    /// One function at an offset: innermost first when inlined.
    struct Frame: Equatable {
        var function: String?
        var location: String?
        var tool: String
    }

    let kind: Kind
    let executable: String
    let nm: String?
    /// Addresses per subprocess.
    var batchSize = 500

    /// The first of addr2line, llvm-symbolizer found on PATH, or nil.
    static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> SymbolTool? {
        let nm = which("nm", environment: environment)
        if let path = which("addr2line", environment: environment) {
            return SymbolTool(kind: .addr2line, executable: path, nm: nm)
        }
        if let path = which("llvm-symbolizer", environment: environment) {
            return SymbolTool(kind: .llvmSymbolizer, executable: path, nm: nm)
        }
        return nil
    }

    static func which(_ name: String, environment: [String: String]) -> String? {
        let dirs = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for dir in dirs {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    var name: String { kind == .addr2line ? "addr2line" : "llvm-symbolizer" }

    /// Symbolizes `offsets` in `file`: every offset gets at least one frame (function nil when unknown).
    func symbolize(file: String, offsets: [Int64]) throws -> [Int64: [Frame]] {
        var result: [Int64: [Frame]] = [:]
        var start = 0
        while start < offsets.count {
            let batch = Array(offsets[start..<min(start + batchSize, offsets.count)])
            start += batch.count
            let hex = batch.map { "0x" + String(UInt64(bitPattern: $0), radix: 16) }
            let arguments: [String]
            switch kind {
            case .addr2line: arguments = ["-a", "-f", "-C", "-i", "-e", file] + hex
            case .llvmSymbolizer: arguments = ["--demangle", "--inlining", "--obj=\(file)"] + hex
            }
            let output = try Self.run(executable, arguments, file: file, tool: name)
            let parsed = kind == .addr2line ? parseAddr2line(output) : parseLLVM(output, count: batch.count)
            for (i, offset) in batch.enumerated() where i < parsed.count { result[offset] = parsed[i] }
        }
        let unnamed = offsets.filter { result[$0]?.first?.function == nil }
        if !unnamed.isEmpty, let nm {
            let table = try NMTable.load(file: file, nm: nm)
            for offset in unnamed {
                if let name = table.lookup(offset) {
                    result[offset] = [Frame(function: name, location: result[offset]?.first?.location, tool: "nm")]
                }
            }
        }
        return result
    }

    /// `0x…` address lines open each address's group; pairs of function and location follow.
    private func parseAddr2line(_ output: String) -> [[Frame]] {
        var groups: [[Frame]] = []
        var pendingFunction: String?
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("0x") {
                groups.append([])
                pendingFunction = nil
                continue
            }
            guard !groups.isEmpty, !line.isEmpty else { continue }
            if let function = pendingFunction {
                groups[groups.count - 1].append(frame(function: function, location: String(line)))
                pendingFunction = nil
            } else {
                pendingFunction = String(line)
            }
        }
        return groups
    }

    /// Pairs of lines per frame; a blank line ends an address.
    private func parseLLVM(_ output: String, count: Int) -> [[Frame]] {
        var groups: [[Frame]] = [[]]
        var pendingFunction: String?
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty {
                if !(groups.last?.isEmpty ?? true) { groups.append([]) }
                pendingFunction = nil
                continue
            }
            if let function = pendingFunction {
                groups[groups.count - 1].append(frame(function: function, location: String(line)))
                pendingFunction = nil
            } else {
                pendingFunction = String(line)
            }
        }
        return Array(groups.filter { !$0.isEmpty }.prefix(count))
    }

    private func frame(function: String, location: String) -> Frame {
        let unknownLocation = location.hasPrefix("??") || location.isEmpty
        var place = unknownLocation ? "?" : location
        // llvm-symbolizer adds :column.
        if kind == .llvmSymbolizer, !unknownLocation {
            let parts = place.split(separator: ":")
            if parts.count >= 3, Int(parts[parts.count - 1]) != nil, Int(parts[parts.count - 2]) != nil {
                place = parts.dropLast().joined(separator: ":")
            }
        }
        return Frame(function: function == "??" ? nil : function, location: place, tool: name)
    }

    /// Runs a tool and returns its standard output; a non-zero exit is an error with its standard error.
    static func run(_ executable: String, _ arguments: [String], file: String, tool: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read standard error on another thread so neither pipe can fill up and block the tool.
        let errors = ErrorBuffer()
        let errHandle = err.fileHandleForReading
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errors.data = errHandle.readDataToEndOfFile()
            done.signal()
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        done.wait()
        guard process.terminationStatus == 0 else {
            throw ProfileError.toolFailed(
                tool: tool, file: file, status: process.terminationStatus,
                message: String(decoding: errors.data, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Standard error of a subprocess, filled by a reader thread.
private final class ErrorBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var storage = Data()

    var data: Data {
        get { lock.withLock { storage } }
        set { lock.withLock { storage = newValue } }
    }
}
