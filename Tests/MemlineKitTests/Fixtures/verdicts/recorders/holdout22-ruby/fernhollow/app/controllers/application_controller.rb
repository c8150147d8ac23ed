# app/controllers/application_controller.rb (Fernhollow garden centres). FH-1190 added the app-session breadcrumbs for
# the iOS 4.12 support screen: when the request carries X-Fernhollow-App, keep what the customer's session looked like.
# The array is class-level and nothing ever trims it, so it grows with the app's traffic, whichever controller serves it.
class ApplicationController
  @app_breadcrumbs = []
  class << self
    attr_reader :app_breadcrumbs
  end

  # before_action :track_app_session (runs for every controller that inherits from ApplicationController)
  def self.track_app_session(req, customer)
    app = req.get_header("HTTP_X_FERNHOLLOW_APP")
    return unless app
    @app_breadcrumbs << {
      at: Time.now.utc, app: app.dup, device: req.get_header("HTTP_X_FERNHOLLOW_DEVICE").to_s.dup,
      path: req.fullpath.dup, request_id: req.get_header("HTTP_X_REQUEST_ID").to_s.dup,
      session: customer.transform_values { |v| v.is_a?(String) ? v.dup : v.map(&:dup) },
    }
  end
end
