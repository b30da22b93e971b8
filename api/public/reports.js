// The /reports page: asks for an API key (kept in memory only, sent in a header, never in a
// URL), reads the compliance report twice and draws it with Chart.js.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const DAY = 24 * 3600 * 1000;
  const isoDate = (ms) => new Date(ms).toISOString().slice(0, 10);
  $('to').value = isoDate(Date.now());
  $('from').value = isoDate(Date.now() - 12 * 7 * DAY);

  const charts = {};
  function draw(id, config) {
    charts[id]?.destroy();
    charts[id] = new Chart($(id), { ...config, options: { ...config.options, animation: false, maintainAspectRatio: false } });
  }

  async function report(key, query) {
    const res = await fetch(`/v1/reports/compliance?${new URLSearchParams(query)}`, {
      headers: { authorization: `Bearer ${key}`, accept: 'application/json' },
    });
    const body = await res.json();
    if (!res.ok) throw new Error(body.error?.message ?? `The report answered ${res.status}`);
    return body;
  }

  const sorted = (values) => [...new Set(values)].sort();
  const minutes = (seconds) => (seconds === null ? null : Math.round(seconds / 6) / 10);

  function drawOnTime(rows) {
    const weeks = sorted(rows.map((r) => r.week));
    const agencies = sorted(rows.filter((r) => !r.suppressed).map((r) => r.agencyId));
    const rate = (week, agency) => rows.find((r) => r.week === week && r.agencyId === agency && !r.suppressed)?.onTimeRate ?? null;
    draw('on-time-chart', {
      type: 'line',
      data: {
        labels: weeks,
        datasets: agencies.map((agency) => ({ label: agency, data: weeks.map((w) => (rate(w, agency) === null ? null : rate(w, agency) * 100)) })),
      },
      options: { scales: { y: { min: 0, max: 100, title: { display: true, text: '% on time' } }, x: { title: { display: true, text: 'week of' } } } },
    });
  }

  function drawAcknowledge(rows) {
    const shown = rows.filter((r) => !r.suppressed);
    draw('acknowledge-chart', {
      type: 'bar',
      data: {
        labels: shown.map((r) => r.obligation),
        datasets: [
          { label: 'median', data: shown.map((r) => minutes(r.acknowledgeMedianSeconds)) },
          { label: '90th percentile', data: shown.map((r) => minutes(r.acknowledgeP90Seconds)) },
        ],
      },
      options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'minutes' } } } },
    });
  }

  $('report-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const status = $('status');
    const range = { from: $('from').value, to: $('to').value };
    status.className = '';
    status.textContent = 'Loading…';
    document.body.dataset.state = 'loading';
    Promise.all([report($('key').value, { ...range, groupBy: 'agency' }), report($('key').value, { ...range, groupBy: 'obligation', interval: 'all' })])
      .then(([byAgency, byObligation]) => {
        drawOnTime(byAgency.rows);
        drawAcknowledge(byObligation.rows);
        const hidden = byAgency.rows.filter((r) => r.suppressed).length;
        status.textContent = `${byAgency.county}, ${range.from} to ${range.to}. ${hidden} agency-weeks not shown (fewer than ${byAgency.minimumYouth} youth).`;
        document.body.dataset.state = 'drawn';
      })
      .catch((err) => {
        status.className = 'error';
        status.textContent = err.message;
        document.body.dataset.state = 'failed';
      });
  });
})();
