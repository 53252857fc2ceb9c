package org.dropout4j.layers;

/**
 * Keras' {@code MaxPooling2D}: the maximum of each window (padded positions never win; the gradient goes to the first maximum).
 *
 * <p>Defaults as in Keras: {@code pool_size=(2, 2)}, {@code strides=None} (= the pool size), {@code padding="valid"},
 * {@code data_format="channels_last"}.
 *
 * <pre>{@code
 * new MaxPooling2D();                 // (None, 24, 24, 64) -> (None, 12, 12, 64)
 * new MaxPooling2D(3, 1, "same");     // 3x3 windows, stride 1, same size out
 * }</pre>
 */
public final class MaxPooling2D extends Pooling {
  /** Keras' {@code MaxPooling2D} config: {@code pool_size}, {@code padding}, {@code strides}, {@code data_format}. */
  public static final LayerDescriptor<MaxPooling2D> DESCRIPTOR = descriptor2D("MaxPooling2D",
      MaxPooling2D.class, MaxPooling2D::new);

  /** {@code MaxPooling2D()}: 2x2 windows, stride 2. */
  public MaxPooling2D() {
    this(DEFAULT_POOL_SIZE);
  }

  /** {@code MaxPooling2D(pool_size)} with strides equal to the pool size. */
  public MaxPooling2D(int poolSize) {
    this(new int[] {poolSize}, null, Configs.VALID, Configs.CHANNELS_LAST, null);
  }

  /** {@code MaxPooling2D(pool_size, strides, padding)}. */
  public MaxPooling2D(int poolSize, int strides, String padding) {
    this(new int[] {poolSize}, new int[] {strides}, padding, Configs.CHANNELS_LAST, null);
  }

  /**
   * All options.
   *
   * @param poolSize one value or {@code (height, width)}, positive
   * @param strides one value or {@code (height, width)}, positive; {@code null} for the pool size
   * @param padding {@code "valid"} or {@code "same"}
   * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
   * @param name the layer's name, or {@code null} to let the model assign one
   * @throws IllegalArgumentException for non-positive sizes or strides, or an unknown padding or data format
   */
  public MaxPooling2D(int[] poolSize, int[] strides, String padding, String dataFormat, String name) {
    super(name, DESCRIPTOR, true, poolSize, strides, padding, dataFormat, 2);
  }
}
