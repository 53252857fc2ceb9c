package org.dropout4j.losses;

/**
 * The {@link SoftmaxLoss} forms of {@link Losses#sparseCategoricalCrossentropy} and
 * {@link Losses#categoricalCrossentropy}: per row, the autodiff graph of {@code softmax} then the loss, then the
 * {@code sum_over_batch_size} reduction, written out with the graph ops' own arithmetic in their order (float or
 * double where each op uses it), forward and backward, so the value and {@code d loss / d logits} equal the graph's
 * to the bit. The graphs, for probabilities {@code p} and targets {@code t} (one-hot for the sparse loss):
 * <ul>
 *   <li>sparse, on probabilities: {@code -sum(t * logSoftmax(log(clip(p, eps, 1 - eps))))};</li>
 *   <li>categorical, on probabilities: {@code -sum(t * log(clip(p / sum(p), eps, 1 - eps)))}, the targets
 *       smoothed first ({@code t (1 - s) + s / classes});</li>
 *   <li>from logits, both: {@code -sum(t * logSoftmax(p))}.</li>
 * </ul>
 * Where the clip is active the gradient through it is 0, as in the graph (and in Keras).
 */
final class SoftmaxCrossEntropy implements SoftmaxLoss {
  private static final float HI = 1f - Losses.EPSILON;

  private final boolean sparse;
  private final boolean fromLogits;
  private final float smoothing;

  private SoftmaxCrossEntropy(boolean sparse, boolean fromLogits, float smoothing) {
    this.sparse = sparse;
    this.fromLogits = fromLogits;
    this.smoothing = smoothing;
  }

  /** The form of {@code sparse_categorical_crossentropy}. */
  static SoftmaxCrossEntropy sparse(boolean fromLogits) {
    return new SoftmaxCrossEntropy(true, fromLogits, 0f);
  }

  /** The form of {@code categorical_crossentropy} with label smoothing {@code smoothing}. */
  static SoftmaxCrossEntropy categorical(boolean fromLogits, float smoothing) {
    return new SoftmaxCrossEntropy(false, fromLogits, smoothing);
  }

  private static float clip(float p) {
    return p < Losses.EPSILON ? Losses.EPSILON : (p > HI ? HI : p);
  }

  private static boolean unclipped(float p) {
    return p >= Losses.EPSILON && p <= HI;
  }

  @Override
  public float compute(float[] yTrue, float[] probs, int cols, int rows, float[] dLogits) {
    String name = sparse ? "sparse_categorical_crossentropy" : "categorical_crossentropy";
    int expected = sparse ? rows : rows * cols;
    if (yTrue.length != expected) {
      throw new IllegalArgumentException(name + ": " + yTrue.length + " target values do not match predictions of "
          + "shape (" + rows + ", " + cols + "): expected " + (sparse ? "one class id per sample (" + rows + ")"
          : "one row of " + cols + " per sample"));
    }
    float[] t = new float[cols]; // per row: the targets, the loss's logits, their gradients, the log-softmax's
    float[] logits = new float[cols];
    float[] grad = new float[cols];
    float[] prob = new float[cols];
    float inv = 1f / (float) rows; // the reduction's scale and its gradient (1 * scale)
    float gPerSample = inv * -1f; // through the negation
    double total = 0;
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      targets(yTrue, r, cols, t);
      float picked = 0f; // sum(t * logProb) in float, class by class
      if (sparse || fromLogits) {
        logSoftmax(probs, o, cols, logits, prob);
        for (int j = 0; j < cols; j++) {
          picked += t[j] * logits[j];
        }
      } else {
        float sum = 0f;
        for (int j = 0; j < cols; j++) {
          sum += probs[o + j];
        }
        for (int j = 0; j < cols; j++) {
          logits[j] = (float) Math.log(clip(probs[o + j] / sum));
          picked += t[j] * logits[j];
        }
        normalisedBackward(probs, o, cols, sum, t, gPerSample, rows, grad);
      }
      total += picked * -1f;
      if (sparse || fromLogits) {
        double gSum = 0; // logSoftmax's backward pass, then log and clip on probabilities
        for (int j = 0; j < cols; j++) {
          gSum += gPerSample * t[j];
        }
        for (int j = 0; j < cols; j++) {
          float g = (float) (gPerSample * t[j] - prob[j] * gSum);
          float p = probs[o + j];
          grad[j] = fromLogits ? g : (unclipped(p) ? g / clip(p) : 0f);
        }
      }
      double dot = 0; // the softmax's backward pass
      for (int j = 0; j < cols; j++) {
        dot += grad[j] * probs[o + j];
      }
      for (int j = 0; j < cols; j++) {
        dLogits[o + j] = (float) (probs[o + j] * (grad[j] - dot));
      }
    }
    return (float) total * inv;
  }

  /** Row {@code r}'s targets: the one-hot row of its class id, or its (smoothed) target row. */
  private void targets(float[] yTrue, int r, int cols, float[] t) {
    if (sparse) {
      java.util.Arrays.fill(t, 0f);
      t[Losses.classId(yTrue[r], r, cols)] = 1f;
      return;
    }
    for (int j = 0; j < cols; j++) {
      float y = yTrue[r * cols + j];
      t[j] = smoothing == 0f ? y : y * (1f - smoothing) + smoothing / cols;
    }
  }

  /**
   * {@code logSoftmax} of the loss's logits ({@code log(clip(p))} on probabilities, else {@code p}) as the graph
   * op: {@code logProb} receives the values, {@code prob} their exponentials.
   */
  private void logSoftmax(float[] probs, int o, int cols, float[] logProb, float[] prob) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < cols; j++) {
      float p = probs[o + j];
      logProb[j] = fromLogits ? p : (float) Math.log(clip(p));
      max = Math.max(max, logProb[j]);
    }
    double sum = 0;
    for (int j = 0; j < cols; j++) {
      sum += Math.exp(logProb[j] - max);
    }
    double lse = max + Math.log(sum);
    for (int j = 0; j < cols; j++) {
      float x = logProb[j];
      logProb[j] = (float) (x - lse);
      prob[j] = (float) Math.exp(x - lse);
    }
  }

  /**
   * d loss / d p of the categorical loss on probabilities, {@code -sum(t * log(clip(p / sum(p))))}: through the
   * log and the clip, then the division's two operands ({@code p / s} and {@code s = sum(p)}, whose gradient is
   * summed back over the row as the graph's broadcast does: in double for a single row, else in float).
   */
  private static void normalisedBackward(float[] probs, int o, int cols, float sum, float[] t, float gPerSample,
      int rows, float[] grad) {
    float gSumFloat = 0f;
    double gSumDouble = 0;
    for (int j = 0; j < cols; j++) {
      float p = probs[o + j];
      float q = p / sum;
      float gq = unclipped(q) ? gPerSample * t[j] / clip(q) : 0f;
      grad[j] = gq / sum;
      float term = -gq * p / (sum * sum);
      gSumFloat += term;
      gSumDouble += term;
    }
    float gSum = cols == 1 ? gSumFloat : rows == 1 ? (float) gSumDouble : gSumFloat;
    for (int j = 0; j < cols; j++) {
      grad[j] += gSum;
    }
  }
}
