# Mails one employee the "your payslip is ready" notice with a link.
class PayslipMailerJob
  def perform(employee_id, period)
    body = "Hallo, Ihre Entgeltabrechnung #{period} für Personalnummer #{employee_id} liegt bereit: https://app.lanternpay.eu/payslips/#{employee_id}"
    sleep 0.02 + rand * 0.03
    body.bytesize
  end
end
