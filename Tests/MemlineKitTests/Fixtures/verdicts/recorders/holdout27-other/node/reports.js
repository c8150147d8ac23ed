// The receivables aging report: every open invoice of the tenant bucketed by age, built as rows, then as CSV.
'use strict';
function agingReport(tenant) {
  const rows = [];
  for (let i = 0; i < 700000; i++) {
    rows.push({ invoice: `INV-${tenant}-${i}`, customer: `CUST-${i % 5000}`, bucket: ['0-30', '31-60', '61-90', '90+'][i % 4], amount: (i % 9000) / 3 });
  }
  return 'invoice,customer,bucket,amount\n' + rows.map((r) => `${r.invoice},${r.customer},${r.bucket},${r.amount}`).join('\n');
}
module.exports = { agingReport };
