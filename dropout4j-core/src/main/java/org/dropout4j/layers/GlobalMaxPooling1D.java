package org.dropout4j.layers;

/**
 * Keras' {@code GlobalMaxPooling1D}: the maximum over all steps of a {@code (batch, steps, channels)} input,
 * giving {@code (batch, channels)} ({@code (batch, 1, channels)} with {@code keepdims}); {@code channels_last}
 * only.
 *
 * <pre>{@code
 * new Sequential(Input.shape(100, 8), new Conv1D(16, 3, "relu"), new GlobalMaxPooling1D(), new Dense(1));
 * }</pre>
 */
public final class GlobalMaxPooling1D extends GlobalPooling {
  /** Keras' {@code GlobalMaxPooling1D} config: {@code data_format}, {@code keepdims} and the base keys. */
  public static final LayerDescriptor<GlobalMaxPooling1D> DESCRIPTOR = descriptor("GlobalMaxPooling1D",
      GlobalMaxPooling1D.class, GlobalMaxPooling1D::new);

  /** {@code GlobalMaxPooling1D()}. */
  public GlobalMaxPooling1D() {
    this(Configs.CHANNELS_LAST, false, null);
  }

  /**
   * @param dataFormat {@code "channels_last"} or {@code "channels_first"} (steps last)
   * @param keepdims whether to keep the steps axis with length 1
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException for another data format
   */
  public GlobalMaxPooling1D(String dataFormat, boolean keepdims, String name) {
    super(name, DESCRIPTOR, 1, true, dataFormat, keepdims);
  }
}
