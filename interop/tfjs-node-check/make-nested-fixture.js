#!/usr/bin/env node
// Writes functional models with nested models saved by real TensorFlow.js 4.22 (model.save), plus inputs and
// tfjs's own predictions, as fixtures for dropout4j's TF.js import of nested models:
//   node make-nested-fixture.js OUT_DIR
// OUT_DIR/<name>/{model.json, weights.bin, inputs.json, expected.json}. Weights are seeded random normals.
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const {outputDir, saveModel, tensorJson} = require('./fixture-files');

function nestedTwice() {
  // a functional encoder and a Sequential head, both used as layers; the encoder is called on two inputs
  const ein = tf.input({shape: [6], name: 'enc_in'});
  const eh = tf.layers.dense({units: 8, activation: 'relu', name: 'enc_hidden'}).apply(ein);
  const eo = tf.layers.dense({units: 4, activation: 'tanh', name: 'enc_out'})
      .apply(tf.layers.dropout({rate: 0.3, name: 'enc_dropout'}).apply(eh));
  const encoder = tf.model({inputs: ein, outputs: eo, name: 'encoder'});
  const head = tf.sequential({name: 'head', layers: [
    tf.layers.dense({units: 5, activation: 'relu', inputShape: [8], name: 'head_hidden'}),
    tf.layers.dense({units: 3, activation: 'softmax', name: 'head_out'})]});
  const a = tf.input({shape: [6], name: 'left'});
  const b = tf.input({shape: [6], name: 'right'});
  const joined = tf.layers.concatenate({name: 'joined'}).apply([encoder.apply(a), encoder.apply(b)]);
  const probs = head.apply(joined);
  const diff = tf.layers.dense({units: 1, name: 'score'}).apply(tf.layers.multiply({name: 'product'})
      .apply([encoder.apply(a), encoder.apply(b)]));
  return tf.model({inputs: [a, b], outputs: [probs, diff], name: 'nested_twice'});
}

function nestedDeep() {
  // a Sequential nested in a functional model nested in the outer model
  const inner = tf.sequential({name: 'inner_seq', layers: [
    tf.layers.dense({units: 4, activation: 'elu', inputShape: [3], name: 'inner_dense'})]});
  const min = tf.input({shape: [3], name: 'mid_in'});
  const mid = tf.model({inputs: min, outputs: tf.layers.add({name: 'mid_add'})
      .apply([inner.apply(min), tf.layers.dense({units: 4, name: 'mid_skip'}).apply(min)]), name: 'middle'});
  const x = tf.input({shape: [3], name: 'x'});
  const y = tf.layers.dense({units: 2, name: 'top'}).apply(mid.apply(x));
  return tf.model({inputs: x, outputs: y, name: 'nested_deep'});
}

async function main() {
  const out = await outputDir('make-nested-fixture.js');
  for (const make of [nestedTwice, nestedDeep]) {
    const model = make();
    model.setWeights(model.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.7, 'float32', 200 + i)));
    const dir = path.join(out, model.name);
    await saveModel(model, dir);
    const xs = model.inputs.map((t, i) => tf.randomUniform([4].concat(t.shape.slice(1)), -2, 2, 'float32', 9 + i));
    let ys = model.predict(xs.length === 1 ? xs[0] : xs);
    ys = Array.isArray(ys) ? ys : [ys];
    const dump = async (ts) => Promise.all(ts.map(tensorJson));
    fs.writeFileSync(path.join(dir, 'inputs.json'), JSON.stringify(await dump(xs)));
    fs.writeFileSync(path.join(dir, 'expected.json'), JSON.stringify(await dump(ys)));
    console.log(`wrote ${dir} (tfjs ${tf.version.tfjs})`);
  }
}

main();
