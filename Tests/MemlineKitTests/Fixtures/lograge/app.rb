# A single-file Rails app that logs with lograge, for record.sh (no bundler: Debian's ruby-rails and
# ruby-lograge, ruby-sqlite3 for a throwaway ActiveRecord database so lines carry db=).
# LOGRAGE_FORMAT=json|keyvalue picks the formatter, LOGRAGE_PREFIX=1 keeps the Ruby Logger prefix
# (`I, [time #pid]  INFO -- : `), LOGRAGE_TAGS=1 adds Rails' `log_tags = [:request_id]`,
# LOGRAGE_CUSTOM=1 adds time/request_id/host/pid via custom_options, LOGRAGE_CUSTOM=ruby_time adds
# `time: Time.now, event_time: event.time`, LOGRAGE_KEEP=1 sets keep_original_rails_log (both logs in one).
require "action_controller/railtie"
require "active_record/railtie"
require "lograge"
require "logger"
require "json"

# A file database (an in-memory one would be one database per WEBrick thread's connection).
ENV["DATABASE_URL"] = "sqlite3:#{ENV.fetch("LOGRAGE_DB")}"

class LogrageSampleApp < Rails::Application
  config.root = __dir__
  config.eager_load = false
  config.secret_key_base = "lograge-sample-not-a-secret"
  config.hosts.clear
  logger = ActiveSupport::Logger.new(ENV.fetch("LOGRAGE_LOG"))
  logger.formatter = ::Logger::Formatter.new if ENV["LOGRAGE_PREFIX"] == "1"
  config.logger = ActiveSupport::TaggedLogging.new(logger)
  config.log_level = :info
  config.log_tags = [:request_id] if ENV["LOGRAGE_TAGS"] == "1"
  config.lograge.enabled = true
  config.lograge.keep_original_rails_log = ENV["LOGRAGE_KEEP"] == "1"
  config.lograge.formatter =
    ENV["LOGRAGE_FORMAT"] == "json" ? Lograge::Formatters::Json.new : Lograge::Formatters::KeyValue.new
  if ENV["LOGRAGE_CUSTOM"] == "ruby_time"
    # The custom_options most often seen in public initializers: a Ruby Time, printed by KeyValue with to_s.
    config.lograge.custom_options = ->(event) { { time: Time.now, event_time: event.time } }
  end
  if ENV["LOGRAGE_CUSTOM"] == "1"
    config.lograge.custom_options = lambda do |event|
      {
        time: Time.now.utc.iso8601(3),
        request_id: event.payload[:headers]&.fetch("action_dispatch.request_id", nil),
        host: "web-1",
        pid: Process.pid
      }
    end
  end
end

class Job < ActiveRecord::Base
end

class JobsController < ActionController::Base
  def index
    render json: Job.limit(50).map { |job| { id: job.id, title: job.title } }
  end

  def show
    raise ActionController::RoutingError, "no job" if params[:id] == "0"
    sleep 0.02
    big = Array.new(20_000) { |i| "row #{i}" }
    job = Job.find_by(id: params[:id].to_i % 200 + 1)
    render json: { id: params[:id].to_i, title: job&.title, rows: big.size }
  end

  def create
    Job.create!(title: "new")
    head :created
  end

  def boom
    raise "boom"
  end
end

class HomeController < ActionController::Base
  def index
    render html: "<h1>hello</h1>".html_safe
  end

  def redirect
    redirect_to "/"
  end
end

LogrageSampleApp.initialize!
ActiveRecord::Schema.verbose = false
ActiveRecord::Schema.define { create_table(:jobs, force: true) { |t| t.string :title } }
Job.insert_all!((1..200).map { |i| { title: "job #{i}" } })
LogrageSampleApp.routes.draw do
  root "home#index"
  get "/go" => "home#redirect"
  get "/boom" => "jobs#boom"
  resources :jobs, only: %i[index show create]
end
