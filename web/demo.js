// dropout4j web demo: loads the two circles models exported by `dropout4j circles --export-tfjs models`,
// draws their decision boundaries and exposes their predictions on expected.json's points as
// window.dropout4jResults (for test/browser-check.mjs). No build step: tf comes from node_modules as a global.
const tf = window.tf;
const MODELS = ['no_dropout', 'dropout'];
const EXTENT = 1.5; // the plot shows [-EXTENT, EXTENT]^2
const CELLS = 140; // boundary grid resolution per side

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

async function main() {
  // The CPU backend computes in float32 exactly like dropout4j's reference kernels closely enough for 1e-5;
  // WebGL may be missing in headless browsers.
  await tf.setBackend('cpu');
  await tf.ready();
  const [data, expected] = await Promise.all([fetchJson('models/data.json'), fetchJson('models/expected.json')]);
  const results = { tfjsVersion: tf.version.tfjs, backend: tf.getBackend(), predictions: {} };
  for (const name of MODELS) {
    const model = await tf.loadLayersModel(`models/${name}/model.json`);
    const info = data.models[name];
    document.getElementById(`title-${name}`).textContent = info.label;
    draw(document.getElementById(`canvas-${name}`), model, data);
    results.predictions[name] = predict(model, expected.inputs);
    document.getElementById(`stats-${name}`).textContent =
      `TF.js here: train accuracy ${accuracy(model, data.train).toFixed(3)}, test accuracy `
      + `${accuracy(model, data.test).toFixed(3)} (dropout4j: ${info.train_accuracy.toFixed(3)} / `
      + `${info.test_accuracy.toFixed(3)}; seed ${info.seed})`;
  }
  status(`TensorFlow.js ${results.tfjsVersion} (${results.backend} backend); models trained for ${data.epochs} epochs by dropout4j.`);
  window.dropout4jResults = results;
}

main().catch((e) => {
  console.error(e);
  status(`failed: ${e.message}`, true);
  window.dropout4jError = String(e && e.stack ? e.stack : e);
});
