// The /admin page's one script: plain DOM calls over the JSON API under /v1/admin, with the
// administrator's key from sessionStorage (it never enters a URL). Text goes in as text only.
'use strict';

(() => {
  const KEY = 'csec-admin-key';
  const ROLLOUTS = 'csec-admin-rollouts';
  const $ = (selector) => document.querySelector(selector);

  /** An element with properties and children (strings become text nodes). */
  function el(tag, props = {}, ...children) {
    const node = Object.assign(document.createElement(tag), props);
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child ?? '')));
    return node;
  }

  function say(message, isError = false) {
    const status = $('#status');
    status.textContent = message;
    status.classList.toggle('error', isError);
  }

  /** One API call; a refusal becomes an Error naming its code and failing fields. */
  async function api(method, path, body) {
    const key = sessionStorage.getItem(KEY);
    if (!key) throw new Error('Enter an administrator API key first.');
    const res = await fetch(`/v1/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = res.status === 204 ? null : await res.json();
    if (!res.ok) {
      const error = (data && data.error) || { code: String(res.status), message: res.statusText };
      const fields = (error.fields || []).map((f) => `${f.path}: ${f.message}`).join('; ');
      throw new Error(`${error.code}: ${error.message}${fields ? ` (${fields})` : ''}`);
    }
    return data;
  }

  /** Runs an action, showing its failure in the status line. */
  const guarded = (action) => async (event) => {
    if (event) event.preventDefault();
    try {
      await action(event);
    } catch (err) {
      say(err.message, true);
    }
  };

  const duration = (seconds) => {
    if (seconds === null || seconds === undefined) return '—';
    if (seconds % 3600 === 0) return `${seconds / 3600} h`;
    return seconds % 60 ? `${seconds} s` : `${seconds / 60} min`;
  };
  const fill = (tbody, rows) => tbody.replaceChildren(...rows);

  // Timer policies.
  let policies = [];

  async function loadPolicies() {
    const { policies: list } = await api('GET', '/timer-policies');
    policies = list;
    fill(
      $('#policy-table tbody'),
      list.map((p) => {
        const change = p.lastChange;
        const edit = el('button', { type: 'button', textContent: 'Edit' });
        edit.dataset.policy = `${p.obligation}/${p.step}`;
        edit.addEventListener('click', () => openPolicyForm(p));
        return el(
          'tr',
          {},
          el('td', {}, p.obligation),
          el('td', { title: p.title || '' }, p.step),
          el('td', {}, duration(p.value.acknowledgeWithinSeconds)),
          el('td', {}, duration(p.value.completeWithinSeconds)),
          el('td', {}, duration(p.value.escalateEverySeconds)),
          el('td', {}, p.source || ''),
          el('td', {}, change ? `${change.at.slice(0, 16).replace('T', ' ')} by ${change.by} (${change.scope}): ${change.reason}` : '—'),
          el('td', {}, edit),
        );
      }),
    );
    return list;
  }

  function openPolicyForm(p) {
    const form = $('#policy-form');
    form.reset();
    form.hidden = false;
    $('#policy-name').textContent = `${p.obligation} / ${p.step}`;
    form.obligation.value = p.obligation;
    form.step.value = p.step;
    form.acknowledgeWithinSeconds.value = p.value.acknowledgeWithinSeconds;
    form.completeWithinSeconds.value = p.value.completeWithinSeconds ?? '';
    form.completeWithinSeconds.disabled = p.value.completeWithinSeconds === null;
    form.escalateEverySeconds.value = p.value.escalateEverySeconds;
    $('#policy-result').textContent = '';
    $('#apply').disabled = true;
    form.scrollIntoView();
    form.reason.focus();
  }

  /** The change the form describes (only the timers that differ from the policy's now). */
  function policyChange() {
    const form = $('#policy-form');
    const current = policies.find((p) => p.obligation === form.obligation.value && p.step === form.step.value);
    const change = { reason: form.reason.value, scope: form.scope.value };
    for (const name of ['acknowledgeWithinSeconds', 'completeWithinSeconds', 'escalateEverySeconds']) {
      const input = form[name];
      if (input.disabled || input.value === '') continue;
      const value = Number(input.value);
      if (!current || current.value[name] !== value) change[name] = value;
    }
    if (change.scope === 'running') Object.assign(change, { overdue: form.overdue.value, graceSeconds: Number(form.graceSeconds.value) });
    return { path: `/timer-policies/${encodeURIComponent(form.obligation.value)}/${encodeURIComponent(form.step.value)}`, change };
  }

  function describe(answer) {
    const p = answer.policy.value;
    const lines = [
      `${answer.dryRun ? 'Would set' : 'Set'}: acknowledge within ${duration(p.acknowledgeWithinSeconds)}, complete within ${duration(p.completeWithinSeconds)}, escalate every ${duration(p.escalateEverySeconds)}.`,
    ];
    const preview = answer.preview;
    if (preview) {
      lines.push(
        `Running processes: ${preview.matched} matched; ${preview.steps.rearmed} steps would be re-armed, ${preview.steps.escalateNow} would escalate at once, ${preview.steps.graced} would get the grace period.`,
      );
    } else if (answer.dryRun) {
      lines.push('Running processes keep their deadlines.');
    }
    if (answer.rolloutId) lines.push(`Rollout ${answer.rolloutId} started: see below.`);
    return lines.join('\n');
  }

  let dryRunOf = null;

  const dryRun = guarded(async () => {
    const { path, change } = policyChange();
    const answer = await api('PUT', path, { ...change, dryRun: true });
    $('#policy-result').textContent = describe(answer);
    dryRunOf = JSON.stringify({ path, change });
    $('#apply').disabled = false;
    say('Dry run done: nothing changed. Apply to make the change.');
  });

  const apply = guarded(async () => {
    const { path, change } = policyChange();
    if (JSON.stringify({ path, change }) !== dryRunOf) throw new Error('The form changed since the dry run: run it again first.');
    const answer = await api('PUT', path, { ...change, dryRun: false });
    $('#policy-result').textContent = describe(answer);
    $('#apply').disabled = true;
    dryRunOf = null;
    if (answer.rolloutId) remember(answer.rolloutId);
    say('Policy changed.');
    await loadPolicies();
    await loadRollouts();
  });

  // Rollouts: those this session started, and each policy's last one.
  const remembered = () => JSON.parse(sessionStorage.getItem(ROLLOUTS) || '[]');
  const remember = (id) => sessionStorage.setItem(ROLLOUTS, JSON.stringify([...new Set([id, ...remembered()])].slice(0, 50)));
  let refreshTimer;

  async function loadRollouts() {
    clearTimeout(refreshTimer);
    const ids = [...new Set([...remembered(), ...policies.map((p) => p.lastChange && p.lastChange.rolloutId).filter(Boolean)])];
    const rollouts = await Promise.all(ids.map((id) => api('GET', `/rollouts/${encodeURIComponent(id)}`).catch(() => null)));
    const shown = rollouts.filter(Boolean);
    fill(
      $('#rollout-table tbody'),
      shown.map((r) =>
        el(
          'tr',
          {},
          el('td', { title: r.rolloutId }, r.rolloutId.slice(0, 8)),
          el('td', {}, `${r.obligation} / ${r.kind}`),
          el('td', { className: r.status === 'RUNNING' ? 'running' : '' }, r.status),
          el('td', {}, r.matched),
          el('td', {}, r.updated),
          el('td', {}, r.skipped),
          el('td', { title: r.failed.map((f) => `${f.processId}: ${f.why}`).join('\n') }, r.failed.length),
          el('td', {}, `${r.steps.rearmed} / ${r.steps.escalateNow} / ${r.steps.graced}`),
        ),
      ),
    );
    if (shown.some((r) => r.status === 'RUNNING')) refreshTimer = setTimeout(guarded(loadRollouts), 3000);
  }

  // Directory.
  async function loadDirectory() {
    const [{ agencies }, { representatives }, { chains }, { designations }] = await Promise.all(
      ['/agencies', '/representatives', '/escalation-chains', '/designations'].map((path) => api('GET', path)),
    );
    const designated = new Set(designations.map((d) => d.agencyId).filter(Boolean));
    const nameOf = (id) => (agencies.find((a) => a.id === id) || { name: id }).name;
    fill(
      $('#agency-table tbody'),
      agencies.map((a) => el('tr', {}, el('td', {}, a.id), el('td', {}, a.name), el('td', {}, a.type), el('td', {}, designated.has(a.id) ? 'yes' : ''))),
    );
    fill(
      $('#rep-table tbody'),
      representatives.map((r) => {
        const toggle = (field, label) => {
          const button = el('button', { type: 'button', textContent: label });
          button.addEventListener(
            'click',
            guarded(async () => {
              await api('PUT', `/representatives/${encodeURIComponent(r.id)}`, { [field]: !r[field] });
              say(`${r.displayName}: ${field} is now ${!r[field]}.`);
              await loadDirectory();
            }),
          );
          return button;
        };
        return el(
          'tr',
          {},
          el('td', { title: r.agencyId }, nameOf(r.agencyId)),
          el('td', {}, r.role),
          el('td', {}, r.displayName),
          el('td', {}, r.email),
          el('td', {}, r.onCall ? 'yes' : ''),
          el('td', {}, r.active ? 'yes' : 'no'),
          el('td', {}, toggle('onCall', r.onCall ? 'Take off call' : 'Put on call'), ' ', toggle('active', r.active ? 'Deactivate' : 'Reactivate')),
        );
      }),
    );
    $('#rep-form').agencyId.replaceChildren(...agencies.map((a) => el('option', { value: a.id, textContent: a.name })));
    fill(
      $('#chain-table tbody'),
      chains.map((c) =>
        el(
          'tr',
          {},
          el('td', {}, nameOf(c.agencyId)),
          el('td', {}, c.role),
          el('td', {}, c.levels.map((l) => `${l.level}. ${nameOf(l.agencyId)} ${l.role}`).join(' → ')),
        ),
      ),
    );
  }

  const addRepresentative = guarded(async () => {
    const form = $('#rep-form');
    const body = { agencyId: form.agencyId.value, role: form.role.value.trim().toUpperCase(), email: form.email.value.trim(), onCall: form.onCall.checked };
    if (form.displayName.value.trim()) body.displayName = form.displayName.value.trim();
    await api('POST', '/representatives', body);
    form.reset();
    say('Representative added.');
    await loadDirectory();
  });

  // Loads each part on its own: a part the key may not read (or a route not there) leaves the others shown.
  async function loadAll() {
    const failures = [];
    for (const load of [loadPolicies, loadRollouts, loadDirectory]) {
      try {
        await load();
      } catch (err) {
        failures.push(err.message);
      }
    }
    if (failures.length) say(failures.join(' | '), true);
    else say('Loaded.');
  }

  function showKeyState() {
    $('#key-state').textContent = sessionStorage.getItem(KEY) ? 'Key set for this tab' : 'No key';
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('#key-form').addEventListener('submit', (event) => {
      event.preventDefault();
      sessionStorage.setItem(KEY, $('#api-key').value.trim());
      $('#api-key').value = '';
      showKeyState();
      void loadAll();
    });
    $('#forget-key').addEventListener('click', () => {
      sessionStorage.removeItem(KEY);
      showKeyState();
      say('Key forgotten.');
    });
    $('#policy-form').addEventListener('submit', dryRun);
    $('#policy-form').addEventListener('input', () => ($('#apply').disabled = true));
    $('#apply').addEventListener('click', apply);
    $('#cancel-edit').addEventListener('click', () => ($('#policy-form').hidden = true));
    $('#refresh-rollouts').addEventListener('click', guarded(loadRollouts));
    $('#rep-form').addEventListener('submit', addRepresentative);
    showKeyState();
    if (sessionStorage.getItem(KEY)) void loadAll();
  });
})();
