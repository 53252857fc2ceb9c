// dropout4j web demo: loads the two circles models exported by `dropout4j circles --export-tfjs models` (or, with
// ?source=indexeddb|localstorage, the copies this browser saved), draws their decision boundaries and model B's
// MC-dropout uncertainty, saves/lists/removes copies in the browser (tf.io model management), and exposes the
// predictions on expected.json's points as window.dropout4jResults (for test/browser-check.mjs). No build step: tf
// comes from node_modules as a global.
const tf = window.tf;
const MODELS = ['no_dropout', 'dropout', 'two_branch'];
const EXTENT = 1.5; // the plot shows [-EXTENT, EXTENT]^2
const CELLS = 100; // boundary grid resolution per side

function status(text, isError = false) {
  const el = document.getElementById('status');
  el.textContent = text;
  el.className = isError ? 'error' : '';
}

async function fetchJson(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

function predict(model, points) {
  return tf.tidy(() => Array.from(model.predict(tf.tensor2d(points, [points.length, 2])).dataSync()));
}

function accuracy(model, set) {
  const p = predict(model, set.x);
  let ok = 0;
  p.forEach((v, i) => { if ((v >= 0.5 ? 1 : 0) === set.y[i]) ok++; });
  return ok / set.y.length;
}

// Pale blue (p = 0) through white (p = 0.5) to pale red (p = 1), so the points stay visible.
function color(p) {
  const blue = [150, 182, 232], red = [238, 160, 150], white = [255, 255, 255];
  const [a, b, t] = p < 0.5 ? [blue, white, p / 0.5] : [white, red, (p - 0.5) / 0.5];
  return a.map((c, k) => Math.round(c + (b[k] - c) * t));
}

function draw(canvas, model, data) {
  const ctx = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height;
  const grid = [];
  for (let i = 0; i < CELLS; i++) {
    for (let j = 0; j < CELLS; j++) {
      grid.push([-EXTENT + (2 * EXTENT * (j + 0.5)) / CELLS, EXTENT - (2 * EXTENT * (i + 0.5)) / CELLS]);
    }
  }
  const p = predict(model, grid);
  const cw = w / CELLS, ch = h / CELLS;
  for (let i = 0; i < CELLS; i++) {
    for (let j = 0; j < CELLS; j++) {
      const [r, g, b] = color(p[i * CELLS + j]);
      ctx.fillStyle = `rgb(${r},${g},${b})`;
      ctx.fillRect(Math.floor(j * cw), Math.floor(i * ch), Math.ceil(cw), Math.ceil(ch));
    }
  }
  // Decision boundary: cells whose class differs from the right or lower neighbour's.
  ctx.fillStyle = '#111';
  for (let i = 0; i < CELLS; i++) {
    for (let j = 0; j < CELLS; j++) {
      const c = p[i * CELLS + j] >= 0.5;
      const right = j + 1 < CELLS && (p[i * CELLS + j + 1] >= 0.5) !== c;
      const down = i + 1 < CELLS && (p[(i + 1) * CELLS + j] >= 0.5) !== c;
      if (right || down) ctx.fillRect(Math.floor((j + 0.5) * cw), Math.floor((i + 0.5) * ch), 3, 3);
    }
  }
  drawPoints(ctx, w, h, data);
}

// ---- model management: TF.js' browser storage (tf.io model management API) ----
const STORE_PREFIX = 'dropout4j-';
const SCHEMES = { indexeddb: 'indexeddb://', localstorage: 'localstorage://' };

function storeUrl(scheme, name) {
  if (!SCHEMES[scheme]) throw new Error(`unknown storage "${scheme}": expected indexeddb or localstorage`);
  return `${SCHEMES[scheme]}${STORE_PREFIX}${name}`;
}

const loaded = {}; // name -> tf.LayersModel currently shown

/** Saves every shown model to indexeddb:// or localstorage://; returns the URLs written. */
async function saveAll(scheme) {
  const urls = [];
  for (const name of MODELS) {
    if (!loaded[name]) throw new Error(`model ${name} is not loaded`);
    const url = storeUrl(scheme, name);
    await loaded[name].save(url);
    urls.push(url);
  }
  await refreshList();
  return urls;
}

/** The saved dropout4j models, from tf.io.listModels(): {url: {dateSaved, modelTopologyBytes, ...}}. */
async function listSaved() {
  const all = await tf.io.listModels();
  return Object.fromEntries(Object.entries(all).filter(([url]) => url.includes(`://${STORE_PREFIX}`)));
}

async function removeSaved(url) {
  await tf.io.removeModel(url);
  await refreshList();
}

async function refreshList() {
  const list = document.getElementById('saved');
  if (!list) return;
  const saved = await listSaved();
  list.replaceChildren();
  const urls = Object.keys(saved).sort();
  if (urls.length === 0) {
    list.textContent = 'nothing saved in this browser yet';
    return;
  }
  for (const url of urls) {
    const row = document.createElement('div');
    const info = saved[url];
    const kb = ((info.modelTopologyBytes || 0) + (info.weightDataBytes || 0)) / 1024;
    row.textContent = `${url} (${kb.toFixed(0)} KiB, saved ${new Date(info.dateSaved).toLocaleString()}) `;
    const remove = document.createElement('button');
    remove.textContent = 'remove';
    remove.onclick = () => removeSaved(url).catch((e) => status(`remove failed: ${e.message}`, true));
    row.append(remove);
    list.append(row);
  }
  const scheme = urls.some((u) => u.startsWith('indexeddb://')) ? 'indexeddb' : 'localstorage';
  const link = document.createElement('a');
  link.href = `?source=${scheme}`;
  link.textContent = `reload the page with the models from ${scheme}:// (no model download)`;
  list.append(link);
}

/**
 * MC dropout over a graph: the outputs of each named dropout layer of a functional model, computed with training:
 * true over MC_PASSES passes, compared with inference (training: false); per layer the fraction of its non-zero
 * inference units that a pass zeroed (about the layer's rate when that branch is sampled).
 */
function branchSampling(model, points, rates) {
  const layers = Object.keys(rates);
  const probe = tf.model({ inputs: model.inputs, outputs: layers.map((n) => model.getLayer(n).output) });
  const out = {};
  tf.tidy(() => {
    const x = tf.tensor2d(points, [points.length, 2]);
    const clean = [].concat(probe.apply(x, { training: false })).map((t) => t.dataSync());
    layers.forEach((name) => { out[name] = { rate: rates[name], kept: 0, dropped: 0 }; });
    for (let t = 0; t < MC_PASSES; t++) {
      [].concat(probe.apply(x, { training: true })).forEach((tensor, k) => {
        const v = tensor.dataSync();
        const r = out[layers[k]];
        clean[k].forEach((c, i) => { if (c !== 0) { if (v[i] === 0) r.dropped++; else r.kept++; } });
      });
    }
  });
  for (const r of Object.values(out)) {
    r.dropped = r.dropped / (r.dropped + r.kept);
    delete r.kept;
  }
  return out;
}

// ---- Monte Carlo dropout: T stochastic passes with dropout on (training: true) ----
const MC_PASSES = 20;
const MC_CELLS = 50;

/** Mean and std over MC_PASSES passes of p(class 1) on the grid, dropout active as in training. */
function mcDropout(model, points) {
  return tf.tidy(() => {
    const x = tf.tensor2d(points, [points.length, 2]);
    const draws = [];
    for (let t = 0; t < MC_PASSES; t++) draws.push(model.apply(x, { training: true }));
    const stack = tf.stack(draws); // [T, n, 1]
    const { mean, variance } = tf.moments(stack, 0);
    return { mean: Array.from(mean.dataSync()), std: Array.from(tf.sqrt(variance).dataSync()) };
  });
}

function drawUncertainty(canvas, model, data) {
  const grid = [];
  for (let i = 0; i < MC_CELLS; i++) {
    for (let j = 0; j < MC_CELLS; j++) {
      grid.push([-EXTENT + (2 * EXTENT * (j + 0.5)) / MC_CELLS, EXTENT - (2 * EXTENT * (i + 0.5)) / MC_CELLS]);
    }
  }
  const { std } = mcDropout(model, grid);
  const top = Math.max(1e-6, ...std);
  const ctx = canvas.getContext('2d');
  const cw = canvas.width / MC_CELLS, ch = canvas.height / MC_CELLS;
  for (let i = 0; i < MC_CELLS; i++) {
    for (let j = 0; j < MC_CELLS; j++) {
      const t = std[i * MC_CELLS + j] / top;
      const c = [251 - 188 * t, 251 - 251 * t, 251 - 126 * t].map(Math.round); // white -> purple
      ctx.fillStyle = `rgb(${c[0]},${c[1]},${c[2]})`;
      ctx.fillRect(Math.floor(j * cw), Math.floor(i * ch), Math.ceil(cw), Math.ceil(ch));
    }
  }
  drawPoints(ctx, canvas.width, canvas.height, data);
  return top;
}

function drawPoints(ctx, w, h, data) {
  const toPx = ([x, y]) => [((x + EXTENT) / (2 * EXTENT)) * w, ((EXTENT - y) / (2 * EXTENT)) * h];
  const classColor = (y) => (y === 1 ? '#c0392b' : '#1f4e9c');
  data.test.x.forEach((pt, i) => {
    const [px, py] = toPx(pt);
    ctx.beginPath(); ctx.arc(px, py, 5, 0, 2 * Math.PI);
    ctx.lineWidth = 2.5; ctx.strokeStyle = classColor(data.test.y[i]); ctx.stroke();
  });
  data.train.x.forEach((pt, i) => {
    const [px, py] = toPx(pt);
    ctx.beginPath(); ctx.arc(px, py, 6, 0, 2 * Math.PI);
    ctx.fillStyle = classColor(data.train.y[i]); ctx.fill();
    ctx.lineWidth = 1.5; ctx.strokeStyle = '#fff'; ctx.stroke();
  });
}

// ---- start-up: say what is wrong instead of hanging ----
function preflight() {
  if (location.protocol === 'file:') {
    throw new Error('this page was opened as a file (file://): browsers do not let a page fetch() files next to '
      + 'it, so TF.js cannot read the models. Serve the folder instead: cd web && python3 -m http.server 8000, '
      + 'then open http://127.0.0.1:8000/');
  }
  if (!tf) {
    throw new Error('TensorFlow.js did not load (node_modules/@tensorflow/tfjs is missing): run npm ci in web/');
  }
}

async function fetchData() {
  try {
    return await Promise.all([fetchJson('models/data.json'), fetchJson('models/expected.json')]);
  } catch (e) {
    throw new Error(`no exported models in web/models (${e.message}). Export them first: ./dropout4j circles `
      + '--export-tfjs web/models');
  }
}

async function main() {
  preflight();
  // The CPU backend computes in float32 exactly like dropout4j's reference kernels closely enough for 1e-5;
  // WebGL may be missing in headless browsers.
  await tf.setBackend('cpu');
  await tf.ready();
  const source = new URLSearchParams(location.search).get('source') || 'network';
  const [data, expected] = await fetchData();
  const results = { tfjsVersion: tf.version.tfjs, backend: tf.getBackend(), source, predictions: {} };
  for (const name of MODELS) {
    const url = source === 'network' ? `models/${name}/model.json` : storeUrl(source, name);
    let model;
    try {
      model = await tf.loadLayersModel(url);
    } catch (e) {
      throw new Error(`cannot load ${url}: ${e.message}` + (source === 'network' ? ''
        : ` (save the models to ${source}:// first with the buttons below)`));
    }
    loaded[name] = model;
    const info = data.models[name];
    document.getElementById(`title-${name}`).textContent = `${info.label} (from ${source === 'network' ? url : url})`;
    draw(document.getElementById(`canvas-${name}`), model, data);
    results.predictions[name] = predict(model, expected.inputs);
    document.getElementById(`stats-${name}`).textContent =
      `TF.js here: train accuracy ${accuracy(model, data.train).toFixed(3)}, test accuracy `
      + `${accuracy(model, data.test).toFixed(3)} (dropout4j: ${info.train_accuracy.toFixed(3)} / `
      + `${info.test_accuracy.toFixed(3)}; seed ${info.seed})`;
  }
  const top = drawUncertainty(document.getElementById('canvas-mc'), loaded.dropout, data);
  document.getElementById('stats-mc').textContent = `std of p(class 1) over ${MC_PASSES} passes with dropout on `
    + `(model.apply(x, {training: true})); white 0, dark purple ${top.toFixed(3)}. High where the passes disagree.`;
  results.mcMaxStd = top;
  results.branchesMaxStd = Math.max(...mcDropout(loaded.two_branch, expected.inputs).std);
  results.branches = branchSampling(loaded.two_branch, expected.inputs, data.models.two_branch.dropout_rates);
  document.getElementById('stats-branches').textContent = Object.entries(results.branches)
    .map(([layer, r]) => `${layer}: ${(100 * r.dropped).toFixed(1)}% of its units dropped per pass with `
      + `training: true (rate ${r.rate}); MC std of p up to ${results.branchesMaxStd.toFixed(3)}`).join('; ');
  status(`TensorFlow.js ${results.tfjsVersion} (${results.backend} backend); models from ${source}; trained for `
    + `${data.epochs} epochs by dropout4j.`);
  for (const scheme of Object.keys(SCHEMES)) {
    const button = document.getElementById(`save-${scheme}`);
    if (button) {
      button.disabled = false;
      button.onclick = () => saveAll(scheme).then((urls) => status(`saved ${urls.join(', ')}`),
        (e) => status(`save to ${scheme}:// failed: ${e.message}`, true));
    }
  }
  await refreshList();
  results.rateShown = await setUpRateSlider(data, source);
  results.rateModels = (data.rate_models || []).length;
  window.dropout4jResults = results;
}

/**
 * A slider over model B trained at several dropout rates (exported with --export-rates). It starts at model B's own
 * rate, drawn with the model already loaded (so an offline start draws it too); returns the rate drawn, or null.
 */
async function setUpRateSlider(data, source) {
  const models = data.rate_models || [];
  const box = document.getElementById('rates');
  if (models.length === 0) {
    box.textContent = 'Export models at several rates for a slider here: ./dropout4j circles --export-tfjs '
      + 'web/models --export-rates 0,0.2,0.4,0.6,0.8';
    return null;
  }
  const slider = document.getElementById('rate-slider');
  const label = document.getElementById('rate-label');
  const readout = document.getElementById('rate-value');
  const bRate = data.models.dropout.rate;
  const same = models.findIndex((m) => m.rate === bRate); // model B itself: already loaded, no download
  slider.max = String(models.length - 1);
  slider.value = String(same >= 0 ? same : Math.floor(models.length / 2));
  const cache = {};
  const show = async () => {
    const m = models[Number(slider.value)];
    readout.textContent = `rate ${m.rate}`;
    const isB = Number(slider.value) === same;
    cache[m.name] = cache[m.name] || (isB ? loaded.dropout : await tf.loadLayersModel(`models/${m.name}/model.json`));
    draw(document.getElementById('canvas-rate'), cache[m.name], data);
    label.textContent = `Dropout(${m.rate}): train accuracy ${m.train_accuracy.toFixed(3)}, test accuracy `
      + `${m.test_accuracy.toFixed(3)} (dropout4j, seed as above)`
      + (isB ? '; this is model B above: move the slider for the other rates'
        + (source === 'network' ? '' : ' (downloads them)') : '');
  };
  slider.oninput = () => show().catch((e) => status(`rate model: ${e.message}`, true));
  if (source === 'network' || same >= 0) {
    await show();
    return models[Number(slider.value)].rate;
  }
  readout.textContent = `rate ${models[Number(slider.value)].rate}`; // offline start: download nothing until asked
  label.textContent = 'move the slider to download model B trained at another rate';
  return null;
}

// for test/browser-check.mjs and the console
window.dropout4j = { saveAll, listSaved, removeSaved };

main().catch((e) => {
  console.error(e);
  status(`failed: ${e.message}`, true);
  window.dropout4jError = String(e && e.stack ? e.stack : e);
});
