package org.dropout4j.layers;


/**
 * Keras' {@code Cropping2D}: removes rows at the top and bottom and columns at the left and right of a
 * {@code (batch, height, width, channels)} input ({@code (batch, channels, height, width)} with
 * {@code data_format="channels_first"}). Defaults as in Keras: {@code cropping=((0, 0), (0, 0))},
 * {@code channels_last}. Each spatial size must stay positive.
 *
 * <pre>{@code
 * new Cropping2D(new int[][] {{2, 2}, {4, 4}}, "channels_last", null);   // (None, 28, 28, 3) -> (None, 24, 20, 3)
 * }</pre>
 */
public final class Cropping2D extends PadCrop {
  /** Keras' {@code Cropping2D} config: {@code cropping} ({@code [[top, bottom], [left, right]]}), data format. */
  public static final LayerDescriptor<Cropping2D> DESCRIPTOR = LayerDescriptor.of("Cropping2D", Cropping2D.class,
      r -> {
        String name = r.weightlessName("Cropping2D");
        int[][] c = read(r, "cropping", 2, new int[][] {{0, 0}, {0, 0}});
        return new Cropping2D(c, r.string("data_format", Configs.CHANNELS_LAST), name);
      });

  /** {@code Cropping2D()}: Keras' default, no cropping. */
  public Cropping2D() {
    this(0);
  }

  /** {@code Cropping2D(cropping)}: {@code cropping >= 0} rows and columns off every side. */
  public Cropping2D(int cropping) {
    this(new int[][] {{cropping, cropping}, {cropping, cropping}}, Configs.CHANNELS_LAST, null);
  }

  /**
   * All options.
   *
   * @param cropping {@code {{top, bottom}, {left, right}}}, each {@code >= 0}
   * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
   * @param name the layer's name, or {@code null} to let the model assign one
   * @throws IllegalArgumentException for a negative amount, a malformed array or an unknown data format
   */
  public Cropping2D(int[][] cropping, String dataFormat, String name) {
    super(name, DESCRIPTOR, "cropping", true, ZeroPadding2D.twoPairs("Cropping2D", "cropping", cropping), dataFormat);
  }
}
