// The overview page shows the scores per location and the monthly trend, rendered in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser } from './harness.mjs';

const binary = process.env.PEAKEND_BINARY;

test('overview page lists locations with their NPS and draws the monthly trend', async () => {
  assert.ok(binary, 'set PEAKEND_BINARY to the built peakend executable');
  const server = await startServer(binary);
  const browser = await openBrowser();
  try {
    await server.post('/api/v1/locations', [
      { external_id: 'shop-delft', name: 'Delft', kind: 'shop' },
      { external_id: 'webshop', name: 'Webshop', kind: 'webshop' },
    ]);
    const responses = [];
    // Delft: 9, 10, 10, 3 -> 75% - 25% = +50; Webshop: 2, 4, 8 -> 0% - 66.7% = -66.7
    [[9, '2026-01-10'], [10, '2026-01-12'], [10, '2026-02-03'], [3, '2026-02-04']].forEach(([nps, day], i) =>
      responses.push({ external_id: `D${i}`, location: 'shop-delft', nps, submitted_at: day }));
    [[2, '2026-01-15'], [4, '2026-02-15'], [8, '2026-02-16']].forEach(([nps, day], i) =>
      responses.push({ external_id: `W${i}`, location: 'webshop', nps, submitted_at: day }));
    await server.post('/api/v1/responses', responses);

    const page = await browser.newPage();
    await page.goto(server.base + '/');
    const rows = await page.locator('#locations tbody tr').allInnerTexts();
    assert.equal(rows.length, 2);
    assert.match(rows[0], /Delft\s+\+50\.0/);
    assert.match(rows[1], /Webshop\s+-66\.7/);
    assert.match(await page.locator('[data-testid=tile-nps] .value').innerText(), /^[+-]?\d+\.\d$/);
    // No CSAT was asked: the page says so instead of showing a misleading 0%.
    assert.equal(await page.locator('[data-testid=tile-csat] .value').innerText(), '—');
    // Two months of data -> two points on the trend line.
    assert.equal(await page.locator('svg[aria-label="NPS per month"] circle').count(), 2);
    await page.screenshot({ path: process.env.SCREENSHOT_PATH || '/tmp/peakend-overview.png', fullPage: true });
  } finally {
    await browser.close();
    server.stop();
  }
});

// The organisation's date (the server's default time zone) of an instant, and days before a date.
const AMSTERDAM = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });
const DAY_MS = 24 * 60 * 60 * 1000;
const daysBefore = (date, days) => new Date(Date.parse(date) - days * DAY_MS).toISOString().slice(0, 10);

// The aspects of the 30 days a link on the page names, from the API, by aspect.
async function aspectsOfLink(page, server, name) {
  const href = await page.getByRole('link', { name, exact: true }).getAttribute('href');
  assert.match(href, /^\/api\/v1\/text\/aspects\?period=all&from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/);
  const body = await server.get(href);
  return Object.fromEntries(body.items.map((item) => [item.aspect, item]));
}

test('overview page shows what customers write about: the 30 days up to the latest response against the 30 before', async () => {
  assert.ok(binary, 'set PEAKEND_BINARY to the built peakend executable');
  const server = await startServer(binary);
  const browser = await openBrowser();
  try {
    // Long ago, so the window ends on the latest response (19 February), not today: 21 January
    // to 19 February against 22 December to 20 January. Delivery praised ten times in January,
    // late ten times in February; waiting once on either side of local midnight starting 21 January.
    const praise = ['De bezorging was snel en netjes.', 'Delivery was quick, great service.'];
    const complaints = ['Bezorging was twee dagen te laat.', 'Delivery was late again, very annoying.',
                        'Pakket kwam niet aan, slechte bezorging.'];
    const responses = [];
    for (let i = 0; i < 10; i++) {
      responses.push({ external_id: `A${i}`, nps: 9, submitted_at: `2026-01-${String(10 + i)}T10:00:00Z`,
                       comment: praise[i % praise.length] });
      responses.push({ external_id: `B${i}`, nps: 3, submitted_at: `2026-02-${String(10 + i)}T10:00:00Z`,
                       comment: complaints[i % complaints.length] });
    }
    // 00:30 and 23:30 in Amsterdam, on 21 and 20 January: the days are the organisation's.
    responses.push({ external_id: 'C1', nps: 6, submitted_at: '2026-01-20T23:30:00Z', comment: 'Lang moeten wachten aan de kassa.' });
    responses.push({ external_id: 'C2', nps: 6, submitted_at: '2026-01-20T22:30:00Z', comment: 'Snel geholpen, nauwelijks gewacht.' });
    // The day before the 30 days before: in neither.
    responses.push({ external_id: 'D1', nps: 1, submitted_at: '2025-12-21T12:00:00Z', comment: 'Delivery was late again, very annoying.' });
    await server.post('/api/v1/responses', responses);

    const page = await browser.newPage();
    await page.goto(server.base + '/');
    assert.equal(await page.locator('#aspects thead th').first().innerText(), 'Aspect (30 days to 2026-02-19)');
    assert.equal(await page.locator('#aspects thead th').nth(3).innerText(), '30 days before');
    assert.equal(await page.locator('#aspects caption').innerText(),
                 'Mentions in the 30 days up to the latest response, 2026-01-21 to 2026-02-19, against the 30 days ' +
                 'before, 2025-12-22 to 2026-01-20.');
    const delivery = page.locator('#aspects tr[data-aspect=delivery]');
    // Most mentioned first: ten mentions of delivery, all negative, after thirty days of praise.
    assert.equal(await page.locator('#aspects tbody tr').first().getAttribute('data-aspect'), 'delivery');
    const cells = await delivery.locator('td').allInnerTexts();
    assert.deepEqual(cells, ['Delivery', '10', '-100.0', '+100.0', '-200.0 ▼']);
    assert.equal(await delivery.locator('td').nth(4).getAttribute('class'), 'neg');
    // One mention each side swings by chance: the change is shown, marked, without an arrow.
    const waiting = await page.locator('#aspects tr[data-aspect=waiting_time] td').allInnerTexts();
    assert.deepEqual(waiting, ['Waiting time', '1', '-100.0', '+100.0', '-200.0 *']);
    assert.equal(await page.locator('#aspects tr[data-aspect=waiting_time] td').nth(4).getAttribute('class'), 'low');
    // The page's links give the same days as JSON.
    const window = await aspectsOfLink(page, server, 'these 30 days');
    assert.equal(window.delivery.volume, 10);
    assert.equal(window.waiting_time.net_sentiment, -100);
    const before = await aspectsOfLink(page, server, 'the 30 days before');
    assert.equal(before.delivery.volume, 10);
    assert.equal(before.delivery.net_sentiment, 100);
    assert.equal(before.waiting_time.net_sentiment, 100);
  } finally {
    await browser.close();
    server.stop();
  }
});

test('overview page shows the last 30 days up to today against the 30 before', async () => {
  assert.ok(binary, 'set PEAKEND_BINARY to the built peakend executable');
  const server = await startServer(binary);
  const browser = await openBrowser();
  try {
    const ago = (days) => new Date(Date.now() - days * DAY_MS).toISOString();
    await server.post('/api/v1/responses', [
      { external_id: 'N1', nps: 4, comment: 'Delivery was late again.' },  // now
      { external_id: 'N2', nps: 9, submitted_at: ago(20), comment: 'Delivery was quick, great service.' },
      { external_id: 'N3', nps: 9, submitted_at: ago(40), comment: 'Delivery was quick, great service.' },
      { external_id: 'N4', nps: 2, submitted_at: ago(70), comment: 'Delivery was late again, very annoying.' },
    ]);
    const page = await browser.newPage();
    await page.goto(server.base + '/');
    const today = AMSTERDAM.format(new Date());
    assert.equal(await page.locator('#aspects thead th').first().innerText(), 'Aspect (last 30 days)');
    assert.equal(await page.locator('#aspects caption').innerText(),
                 `Mentions in the last 30 days, ${daysBefore(today, 29)} to today (${today}), against the 30 days ` +
                 `before, ${daysBefore(today, 59)} to ${daysBefore(today, 30)}.`);
    // Today's and twenty days ago's against forty days ago's; seventy days ago is in neither.
    assert.deepEqual(await page.locator('#aspects tr[data-aspect=delivery] td').allInnerTexts(),
                     ['Delivery', '2', '0.0', '+100.0', '-100.0 *']);
  } finally {
    await browser.close();
    server.stop();
  }
});

// On a phone the page fits the screen, however long a location's name; a location whose NPS
// rests on few answers ranks after those that rest on enough, one without NPS answers last.
test('overview page fits a phone and ranks locations by how much their NPS can be trusted', async () => {
  assert.ok(binary, 'set PEAKEND_BINARY to the built peakend executable');
  const server = await startServer(binary);
  const browser = await openBrowser();
  try {
    await server.post('/api/v1/locations', [
      { external_id: 'few', name: 'Rijksmuseumwinkel'.repeat(10), kind: 'shop' },
      { external_id: 'many', name: 'Utrecht', kind: 'shop' },
      { external_id: 'csat-only', name: 'Alleen CSAT', kind: 'shop' },
    ]);
    const responses = [];
    for (let i = 0; i < 3; i++) responses.push({ external_id: `F${i}`, location: 'few', nps: 10, submitted_at: '2026-03-01' });
    for (let i = 0; i < 40; i++) {
      responses.push({ external_id: `M${i}`, location: 'many', nps: i % 4 === 0 ? 3 : 9, submitted_at: '2026-03-02' });
    }
    for (let i = 0; i < 5; i++) responses.push({ external_id: `C${i}`, location: 'csat-only', csat: 4, submitted_at: '2026-03-03' });
    await server.post('/api/v1/responses', responses);

    const page = await browser.newPage({ viewport: { width: 375, height: 667 } });
    const answer = await page.goto(server.base + '/');
    assert.match(answer.headers()['content-security-policy'], /frame-ancestors 'none'/);
    assert.equal(answer.headers()['x-content-type-options'], 'nosniff');
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(widths[0] <= widths[1], `the page is ${widths[0]} px wide on a ${widths[1]} px screen`);
    const rows = await page.locator('#locations tbody tr td:first-child').allInnerTexts();
    assert.deepEqual(rows.map((name) => name.slice(0, 12)), ['Utrecht', 'Rijksmuseumw', 'Alleen CSAT']);
    // Three promoters do not make an NPS of +100 certain: its interval reaches far below.
    const few = await page.locator('#locations tbody tr').nth(1).locator('td').allInnerTexts();
    assert.equal(few[1], '+100.0 *');
    assert.ok(Number(few[2]) > 40, `margin ${few[2]}`);
  } finally {
    await browser.close();
    server.stop();
  }
});

// A fresh store: the page says what to do instead of showing empty tables.
test('overview page of an empty store says how feedback comes in', async () => {
  assert.ok(binary, 'set PEAKEND_BINARY to the built peakend executable');
  const server = await startServer(binary);
  const browser = await openBrowser();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
    await page.goto(server.base + '/');
    await page.getByText('No feedback yet.').waitFor();
    assert.equal(await page.locator('#locations').count(), 0);
    assert.equal(await page.locator('svg').count(), 0);
    await page.getByText('No NPS answers yet.').waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.stop();
  }
});

// DNS rebinding: a site whose name an attacker points at the server's address gets no answer,
// so its pages can neither read customer data nor write; the address itself is served.
test('a page on a host name pointed at the server is refused', async () => {
  assert.ok(binary, 'set PEAKEND_BINARY to the built peakend executable');
  const server = await startServer(binary);
  const browser = await openBrowser(['--host-resolver-rules=MAP attacker.example 127.0.0.1']);
  try {
    const port = new URL(server.base).port;
    const page = await browser.newPage();
    const answer = await page.goto(`http://attacker.example:${port}/api/v1/customers`);
    assert.equal(answer.status(), 421);
    assert.match(await answer.text(), /http\.allowed_hosts/);
    const written = await page.evaluate(async (url) => {
      const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                     body: JSON.stringify({ external_id: 'rebound', nps: 0 }) });
      return res.status;
    }, `http://attacker.example:${port}/api/v1/responses`);
    assert.equal(written, 421);
    assert.equal((await server.get('/api/v1/responses')).items.length, 0);
  } finally {
    await browser.close();
    server.stop();
  }
});
