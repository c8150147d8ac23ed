# frozen_string_literal: true

module Quillpad
  class DocumentsController
    def show(id)
      blocks = Array.new(300) { |i| { "type" => i % 7 == 0 ? "heading" : "paragraph", "text" => "Block #{i} of document #{id} " * 4 } }
      html = blocks.map { |b| "<#{b["type"] == "heading" ? "h2" : "p"}>#{b["text"]}</p>" }.join
      { id: id, bytes: html.bytesize }.to_json
    end

    def autosave(id, body)
      ops = JSON.parse(body.empty? ? "[]" : body)
      diff = ops.map { |op| op.to_a.flatten.join(":") }.join("\n")
      { id: id, saved: diff.bytesize }.to_json
    end

    def revisions(id)
      revs = Array.new(80) { |i| { "rev" => i, "author" => "user #{(id + i) % 90}", "summary" => "edited block #{i * 3}" } }
      revs.to_json
    end

    def search(q)
      hits = Array.new(1_200) { |i| "document #{i} matching #{q} in workspace #{i % 37}" }.select { |s| s.hash.even? }
      { q: q, hits: hits.first(20) }.to_json
    end
  end
end
