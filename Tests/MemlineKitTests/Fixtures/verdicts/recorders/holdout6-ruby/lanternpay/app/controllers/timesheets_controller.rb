class TimesheetsController < ApplicationController
  def create
    @status = 201
    query(10 + rand(8), 1).first.merge("hours" => params["hours"].to_f, "employee" => params["employee_id"].to_i).to_json
  end
end
