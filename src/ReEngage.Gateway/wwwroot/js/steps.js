// The message step editor shared by automations and campaigns: template with field picker and live
// SMS counter, link, landing page with preview, coupon.
(function () {
  const { api, el, debounce } = RE;
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
      counterOut.replaceChildren(c.parts ? el('b', {}, `${c.parts} part${c.parts === 1 ? '' : 's'}`) : '', c.encoding ? ` · ${c.encoding.toUpperCase()}` : '',
        (c.nonGsmCharacters || []).length ? el('span', { class: 'ucs2' }, ` · UCS-2 because of: ${c.nonGsmCharacters.join(' ')}`) : '',
        c.costPerMessage !== null && c.costPerMessage !== undefined ? ` · ≈ ${c.costPerMessage} ${c.currency} per message` : '',
        c.worstCase && c.typicalParts !== c.parts ? ` (typical ${c.typicalParts}; longest for ${c.worstCase})` : '',
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
    const preview = el('iframe', { class: 'preview', title: 'landing page preview', hidden: true, sandbox: '' });
    const landing = el('details', { open: !!page }, el('summary', {}, 'Landing page'),
      el('label', {}, el('input', { type: 'checkbox', checked: !!page, onchange: e => { step.landingPage = e.target.checked ? (step.landingPage || { headline: step.name }) : null; rerender(); } }), ' This step has a landing page ({{link}} opens it)'),
      step.landingPage ? [
        input('Headline', step.landingPage.headline, v => { step.landingPage.headline = v; changed(); }, { name: 'headline' }),
        el('label', {}, 'Text', el('textarea', { rows: 2, oninput: e => { step.landingPage.text = e.target.value; changed(); } }, step.landingPage.text || '')),
        input('Image URL', step.landingPage.imageUrl, v => { step.landingPage.imageUrl = v || null; changed(); }),
        el('div', { class: 'inline' }, input('Button text', step.landingPage.buttonText, v => { step.landingPage.buttonText = v || null; changed(); }), input('Button URL', step.landingPage.buttonUrl, v => { step.landingPage.buttonUrl = v || null; changed(); })),
        el('button', { type: 'button', class: 'secondary', onclick: async () => {
          const r = await api('POST', '/api/v1/templates/landing-preview', step.landingPage);
          preview.hidden = false;
          preview.srcdoc = typeof r.data === 'string' ? r.data : 'The page is not valid yet.';
        } }, 'Preview'), preview] : '');
    const coupon = el('details', { open: !!step.coupon }, el('summary', {}, 'Coupon'),
      el('label', {}, el('input', { type: 'checkbox', checked: !!step.coupon, onchange: e => { step.coupon = e.target.checked ? { pattern: 'BACK-####-??', validDays: 14 } : null; rerender(); } }), ' Give each contact a unique coupon ({{coupon}})'),
      step.coupon ? el('div', { class: 'inline' },
        input('Pattern (# digit, ? letter, * either)', step.coupon.pattern, v => { step.coupon.pattern = v || null; changed(); }),
        input('or imported pool', step.coupon.pool, v => { step.coupon.pool = v || null; changed(); }),
        input('Valid days', step.coupon.validDays, v => { step.coupon.validDays = v; changed(); }, { type: 'number', min: 1 })) : '');

    function rerender() { box.replaceWith(stepEditor(step, opts)); opts.onChange?.(); }
    box.append(
      el('div', { class: 'inline' },
        input('Step name', step.name, v => { step.name = v; changed(); }, { name: 'stepName' }),
        el('label', {}, 'Kind', el('select', { onchange: e => { step.kind = e.target.value; changed(); } }, ['message', 'survey', 'contest'].map(k => el('option', { value: k, selected: (step.kind || 'message') === k }, k)))),
        opts.waits ? input('Wait (days)', step.waitDays ?? 0, v => { step.waitDays = v; changed(); }, { type: 'number', min: 0, name: 'waitDays' }) : ''),
      opts.waits ? el('label', {}, el('input', { type: 'checkbox', checked: step.onlyIfNotEngaged !== false, onchange: e => { step.onlyIfNotEngaged = e.target.checked; changed(); } }), ' Only to contacts who have not engaged yet') : '',
      el('label', {}, 'Message', template), picker, counterOut, el('span', { class: 'field-error', 'data-for': opts.path + '.template' }),
      el('div', { class: 'inline' },
        el('label', {}, el('input', { type: 'checkbox', name: 'smartEncoding', checked: !!step.smartEncoding, onchange: e => { step.smartEncoding = e.target.checked; changed(); } }), ' Names in GSM letters (Ș → S)'),
        input('Names longer than (use the fallback)', step.maxNameLength, v => { step.maxNameLength = v || null; changed(); }, { type: 'number', min: 1, name: 'maxNameLength' }),
        input('At most parts', step.maxParts, v => { step.maxParts = v || null; changed(); }, { type: 'number', min: 1, name: 'maxParts' })),
      el('label', {}, 'A/B variants (one text per line, 1–3; each contact gets one at random)',
        el('textarea', { name: 'variants', rows: 2, oninput: e => { const v = e.target.value.split('\n').map(t => t.trim()).filter(Boolean); step.variants = v.length ? v : null; changed(); } }, (step.variants || []).join('\n'))),
      el('span', { class: 'field-error', 'data-for': opts.path + '.variants' }),
      input('Link URL (when there is no landing page)', step.linkUrl, v => { step.linkUrl = v || null; changed(); }),
      landing, coupon);
    check();
    return box;
  }

  // Links in SMS must be reachable from the contacts' phones: say so when they would point at this box's loopback.
  async function linkWarning(container) {
    const r = await api('GET', '/api/v1/settings');
    const base = r.ok ? r.data.marketing.publicBaseUrl : '';
    if (/\/\/(localhost|127\.|\[::1\])/.test(base)) {
      container.prepend(el('p', { class: 'card error', id: 'link-warning' }, `Short links would point to ${base}, which phones cannot open. Set Gateway:Marketing:PublicBaseUrl to an address your customers can reach (see the README).`));
    }
  }

  window.RE.stepEditor = stepEditor;
  window.RE.linkWarning = linkWarning;
})();
