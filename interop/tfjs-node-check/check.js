#!/usr/bin/env node
// Loads each TF.js Layers model folder given on the command line with real TensorFlow.js
// (@tensorflow/tfjs 4.22.0, pure-JS CPU backend), predicts on DIR/inputs.json and compares with
// DIR/expected.json (dropout4j's predictions). Both files: {"shape": [n, ...], "data": [flat floats]}, or a list
// of such objects for a functional model with several inputs / outputs (in the model's order).
// Prints one line per model; exits 1 if any model fails to load or differs by more than the tolerance.
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

const TOLERANCE = Number(process.env.TFJS_CHECK_TOLERANCE || 1e-5);

/** A tf.io.IOHandler that reads model.json and its weight shards from the file system. */
function fileHandler(dir) {
  return {
    load: async () => {
      const modelJson = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs = [];
        const buffers = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const p of group.paths) {
            const b = fs.readFileSync(path.join(dir, p));
            buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
          }
        }
        return [specs, tf.io.concatenateArrayBuffers(buffers)];
      });
    },
  };
}

/** One tensor ({"shape", "data"}) or, for a model of several inputs/outputs, a list of them. */
function readArrays(file) {
  const j = JSON.parse(fs.readFileSync(file, 'utf8'));
  const list = Array.isArray(j) ? j : [j];
  return list.map((t) => tf.tensor(t.data, t.shape, 'float32'));
}

async function checkOne(dir) {
  const model = await tf.loadLayersModel(fileHandler(dir));
  const xs = readArrays(path.join(dir, 'inputs.json'));
  const expected = readArrays(path.join(dir, 'expected.json'));
  const out = model.predict(xs.length === 1 ? xs[0] : xs);
  const ys = Array.isArray(out) ? out : [out];
  if (ys.length !== expected.length) {
    return {ok: false, detail: `${ys.length} outputs != expected ${expected.length}`};
  }
  let diff = 0;
  for (let k = 0; k < ys.length; k++) {
    if (ys[k].shape.join(',') !== expected[k].shape.join(',')) {
      return {ok: false, detail: `output ${k} shape ${JSON.stringify(ys[k].shape)} != expected `
          + `${JSON.stringify(expected[k].shape)}`};
    }
    diff = Math.max(diff, (await tf.max(tf.abs(tf.sub(ys[k], expected[k]))).data())[0]);
  }
  const layers = model.layers.map((l) => l.getClassName()).join(',');
  return {ok: diff <= TOLERANCE, detail: `max_abs_diff=${diff.toExponential(3)} layers=[${layers}]`};
}

async function main() {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) {
    console.error('usage: node check.js MODEL_DIR...   (each with model.json, shards, inputs.json, expected.json)');
    process.exit(2);
  }
  await tf.setBackend('cpu');
  console.log(`tfjs ${tf.version.tfjs} backend=${tf.getBackend()} tolerance=${TOLERANCE}`);
  let failures = 0;
  for (const dir of dirs) {
    try {
      const r = await checkOne(dir);
      console.log(`${r.ok ? 'OK  ' : 'FAIL'} ${dir} ${r.detail}`);
      if (!r.ok) failures++;
    } catch (e) {
      console.log(`FAIL ${dir} could not load or run: ${e && e.message ? e.message : e}`);
      failures++;
    }
  }
  console.log(`${dirs.length - failures}/${dirs.length} models match`);
  process.exit(failures === 0 ? 0 : 1);
}

main();
