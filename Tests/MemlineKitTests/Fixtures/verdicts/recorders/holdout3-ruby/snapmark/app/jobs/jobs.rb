# frozen_string_literal: true

# Proofs are watermarked when a gallery is published (the native extension), thumbnails are cut, EXIF GPS is
# reverse-geocoded, and each gallery gets a nightly-style digest.
class WatermarkJob
  def perform(proof_id, width)
    meta = { "proof" => proof_id, "width" => width, "studio" => "studio #{proof_id % 40}" }
    sleep(width / 8000.0) # decode and resize in the extension (GVL released)
    Snapmark::Overlay.composite(proof_id, width) + meta.to_json.size
  end
end

class ThumbnailJob
  def perform(photo_id)
    rows = Array.new(900) { |i| "thumb #{photo_id} row #{i} " + ("px" * 40) }
    rows.join.bytesize
  end
end

class GeocodeJob
  def perform(lat, lon)
    place = Snapmark::GeoCache.fetch(lat, lon)
    place["name"].size
  end
end

class GalleryDigestJob
  def perform(gallery)
    photos = Array.new(12_000) { |i| { "id" => i, "gallery" => gallery, "caption" => "photo #{i} of gallery #{gallery}" } }
    photos.map(&:to_json).join("\n").bytesize
  end
end
