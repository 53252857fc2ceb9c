package org.dropout4j.layers;


/**
 * Keras' {@code ZeroPadding1D}: zeros before and after the steps of a {@code (batch, steps, channels)} input
 * ({@code (batch, channels, steps)} with {@code data_format="channels_first"}). Defaults as in Keras:
 * {@code padding=1} (one zero on each side), {@code data_format="channels_last"}.
 *
 * <pre>{@code
 * new ZeroPadding1D(2);                                   // (None, 10, 3) -> (None, 14, 3)
 * new ZeroPadding1D(1, 3, "channels_last", null);         // one zero before, three after
 * }</pre>
 */
public final class ZeroPadding1D extends PadCrop {
  /** Keras' {@code ZeroPadding1D} config: {@code padding} ({@code [before, after]}), {@code data_format}. */
  public static final LayerDescriptor<ZeroPadding1D> DESCRIPTOR = LayerDescriptor.of("ZeroPadding1D",
      ZeroPadding1D.class, r -> {
        String name = r.weightlessName("ZeroPadding1D");
        int[] p = read(r, "padding", 1, new int[][] {{1, 1}})[0];
        return new ZeroPadding1D(p[0], p[1], r.string("data_format", Configs.CHANNELS_LAST), name);
      });

  /** {@code ZeroPadding1D()}: one zero on each side. */
  public ZeroPadding1D() {
    this(1);
  }

  /** {@code ZeroPadding1D(padding)}: {@code padding} zeros on each side, {@code >= 0}. */
  public ZeroPadding1D(int padding) {
    this(padding, padding, Configs.CHANNELS_LAST, null);
  }

  /**
   * All options.
   *
   * @param before zeros before the first step, {@code >= 0}
   * @param after zeros after the last step, {@code >= 0}
   * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
   * @param name the layer's name, or {@code null} to let the model assign one
   * @throws IllegalArgumentException for a negative amount or an unknown data format
   */
  public ZeroPadding1D(int before, int after, String dataFormat, String name) {
    super(name, DESCRIPTOR, "padding", false, new int[][] {{before, after}}, dataFormat);
  }
}
