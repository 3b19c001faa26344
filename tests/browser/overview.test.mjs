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
