// Headless-Chromium check of the web demo: serves web/ on 127.0.0.1 (random port), opens index.html in Debian's
// chromium driven by playwright-core, waits for window.dropout4jResults and compares the predictions with
// dropout4j's in models/expected.json (max abs diff <= 1e-5). Screenshot: target/screenshot.png.
// Exit status 0 when every model matches, 1 on a mismatch, a page error or the time limit.
//   node test/browser-check.mjs [--timeout-ms N] [--chromium PATH]
import { createServer } from 'node:http';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt; };
const timeoutMs = Number(opt('--timeout-ms', '60000'));
const executablePath = opt('--chromium', process.env.CHROMIUM || '/usr/bin/chromium');
const TOLERANCE = 1e-5;
const MODELS = ['no_dropout', 'dropout'];

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json', '.bin': 'application/octet-stream',
  '.map': 'application/json', '.png': 'image/png', '.css': 'text/css' };

function serve() {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    let ok = file.startsWith(root + sep);
    try { ok = ok && statSync(file).isFile(); } catch { ok = false; }
    if (!ok) { res.writeHead(404).end('not found'); return; }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

async function main() {
  const expected = JSON.parse(readFileSync(join(root, 'models', 'expected.json'), 'utf8'));
  const server = await serve();
  const url = `http://127.0.0.1:${server.address().port}/index.html`;
  const profile = mkdtempSync(join(tmpdir(), 'dropout4j-chromium-'));
  let browser;
  const deadline = setTimeout(() => { console.error(`FAIL: timed out after ${timeoutMs} ms`); process.exit(1); },
    timeoutMs + 15000);
  try {
    // A fresh profile (playwright passes it as --user-data-dir) and no background networking.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath, headless: true, timeout: timeoutMs, viewport: { width: 1080, height: 720 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = browser.pages()[0] || await browser.newPage();
    const logs = [];
    page.on('console', (m) => logs.push(`console.${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => logs.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
    await page.goto(url, { timeout: timeoutMs });
    let results;
    try {
      await page.waitForFunction(() => window.dropout4jResults || window.dropout4jError, null, { timeout: timeoutMs });
      const error = await page.evaluate(() => window.dropout4jError);
      if (error) throw new Error(`page failed: ${error}`);
      results = await page.evaluate(() => window.dropout4jResults);
    } finally {
      mkdirSync(join(root, 'target'), { recursive: true });
      await page.screenshot({ path: join(root, 'target', 'screenshot.png'), fullPage: true }).catch(() => {});
      if (!results) logs.forEach((l) => console.error(l));
    }
    const agent = await page.evaluate(() => navigator.userAgent);
    const version = (agent.match(/(?:Headless)?Chrome\/[\d.]+/) || [agent])[0];
    console.log(`browser: ${version}, TensorFlow.js ${results.tfjsVersion} (${results.backend} backend), ${url}`);
    let failed = 0;
    for (const name of MODELS) {
      const want = expected.predictions[name];
      const got = results.predictions[name];
      if (!Array.isArray(got) || got.length !== want.length) {
        console.log(`FAIL ${name}: ${got ? got.length : 'no'} predictions, expected ${want.length}`);
        failed++;
        continue;
      }
      const maxDiff = want.reduce((m, w, i) => Math.max(m, Math.abs(w - got[i])), 0);
      const ok = maxDiff <= TOLERANCE;
      if (!ok) failed++;
      console.log(`${ok ? 'OK  ' : 'FAIL'} ${name}: ${want.length} points, max abs diff ${maxDiff.toExponential(2)} `
        + `(tolerance ${TOLERANCE})`);
    }
    console.log(`screenshot: ${join(root, 'target', 'screenshot.png')}`);
    return failed === 0 ? 0 : 1;
  } finally {
    clearTimeout(deadline);
    if (browser) await browser.close().catch(() => {});
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (e) => { console.error(`FAIL: ${e.message}`); process.exit(1); });
