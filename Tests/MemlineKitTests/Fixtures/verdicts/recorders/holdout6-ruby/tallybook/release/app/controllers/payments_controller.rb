class PaymentsController < ApplicationController
  def create
    @status = 201
    query(12 + rand(10), 1).first.merge("paid_cents" => params["amount_cents"].to_i).to_json
  end
end
