# frozen_string_literal: true

# GET /workspaces/:id/export.zip: every document of the workspace rendered to Markdown and packed in memory (the
# "zip" is the concatenation), then sent. Big, but nothing outlives the request.
module Quillpad
  module Workspaces
    class ExportsController
      def show(id)
        docs = Array.new(4_000) do |d|
          Array.new(60) { |b| "## Block #{b} of document #{d} in workspace #{id}\n\nLorem ipsum dolor sit amet #{b * d}.\n" }
        end
        files = docs.each_with_index.map { |blocks, d| ["doc-#{d}.md", blocks.join] }
        archive = files.map { |name, body| "#{name}\0#{body}" }.join("\0\0")
        { workspace: id, bytes: archive.bytesize, files: files.size }.to_json
      end
    end
  end
end
