# Larkspur (booking for a chain of vet clinics): a Rack stand-in for its Rails 6.1 app (default production.log,
# Logger prefix, no tags).
require "larkspur/base"
require "larkspur/availability"

module Larkspur
  ROOT = File.expand_path("..", __dir__)
  REVISION = File.read(File.join(ROOT, "REVISION")).strip

  def self.app
    RackBase::App.new(root: ROOT, style: :rails, target: Controllers.new, routes: [
      ["GET", %r{\A/appointments/availability\z}, "AppointmentsController#availability", :availability],
      ["GET", %r{\A/pets/(\d+)\z}, "PetsController#show", :pet],
      ["POST", %r{\A/appointments\z}, "AppointmentsController#create", :book],
      ["GET", %r{\A/clinics/([\w-]+)\z}, "ClinicsController#show", :clinic],
      ["GET", %r{\A/\z}, "HomeController#index", :home],
    ])
  end

  class Controllers
    def availability(req, _id)
      slots = Availability.for(req.params["clinic"].to_s, req.params["day"].to_s, req.ip)
      sleep 0.012
      [200, JSON.generate({ "slots" => slots.first(16) }), 7.9]
    end

    def pet(_req, id)
      sleep 0.008
      [200, "<h1>Pet #{id}</h1>" + ("<p>visit</p>" * 30), 3.3]
    end

    def book(req, _id)
      req.body.read
      sleep 0.015
      [201, "{}", 9.1]
    end

    def clinic(_req, id)
      sleep 0.01
      [200, "<h1>#{id}</h1>" + (1..40).map { |i| "<li>vet #{i}</li>" }.join, 4.0]
    end

    def home(_req, _id)
      sleep 0.004
      [200, "<html>#{REVISION}</html>", 1.1]
    end
  end
end
