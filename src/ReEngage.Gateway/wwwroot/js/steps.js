// The message step editor shared by automations and campaigns: template with field picker and live
// SMS counter, link, landing page with preview, coupon.
(function () {
  const { api, el, debounce, t, word, money } = RE;
  const fields = ['first_name|there', 'last_name', 'name', 'birthday', 'coupon', 'coupon_expiry', 'link', 'attr.city'];

  function input(label, value, onInput, attrs) {
    return el('label', {}, label, el('input', Object.assign({ value: value ?? '', oninput: e => onInput(e.target.type === 'number' ? +e.target.value : e.target.value) }, attrs || {})));
  }

  function stepEditor(step, options) {
    const opts = Object.assign({ waits: true, path: 'steps[0]' }, options);
    const box = el('div', { class: 'card step form' });
    const counterOut = el('div', { class: 'counter step-counter' });
    const check = debounce(async () => {
      const r = await api('POST', '/api/v1/templates/check', step);
      if (!r.ok) return;
      const c = r.data;
      counterOut.replaceChildren(c.parts ? el('b', {}, RE.plural(c.parts, '{0} part', '{0} parts')) : '', c.encoding ? ` · ${c.encoding.toUpperCase()}` : '',
        (c.nonGsmCharacters || []).length ? el('span', { class: 'ucs2' }, ' · ' + t('UCS-2 because of: {0}', c.nonGsmCharacters.join(' '))) : '',
        c.costPerMessage !== null && c.costPerMessage !== undefined ? ' · ≈ ' + t('{0} per message', money(c.costPerMessage, c.currency)) : '',
        c.worstCase && c.typicalParts !== c.parts ? ' ' + t('(typical {0}; longest for {1})', c.typicalParts, c.worstCase) : '',
        c.errors.length ? el('div', { class: 'error' }, c.errors.join(' ')) : '',
        // Contacts whose names would make the text too long: say how many, and offer the fixes in one click.
        (c.warnings || []).length ? el('div', { class: 'error step-warning' }, c.warnings.join(' ')) : '',
        (c.fixes || []).length ? el('div', { class: 'actions step-fixes' }, c.fixes.map(f => el('button', { type: 'button', class: 'secondary', title: f.description,
          onclick: () => { step[f.field] = f.value; rerender(); } }, f.description))) : '');
    }, 250);
    const changed = () => { check(); opts.onChange?.(); };
    const template = el('textarea', { name: 'template', rows: 3, oninput: e => { step.template = e.target.value; changed(); } });
    template.value = step.template || '';
    const picker = el('div', { class: 'actions' }, fields.map(f => el('button', { type: 'button', class: 'secondary', onclick: () => {
      const token = `{{${f}}}`;
      const at = template.selectionStart ?? template.value.length;
      template.value = template.value.slice(0, at) + token + template.value.slice(template.selectionEnd ?? at);
      template.dispatchEvent(new Event('input'));
      template.focus();
    } }, `{{${f}}}`)));
    const page = step.landingPage;
    const preview = el('iframe', { class: 'preview', title: t('landing page preview'), hidden: true, sandbox: '' });
    const landing = el('details', { open: !!page }, el('summary', {}, t('Landing page')),
      el('label', {}, el('input', { type: 'checkbox', checked: !!page, onchange: e => { step.landingPage = e.target.checked ? (step.landingPage || { headline: step.name }) : null; rerender(); } }), ' ' + t('This step has a landing page ({{link}} opens it)')),
      step.landingPage ? [
        input(t('Headline'), step.landingPage.headline, v => { step.landingPage.headline = v; changed(); }, { name: 'headline' }),
        el('label', {}, t('Text'), el('textarea', { rows: 2, oninput: e => { step.landingPage.text = e.target.value; changed(); } }, step.landingPage.text || '')),
        input(t('Image URL'), step.landingPage.imageUrl, v => { step.landingPage.imageUrl = v || null; changed(); }),
        el('div', { class: 'inline' }, input(t('Button text'), step.landingPage.buttonText, v => { step.landingPage.buttonText = v || null; changed(); }), input(t('Button URL'), step.landingPage.buttonUrl, v => { step.landingPage.buttonUrl = v || null; changed(); })),
        el('button', { type: 'button', class: 'secondary', onclick: async () => {
          const r = await api('POST', '/api/v1/templates/landing-preview', step.landingPage);
          preview.hidden = false;
          preview.srcdoc = typeof r.data === 'string' ? r.data : t('The page is not valid yet.');
        } }, t('Preview')), preview] : '');
    const coupon = el('details', { open: !!step.coupon }, el('summary', {}, t('Coupon')),
      el('label', {}, el('input', { type: 'checkbox', checked: !!step.coupon, onchange: e => { step.coupon = e.target.checked ? { pattern: 'BACK-####-??', validDays: 14 } : null; rerender(); } }), ' ' + t('Give each contact a unique coupon ({{coupon}})')),
      step.coupon ? el('div', { class: 'inline' },
        input(t('Pattern (# digit, ? letter, * either)'), step.coupon.pattern, v => { step.coupon.pattern = v || null; changed(); }),
        input(t('or imported pool'), step.coupon.pool, v => { step.coupon.pool = v || null; changed(); }),
        input(t('Valid days'), step.coupon.validDays, v => { step.coupon.validDays = v; changed(); }, { type: 'number', min: 1 })) : '');

    function rerender() { box.replaceWith(stepEditor(step, opts)); opts.onChange?.(); }
    box.append(
      el('div', { class: 'inline' },
        input(t('Step name'), step.name, v => { step.name = v; changed(); }, { name: 'stepName' }),
        el('label', {}, t('Kind'), el('select', { onchange: e => { step.kind = e.target.value; changed(); } }, ['message', 'survey', 'contest'].map(k => el('option', { value: k, selected: (step.kind || 'message') === k }, word(k))))),
        opts.waits ? input(t('Wait (days)'), step.waitDays ?? 0, v => { step.waitDays = v; changed(); }, { type: 'number', min: 0, name: 'waitDays' }) : ''),
      opts.waits ? el('label', {}, el('input', { type: 'checkbox', checked: step.onlyIfNotEngaged !== false, onchange: e => { step.onlyIfNotEngaged = e.target.checked; changed(); } }), ' ' + t('Only to contacts who have not engaged yet')) : '',
      el('label', {}, t('Message'), template), picker, counterOut, el('span', { class: 'field-error', 'data-for': opts.path + '.template' }),
      el('div', { class: 'inline' },
        el('label', {}, el('input', { type: 'checkbox', name: 'smartEncoding', checked: !!step.smartEncoding, onchange: e => { step.smartEncoding = e.target.checked; changed(); } }), ' ' + t('Names in GSM letters (Ș → S)')),
        input(t('Names longer than (use the fallback)'), step.maxNameLength, v => { step.maxNameLength = v || null; changed(); }, { type: 'number', min: 1, name: 'maxNameLength' }),
        input(t('At most parts'), step.maxParts, v => { step.maxParts = v || null; changed(); }, { type: 'number', min: 1, name: 'maxParts' })),
      el('label', {}, t('A/B variants (one text per line, 1–3; each contact gets one at random)'),
        el('textarea', { name: 'variants', rows: 2, oninput: e => { const v = e.target.value.split('\n').map(t => t.trim()).filter(Boolean); step.variants = v.length ? v : null; changed(); } }, (step.variants || []).join('\n'))),
      el('span', { class: 'field-error', 'data-for': opts.path + '.variants' }),
      input(t('Link URL (when there is no landing page)'), step.linkUrl, v => { step.linkUrl = v || null; changed(); }),
      landing, coupon);
    check();
    return box;
  }

  // Links in SMS must be reachable from the contacts' phones: say so when they would point at this box's loopback.
  async function linkWarning(container) {
    const r = await api('GET', '/api/v1/settings');
    const base = r.ok ? r.data.marketing.publicBaseUrl : '';
    if (/\/\/(localhost|127\.|\[::1\])/.test(base)) {
      container.prepend(el('p', { class: 'card error', id: 'link-warning' }, t('Short links would point to {0}, which phones cannot open.', base) + ' ',
        RE.can('Admin') ? el('a', { href: '/settings#business' }, t('Set the public address for short links in Settings.')) : t('Ask an admin to set the public address for short links in Settings.')));
    }
  }

  window.RE.stepEditor = stepEditor;
  window.RE.linkWarning = linkWarning;
})();
