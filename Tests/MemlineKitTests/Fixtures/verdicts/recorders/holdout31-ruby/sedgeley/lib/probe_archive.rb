# Cold-room probe archive: each probe's readings go out as a deflate stream per probe and archive batch, flushed
# in chunks to the archive files (SO-297). A batch's streams are finished when the batch rolls over.
require "zlib"

module ProbeArchive
  OPEN = {}
  LOCK = Mutex.new

  def self.append(probe, batch, text, io)
    z = LOCK.synchronize { OPEN["#{probe}:#{batch}"] ||= Zlib::Deflate.new(Zlib::BEST_COMPRESSION, Zlib::MAX_WBITS, Zlib::MAX_MEM_LEVEL) }
    io << z.deflate(text, Zlib::SYNC_FLUSH)
  end

  # Called when a batch rolls over. Batches are stamped by the job (its jid), so a batch never comes back and
  # this never finds the previous one.
  def self.roll(probe, batch)
    LOCK.synchronize do
      old = OPEN.delete("#{probe}:#{batch.to_i - 1}")
      old&.close
    end
  end
end
