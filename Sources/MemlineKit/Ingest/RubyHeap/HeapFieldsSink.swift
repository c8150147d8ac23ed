/// A sink that stores heap objects straight from a dump line's fields, with no `HeapObject` in between.
///
/// `RubyHeapParser` hands such a sink each object and its references (addresses, in dump order) in
/// place of `.heapObject` and `.heapRef` records; both are valid only during the call.
protocol HeapFieldsSink: AnyObject {
    func emitHeapObject(_ fields: HeapLineFields, references: UnsafeBufferPointer<Int64>) throws
}
