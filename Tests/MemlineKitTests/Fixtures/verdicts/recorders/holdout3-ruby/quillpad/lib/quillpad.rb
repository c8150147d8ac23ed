# frozen_string_literal: true

# Quillpad, a collaborative notes app (the Rails app reduced to its controllers; no database here: records are
# generated). Routes:
#   GET  /api/v1/session                Api::V1::SessionsController#show        the SPA's session poll
#   GET  /documents/:id                 DocumentsController#show
#   POST /documents/:id/autosave        DocumentsController#autosave
#   GET  /documents/:id/revisions       RevisionsController#index
#   GET  /search?q=                     SearchController#index
#   GET  /workspaces/:id/export.zip     Workspaces::ExportsController#show
#   GET  /up                            Rails::HealthController#show
ROOT = File.expand_path("..", __dir__)
$LOAD_PATH.unshift ROOT
require "json"
require "request_log"
require "app/serializers/session_serializer"
require "app/controllers/documents_controller"
require "app/controllers/workspaces/exports_controller"

module Quillpad
  class App
    def initialize
      @log = nil
    end

    def log
      @log ||= RequestLog.new(File.join(ROOT, "log/production.log"), :rails)
    end

    def call(env)
      verb = env["REQUEST_METHOD"]
      path = env["PATH_INFO"]
      route, handler = case [verb, path]
                       in ["GET", "/api/v1/session"]
                         [{ action: "Api::V1::SessionsController#show", format: "JSON", params: {} },
                          -> { session(env) }]
                       in ["GET", %r{\A/documents/(\d+)\z}]
                         id = $1.to_i
                         [{ action: "DocumentsController#show", format: "HTML", params: { "id" => id.to_s } },
                          -> { DocumentsController.new.show(id) }]
                       in ["POST", %r{\A/documents/(\d+)/autosave\z}]
                         id = $1.to_i
                         [{ action: "DocumentsController#autosave", format: "JSON",
                            params: { "body" => "[FILTERED]", "id" => id.to_s } },
                          -> { DocumentsController.new.autosave(id, env["BODY"]) }]
                       in ["GET", %r{\A/documents/(\d+)/revisions\z}]
                         id = $1.to_i
                         [{ action: "RevisionsController#index", format: "JSON", params: { "document_id" => id.to_s } },
                          -> { DocumentsController.new.revisions(id) }]
                       in ["GET", "/search"]
                         q = env["QUERY_STRING"].sub(/\Aq=/, "")
                         [{ action: "SearchController#index", format: "HTML", params: { "q" => q } },
                          -> { DocumentsController.new.search(q) }]
                       in ["GET", %r{\A/workspaces/(\d+)/export\.zip\z}]
                         id = $1.to_i
                         [{ action: "Workspaces::ExportsController#show", format: "ZIP",
                            params: { "workspace_id" => id.to_s } },
                          -> { Workspaces::ExportsController.new.show(id) }]
                       in ["GET", "/up"]
                         return [200, { "content-type" => "text/html" }, ["<html><body style=\"background-color: green\"></body></html>"]]
                       else
                         return [404, {}, ["not found"]]
                       end
      log.around(env, route) { [200, { "content-type" => "application/json" }, [handler.call]] }
    end

    def session(env)
      cookie = env["HEADERS"]["cookie"].to_s
      user_id = cookie[/user_id=(\d+)/, 1].to_i
      token = env["HEADERS"]["x-csrf-token"].to_s
      SessionSerializer.render(user_id, token)
    end
  end
end
