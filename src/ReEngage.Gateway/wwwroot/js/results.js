// Results views shared by automations and campaigns: the holdout comparison in words and a chart over time.
(() => {
  const { el, t, num, money } = RE;
  const pct = v => `${num(100 * v, 1)} %`;
  const signed = v => t('{0}{1} pts', v >= 0 ? '+' : '−', num(100 * Math.abs(v), 1));

  function holdout(box, x) {
    const h = x?.holdout;
    if (!h) { box.replaceChildren(); return; }
    // Before anyone was messaged an interval says nothing ("0.0 % (0.0 %–100.0 %)"): say so in words.
    if (!h.messaged.contacts) {
      box.replaceChildren(el('b', {}, t('Holdout {0} % · seed {1}', num(h.holdoutPercent), h.seed)), el('p', { class: 'muted', id: 'holdout-none' }, t('No results yet: the comparison with the held-out group appears once messages go out.')));
      return;
    }
    const group = (label, g) => el('tr', {}, el('th', {}, label), el('td', {}, num(g.contacts)), el('td', {}, num(g.boughtAgain)),
      el('td', {}, `${pct(g.rate)} (${pct(g.rateLower)}–${pct(g.rateUpper)})`), el('td', {}, money(g.revenue, x.currency)), el('td', {}, money(g.revenuePerContact, x.currency)));
    box.replaceChildren(
      el('b', {}, t('Holdout {0} % · seed {1}', num(h.holdoutPercent), h.seed)),
      el('div', { class: 'table-wrap' }, el('table', {},
        el('thead', {}, el('tr', {}, ['', t('Contacts'), t('Bought again'), t('Rate (95 %)'), t('Revenue'), t('Per contact')].map(h => el('th', {}, h)))),
        el('tbody', {}, group(t('Messaged'), h.messaged), group(t('Held out'), h.heldOut)))),
      el('p', { id: 'lift', class: h.conclusive ? '' : 'muted' },
        el('b', {}, t('Lift {0}', signed(h.lift))), ' ' + t('(95 %: {0} to {1})', signed(h.liftLower), signed(h.liftUpper)) + ` — ${h.verdict}.`,
        h.costPerIncrementalBuyer !== null ? ' ' + t('{0} customers came back because of the messages: {1} each.', num(h.incrementalBuyers), money(h.costPerIncrementalBuyer, x.currency)) : ''),
      el('p', { class: 'small' }, t(x.attributeTo === 'click' ? 'Revenue credited ({0} days after a click): {1} · per message {2}' : 'Revenue credited ({0} days after a delivered SMS): {1} · per message {2}', num(x.attributionDays), money(x.revenue, x.currency), money(x.revenuePerMessage, x.currency)),
        x.roi !== null ? ' · ' + t('ROI {0} % of the SMS cost', num(Math.round(100 * x.roi))) : ''),
      el('details', { class: 'small muted' }, el('summary', {}, t('How this is measured')), `${h.method}. ${t('Measured: {0}.', h.metric)}`));
  }

  // Cumulative, so a quiet day does not look like a collapse: who has come back so far in each group, and the revenue.
  function chart(box, days) {
    box.replaceChildren();
    if (!days || !days.length || typeof uPlot === 'undefined') { box.append(el('p', { class: 'muted small' }, t('Nothing to show yet.'))); return; }
    const times = days.map(d => Date.parse(d.date + 'T12:00:00Z') / 1000);
    let m = 0, h = 0, mb = 0, hb = 0, rev = 0;
    const mRate = [], hRate = [], revenue = [];
    for (const d of days) {
      m += d.messaged; h += d.heldOut; mb += d.messagedBought; hb += d.heldOutBought; rev += d.revenue;
      mRate.push(m ? 100 * mb / m : null); hRate.push(h ? 100 * hb / h : null); revenue.push(rev);
    }
    if (times.length === 1) {
      // A single day would be stretched over years: frame it with the days around it.
      times.unshift(times[0] - 86400); times.push(times[times.length - 1] + 86400);
      for (const series of [mRate, hRate, revenue]) { series.unshift(null); series.push(null); }
    }
    new uPlot({
      width: Math.min(box.clientWidth || 600, 720), height: 220,
      series: [{}, { label: t('messaged: bought again %'), stroke: '#2f6fde', width: 2 }, { label: t('held out: bought again %'), stroke: '#c2410c', width: 2, dash: [6, 4] },
        { label: t('revenue (cumulative)'), stroke: '#15803d', scale: 'rev' }],
      axes: [{}, { label: '%', size: 44 }, { scale: 'rev', side: 1, grid: { show: false }, size: 56 }],
      scales: { y: { range: [0, 100] } },
    }, [times, mRate, hRate, revenue], box);
  }

  RE.results = { holdout, chart };
})();
