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

test('overview page shows what customers write about, month against month', async () => {
  assert.ok(binary, 'set PEAKEND_BINARY to the built peakend executable');
  const server = await startServer(binary);
  const browser = await openBrowser();
  try {
    // January: delivery praised ten times; February: delivery late ten times, waiting once.
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
    responses.push({ external_id: 'C1', nps: 6, submitted_at: '2026-02-06T10:00:00Z', comment: 'Lang moeten wachten aan de kassa.' });
    responses.push({ external_id: 'C2', nps: 6, submitted_at: '2026-01-06T10:00:00Z', comment: 'Snel geholpen, nauwelijks gewacht.' });
    await server.post('/api/v1/responses', responses);

    const page = await browser.newPage();
    await page.goto(server.base + '/');
    const header = await page.locator('#aspects thead').innerText();
    assert.match(header, /2026-02/);
    const delivery = page.locator('#aspects tr[data-aspect=delivery]');
    // Most mentioned first: ten February mentions of delivery, all negative, after a January of praise.
    assert.equal(await page.locator('#aspects tbody tr').first().getAttribute('data-aspect'), 'delivery');
    const cells = await delivery.locator('td').allInnerTexts();
    assert.equal(cells[0], 'Delivery');
    assert.equal(cells[1], '10');
    assert.equal(cells[2], '-100.0');
    assert.equal(cells[3], '+100.0');
    assert.match(cells[4], /^-200\.0 ▼$/);
    assert.equal(await delivery.locator('td').nth(4).getAttribute('class'), 'neg');
    // One mention a month swings by chance: the change is shown, marked, without an arrow.
    const waiting = await page.locator('#aspects tr[data-aspect=waiting_time] td').allInnerTexts();
    assert.deepEqual(waiting.slice(0, 4), ['Waiting time', '1', '-100.0', '+100.0']);
    assert.equal(waiting[4], '-200.0 *');
    assert.equal(await page.locator('#aspects tr[data-aspect=waiting_time] td').nth(4).getAttribute('class'), 'low');
  } finally {
    await browser.close();
    server.stop();
  }
});

test('overview page marks the month that is not over yet', async () => {
  assert.ok(binary, 'set PEAKEND_BINARY to the built peakend executable');
  const server = await startServer(binary);
  const browser = await openBrowser();
  try {
    // Answered now: the latest month is the current one, which has only begun.
    await server.post('/api/v1/responses', [{ external_id: 'N1', nps: 4, comment: 'Delivery was late again.' }]);
    const page = await browser.newPage();
    await page.goto(server.base + '/');
    assert.match(await page.locator('#aspects thead').innerText(), /\d{4}-\d{2}, so far/i);
  } finally {
    await browser.close();
    server.stop();
  }
});
