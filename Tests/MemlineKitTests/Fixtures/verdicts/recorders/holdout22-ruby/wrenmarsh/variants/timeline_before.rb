module Wrenmarsh
  module Timeline
    module_function

    def render(id, locale)
      events = Array.new(48) { |i| "<li data-locale=\"#{locale}\">#{Time.at(1_700_000_000 + id * 60 + i * 900).utc} scan #{i} at depot #{(id + i) % 8}</li>" }
      "<ol class=\"timeline\">#{events.join}</ol>" + "<!-- map tiles -->" + "t" * 200_000
    end
  end
end
