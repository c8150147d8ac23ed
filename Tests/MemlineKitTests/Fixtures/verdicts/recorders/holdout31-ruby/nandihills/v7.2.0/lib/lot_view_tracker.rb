# NH-233 (v7.2.0): remembers recent views of each lot for the "trending lots" tile on the sale page: who looked, from
# where, and the lot card they saw (so the tile shows what the buyer saw). Last 20 views per lot.
class LotViewTracker
  PER_LOT = 20
  VIEWS = {}
  LOCK = Mutex.new

  def initialize(app)
    @app = app
  end

  def call(env)
    status, headers, body = @app.call(env)
    if (lot = env["PATH_INFO"][%r{\A/lots/(\d+)\z}, 1])
      view = { at: Time.now, ip: env["HTTP_X_FORWARDED_FOR"].to_s.dup, agent: env["HTTP_USER_AGENT"].to_s.dup,
               card: body.join.dup, headers: env.select { |k, _| k.start_with?("HTTP_") }.transform_values { |v| v.to_s.dup } }
      tracked = LOCK.synchronize do
        list = (VIEWS[lot.to_i] ||= [])
        list << view
        list.shift while list.size > PER_LOT
        VIEWS.size
      end
      NandiHills.log(env["nandihills.rid"], "  LotViewTracker recorded view of lot #{lot} (#{tracked} lots tracked)")
    end
    [status, headers, body]
  end
end
