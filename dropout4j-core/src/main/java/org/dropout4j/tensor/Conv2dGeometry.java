package org.dropout4j.tensor;

/**
 * The geometry of a 2-D sliding window over NHWC inputs: window, strides, dilation and the padding that Keras /
 * TensorFlow use. {@code valid}: no padding, {@code out = floor((in - effective) / stride) + 1}; {@code same}:
 * {@code out = ceil(in / stride)} with the total padding {@code max((out - 1) * stride + effective - in, 0)} split
 * with the smaller half before (top/left), where {@code effective = (window - 1) * dilation + 1}.
 *
 * @param inH input height
 * @param inW input width
 * @param kH window height
 * @param kW window width
 * @param strideH vertical stride
 * @param strideW horizontal stride
 * @param dilationH vertical dilation
 * @param dilationW horizontal dilation
 * @param outH output height
 * @param outW output width
 * @param padTop rows of padding above
 * @param padLeft columns of padding on the left
 */
public record Conv2dGeometry(int inH, int inW, int kH, int kW, int strideH, int strideW, int dilationH,
    int dilationW, int outH, int outW, int padTop, int padLeft) {

  /**
   * The geometry for a window over an {@code inH x inW} input; {@code outH} or {@code outW} may be 0 or less when
   * the window does not fit ({@code valid} padding), which callers report.
   *
   * @param same {@code true} for {@code padding="same"}, {@code false} for {@code "valid"}
   */
  public static Conv2dGeometry of(int inH, int inW, int kH, int kW, int strideH, int strideW, int dilationH,
      int dilationW, boolean same) {
    int effH = (kH - 1) * dilationH + 1;
    int effW = (kW - 1) * dilationW + 1;
    int outH;
    int outW;
    int padTop = 0;
    int padLeft = 0;
    if (same) {
      outH = (inH + strideH - 1) / strideH;
      outW = (inW + strideW - 1) / strideW;
      padTop = Math.max((outH - 1) * strideH + effH - inH, 0) / 2;
      padLeft = Math.max((outW - 1) * strideW + effW - inW, 0) / 2;
    } else {
      outH = inH >= effH ? (inH - effH) / strideH + 1 : 0;
      outW = inW >= effW ? (inW - effW) / strideW + 1 : 0;
    }
    return new Conv2dGeometry(inH, inW, kH, kW, strideH, strideW, dilationH, dilationW, outH, outW, padTop, padLeft);
  }

  /** Output size along one axis for an input size (unknown stays unknown), as {@link #of} computes it. */
  public static int outputSize(int in, int k, int stride, int dilation, boolean same) {
    if (in == Shape.UNKNOWN) {
      return Shape.UNKNOWN;
    }
    int eff = (k - 1) * dilation + 1;
    if (same) {
      return (in + stride - 1) / stride;
    }
    return in >= eff ? (in - eff) / stride + 1 : 0;
  }
}
