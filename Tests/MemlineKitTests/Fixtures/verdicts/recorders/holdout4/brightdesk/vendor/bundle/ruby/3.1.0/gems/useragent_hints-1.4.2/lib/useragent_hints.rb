# useragent_hints 1.4.2 (vendored): client hints for every request (browser, platform, locale, dark mode).
require_relative "useragent_hints/memo"

module UseragentHints
  def self.for(env)
    Memo.lookup(env)
  end
end
