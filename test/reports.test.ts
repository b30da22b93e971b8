// Compliance reports against a hand-computed fixture of reporting facts (their own county, so no
// other suite's facts count): the numbers, CSV = JSON, small-cell suppression, who may read them,
// bad ranges; and the /reports page drawing them in headless Chromium.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateApiKey } from '../common/api-keys';
import type { ComplianceRow } from '../common/compliance';
import type { Db } from '../common/db';
import { DEMO_API_KEYS } from '../prisma/seed';
import { serveApi, type TestApi } from './support/api';
import { openBrowserPage } from './support/browser';
import { startStack, type TestStack } from './support/stack';

jest.setTimeout(180_000);

const u = randomUUID().slice(0, 8);
const county = `Reports County ${u}`;
// Rows come in agency order: B, A, C.
const [A, B, C] = ['probation', 'advocacy', 'sheriff'].map((a) => `rpt-${u}-${a}`);

type Event = [event: string, afterSeconds: number, outcome?: string];
const done = (ack: number, complete = ack): Event[] => [
  ['ACKNOWLEDGED', ack],
  ['COMPLETED', complete],
];

let n = 0;
/**
 * One step's facts: OPENED at `openedAt`, then each event that many seconds later. Each fact
 * carries the step's level then, as the workflow records it: each ESCALATED raises it by one.
 */
function step(agencyId: string, stepKind: string, youthRef: string, openedAt: string, events: Event[], factCounty = county) {
  const workflowId = `le-contact/${youthRef}/${agencyId}/K${++n}`;
  const at0 = Date.parse(openedAt);
  let level = 0;
  return [['OPENED', 0] as Event, ...events].map(([event, after, outcome], seq) => ({
    key: `${workflowId}:run:${stepKind}:${seq}:${event}`,
    at: new Date(at0 + after * 1000),
    workflowId,
    obligation: 'le-contact',
    county: factCounty,
    stepId: stepKind,
    stepKind,
    youthRef,
    event,
    level: event === 'ESCALATED' ? ++level : level,
    agencyId,
    outcome: outcome ?? null,
  }));
}

const hours = (iso: string, h: number) => new Date(Date.parse(iso) + h * 3600_000).toISOString();
const youth = (label: string, i: number) => `Y-${u}-${label}${i}`;

// The county keeps the default time zone (America/Los_Angeles, UTC-8 in November): weeks start
// on Monday 2026-11-02 and 2026-11-09 at 08:00 UTC.
function fixture() {
  const facts = [];
  // Week 1, agency A, 12 youth: 7 on time (acknowledged and completed after 1..7 minutes); 3 late:
  // escalated after 15 minutes, then acknowledged (#7 not completed yet: open, but not overdue
  // now; #9 escalated again, to level 2); 1 declined after escalating (declined, not late); 1 withdrawn.
  const lateA: Record<number, Event[]> = {
    7: [
      ['ESCALATED', 900],
      ['ACKNOWLEDGED', 1200],
    ],
    8: [['ESCALATED', 900], ...done(1200)],
    9: [['ESCALATED', 900], ['ESCALATED', 1100], ...done(1200)],
    10: [
      ['ESCALATED', 900],
      ['ACKNOWLEDGED', 1800],
      ['COMPLETED', 1800, 'DECLINED_BY_YOUTH'],
    ],
    11: [['WITHDRAWN', 300]],
  };
  for (let i = 0; i < 12; i++) facts.push(...step(A, 'probation-jjc-notice', youth('a', i), hours('2026-11-03T17:00:00Z', i), lateA[i] ?? done((i + 1) * 60)));
  // Week 1, agency B, 11 youth: 10 acknowledged after 5 minutes and completed in an hour (one of
  // them opened on Sunday 23:00 local, Monday 07:00 UTC: still week 1; #8 acknowledged on time but
  // escalated for its completion after 40 minutes: late), 1 escalated and still open, overdue now
  // (a failed notice after the escalation changes nothing).
  const lateB: Record<number, Event[]> = {
    8: [
      ['ACKNOWLEDGED', 300],
      ['ESCALATED', 2400],
      ['COMPLETED', 3600],
    ],
    10: [
      ['ESCALATED', 900],
      ['NOTIFY_FAILED', 901],
    ],
  };
  for (let i = 0; i < 11; i++) {
    const openedAt = i === 9 ? '2026-11-09T07:00:00Z' : hours('2026-11-04T10:00:00Z', i);
    facts.push(...step(B, 'advocate-response', youth('b', i), openedAt, lateB[i] ?? done(300, 3600)));
  }
  // Week 1, agency C: 5 youth, all on time: suppressed.
  for (let i = 0; i < 5; i++) facts.push(...step(C, 'child-abuse-phone-report', youth('c', i), hours('2026-11-05T12:00:00Z', i), done(600)));
  // Week 2, agency A: 12 steps but only 10 youth: suppressed. #0 escalated to levels 1, 2 and 3
  // and was reminded (not an escalation) before its acknowledgment: late.
  const escalatedW: Event[] = [['ESCALATED', 30], ['ESCALATED', 60], ['ESCALATED', 90], ['REMINDER', 100], ...done(120)];
  for (let i = 0; i < 12; i++)
    facts.push(...step(A, 'probation-jjc-notice', youth('w', i % 10), hours('2026-11-10T17:00:00Z', i), i === 0 ? escalatedW : done(120)));
  // Outside the range (a minute before Monday 2026-11-02 local; Monday 2026-11-16 local), and another county.
  facts.push(...step(A, 'probation-jjc-notice', youth('o', 1), '2026-11-02T07:59:00Z', done(60)));
  facts.push(...step(A, 'probation-jjc-notice', youth('o', 2), '2026-11-16T08:00:00Z', done(60)));
  facts.push(...step(A, 'probation-jjc-notice', youth('o', 3), '2026-11-04T12:00:00Z', done(60), `Elsewhere ${u}`));
  return facts;
}

async function keyFor(db: Db, agencyId: string, type: 'DA' | 'PROBATION', o: { coordinator?: boolean; admin?: boolean } = {}) {
  await db.agency.upsert({ where: { id: agencyId }, create: { id: agencyId, name: agencyId, type, county }, update: {} });
  if (o.coordinator) await db.representative.create({ data: { agencyId, displayName: 'Coordinator', email: 'mdt@county.invalid', role: 'MDT_COORDINATOR' } });
  const { key, prefix, secretHash } = generateApiKey();
  await db.apiKey.create({ data: { agencyId, prefix, secretHash, label: 'reports test', admin: o.admin ?? false } });
  return key;
}

let stack: TestStack;
let api: TestApi;
const keys = { coordinator: '', admin: '', probation: '' };

beforeAll(async () => {
  stack = await startStack();
  api = await serveApi(stack);
  await stack.db.stepFact.createMany({ data: fixture() });
  keys.coordinator = await keyFor(stack.db, `rpt-${u}-da`, 'DA', { coordinator: true });
  keys.admin = await keyFor(stack.db, `rpt-${u}-admin`, 'DA', { admin: true });
  keys.probation = await keyFor(stack.db, A, 'PROBATION');
});

afterAll(async () => {
  await api?.close();
  await stack?.close();
});

const range = 'from=2026-11-02&to=2026-11-15';
const report = (query: string, key = keys.coordinator, headers: Record<string, string> = {}) =>
  api.call('GET', `/v1/reports/compliance?${query}`, { key, headers });
const hidden = { youth: null, owed: null, onTime: null, late: null, declined: null, withdrawn: null, pending: null, onTimeRate: null };
const hiddenTimes = { acknowledgeMedianSeconds: null, acknowledgeP90Seconds: null, completeMedianSeconds: null, completeP90Seconds: null };
const hiddenNew = {
  acknowledgedOnTimeRate: null,
  completedOnTimeRate: null,
  escalationsLevel1: null,
  escalationsLevel2: null,
  escalationsLevel3Plus: null,
  openOverdueNow: null,
};

test('per agency, step kind and local week: the hand-computed numbers, small cells suppressed', async () => {
  const res = await report(range);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ county, from: '2026-11-02', to: '2026-11-15', groupBy: 'step', interval: 'week', minimumYouth: 11 });
  const kind = (week: string, agencyId: string, stepKind: string) => ({ week, agencyId, obligation: 'le-contact', stepKind });
  expect(res.body.rows).toEqual([
    {
      ...kind('2026-11-02', B, 'advocate-response'),
      suppressed: false,
      ...{ youth: 11, owed: 11, onTime: 9, late: 2, declined: 0, withdrawn: 0, pending: 0, onTimeRate: 0.818 },
      // Acknowledged before any escalation: 10 of 11 (#8 too: its escalation was for completion); completed
      // with no deadline missed: 9 of 11 (#8 and the open #10 missed one).
      ...{ acknowledgedOnTimeRate: 0.909, completedOnTimeRate: 0.818 },
      ...{ acknowledgeMedianSeconds: 300, acknowledgeP90Seconds: 300, completeMedianSeconds: 3600, completeP90Seconds: 3600 },
      ...{ escalationsLevel1: 2, escalationsLevel2: 0, escalationsLevel3Plus: 0, openOverdueNow: 1 },
    },
    {
      ...kind('2026-11-02', A, 'probation-jjc-notice'),
      suppressed: false,
      ...{ youth: 12, owed: 12, onTime: 7, late: 3, declined: 1, withdrawn: 1, pending: 0, onTimeRate: 0.7 },
      // The declined and withdrawn steps count in neither rate: 7 on time and 3 escalated before their acknowledgment.
      ...{ acknowledgedOnTimeRate: 0.7, completedOnTimeRate: 0.7 },
      // Acknowledged after 60..420 s, 1200 s (x3), 1800 s: the 6th of 11, and 90% of the way (the 10th).
      // Completed (#7 is not) after 60..420 s, 1200 s (x2), 1800 s (declined): median halfway between
      // the 5th and 6th of 10 (300, 360); 90th percentile 10% of the way from the 9th (1200) to the 10th (1800).
      ...{ acknowledgeMedianSeconds: 360, acknowledgeP90Seconds: 1200, completeMedianSeconds: 330, completeP90Seconds: 1260 },
      // #7..#10 escalated to level 1, #9 then to level 2; #7 was acknowledged since, so none is overdue now.
      ...{ escalationsLevel1: 4, escalationsLevel2: 1, escalationsLevel3Plus: 0, openOverdueNow: 0 },
    },
    { ...kind('2026-11-02', C, 'child-abuse-phone-report'), suppressed: true, ...hidden, ...hiddenTimes, ...hiddenNew },
    { ...kind('2026-11-09', A, 'probation-jjc-notice'), suppressed: true, ...hidden, ...hiddenTimes, ...hiddenNew },
  ]);
});

test('per obligation over the whole range: every step of the range counts once', async () => {
  const res = await report(`${range}&groupBy=obligation&interval=all`, keys.admin);
  expect(res.status).toBe(200);
  expect(res.body.rows).toEqual([
    {
      week: null,
      agencyId: null,
      obligation: 'le-contact',
      stepKind: null,
      suppressed: false,
      // Late: B 2, A 3 in week 1, and week 2's #0; on time: 9 + 7 + 5 (C) + 11 (week 2).
      ...{ youth: 38, owed: 40, onTime: 32, late: 6, declined: 1, withdrawn: 1, pending: 0, onTimeRate: 0.842 },
      // Acknowledged before any escalation: 10 (B) + 7 (A) + 5 (C) + 11 (week 2) of those 38.
      ...{ acknowledgedOnTimeRate: 0.868, completedOnTimeRate: 0.842 },
      // 38 acknowledgments: 60, 120 (x13), 180, 240, 300 (x11), 360, 420, 600 (x5), 1200 (x3), 1800.
      // Median: the 19th and 20th (300); 90th percentile: 30% of the way from the 34th (600) to the 35th (1200).
      // 37 completions: 60, 120 (x13), 180, 240, 300, 360, 420, 600 (x5), 1200 (x2), 1800, 3600 (x10).
      // Median: the 19th (420); 90th percentile: 40% of the way from the 33rd to the 34th (both 3600).
      ...{ acknowledgeMedianSeconds: 300, acknowledgeP90Seconds: 780, completeMedianSeconds: 420, completeP90Seconds: 3600 },
      // Level 1: B 2, A 4, week 2 one; level 2: A's #9 and week 2's #0, which alone reached level 3 (its reminder is not counted).
      ...{ escalationsLevel1: 7, escalationsLevel2: 2, escalationsLevel3Plus: 1, openOverdueNow: 1 },
    },
  ]);
});

test('CSV on Accept: text/csv holds the same rows as the JSON', async () => {
  const query = `${range}&groupBy=agency`;
  const [json, csv] = await Promise.all([report(query), report(query, keys.coordinator, { accept: 'text/csv' })]);
  expect(csv.status).toBe(200);
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  expect(csv.headers.get('content-disposition')).toBe('attachment; filename=compliance-2026-11-02-2026-11-15.csv');
  const [header, ...lines] = csv.text.trimEnd().split('\r\n');
  const columns = header.split(',');
  expect(columns).toEqual(Object.keys(json.body.rows[0]));
  const fromCsv = lines.map((line) =>
    Object.fromEntries(
      line.split(',').map((v, i) => [columns[i], v === '' ? null : v === 'true' || v === 'false' ? v === 'true' : /^[\d.]+$/.test(v) ? Number(v) : v]),
    ),
  );
  const rows = json.body.rows as ComplianceRow[];
  expect(rows.map((r) => [r.week, r.agencyId, r.suppressed])).toEqual([
    ['2026-11-02', B, false],
    ['2026-11-02', A, false],
    ['2026-11-02', C, true],
    ['2026-11-09', A, true],
  ]);
  expect(fromCsv).toEqual(rows);
});

test('only the MDT coordinator and administrators read the report; others get 403, and no key 401', async () => {
  expect((await report(range, keys.probation)).body.error.code).toBe('FORBIDDEN');
  expect((await api.call('GET', `/v1/reports/compliance?${range}`)).status).toBe(401);
  expect((await report(range, keys.coordinator, { accept: 'text/html' })).status).toBe(406);
});

test.each([
  ['to before from', 'from=2026-11-15&to=2026-11-02', [{ path: 'query.to', message: 'must not be before from' }]],
  ['a range over two years', 'from=2024-11-01&to=2026-11-02', [{ path: 'query.to', message: 'the range is at most two years' }]],
  ['no dates', '', [expect.objectContaining({ path: 'query.from' }), expect.objectContaining({ path: 'query.to' })]],
  ['a date that does not exist, an unknown grouping and parameter', 'from=2026-02-30&to=2026-03-01&groupBy=youth&x=1', expect.any(Array)],
])('%s: 400 with the fields', async (_what, query, fields) => {
  const res = await report(query);
  expect(res.status).toBe(400);
  expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', fields });
});

test('exactly two years is accepted', async () => {
  expect((await report('from=2024-11-15&to=2026-11-15')).status).toBe(200);
});

// The canvases' pixels and the charts' data, read in the page.
const drawnCharts = `[...document.querySelectorAll('canvas')].map((canvas) => {
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
  const { labels, datasets } = Chart.getChart(canvas).data;
  return { id: canvas.id, painted, labels, datasets: datasets.map((d) => ({ label: d.label, data: d.data })) };
})`;

interface ChartView {
  id: string;
  painted: number;
  labels: string[];
  datasets: { label: string; data: unknown[] }[];
}

test('the /reports page draws both charts in headless Chromium, sending the key only in a header', async () => {
  const { page, close } = await openBrowserPage();
  try {
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.goto(`${api.base}/reports`);
    await page.fill('#key', keys.coordinator);
    await page.fill('#from', '2026-11-02');
    await page.fill('#to', '2026-11-15');
    await page.click('button[type=submit]');
    await page.waitForSelector('body[data-state=drawn]', { timeout: 30_000 });
    const dir = join(__dirname, '..', 'screenshots');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'reports.png'), fullPage: true });

    const charts = await page.evaluate<ChartView[]>(drawnCharts);
    expect(charts).toEqual([
      {
        id: 'on-time-chart',
        painted: expect.any(Number),
        labels: ['2026-11-02', '2026-11-09'],
        // Agency C (5 youth) is not shown; A's second week (10 youth) is a gap.
        datasets: [
          { label: B, data: [81.8, null] },
          { label: A, data: [70, null] },
        ],
      },
      {
        id: 'acknowledge-chart',
        painted: expect.any(Number),
        labels: ['le-contact'],
        datasets: [
          { label: 'median', data: [5] },
          { label: '90th percentile', data: [13] },
        ],
      },
    ]);
    for (const chart of charts) expect(chart.painted).toBeGreaterThan(1000);
    expect(await page.textContent('#status')).toContain('2 agency-weeks not shown (fewer than 11 youth)');
    expect(urls.some((url) => url.includes('/v1/reports/compliance?'))).toBe(true);
    expect(urls.filter((url) => url.includes(keys.coordinator))).toEqual([]);
  } finally {
    await close();
  }
});

test('the page tells a caller without the right key why nothing is drawn', async () => {
  const { page, close } = await openBrowserPage();
  try {
    await page.goto(`${api.base}/reports`);
    await page.fill('#key', keys.probation);
    await page.click('button[type=submit]');
    await page.waitForSelector('body[data-state=failed]', { timeout: 30_000 });
    expect(await page.textContent('#status')).toMatch(/Only the county's MDT coordinator and administrators/);
  } finally {
    await close();
  }
});

test("the README's demo data (npm run reports:demo) gives the demo county rows to draw", async () => {
  const env = { ...process.env, DATABASE_URL: process.env.CSEC_TEST_DATABASE_URL, CSEC_DEMO: 'true' };
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'scripts', 'demo-reports.ts')], { env, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const today = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 9 * 7 * 86400_000).toISOString().slice(0, 10);
  const res = await report(`from=${from}&to=${today}&groupBy=agency`, DEMO_API_KEYS.admin.key);
  expect(res.status).toBe(200);
  const shown = (res.body.rows as ComplianceRow[]).filter((r) => !r.suppressed);
  expect(new Set(shown.map((r) => r.agencyId)).size).toBeGreaterThanOrEqual(4);
  expect(new Set(shown.map((r) => r.week)).size).toBeGreaterThanOrEqual(8);
});
