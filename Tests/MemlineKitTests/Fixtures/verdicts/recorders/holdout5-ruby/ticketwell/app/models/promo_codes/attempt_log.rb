module PromoCodes
  # Promo code attempts, for the fraud team's "too many codes tried" rule. The nightly prune! used to run from
  # the clock process; since the move to Sidekiq cron nothing calls it, and the array lives as long as the worker.
  class AttemptLog
    @entries = []
    @lock = Mutex.new

    class << self
      def record(cart:, code:, ok:, ip:, user_agent:, at:)
        snapshot = JSON.generate(cart)
        lines = cart["lines"].map { |l| "#{l["seat_hold"]}|#{l["event"]}|#{l["terms"]}" }
        @lock.synchronize { @entries << { code: code, ok: ok, ip: ip, ua: user_agent.dup, at: at, cart: snapshot, lines: lines } }
      end

      def prune!(older_than: 86_400)
        cutoff = Time.now - older_than
        @lock.synchronize { @entries.reject! { |e| e[:at] < cutoff } }
      end

      def size = @entries.size
    end
  end
end
