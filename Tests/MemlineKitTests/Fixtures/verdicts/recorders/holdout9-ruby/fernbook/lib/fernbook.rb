# Fernbook (independent bookshops' shared web shop): a Rack stand-in for its Rails 7.1 app (production.log tagged
# with the request id).
require "fernbook/base"
require "fernbook/search"

module Fernbook
  ROOT = File.expand_path("..", __dir__)
  REVISION = File.read(File.join(ROOT, "REVISION")).strip

  def self.app
    RackBase::App.new(root: ROOT, style: :rails_tagged, target: Controllers.new, routes: [
      ["GET", %r{\A/search\z}, "SearchController#index", :search],
      ["GET", %r{\A/books/(\d+)\z}, "BooksController#show", :book],
      ["GET", %r{\A/shops/(\w+)\z}, "ShopsController#show", :shop],
      ["POST", %r{\A/basket\z}, "BasketsController#update", :basket],
      ["GET", %r{\A/\z}, "HomeController#index", :home],
    ])
  end

  class Controllers
    def search(req, _id)
      q = req.params["q"].to_s
      hits, facets = Search.run(q, req.params["shop"].to_s)
      sleep 0.015
      [200, JSON.generate({ "q" => q, "hits" => hits, "facets" => facets.first(12) }), 9.8]
    end

    def book(_req, id)
      sleep 0.008
      [200, "<h1>Book #{id}</h1>" + ("<p>review</p>" * 40), 2.6]
    end

    def shop(_req, id)
      sleep 0.01
      [200, "<h1>#{id}</h1>" + (1..60).map { |i| "<li>#{id}-#{i}</li>" }.join, 4.4]
    end

    def basket(req, _id)
      req.body.read
      sleep 0.012
      [200, "{}", 5.0]
    end

    def home(_req, _id)
      sleep 0.005
      [200, "<html>#{Fernbook::REVISION}</html>", 1.2]
    end
  end
end
