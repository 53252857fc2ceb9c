package org.dropout4j.layers;


/**
 * Keras' {@code ZeroPadding2D}: rows of zeros above and below and columns left and right of a
 * {@code (batch, height, width, channels)} input ({@code (batch, channels, height, width)} with
 * {@code data_format="channels_first"}). Defaults as in Keras: {@code padding=(1, 1)}, {@code channels_last}.
 *
 * <pre>{@code
 * new ZeroPadding2D(1);                                              // (None, 28, 28, 1) -> (None, 30, 30, 1)
 * new ZeroPadding2D(new int[][] {{1, 2}, {0, 3}}, "channels_first", null);
 * }</pre>
 */
public final class ZeroPadding2D extends PadCrop {
  /** Keras' {@code ZeroPadding2D} config: {@code padding} ({@code [[top, bottom], [left, right]]}), data format. */
  public static final LayerDescriptor<ZeroPadding2D> DESCRIPTOR = LayerDescriptor.of("ZeroPadding2D",
      ZeroPadding2D.class, r -> {
        String name = r.weightlessName("ZeroPadding2D");
        int[][] p = read(r, "padding", 2, new int[][] {{1, 1}, {1, 1}});
        return new ZeroPadding2D(p, r.string("data_format", Configs.CHANNELS_LAST), name);
      });

  /** {@code ZeroPadding2D()}: one row or column of zeros on each side. */
  public ZeroPadding2D() {
    this(1);
  }

  /** {@code ZeroPadding2D(padding)}: {@code padding >= 0} zeros on every side. */
  public ZeroPadding2D(int padding) {
    this(new int[][] {{padding, padding}, {padding, padding}}, Configs.CHANNELS_LAST, null);
  }

  /**
   * All options.
   *
   * @param padding {@code {{top, bottom}, {left, right}}}, each {@code >= 0}
   * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
   * @param name the layer's name, or {@code null} to let the model assign one
   * @throws IllegalArgumentException for a negative amount, a malformed array or an unknown data format
   */
  public ZeroPadding2D(int[][] padding, String dataFormat, String name) {
    super(name, DESCRIPTOR, "padding", false, twoPairs("ZeroPadding2D", "padding", padding),
        dataFormat);
  }

  static int[][] twoPairs(String layer, String key, int[][] v) {
    if (v == null || v.length != 2 || v[0] == null || v[1] == null || v[0].length != 2 || v[1].length != 2) {
      throw new IllegalArgumentException("Invalid value for argument `" + key + "` of " + layer + ": expected 2 "
          + "pairs of integers ((top, bottom), (left, right)), received " + key + "=" + java.util.Arrays.deepToString(v));
    }
    return v;
  }
}
