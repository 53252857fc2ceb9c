package org.dropout4j.layers;

/**
 * Keras' {@code MaxPooling3D}: the maximum of each {@code pool_size} window of a
 * {@code (batch, depth, height, width, channels)} input ({@code (batch, channels, depth, height, width)} with
 * {@code data_format="channels_first"}); padded positions never win.
 *
 * <p>Defaults as in Keras: {@code pool_size=(2, 2, 2)}, {@code strides=None} (= the pool size),
 * {@code padding="valid"}, {@code data_format="channels_last"}.
 *
 * <pre>{@code
 * new MaxPooling3D();                                           // (None, 8, 8, 8, 4) -> (None, 4, 4, 4, 4)
 * new MaxPooling3D(new int[] {3}, new int[] {2}, "same", "channels_last", null);
 * }</pre>
 */
public final class MaxPooling3D extends Pooling {
  /** Keras' {@code MaxPooling3D} config: {@code pool_size}, {@code padding}, {@code strides}, {@code data_format}. */
  public static final LayerDescriptor<MaxPooling3D> DESCRIPTOR = descriptor3D("MaxPooling3D",
      MaxPooling3D.class, MaxPooling3D::new);

  /** {@code MaxPooling3D()}: 2x2x2 windows, stride 2. */
  public MaxPooling3D() {
    this(new int[] {DEFAULT_POOL_SIZE}, null, Configs.VALID, Configs.CHANNELS_LAST, null);
  }

  /**
   * All options.
   *
   * @param poolSize one size or {@code (depth, height, width)}, positive
   * @param strides one stride or three, positive; {@code null} for the pool size
   * @param padding {@code "valid"} or {@code "same"}
   * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
   * @param name the layer's name, or {@code null} to let the model assign one
   * @throws IllegalArgumentException for non-positive sizes or strides, or an unknown padding or data format
   */
  public MaxPooling3D(int[] poolSize, int[] strides, String padding, String dataFormat, String name) {
    super(name, DESCRIPTOR, true, poolSize, strides, padding, dataFormat, 3);
  }
}
