# Alderbrook (adult-education courses, bookings): controllers as a Rack stand-in writing lograge JSON lines to
# log/production.log. Routes are drawn lazily on the first request (config.eager_load off for routes, as Rails 8's
# lazy route loading does) and each of the ~240 course templates is compiled (ERB -> Ruby method) the first time it is
# rendered, then kept in the template cache: memory climbs while the cache fills, then holds.
require "erb"
require "standin"

module Alderbrook
  ROOT = File.expand_path("..", __dir__)
  TEMPLATE_COUNT = 240

  module Views; end

  module Routes
    @table = nil
    def self.table
      @table ||= Array.new(2_600) { |i| ["GET", "/section#{i}/:id", "Section#{i}Controller#show", { constraints: { id: /\d+/ }, defaults: { "format" => "html" } }] }
    end
  end

  module Templates
    @compiled = {}
    @lock = Mutex.new
    # each course page template is ~400 lines of ERB (schedule, tutor bios, venue blocks)
    def self.source(n)
      Array.new(400) { |l| "<div class=\"c#{n}-l#{l}\"><%= course[:title] %> block #{l} <%= course[:venue] %> #{"&nbsp;" * (l % 7)}</div>" }.join("\n")
    end

    def self.render(n, course)
      meth = @lock.synchronize do
        @compiled[n] ||= begin
          name = :"_course_#{n}"
          ERB.new(source(n)).def_method(Views, "#{name}(course)", "app/views/courses/show_#{n}.html.erb")
          name
        end
      end
      Object.new.extend(Views).send(meth, course)
    end

    def self.size = @compiled.size
  end

  module Controllers
    module_function

    def course(_req, id, _env)
      Routes.table
      n = id[1..].to_i % Templates::TEMPLATE_COUNT rescue 0
      sleep 0.02
      [200, Templates.render(n, { title: "Course #{id}", venue: "Alderbrook Hall" }), 6.2]
    end

    def sessions(_req, id, _env) = (Routes.table; sleep 0.025; [200, "<ul>" + Array.new(12) { |i| "<li>#{id} week #{i}</li>" }.join + "</ul>", 8.1])
    def tutor(_req, id, _env) = (Routes.table; sleep 0.015; [200, "<h1>Tutor #{id}</h1>", 3.0])
    def enrol(_req, _id, _env) = (Routes.table; sleep 0.04; [201, "enrolled", 12.5])
    def home(_req, _id, _env) = (Routes.table; sleep 0.01; [200, "<h1>Alderbrook courses</h1>", 1.2])
    def up(_req, _id, _env) = [200, "ok", 0.0]

    # GET /internal/warmup?batch=N: the deploy's warm-up hook (config/deploy/warmup.sh) precompiles a tenth of the
    # course templates per call so that the first visitors don't pay for it; called ten times after each boot.
    def warmup(req, _id, _env)
      Routes.table
      b = req.GET["batch"].to_i
      (0...TEMPLATE_COUNT).select { |n| n % 10 == b }.each { |n| Templates.render(n, { title: "warmup", venue: "-" }) }
      [200, "warmed batch #{b} (#{Templates.size} templates cached)", 0.0]
    end
  end
  Templates::TEMPLATE_COUNT = TEMPLATE_COUNT

  ROUTES = [
    ["GET", %r{\A/courses/(c\d+)\z}, "CoursesController#show", :course],
    ["GET", %r{\A/courses/(c\d+)/sessions\z}, "SessionsController#index", :sessions],
    ["GET", %r{\A/tutors/(\d+)\z}, "TutorsController#show", :tutor],
    ["POST", %r{\A/enrolments\z}, "EnrolmentsController#create", :enrol],
    ["GET", %r{\A/\z}, "HomeController#index", :home],
    ["GET", %r{\A/up\z}, "Rails::HealthController#show", :up],
    ["GET", %r{\A/internal/warmup\z}, "Internal::WarmupsController#create", :warmup],
  ]

  def self.app = Standin::App.new(root: ROOT, routes: ROUTES, style: :lograge_json, target: Controllers)
end
