class DashboardController < ApplicationController
  def show = render_rows(query(8, 40))
end

class InvoicesController < ApplicationController
  def show = render_rows(query(10, 30))
  def index = render_rows(query(16, 120))
end

class ReceiptsController < ApplicationController
  def create
    @status = 201
    blob = params["image"].to_s * 4
    JSON.generate({ "id" => rand(1_000_000), "ocr" => blob.scan(/\d+/).size })
  end
end

class BankAccountsController < ApplicationController
  def transactions = JSON.generate(query(12, 200))
end
