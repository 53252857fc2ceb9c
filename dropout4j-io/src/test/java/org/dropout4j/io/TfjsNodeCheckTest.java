package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dropout4j.layers.Activation;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.constraints.MaxNorm;
import org.dropout4j.layers.regularizers.Regularizer;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Exports models to {@code target/tfjs-node-check/} and has real TensorFlow.js (Node, pure-JS CPU backend) load them
 * and reproduce dropout4j's predictions within 1e-5, via {@code interop/tfjs-node-check/check.js}.
 *
 * <p>Skipped (with the reason) when {@code node} or the script's {@code node_modules} are missing, unless the
 * environment variable {@code DROPOUT4J_REQUIRE_TFJS=1} is set (CI), which turns the skip into a failure.
 */
class TfjsNodeCheckTest {
  private static final long TIMEOUT_SECONDS = 300;

  static Map<String, Sequential> models() {
    Map<String, Sequential> m = new LinkedHashMap<>();
    m.put("dense_relu_dropout_sigmoid", new Sequential(Input.shape(2), new Dense(64, "relu"), new Dropout(0.4f),
        new Dense(1, "sigmoid")));
    m.put("input_dropout_softmax", new Sequential(Input.shape(5), new Dropout(0.2f), new Dense(16, "tanh"),
        new Dropout(0.5f), new Dense(3, "softmax")));
    m.put("maxnorm_tanh_l2_lecun", new Sequential(Input.shape(4),
        Dense.builder(12).activation("tanh").kernelConstraint(new MaxNorm(3f)).kernelInitializer("lecun_normal")
            .kernelRegularizer(Regularizer.l2(1e-3f)).biasRegularizer(Regularizer.l1(1e-4f)).build(),
        new Dropout(0.3f, List.of(1, 12), 11L, null),
        Dense.builder(6).useBias(false).biasConstraint(new MaxNorm(2f)).build(),
        new Activation("elu"), new Dense(2), new Activation("softmax")));
    m.put("selu_softplus_sharded", new Sequential(Input.shape(1024), new Dense(1100, "selu"), new Dropout(0.1f),
        new Dense(2, "softplus")));
    return m;
  }

  @Test
  void real_tfjs_loads_every_export_and_reproduces_the_predictions() throws Exception {
    Path script = findScript();
    Path out = Path.of("target", "tfjs-node-check").toAbsolutePath();
    List<String> command = new ArrayList<>(List.of("node", script.toString()));
    for (Map.Entry<String, Sequential> e : models().entrySet()) {
      Sequential model = e.getValue();
      model.setRandomSeed(1234);
      int features = model.inputShape().dim(1);
      Tensor x = ModelArchiveTest.data(7, features, features);
      if (e.getKey().startsWith("dense_relu")) { // trained, not just initialised
        model.compile("adam", "binary_crossentropy");
        model.fit(x, ModelArchiveTest.labels(x), FitOptions.builder().epochs(3).batchSize(4).verbose(0).build());
      } else {
        model.build(Shape.batchOf(features));
      }
      command.add(exportWithData(model, x, out.resolve(e.getKey())).toString());
    }
    // the dropout family: every variant loads in TF.js (as itself or as its inference equivalent)
    for (Map.Entry<String, Sequential> e : DropoutFamilyModels.built().entrySet()) {
      Sequential model = e.getValue();
      command.add(exportWithData(model, DropoutFamilyModels.inputs(model, 7, 2), out.resolve(e.getKey())).toString());
    }
    // conv, pooling, reshaping, embedding and recurrent layers, exported as themselves
    for (Map.Entry<String, Sequential> e : ConvRecurrentModels.built().entrySet()) {
      if (e.getKey().equals(ConvRecurrentModels.GRU_RESET_AFTER)) {
        continue; // refused by the exporter: TF.js 4.22 has no reset_after=true (TfjsLayersTest)
      }
      Sequential model = e.getValue();
      command.add(exportWithData(model, ConvRecurrentModels.inputs(model, 7, 2), out.resolve(e.getKey()))
          .toString());
    }
    // masked sequences: Embedding(mask_zero=True) and Masking, the mask carried through Dense, the recurrent layers
    // and Bidirectional as TF.js does it; padded rows (right, left, holes, fully padded)
    for (Map.Entry<String, Sequential> e : maskedModels().entrySet()) {
      Sequential model = e.getValue();
      model.setRandomSeed(77);
      Tensor x = model.layers().get(0) instanceof org.dropout4j.layers.Embedding ? PADDED_IDS : paddedSequences();
      model.build(x.shape().withBatch(Shape.UNKNOWN));
      model.layers().forEach(org.dropout4j.layers.Layer::applyConstraints);
      command.add(exportWithData(model, x, out.resolve(e.getKey())).toString());
    }
    int count = command.size() - 2;
    assertTrue(Files.exists(out.resolve("selu_softplus_sharded/group1-shard2of2.bin")), "the big model has 2 shards");

    requireOrSkip(nodeVersion() != null, "`node` is not on the PATH");
    requireOrSkip(Files.isRegularFile(script.getParent().resolve("node_modules/@tensorflow/tfjs/package.json")),
        "run `npm ci` in " + script.getParent() + " to install @tensorflow/tfjs 4.22.0");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    boolean finished = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!finished) {
      p.destroyForcibly();
    }
    System.out.print(output);
    assertTrue(finished, "node check.js did not finish in " + TIMEOUT_SECONDS + " s:\n" + output);
    assertEquals(0, p.exitValue(), "node check.js failed:\n" + output);
    assertTrue(output.contains(count + "/" + count + " models match"), output);
    for (String cls : List.of("SpatialDropout1D", "AlphaDropout", "GaussianNoise", "GaussianDropout", "Conv2D",
        "MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D", "GlobalMaxPooling2D", "Flatten", "Reshape",
        "Embedding", "SimpleRNN", "GRU", "LSTM")) {
      assertTrue(output.contains(cls), "TF.js loaded " + cls + " as itself:\n" + output);
    }
  }

  /** Token ids 1..9 padded with 0: right padding, left padding, none, holes, a fully padded row. */
  static final Tensor PADDED_IDS = Tensor.of(Shape.of(5, 6), 3, 7, 1, 0, 0, 0, 0, 0, 5, 9, 2, 8, 4, 4, 8, 6, 6, 1,
      2, 0, 6, 0, 5, 0, 0, 0, 0, 0, 0, 0);

  /** Models whose sequences carry a Keras mask, in the layers TF.js 4.22 masks the same way. */
  static Map<String, Sequential> maskedModels() {
    Map<String, Sequential> m = new LinkedHashMap<>();
    m.put("masked_embedding_lstm_gru", new Sequential(Input.shape(6).dtype("int32"),
        new org.dropout4j.layers.Embedding(10, 4, true),
        org.dropout4j.layers.LSTM.builder(5).returnSequences(true).build(), new Dense(3, "tanh"),
        org.dropout4j.layers.GRU.builder(2).resetAfter(false).build(), new Dense(2, "softmax")));
    m.put("masked_embedding_bidirectional", new Sequential(Input.shape(6).dtype("int32"),
        new org.dropout4j.layers.Embedding(10, 3, true),
        new org.dropout4j.layers.Bidirectional(org.dropout4j.layers.LSTM.builder(3), "concat"),
        new Dense(1)));
    m.put("masking_simple_rnn", new Sequential(Input.shape(5, 2), new org.dropout4j.layers.Masking(0f),
        org.dropout4j.layers.SimpleRNN.builder(4).returnSequences(true).build(),
        new org.dropout4j.layers.TimeDistributed(new Dense(2)), new org.dropout4j.layers.LSTM(3)));
    // recurrent regularizers and constraints: TF.js 4.22 reads them as its kernelRegularizer, recurrentConstraint...;
    // it applies a constraint when it loads the weights (LayerVariable.write), so the check exports weights that
    // satisfy their constraints, as they do after any training step
    m.put("masked_regularized_recurrent", new Sequential(Input.shape(6).dtype("int32"),
        new org.dropout4j.layers.Embedding(10, 3, true),
        org.dropout4j.layers.LSTM.builder(3).returnSequences(true).kernelRegularizer(Regularizer.l2(1e-3f))
            .recurrentRegularizer(Regularizer.l1(1e-4f)).biasRegularizer(Regularizer.l1l2(1e-4f, 1e-3f))
            .kernelConstraint(new MaxNorm(2f)).recurrentConstraint(new org.dropout4j.layers.constraints.UnitNorm(1))
            .biasConstraint(new org.dropout4j.layers.constraints.NonNeg()).build(),
        new Dense(3, "tanh"),
        org.dropout4j.layers.GRU.builder(2).resetAfter(false).kernelConstraint(
            new org.dropout4j.layers.constraints.MinMaxNorm(0.1f, 1f, 1f, 0)).build(),
        new Dense(1)));
    // Embedding, BatchNormalization, PReLU and LayerNormalization rules (TF.js' LayerNormalization has no constraints:
    // exported without them, with a warning)
    org.dropout4j.layers.GammaBetaRules rules = new org.dropout4j.layers.GammaBetaRules(Regularizer.l2(1e-3f),
        Regularizer.l1(1e-4f), new MaxNorm(3f), new org.dropout4j.layers.constraints.NonNeg());
    m.put("regularized_embedding_norms", new Sequential(Input.shape(6).dtype("int32"),
        org.dropout4j.layers.Embedding.builder(10, 3).embeddingsRegularizer(Regularizer.l2(1e-3f))
            .embeddingsConstraint(new MaxNorm(0.04f, 1)).build(), new org.dropout4j.layers.Flatten(), new Dense(5),
        new org.dropout4j.layers.BatchNormalization(-1, 0.99f, 1e-3f, true, true, null, true, rules),
        new org.dropout4j.layers.activations.PReLU("zeros", null, null, Regularizer.l1(1e-3f),
            new org.dropout4j.layers.constraints.NonNeg()),
        new org.dropout4j.layers.LayerNormalization(new int[] {-1}, 1e-3f, true, true, "zeros", "ones", null, rules),
        new Dense(1)));
    return m;
  }

  /** Sequences of 5 steps of 2 features with all-zero (masked) steps at the end, the start and between. */
  static Tensor paddedSequences() {
    float[] v = new float[4 * 5 * 2];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.sin(0.7 * i + 0.3);
    }
    for (int[] masked : new int[][] {{0, 3}, {0, 4}, {1, 0}, {2, 2}, {3, 0}, {3, 1}, {3, 2}, {3, 3}, {3, 4}}) {
      v[(masked[0] * 5 + masked[1]) * 2] = 0f;
      v[(masked[0] * 5 + masked[1]) * 2 + 1] = 0f;
    }
    return Tensor.of(Shape.of(4, 5, 2), v);
  }

  /** Exports the model with its inputs and dropout4j's inference predictions; returns the folder. */
  private static Path exportWithData(Sequential model, Tensor x, Path dir) throws IOException {
    TfjsLayers.export(model, dir);
    writeArray(dir.resolve("inputs.json"), x);
    writeArray(dir.resolve("expected.json"), model.predict(x));
    return dir;
  }

  static void requireOrSkip(boolean condition, String reason) {
    if (condition) {
      return;
    }
    if ("1".equals(System.getenv("DROPOUT4J_REQUIRE_TFJS"))) {
      throw new AssertionError("DROPOUT4J_REQUIRE_TFJS=1 but " + reason);
    }
    Assumptions.assumeTrue(false, "skipping the real-TF.js check: " + reason);
  }

  static Path findScript() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path s = d.resolve("interop/tfjs-node-check/check.js");
      if (Files.isRegularFile(s)) {
        return s;
      }
    }
    throw new AssertionError("interop/tfjs-node-check/check.js not found above " + Path.of("").toAbsolutePath());
  }

  static String nodeVersion() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static void writeArray(Path file, Tensor t) throws IOException {
    Files.writeString(file, Json.write(TensorJson.of(t)));
  }
}
