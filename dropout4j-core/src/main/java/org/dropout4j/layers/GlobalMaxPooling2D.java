package org.dropout4j.layers;

/**
 * Keras' {@code GlobalMaxPooling2D}: the maximum over height and width of each channel, {@code (batch, h, w, c) ->
 * (batch, c)}.
 *
 * <pre>{@code
 * new GlobalMaxPooling2D();   // (None, 7, 7, 64) -> (None, 64)
 * }</pre>
 */
public final class GlobalMaxPooling2D extends GlobalPooling {
  /** Keras' {@code GlobalMaxPooling2D} config: {@code data_format}, {@code keepdims} and the base keys. */
  public static final LayerDescriptor<GlobalMaxPooling2D> DESCRIPTOR = descriptor("GlobalMaxPooling2D",
      GlobalMaxPooling2D.class, GlobalMaxPooling2D::new);

  /** Channels last, without kept dimensions. */
  public GlobalMaxPooling2D() {
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
  public GlobalMaxPooling2D(String dataFormat, boolean keepdims, String name) {
    super(name, DESCRIPTOR, 2, true, dataFormat, keepdims);
  }
}
