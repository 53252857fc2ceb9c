package org.dropout4j.layers;

import java.util.Map;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code Masking}: marks the time steps whose features all equal {@code mask_value} as padding. For an input
 * {@code (batch, timesteps, features)} the step {@code t} of sample {@code b} is kept when any
 * {@code x[b, t, :] != mask_value}; the output is the input with masked steps set to 0, and carries the mask
 * {@code (batch, timesteps)} ({@link Tensor#mask()}) that recurrent layers and {@code GlobalAveragePooling1D} use to
 * skip those steps. An incoming mask is replaced, as in Keras. No weights.
 *
 * <pre>{@code
 * new Sequential(Input.shape(20, 3), new Masking(0f), new LSTM(16), new Dense(1));
 * }</pre>
 */
public final class Masking extends Layer {
  /** Keras' {@code Masking} config: {@code mask_value} and the base keys. */
  public static final LayerDescriptor<Masking> DESCRIPTOR = LayerDescriptor.of("Masking", Masking.class, r -> {
    String name = r.weightlessName("Masking");
    return new Masking(r.number("mask_value", Masking.DEFAULT_MASK_VALUE), name);
  });

  /** Default {@code mask_value}. */
  public static final float DEFAULT_MASK_VALUE = 0f;

  private final float maskValue;

  /** {@code Masking(mask_value=0.0)}. */
  public Masking() {
    this(DEFAULT_MASK_VALUE, null);
  }

  /** {@code Masking(mask_value)}. */
  public Masking(float maskValue) {
    this(maskValue, null);
  }

  /**
   * @param maskValue the value that marks padding; any float (NaN never matches, as in Keras)
   * @param name the layer's name or {@code null}
   */
  public Masking(float maskValue, String name) {
    super(name, true, DESCRIPTOR);
    inputSpec(InputSpec.minNdim(2, "(batch, ..., features)"));
    createMask();
    this.maskValue = maskValue;
  }

  /** The padding value. */
  public float maskValue() {
    return maskValue;
  }

  @Override
  protected Tensor computeMask(Tensor input, Tensor mask) {
    int[] d = input.shape().toArray();
    return Tensor.of(Shape.of(java.util.Arrays.copyOf(d, d.length - 1)), keep(input));
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    int[] d = input.shape().toArray();
    d[d.length - 1] = 1;
    return Ops.mul(input, Tensor.of(Shape.of(d), keep(input)));
  }

  /** 1 for each step (a vector of the last axis) with a value other than {@code mask_value}, else 0. */
  private float[] keep(Tensor input) {
    float[] x = input.toArray();
    int features = input.shape().dim(-1);
    float[] keep = new float[features == 0 ? 0 : x.length / features];
    for (int s = 0; s < keep.length; s++) {
      for (int f = 0; f < features; f++) {
        if (x[s * features + f] != maskValue) {
          keep[s] = 1f;
          break;
        }
      }
    }
    return keep;
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("mask_value", Configs.number(maskValue));
  }
}
