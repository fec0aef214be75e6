// A contact's conversation on the contact page: inbound and outbound SMS in one thread, newest at the bottom,
// each outbound one with its state (live), older pages on request, and a reply box that sends from the SIM the
// customer last wrote to — the number they know.
(function () {
  const { api, el, when, toast, t, word, live, counter } = RE;

  function conversation(root, contactId, canSend) {
    let page = null;
    const items = new Map(); // key: direction + id
    const thread = el('div', { class: 'thread', id: 'conversation-thread' });
    const older = el('button', { type: 'button', class: 'secondary', id: 'conversation-older', hidden: true }, t('Older messages'));
    const text = el('textarea', { name: 'text', rows: 3, placeholder: t('Write a reply…') });
    const count = el('div', { class: 'muted small' });
    const from = el('div', { class: 'muted small', id: 'conversation-from' });
    const send = el('button', { type: 'submit' }, t('Send'));
    const form = el('form', { class: 'form', id: 'conversation-reply' }, text, count, from, el('div', { class: 'actions' }, send));
    root.replaceChildren(el('div', { class: 'card' }, older, thread, canSend ? form : ''));
    if (canSend) counter(text, count);

    const bubble = m => el('div', { class: `bubble ${m.direction}`, 'data-key': m.direction + m.id },
      el('div', {}, m.text),
      el('div', { class: 'muted small' }, when(m.at), m.modem ? ` · ${m.modem}` : '',
        m.direction === 'out' ? el('span', { class: 'pill ' + m.status }, ' ', word(m.status)) : '',
        m.direction === 'out' && m.source && m.source !== 'dashboard' ? ` · ${m.source}` : ''));

    function render() {
      const sorted = [...items.values()].sort((a, b) => new Date(a.at) - new Date(b.at) || a.id - b.id);
      thread.replaceChildren(...(sorted.length ? sorted.map(bubble) : [el('p', { class: 'muted' }, t('No SMS with this contact yet.'))]));
      older.hidden = !page?.before;
      from.textContent = page?.replyModem ? t('Sent from {0}, the SIM this customer last wrote to.', page.replyModem) : t('Sent from any available SIM (this customer has not written yet).');
    }

    async function load(before) {
      const r = await api('GET', `/api/v1/contacts/${contactId}/conversation?limit=30${before ? '&before=' + encodeURIComponent(before) : ''}`);
      if (!r.ok) return;
      if (before) page.before = r.data.before;
      else page = r.data; // the newest page: its phone, the SIM to reply from, where older ones start
      r.data.items.forEach(m => items.set(m.direction + m.id, m));
      render();
      if (!before) thread.scrollTop = thread.scrollHeight;
    }

    older.addEventListener('click', () => load(page.before));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      if (!text.value.trim()) return;
      send.disabled = true;
      const body = { to: page.phone, text: text.value };
      if (page.replyModem) body.modem = page.replyModem;
      const r = await api('POST', '/api/v1/messages', body);
      send.disabled = false;
      if (!r.ok) { toast(r.data?.errors ? Object.values(r.data.errors).flat().join(' ') : r.data?.detail || t('Could not send.')); return; }
      text.value = '';
      count.textContent = '';
      await load();
    });

    // Live: a state change of one of ours, or a new SMS from this number.
    live().on('MessageStatus', change => { if (items.has('out' + change.id)) load(); });
    live().on('InboundStored', () => load());
    load();
  }

  RE.conversation = conversation;
})();
