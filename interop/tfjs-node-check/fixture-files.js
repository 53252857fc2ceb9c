// What the fixture writers share: their OUT_DIR argument and the CPU backend, a model saved as TensorFlow.js' own
// model.save writes it (OUT/model.json with one weights file, OUT/weights.bin), and a tensor as the {shape, data}
// JSON the Java tests read.
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

// The OUT_DIR argument (usage and exit code 2 without it), after selecting the pure-JS CPU backend.
async function outputDir(script) {
  const out = process.argv[2];
  if (!out) {
    console.error(`usage: node ${script} OUT_DIR`);
    process.exit(2);
  }
  await tf.setBackend('cpu');
  return out;
}

async function saveModel(model, dir) {
  fs.mkdirSync(dir, {recursive: true});
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const json = {
      modelTopology: artifacts.modelTopology,
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      weightsManifest: [{paths: ['weights.bin'], weights: artifacts.weightSpecs}],
    };
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
    fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(artifacts.weightData));
    return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
  }));
}

async function tensorJson(t) {
  return {shape: t.shape, data: Array.from(await t.data())};
}

module.exports = {outputDir, saveModel, tensorJson};
