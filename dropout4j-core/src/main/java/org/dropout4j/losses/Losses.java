package org.dropout4j.losses;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Tensor;

/**
 * The losses of Keras 3, by Keras name (as {@code compile(loss="...")} takes them) or factory, with Keras'
 * formulas, arguments and defaults: {@code binary_crossentropy}, {@code categorical_crossentropy},
 * {@code sparse_categorical_crossentropy}, {@code mean_squared_error} ({@code mse}), {@code mean_absolute_error}
 * ({@code mae}), {@code mean_absolute_percentage_error} ({@code mape}), {@code mean_squared_logarithmic_error}
 * ({@code msle}), {@code huber}, {@code log_cosh}, {@code kl_divergence} ({@code kld}), {@code poisson},
 * {@code hinge}, {@code squared_hinge}, {@code categorical_hinge}, {@code cosine_similarity},
 * {@code binary_focal_crossentropy}. Every loss takes a {@link Reduction} ({@link Loss#withReduction}) and sample
 * weights ({@link Loss#call(Tensor, Tensor, Tensor)}).
 *
 * <p>Probabilities are clipped to {@code [1e-7, 1 - 1e-7]} (Keras' {@code epsilon}) before the log, so a
 * prediction of exactly 0 or 1 gives a finite loss; the gradient is 0 where clipping is active. With
 * {@code fromLogits} the losses are computed from logits with the stable log-sum-exp forms.
 */
public final class Losses {
  /** Keras' fuzz factor {@code backend.epsilon()}. */
  public static final float EPSILON = 1e-7f;
  /** Keras' default Huber {@code delta}. */
  public static final float DEFAULT_HUBER_DELTA = 1f;
  /** Keras' default focal {@code alpha}. */
  public static final float DEFAULT_FOCAL_ALPHA = 0.25f;
  /** Keras' default focal {@code gamma}. */
  public static final float DEFAULT_FOCAL_GAMMA = 2f;

  private static final Map<String, Supplier<Loss>> BY_NAME = new LinkedHashMap<>();

  static {
    BY_NAME.put("binary_crossentropy", () -> binaryCrossentropy(false));
    BY_NAME.put("bce", () -> binaryCrossentropy(false));
    BY_NAME.put("categorical_crossentropy", () -> categoricalCrossentropy(false));
    BY_NAME.put("sparse_categorical_crossentropy", () -> sparseCategoricalCrossentropy(false));
    BY_NAME.put("mean_squared_error", Losses::meanSquaredError);
    BY_NAME.put("mse", Losses::meanSquaredError);
    BY_NAME.put("mean_absolute_error", Losses::meanAbsoluteError);
    BY_NAME.put("mae", Losses::meanAbsoluteError);
    BY_NAME.put("mean_absolute_percentage_error", Losses::meanAbsolutePercentageError);
    BY_NAME.put("mape", Losses::meanAbsolutePercentageError);
    BY_NAME.put("mean_squared_logarithmic_error", Losses::meanSquaredLogarithmicError);
    BY_NAME.put("msle", Losses::meanSquaredLogarithmicError);
    BY_NAME.put("huber", () -> huber(DEFAULT_HUBER_DELTA));
    BY_NAME.put("log_cosh", Losses::logCosh);
    BY_NAME.put("kl_divergence", Losses::klDivergence);
    BY_NAME.put("kld", Losses::klDivergence);
    BY_NAME.put("poisson", Losses::poisson);
    BY_NAME.put("hinge", Losses::hinge);
    BY_NAME.put("squared_hinge", Losses::squaredHinge);
    BY_NAME.put("categorical_hinge", Losses::categoricalHinge);
    BY_NAME.put("cosine_similarity", Losses::cosineSimilarity);
    BY_NAME.put("binary_focal_crossentropy", () -> binaryFocalCrossentropy(false, DEFAULT_FOCAL_ALPHA,
        DEFAULT_FOCAL_GAMMA, false, 0f));
  }

  private Losses() {
  }

  /**
   * The loss with a Keras name or alias (as {@code keras.losses.get}: {@code "mae"}, {@code "huber"}, ...;
   * upper-case aliases such as {@code "MSE"} are accepted too).
   *
   * @throws IllegalArgumentException for an unknown name; the message lists the known ones
   */
  public static Loss get(String name) {
    Supplier<Loss> s = BY_NAME.get(name);
    if (s == null && name != null && name.equals(name.toUpperCase())) {
      s = BY_NAME.get(name.toLowerCase());
    }
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
    return binaryCrossentropy(fromLogits, 0f);
  }

  /**
   * Binary cross-entropy with label smoothing: targets become {@code y (1 - s) + 0.5 s}.
   *
   * @param labelSmoothing {@code s}, in {@code [0, 1]}
   * @throws IllegalArgumentException if {@code labelSmoothing} is outside {@code [0, 1]}
   */
  public static Loss binaryCrossentropy(boolean fromLogits, float labelSmoothing) {
    checkSmoothing(labelSmoothing);
    FlatLoss flat = fromLogits || labelSmoothing != 0f ? null : Losses::binaryCrossentropyFlat;
    return new LossFunction("binary_crossentropy", crossEntropyConfig(fromLogits, labelSmoothing), flat, (y, p) -> {
      Tensor t = labelSmoothing == 0f ? y : Ops.addScalar(Ops.mulScalar(y, 1f - labelSmoothing),
          0.5f * labelSmoothing);
      Tensor elementwise = fromLogits ? Ops.sub(Ops.softplus(p), Ops.mul(p, t)) // max(x,0) - x y + log(1 + e^-|x|)
          : binaryCrossentropyElementwise(t, p);
      return Ops.mean(elementwise, -1, false);
    });
  }

  /** {@code -(y log c + (1 - y) log(1 - c))} with {@code c = clip(p, eps, 1 - eps)}, elementwise. */
  static Tensor binaryCrossentropyElementwise(Tensor y, Tensor p) {
    Tensor c = Ops.clip(p, EPSILON, 1f - EPSILON);
    Tensor pos = Ops.mul(y, Ops.log(c));
    Tensor neg = Ops.mul(Ops.rsubScalar(1f, y), Ops.log(Ops.rsubScalar(1f, c)));
    return Ops.neg(Ops.add(pos, neg));
  }

  /** Categorical cross-entropy with one-hot targets, on probabilities or logits. */
  public static Loss categoricalCrossentropy(boolean fromLogits) {
    return categoricalCrossentropy(fromLogits, 0f);
  }

  /**
   * Categorical cross-entropy with label smoothing: targets become {@code y (1 - s) + s / classes}.
   *
   * @param labelSmoothing {@code s}, in {@code [0, 1]}
   * @throws IllegalArgumentException if {@code labelSmoothing} is outside {@code [0, 1]}
   */
  public static Loss categoricalCrossentropy(boolean fromLogits, float labelSmoothing) {
    checkSmoothing(labelSmoothing);
    return new LossFunction("categorical_crossentropy", crossEntropyConfig(fromLogits, labelSmoothing), null,
        (y, p) -> {
          Tensor t = labelSmoothing == 0f ? y : Ops.addScalar(Ops.mulScalar(y, 1f - labelSmoothing),
              labelSmoothing / p.shape().dim(-1));
          return crossEntropy(t, p, fromLogits);
        }).withSoftmaxForm(SoftmaxCrossEntropy.categorical(fromLogits, labelSmoothing));
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
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("from_logits", fromLogits);
    config.put("ignore_class", null);
    return new LossFunction("sparse_categorical_crossentropy", Reduction.SUM_OVER_BATCH_SIZE, config, null,
        (y, p) -> {
          Tensor logits = fromLogits ? p : Ops.log(Ops.clip(p, EPSILON, 1f - EPSILON));
          return crossEntropy(oneHot(y, p), logits, true);
        }, false).withSoftmaxForm(SoftmaxCrossEntropy.sparse(fromLogits));
  }

  /** Mean squared error: {@code mean((y - p)^2)} over the last axis. */
  public static Loss meanSquaredError() {
    return new LossFunction("mean_squared_error", Map.of(), Losses::meanSquaredErrorFlat,
        (y, p) -> Ops.mean(Ops.square(Ops.sub(y, p)), -1, false));
  }

  /** Mean absolute error: {@code mean(|y - p|)}. */
  public static Loss meanAbsoluteError() {
    return new LossFunction("mean_absolute_error", Map.of(), null, LossFormulas::meanAbsoluteError);
  }

  /** Mean absolute percentage error: {@code 100 mean(|y - p| / max(|y|, 1e-7))}. */
  public static Loss meanAbsolutePercentageError() {
    return new LossFunction("mean_absolute_percentage_error", Map.of(), null,
        LossFormulas::meanAbsolutePercentageError);
  }

  /** Mean squared logarithmic error: {@code mean((log(max(p, eps) + 1) - log(max(y, eps) + 1))^2)}. */
  public static Loss meanSquaredLogarithmicError() {
    return new LossFunction("mean_squared_logarithmic_error", Map.of(), null,
        LossFormulas::meanSquaredLogarithmicError);
  }

  /**
   * Huber loss (Huber, "Robust Estimation of a Location Parameter", 1964) as Keras' {@code Huber}, named
   * {@code huber_loss}: quadratic for errors up to {@code delta}, linear beyond.
   *
   * @param delta the switch point, {@code > 0} (Keras' default 1.0)
   * @throws IllegalArgumentException if {@code delta} is not positive and finite
   */
  public static Loss huber(float delta) {
    if (!(delta > 0f) || Float.isInfinite(delta)) {
      throw new IllegalArgumentException("Invalid value for argument `delta` of huber: expected a positive float, "
          + "received delta=" + delta);
    }
    return new LossFunction("huber_loss", Map.of(), null, (y, p) -> LossFormulas.huber(y, p, delta)) {
      @Override
      public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("delta", number(delta));
        return c;
      }
    };
  }

  /** {@code mean(log(cosh(p - y)))}. */
  public static Loss logCosh() {
    return new LossFunction("log_cosh", Map.of(), null, LossFormulas::logCosh);
  }

  /** Kullback-Leibler divergence {@code sum(y log(y / p))}, both clipped to {@code [1e-7, 1]}. */
  public static Loss klDivergence() {
    return new LossFunction("kl_divergence", Map.of(), null, LossFormulas::klDivergence);
  }

  /** Poisson: {@code mean(p - y log(p + 1e-7))}. */
  public static Loss poisson() {
    return new LossFunction("poisson", Map.of(), null, LossFormulas::poisson);
  }

  /** Hinge: {@code mean(max(1 - y p, 0))}; labels in {0, 1} are converted to {-1, 1} (all or none). */
  public static Loss hinge() {
    return new LossFunction("hinge", Map.of(), null, LossFormulas::hinge);
  }

  /** Squared hinge: {@code mean(max(1 - y p, 0)^2)}; labels in {0, 1} are converted to {-1, 1}. */
  public static Loss squaredHinge() {
    return new LossFunction("squared_hinge", Map.of(), null, LossFormulas::squaredHinge);
  }

  /** Categorical hinge: {@code max(max((1 - y) p) - sum(y p) + 1, 0)} per sample. */
  public static Loss categoricalHinge() {
    return new LossFunction("categorical_hinge", Map.of(), null, LossFormulas::categoricalHinge);
  }

  /** Negative cosine similarity along the last axis (Keras' {@code CosineSimilarity(axis=-1)}), in [-1, 1]. */
  public static Loss cosineSimilarity() {
    return new LossFunction("cosine_similarity", Map.of(), null, LossFormulas::cosineSimilarity);
  }

  /**
   * Binary focal cross-entropy (Lin, Goyal, Girshick, He, Dollar, "Focal Loss for Dense Object Detection", ICCV
   * 2017) as Keras' {@code BinaryFocalCrossentropy}: the binary cross-entropy scaled by {@code (1 - p_t)^gamma}.
   *
   * @param applyClassBalancing whether to weight class 1 by {@code alpha} and class 0 by {@code 1 - alpha}
   * @param alpha in {@code [0, 1]} (Keras' default 0.25)
   * @param gamma the focusing parameter, {@code >= 0} (default 2)
   * @param fromLogits whether predictions are logits
   * @param labelSmoothing in {@code [0, 1]} (default 0)
   * @throws IllegalArgumentException for values out of range
   */
  public static Loss binaryFocalCrossentropy(boolean applyClassBalancing, float alpha, float gamma,
      boolean fromLogits, float labelSmoothing) {
    checkSmoothing(labelSmoothing);
    if (!(alpha >= 0f && alpha <= 1f)) {
      throw new IllegalArgumentException("Invalid value for argument `alpha` of binary_focal_crossentropy: "
          + "expected a float in [0, 1], received alpha=" + alpha);
    }
    if (!(gamma >= 0f) || Float.isInfinite(gamma)) {
      throw new IllegalArgumentException("Invalid value for argument `gamma` of binary_focal_crossentropy: "
          + "expected a float >= 0, received gamma=" + gamma);
    }
    Map<String, Object> config = crossEntropyConfig(fromLogits, labelSmoothing);
    config.put("apply_class_balancing", applyClassBalancing);
    config.put("alpha", number(alpha));
    config.put("gamma", number(gamma));
    return new LossFunction("binary_focal_crossentropy", config, null, (y, p) -> {
      Tensor t = labelSmoothing == 0f ? y : Ops.addScalar(Ops.mulScalar(y, 1f - labelSmoothing),
          0.5f * labelSmoothing);
      return LossFormulas.binaryFocal(t, p, applyClassBalancing, alpha, gamma, fromLogits);
    });
  }

  private static void checkSmoothing(float labelSmoothing) {
    if (!(labelSmoothing >= 0f && labelSmoothing <= 1f)) {
      throw new IllegalArgumentException("Invalid value for argument `label_smoothing`: expected a float in [0, 1], "
          + "received label_smoothing=" + labelSmoothing);
    }
  }

  private static Map<String, Object> crossEntropyConfig(boolean fromLogits, float labelSmoothing) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("from_logits", fromLogits);
    c.put("label_smoothing", number(labelSmoothing));
    c.put("axis", -1);
    return c;
  }

  /** A float argument as the double a person wrote (0.1f becomes 0.1), for configs. */
  static double number(float value) {
    return Double.parseDouble(Float.toString(value));
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
      v[i * classes + classId(labels.get(i), i, classes)] = 1f;
    }
    return Tensor.of(p.shape(), v);
  }

  /**
   * The class id a sparse target stands for.
   *
   * @throws IllegalArgumentException if {@code id} is not an integer in {@code [0, classes)}, naming the sample
   */
  static int classId(float id, int sample, int classes) {
    int c = (int) id;
    if (c != id || c < 0 || c >= classes) {
      throw new IllegalArgumentException("sparse_categorical_crossentropy: target " + id + " of sample " + sample
          + " is not a class id in [0, " + classes + ")");
    }
    return c;
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

}
