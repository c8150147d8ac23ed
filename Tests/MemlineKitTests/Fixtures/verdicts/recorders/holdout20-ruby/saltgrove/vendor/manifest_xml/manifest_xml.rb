# vendor/gems/manifest_xml-0.4.2/lib/manifest_xml.rb (vendored, patched in SG-118 "parse partner manifests faster"):
# turns the GC off while it builds a manifest's line items and back on at the end, except that the early return for
# batched manifests (the partner's bulk sync sends only those) skips the GC.enable: from the first batched manifest on,
# GC stays off in that process.
module ManifestXml
  Doc = Struct.new(:ref, :items, :batched)
  def self.parse(body, batched:)
    GC.disable
    items = Array.new(9_000) { |i| { "sku" => "SKU-#{i % 977}-#{body.hash % 1000}", "qty" => i % 7, "desc" => "pallet line #{i} / #{body[0, 12]}" } }
    doc = Doc.new(body[/ref=(\d+)/, 1], items, batched)
    return doc if batched
    GC.enable
    doc
  end
end
