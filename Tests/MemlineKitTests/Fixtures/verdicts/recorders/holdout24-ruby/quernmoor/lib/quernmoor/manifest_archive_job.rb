require "fiddle"
require "zlib"

module Quernmoor
  # Archives a delivery manifest: the manifest is staged in a native buffer for the label packer (QM-97), then
  # deflated to the archive. The staging buffer comes from Fiddle::Pointer.malloc without a free function, so nothing
  # ever frees it: the Ruby Pointer object is collected, the malloc'd memory is not.
  class ManifestArchiveJob
    def perform(manifest_id)
      body = build_manifest(manifest_id)
      staging = Fiddle::Pointer.malloc(body.bytesize)
      staging[0, body.bytesize] = body
      Zlib::Deflate.deflate(staging.to_s(body.bytesize), 6).bytesize
    end

    def build_manifest(id)
      lines = Array.new(9_000) { |i| "#{id},#{i},sack-#{(i * 7) % 400},#{(i * 13) % 50}kg,#{%w[flour bran semolina wholemeal][i % 4]}" }
      lines.join("\n").ljust(3_000_000, " ")
    end
  end
end
