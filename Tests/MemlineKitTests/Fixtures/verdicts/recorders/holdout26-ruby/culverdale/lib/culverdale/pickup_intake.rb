module Culverdale
  # A tanker driver's handheld posts the farms it collected from on one route stop: litres, temperature.
  module PickupIntake
    module_function

    def record(body)
      params = body.split("&").map { |kv| kv.split("=", 2) }.to_h
      farms = params.select { |k, _| k.start_with?("farm") }.map do |_, v|
        farm, litres, temp = v.split(":")
        # the handheld's probe log for this stop: one reading per 30 litres pumped, checked for a warm spell
        probe = Array.new(litres.to_i / 30) { |i| format("%s:%04d:%.2f", farm, i, temp.to_f + (i % 7) / 100.0) }
        warm = probe.count { |r| r.end_with?(".06") }
        { farm: farm.to_i, litres: litres.to_i, temp_c: temp.to_f, graded: temp.to_f <= 4.0 && warm < 60 ? "A" : "B",
          sample: "S#{farm}-#{litres}".ljust(24, "0") }
      end
      { tanker: params["tanker"], route: params["route"], accepted: farms.size, litres: farms.sum { |f| f[:litres] } }
    end
  end
end
