#!/usr/bin/env node
// Writes a small model saved by real TensorFlow.js 4.22 (model.save) plus inputs and tfjs's own predictions, as a
// fixture for dropout4j's TF.js import test:  node make-fixture.js OUT_DIR
// Weights are seeded random normals (not trained), so the file is reproducible.
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const {outputDir, saveModel, tensorJson} = require('./fixture-files');

async function main() {
  const out = await outputDir('make-fixture.js');
  const model = tf.sequential({name: 'tfjs_mlp'});
  model.add(tf.layers.dropout({rate: 0.2, inputShape: [5], name: 'input_dropout'}));
  model.add(tf.layers.dense({units: 8, activation: 'relu', name: 'hidden',
    kernelConstraint: tf.constraints.maxNorm({maxValue: 2}), kernelRegularizer: tf.regularizers.l2({l2: 1e-3})}));
  model.add(tf.layers.dropout({rate: 0.5, name: 'hidden_dropout'}));
  model.add(tf.layers.dense({units: 4, activation: 'tanh', name: 'mid'}));
  model.add(tf.layers.activation({activation: 'elu', name: 'elu'}));
  model.add(tf.layers.dense({units: 3, activation: 'softmax', name: 'out'}));
  model.setWeights(model.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.7, 'float32', 100 + i)));
  await saveModel(model, out);
  const x = tf.randomUniform([4, 5], -2, 2, 'float32', 7);
  const y = model.predict(x);
  fs.writeFileSync(path.join(out, 'inputs.json'), JSON.stringify(await tensorJson(x)));
  fs.writeFileSync(path.join(out, 'expected.json'), JSON.stringify(await tensorJson(y)));
  console.log(`wrote ${out} (tfjs ${tf.version.tfjs})`);
}

main();
