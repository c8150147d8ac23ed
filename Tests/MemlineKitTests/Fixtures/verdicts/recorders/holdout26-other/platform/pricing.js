'use strict';
// Plant prices with seasonal rules. With PRICE_EXPLAIN=on every quote also records why it came out that way, so
// support can look it up by request id; the traces are kept in a module-level Map that nothing ever prunes.
const traces = new Map();

function explainPrice(reqId, plantId, rules) {
  const steps = [];
  for (let i = 0; i < 200; i++) {
    steps.push({ rule: rules[i % rules.length], before: plantId % 997 + i, after: plantId % 991 + i,
      note: `rule ${rules[i % rules.length]} applied to plant ${plantId} at step ${i}` });
  }
  traces.set(reqId, { plantId, at: Date.now(), steps });
}

function quote(reqId, plantId) {
  const rules = ['base', 'season:winter', 'frost-risk', 'bulk-5', 'member', 'clearance'];
  const cents = 450 + (plantId * 37) % 3000;
  if (process.env.PRICE_EXPLAIN === 'on') explainPrice(reqId, plantId, rules);
  return { plantId, cents, currency: 'GBP' };
}

module.exports = { quote, traces };
