package org.dropout4j.models;

import java.util.Map;
import org.dropout4j.losses.FlatLoss;
import org.dropout4j.losses.Loss;
import org.dropout4j.losses.Reduction;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/** Fit's per-sample weights: from {@code sample_weight} or {@code class_weight}, and a loss that applies them. */
final class SampleWeights {
  private SampleWeights() {
  }

  /**
   * One weight per sample, or {@code null} without weights. Class weights follow Keras'
   * {@code class_weight_to_sample_weights}: the class of a sample is its rounded target ({@code (n,)} or
   * {@code (n, 1)} targets) or the argmax of its one-hot target; unlisted classes weigh 1.
   *
   * @throws IllegalArgumentException if the number of sample weights differs from the number of samples
   */
  static Tensor of(FitOptions options, Tensor y) {
    int n = y.shape().dim(0);
    if (options.sampleWeight() != null) {
      Tensor w = options.sampleWeight();
      if (w.size() != n) {
        throw new IllegalArgumentException("Invalid value for argument `sample_weight`: expected " + n + " weights "
            + "(one per sample), received shape " + w.shape());
      }
      for (float v : w.toArray()) {
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException("Invalid value for argument `sample_weight`: expected finite weights, "
              + "received " + v);
        }
      }
      return Tensor.of(Shape.of(n), w.toArray());
    }
    Map<Integer, Double> classWeight = options.classWeight();
    return classWeight == null ? null : classWeights(classWeight, y);
  }

  /** The weight of each sample's class (as {@link #of}) for targets {@code y}. */
  static Tensor classWeights(Map<Integer, Double> classWeight, Tensor y) {
    int n = y.shape().dim(0);
    float[] t = y.toArray();
    int width = t.length / n;
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      int cls;
      if (width > 1) {
        cls = 0;
        for (int j = 1; j < width; j++) {
          if (t[i * width + j] > t[i * width + cls]) {
            cls = j;
          }
        }
      } else {
        cls = (int) Math.rint(t[i]);
      }
      w[i] = classWeight.getOrDefault(cls, 1.0).floatValue();
    }
    return Tensor.of(Shape.of(n), w);
  }

  /** {@code loss} with the batch's weights applied ({@link Loss#call(Tensor, Tensor, Tensor)}); no flat form. */
  static Loss weighted(Loss loss, Tensor batchWeights) {
    return new Weighted(loss, batchWeights);
  }

  /**
   * The loss output {@code k} trains with: the model's loss for that output, weighted like {@code stepLoss} if
   * the training loop passed a weighted loss.
   */
  static Loss forOutput(Model model, int k, Loss stepLoss) {
    Loss own = model.loss(k);
    return stepLoss instanceof Weighted ? new Weighted(own, ((Weighted) stepLoss).weights) : own;
  }

  /** A loss whose every call applies one batch's sample weights. */
  static final class Weighted implements Loss {
    private final Loss loss;
    private final Tensor weights;

    Weighted(Loss loss, Tensor weights) {
      this.loss = loss;
      this.weights = weights;
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
      return loss.call(yTrue, yPred, weights);
    }

    @Override
    public Reduction reduction() {
      return loss.reduction();
    }

    @Override
    public FlatLoss flat() {
      return null;
    }

    @Override
    public String name() {
      return loss.name();
    }

    @Override
    public Map<String, Object> getConfig() {
      return loss.getConfig();
    }
  }
}
