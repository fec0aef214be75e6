// Opt-outs in the customer's words: the Settings section (words per language, the languages read, the
// replies, a try-out of the rule), the contact page's "why" with its undo and the "Opt out" action, and the
// reason shown beside an inbound SMS that opted its sender out.
(function () {
  const { api, el, when, toast, t, word, showErrors, clearErrors, lang } = RE;
  const names = (() => { try { return new Intl.DisplayNames([lang], { type: 'language' }); } catch { return null; } })();
  const languageName = code => (names && names.of(code)) || code;
  const list = value => value.split(',').map(w => w.trim()).filter(Boolean);
  const matchedText = (kind, matched) => kind === 'opt_in' ? t('Opt-in: matched {0}', matched) : kind === 'help' ? t('Help: matched {0}', matched) : t('Opt-out: matched {0}', matched);

  // Settings: one form for the languages read, the confirmation switch and the chosen language's words.
  async function settings(form) {
    let view;
    const fill = () => {
      const chosen = form.language.value || view.businessLanguage;
      form.querySelector('#keyword-languages').replaceChildren(...view.languages.map(l =>
        el('label', { class: 'inline-check' }, el('input', { type: 'checkbox', name: 'read', value: l.language, checked: l.read }), ' ', languageName(l.language))));
      form.language.replaceChildren(...view.languages.map(l => el('option', { value: l.language, selected: l.language === chosen }, languageName(l.language))));
      const set = view.languages.find(l => l.language === form.language.value) || view.languages[0];
      form.optOut.value = set.optOut.join(', '); form.optIn.value = set.optIn.join(', '); form.help.value = set.help.join(', ');
      form.helpReply.value = set.helpReply || ''; form.optOutConfirmation.value = set.optOutConfirmation || '';
      form.confirmOptOut.checked = view.confirmOptOut;
      form.querySelector('#keyword-changes').replaceChildren(
        set.added.length ? el('div', {}, t('Added by you: {0}', set.added.join(', '))) : '',
        set.removed.length ? el('div', {}, t('Removed by you: {0}', set.removed.join(', '))) : '',
        el('div', {}, t('Courtesy words allowed around a keyword: {0}', set.courtesy.join(', '))));
    };
    const load = async () => { const r = await api('GET', '/api/v1/settings/keywords'); if (r.ok) { view = r.data; fill(); } };
    form.language.addEventListener('change', fill);
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const read = [...form.querySelectorAll('input[name=read]:checked')].map(i => i.value);
      const r = await api('PUT', '/api/v1/settings/keywords', { checked: read, confirmOptOut: form.confirmOptOut.checked, languages: [{
        language: form.language.value, optOut: list(form.optOut.value), optIn: list(form.optIn.value), help: list(form.help.value),
        helpReply: form.helpReply.value, optOutConfirmation: form.optOutConfirmation.value }] });
      if (!r.ok) { showErrors(form, r.data); return; }
      clearErrors(form);
      toast(t('The words apply now.'));
      load();
    });
    form.querySelector('#keyword-try-button').addEventListener('click', async () => {
      const r = await api('POST', '/api/v1/settings/keywords/test', { text: form.try.value, language: form.language.value });
      form.querySelector('#keyword-try').textContent = r.data?.matches ? matchedText(r.data.kind, r.data.matched) : t('An ordinary reply: no keyword.');
    });
    await load();
  }

  // The contact page: why the contact opted out (and the undo of a misreading), the history, and "Opt out".
  async function contact(box, id, status, canEdit, reload) {
    const r = await api('GET', `/api/v1/keyword-opt-outs?contactId=${id}`);
    const items = r.ok ? r.data : [];
    const undo = async o => {
      const reason = prompt(t('Why was this reading wrong? The reason is kept with the contact.'));
      if (reason === null) return;
      const u = await api('POST', `/api/v1/keyword-opt-outs/${o.id}/undo`, { reason });
      if (u.ok) { toast(t('Opt-out undone: the contact is {0} again.', word(u.data.previousStatus))); reload(); } else toast(u.data?.detail || t('Could not undo.'));
    };
    const latest = items.find(o => !o.undoneAt && !o.alreadyListed);
    box.replaceChildren(
      items.length ? el('b', {}, t('Opt-outs read from SMS')) : '',
      items.length ? el('ul', { id: 'keyword-optouts' }, items.map(o => el('li', {},
        `${when(o.at)} · `, el('span', { class: 'optout-reason' }, t('Opt-out: matched {0}', o.matched)), o.alreadyListed ? ' ' + t('(already opted out)') : '',
        o.undoneAt ? el('div', { class: 'small muted' }, t('Undone on {0} by {1}: {2}', when(o.undoneAt), o.undoneBy, o.undoReason)) : '',
        canEdit && o === latest && status === 'opted_out' ? el('div', {}, el('button', { class: 'link', id: 'undo-optout', onclick: () => undo(o) }, t('Undo: a wrong reading'))) : ''))) : '');
  }

  // Beside GDPR erase: the customer asked the shop (in person, by phone) to receive no more marketing.
  function optOutButton(id, status, reload) {
    if (status === 'opted_out') return '';
    return el('button', { id: 'opt-out', onclick: async () => {
      if (!confirm(t('Record that this customer asked to receive no more marketing messages? Only they can opt back in, by texting START.'))) return;
      const r = await api('POST', `/api/v1/contacts/${id}/opt-out`);
      if (r.ok) { toast(t('Opted out.')); reload(); } else toast(r.data?.detail || t('Could not opt out.'));
    } }, t('Opt out'));
  }

  // The inbound list: which messages opted their sender out, by inbound id.
  async function reasons() {
    const r = await api('GET', '/api/v1/keyword-opt-outs?limit=500');
    return new Map((r.ok ? r.data : []).map(o => [o.inboundId, o]));
  }
  function reasonLine(o) {
    if (!o) return '';
    return el('div', { class: 'small muted optout-reason' }, t('Opt-out: matched {0}', o.matched), o.undoneAt ? ' · ' + t('undone') : '',
      o.contactId ? [' · ', el('a', { href: `/contacts/${o.contactId}` }, t('Contact'))] : '');
  }

  RE.optOuts = { settings, contact, optOutButton, reasons, reasonLine };
})();
