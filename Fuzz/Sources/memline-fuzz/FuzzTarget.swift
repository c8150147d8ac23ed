import Foundation
import MemlineKit

/// libFuzzer's entry point: one input through one reader, or through every reader when none is chosen.
///
/// `MEMLINE_FUZZ_FORMAT` names the reader (a line format of `memline formats`, or `prometheus-protobuf`). A trap, a
/// crash or a sanitizer report is a finding; thrown errors are the readers' normal way to refuse input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for format in FuzzFormats.chosen {
        FuzzFormats.run(format, on: bytes)
    }
    return 0
}

/// The readers to fuzz, chosen once per process.
enum FuzzFormats {
    enum Reader {
        case line(ArtifactFormat)
        case binary(BinaryFormat)
    }

    static let chosen: [Reader] = {
        let all = FormatRegistry.all.map(Reader.line) + FormatRegistry.binary.map(Reader.binary)
        guard let name = ProcessInfo.processInfo.environment["MEMLINE_FUZZ_FORMAT"], !name.isEmpty else { return all }
        if let line = FormatRegistry.named(name) { return [.line(line)] }
        if let binary = FormatRegistry.binaryNamed(name) { return [.binary(binary)] }
        FileHandle.standardError.write(Data("unknown MEMLINE_FUZZ_FORMAT '\(name)'\n".utf8))
        exit(2)
    }()

    static func run(_ reader: Reader, on bytes: [UInt8]) {
        let context = ParseContext(sourceName: "fuzz-input", at: Timestamp(milliseconds: 1_795_311_506_000))
        let sink = RowCollector()
        switch reader {
        case .line(let format):
            var parser = format.makeParser(context)
            let lines = LineReader(source: BytesSource(bytes), maxLineBytes: 1 << 20)
            try? lines.forEachLine { line, number in try parser.parse(bytes: line, number: number, into: sink) }
            try? parser.finish(into: sink)
        case .binary(let format):
            _ = try? format.read(context, BytesSource(bytes), sink)
        }
    }
}

/// With `MEMLINE_FUZZ_LIST=1`, prints the readers' names (for fuzz.sh) and exits before fuzzing starts.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    if ProcessInfo.processInfo.environment["MEMLINE_FUZZ_LIST"] == "1" {
        print(FormatRegistry.names.joined(separator: "\n"))
        exit(0)
    }
    _ = FuzzFormats.chosen
    return 0
}

/// libFuzzer's driver, from the `-sanitize=fuzzer` runtime.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// The entry point: SwiftPM links an executable target's `main` to `<module>_main`, which this defines (the target is
/// parsed as a library so that libFuzzer's callbacks can be declared), and hands the arguments to libFuzzer.
@_cdecl("memline_fuzz_main")
public func fuzzMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var count = argc
    var arguments = argv
    return withUnsafeMutablePointer(to: &count) { countPointer in
        withUnsafeMutablePointer(to: &arguments) { argumentsPointer in
            LLVMFuzzerRunDriver(countPointer, argumentsPointer) { data, size in fuzzOneInput(data, size) }
        }
    }
}
