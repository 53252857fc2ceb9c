package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dropout4j.models.Sequential;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** SimpleRNN, GRU, LSTM: dropout masks, determinism, shapes, parameter counts, config and argument checks. */
class RecurrentLayerTest {
  private static final int B = 8;
  private static final int U = 16;

  /** An identity map: kernel = recurrent kernel = I, no bias, linear activation; h_t = x'_t + h'_(t-1). */
  private static SimpleRNN identityRnn(float dropout, float recurrentDropout) {
    SimpleRNN rnn = SimpleRNN.builder(U).activation("linear").useBias(false).dropout(dropout)
        .recurrentDropout(recurrentDropout).returnSequences(true).build();
    rnn.build(Shape.batchOf(5, U), RngKey.of(0));
    float[] eye = new float[U * U];
    for (int i = 0; i < U; i++) {
      eye[i * U + i] = 1f;
    }
    rnn.weights().get(0).assign(Tensor.of(Shape.of(U, U), eye));
    rnn.weights().get(1).assign(Tensor.of(Shape.of(U, U), eye));
    return rnn;
  }

  private static float[] onesAtStepZero(int steps) {
    float[] v = new float[B * steps * U];
    for (int b = 0; b < B; b++) {
      Arrays.fill(v, b * steps * U, b * steps * U + U, 1f);
    }
    return v;
  }

  @Test
  void inputMask_isConstantAcrossTimeSteps_andDiffersBetweenSequences() {
    // recurrent kernel 0: h_t = x_t * mask, and the input is all ones, so output[b, t] is sequence b's mask
    SimpleRNN rnn = identityRnn(0.5f, 0f);
    rnn.weights().get(1).assign(Tensor.zeros(Shape.of(U, U)));
    float[] y = rnn.call(Tensor.full(Shape.of(B, 5, U), 1f), CallContext.training(RngKey.of(3), 0)).toArray();
    List<String> masks = new ArrayList<>();
    for (int b = 0; b < B; b++) {
      float[] first = Arrays.copyOfRange(y, b * 5 * U, b * 5 * U + U);
      for (float v : first) {
        assertTrue(v == 0f || v == 2f, "inverted dropout scales kept entries by 1/(1-0.5): " + v);
      }
      for (int t = 1; t < 5; t++) {
        assertArrayEquals(first, Arrays.copyOfRange(y, (b * 5 + t) * U, (b * 5 + t + 1) * U),
            "sequence " + b + " step " + t + " reuses the step-0 mask");
      }
      masks.add(Arrays.toString(first));
    }
    assertEquals(B, masks.stream().distinct().count(), "each sequence draws its own mask: " + masks);
  }

  @Test
  void recurrentMask_isConstantAcrossTimeSteps() {
    // input 1 at step 0 only: h_0 = 1, h_t = h_(t-1) * m, so h_t = m^t; a mask redrawn per step would zero some
    // entries later that were kept earlier, and the kept entries would not grow by exactly 2 per step
    SimpleRNN rnn = identityRnn(0f, 0.5f);
    float[] y = rnn.call(Tensor.of(Shape.of(B, 5, U), onesAtStepZero(5)), CallContext.training(RngKey.of(4), 0))
        .toArray();
    int kept = 0;
    for (int b = 0; b < B; b++) {
      for (int j = 0; j < U; j++) {
        float h1 = y[(b * 5 + 1) * U + j];
        assertTrue(h1 == 0f || h1 == 2f, "h_1 = mask entry: " + h1);
        kept += h1 == 2f ? 1 : 0;
        for (int t = 2; t < 5; t++) {
          assertEquals(h1 == 0f ? 0f : (float) Math.pow(2, t), y[(b * 5 + t) * U + j],
              "b=" + b + " j=" + j + " t=" + t);
        }
      }
    }
    // 128 fair coins: 4 standard deviations is +-22.6
    assertEquals(64, kept, 23, "about half the units kept");
  }

  @Test
  void simpleRnnMasks_areRecurrentDropoutMasksOfTheContextKey() {
    // identity RNN, input 1 at step 0 only, both dropouts: h_0 = m_in (row b), h_1 = h_0 * m_rec
    SimpleRNN rnn = identityRnn(0.5f, 0.5f);
    CallContext ctx = CallContext.training(RngKey.of(12), 0);
    float[] y = rnn.call(Tensor.of(Shape.of(B, 5, U), onesAtStepZero(5)), ctx).toArray();
    RecurrentDropoutMasks expected = RecurrentDropoutMasks.of(B, U, U, 0.5f, 0.5f, ctx.noiseKey(null));
    float[] in = expected.input().toArray();
    float[] rec = expected.recurrent().toArray();
    for (int b = 0; b < B; b++) {
      for (int j = 0; j < U; j++) {
        assertEquals(in[b * U + j], y[(b * 5) * U + j], "input mask b=" + b + " j=" + j);
        assertEquals(in[b * U + j] * rec[b * U + j], y[(b * 5 + 1) * U + j], "recurrent mask b=" + b + " j=" + j);
      }
    }
  }

  @Test
  void masks_differBetweenSteps_andRepeatForTheSameKey() {
    SimpleRNN rnn = identityRnn(0.5f, 0f);
    Tensor x = Tensor.full(Shape.of(B, 5, U), 1f);
    float[] a = rnn.call(x, CallContext.training(RngKey.of(5), 0)).toArray();
    float[] again = rnn.call(x, CallContext.training(RngKey.of(5), 0)).toArray();
    float[] other = rnn.call(x, CallContext.training(RngKey.of(6), 0)).toArray();
    assertArrayEquals(a, again, "same key, same masks");
    assertFalse(Arrays.equals(a, other), "another key, other masks");
  }

  @Test
  void inference_isDeterministic_andIgnoresDropout() {
    for (RecurrentLayer l : List.of(LSTM.builder(4).dropout(0.5f).recurrentDropout(0.5f).build(),
        GRU.builder(4).dropout(0.5f).recurrentDropout(0.5f).build(),
        SimpleRNN.builder(4).dropout(0.5f).recurrentDropout(0.5f).build())) {
      Tensor x = GradientCheck.uniform(9, -1f, 1f, 3, 6, 5);
      l.build(x.shape(), RngKey.of(1));
      float[] y1 = l.call(x, CallContext.inference()).toArray();
      float[] y2 = l.call(x, CallContext.inference()).toArray();
      float[] noDropoutTraining = l.call(x, CallContext.training(RngKey.of(1), 0)).toArray();
      float[] mc = l.call(x, CallContext.monteCarlo(RngKey.of(2), 1)).toArray();
      assertArrayEquals(y1, y2, l.className() + ": inference twice");
      assertFalse(Arrays.equals(y1, noDropoutTraining), l.className() + ": training draws masks");
      assertFalse(Arrays.equals(y1, mc), l.className() + ": Monte Carlo passes draw masks");
    }
  }

  @Test
  void lstmPerGateMasks_whenRecurrentDropout_differFromOneSharedMask() {
    // Keras: with recurrent_dropout > 0 each gate has its own input mask; with a single shared mask, an input
    // feature dropped for one gate would be dropped for all. Rate 0.5 on 40 features: the outputs must differ
    // from a layer that only uses input dropout with the same key (the first gate mask equals the shared one).
    // The recurrent kernel is 0, so the tiny recurrent dropout itself cannot change the output.
    LSTM perGate = LSTM.builder(3).dropout(0.5f).recurrentDropout(1e-7f).build();
    LSTM shared = LSTM.builder(3).dropout(0.5f).build();
    Tensor x = GradientCheck.uniform(10, -1f, 1f, 2, 4, 40);
    perGate.build(x.shape(), RngKey.of(1));
    shared.build(x.shape(), RngKey.of(1));
    for (int i = 0; i < 3; i++) {
      shared.weights().get(i).assign(perGate.weights().get(i).constant());
    }
    perGate.weights().get(1).assign(Tensor.zeros(Shape.of(3, 12)));
    shared.weights().get(1).assign(Tensor.zeros(Shape.of(3, 12)));
    CallContext ctx = CallContext.training(RngKey.of(8), 0);
    assertFalse(Arrays.equals(perGate.call(x, ctx).toArray(), shared.call(x, ctx).toArray()));
  }

  @Test
  void outputShapes_followReturnSequences() {
    assertEquals(Shape.batchOf(7), new LSTM(7).computeOutputShape(Shape.batchOf(5, 3)));
    assertEquals(Shape.batchOf(5, 7), GRU.builder(7).returnSequences(true).build()
        .computeOutputShape(Shape.batchOf(5, 3)));
    Tensor y = SimpleRNN.builder(2).returnSequences(true).goBackwards(true).build()
        .call(Tensor.zeros(Shape.of(4, 6, 3)), CallContext.inference());
    assertEquals(Shape.of(4, 6, 2), y.shape());
  }

  @Test
  void summary_paramCounts_matchKerasFormulas() {
    Sequential m = new Sequential(Input.shape(50, 28), new LSTM(128), new Dense(1, "sigmoid"));
    m.build(Shape.batchOf(50, 28));
    assertEquals(4 * (28 * 128 + 128 * 128 + 128) + 129, m.countParams());
    assertEquals(80_384, m.layers().get(0).countParams());
    String s = m.summary();
    assertTrue(s.contains("lstm (LSTM)") && s.contains("80,384") && s.contains("(None, 128)"), s);

    String names = new Sequential(Input.shape(9, 4), SimpleRNN.builder(5).returnSequences(true).build(),
        GRU.builder(5).returnSequences(true).build(), new LSTM(5)).summary();
    assertTrue(names.contains("simple_rnn (SimpleRNN)") && names.contains("gru (GRU)")
        && names.contains("(None, 9, 5)"), names);

    GRU gru = new GRU(5);
    gru.build(Shape.batchOf(9, 4), RngKey.of(0));
    assertEquals(3 * (4 * 5 + 5 * 5 + 2 * 5), gru.countParams());
    GRU gruV1 = GRU.builder(5).resetAfter(false).build();
    gruV1.build(Shape.batchOf(9, 4), RngKey.of(0));
    assertEquals(3 * (4 * 5 + 5 * 5 + 5), gruV1.countParams());
    assertEquals(false, gruV1.getConfig().get("reset_after"));
    SimpleRNN rnn = new SimpleRNN(5);
    rnn.build(Shape.batchOf(9, 4), RngKey.of(0));
    assertEquals(4 * 5 + 5 * 5 + 5, rnn.countParams());
  }

  @Test
  void weights_haveKerasNamesShapesAndInitialValues() {
    LSTM lstm = new LSTM(3);
    lstm.build(Shape.batchOf(2, 4), RngKey.of(0));
    List<Parameter> w = lstm.weights();
    assertEquals(Shape.of(4, 12), w.get(0).shape());
    assertEquals(Shape.of(3, 12), w.get(1).shape());
    assertEquals(Shape.of(12), w.get(2).shape());
    assertTrue(w.get(1).name().endsWith("/recurrent_kernel"), w.get(1).name());
    // unit_forget_bias: zeros for i, c, o and ones for f
    assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0}, w.get(2).data());
    GRU gru = new GRU(3);
    gru.build(Shape.batchOf(2, 4), RngKey.of(0));
    assertEquals(Shape.of(2, 9), gru.weights().get(2).shape());
  }

  @Test
  void config_keysInKerasOrder() {
    assertEquals(List.of("name", "trainable", "dtype", "return_sequences", "return_state", "go_backwards",
        "stateful", "unroll", "zero_output_for_mask", "units", "activation", "recurrent_activation", "use_bias",
        "kernel_initializer", "recurrent_initializer", "bias_initializer", "unit_forget_bias", "kernel_regularizer",
        "recurrent_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
        "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout", "seed"),
        new ArrayList<>(new LSTM(3).getConfig().keySet()));
    List<String> gru = new ArrayList<>(new GRU(3).getConfig().keySet());
    assertEquals(List.of("dropout", "recurrent_dropout", "reset_after", "seed"), gru.subList(gru.size() - 4,
        gru.size()));
    List<String> simple = new ArrayList<>(new SimpleRNN(3).getConfig().keySet());
    assertFalse(simple.contains("recurrent_activation") || simple.contains("seed"), simple.toString());
    assertEquals("recurrent_dropout", simple.get(simple.size() - 1));
    assertEquals("{class_name=Orthogonal, config={seed=null, gain=1.0}}",
        new LSTM(3).getConfig().get("recurrent_initializer").toString());
    assertEquals(0.25, LSTM.builder(3).dropout(0.25f).build().getConfig().get("dropout"));
  }

  @Test
  void fit_withRecurrentDropout_learnsARunningSum() {
    // label = 1 if the sum of feature 0 over 6 steps is > 0; 96 sequences, 40 epochs of batch 16 (well under 1 s)
    int n = 96;
    Tensor x = GradientCheck.uniform(21, -1f, 1f, n, 6, 2);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      float sum = 0;
      for (int t = 0; t < 6; t++) {
        sum += x.get(i, t, 0);
      }
      labels[i] = sum > 0 ? 1 : 0;
    }
    Tensor y = Tensor.column(labels);
    Sequential m = new Sequential(Input.shape(6, 2), LSTM.builder(8).dropout(0.1f).recurrentDropout(0.1f).build(),
        new Dense(1, "sigmoid"));
    m.compile(new org.dropout4j.optimizers.Adam(0.02f), org.dropout4j.losses.Losses.binaryCrossentropy(false),
        "accuracy");
    double before = m.evaluate(x, y).get("loss");
    m.fit(x, y, org.dropout4j.models.FitOptions.builder().epochs(40).batchSize(16).verbose(0).build());
    java.util.Map<String, Double> after = m.evaluate(x, y);
    assertTrue(after.get("loss") < 0.5 * before, "loss " + before + " -> " + after);
    assertTrue(after.get("accuracy") > 0.85, "accuracy " + after);
  }

  @Test
  void units_nonPositive_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LSTM(0));
    assertTrue(e.getMessage().contains("`units`") && e.getMessage().contains("units=0"), e.getMessage());
  }

  @Test
  void dropout_outsideZeroOne_throws() {
    for (float rate : new float[] {-0.1f, 1f, 1.5f, Float.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> GRU.builder(3).dropout(rate).build());
      assertTrue(e.getMessage().contains("`dropout`") && e.getMessage().contains("dropout=" + rate), e.getMessage());
    }
  }

  @Test
  void recurrentDropout_outsideZeroOne_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SimpleRNN.builder(3).recurrentDropout(1f).build());
    assertTrue(e.getMessage().contains("recurrent_dropout=1.0"), e.getMessage());
  }

  @Test
  void unsupportedActivation_throws_andGateOptionsBelongToTheirLayers() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LSTM.builder(3).activation("hard_tan").build());
    assertTrue(e.getMessage().contains("`activation` of LSTM") && e.getMessage().contains("hard_tan"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GRU.builder(3).unitForgetBias(false));
    assertThrows(IllegalArgumentException.class, () -> SimpleRNN.builder(3).recurrentActivation("sigmoid"));
  }

  @Test
  void input_rank2_throwsNamingTheLayerAndShape() {
    LSTM lstm = LSTM.builder(3).name("enc").build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> lstm.call(Tensor.zeros(Shape.of(2, 5)), CallContext.inference()));
    assertTrue(e.getMessage().contains("\"enc\" (LSTM)") && e.getMessage().contains("(2, 5)"), e.getMessage());
  }
}
