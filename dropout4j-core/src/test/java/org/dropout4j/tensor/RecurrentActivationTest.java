package org.dropout4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dropout4j.tensor.Ops.FusedActivation;
import org.junit.jupiter.api.Test;

/** The fused recurrent kernel's exp-free tanh and sigmoid against {@code Math.tanh} and {@code 1 / (1 + e^-x)}. */
class RecurrentActivationTest {

  @Test
  void tanh_within4e7OfMathTanh_onADenseGrid() {
    double max = 0;
    for (int i = -1_200_000; i <= 1_200_000; i++) {
      float x = i * 1e-5f;
      max = Math.max(max, Math.abs(Recurrent.tanh(x) - Math.tanh(x)));
    }
    assertTrue(max < 4e-7, "max |error| " + max);
    assertEquals(1f, Recurrent.tanh(50f));
    assertEquals(-1f, Recurrent.tanh(-1e30f));
    assertEquals(1e-8f, Recurrent.tanh(1e-8f), 1e-15f);
  }

  @Test
  void sigmoid_within3e7OfTheLogistic_onADenseGrid() {
    float[] x = new float[240_001];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i - 120_000) * 1e-4f;
    }
    float[] y = new float[x.length];
    Recurrent.activate(FusedActivation.SIGMOID, x, 0, y, 0, x.length);
    double max = 0;
    for (int i = 0; i < x.length; i++) {
      max = Math.max(max, Math.abs(y[i] - 1.0 / (1.0 + Math.exp(-x[i]))));
    }
    assertTrue(max < 3e-7, "max |error| " + max);
  }
}
