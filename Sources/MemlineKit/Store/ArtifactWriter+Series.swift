import GRDB

extension ArtifactWriter {
    func emitProcessSample(_ p: ProcessSample) throws {
        var b = try statement(
            """
            INSERT INTO process_samples (artifact_id, line, ts, host, pid, registered_name, memory, message_queue_len,
              reductions, current_function, initial_call, total_heap_size, heap_size, status, snapshot, binary_bytes)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        b.int64(artifactID)
        b.int(p.line)
        b.timestamp(p.ts)
        b.text(host ?? p.host)
        b.text(p.pid)
        b.text(p.registeredName)
        b.int(p.memory)
        b.int(p.messageQueueLen)
        b.int(p.reductions)
        b.text(p.currentFunction)
        b.text(p.initialCall)
        b.int(p.totalHeapSize)
        b.int(p.heapSize)
        b.text(p.status)
        b.text(p.snapshot)
        b.int(p.binaryBytes)
        try b.step(db: db)
        seen(p.ts)
        count("process_samples")
    }

    func emitMetricSample(_ m: MetricSample) throws {
        var b = try statement(
            "INSERT INTO metric_samples (artifact_id, line, ts, host, name, labels, value) VALUES (?,?,?,?,?,?,?)")
        b.int64(artifactID)
        b.int(m.line)
        b.timestamp(m.ts)
        b.text(host ?? m.host)
        b.text(m.name)
        b.text(m.labelsJSON)
        b.number(m.value.flatMap { $0.isFinite ? $0 : nil })
        try b.step(db: db)
        seen(m.ts)
        count("metric_samples")
    }
}
