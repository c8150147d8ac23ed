# Stores one farm tank's temperature reading (sent by the tank telemetry every few minutes).
class TankReadingJob
  def perform(rng)
    "tank FARM-#{rng.rand(1..900)} #{(3 + rng.rand * 2).round(2)}C"
  end
end
