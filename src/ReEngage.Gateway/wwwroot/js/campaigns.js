// Campaign pages: the words for a campaign's state, its cancel button, and the confirmation before sending.
(() => {
  const { api, el, t, num, money, when, toast, plural } = RE;

  function statusMeaning(status) {
    return {
      draft: t('Saved, not sent: open it to edit, preview and send.'),
      scheduled: t('Waiting for its time.'),
      running: t('Going out, or waiting for its last messages to be delivered.'),
      completed: t('Every message reached its final state (delivered, failed, expired or cancelled).'),
      cancelled: t('Stopped: messages not sent by then were cancelled.'),
    }[status] || '';
  }

  // Only what can still be stopped offers "cancel": a completed campaign has nothing left to cancel.
  function cancelButton(c, after) {
    if (!['draft', 'scheduled', 'running'].includes(c.status)) return '';
    return el('button', { class: 'link', onclick: async () => {
      if (!confirm(t('Cancel “{0}”? Its messages not sent yet are cancelled.', c.name))) return;
      const k = await api('POST', `/api/v1/campaigns/${c.id}/cancel`);
      toast(k.ok ? t('Cancelled; {0} messages not sent.', num(k.data.cancelledMessages)) : t('Could not cancel.'));
      after();
    } }, t('cancel'));
  }

  // When it goes out, in words, with the quiet-hours wait when there is one.
  function timing(p, quiet) {
    const start = Date.parse(p.sendsAt) <= Date.now() + 60000 ? t('now') : when(p.sendsAt);
    const lines = [el('p', {}, t('Goes out: {0}', start))];
    if (p.waitingForQuietHours) {
      lines.push(el('p', { class: 'warning', id: 'quiet-wait' }, plural(p.waitingForQuietHours, '{0} message will wait for quiet hours to end, until {1}.', '{0} messages will wait for quiet hours to end, until {1}.', when(p.waitsUntil)),
        el('br'), el('span', { class: 'small muted' }, RE.business ? RE.business.quietSentence(quiet) : '')));
    }
    return lines;
  }

  // Asks before anything goes out: recipients, held out, cost and time. Resolves true when the owner confirms.
  function confirmSend(name, p, quiet) {
    return new Promise(resolve => {
      const dialog = el('dialog', { id: 'send-confirm', class: 'card' },
        el('h2', { style: 'margin-top:0' }, t('Send “{0}”?', name)),
        el('p', {}, el('b', {}, plural(p.messages, '{0} person will get this SMS', '{0} people will get this SMS')),
          p.heldOut ? ' · ' + t('{0} held out (never messaged, to measure the lift)', num(p.heldOut)) : '',
          p.skippedTooLong ? ' · ' + t('{0} too long, skipped', num(p.skippedTooLong)) : ''),
        el('p', {}, t('Estimated cost: {0} ({1})', money(p.cost, p.currency), plural(p.parts, '{0} part', '{0} parts'))),
        ...timing(p, quiet),
        el('div', { class: 'actions' },
          el('button', { type: 'button', id: 'send-confirm-yes', onclick: () => { dialog.close(); resolve(true); } }, plural(p.messages, 'Send to {0} person', 'Send to {0} people')),
          el('button', { type: 'button', class: 'secondary', onclick: () => { dialog.close(); resolve(false); } }, t('Back'))));
      dialog.addEventListener('close', () => { dialog.remove(); resolve(false); });
      document.body.append(dialog);
      dialog.showModal();
    });
  }

  RE.campaigns = { statusMeaning, cancelButton, timing, confirmSend };
})();
