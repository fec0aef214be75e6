// The business profile form (_BusinessForm.cshtml), on the first-run page and in Settings: filled from the
// settings in force, the first time from the browser's own time zone, and saved with PUT /api/v1/settings.
(() => {
  const { api, el, t, showErrors, clearErrors, toast } = RE;

  // One sentence on what quiet hours do, for every place a message may be held by them.
  function quietSentence(q) {
    return q.start
      ? t('Quiet hours: marketing SMS due between {0} and {1} ({2}) wait until {1}; a contact with their own time zone gets their own.', q.start.slice(0, 5), q.end.slice(0, 5), q.timeZone)
      : t('No quiet hours: marketing SMS go out at any hour.');
  }

  async function form(box, { firstRun = false, done } = {}) {
    const r = await api('GET', '/api/v1/settings');
    if (!r.ok) return;
    const s = r.data, b = s.business;
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const local = /\/\/(localhost|127\.|\[::1\])/;
    // Until the profile is saved the configuration's defaults are guesses: the browser knows the zone and the address used.
    box.country.value = b.country || (!b.saved && (navigator.language.split('-')[1] || '').toUpperCase()) || '';
    box.timeZone.value = b.saved || !browserZone ? b.timeZone : browserZone;
    box.currency.value = b.currency;
    box.publicBaseUrl.value = !b.saved && local.test(b.publicBaseUrl) && !local.test(location.origin) ? location.origin : b.publicBaseUrl;
    box.costPerPart.value = b.costPerPart;
    if (!b.saved) currencyOf(box);
    box.country.addEventListener('change', () => currencyOf(box));
    document.getElementById('business-quiet').textContent = quietSentence(s.quietHours);
    if (firstRun && !b.saved) box.querySelector('button[type=submit]').textContent = t('Save and continue');
    box.addEventListener('submit', async e => {
      e.preventDefault();
      const body = { business: { country: box.country.value, timeZone: box.timeZone.value, currency: box.currency.value.toUpperCase(), publicBaseUrl: box.publicBaseUrl.value, costPerPart: box.costPerPart.value === '' ? null : +box.costPerPart.value } };
      const saved = await api('PUT', '/api/v1/settings', body);
      if (!saved.ok) { showErrors(box, saved.data); return; }
      clearErrors(box);
      toast(t('Saved: it applies now.'));
      if (done) done();
    });
  }

  function currencyOf(box) {
    const currency = box.country.selectedOptions[0]?.dataset.currency;
    if (currency) box.currency.value = currency;
  }

  RE.business = { form, quietSentence };
})();
