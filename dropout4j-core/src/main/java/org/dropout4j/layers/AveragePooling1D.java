package org.dropout4j.layers;

/**
 * Keras' {@code AveragePooling1D}: the mean over windows of {@code pool_size} steps (default 2), moved by
 * {@code strides} (default {@code pool_size}), padding {@code valid} (default) or {@code same}, on
 * {@code (batch, steps, channels)} inputs, or {@code (batch, channels, steps)} with {@code data_format="channels_first"}.
 *
 * <pre>{@code
 * new Sequential(Input.shape(100, 8), new Conv1D(16, 3, "relu"), new AveragePooling1D(), new Flatten(), new Dense(1));
 * }</pre>
 */
public final class AveragePooling1D extends Pooling {
  /** Keras' {@code AveragePooling1D} config: {@code pool_size}, {@code strides}, {@code padding}, {@code data_format}. */
  public static final LayerDescriptor<AveragePooling1D> DESCRIPTOR = descriptor1D("AveragePooling1D",
      AveragePooling1D.class, AveragePooling1D::new);

  /** {@code AveragePooling1D()}: windows of 2 steps, stride 2, {@code valid}. */
  public AveragePooling1D() {
    this(DEFAULT_POOL_SIZE, null, Configs.VALID, Configs.CHANNELS_LAST, null);
  }

  /**
   * @param poolSize window length, positive
   * @param strides stride, positive, or {@code null} for {@code poolSize}
   * @param padding {@code valid} or {@code same}
   * @param dataFormat {@code "channels_last"} or {@code "channels_first"} (steps last)
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException for a non-positive size or stride, an unknown padding or channels_first
   */
  public AveragePooling1D(int poolSize, Integer strides, String padding, String dataFormat, String name) {
    super(name, DESCRIPTOR, false, new int[] {poolSize}, strides == null ? null : new int[] {strides}, padding,
        dataFormat, 1);
  }
}
