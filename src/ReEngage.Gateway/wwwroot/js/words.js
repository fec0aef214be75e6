// Words a shop owner reads for what the gateway records in its own terms: parts ("0/0/1"), network errors
// ("ST 0x41: …") and marketing sources ("campaign:2", "step 0 sent"). The technical form stays available on demand.
(() => {
  const { el, t, word, num, plural } = RE;

  function parts(m) {
    const total = m.parts, sent = m.partsSent ?? 0, delivered = m.partsDelivered ?? 0;
    const size = plural(total, '{0} part', '{0} parts');
    if (delivered > 0 && delivered < total) return size + ' · ' + t('{0} delivered', num(delivered));
    if (sent > 0 && sent < total && delivered === 0) return size + ' · ' + t('{0} sent', num(sent));
    return size;
  }

  // TP-ST (3GPP TS 23.040 9.2.3.15): 0x40–0x5F the network refused for good, 0x60–0x7F it stopped trying.
  function error(e) {
    const st = /^ST 0x([0-9A-F]{2})$/i.exec(e.code || '');
    if (!st) return e.code && /^CMS /.test(e.code) ? t('The modem or the network refused to send it.') : e.message;
    const value = parseInt(st[1], 16);
    if (value >= 0x60) return t('The network gave up: the phone stayed off or out of reach for too long.');
    if (value >= 0x40) return t('The network refused it: the number may not exist, or cannot receive SMS.');
    return t('The network could not deliver it.');
  }

  // "campaign:2" → a link to the campaign; "automation:3" → to the automation.
  function source(kind) {
    const m = /^(campaign|automation):(\d+)$/.exec(kind || '');
    if (!m) return word(kind);
    return m[1] === 'campaign'
      ? el('a', { href: `/campaigns/${m[2]}`, title: kind }, t('Campaign #{0}', m[2]))
      : el('a', { href: `/automations/edit/${m[2]}`, title: kind }, t('Automation #{0}', m[2]));
  }

  // "step 0 sent" → "message sent" (a campaign has one step) or "step 1: message sent".
  function step(kind, what) {
    const m = /^step (\d+) (\w+)$/.exec(what || '');
    if (!m) return what ?? '';
    const done = { sent: t('message sent'), skipped: t('not sent') }[m[2]] || m[2];
    return kind.startsWith('campaign:') ? done : t('step {0}: {1}', +m[1] + 1, done);
  }

  RE.messageWords = { parts, error, source, step };
})();
