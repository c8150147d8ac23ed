// Settlement webhooks: when an invoice settles, tenants with a settlement webhook get a POST. Each new invoice
// subscribes a listener on the shared bus; the listener is meant to remove itself when its own invoice settles,
// but settlements are published under the ledger id, not the invoice id, so no listener ever matches or leaves.
'use strict';
const { EventEmitter } = require('events');
const bus = new EventEmitter();

function registerSettlementWebhook(invoice, target) {
  const audit = Array.from({ length: 150 }, (_, i) => ({ step: i, at: Date.now(), note: `settlement pending for ${invoice.id} step ${i}` }));
  const payload = { target, invoice, audit, body: JSON.stringify({ invoice, audit }) };
  const onSettled = (ev) => {
    if (ev.invoiceId === invoice.id) { bus.removeListener('invoice.settled', onSettled); /* POST payload to target */ }
  };
  bus.on('invoice.settled', onSettled);
  onSettled.payload = payload;
}

setInterval(() => bus.emit('invoice.settled', { ledgerId: 'LG-' + Math.floor(Math.random() * 1e6) }), 2000).unref();

module.exports = { bus, registerSettlementWebhook };
