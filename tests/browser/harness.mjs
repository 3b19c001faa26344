// Starts the real `peakend serve` on a temporary database and opens Debian's Chromium.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// playwright-core comes from npm; say how to get it rather than fail on a bare import error.
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (error) {
  throw new Error(`playwright-core is not installed: run \`npm install\` in tests/browser (scripts/test.sh does) (${error.message})`);
}

const SERVER_START_TIMEOUT_MS = 30000;

export async function startServer(binary, extraArgs = []) {
  const dir = mkdtempSync(join(tmpdir(), 'peakend-browser-'));
  const proc = spawn(binary, ['serve', '--port', '0', '--database', join(dir, 'browser.db'), ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), SERVER_START_TIMEOUT_MS);
    const onData = (chunk) => {
      output += chunk;
      const m = output.match(/http:\/\/[0-9.]+:([0-9]+)\//);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    async post(path, body) {
      const res = await fetch(base + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      if (res.status >= 300) throw new Error(`POST ${path} -> ${res.status} ${await res.text()}`);
      return res.json();
    },
    async get(path) {
      const res = await fetch(base + path);
      if (res.status >= 300) throw new Error(`GET ${path} -> ${res.status} ${await res.text()}`);
      return res.json();
    },
    stop() { proc.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); },
  };
}

export async function openBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}
