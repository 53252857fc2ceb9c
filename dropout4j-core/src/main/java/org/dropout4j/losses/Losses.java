package org.dropout4j.losses;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Tensor;

/**
 * The losses, by Keras name or factory: {@code binary_crossentropy}, {@code categorical_crossentropy},
 * {@code sparse_categorical_crossentropy}, {@code mean_squared_error} ({@code mse}).
 *
 * <p>Probabilities are clipped to {@code [1e-7, 1 - 1e-7]} (Keras' {@code epsilon}) before the log, so a
 * prediction of exactly 0 or 1 gives a finite loss; the gradient is 0 where clipping is active. With
 * {@code fromLogits} the losses are computed from logits with the stable log-sum-exp forms.
 */
public final class Losses {
  /** Keras' fuzz factor {@code backend.epsilon()}. */
  public static final float EPSILON = 1e-7f;

  private static final Map<String, Supplier<Loss>> BY_NAME = new LinkedHashMap<>();

  static {
    BY_NAME.put("binary_crossentropy", () -> binaryCrossentropy(false));
    BY_NAME.put("categorical_crossentropy", () -> categoricalCrossentropy(false));
    BY_NAME.put("sparse_categorical_crossentropy", () -> sparseCategoricalCrossentropy(false));
    BY_NAME.put("mean_squared_error", Losses::meanSquaredError);
    BY_NAME.put("mse", Losses::meanSquaredError);
  }

  private Losses() {
  }

  /**
   * The loss with a Keras name.
   *
   * @throws IllegalArgumentException for an unknown name; the message lists the known ones
   */
  public static Loss get(String name) {
    Supplier<Loss> s = BY_NAME.get(name);
    if (s == null) {
      throw new IllegalArgumentException("Unknown loss '" + name + "'; known losses: " + names());
    }
    return s.get();
  }

  /** The known names. */
  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  /** Binary cross-entropy, on probabilities or, with {@code fromLogits}, on logits. */
  public static Loss binaryCrossentropy(boolean fromLogits) {
    FlatLoss flat = fromLogits ? null : Losses::binaryCrossentropyFlat;
    return new Named("binary_crossentropy", fromLogits, flat, (y, p) -> {
      Tensor elementwise;
      if (fromLogits) {
        // max(x, 0) - x * y + log(1 + e^-|x|)
        elementwise = Ops.sub(Ops.softplus(p), Ops.mul(p, y));
      } else {
        Tensor c = Ops.clip(p, EPSILON, 1f - EPSILON);
        Tensor pos = Ops.mul(y, Ops.log(c));
        Tensor neg = Ops.mul(Ops.rsubScalar(1f, y), Ops.log(Ops.rsubScalar(1f, c)));
        elementwise = Ops.neg(Ops.add(pos, neg));
      }
      return Ops.mean(elementwise, -1, false);
    });
  }

  /** Categorical cross-entropy with one-hot targets, on probabilities or logits. */
  public static Loss categoricalCrossentropy(boolean fromLogits) {
    return new Named("categorical_crossentropy", fromLogits, (y, p) -> crossEntropy(y, p, fromLogits));
  }

  /**
   * Cross-entropy with integer class ids as targets (shape {@code (batch,)} or {@code (batch, 1)}).
   *
   * <p>On probabilities this follows Keras' TensorFlow backend, which differs from the categorical loss: it takes
   * {@code logits = log(clip(p, 1e-7, 1 - 1e-7))} and then the softmax cross-entropy of those logits, i.e.
   * {@code -log(clip(p)[y]) + log(sum(clip(p)))}. The renormalisation happens after clipping, so where clipping
   * is active the value and the gradient differ from {@link #categoricalCrossentropy} (which renormalises first):
   * for {@code p = [0, 0.5, 0.5]} and class 0 the other classes still get a gradient. (Keras' JAX backend
   * renormalises first, like the categorical loss; both agree whenever no probability is clipped and the rows
   * sum to 1.)
   */
  public static Loss sparseCategoricalCrossentropy(boolean fromLogits) {
    return new Named("sparse_categorical_crossentropy", fromLogits, (y, p) -> {
      Tensor logits = fromLogits ? p : Ops.log(Ops.clip(p, EPSILON, 1f - EPSILON));
      return crossEntropy(oneHot(y, p), logits, true);
    }) {
      @Override
      Tensor align(Tensor yTrue, Tensor yPred) {
        return yTrue;
      }
    };
  }

  /** Mean squared error. */
  public static Loss meanSquaredError() {
    return new Named("mean_squared_error", false, Losses::meanSquaredErrorFlat,
        (y, p) -> Ops.mean(Ops.square(Ops.sub(y, p)), -1, false));
  }

  private static Tensor crossEntropy(Tensor y, Tensor p, boolean fromLogits) {
    Tensor logProb;
    if (fromLogits) {
      logProb = Ops.logSoftmax(p);
    } else {
      Tensor normalised = Ops.div(p, Ops.sum(p, -1, true));
      logProb = Ops.log(Ops.clip(normalised, EPSILON, 1f - EPSILON));
    }
    return Ops.neg(Ops.sum(Ops.mul(y, logProb), -1, false));
  }

  private static Tensor oneHot(Tensor labels, Tensor p) {
    int classes = p.shape().dim(-1);
    int n = p.size() / classes;
    if (labels.size() != n) {
      throw new IllegalArgumentException("sparse_categorical_crossentropy: targets of shape " + labels.shape()
          + " do not match predictions of shape " + p.shape() + ": expected one class id per sample (" + n + ")");
    }
    float[] v = new float[n * classes];
    for (int i = 0; i < n; i++) {
      float id = labels.get(i);
      int c = (int) id;
      if (c != id || c < 0 || c >= classes) {
        throw new IllegalArgumentException("sparse_categorical_crossentropy: target " + id + " of sample " + i
            + " is not a class id in [0, " + classes + ")");
      }
      v[i * classes + c] = 1f;
    }
    return Tensor.of(p.shape(), v);
  }

  private interface Formula {
    Tensor perSample(Tensor yTrue, Tensor yPred);
  }

  /**
   * Binary cross-entropy on probabilities, as the graph formula: {@code -(y log c + (1 - y) log(1 - c))} with
   * {@code c = clip(p, eps, 1 - eps)}, averaged; the gradient is 0 where the clip is active.
   */
  private static double binaryCrossentropyFlat(float[] y, float[] p, int cols, float[] grad) {
    int n = checkFlat(y, p, cols);
    float scale = 1f / n;
    float hi = 1f - EPSILON;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      float v = p[i];
      float c = v < EPSILON ? EPSILON : (v > hi ? hi : v);
      float t = y[i];
      sum += -(t * (float) Math.log(c) + (1f - t) * (float) Math.log(1f - c));
      if (grad != null) {
        grad[i] = v >= EPSILON && v <= hi ? (-t / c + (1f - t) / (1f - c)) * scale : 0f;
      }
    }
    return sum / n;
  }

  /** Mean squared error: {@code mean((y - p)^2)}; gradient {@code 2 (p - y) / n}. */
  private static double meanSquaredErrorFlat(float[] y, float[] p, int cols, float[] grad) {
    int n = checkFlat(y, p, cols);
    float scale = 2f / n;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      float d = y[i] - p[i];
      sum += d * d;
      if (grad != null) {
        grad[i] = -d * scale;
      }
    }
    return sum / n;
  }

  private static int checkFlat(float[] y, float[] p, int cols) {
    if (y.length != p.length || cols <= 0 || p.length % cols != 0) {
      throw new IllegalArgumentException("loss: " + y.length + " targets for " + p.length + " predictions in rows of "
          + cols + "; expected one target per prediction");
    }
    return p.length;
  }

  private static class Named implements Loss {
    private final String name;
    private final boolean fromLogits;
    private final FlatLoss flat;
    private final Formula formula;

    Named(String name, boolean fromLogits, Formula formula) {
      this(name, fromLogits, null, formula);
    }

    Named(String name, boolean fromLogits, FlatLoss flat, Formula formula) {
      this.name = name;
      this.fromLogits = fromLogits;
      this.flat = flat;
      this.formula = formula;
    }

    @Override
    public FlatLoss flat() {
      return flat;
    }

    /** Makes targets the shape of predictions: {@code (n,)} targets for {@code (n, 1)} predictions. */
    Tensor align(Tensor yTrue, Tensor yPred) {
      if (yTrue.shape().equals(yPred.shape())) {
        return yTrue;
      }
      if (yTrue.size() == yPred.size() && yPred.shape().dim(-1) == 1 && yTrue.rank() == yPred.rank() - 1) {
        return Ops.reshape(yTrue, yPred.shape().toArray());
      }
      throw new IllegalArgumentException(name + ": targets of shape " + yTrue.shape()
          + " are incompatible with predictions of shape " + yPred.shape());
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
      return Ops.mean(formula.perSample(align(yTrue, yPred), yPred));
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Map<String, Object> getConfig() {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("name", name);
      c.put("reduction", "sum_over_batch_size");
      if (!name.equals("mean_squared_error")) {
        c.put("from_logits", fromLogits);
      }
      return c;
    }

    @Override
    public String toString() {
      return name + (fromLogits ? "(from_logits=True)" : "");
    }
  }

}
