package org.dropout4j.examples;

import org.dropout4j.models.McPrediction;
import org.dropout4j.models.MonteCarloDropout;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;

/**
 * Monte Carlo dropout (Gal and Ghahramani 2016): keep dropout on at prediction time, run T passes, and read the
 * spread of the T predictions as the model's uncertainty. Points on the boundary between the circles get high
 * entropy; points deep inside a class get little.
 */
public final class McDropoutUncertainty {
  private McDropoutUncertainty() {
  }

  /** Trains the circles model with dropout and prints MC statistics at a few points; {@code --quick}: 300 epochs. */
  public static void main(String[] args) {
    boolean quick = Quick.isOn(args);
    Sequential model = CirclesModel.trainedWithDropout(quick ? 300 : 4000);

    float[][] points = {{0f, 0f}, {0.55f, 0f}, {0.8f, 0f}, {1.1f, 0f}, {3f, 3f}};
    McPrediction mc = MonteCarloDropout.predict(model, Tensor.of(points), 100, 7);
    System.out.println("point          mean p(inner)   std     entropy  BALD   (T = 100 passes)");
    for (int i = 0; i < points.length; i++) {
      System.out.printf("(%5.2f, %5.2f)  %.3f           %.3f   %.3f    %.3f%n", points[i][0], points[i][1],
          mc.mean().get(i, 0), mc.std().get(i, 0), mc.predictiveEntropy().get(i),
          mc.mutualInformation().get(i));
    }
  }
}
