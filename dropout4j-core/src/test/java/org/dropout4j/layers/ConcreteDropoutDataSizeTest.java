package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dropout4j.models.FitOptions;
import org.dropout4j.models.Sequential;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The paper's direction (Gal, Hron, Kendall 2017, figure 4): with the regularizers scaled by {@code 1/N}, the learned
 * dropout probability is smaller when there is more data. Regression of {@code y = sin(x) + 0.1 * eps} on
 * {@code x ~ U(-3, 3)}, the same 1000 Adam steps for {@code N = 100} (batch 20, 200 epochs) and {@code N = 2000}
 * (batch 100, 50 epochs), both starting from {@code p = 0.1}; about a second.
 *
 * <p>Measured (seeds 1-3): {@code p} rises to 0.23 for {@code N = 100} and falls to 0.075-0.086 for
 * {@code N = 2000} in both layers; with twice the steps, 0.39 vs 0.09-0.14.
 */
class ConcreteDropoutDataSizeTest {
  private static double[] learnedP(int n, int epochs, int batch) {
    float[] x = new float[n];
    float[] y = new float[n];
    float[] eps = new float[n];
    RngKey.of(n).fold(1).fillUniform(x);
    RngKey.of(n).fold(2).fillNormal(eps);
    for (int i = 0; i < n; i++) {
      x[i] = -3f + 6f * x[i];
      y[i] = (float) (Math.sin(x[i]) + 0.1 * eps[i]);
    }
    float wr = ConcreteDropout.weightRegularizerFor(1e-2, n);
    float dr = ConcreteDropout.dropoutRegularizerFor(n);
    ConcreteDropout hidden = new ConcreteDropout(new Dense(32, "relu"), wr, dr);
    ConcreteDropout output = new ConcreteDropout(new Dense(1), wr, dr);
    Sequential m = new Sequential(Input.shape(1), new Dense(32, "relu"), hidden, output);
    m.setRandomSeed(1);
    m.compile("adam", "mse");
    m.fit(Tensor.of(Shape.of(n, 1), x), Tensor.of(Shape.of(n, 1), y),
        FitOptions.builder().epochs(epochs).batchSize(batch).verbose(0).build());
    return new double[] {hidden.p(), output.p()};
  }

  @Test
  void learnedP_isSmallerWithMoreData() {
    double[] small = learnedP(100, 200, 20);
    double[] large = learnedP(2000, 50, 100);
    for (int layer = 0; layer < 2; layer++) {
      String msg = "layer " + layer + ": p(N=100) = " + small[layer] + ", p(N=2000) = " + large[layer];
      assertTrue(small[layer] > 0.1 && large[layer] < 0.1, "from p = 0.1, up with little data, down with much: "
          + msg);
      assertTrue(small[layer] - large[layer] > 0.05, msg);
    }
  }
}
