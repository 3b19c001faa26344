// A survey page on another site (origin) posts an answer to Peakend with fetch(): Chromium lets
// it through when that origin is in http.allowed_origins and blocks it when it is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { startServer, openBrowser } from './harness.mjs';

const binary = process.env.PEAKEND_BINARY;

// The customer's site: one page, on its own port and so its own origin.
async function startSite() {
  const site = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Example shop</title><p>Thank you for your order.</p>');
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${site.address().port}`, close: () => site.close() };
}

// What a feedback widget does: post the answer as JSON and read the reply.
async function postFromPage(page, url, answer) {
  return page.evaluate(async ({ url, answer }) => {
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                     body: JSON.stringify(answer) });
      return { status: res.status, body: await res.json() };
    } catch (error) {
      return { blocked: String(error) };
    }
  }, { url, answer });
}

async function withPeakend(extraArgs, run) {
  assert.ok(binary, 'set PEAKEND_BINARY to the built peakend executable');
  const site = await startSite();
  const server = await startServer(binary, extraArgs(site.origin));
  const browser = await openBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(site.origin + '/');
    await run({ page, server });
  } finally {
    await browser.close();
    server.stop();
    site.close();
  }
}

const answer = { external_id: 'W1', nps: 9, submitted_at: '2026-03-01T12:00:00Z', comment: 'Snel geleverd' };

test('a page on a configured origin posts an answer and reads the reply and its errors', async () => {
  await withPeakend((origin) => ['--http-allowed-origins', origin], async ({ page, server }) => {
    const created = await postFromPage(page, server.base + '/api/v1/responses', answer);
    assert.equal(created.status, 201, JSON.stringify(created));
    assert.equal(created.body.created, 1);
    const refused = await postFromPage(page, server.base + '/api/v1/responses', { ...answer, external_id: 'W2', nps: 11 });
    assert.ok(refused.status >= 400 && refused.status < 500, JSON.stringify(refused));
    assert.match(JSON.stringify(refused.body), /nps/);
    assert.equal((await server.get('/api/v1/responses')).items.length, 1);
  });
});

test('a page on an origin that is not configured is blocked by the browser', async () => {
  await withPeakend(() => ['--http-allowed-origins', 'https://www.example-shop.nl'], async ({ page, server }) => {
    const result = await postFromPage(page, server.base + '/api/v1/responses', answer);
    assert.ok(result.blocked, `expected the browser to block the request, got ${JSON.stringify(result)}`);
    // The preflight failed, so the answer was never sent.
    assert.equal((await server.get('/api/v1/responses')).items.length, 0);
  });
});

test('without the setting a page on another origin is blocked', async () => {
  await withPeakend(() => [], async ({ page, server }) => {
    const result = await postFromPage(page, server.base + '/api/v1/responses', answer);
    assert.ok(result.blocked, `expected the browser to block the request, got ${JSON.stringify(result)}`);
    assert.equal((await server.get('/api/v1/responses')).items.length, 0);
  });
});

// What a hostile page can do without CORS: a form post or a text/plain fetch is sent without
// asking first, and the browser only hides the answer. The server must refuse it.
test('a write sent without a preflight from a page not configured is refused', async () => {
  await withPeakend(() => ['--http-allowed-origins', 'https://www.example-shop.nl'], async ({ page, server }) => {
    const sent = await page.evaluate(async (url) => {
      await fetch(url, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' },
                         body: JSON.stringify({ external_id: 'CSRF1', nps: 0 }) });
      return true;
    }, server.base + '/api/v1/responses');
    assert.ok(sent);
    assert.equal((await server.get('/api/v1/responses')).items.length, 0);
  });
});

// Peakend's own pages call its API from its own origin, which needs no setting.
test('a page served by Peakend itself writes to its API', async () => {
  await withPeakend(() => [], async ({ page, server }) => {
    await page.goto(server.base + '/');
    const created = await postFromPage(page, server.base + '/api/v1/responses', answer);
    assert.equal(created.status, 201, JSON.stringify(created));
    assert.equal((await server.get('/api/v1/responses')).items.length, 1);
  });
});
