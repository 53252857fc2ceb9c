package org.dropout4j.layers;

/**
 * Keras' {@code AveragePooling2D}: the mean of each window (with `same` padding, of its positions inside the input, as in Keras).
 *
 * <p>Defaults as in Keras: {@code pool_size=(2, 2)}, {@code strides=None} (= the pool size), {@code padding="valid"},
 * {@code data_format="channels_last"}.
 *
 * <pre>{@code
 * new AveragePooling2D();                 // (None, 24, 24, 64) -> (None, 12, 12, 64)
 * new AveragePooling2D(3, 1, "same");     // 3x3 windows, stride 1, same size out
 * }</pre>
 */
public final class AveragePooling2D extends Pooling {
  /** Keras' {@code AveragePooling2D} config: {@code pool_size}, {@code padding}, {@code strides}, {@code data_format}. */
  public static final LayerDescriptor<AveragePooling2D> DESCRIPTOR = descriptor2D("AveragePooling2D",
      AveragePooling2D.class, AveragePooling2D::new);

  /** {@code AveragePooling2D()}: 2x2 windows, stride 2. */
  public AveragePooling2D() {
    this(DEFAULT_POOL_SIZE);
  }

  /** {@code AveragePooling2D(pool_size)} with strides equal to the pool size. */
  public AveragePooling2D(int poolSize) {
    this(new int[] {poolSize}, null, Configs.VALID, Configs.CHANNELS_LAST, null);
  }

  /** {@code AveragePooling2D(pool_size, strides, padding)}. */
  public AveragePooling2D(int poolSize, int strides, String padding) {
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
  public AveragePooling2D(int[] poolSize, int[] strides, String padding, String dataFormat, String name) {
    super(name, DESCRIPTOR, false, poolSize, strides, padding, dataFormat, 2);
  }
}
