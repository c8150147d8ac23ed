# ParcelLabelJob: renders the 4x6 shipping label for one parcel and uploads the ZPL. HM-171 ("reuse the canvas for
# the return label") replaced `LabelCanvas.open { ... }` by an explicit canvas that the return-label branch was meant
# to close; the branch never runs for outbound parcels, so every canvas stays open.
require "hollowmere/label_canvas"

class ParcelLabelJob
  def perform(parcel_id, carrier)
    canvas = Hollowmere::LabelCanvas.new
    canvas.draw("#{carrier.upcase} #{parcel_id} HOLLOWMERE DC-2", "1Z#{parcel_id.to_s.rjust(12, "0")}")
    zpl = canvas.to_zpl
    sleep 0.02 # upload to the print server
    zpl.bytesize
  end
end
