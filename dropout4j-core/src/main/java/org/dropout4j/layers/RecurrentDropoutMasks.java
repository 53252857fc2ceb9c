package org.dropout4j.layers;

import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Noise;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Variational (time-locked) dropout masks for recurrent networks (Gal, Ghahramani, "A Theoretically Grounded
 * Application of Dropout in Recurrent Neural Networks", NeurIPS 2016): one inverted-dropout mask of shape
 * {@code (batch, features)} per sequence, reused at every timestep — for the input {@code x_t} and, separately, for
 * the recurrent state {@code h_{t-1}} — instead of a fresh mask per timestep. Keras' {@code dropout} and
 * {@code recurrent_dropout} of its RNN cells draw masks the same way.
 *
 * <p>Each entry is {@code 1 / (1 - rate)} with probability {@code 1 - rate} and 0 otherwise, so
 * {@code E[x * mask] = x}. The masks are pure functions of the key: the input mask uses {@code key.fold(0)}, the
 * recurrent mask {@code key.fold(1)}.
 *
 * <pre>{@code
 * RecurrentDropoutMasks masks = RecurrentDropoutMasks.of(batch, inputDim, units, 0.25f, 0.25f, context.noiseKey(seed));
 * for (int t = 0; t < steps; t++) {
 *   Tensor xt = Ops.mul(input(t), masks.input());          // the same mask at every t
 *   Tensor hPrev = Ops.mul(h, masks.recurrent());
 *   h = cell(xt, hPrev);
 * }
 * }</pre>
 */
public final class RecurrentDropoutMasks {
  private final Tensor input;
  private final Tensor recurrent;

  private RecurrentDropoutMasks(Tensor input, Tensor recurrent) {
    this.input = input;
    this.recurrent = recurrent;
  }

  /**
   * The input and recurrent masks for one batch of sequences.
   *
   * @param batch number of sequences, {@code >= 1}
   * @param inputFeatures size of {@code x_t}, {@code >= 1}
   * @param units size of the recurrent state, {@code >= 1}
   * @param rate probability to drop an input feature, in {@code [0, 1)}
   * @param recurrentRate probability to drop a state unit, in {@code [0, 1)}
   * @param key the random key (e.g. {@link CallContext#noiseKey(Long)})
   * @throws IllegalArgumentException if a size is not positive or a rate is outside {@code [0, 1)}
   */
  public static RecurrentDropoutMasks of(int batch, int inputFeatures, int units, float rate, float recurrentRate,
      RngKey key) {
    return new RecurrentDropoutMasks(mask(batch, inputFeatures, rate, key.fold(0)),
        mask(batch, units, recurrentRate, key.fold(1)));
  }

  /**
   * One inverted-dropout mask of shape {@code (batch, features)}.
   *
   * @throws IllegalArgumentException if a size is not positive or {@code rate} is outside {@code [0, 1)}
   */
  public static Tensor mask(int batch, int features, float rate, RngKey key) {
    Noise.checkRate(rate);
    if (batch < 1 || features < 1) {
      throw new IllegalArgumentException("Invalid mask size: expected batch >= 1 and features >= 1, received batch="
          + batch + ", features=" + features);
    }
    return Noise.keepMask(Shape.of(batch, features), 1f - rate, 1f / (1f - rate), key);
  }

  /**
   * Applies a {@code (batch, features)} mask to a whole sequence {@code (batch, time, features)}: the same mask at
   * every timestep.
   *
   * @throws IllegalArgumentException if the shapes don't fit
   */
  public static Tensor applyToSequence(Tensor sequence, Tensor mask) {
    Shape s = sequence.shape();
    if (s.rank() != 3 || mask.rank() != 2 || mask.shape().dim(0) != s.dim(0) || mask.shape().dim(1) != s.dim(2)) {
      throw new IllegalArgumentException("applyToSequence needs a sequence (batch, time, features) and a mask "
          + "(batch, features), received " + s + " and " + mask.shape());
    }
    return Ops.mul(sequence, Ops.reshape(mask, s.dim(0), 1, s.dim(2)));
  }

  /** The mask for the inputs {@code x_t}, shape {@code (batch, inputFeatures)}. */
  public Tensor input() {
    return input;
  }

  /** The mask for the recurrent state {@code h_{t-1}}, shape {@code (batch, units)}. */
  public Tensor recurrent() {
    return recurrent;
  }

  /**
   * {@code count} independent inverted-dropout masks of shape {@code (batch, dim)}, stacked; one mask is the
   * {@link #mask} of {@code key} (so SimpleRNN's masks are {@link #of}'s
   * for the same key), per-gate masks use {@code key.fold(gate)}.
   */
  static Tensor stacked(RngKey key, int count, int batch, int dim, float rate) {
    if (count == 1) {
      return Ops.reshape(mask(batch, dim, rate, key), 1, batch, dim);
    }
    float[] all = new float[count * batch * dim];
    for (int g = 0; g < count; g++) {
      float[] m = mask(batch, dim, rate, key.fold(g)).toArray();
      System.arraycopy(m, 0, all, g * batch * dim, m.length);
    }
    return Tensor.of(Shape.of(count, batch, dim), all);
  }
}
