// Results views shared by automations and campaigns: the holdout comparison in words and a chart over time.
(() => {
  const { el } = RE;
  const pct = v => `${(100 * v).toFixed(1)} %`;
  const signed = v => `${v >= 0 ? '+' : '−'}${(100 * Math.abs(v)).toFixed(1)} pts`;

  function holdout(box, x) {
    const h = x.holdout;
    if (!h) { box.replaceChildren(); return; }
    const group = (label, g) => el('tr', {}, el('th', {}, label), el('td', {}, g.contacts), el('td', {}, g.boughtAgain),
      el('td', {}, `${pct(g.rate)} (${pct(g.rateLower)}–${pct(g.rateUpper)})`), el('td', {}, g.revenue), el('td', {}, g.revenuePerContact));
    box.replaceChildren(
      el('b', {}, `Holdout ${h.holdoutPercent} % · seed ${h.seed}`),
      el('div', { class: 'table-wrap' }, el('table', {},
        el('thead', {}, el('tr', {}, ['', 'Contacts', 'Bought again', 'Rate (95 %)', 'Revenue', 'Per contact'].map(t => el('th', {}, t)))),
        el('tbody', {}, group('Messaged', h.messaged), group('Held out', h.heldOut)))),
      el('p', { id: 'lift', class: h.conclusive ? '' : 'muted' },
        el('b', {}, `Lift ${signed(h.lift)}`), ` (95 %: ${signed(h.liftLower)} to ${signed(h.liftUpper)}) — ${h.verdict}.`,
        h.costPerIncrementalBuyer !== null ? ` ${h.incrementalBuyers} customers came back because of the messages: ${h.costPerIncrementalBuyer} ${x.currency} each.` : ''),
      el('p', { class: 'small' }, `Revenue credited (${x.attributionDays} days after a ${x.attributeTo === 'click' ? 'click' : 'delivered SMS'}): ${x.revenue} · per message ${x.revenuePerMessage}`,
        x.roi !== null ? ` · ROI ${(100 * x.roi).toFixed(0)} % of the SMS cost` : ''),
      el('p', { class: 'small muted' }, `${h.method}. Measured: ${h.metric}.`));
  }

  // Cumulative, so a quiet day does not look like a collapse: who has come back so far in each group, and the revenue.
  function chart(box, days) {
    box.replaceChildren();
    if (!days || !days.length || typeof uPlot === 'undefined') { box.append(el('p', { class: 'muted small' }, 'Nothing to show yet.')); return; }
    const t = days.map(d => Date.parse(d.date + 'T12:00:00Z') / 1000);
    let m = 0, h = 0, mb = 0, hb = 0, rev = 0;
    const mRate = [], hRate = [], revenue = [];
    for (const d of days) {
      m += d.messaged; h += d.heldOut; mb += d.messagedBought; hb += d.heldOutBought; rev += d.revenue;
      mRate.push(m ? 100 * mb / m : null); hRate.push(h ? 100 * hb / h : null); revenue.push(rev);
    }
    if (t.length === 1) {
      // A single day would be stretched over years: frame it with the days around it.
      t.unshift(t[0] - 86400); t.push(t[t.length - 1] + 86400);
      for (const series of [mRate, hRate, revenue]) { series.unshift(null); series.push(null); }
    }
    new uPlot({
      width: Math.min(box.clientWidth || 600, 720), height: 220,
      series: [{}, { label: 'messaged: bought again %', stroke: '#2f6fde', width: 2 }, { label: 'held out: bought again %', stroke: '#c2410c', width: 2, dash: [6, 4] },
        { label: 'revenue (cumulative)', stroke: '#15803d', scale: 'rev' }],
      axes: [{}, { label: '%', size: 44 }, { scale: 'rev', side: 1, grid: { show: false }, size: 56 }],
      scales: { y: { range: [0, 100] } },
    }, [t, mRate, hRate, revenue], box);
  }

  RE.results = { holdout, chart };
})();
