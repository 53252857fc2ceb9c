package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dropout4j.layers.ConcreteDropout;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.DropConnectDense;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.SparseVariationalDense;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The learned dropout layers draw noise in {@link MonteCarloDropout} passes, and none at inference. */
class LearnedDropoutMonteCarloTest {
  private static void drawsNoiseOnlyInMonteCarloPasses(Layer noisy) {
    Sequential m = new Sequential(Input.shape(3), new Dense(8, "tanh"), noisy, new Dense(1));
    m.setRandomSeed(2);
    Tensor x = Tensor.of(Shape.of(4, 3), 0.1f, -0.2f, 0.3f, 1f, 0.5f, -1f, 0.7f, 0.2f, 0.9f, -0.4f, 0.8f, -0.6f);
    assertArrayEquals(m.predict(x).toArray(), m.predict(x).toArray(), 0f, noisy.className() + ": inference");
    McPrediction mc = MonteCarloDropout.predict(m, x, 20, 5);
    for (float s : mc.std().toArray()) {
      assertTrue(s > 0f, noisy.className() + ": every MC prediction varies, std " + mc.std());
    }
  }

  @Test
  void dropConnectDense() {
    drawsNoiseOnlyInMonteCarloPasses(new DropConnectDense(8, "tanh", 0.5f));
  }

  @Test
  void concreteDropout() {
    drawsNoiseOnlyInMonteCarloPasses(new ConcreteDropout(new Dense(8, "tanh"), 1e-6f, 1e-5f));
  }

  @Test
  void sparseVariationalDense() {
    SparseVariationalDense svd = new SparseVariationalDense(8, "tanh", true, "glorot_uniform", "zeros", -2f, 3f, 100,
        null, null);
    drawsNoiseOnlyInMonteCarloPasses(svd);
  }
}
