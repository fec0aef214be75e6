// Shared helpers for the dashboard pages: the API (with the session cookie and the antiforgery
// token), field errors next to their inputs, the live hub, small DOM helpers.
(function () {
  const csrf = document.querySelector('meta[name=csrf]')?.content;
  const role = document.querySelector('meta[name=role]')?.content || '';
  // The page's language (<html lang>, the request's culture): texts from /i18n/{lang}.js, formats by Intl.
  const lang = document.documentElement.lang || 'en';
  const texts = window.RE_TEXT || {};
  const missing = [];

  // A text in the page's language: the key is the English text (DashboardText.resx), {0}… its arguments.
  // A key no resource file holds shows as it is and is listed in RE.missing (the browser tests read it).
  function t(key, ...args) {
    let text = texts[key];
    if (text === undefined) { text = key; note(key); }
    return args.length ? text.replace(/\{(\d+)\}/g, (m, i) => args[+i] ?? '') : text;
  }
  // A machine value shown to people (a state, a kind): its label is keyed value.<wire name>; unknown ones show as they are.
  function word(value) {
    if (value === null || value === undefined || value === '') return '';
    const text = texts['value.' + value];
    if (text === undefined) { note('value.' + value); return String(value); }
    return text;
  }
  function note(key) { if (!missing.includes(key)) { missing.push(key); console.warn('No dashboard text for', key); } }

  // Numbers and money in the page's language: 1.234,5 and 12,50 € in Italian.
  function num(value, digits) {
    if (value === null || value === undefined || value === '' || isNaN(+value)) return value ?? '';
    return new Intl.NumberFormat(lang, digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(+value);
  }
  function money(value, currency) {
    if (!currency) return num(value ?? 0);
    try { return new Intl.NumberFormat(lang, { style: 'currency', currency, maximumFractionDigits: 4 }).format(+(value ?? 0)); } catch { return `${num(value ?? 0)} ${currency}`; }
  }
  function date(value) { return value ? new Date(value).toLocaleDateString(lang) : ''; }
  function time(value) { return value ? new Date(value).toLocaleTimeString(lang) : ''; }

  async function api(method, url, body, options) {
    const headers = { 'X-CSRF-TOKEN': csrf };
    let payload;
    if (body instanceof Blob || typeof body === 'string') { payload = body; headers['Content-Type'] = options?.contentType || 'text/csv'; }
    else if (body !== undefined) { payload = JSON.stringify(body); headers['Content-Type'] = 'application/json'; }
    const response = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' });
    let data = null;
    const type = response.headers.get('content-type') || '';
    if (type.includes('json')) data = await response.json();
    else if (response.status !== 204) data = await response.text();
    return { ok: response.ok, status: response.status, data };
  }

  // Problem details → messages next to [data-for=field] (or the form's .form-error); nothing typed is lost.
  function showErrors(form, problem) {
    clearErrors(form);
    const errors = problem?.errors || {};
    let shown = false;
    const list = Array.isArray(errors) ? errors.map(e => [e.field || '', t('Line {0}: {1}', e.line, e.message)]) : Object.entries(errors).map(([k, v]) => [k, [].concat(v).join(' ')]);
    for (const [field, message] of list) {
      const target = form.querySelector(`[data-for="${CSS.escape(field)}"]`) || form.querySelector(`[data-for="${CSS.escape(field.split('.').pop())}"]`);
      if (target) { target.textContent = message; shown = true; }
      else { append(form, message); shown = true; }
    }
    if (!shown) append(form, problem?.detail || problem?.title || t('Something went wrong.'));
    function append(f, message) {
      let box = f.querySelector('.form-error');
      if (!box) { box = el('p', { class: 'error form-error', role: 'alert' }); f.prepend(box); }
      box.textContent = (box.textContent ? box.textContent + ' ' : '') + message;
    }
  }

  function clearErrors(form) {
    form.querySelectorAll('.field-error').forEach(e => e.textContent = '');
    form.querySelectorAll('.form-error').forEach(e => e.remove());
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else if (k === 'html') node.innerHTML = v;
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child instanceof Node ? child : String(child));
    return node;
  }

  function when(value) {
    if (!value) return '';
    const d = new Date(value);
    return d.toLocaleString(lang, { dateStyle: 'short', timeStyle: 'short' });
  }

  function toast(text) {
    const box = el('div', { class: 'toast', role: 'status' }, text);
    document.body.append(box);
    setTimeout(() => box.remove(), 3500);
  }

  // "1 contact", "2 contacts": counts read as sentences; one and other are two texts ('{0} contact', '{0} contacts'), {1}… more arguments.
  function plural(n, one, other, ...args) { return t(n === 1 ? one : other, num(n), ...args); }

  function debounce(fn, ms) { let t; return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); }; }

  let hub;
  function live() {
    if (!hub) {
      hub = new signalR.HubConnectionBuilder().withUrl('/hubs/gateway').withAutomaticReconnect().build();
      hub.start().catch(() => setTimeout(() => hub.start(), 2000));
    }
    return hub;
  }

  // The SMS counter under a textarea: encoding, parts, characters left, what forces UCS-2.
  function counter(textarea, output, check) {
    const run = debounce(async () => {
      const text = textarea.value;
      const r = check ? await check(text) : await api('GET', '/api/v1/sms/count?text=' + encodeURIComponent(text));
      if (!r.ok) { output.textContent = r.data?.errors ? Object.values(r.data.errors).flat().join(' ') : t('Cannot count this text.'); return; }
      const c = r.data;
      const ucs = (c.nonGsmCharacters || []).length ? el('span', { class: 'ucs2' }, ' · ' + t('UCS-2 because of: {0}', c.nonGsmCharacters.join(' '))) : '';
      output.replaceChildren(el('b', {}, plural(c.parts, '{0} part', '{0} parts')), ` · ${(c.encoding || '').toUpperCase()}`,
        c.left !== undefined ? ' · ' + t('{0} characters, {1} left in this part', num(c.characters), num(c.left)) : '', ucs,
        c.tooLong ? el('span', { class: 'error' }, ' · ' + t('too long')) : '',
        c.costPerMessage !== undefined && c.costPerMessage !== null ? ' · ' + t('{0} per message', money(c.costPerMessage, c.currency)) : '',
        (c.errors || []).length ? el('span', { class: 'error' }, ' · ' + c.errors.join(' ')) : '');
      output.dataset.parts = c.parts;
      output.dataset.encoding = c.encoding;
    }, 200);
    textarea.addEventListener('input', run);
    run();
    return run;
  }

  function can(...roles) { return roles.includes(role); }

  // A disabled webhook misses events until someone acts: admins see it on every page until it is enabled again.
  async function webhookNotice() {
    if (!can('Admin') || !document.querySelector('header.top')) return;
    const r = await api('GET', '/api/v1/webhooks');
    const off = r.ok && Array.isArray(r.data) ? r.data.filter(w => !w.enabled) : [];
    if (!off.length) return;
    document.querySelector('main').prepend(el('div', { class: 'notice', id: 'webhook-notice', role: 'alert' },
      off.map(w => el('p', {}, el('b', {}, t('Webhook disabled:') + ' '), t('{0} receives no events since {1}.', w.url, when(w.disabledAt)) + ` ${w.disabledReason || ''} `,
        el('a', { href: '/settings#webhooks' }, t('Settings'))))));
  }

  // The language picker changes as soon as a language is chosen; its button is for browsers without scripts.
  const picker = document.getElementById('language');
  if (picker) { picker.querySelector('button').hidden = true; picker.culture.addEventListener('change', () => picker.submit()); }

  window.RE = { api, showErrors, clearErrors, el, when, toast, debounce, plural, live, counter, can, role, t, word, num, money, date, time, lang, missing };
  webhookNotice();
})();
