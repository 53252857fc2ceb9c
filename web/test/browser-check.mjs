// Headless-Chromium check of the web demo: serves web/ on 127.0.0.1 (random port), opens index.html in Debian's
// chromium driven by playwright-core, waits for window.dropout4jResults and compares the predictions with
// dropout4j's in models/expected.json (max abs diff <= 1e-5); checks MC dropout's spread; saves both models to
// indexeddb:// and localstorage://, checks tf.io.listModels; closes the browser, starts a new one on the same
// profile and reloads the models from each storage (no model download allowed), compares again, removes them.
// Screenshots: target/screenshot*.png. Exit status 0 when all holds, 1 on a mismatch, a page error or the time limit.
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
const MODELS = ['no_dropout', 'dropout', 'two_branch'];
// a sampled dropout layer zeroes about `rate` of its units per pass; 20 passes over 3 000+ units give a binomial
// standard deviation under 0.005, so 0.05 only fails when a branch is not sampled (or sampled at another rate)
const RATE_TOLERANCE = 0.05;

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

const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Opens url in a browser on `profile`, waits for the page's results; returns {results, requests, page, browser}. */
async function open(profile, url, screenshot) {
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath, headless: true, timeout: timeoutMs, viewport: { width: 1400, height: 900 }, args: LAUNCH_ARGS,
  });
  const page = browser.pages()[0] || await browser.newPage();
  const logs = [];
  const requests = [];
  page.on('console', (m) => logs.push(`console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => logs.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(url, { timeout: timeoutMs });
  let results;
  try {
    await page.waitForFunction(() => window.dropout4jResults || window.dropout4jError, null, { timeout: timeoutMs });
    const error = await page.evaluate(() => window.dropout4jError);
    if (error) throw new Error(`page failed: ${error}`);
    results = await page.evaluate(() => window.dropout4jResults);
  } finally {
    mkdirSync(join(root, 'target'), { recursive: true });
    await page.screenshot({ path: join(root, 'target', screenshot), fullPage: true }).catch(() => {});
    if (!results) logs.forEach((l) => console.error(l));
  }
  return { results, requests, page, browser };
}

/** Compares the page's predictions with dropout4j's; prints one line per model; returns the number of failures. */
function compare(label, expected, results) {
  let failed = 0;
  for (const name of MODELS) {
    const want = expected.predictions[name];
    const got = results.predictions[name];
    if (!Array.isArray(got) || got.length !== want.length) {
      console.log(`FAIL ${label} ${name}: ${got ? got.length : 'no'} predictions, expected ${want.length}`);
      failed++;
      continue;
    }
    const maxDiff = want.reduce((m, w, i) => Math.max(m, Math.abs(w - got[i])), 0);
    const ok = maxDiff <= TOLERANCE;
    if (!ok) failed++;
    console.log(`${ok ? 'OK  ' : 'FAIL'} ${label} ${name}: ${want.length} points, max abs diff `
      + `${maxDiff.toExponential(2)} (tolerance ${TOLERANCE})`);
  }
  return failed;
}

async function main() {
  const expected = JSON.parse(readFileSync(join(root, 'models', 'expected.json'), 'utf8'));
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}/index.html`;
  const profile = mkdtempSync(join(tmpdir(), 'dropout4j-chromium-'));
  const deadline = setTimeout(() => { console.error(`FAIL: timed out after ${timeoutMs} ms`); process.exit(1); },
    4 * timeoutMs + 15000);
  let failed = 0;
  try {
    // 1. the exported models over the network; then save them to IndexedDB and localStorage
    let run = await open(profile, base, 'screenshot.png');
    const agent = await run.page.evaluate(() => navigator.userAgent);
    const version = (agent.match(/(?:Headless)?Chrome\/[\d.]+/) || [agent])[0];
    console.log(`browser: ${version}, TensorFlow.js ${run.results.tfjsVersion} (${run.results.backend} backend), `
      + `${base}`);
    failed += compare('network', expected, run.results);
    if (!(run.results.mcMaxStd > 0)) {
      console.log(`FAIL MC dropout: the std over the passes is ${run.results.mcMaxStd}, expected > 0`);
      failed++;
    } else {
      console.log(`OK   MC dropout: largest std of p over the passes ${run.results.mcMaxStd.toFixed(4)}`);
    }
    for (const [layer, r] of Object.entries(run.results.branches || {})) {
      const ok = Math.abs(r.dropped - r.rate) <= RATE_TOLERANCE;
      if (!ok) failed++;
      console.log(`${ok ? 'OK  ' : 'FAIL'} MC dropout over the graph: ${layer} drops ${r.dropped.toFixed(3)} of its `
        + `units per pass with training: true (rate ${r.rate}, tolerance ${RATE_TOLERANCE})`);
    }
    if (Object.keys(run.results.branches || {}).length !== 2 || !(run.results.branchesMaxStd > 0)) {
      console.log(`FAIL MC dropout over the graph: branches ${JSON.stringify(run.results.branches)}, std `
        + `${run.results.branchesMaxStd}`);
      failed++;
    }
    const saved = [];
    for (const scheme of ['indexeddb', 'localstorage']) {
      saved.push(...await run.page.evaluate((s) => window.dropout4j.saveAll(s), scheme));
    }
    const listed = Object.keys(await run.page.evaluate(() => window.dropout4j.listSaved())).sort();
    const okList = JSON.stringify(listed) === JSON.stringify([...saved].sort());
    if (!okList) failed++;
    console.log(`${okList ? 'OK  ' : 'FAIL'} saved and listed by tf.io.listModels: ${listed.join(', ')}`);
    await run.page.screenshot({ path: join(root, 'target', 'screenshot.png'), fullPage: true }).catch(() => {});
    await run.browser.close();

    // 2. a new browser on the same profile: the models from browser storage, none downloaded
    for (const scheme of ['indexeddb', 'localstorage']) {
      run = await open(profile, `${base}?source=${scheme}`, `screenshot-${scheme}.png`);
      failed += compare(`reloaded from ${scheme}://`, expected, run.results);
      const downloads = run.requests.filter((p) => /\/models\/[^/]+\/(model\.json|.*\.bin)$/.test(p));
      if (downloads.length > 0 || run.results.source !== scheme) {
        console.log(`FAIL reloaded from ${scheme}://: source ${run.results.source}, model downloads ${downloads}`);
        failed++;
      }
      if (run.results.rateModels > 0) { // the rate panel starts at model B's own rate, drawn without a download
        const ok = run.results.rateShown !== null;
        if (!ok) failed++;
        console.log(`${ok ? 'OK  ' : 'FAIL'} rate panel offline: ${ok ? `model B at rate ${run.results.rateShown}`
          : 'empty'}`);
      }
      if (scheme === 'localstorage') {
        for (const url of saved) await run.page.evaluate((u) => window.dropout4j.removeSaved(u), url);
        const left = Object.keys(await run.page.evaluate(() => window.dropout4j.listSaved()));
        if (left.length > 0) failed++;
        console.log(`${left.length === 0 ? 'OK  ' : 'FAIL'} removed with tf.io.removeModel: ${left.length} left`);
      }
      await run.browser.close();
    }
    console.log(`screenshots: ${join(root, 'target', 'screenshot.png')}, screenshot-indexeddb.png, `
      + 'screenshot-localstorage.png');
    return failed === 0 ? 0 : 1;
  } finally {
    clearTimeout(deadline);
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (e) => { console.error(`FAIL: ${e.message}`); process.exit(1); });
