package org.dropout4j.tensor;

import java.util.Arrays;
import org.dropout4j.random.RngKey;

/**
 * Random masks and noise as pure functions of a key: the functional core of the dropout family.
 */
public final class Noise {
  private Noise() {
  }

  /**
   * Inverted dropout: each element of a mask of shape {@code noiseShape} is kept with probability
   * {@code 1 - rate} and scaled by {@code 1 / (1 - rate)}, dropped (0) otherwise; the mask broadcasts over
   * {@code x}, so a noise dimension of 1 shares one decision along that axis. {@code E[out] = x}.
   * (Srivastava et al., "Dropout: a simple way to prevent neural networks from overfitting", JMLR 2014.)
   *
   * @param x input
   * @param rate probability to drop, in {@code [0, 1)}
   * @param noiseShape shape of the mask, broadcastable to {@code x.shape()}
   * @param key the random key; element i of the mask uses counter i
   */
  public static Tensor dropout(Tensor x, float rate, Shape noiseShape, RngKey key) {
    checkRate(rate);
    if (rate == 0f) {
      return x;
    }
    return Ops.mul(x, keepMask(noiseShape, 1f - rate, 1f / (1f - rate), key));
  }

  /**
   * A mask whose elements are {@code scale} with probability {@code keepProb} and 0 otherwise: element i is
   * kept when the i-th uniform of {@code key} is below {@code keepProb}.
   */
  public static Tensor keepMask(Shape shape, float keepProb, float scale, RngKey key) {
    float[] mask = new float[shape.size()];
    key.fillBernoulli(mask, keepProb, scale);
    return Tensor.wrap(shape, mask);
  }

  /**
   * Gaussian dropout: {@code x * n} with {@code n ~ N(1, rate / (1 - rate))} drawn per element, the Gaussian with
   * the mean and variance of inverted Bernoulli dropout's multiplier (Srivastava et al., JMLR 2014, section 10).
   *
   * @param rate probability to drop of the matching Bernoulli dropout, in {@code [0, 1)}
   */
  public static Tensor gaussianDropout(Tensor x, float rate, RngKey key) {
    checkRate(rate);
    if (rate == 0f) {
      return x;
    }
    return Ops.mul(x, normal(x.shape(), 1f, (float) Math.sqrt(rate / (1.0 - rate)), key));
  }

  /**
   * Alpha dropout (Klambauer, Unterthiner, Mayr, Hochreiter, "Self-Normalizing Neural Networks", NeurIPS 2017):
   * a dropped unit takes SELU's saturation value {@code alpha' = -scale * alpha}, then {@code a * x + b} with
   * {@code a = ((1 - rate)(1 + rate * alpha'^2))^(-1/2)}, {@code b = -a * alpha' * rate} restores mean 0 and
   * variance 1 for standardized inputs. The mask (shape {@code noiseShape}) broadcasts over {@code x}.
   *
   * @param alphaPrime the saturation value {@code -scale * alpha} of the SELU in use
   */
  public static Tensor alphaDropout(Tensor x, float rate, Shape noiseShape, float alphaPrime, RngKey key) {
    checkRate(rate);
    if (rate == 0f) {
      return x;
    }
    double a = 1.0 / Math.sqrt((1.0 - rate) * (1.0 + rate * (double) alphaPrime * alphaPrime));
    double b = -a * alphaPrime * rate;
    float[] keep = new float[noiseShape.size()];
    key.fillBernoulli(keep, 1f - rate, 1f);
    float[] shift = new float[keep.length];
    for (int i = 0; i < keep.length; i++) {
      shift[i] = (float) (a * alphaPrime * (1f - keep[i]) + b);
      keep[i] = (float) (a * keep[i]);
    }
    return Ops.add(Ops.mul(x, Tensor.wrap(noiseShape, keep)), Tensor.wrap(noiseShape, shift));
  }

  /** Standard-normal noise of the given shape. */
  public static Tensor normal(Shape shape, float mean, float stddev, RngKey key) {
    float[] v = new float[shape.size()];
    key.fillNormal(v);
    if (mean != 0f || stddev != 1f) {
      for (int i = 0; i < v.length; i++) {
        v[i] = mean + stddev * v[i];
      }
    }
    return Tensor.wrap(shape, v);
  }

  /**
   * Checks a dropout rate.
   *
   * @throws IllegalArgumentException unless {@code 0 <= rate < 1}
   */
  public static void checkRate(float rate) {
    if (!(rate >= 0f && rate < 1f)) {
      throw new IllegalArgumentException("Invalid value received for argument `rate`. Expected a float value in "
          + "[0, 1) (the probability to drop). Received: rate=" + rate);
    }
  }

  /**
   * Checks a noise standard deviation.
   *
   * @throws IllegalArgumentException unless {@code stddev} is finite and {@code >= 0}
   */
  public static void checkStddev(float stddev) {
    if (!(stddev >= 0f && Float.isFinite(stddev))) {
      throw new IllegalArgumentException("Invalid value received for argument `stddev`. Expected a finite float "
          + "value >= 0. Received: stddev=" + stddev);
    }
  }

  /**
   * Resolves a Keras {@code noise_shape} against an input shape: {@code null} entries take the input's size,
   * other entries must equal the input's size or be 1.
   *
   * @throws IllegalArgumentException naming {@code layer} if the ranks differ or an entry doesn't broadcast
   */
  public static Shape resolveNoiseShape(Integer[] noiseShape, Shape input, String layer) {
    if (noiseShape.length != input.rank()) {
      throw new IllegalArgumentException("Layer \"" + layer + "\": noise_shape " + Arrays.toString(noiseShape)
          + " has rank " + noiseShape.length + " but the input has shape " + input + " (rank " + input.rank() + ")");
    }
    int[] d = new int[noiseShape.length];
    for (int i = 0; i < d.length; i++) {
      Integer v = noiseShape[i];
      d[i] = v == null ? input.dim(i) : v;
      if (d[i] != 1 && d[i] != input.dim(i)) {
        throw new IllegalArgumentException("Layer \"" + layer + "\": noise_shape " + Arrays.toString(noiseShape)
            + " does not broadcast to input shape " + input + ": entry " + i + " must be 1, null or " + input.dim(i)
            + ", received " + v);
      }
    }
    return Shape.of(d);
  }
}
