package org.dropout4j.models;

import static org.dropout4j.tensor.GradientCheck.leaf;
import static org.dropout4j.tensor.GradientCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.Bidirectional;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.GRU;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.KerasTensor;
import org.dropout4j.layers.LSTM;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.RecurrentLayer;
import org.dropout4j.layers.SimpleRNN;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Recurrent layers in functional graphs: {@code return_state} outputs, {@code initial_state} (the seq2seq
 * encoder-decoder), Bidirectional's {@code merge_mode=None} and states, an explicit {@code mask}; values against the
 * layers' own calls, gradients through the states against finite differences, shape errors at construction.
 * (Agreement with Keras 3.15 itself: SweepModelsTest and KerasRecurrentGraphTest in dropout4j-io.)
 */
class FunctionalRecurrentTest {
  private static Tensor data(long seed, int... dims) {
    return uniform(seed, -1f, 1f, dims);
  }

  /** Gives every weight of the built model random values in [-0.6, 0.6) (biases included). */
  private static void randomWeights(Model m) {
    long seed = 300;
    for (Parameter p : m.weights()) {
      p.assign(uniform(seed++, -0.6f, 0.6f, p.shape().toArray()));
    }
  }

  @Test
  void lstmReturnState_givesOutputHAndC_asCallWithStates() {
    KerasTensor in = Input.shape(5, 3).output();
    LSTM lstm = LSTM.builder(4).returnSequences(true).returnState(true).build();
    List<KerasTensor> out = lstm.applyAll(in);
    assertEquals(List.of(Shape.batchOf(5, 4), Shape.batchOf(4), Shape.batchOf(4)),
        out.stream().map(KerasTensor::shape).toList());
    Functional m = new Functional(List.of(in), out);
    m.setRandomSeed(3);
    m.build();
    randomWeights(m);
    Tensor x = data(1, 2, 5, 3);
    List<Tensor> got = m.predict(List.of(x), 8);
    List<Tensor> expected = lstm.callWithStates(x, CallContext.inference());
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(expected.get(i).toArray(), got.get(i).toArray(), 1e-6f, "output " + i);
    }
    float[] seq = got.get(0).toArray();
    assertArrayEquals(java.util.Arrays.copyOfRange(seq, 16, 20), java.util.Arrays.copyOfRange(got.get(1).toArray(),
        0, 4), 0f, "h is the last step of the sequence (row 0)");
  }

  @Test
  void applyOnALayerWithSeveralOutputs_pointsToApplyAll() {
    KerasTensor in = Input.shape(5, 3).output();
    GRU gru = GRU.builder(4).returnState(true).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gru.apply(in));
    assertTrue(e.getMessage().contains("returns 2 tensors") && e.getMessage().contains("applyAll"), e.getMessage());
  }

  /** The classic seq2seq graph: encoder LSTM(return_state) whose h, c start a decoder LSTM(return_sequences). */
  private static Functional seq2seq(float dropout, float recurrentDropout) {
    KerasTensor enc = Input.of(Shape.batchOf(4, 3), "encoder_in").output();
    KerasTensor dec = Input.of(Shape.batchOf(3, 2), "decoder_in").output();
    List<KerasTensor> states = LSTM.builder(3).returnState(true).dropout(dropout).recurrentDropout(recurrentDropout)
        .name("encoder").build().applyAll(enc);
    KerasTensor seq = LSTM.builder(3).returnSequences(true).dropout(dropout).recurrentDropout(recurrentDropout)
        .name("decoder").build().apply(List.of(dec), Map.of("initial_state", states.subList(1, 3)));
    Functional m = new Functional(List.of(enc, dec), List.of(Dense.builder(2).name("head").build().apply(seq)));
    m.setRandomSeed(5);
    m.build();
    randomWeights(m);
    return m;
  }

  @Test
  void initialState_startsTheDecoderFromTheEncoderStates() {
    Functional m = seq2seq(0f, 0f);
    Tensor xe = data(11, 2, 4, 3);
    Tensor xd = data(12, 2, 3, 2);
    RecurrentLayer encoder = (RecurrentLayer) layer(m, "encoder");
    RecurrentLayer decoder = (RecurrentLayer) layer(m, "decoder");
    List<Tensor> s = encoder.callWithStates(xe, CallContext.inference());
    // a decoder whose states start at the encoder's: the step recurrence by hand from (h, c)
    Tensor expected = stepLstm(decoder, xd, s.get(1), s.get(2));
    Tensor head = layer(m, "head").call(expected, CallContext.inference());
    assertArrayEquals(head.toArray(), m.predict(List.of(xe, xd), 8).get(0).toArray(), 1e-5f);
    Tensor fromZeros = layer(m, "head").call(decoder.call(xd, CallContext.inference()), CallContext.inference());
    assertFalse(java.util.Arrays.equals(fromZeros.toArray(), head.toArray()), "the states change the decoder");
  }

  /** LSTM by its formula, step by step from (h, c), for the decoder's weights (Keras' gate order i, f, c, o). */
  private static Tensor stepLstm(RecurrentLayer layer, Tensor x, Tensor h0, Tensor c0) {
    int units = layer.units();
    float[] k = layer.weights().get(0).data();
    float[] r = layer.weights().get(1).data();
    float[] b = layer.weights().get(2).data();
    int batch = x.shape().dim(0);
    int steps = x.shape().dim(1);
    int in = x.shape().dim(2);
    float[] out = new float[batch * steps * units];
    for (int n = 0; n < batch; n++) {
      float[] h = java.util.Arrays.copyOfRange(h0.toArray(), n * units, (n + 1) * units);
      float[] c = java.util.Arrays.copyOfRange(c0.toArray(), n * units, (n + 1) * units);
      for (int t = 0; t < steps; t++) {
        float[] z = new float[4 * units];
        for (int j = 0; j < 4 * units; j++) {
          double s = b[j];
          for (int d = 0; d < in; d++) {
            s += x.get((n * steps + t) * in + d) * k[d * 4 * units + j];
          }
          for (int u = 0; u < units; u++) {
            s += h[u] * r[u * 4 * units + j];
          }
          z[j] = (float) s;
        }
        for (int u = 0; u < units; u++) {
          double i = sig(z[u]);
          double f = sig(z[units + u]);
          double g = Math.tanh(z[2 * units + u]);
          double o = sig(z[3 * units + u]);
          c[u] = (float) (f * c[u] + i * g);
          h[u] = (float) (o * Math.tanh(c[u]));
          out[(n * steps + t) * units + u] = h[u];
        }
      }
    }
    return Tensor.of(Shape.of(batch, steps, units), out);
  }

  private static double sig(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  private static Layer layer(Functional m, String name) {
    return m.layers().stream().filter(l -> name.equals(l.name())).findFirst().orElseThrow();
  }

  @Test
  void gradients_flowIntoTheEncoderThroughTheStates_finiteDifferences() {
    Functional m = seq2seq(0.3f, 0.3f); // fixed key: fixed dropout masks, a smooth function
    Tensor xe = data(21, 2, 4, 3);
    Tensor xd = data(22, 2, 3, 2);
    CallContext training = CallContext.training(RngKey.of(9), 1);
    List<GradientCheck.Leaf> leaves = new ArrayList<>();
    for (Parameter p : layer(m, "encoder").weights()) {
      leaves.add(leaf(p));
    }
    for (Parameter p : layer(m, "decoder").weights()) {
      leaves.add(leaf(p));
    }
    GradientCheck.check("seq2seq", GradientCheck.H, () -> m.call(List.of(xe, xd), training).get(0), leaves);
  }

  @Test
  void gruAndSimpleRnnInitialState_isOneTensor_andWrongCountOrShapeFailsAtConstruction() {
    KerasTensor x = Input.shape(4, 3).output();
    KerasTensor h = Input.shape(5).output();
    KerasTensor wide = Input.shape(6).output();
    IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> LSTM.builder(5).name("dec")
        .build().apply(List.of(x), Map.of("initial_state", List.of(h))));
    assertTrue(count.getMessage().contains("\"dec\" (LSTM)") && count.getMessage().contains("takes 2 tensor(s) [h, c]")
        && count.getMessage().contains("received 1"), count.getMessage());
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> GRU.builder(5).name("g")
        .build().apply(List.of(x), Map.of("initial_state", List.of(wide))));
    assertTrue(shape.getMessage().contains("\"g\" (GRU)") && shape.getMessage().contains("(None, 5)")
        && shape.getMessage().contains("(None, 6)"), shape.getMessage());
    KerasTensor ok = SimpleRNN.builder(5).build().apply(List.of(x), Map.of("initial_state", List.of(h)));
    assertEquals(Shape.batchOf(5), ok.shape());
  }

  @Test
  void bidirectionalNoneWithStates_givesBothDirectionsThenTheirStates() {
    KerasTensor in = Input.shape(5, 3).output();
    Bidirectional bi = new Bidirectional(GRU.builder(2).returnSequences(true).returnState(true), null);
    List<KerasTensor> out = bi.applyAll(in);
    assertEquals(List.of(Shape.batchOf(5, 2), Shape.batchOf(5, 2), Shape.batchOf(2), Shape.batchOf(2)),
        out.stream().map(KerasTensor::shape).toList());
    Functional m = new Functional(List.of(in), out);
    m.setRandomSeed(2);
    m.build();
    randomWeights(m);
    Tensor x = data(31, 2, 5, 3);
    List<Tensor> got = m.predict(List.of(x), 8);
    List<Tensor> fw = bi.forwardLayer().callWithStates(x, CallContext.inference());
    List<Tensor> bw = bi.backwardLayer().callWithStates(x, CallContext.inference());
    assertArrayEquals(fw.get(0).toArray(), got.get(0).toArray(), 1e-6f, "forward sequence");
    assertArrayEquals(fw.get(1).toArray(), got.get(2).toArray(), 1e-6f, "forward h");
    assertArrayEquals(bw.get(1).toArray(), got.get(3).toArray(), 1e-6f, "backward h");
    // the backward output is returned in input time order: its step 0 is the backward layer's last step
    float[] b = bw.get(0).toArray();
    float[] g = got.get(1).toArray();
    assertArrayEquals(java.util.Arrays.copyOfRange(b, 8, 10), java.util.Arrays.copyOfRange(g, 0, 2), 1e-6f);
  }

  @Test
  void bidirectionalNone_isRefusedInASequentialChain() {
    Bidirectional bi = new Bidirectional(GRU.builder(2).returnSequences(true), null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> bi.computeOutputShape(Shape.batchOf(5, 3)));
    assertTrue(e.getMessage().contains("merge_mode=None"), e.getMessage());
  }

  @Test
  void explicitMask_replacesTheInputsMask_asMaskedSteps() {
    KerasTensor x = Input.shape(4, 3).output();
    KerasTensor mask = Input.shape(4).output();
    LSTM lstm = LSTM.builder(3).build();
    Functional m = new Functional(List.of(x, mask), List.of(lstm.apply(List.of(x), Map.of("mask", mask))));
    m.setRandomSeed(4);
    m.build();
    randomWeights(m);
    Tensor xs = data(41, 2, 4, 3);
    Tensor keep = Tensor.of(Shape.of(2, 4), new float[] {1, 1, 0, 0, 1, 0, 1, 1});
    Tensor expected = lstm.call(xs.withMask(keep), CallContext.inference());
    assertArrayEquals(expected.toArray(), m.predict(List.of(xs, keep), 8).get(0).toArray(), 1e-6f);
    assertFalse(java.util.Arrays.equals(expected.toArray(), lstm.call(xs, CallContext.inference()).toArray()));
  }

  @Test
  void explicitMaskOnALayerWithoutMasks_isRefusedNamingTheLayer() {
    KerasTensor x = Input.shape(4).output();
    KerasTensor mask = Input.shape(4).output();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Dense.builder(2).name("d").build().apply(List.of(x), Map.of("mask", mask)));
    assertTrue(e.getMessage().contains("\"d\" (Dense)") && e.getMessage().contains("mask"), e.getMessage());
  }

  /** A seq2seq graph with dropout only in the encoder or only in the decoder. */
  private static Functional seq2seqDropoutIn(boolean encoder) {
    KerasTensor enc = Input.shape(4, 3).output();
    KerasTensor dec = Input.shape(3, 2).output();
    float e = encoder ? 0.5f : 0f;
    float d = encoder ? 0f : 0.5f;
    List<KerasTensor> states = LSTM.builder(5).returnState(true).dropout(e).recurrentDropout(e).build().applyAll(enc);
    KerasTensor seq = LSTM.builder(5).returnSequences(true).dropout(d).recurrentDropout(d).build()
        .apply(List.of(dec), Map.of("initial_state", states.subList(1, 3)));
    Functional m = new Functional(List.of(enc, dec), List.of(seq));
    m.setRandomSeed(8);
    return m;
  }

  @Test
  void monteCarloDropout_samplesTheEncoderAndTheDecoder() {
    Tensor xe = data(51, 2, 4, 3);
    Tensor xd = data(52, 2, 3, 2);
    for (boolean encoder : new boolean[] {true, false}) {
      Functional m = seq2seqDropoutIn(encoder);
      float[] draws = MonteCarloDropout.predict(m, List.of(xe, xd), 3, 17).get(0).draws().toArray(); // (3, 2, 3, 5)
      int per = draws.length / 3;
      float[] first = java.util.Arrays.copyOfRange(draws, 0, per);
      for (int t = 1; t < 3; t++) {
        assertFalse(java.util.Arrays.equals(first, java.util.Arrays.copyOfRange(draws, t * per, (t + 1) * per)),
            (encoder ? "encoder" : "decoder") + " dropout: pass " + t + " draws other masks");
      }
      assertArrayEquals(m.predict(List.of(xe, xd), 8).get(0).toArray(),
          m.predict(List.of(xe, xd), 8).get(0).toArray(), "inference is deterministic");
    }
  }

  @Test
  void training_learnsATaskOnlyTheStatesCarry() {
    // the decoder reads constant zeros: the target (the sign of the encoder sequence's sum, at every decoder step)
    // reaches it only through the initial state, so learning it needs the gradient through h and c
    int n = 256;
    Tensor xe = data(61, n, 4, 3);
    Tensor xd = Tensor.zeros(Shape.of(n, 3, 2));
    float[] y = new float[n * 3];
    for (int i = 0; i < n; i++) {
      float sum = 0;
      for (int j = 0; j < 12; j++) {
        sum += xe.get(i * 12 + j);
      }
      java.util.Arrays.fill(y, i * 3, i * 3 + 3, sum > 0 ? 1f : 0f);
    }
    KerasTensor enc = Input.shape(4, 3).output();
    KerasTensor dec = Input.shape(3, 2).output();
    List<KerasTensor> states = LSTM.builder(8).returnState(true).build().applyAll(enc);
    KerasTensor seq = LSTM.builder(8).returnSequences(true).build()
        .apply(List.of(dec), Map.of("initial_state", states.subList(1, 3)));
    KerasTensor out = new org.dropout4j.layers.Reshape(3).apply(Dense.builder(1).activation("sigmoid").build()
        .apply(seq));
    Functional m = new Functional(List.of(enc, dec), List.of(out));
    m.setRandomSeed(1);
    m.compile(new org.dropout4j.optimizers.Adam(0.02f), org.dropout4j.losses.Losses.get("binary_crossentropy"),
        "binary_accuracy");
    History h = m.fit(List.of(xe, xd), List.of(Tensor.of(Shape.of(n, 3), y)),
        FitOptions.builder().epochs(40).batchSize(32).verbose(0).build());
    double acc = h.last("binary_accuracy");
    System.out.println("[fit] seq2seq sign-through-the-states task: binary_accuracy " + acc + " after 40 epochs");
    assertTrue(acc > 0.9, "accuracy " + acc + " (chance 0.5); loss " + h.get("loss"));
  }

  @Test
  void explicitMaskOnGlobalAveragePooling1D_averagesTheKeptSteps() {
    KerasTensor x = Input.shape(4, 2).output();
    KerasTensor mask = Input.shape(4).output();
    KerasTensor avg = new org.dropout4j.layers.GlobalAveragePooling1D().apply(List.of(x), Map.of("mask", mask));
    Functional m = new Functional(List.of(x, mask), List.of(avg));
    Tensor xs = Tensor.of(Shape.of(1, 4, 2), new float[] {1, 2, 3, 4, 5, 6, 7, 8});
    Tensor keep = Tensor.of(Shape.of(1, 4), new float[] {1, 0, 1, 0});
    assertArrayEquals(new float[] {3, 4}, m.predict(List.of(xs, keep), 8).get(0).toArray(), 1e-6f,
        "the mean of steps 0 and 2");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new org.dropout4j.layers
        .GlobalMaxPooling1D().apply(List.of(x), Map.of("mask", mask)));
    assertTrue(e.getMessage().contains("GlobalMaxPooling1D") && e.getMessage().contains("[mask]"), e.getMessage());
  }
}
