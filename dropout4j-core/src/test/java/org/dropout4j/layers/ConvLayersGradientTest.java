package org.dropout4j.layers;

import static org.dropout4j.tensor.GradientCheck.leaf;
import static org.dropout4j.tensor.GradientCheck.uniform;

import java.util.ArrayList;
import java.util.List;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The hand-written backward passes of the convolution and pooling layers against finite differences, with respect
 * to the input and every weight, on small shapes.
 */
class ConvLayersGradientTest {
  private static final CallContext TRAINING = CallContext.training(RngKey.of(5), 0);

  private static void checkLayer(String label, double h, Layer layer, Tensor input) {
    Tensor x = Tensor.variable(input.shape(), input.toArray());
    layer.call(x, TRAINING);
    List<GradientCheck.Leaf> leaves = new ArrayList<>();
    leaves.add(leaf("x", x));
    for (Parameter p : layer.weights()) {
      leaves.add(leaf(p));
    }
    GradientCheck.check(label, h, () -> layer.call(x, TRAINING), leaves);
  }

  /** Values 0.02 apart in a shuffled order: no ties within 2h for h = 1e-3, so max pooling has no kinks. */
  private static Tensor distinct(long seed, int... dims) {
    Shape s = Shape.of(dims);
    float[] u = uniform(seed, 0f, 1f, s.size()).toArray();
    Integer[] order = new Integer[u.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Float.compare(u[a], u[b]));
    float[] v = new float[u.length];
    for (int rank = 0; rank < order.length; rank++) {
      v[order[rank]] = -1f + 0.02f * rank;
    }
    return Tensor.of(s, v);
  }

  @Test
  void conv2d_validPadding_gradientMatchesFiniteDifferences() {
    Conv2D conv = Conv2D.builder(3, 2, 3).biasInitializer("ones").build();
    checkLayer("Conv2D(3, (2, 3))", GradientCheck.H, conv, uniform(1, -1f, 1f, 2, 4, 5, 2));
  }

  @Test
  void conv2d_samePaddingStride2_gradientMatchesFiniteDifferences() {
    Conv2D conv = Conv2D.builder(2, 3).strides(2).padding("same").activation("tanh").build();
    checkLayer("Conv2D(2, 3, strides=2, same, tanh)", GradientCheck.H, conv, uniform(2, -1f, 1f, 2, 5, 6, 3));
  }

  @Test
  void conv2d_dilationSamePadding_gradientMatchesFiniteDifferences() {
    Conv2D conv = Conv2D.builder(2, 2).dilationRate(2).padding("same").activation("sigmoid").build();
    checkLayer("Conv2D(2, 2, dilation_rate=2, same, sigmoid)", GradientCheck.H, conv, uniform(3, -1f, 1f, 1, 5, 5, 2));
  }

  @Test
  void conv2d_withoutBiasUnfusedActivation_gradientMatchesFiniteDifferences() {
    Conv2D conv = Conv2D.builder(2, 1, 2).useBias(false).activation("softplus").build();
    checkLayer("Conv2D(2, (1, 2), use_bias=False, softplus)", GradientCheck.H, conv, uniform(4, -1f, 1f, 2, 3, 3, 2));
  }

  @Test
  void conv2d_channelsFirst_gradientMatchesFiniteDifferences() {
    Conv2D conv = Conv2D.builder(2, 2).dataFormat("channels_first").biasInitializer("ones").build();
    checkLayer("Conv2D(2, 2, channels_first)", GradientCheck.H, conv, uniform(5, -1f, 1f, 2, 3, 4, 3));
  }

  @Test
  void conv2d_chunkedBatch_gradientMatchesFiniteDifferences() {
    // 3 x 3 x 3 windows over 20 x 20 inputs: 324 x 27 floats per sample; a batch of 3 still fits one chunk, so this
    // checks the per-chunk GEMM offsets through a layer big enough that chunks hold several samples
    Conv2D conv = Conv2D.builder(2, 3).biasInitializer("ones").build();
    checkLayer("Conv2D(2, 3) on 20x20", GradientCheck.H, conv, uniform(6, -1f, 1f, 3, 6, 6, 3));
  }

  @Test
  void maxPooling2d_gradientMatchesFiniteDifferences() {
    checkLayer("MaxPooling2D()", 1e-3, new MaxPooling2D(), distinct(7, 2, 4, 5, 3));
  }

  @Test
  void maxPooling2d_sameOverlapping_gradientMatchesFiniteDifferences() {
    checkLayer("MaxPooling2D(3, 2, same)", 1e-3, new MaxPooling2D(3, 2, "same"), distinct(8, 2, 5, 5, 2));
  }

  @Test
  void averagePooling2d_sameOverlapping_gradientMatchesFiniteDifferences() {
    checkLayer("AveragePooling2D(3, 2, same)", GradientCheck.H, new AveragePooling2D(3, 2, "same"),
        uniform(9, -1f, 1f, 2, 5, 4, 2));
  }

  @Test
  void averagePooling2d_channelsFirst_gradientMatchesFiniteDifferences() {
    checkLayer("AveragePooling2D(channels_first)", GradientCheck.H,
        new AveragePooling2D(new int[] {2, 1}, null, "valid", "channels_first", null), uniform(10, -1f, 1f, 2, 3, 4, 3));
  }

  @Test
  void globalPooling_gradientsMatchFiniteDifferences() {
    checkLayer("GlobalAveragePooling2D", GradientCheck.H, new GlobalAveragePooling2D(), uniform(11, -1f, 1f, 2, 3, 4, 3));
    checkLayer("GlobalMaxPooling2D", 1e-3, new GlobalMaxPooling2D(), distinct(12, 2, 3, 4, 3));
    checkLayer("GlobalAveragePooling2D(channels_first, keepdims)", GradientCheck.H,
        new GlobalAveragePooling2D("channels_first", true, null), uniform(13, -1f, 1f, 2, 3, 2, 2));
  }

  @Test
  void flattenAndReshape_gradientsMatchFiniteDifferences() {
    checkLayer("Flatten(channels_first)", GradientCheck.H, new Flatten("channels_first", null),
        uniform(14, -1f, 1f, 2, 3, 2, 2));
    checkLayer("Reshape(-1, 2)", GradientCheck.H, new Reshape(-1, 2), uniform(15, -1f, 1f, 2, 6));
  }
}
