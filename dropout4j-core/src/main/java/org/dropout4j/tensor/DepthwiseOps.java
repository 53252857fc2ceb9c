package org.dropout4j.tensor;

/**
 * Depthwise convolution as a regular one: the depthwise kernel {@code (kh, kw, C, M)} placed block-diagonally in a
 * {@code (kh, kw, C, C*M)} kernel (input channel {@code c} feeds only output channels {@code c*M .. c*M + M - 1},
 * Keras' order), so {@link ConvOps#conv2d} computes Keras' {@code DepthwiseConv2D}. Costs {@code C} times the
 * multiply-adds of a dedicated kernel; exact.
 */
public final class DepthwiseOps {
  private DepthwiseOps() {
  }

  /**
   * The block-diagonal full kernel of a depthwise kernel, differentiable (the gradient gathers the diagonal blocks).
   *
   * @param depthwise {@code (kh, kw, C, M)}
   * @throws IllegalArgumentException if the kernel is not rank 4
   */
  public static Tensor fullKernel(Tensor depthwise) {
    if (depthwise.rank() != 4) {
      throw new IllegalArgumentException("depthwise kernel: expected shape (kh, kw, channels, depth_multiplier), "
          + "received " + depthwise.shape);
    }
    int taps = depthwise.shape.dim(0) * depthwise.shape.dim(1);
    int c = depthwise.shape.dim(2);
    int m = depthwise.shape.dim(3);
    int out = c * m;
    float[] r = new float[taps * c * out];
    for (int t = 0; t < taps; t++) {
      for (int ci = 0; ci < c; ci++) {
        for (int mi = 0; mi < m; mi++) {
          r[(t * c + ci) * out + ci * m + mi] = depthwise.data[(t * c + ci) * m + mi];
        }
      }
    }
    Shape shape = Shape.of(depthwise.shape.dim(0), depthwise.shape.dim(1), c, out);
    if (!depthwise.requiresGrad()) {
      return Tensor.wrap(shape, r);
    }
    return new Tensor(r, shape, true, new Tensor[] {depthwise}, g -> {
      float[] gd = new float[depthwise.data.length];
      for (int t = 0; t < taps; t++) {
        for (int ci = 0; ci < c; ci++) {
          for (int mi = 0; mi < m; mi++) {
            gd[(t * c + ci) * m + mi] = g[(t * c + ci) * out + ci * m + mi];
          }
        }
      }
      depthwise.accumulateOwned(gd);
    });
  }
}
