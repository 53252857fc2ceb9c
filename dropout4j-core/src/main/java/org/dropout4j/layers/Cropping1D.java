package org.dropout4j.layers;


/**
 * Keras' {@code Cropping1D}: removes steps at the start and the end of a {@code (batch, steps, channels)} input.
 * Default as in Keras: {@code cropping=(1, 1)}. The input must keep at least one step.
 *
 * <pre>{@code
 * new Cropping1D(2, 1);   // (None, 10, 3) -> (None, 7, 3)
 * }</pre>
 */
public final class Cropping1D extends PadCrop {
  /** Keras' {@code Cropping1D} config: {@code cropping} ({@code [start, end]}). */
  public static final LayerDescriptor<Cropping1D> DESCRIPTOR = LayerDescriptor.of("Cropping1D", Cropping1D.class,
      r -> {
        String name = r.weightlessName("Cropping1D");
        int[] c = read(r, "cropping", 1, new int[][] {{1, 1}})[0];
        return new Cropping1D(c[0], c[1], name);
      });

  /** {@code Cropping1D()}: one step off each end. */
  public Cropping1D() {
    this(1, 1);
  }

  /** {@code Cropping1D((start, end))}. */
  public Cropping1D(int start, int end) {
    this(start, end, null);
  }

  /**
   * @param start steps removed at the start, {@code >= 0}
   * @param end steps removed at the end, {@code >= 0}
   * @param name the layer's name, or {@code null} to let the model assign one
   * @throws IllegalArgumentException for a negative amount
   */
  public Cropping1D(int start, int end, String name) {
    super(name, DESCRIPTOR, "cropping", true, new int[][] {{start, end}}, null);
  }
}
