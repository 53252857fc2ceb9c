package org.dropout4j.layers;

/**
 * Keras' {@code GlobalMaxPooling3D}: the maximum over depth, height and width of each channel,
 * {@code (batch, d, h, w, c) -> (batch, c)}.
 *
 * <pre>{@code
 * new GlobalMaxPooling3D();   // (None, 4, 4, 4, 16) -> (None, 16)
 * }</pre>
 */
public final class GlobalMaxPooling3D extends GlobalPooling {
  /** Keras' {@code GlobalMaxPooling3D} config: {@code data_format}, {@code keepdims} and the base keys. */
  public static final LayerDescriptor<GlobalMaxPooling3D> DESCRIPTOR = descriptor("GlobalMaxPooling3D",
      GlobalMaxPooling3D.class, GlobalMaxPooling3D::new);

  /** Channels last, without kept dimensions. */
  public GlobalMaxPooling3D() {
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
  public GlobalMaxPooling3D(String dataFormat, boolean keepdims, String name) {
    super(name, DESCRIPTOR, 3, true, dataFormat, keepdims);
  }
}
