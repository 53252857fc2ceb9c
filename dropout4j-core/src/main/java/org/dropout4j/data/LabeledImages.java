package org.dropout4j.data;

import java.util.Arrays;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * An immutable set of single-channel 8-bit images with integer class labels, as in MNIST and Fashion-MNIST: the
 * pixels stay bytes (60000 x 28 x 28 = 47 MB) until {@link #images(float)} converts them to a float tensor.
 *
 * <pre>{@code
 * TrainTest<LabeledImages> data = FashionMnist.load();
 * Tensor x = data.train().images(1f / 255);   // shape (60000, 28, 28, 1), channels_last
 * Tensor y = data.train().labels();           // shape (60000,), class ids 0..9
 * }</pre>
 */
public final class LabeledImages {
  private final byte[] pixels;
  private final int[] labels;
  private final int height;
  private final int width;

  LabeledImages(byte[] pixels, int[] labels, int height, int width) {
    if ((long) labels.length * height * width != pixels.length) {
      throw new IllegalArgumentException(labels.length + " images of " + height + "x" + width + " need "
          + (long) labels.length * height * width + " pixels, received " + pixels.length);
    }
    this.pixels = pixels;
    this.labels = labels;
    this.height = height;
    this.width = width;
  }

  /**
   * Images from copies of the given pixels (row-major, image after image) and labels.
   *
   * @throws IllegalArgumentException if the pixel count is not {@code labels.length * height * width}
   */
  public static LabeledImages of(byte[] pixels, int[] labels, int height, int width) {
    return new LabeledImages(pixels.clone(), labels.clone(), height, width);
  }

  /** Number of images. */
  public int size() {
    return labels.length;
  }

  /** Image height in pixels. */
  public int height() {
    return height;
  }

  /** Image width in pixels. */
  public int width() {
    return width;
  }

  /** The pixel value (0..255) of image {@code i} at {@code (row, col)}. */
  public int pixel(int i, int row, int col) {
    if (row < 0 || row >= height || col < 0 || col >= width) {
      throw new IndexOutOfBoundsException("pixel (" + row + ", " + col + ") is outside " + height + "x" + width);
    }
    return pixels[(i * height + row) * width + col] & 0xFF;
  }

  /** The label of image {@code i}. */
  public int label(int i) {
    return labels[i];
  }

  /** A copy of the labels. */
  public int[] labelArray() {
    return labels.clone();
  }

  /**
   * The images as a float tensor of shape {@code (n, height, width, 1)} (channels_last), each pixel times
   * {@code scale} (e.g. {@code 1f / 255} for values in [0, 1]).
   */
  public Tensor images(float scale) {
    float[] v = new float[pixels.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (pixels[i] & 0xFF) * scale;
    }
    return Tensor.of(Shape.of(labels.length, height, width, 1), v);
  }

  /** The labels as a tensor of shape {@code (n,)}: sparse targets. */
  public Tensor labels() {
    return Tensor.vector(labels);
  }

  /**
   * Images {@code from} (inclusive) to {@code to} (exclusive).
   *
   * @throws IndexOutOfBoundsException if the range is not within {@code [0, size()]}
   */
  public LabeledImages rows(int from, int to) {
    if (from < 0 || to > labels.length || from > to) {
      throw new IndexOutOfBoundsException("invalid image range, expected 0 <= from <= to <= size() = "
          + labels.length + ", received from=" + from + ", to=" + to);
    }
    int px = height * width;
    return new LabeledImages(Arrays.copyOfRange(pixels, from * px, to * px), Arrays.copyOfRange(labels, from, to),
        height, width);
  }

  /** The first {@code n} images (all if there are fewer). */
  public LabeledImages first(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("Invalid value for argument `n`: expected an integer >= 0, received n=" + n);
    }
    return rows(0, Math.min(n, labels.length));
  }

  @Override
  public String toString() {
    return "LabeledImages[" + labels.length + " x " + height + "x" + width + "]";
  }
}
