#!/usr/bin/env node
// Writes TF.js Layers models whose weights are quantized as tensorflowjs_converter's --quantize_uint8,
// --quantize_uint16 and --quantize_float16 store them (a `quantization` object per manifest entry; the affine range
// nudged so that 0 is exact, as the converter's quantization.py does), split over several shard files at odd byte
// offsets, then loads each with real TensorFlow.js 4.22 (tf.loadLayersModel, which dequantizes) and records TF.js'
// own predictions, as fixtures for dropout4j's TF.js import:  node make-quantized-fixture.js OUT_DIR
// Weights and inputs are seeded, so the files are reproducible.
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const {outputDir, tensorJson} = require('./fixture-files');

/** The converter's affine range: [min, max] nudged so that 0.0 is a quantized value. */
function affine(values, levels) {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  min = Math.min(min, 0);
  max = Math.max(max, 0);
  const scale = (max - min) / levels;
  if (scale === 0) {
    return {min, scale: 1};
  }
  const zero = Math.round(-min / scale);
  return {min: -zero * scale, scale};
}

/** Float32 to IEEE half (round to nearest even), as numpy's astype(float16) does. */
function toHalf(value) {
  const f = new Float32Array([value]);
  const x = new Uint32Array(f.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) {
    return sign | 0x7c00 | (mant ? 0x200 : 0);
  }
  let e = exp - 127 + 15;
  if (e >= 0x1f) {
    return sign | 0x7c00;
  }
  if (e <= 0) {
    if (e < -10) {
      return sign;
    }
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rest > mid || (rest === mid && (half & 1))) {
      half++;
    }
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1))) {
    half++;
  }
  return sign | half;
}

/** One weight's bytes and manifest entry, stored as `kind` (float32, uint8, uint16 or float16). */
function encode(spec, values, kind) {
  const entry = {name: spec.name, shape: spec.shape, dtype: 'float32'};
  if (kind === 'float32') {
    return {entry, bytes: Buffer.from(new Float32Array(values).buffer)};
  }
  if (kind === 'float16') {
    entry.quantization = {dtype: 'float16'};
    return {entry, bytes: Buffer.from(new Uint16Array(values.map(toHalf)).buffer)};
  }
  const levels = kind === 'uint8' ? 255 : 65535;
  const {min, scale} = affine(values, levels);
  const q = values.map((v) => Math.max(0, Math.min(levels, Math.round((v - min) / scale))));
  entry.quantization = {dtype: kind, min, scale};
  const array = kind === 'uint8' ? new Uint8Array(q) : new Uint16Array(q);
  return {entry, bytes: Buffer.from(array.buffer)};
}

function cnn() {
  const m = tf.sequential({name: 'quant_cnn'});
  m.add(tf.layers.conv2d({inputShape: [6, 6, 2], filters: 4, kernelSize: 3, activation: 'relu', name: 'conv'}));
  m.add(tf.layers.batchNormalization({name: 'bn'}));
  m.add(tf.layers.flatten({name: 'flat'}));
  m.add(tf.layers.dense({units: 5, activation: 'tanh', name: 'hidden'}));
  m.add(tf.layers.dense({units: 3, activation: 'softmax', name: 'out'}));
  return m;
}

function recurrent() {
  const m = tf.sequential({name: 'quant_lstm'});
  m.add(tf.layers.lstm({inputShape: [5, 3], units: 4, returnSequences: true, name: 'lstm'}));
  m.add(tf.layers.gru({units: 3, name: 'gru'}));
  m.add(tf.layers.dense({units: 2, name: 'out'}));
  return m;
}

// name -> model, storage per weight (cycled), shard size in bytes, groups (weights per group, in order)
const CASES = [
  {dir: 'uint8_cnn', make: cnn, kinds: ['uint8'], shard: 97},
  {dir: 'uint16_cnn', make: cnn, kinds: ['uint16'], shard: 1000},
  {dir: 'float16_lstm', make: recurrent, kinds: ['float16'], shard: 150},
  {dir: 'mixed_lstm', make: recurrent, kinds: ['uint8', 'float32', 'float16', 'uint16'], shard: 101, groups: 2},
];

async function main() {
  const out = await outputDir('make-quantized-fixture.js');
  for (const c of CASES) {
    const model = c.make();
    model.setWeights(model.getWeights().map((w, i) => {
      const r = tf.randomNormal(w.shape, 0, 0.6, 'float32', 300 + i);
      // a moving variance must stay positive
      return model.weights[i].originalName.includes('moving_variance') ? r.abs().add(0.5) : r;
    }));
    const dir = path.join(out, c.dir);
    fs.mkdirSync(dir, {recursive: true});
    const topology = model.toJSON(null, false);
    const encoded = [];
    for (let i = 0; i < model.weights.length; i++) {
      const spec = {name: model.weights[i].originalName, shape: model.weights[i].shape};
      const values = Array.from(await model.weights[i].read().data());
      encoded.push(encode(spec, values, c.kinds[i % c.kinds.length]));
    }
    const groups = c.groups || 1;
    const per = Math.ceil(encoded.length / groups);
    const manifest = [];
    for (let g = 0; g < groups; g++) {
      const part = encoded.slice(g * per, (g + 1) * per);
      const all = Buffer.concat(part.map((e) => e.bytes));
      const n = Math.max(1, Math.ceil(all.length / c.shard));
      const paths = [];
      for (let k = 0; k < n; k++) {
        const name = `group${g + 1}-shard${k + 1}of${n}.bin`;
        fs.writeFileSync(path.join(dir, name), all.subarray(k * c.shard, (k + 1) * c.shard));
        paths.push(name);
      }
      manifest.push({paths, weights: part.map((e) => e.entry)});
    }
    const json = {format: 'layers-model', generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
      convertedBy: 'interop/tfjs-node-check/make-quantized-fixture.js', modelTopology: topology,
      weightsManifest: manifest};
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));

    // TF.js itself reads the quantized files back and predicts
    const loaded = await tf.loadLayersModel({load: async () => tf.io.getModelArtifactsForJSON(json, async (m) => {
      const specs = [];
      const buffers = [];
      for (const group of m) {
        specs.push(...group.weights);
        for (const p of group.paths) {
          const b = fs.readFileSync(path.join(dir, p));
          buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
        }
      }
      return [specs, tf.io.concatenateArrayBuffers(buffers)];
    })});
    const x = tf.randomUniform([4].concat(model.inputs[0].shape.slice(1)), -2, 2, 'float32', 11);
    const y = loaded.predict(x);
    fs.writeFileSync(path.join(dir, 'inputs.json'), JSON.stringify(await tensorJson(x)));
    fs.writeFileSync(path.join(dir, 'expected.json'), JSON.stringify(await tensorJson(y)));
    // the float32 model's prediction too: how far the quantization moved it
    fs.writeFileSync(path.join(dir, 'float32_expected.json'), JSON.stringify(await tensorJson(model.predict(x))));
    console.log(`wrote ${dir} (tfjs ${tf.version.tfjs})`);
  }
}

main();
