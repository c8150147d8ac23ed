# POST /imports/bank_statements: the uploaded CAMT.053 statement (the whole month of the tenant's account) is read
# into one String (~11 MB), every <Ntry> is parsed and matched against the open invoices as it is scanned; only
# the counts are kept. Everything built here is garbage when the request ends.
class BankStatementImportsController < ApplicationController
  def create
    xml = read_upload(params["entries"].to_i.clamp(1_000, 30_000))
    open = query(40, 400).to_h { |r| [r["number"], r] }
    entries = matched = 0
    xml.scan(%r{<Ntry>(.*?)</Ntry>}m) do |(ntry)|
      entry = { "amount" => ntry[%r{<Amt Ccy="EUR">([\d.]+)</Amt>}, 1].to_f, "booked" => ntry[%r{<BookgDt><Dt>([\d-]+)</Dt>}, 1],
                "ref" => ntry[%r{<RmtInf><Ustrd>(.*?)</Ustrd>}, 1], "iban" => ntry[%r{<IBAN>(\w+)</IBAN>}, 1] }
      entries += 1
      matched += 1 if open.key?(entry["ref"].to_s[/INV-2026-\d{5}/])
    end
    @status = 201
    { "entries" => entries, "matched" => matched }.to_json
  end

  private

  def read_upload(n)
    xml = +%(<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>)
    n.times do |i|
      xml << "<Ntry><NtryRef>#{i}</NtryRef><Amt Ccy=\"EUR\">#{(i * 7919 % 250_000) / 100.0}</Amt><CdtDbtInd>CRDT</CdtDbtInd>" \
             "<Sts>BOOK</Sts><BookgDt><Dt>2026-11-#{format("%02d", i % 30 + 1)}</Dt></BookgDt><ValDt><Dt>2026-11-#{format("%02d", i % 30 + 1)}</Dt></ValDt>" \
             "<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Debtor #{i % 977} GmbH</Nm></Dbtr><DbtrAcct><Id><IBAN>DE#{format("%020d", i * 104_729)}</IBAN></Id></DbtrAcct></RltdPties>" \
             "<RmtInf><Ustrd>INV-2026-#{format("%05d", i * 37 % 99_999)} Kd #{i % 977} Rechnung vom 2026-10-#{format("%02d", i % 28 + 1)}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"
    end
    xml << "</Stmt></BkToCstmrStmt></Document>"
  end
end
