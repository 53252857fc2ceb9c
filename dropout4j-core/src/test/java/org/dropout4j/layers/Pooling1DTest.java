package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link MaxPooling1D}, {@link AveragePooling1D}, {@link GlobalAveragePooling1D}, {@link GlobalMaxPooling1D}: values
 * worked by hand, shapes, gradients against finite differences, configs and argument checks.
 */
class Pooling1DTest {
  private static final CallContext TRAINING = CallContext.training(RngKey.of(5), 0);

  /** One sample, 5 steps, 2 channels: channel 0 = 1, 5, 2, 4, 3; channel 1 = -1, -2, -3, -4, -5. */
  private static Tensor input() {
    return Tensor.of(Shape.of(1, 5, 2), 1, -1, 5, -2, 2, -3, 4, -4, 3, -5);
  }

  private static void checkGradient(String label, Layer layer) {
    Tensor x = Tensor.variable(Shape.of(2, 5, 3), GradientCheck.uniform(3, -1f, 1f, 2, 5, 3).toArray());
    GradientCheck.check(label, GradientCheck.H, () -> layer.call(x, TRAINING), List.of(GradientCheck.leaf("x", x)));
  }

  @Test
  void maxPooling_default_takesTheMaximumOfPairs() {
    Tensor y = new MaxPooling1D().call(input(), CallContext.inference());
    assertEquals(Shape.of(1, 2, 2), y.shape());
    assertArrayEquals(new float[] {5, -1, 4, -3}, y.toArray());
  }

  @Test
  void averagePooling_sameWithStride2_averagesTheValidStepsOfEachWindow() {
    Tensor y = new AveragePooling1D(2, 2, "same", "channels_last", null).call(input(), CallContext.inference());
    assertEquals(Shape.of(1, 3, 2), y.shape());
    assertArrayEquals(new float[] {3, -1.5f, 3, -3.5f, 3, -5}, y.toArray(), 1e-6f);
  }

  @Test
  void maxPooling_window3Stride1_shapeAndValues() {
    Tensor y = new MaxPooling1D(3, 1, "valid", "channels_last", null).call(input(), CallContext.inference());
    assertEquals(Shape.of(1, 3, 2), y.shape());
    assertArrayEquals(new float[] {5, -1, 5, -2, 4, -3}, y.toArray());
    assertEquals(Shape.of(Shape.UNKNOWN, 3, 2), new MaxPooling1D(3, 1, "valid", "channels_last", null)
        .computeOutputShape(Shape.of(Shape.UNKNOWN, 5, 2)));
  }

  @Test
  void globalPools_reduceTheSteps() {
    assertArrayEquals(new float[] {3, -3}, new GlobalAveragePooling1D().call(input(), CallContext.inference())
        .toArray(), 1e-6f);
    assertArrayEquals(new float[] {5, -1}, new GlobalMaxPooling1D().call(input(), CallContext.inference()).toArray());
    assertEquals(Shape.of(1, 1, 2), new GlobalMaxPooling1D("channels_last", true, null).call(input(),
        CallContext.inference()).shape());
    assertEquals(Shape.of(Shape.UNKNOWN, 2), new GlobalAveragePooling1D().computeOutputShape(Shape.of(Shape.UNKNOWN,
        5, 2)));
  }

  @Test
  void gradients_matchFiniteDifferences() {
    checkGradient("MaxPooling1D", new MaxPooling1D());
    checkGradient("AveragePooling1D same", new AveragePooling1D(3, 2, "same", "channels_last", null));
    checkGradient("GlobalAveragePooling1D", new GlobalAveragePooling1D());
    checkGradient("GlobalMaxPooling1D", new GlobalMaxPooling1D());
  }

  @Test
  void configs_haveKerasKeys() {
    assertEquals(List.of("name", "trainable", "dtype", "pool_size", "padding", "strides", "data_format"),
        List.copyOf(new MaxPooling1D().getConfig().keySet()));
    assertEquals(List.of(2), new AveragePooling1D().getConfig().get("strides"));
    assertEquals(List.of("name", "trainable", "dtype", "data_format", "keepdims"),
        List.copyOf(new GlobalMaxPooling1D().getConfig().keySet()));
  }

  @Test
  void unknownDataFormat_isRefusedEchoingTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GlobalAveragePooling1D("channels_middle", false, null));
    assertTrue(e.getMessage().contains("data_format=channels_middle"), e.getMessage());
  }

  @Test
  void channelsFirst_poolsTheLastAxis() {
    MaxPooling1D pool = new MaxPooling1D(2, null, "valid", "channels_first", null);
    Tensor x = Tensor.of(Shape.of(1, 2, 4), 1f, 5f, 2f, 0f, -1f, -3f, 4f, 2f);
    assertEquals(Shape.of(Shape.UNKNOWN, 2, 2), pool.computeOutputShape(Shape.of(Shape.UNKNOWN, 2, 4)));
    assertArrayEquals(new float[] {5f, 2f, -1f, 4f}, pool.call(x, CallContext.inference()).toArray());
    GlobalAveragePooling1D mean = new GlobalAveragePooling1D("channels_first", true, null);
    assertEquals(Shape.of(1, 2, 1), mean.call(x, CallContext.inference()).shape());
    assertArrayEquals(new float[] {2f, 0.5f}, mean.call(x, CallContext.inference()).toArray());
  }

  @Test
  void rank4Input_throwsNamingTheShape() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MaxPooling1D().build(Shape.of(Shape.UNKNOWN, 4, 4, 1), RngKey.of(0)));
    assertTrue(e.getMessage().contains("expected ndim=3"), e.getMessage());
  }
}
