import Foundation

/// Reads `kubectl get events -o json` and `kubectl get pod(s) -o json` (also `jq .items` arrays and the
/// concatenated objects of `-w -o json`) into events (`KubernetesObject` says which).
///
/// The JSON arrives pretty-printed over many lines; `JSONItemSplitter` cuts one object at a time out of the
/// stream, so memory is bounded by the largest object, not the file. Each object's rows point at the line
/// where it starts. An object that is not valid JSON, too big, or cut off at the end of the file is skipped
/// with the reason.
struct KubernetesParser: LineParser {
    let context: ParseContext
    private var splitter = JSONItemSplitter()

    init(context: ParseContext) {
        self.context = context
    }

    mutating func parse(bytes: UnsafeBufferPointer<UInt8>, number: Int, into sink: any RowSink) throws {
        let context = self.context
        try splitter.feed(bytes, line: number) { item in
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: Data(item.bytes))
            } catch {
                try sink.skip(
                    line: item.firstLine,
                    reason: "expected a JSON object (lines \(item.firstLine)-\(item.lastLine)): "
                        + "\(error.localizedDescription)", text: "")
                return
            }
            guard let dictionary = object as? [String: Any] else { return }
            switch KubernetesObject.events(from: dictionary, line: item.firstLine, context: context) {
            case .success(let events):
                for event in events { try sink.emit(.event(event)) }
            case .failure(let failure):
                try sink.skip(line: item.firstLine, reason: failure.reason, text: "")
            }
        }
    }

    mutating func finish(into sink: any RowSink) throws {
        for line in splitter.oversized {
            try sink.skip(
                line: line,
                reason: "Kubernetes object larger than \(JSONItemSplitter.maxObjectBytes >> 20) MiB; "
                    + "not read", text: "")
        }
        if let line = splitter.unfinished {
            try sink.skip(line: line, reason: "JSON object cut off at the end of the file (truncated?)", text: "")
        }
    }
}
