# The next day's bake sheet for the ovens as a PDF: every wholesale order line laid out per oven and tray.
module BakeSheet
  def self.pdf
    trays = Array.new(45_000) { |i| "tray #{i} oven #{i % 6} #{Cresswell::PRODUCTS[i % 500]["name"]} x#{1 + i % 24} #{"_" * 90}" }
    pages = trays.each_slice(60).map { |s| "BT /F1 9 Tf #{s.join(" Tj T* ")} ET" }
    "%PDF-1.4\n" + pages.join("\n").byteslice(0, 200_000)
  end
end
