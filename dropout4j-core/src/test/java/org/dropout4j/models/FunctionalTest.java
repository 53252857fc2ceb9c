package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.KerasTensor;
import org.dropout4j.layers.Operation;
import org.dropout4j.layers.merging.Add;
import org.dropout4j.layers.merging.Concatenate;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.MergeOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The functional model: graph order, forward pass, shared and nested layers, construction errors, summary. */
class FunctionalTest {
  private static Tensor data(long seed, int rows, int cols) {
    float[] v = new float[rows * cols];
    RngKey.of(seed).fillUniform(v);
    for (int i = 0; i < v.length; i++) {
      v[i] = 2 * v[i] - 1;
    }
    return Tensor.of(Shape.of(rows, cols), v);
  }

  /** Keras' example graph: inputs a (8,) and b (3,), a Dense called twice, a concatenation and an addition. */
  private static Functional twoInTwoOut(Dense[] shared) {
    KerasTensor a = Input.of(Shape.batchOf(8), "a").output();
    KerasTensor b = Input.of(Shape.batchOf(3), "b").output();
    Dense d = new Dense(16, "relu");
    shared[0] = d;
    KerasTensor h = d.apply(a);
    KerasTensor c = new Concatenate().apply(h, b);
    KerasTensor kind = Dense.builder(2).activation("softmax").name("kind").build().apply(c);
    KerasTensor value = Dense.builder(1).name("value").build().apply(new Add().apply(h, d.apply(a)));
    Functional m = new Functional(List.of(a, b), List.of(kind, value));
    m.setRandomSeed(1);
    return m;
  }

  @Test
  void layerOrder_isKerasDepthOrder() {
    Functional m = twoInTwoOut(new Dense[1]);
    assertEquals(List.of("a", "dense", "b", "concatenate", "add", "kind", "value"),
        m.operations().stream().map(Operation::name).toList());
    assertEquals(List.of("kind", "value"), m.outputNames());
  }

  @Test
  void summary_matchesKeras3Text() throws IOException {
    Functional m = twoInTwoOut(new Dense[1]);
    String expected;
    try (InputStream in = getClass().getResourceAsStream("/golden/functional_summary.txt")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(expected.replace("\n", System.lineSeparator()), m.summary());
  }

  @Test
  void predict_ofTwoInputsAndTwoOutputs_isTheComposedLayers() {
    Dense[] shared = new Dense[1];
    Functional m = twoInTwoOut(shared);
    Tensor a = data(2, 5, 8);
    Tensor b = data(3, 5, 3);
    List<Tensor> out = m.predict(List.of(a, b), 32);
    assertEquals(2, out.size());
    CallContext inf = CallContext.inference();
    Tensor h = shared[0].call(a, inf);
    Dense kind = (Dense) m.operations().get(5);
    Dense value = (Dense) m.operations().get(6);
    Tensor expectedKind = kind.call(MergeOps.concat(List.of(h, b), -1), inf);
    assertArrayEquals(expectedKind.toArray(), out.get(0).toArray(), 1e-6f);
    assertArrayEquals(value.call(Ops.add(h, h), inf).toArray(), out.get(1).toArray(), 1e-6f);
    // the shared Dense has one set of weights: 2 layers of 2 weights + the shared one
    assertEquals(6, m.weights().size());
  }

  @Test
  void residualMlp_addsTheSkipConnection() {
    KerasTensor in = Input.shape(4).output();
    Dense inner = new Dense(4, "tanh");
    KerasTensor out = new Add().apply(in, inner.apply(in));
    Functional m = new Functional(in, out);
    Tensor x = data(5, 3, 4);
    Tensor expected = Ops.add(x, inner.call(x, CallContext.inference()));
    m.build();
    assertArrayEquals(Ops.add(x, inner.call(x, CallContext.inference())).toArray(), m.predict(x).toArray(),
        1e-6f);
    assertEquals(expected.shape(), m.predict(x).shape());
  }

  @Test
  void nestedModel_isCalledAsALayerAndSharesItsWeights() {
    KerasTensor innerIn = Input.shape(3).output();
    Functional inner = new Functional(List.of(innerIn), List.of(new Dense(2, "tanh").apply(innerIn)), "encoder");
    KerasTensor x1 = Input.of(Shape.batchOf(3), "x1").output();
    KerasTensor x2 = Input.of(Shape.batchOf(3), "x2").output();
    KerasTensor e1 = inner.apply(x1).get(0);
    KerasTensor e2 = inner.apply(x2).get(0);
    Functional outer = new Functional(List.of(x1, x2), List.of(new Concatenate().apply(e1, e2)), "siamese");
    outer.setRandomSeed(3);
    Tensor a = data(6, 2, 3);
    Tensor b = data(7, 2, 3);
    Tensor y = outer.predict(List.of(a, b), 8).get(0);
    assertEquals(Shape.of(2, 4), y.shape());
    Tensor ea = inner.predict(a);
    Tensor eb = inner.predict(b);
    assertArrayEquals(MergeOps.concat(List.of(ea, eb), -1).toArray(), y.toArray(), 1e-6f);
    assertEquals(2, outer.weights().size());
    assertTrue(outer.summary().contains("encoder (Functional)"), outer.summary());
  }

  @Test
  void outputNeedingAnUnlistedInput_isGraphDisconnectedAtConstruction() {
    KerasTensor a = Input.of(Shape.batchOf(2), "a").output();
    KerasTensor b = Input.of(Shape.batchOf(2), "b").output();
    KerasTensor sum = new Add("sum").apply(a, b);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Functional(a, sum));
    assertTrue(e.getMessage().contains("Graph disconnected") && e.getMessage().contains("\"b\"")
        && e.getMessage().contains("sum"), e.getMessage());
  }

  @Test
  void inputNotReachableFromTheOutputs_isRefusedAtConstruction() {
    KerasTensor a = Input.of(Shape.batchOf(2), "a").output();
    KerasTensor unused = Input.of(Shape.batchOf(5), "unused").output();
    KerasTensor y = new Dense(1).apply(a);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Functional(List.of(a, unused), List.of(y)));
    assertTrue(e.getMessage().contains("\"unused\"") && e.getMessage().contains("(None, 5)")
        && e.getMessage().contains("not connected"), e.getMessage());
  }

  @Test
  void duplicateLayerNames_areRefusedAtConstruction() {
    KerasTensor a = Input.shape(2).output();
    KerasTensor y = Dense.builder(2).name("same").build().apply(Dense.builder(2).name("same").build().apply(a));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Functional(a, y));
    assertTrue(e.getMessage().contains("\"same\""), e.getMessage());
  }

  @Test
  void predict_withTheWrongNumberOfInputs_namesTheModelInputsAndShapes() {
    Functional m = twoInTwoOut(new Dense[1]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.predict(List.of(data(1, 2, 8)), 32));
    assertTrue(e.getMessage().contains("takes 2 inputs") && e.getMessage().contains("a (None, 8)")
        && e.getMessage().contains("b (None, 3)"), e.getMessage());
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> m.predict(List.of(data(1, 2, 8), data(1, 2, 4)), 32));
    assertTrue(shape.getMessage().contains("(None, 3)") && shape.getMessage().contains("(2, 4)"),
        shape.getMessage());
  }

  @Test
  void sameSeed_givesSameWeights_andSetRandomSeedAfterBuildThrows() {
    Functional m1 = twoInTwoOut(new Dense[1]);
    Functional m2 = twoInTwoOut(new Dense[1]);
    m1.build();
    m2.build();
    for (int i = 0; i < m1.weights().size(); i++) {
      assertArrayEquals(m1.getWeights().get(i), m2.getWeights().get(i));
    }
    assertThrows(IllegalStateException.class, () -> m1.setRandomSeed(2));
  }

  @Test
  void monteCarloDropout_samplesEveryBranchOncePerPass() {
    KerasTensor in = Input.shape(50).output();
    KerasTensor left = new Dropout(0.5f).apply(in);
    KerasTensor right = new Dropout(0.5f).apply(in);
    Functional m = new Functional(in, new Concatenate().apply(left, right));
    Tensor x = Tensor.full(Shape.of(1, 50), 1f);
    McPrediction p = MonteCarloDropout.predict(m, x, 4, 11);
    float[] d = p.draws().toArray(); // (4, 1, 100)
    for (int t = 0; t < 4; t++) {
      int leftKept = 0;
      int rightKept = 0;
      boolean same = true;
      for (int j = 0; j < 50; j++) {
        float l = d[t * 100 + j];
        float r = d[t * 100 + 50 + j];
        assertTrue(l == 0f || l == 2f, "inverted dropout values are 0 or 1/(1-rate)");
        leftKept += l > 0 ? 1 : 0;
        rightKept += r > 0 ? 1 : 0;
        same &= l == r;
      }
      // 50 draws at p = 0.5 keep between 10 and 40 units with probability > 1 - 1e-5 per branch
      assertTrue(leftKept > 10 && leftKept < 40 && rightKept > 10 && rightKept < 40, leftKept + " " + rightKept);
      assertFalse(same, "the two branches draw independent masks");
    }
    assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOfRange(d, 0, 100),
        java.util.Arrays.copyOfRange(d, 100, 200)), "each pass draws new masks");
    assertArrayEquals(d, MonteCarloDropout.predict(m, x, 4, 11).draws().toArray(), "one seed, one result");
    assertArrayEquals(x.toArray(), java.util.Arrays.copyOf(m.predict(x).toArray(), 50), "inference: identity");
  }

  @Test
  void trainingTrueCall_keepsDropoutActiveAtInference() {
    KerasTensor in = Input.shape(200).output();
    Functional m = new Functional(in, new Dropout(0.5f).apply(in, true));
    float[] y = m.predict(Tensor.full(Shape.of(1, 200), 1f)).toArray();
    int zeros = 0;
    for (float v : y) {
      zeros += v == 0f ? 1 : 0;
    }
    assertTrue(zeros > 50 && zeros < 150, "about half dropped, received " + zeros);
  }

  @Test
  void inputLayers_keepTheirOrder() {
    Functional m = twoInTwoOut(new Dense[1]);
    assertEquals(List.of("a", "b"), m.inputLayers().stream().map(Input::name).toList());
    assertSame(m.inputs().get(0), m.inputLayers().get(0).output());
  }
}
