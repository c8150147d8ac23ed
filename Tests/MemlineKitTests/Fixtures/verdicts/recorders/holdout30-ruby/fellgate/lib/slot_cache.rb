# Per-worker LRU of rendered appointment cards (FV-150): at most MAX entries, least recently used evicted.
class SlotCache
  MAX = 32

  def initialize = (@h = {}; @lock = Mutex.new)

  def fetch(key)
    @lock.synchronize do
      if @h.key?(key)
        v = @h.delete(key)
        return @h[key] = v
      end
      v = yield
      @h[key] = v
      @h.delete(@h.first[0]) while @h.size > MAX
      v
    end
  end

  def size = @h.size
end
