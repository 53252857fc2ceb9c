package org.dropout4j.layers;

import static org.dropout4j.tensor.GradientCheck.leaf;
import static org.dropout4j.tensor.GradientCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.models.Functional;
import org.dropout4j.models.Sequential;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keras masking: {@code Embedding(mask_zero)} and {@code Masking} create the mask, the layers that support masking
 * pass it on, recurrent layers skip masked steps and {@code GlobalAveragePooling1D} averages over kept steps. The
 * recurrent cases compare a padded, masked run with an unpadded run of the same sequences (the Keras contract:
 * padding changes nothing), and gradients with finite differences.
 */
class MaskingTest {
  private static final CallContext INFERENCE = CallContext.inference();
  private static final CallContext TRAINING = CallContext.training(RngKey.of(5), 2);

  @Test
  void embedding_maskZero_outputCarriesMaskOfNonZeroIds() {
    Embedding e = new Embedding(6, 2, true);
    Tensor y = e.call(Tensor.of(Shape.of(2, 3), 5, 0, 3, 0, 0, 1), INFERENCE);
    assertEquals(Shape.of(2, 3), y.mask().shape());
    assertArrayEquals(new float[] {1, 0, 1, 0, 0, 1}, y.mask().toArray());
  }

  @Test
  void embedding_withoutMaskZero_outputHasNoMask() {
    Embedding e = new Embedding(6, 2);
    assertNull(e.call(Tensor.of(Shape.of(1, 3), 5, 0, 3), INFERENCE).mask());
  }

  @Test
  void embedding_maskZero_configRoundTrips() {
    Embedding e = Embedding.DESCRIPTOR.fromConfig(Map.of("name", "emb", "input_dim", 7, "output_dim", 3, "mask_zero",
        true));
    assertTrue(e.maskZero());
    assertEquals(Boolean.TRUE, e.getConfig().get("mask_zero"));
    assertEquals(e.getConfig(), Embedding.DESCRIPTOR.fromConfig(e.getConfig()).getConfig());
  }

  @Test
  void maskingLayer_zeroesMaskedStepsAndMasksThem() {
    Masking m = new Masking(-1f);
    Tensor x = Tensor.of(Shape.of(1, 3, 2), 1, -1, -1, -1, 0, 2);
    Tensor y = m.call(x, INFERENCE);
    assertArrayEquals(new float[] {1, -1, 0, 0, 0, 2}, y.toArray(), 0f); // -1 * 0 is -0.0, as in Keras
    assertArrayEquals(new float[] {1, 0, 1}, y.mask().toArray());
    assertEquals(Shape.of(1, 3), y.mask().shape());
  }

  @Test
  void maskingLayer_configRoundTrips() {
    Masking m = Masking.DESCRIPTOR.fromConfig(Map.of("name", "pad", "mask_value", 2.5));
    assertEquals(2.5f, m.maskValue());
    assertEquals(m.getConfig(), Masking.DESCRIPTOR.fromConfig(m.getConfig()).getConfig());
  }

  @Test
  void maskingLayer_gradientFlowsOnlyThroughKeptSteps() {
    Masking m = new Masking(0f);
    Tensor x = Tensor.variable(Shape.of(1, 2, 2), 0, 0, 3, 4);
    Ops.sum(m.call(x, TRAINING)).backward();
    assertArrayEquals(new float[] {0, 0, 1, 1}, x.grad().toArray());
  }

  @Test
  void layersThatSupportMasking_passItOn_othersDropIt() {
    Tensor x = new Embedding(5, 4, true).call(Tensor.of(Shape.of(1, 3), 1, 2, 0), INFERENCE);
    Tensor mask = x.mask();
    assertArrayEquals(mask.toArray(), new Dense(2, "relu").call(x, INFERENCE).mask().toArray());
    assertArrayEquals(mask.toArray(), new Dropout(0.5f).call(x, TRAINING).mask().toArray());
    assertArrayEquals(mask.toArray(), new Dropout(0.5f).call(x, INFERENCE).mask().toArray());
    assertArrayEquals(mask.toArray(), new Activation("tanh").call(x, INFERENCE).mask().toArray());
    assertArrayEquals(mask.toArray(), new TimeDistributed(new Dense(2)).call(x, INFERENCE).mask().toArray());
    assertNull(new Flatten().call(x, INFERENCE).mask(), "Flatten does not support masking");
    assertNull(new Conv1D(2, 1).call(x, INFERENCE).mask(), "Conv1D does not support masking");
  }

  static Stream<Arguments> cells() {
    List<Arguments> out = new ArrayList<>();
    for (String kind : new String[] {"SimpleRNN", "GRU", "GRU(reset_after=False)", "LSTM"}) {
      for (boolean backwards : new boolean[] {false, true}) {
        out.add(Arguments.of(kind, backwards));
      }
    }
    return out.stream();
  }

  /** Batch 2, 5 steps, 3 features; sample 0 keeps 3 steps, sample 1 keeps 5 (right padding). */
  private static final int[] LENGTHS = {3, 5};

  private static Tensor padded() {
    float[] v = uniform(21, -1f, 1f, 2, 5, 3).toArray();
    java.util.Arrays.fill(v, LENGTHS[0] * 3, 5 * 3, 0f);
    return Tensor.of(Shape.of(2, 5, 3), v);
  }

  private static Tensor lengthMask() {
    float[] m = new float[10];
    for (int b = 0; b < 2; b++) {
      for (int t = 0; t < LENGTHS[b]; t++) {
        m[b * 5 + t] = 1f;
      }
    }
    return Tensor.of(Shape.of(2, 5), m);
  }

  /** Sample {@code b}'s first {@code LENGTHS[b]} steps, without padding: {@code (1, len, 3)}. */
  private static Tensor unpadded(Tensor x, int b) {
    float[] v = x.toArray();
    return Tensor.of(Shape.of(1, LENGTHS[b], 3), java.util.Arrays.copyOfRange(v, b * 15, b * 15 + LENGTHS[b] * 3));
  }

  private static RecurrentLayer twin(RecurrentLayer layer, String kind, boolean sequences, boolean backwards) {
    RecurrentLayer copy = RecurrentGradientTest.layer(kind, sequences, backwards, 0f, 0f);
    copy.build(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, 3), RngKey.of(1));
    for (int i = 0; i < layer.weights().size(); i++) {
      copy.weights().get(i).assign(Tensor.of(layer.weights().get(i).shape(), layer.weights().get(i).data()));
    }
    return copy;
  }

  @ParameterizedTest(name = "{0} go_backwards={1}")
  @MethodSource("cells")
  void recurrent_lastOutputOfAMaskedPaddedSequence_isThatOfTheUnpaddedSequence(String kind, boolean backwards) {
    RecurrentLayer layer = RecurrentGradientTest.layer(kind, false, backwards, 0f, 0f);
    Tensor x = padded();
    RecurrentGradientTest.randomWeights(layer, x);
    Tensor y = layer.call(x.withMask(lengthMask()), INFERENCE);
    assertNull(y.mask(), "the mask is consumed without return_sequences");
    RecurrentLayer plain = twin(layer, kind, false, backwards);
    for (int b = 0; b < 2; b++) {
      float[] expected = plain.call(unpadded(x, b), INFERENCE).toArray();
      for (int u = 0; u < 3; u++) {
        assertEquals(expected[u], y.get(b * 3 + u), 1e-5, kind + " sample " + b + " unit " + u);
      }
    }
    Tensor unmasked = layer.call(x, INFERENCE);
    assertTrue(Math.abs(unmasked.get(0) - y.get(0)) + Math.abs(unmasked.get(1) - y.get(1))
        + Math.abs(unmasked.get(2) - y.get(2)) > 1e-4, "without the mask the padding changes the output");
  }

  @ParameterizedTest(name = "{0} go_backwards={1}")
  @MethodSource("cells")
  void recurrent_returnSequences_maskedStepsRepeatThePreviousOutput(String kind, boolean backwards) {
    RecurrentLayer layer = RecurrentGradientTest.layer(kind, true, backwards, 0f, 0f);
    Tensor x = padded();
    RecurrentGradientTest.randomWeights(layer, x);
    Tensor mask = lengthMask();
    Tensor y = layer.call(x.withMask(mask), INFERENCE);
    assertArrayEquals(mask.toArray(), y.mask().toArray(), "return_sequences keeps the mask");
    RecurrentLayer plain = twin(layer, kind, true, backwards);
    Tensor ref = plain.call(unpadded(x, 0), INFERENCE); // (1, 3, 3), in processing order
    for (int s = 0; s < 5; s++) {
      for (int u = 0; u < 3; u++) {
        float expected;
        if (!backwards) {
          expected = ref.get(Math.min(s, LENGTHS[0] - 1) * 3 + u); // padding after: the last output repeats
        } else {
          // processed backwards, the 2 padded steps come first (zeros), then the unpadded sequence reversed
          expected = s < 5 - LENGTHS[0] ? 0f : ref.get((s - (5 - LENGTHS[0])) * 3 + u);
        }
        assertEquals(expected, y.get(s * 3 + u), 1e-5, kind + " step " + s + " unit " + u);
      }
    }
  }

  @Test
  void recurrent_allStepsKept_givesTheUnmaskedOutput() {
    RecurrentLayer layer = LSTM.builder(3).returnSequences(true).build();
    Tensor x = uniform(4, -1f, 1f, 2, 4, 3);
    Tensor mask = Tensor.full(Shape.of(2, 4), 1f);
    assertArrayEquals(layer.call(x, INFERENCE).toArray(), layer.call(x.withMask(mask), INFERENCE).toArray());
  }

  @Test
  void recurrent_maskOfWrongShape_throwsNamingLayerAndShapes() {
    RecurrentLayer layer = LSTM.builder(3).name("enc").build();
    Tensor x = uniform(4, -1f, 1f, 2, 4, 3).withMask(Tensor.full(Shape.of(2, 3), 1f));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layer.call(x, INFERENCE));
    assertTrue(e.getMessage().contains("\"enc\"") && e.getMessage().contains("(2, 4)")
        && e.getMessage().contains("(2, 3)"), e.getMessage());
  }

  @ParameterizedTest(name = "{0} go_backwards={1}")
  @MethodSource("cells")
  void recurrent_masked_gradientMatchesFiniteDifferences(String kind, boolean backwards) {
    RecurrentLayer layer = RecurrentGradientTest.layer(kind, true, backwards, 0.3f, 0.3f);
    Tensor input = padded();
    RecurrentGradientTest.randomWeights(layer, input);
    Tensor x = Tensor.variable(input.shape(), input.toArray());
    Tensor mask = lengthMask();
    List<GradientCheck.Leaf> leaves = new ArrayList<>();
    leaves.add(leaf("x", x));
    for (Parameter p : layer.weights()) {
      leaves.add(leaf(p));
    }
    GradientCheck.check(kind + " masked", GradientCheck.H, () -> layer.call(x.withMask(mask), TRAINING), leaves);
    // padded steps of sample 0 do not influence anything
    Tensor xv = Tensor.variable(input.shape(), input.toArray());
    Ops.sum(layer.call(xv.withMask(mask), TRAINING)).backward();
    float[] g = xv.grad().toArray();
    for (int i = LENGTHS[0] * 3; i < 15; i++) {
      assertEquals(0f, g[i], kind + " gradient of padded input " + i);
    }
  }

  @Test
  void bidirectional_maskReachesBothDirections() {
    Bidirectional bi = new Bidirectional(GRU.builder(3), "concat");
    Tensor x = padded();
    bi.build(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, 3), RngKey.of(3));
    Tensor y = bi.call(x.withMask(lengthMask()), INFERENCE);
    assertNull(y.mask());
    Tensor ref = bi.call(unpadded(x, 0), INFERENCE);
    for (int u = 0; u < 6; u++) {
      assertEquals(ref.get(u), y.get(u), 1e-5, "unit " + u);
    }
  }

  @Test
  void globalAveragePooling1D_masked_averagesKeptStepsOnly() {
    Tensor x = Tensor.of(Shape.of(1, 3, 2), 1, 2, 3, 4, 100, 100).withMask(Tensor.of(Shape.of(1, 3), 1, 1, 0));
    assertArrayEquals(new float[] {2, 3}, new GlobalAveragePooling1D().call(x, INFERENCE).toArray());
    assertNull(new GlobalAveragePooling1D().call(x, INFERENCE).mask());
    assertArrayEquals(new float[] {100, 100}, new GlobalMaxPooling1D().call(x, INFERENCE).toArray(),
        "Keras' GlobalMaxPooling1D ignores the mask");
  }

  @Test
  void globalAveragePooling1D_masked_gradientMatchesFiniteDifferences() {
    Tensor mask = lengthMask();
    Tensor x = Tensor.variable(Shape.of(2, 5, 3), padded().toArray());
    GlobalAveragePooling1D pool = new GlobalAveragePooling1D();
    GradientCheck.check("masked mean", GradientCheck.H, () -> pool.call(x.withMask(mask), TRAINING),
        List.of(leaf("x", x)));
  }

  /** Ids: sample 0 is [4, 2, 7] padded with two 0s; sample 1 has 5 ids. */
  private static Tensor ids() {
    return Tensor.of(Shape.of(2, 5), 4, 2, 7, 0, 0, 3, 1, 1, 8, 5);
  }

  @Test
  void sequential_embeddingMaskZeroLstm_predictsPaddedLikeUnpadded() {
    Sequential m = new Sequential(Input.shape(5), new Embedding(9, 4, true), new Dropout(0.3f),
        LSTM.builder(3).returnSequences(true).build(), new Dense(3, "relu"), new GRU(2), new Dense(1));
    m.build(Shape.batchOf(5));
    Tensor y = m.predict(ids());
    Sequential unpadded = new Sequential(Input.shape(3), new Embedding(9, 4, true), new Dropout(0.3f),
        LSTM.builder(3).returnSequences(true).build(), new Dense(3, "relu"), new GRU(2), new Dense(1));
    unpadded.build(Shape.batchOf(3));
    copyWeights(m, unpadded);
    assertEquals(unpadded.predict(Tensor.of(Shape.of(1, 3), 4, 2, 7)).get(0), y.get(0), 1e-5);
  }

  private static Functional biGraph(int steps) {
    KerasTensor in = Input.shape(steps).dtype("int32").output();
    KerasTensor emb = new Embedding(9, 4, true).apply(in);
    KerasTensor seq = new Bidirectional(LSTM.builder(3).returnSequences(true), "sum").apply(emb);
    KerasTensor out = new Dense(1).apply(new GlobalAveragePooling1D().apply(new Dropout(0.2f).apply(seq)));
    Functional m = new Functional(List.of(in), List.of(out));
    m.build();
    return m;
  }

  private static void copyWeights(org.dropout4j.models.Model from, org.dropout4j.models.Model to) {
    for (int i = 0; i < from.weights().size(); i++) {
      to.weights().get(i).assign(Tensor.of(from.weights().get(i).shape(), from.weights().get(i).data()));
    }
  }

  @Test
  void functional_maskTravelsThroughBidirectionalToTheMaskedMean() {
    Functional m = biGraph(5);
    Functional shorter = biGraph(3);
    copyWeights(m, shorter);
    Tensor y = m.predict(ids());
    assertEquals(shorter.predict(Tensor.of(Shape.of(1, 3), 4, 2, 7)).get(0), y.get(0), 1e-5);
  }

  private static final Sequential INITIAL = sequenceModel();

  private static Sequential sequenceModel() {
    Sequential m = new Sequential(Input.shape(5), new Embedding(9, 3, true),
        GRU.builder(3).returnSequences(true).build(), new Dense(2));
    m.build(Shape.batchOf(5));
    return m;
  }

  private static float[] fitSequenceModel(Tensor targets) {
    Sequential m = sequenceModel();
    copyWeights(INITIAL, m);
    m.compile("sgd", "mse");
    m.fit(ids(), targets, 3, 2);
    return m.weights().get(m.weights().size() - 1).data().clone();
  }

  @Test
  void fit_perStepOutputsWithAMask_targetsAtMaskedStepsDoNotMatter() {
    float[] t = uniform(9, -1f, 1f, 2, 5, 2).toArray();
    float[] other = t.clone();
    for (int i = 3 * 2; i < 5 * 2; i++) { // sample 0, steps 3 and 4: padding
      other[i] += 10f;
    }
    float[] a = fitSequenceModel(Tensor.of(Shape.of(2, 5, 2), t));
    float[] b = fitSequenceModel(Tensor.of(Shape.of(2, 5, 2), other));
    assertArrayEquals(a, b, 1e-6f, "the loss is masked by the output's mask, as in Keras 3");
    other[0] += 1f; // a kept step does matter
    float[] c = fitSequenceModel(Tensor.of(Shape.of(2, 5, 2), other));
    assertTrue(Math.abs(a[0] - c[0]) + Math.abs(a[1] - c[1]) > 1e-4, "a target at a kept step changes the fit");
  }

  @Test
  void training_throughEmbeddingMaskZeroAndLstm_learnsAndLeavesPaddingRowUntouched() {
    Sequential m = new Sequential(Input.shape(5), new Embedding(9, 4, true), new LSTM(4), new Dense(1,
        "sigmoid"));
    m.compile("adam", "binary_crossentropy");
    m.build(Shape.batchOf(5));
    float[] row0 = java.util.Arrays.copyOf(m.weights().get(0).data(), 4);
    Tensor y = Tensor.of(Shape.of(2, 1), 1, 0);
    m.fit(ids(), y, 20, 2);
    assertArrayEquals(row0, java.util.Arrays.copyOf(m.weights().get(0).data(), 4),
        "id 0 only appears at masked steps: its row gets no gradient");
  }
}
