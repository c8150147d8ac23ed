require "zlib"

module Marrowfield
  # Finance's consumption export: every meter's daily reads for the quarter (~1M rows, ~40 MB of CSV), built in
  # memory, gzipped and sent (MF-64, slow: 3-4 s). The raw CSV buffer is cleared once gzipped; nothing is kept after
  # the response.
  module ConsumptionExport
    def self.build(seed)
      rng = Random.new(seed)
      csv = +"meter_id,serial,day,litres,zone\n"
      1_000_000.times do |i|
        csv << "#{i % 20_000},MF#{(i * 7919) % 10**8},2026-#{format("%02d", i % 12 + 1)}-#{format("%02d", i % 28 + 1)},#{rng.rand(5000) / 10.0},DMA-#{i % 40}\n"
      end
      gz = Zlib.gzip(csv, level: 9)
      csv.clear
      gz
    end
  end
end
