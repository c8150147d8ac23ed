# Sedgeley Orchards: archive the last few seconds of every cold-room probe (temperature, CO2, humidity) as deflate
# chunks appended to the day's archive file. Runs every 6 s on the archive queue.
require "probe_archive"

class ProbeArchiveJob
  PROBES = %w[cr1-temp cr1-co2 cr2-temp cr2-co2 cr3-temp cr3-hum cr4-temp cr4-hum cr5-temp cr5-co2 cr6-temp cr6-hum].freeze

  def perform
    batch = "#{Time.now.strftime("%H%M%S")}-#{rand(1000)}"
    File.open("/srv/sedgeley/tmp/archive-#{Time.now.strftime("%F")}.z", "ab") do |io|
      PROBES.each do |probe|
        ProbeArchive.roll(probe, batch)
        text = Array.new(2_600) { |i| "#{probe},#{Time.now.to_i - i},#{"%.2f" % (1.0 + Math.sin(i) * 0.4)},#{rand(10_000)}\n" }.join
        ProbeArchive.append(probe, batch, text, io)
      end
    end
    PROBES.size
  end
end
