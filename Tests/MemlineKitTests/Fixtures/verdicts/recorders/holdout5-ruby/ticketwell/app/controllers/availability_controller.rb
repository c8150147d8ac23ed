# GET /events/:id/availability: the seat picker's full availability grid for the event's venue, every seat with
# its section, row, price tier and hold state, as one JSON document (arenas have 40-80k seats). Nothing is kept.
class AvailabilityController < ApplicationController
  SECTIONS = %w[Floor-A Floor-B Lower-101 Lower-102 Lower-103 Lower-104 Upper-201 Upper-202 Upper-203 Balcony].freeze

  def show
    query(8 + rand * 12, 20)
    seats = 40_000 + params["id"].to_i % 5 * 10_000
    grid = Array.new(seats) do |i|
      sec = SECTIONS[i % SECTIONS.size]
      %({"seat":"#{sec}/#{i / 40 % 60}/#{i % 40}","state":"#{i % 7 == 0 ? "held" : "open"}","tier":"#{%w[A B C D][i % 4]}",) +
        %("price_cents":#{4_900 + i % 13 * 500},"accessible":#{i % 97 == 0},"note":"#{"-" * 60}"})
    end
    doc = "{\"event\":#{params["id"]},\"seats\":[#{grid.join(",")}]}"
    "#{doc.bytesize} bytes"
  end
end
