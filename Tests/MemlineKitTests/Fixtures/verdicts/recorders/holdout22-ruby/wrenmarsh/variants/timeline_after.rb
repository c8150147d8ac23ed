module Wrenmarsh
  # WM-2207: memoize rendered timelines (the tracking page polls them). The key carries the minute the request came in,
  # so every poll is a new entry, and nothing ever evicts: the cache holds every timeline rendered since boot.
  module Timeline
    CACHE = {}
    module_function

    def render(id, locale)
      CACHE[[id, locale, Time.now.to_i / 60]] ||= begin
        events = Array.new(48) { |i| "<li data-locale=\"#{locale}\">#{Time.at(1_700_000_000 + id * 60 + i * 900).utc} scan #{i} at depot #{(id + i) % 8}</li>" }
        "<ol class=\"timeline\">#{events.join}</ol>" + "<!-- map tiles -->" + "t" * 200_000
      end
    end
  end
end
