module UseragentHints
  # Memoises parsed hints "so a browser is parsed once". The key includes the request's X-Request-Id (added in
  # 1.4.0 for tracing), so no key is ever seen twice and nothing is evicted.
  module Memo
    TABLE = {}

    def self.lookup(env)
      key = [env["HTTP_USER_AGENT"], env["HTTP_ACCEPT_LANGUAGE"], env["HTTP_X_REQUEST_ID"]].join("|")
      TABLE[key] ||= parse(env)
    end

    def self.parse(env)
      ua = env["HTTP_USER_AGENT"]
      {
        "browser" => ua.split("/").first.dup,
        "tokens" => ua.split(/[ ;()]+/).map { |t| "#{t}:#{t.bytesize}" },
        "languages" => env["HTTP_ACCEPT_LANGUAGE"].split(",").map { |l| l.strip + ";parsed" },
        "raw" => ua * 24,
        "fingerprint" => Array.new(12) { |i| "#{env["HTTP_X_REQUEST_ID"]}-#{i}-" + ("f" * 600) }
      }
    end
  end
end
