# LT-515 (merged last week, "reuse TLS connections to customers' webhook endpoints"): one connection pool per host,
# memoised in a class-level hash for the life of the process. Each pool holds 4 persistent connections with their
# read/write buffers and a TLS session cache. Customers' hosts are nearly all distinct, so the hash only grows.
module Lanthorne
  class PersistentConnection
    def initialize(host)
      @host = host
      @read_buffer = String.new(capacity: 32 * 1024) << ("\0" * 32 * 1024)
      @write_buffer = String.new(capacity: 16 * 1024) << ("\0" * 16 * 1024)
      @tls_session = Array.new(24) { SecureRandom.random_bytes(512) }
      @headers = { "Host" => host, "User-Agent" => "Lanthorne-Webhooks/2.3", "Connection" => "keep-alive" }
    end

    def post(path, body)
      @write_buffer[0, body.bytesize] = body
      sleep 0.03 + rand * 0.05
      204
    end
  end

  class ConnectionPool
    def initialize(size:, &blk) = (@conns = Array.new(size) { blk.call }; @lock = Mutex.new; @i = 0)
    def with = yield(@lock.synchronize { @conns[(@i += 1) % @conns.size] })
  end

  module HttpClients
    @pools = {}
    @lock = Mutex.new
    def self.for(host) = @lock.synchronize { @pools[host] ||= ConnectionPool.new(size: 4) { PersistentConnection.new(host) } }
  end
end
