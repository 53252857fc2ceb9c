package org.dropout4j.layers;

/**
 * Keras' {@code GlobalAveragePooling3D}: the mean over depth, height and width of each channel,
 * {@code (batch, d, h, w, c) -> (batch, c)}.
 *
 * <pre>{@code
 * new GlobalAveragePooling3D();   // (None, 4, 4, 4, 16) -> (None, 16)
 * }</pre>
 */
public final class GlobalAveragePooling3D extends GlobalPooling {
  /** Keras' {@code GlobalAveragePooling3D} config: {@code data_format}, {@code keepdims} and the base keys. */
  public static final LayerDescriptor<GlobalAveragePooling3D> DESCRIPTOR = descriptor("GlobalAveragePooling3D",
      GlobalAveragePooling3D.class, GlobalAveragePooling3D::new);

  /** Channels last, without kept dimensions. */
  public GlobalAveragePooling3D() {
    this(Configs.CHANNELS_LAST, false, null);
  }

  /**
   * All options.
   *
   * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
   * @param keepdims whether the spatial axes stay with size 1
   * @param name the layer's name, or {@code null} to let the model assign one
   * @throws IllegalArgumentException for an unknown data format
   */
  public GlobalAveragePooling3D(String dataFormat, boolean keepdims, String name) {
    super(name, DESCRIPTOR, 3, false, dataFormat, keepdims);
  }
}
