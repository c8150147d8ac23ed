# Brambleton's traffic: a Poisson stream of RATE requests/s (default 11) for SECONDS over 4 client threads:
# GET /books/:id 52%, GET /search?q= 27% (queries mostly unique: typed prefixes of many titles), POST
# /covers/:isbn/thumbnail 14%, GET /health 7%.
require "net/http"
require "securerandom"
port, seconds = Integer(ARGV[0]), Float(ARGV[1])
rate = Float(ENV.fetch("RATE", "11"))
deadline = Time.now + seconds
q = Queue.new
words = %w[river moss lantern harbour quiet orchard winter glass ember meadow cobalt finch tide willow sparrow hollow]
clients = Array.new(4) do
  Thread.new do
    http = Net::HTTP.new("127.0.0.1", port); http.read_timeout = 30; http.start
    while (req = q.pop)
      verb, path = req
      r = verb == "POST" ? Net::HTTP::Post.new(path) : Net::HTTP::Get.new(path)
      r["X-Request-Id"] = SecureRandom.uuid
      r.body = "{}" if verb == "POST"
      begin
        http.request(r)
      rescue StandardError
        http = Net::HTTP.new("127.0.0.1", port).tap(&:start)
      end
    end
  end
end
rng = Random.new(1313)
until Time.now > deadline
  x = rng.rand(100)
  q << if x < 52 then ["GET", "/books/#{rng.rand(10_000..99_999)}"]
       elsif x < 79 then ["GET", "/search?q=#{words.sample(random: rng)}+#{words.sample(random: rng)}+#{rng.rand(1000)}"]
       elsif x < 93 then ["POST", "/covers/978#{rng.rand(10**9..10**10 - 1)}/thumbnail"]
       else ["GET", "/health"]
       end
  sleep(-Math.log(1 - rng.rand) / rate)
end
4.times { q << nil }
clients.each(&:join)
