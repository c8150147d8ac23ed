# ActiveJob's logging as the job log shows it (Rails.logger is broadcast to Sidekiq's logger on the server)
class ApplicationJob
  attr_reader :job_id

  def initialize(job_id) = @job_id = job_id
end
