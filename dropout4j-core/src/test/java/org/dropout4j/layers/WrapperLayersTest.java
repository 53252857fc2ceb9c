package org.dropout4j.layers;

import static org.dropout4j.tensor.GradientCheck.leaf;
import static org.dropout4j.tensor.GradientCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.dropout4j.layers.activations.PReLU;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TimeDistributed, Bidirectional, DepthwiseConv2D, SeparableConv2D, PReLU, LayerNormalization and
 * UnitNormalization: gradients against finite differences
 * (input and every weight), Keras' weight names, output shapes, and Bidirectional's independent dropout masks.
 */
class WrapperLayersTest {
  private static final CallContext TRAINING = CallContext.training(RngKey.of(7), 3);

  static Stream<Arguments> layers() {
    return Stream.of(
        Arguments.of("TimeDistributed(Dense)", new TimeDistributed(new Dense(3, "tanh"), "td"), new int[] {2, 3, 4}),
        Arguments.of("Bidirectional(LSTM) concat", new Bidirectional(LSTM.builder(2).returnSequences(true)
            .dropout(0.3f).recurrentDropout(0.3f), "concat"), new int[] {2, 3, 4}),
        Arguments.of("Bidirectional(GRU) ave", new Bidirectional(GRU.builder(2), "ave"), new int[] {2, 3, 4}),
        Arguments.of("DepthwiseConv2D", new DepthwiseConv2D(new int[] {2}, new int[] {1}, "same", 2,
            "channels_first", new int[] {1}, "tanh", true, "glorot_uniform", "zeros", null), new int[] {2, 3, 4, 4}),
        Arguments.of("SeparableConv2D", new SeparableConv2D(3, new int[] {2}, new int[] {2}, "valid", 2,
            "channels_last", new int[] {1}, "tanh", true, "glorot_uniform", "glorot_uniform", "zeros", null),
            new int[] {2, 5, 5, 2}),
        Arguments.of("PReLU", new PReLU("zeros", new int[] {1}, null), new int[] {2, 3, 4}),
        Arguments.of("LayerNormalization", new LayerNormalization(), new int[] {2, 3, 4}),
        Arguments.of("UnitNormalization", new UnitNormalization(), new int[] {2, 3, 4}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void gradient_matches_finite_differences(String label, Layer layer, int[] shape) {
    if (layer.name() == null) {
      layer.assignName("layer");
    }
    Tensor input = uniform(11, -1f, 1f, shape);
    layer.build(input.shape().withBatch(Shape.UNKNOWN), RngKey.of(1));
    long seed = 100;
    for (Parameter p : layer.weights()) {
      p.assign(uniform(seed++, -0.8f, 0.8f, p.shape().toArray()));
    }
    assertEquals(layer.computeOutputShape(input.shape()), layer.call(input, TRAINING).shape(), label);
    Tensor x = Tensor.variable(input.shape(), input.toArray());
    List<GradientCheck.Leaf> leaves = new ArrayList<>();
    leaves.add(leaf("x", x));
    for (Parameter p : layer.weights()) {
      leaves.add(leaf(p));
    }
    GradientCheck.check(label, GradientCheck.H, () -> layer.call(x, TRAINING), leaves);
  }

  @Test
  void wrapper_weights_carry_keras_names() {
    Bidirectional b = new Bidirectional(LSTM.builder(2), "sum");
    b.assignName("bidirectional");
    b.build(Shape.of(Shape.UNKNOWN, 3, 4), RngKey.of(0));
    assertEquals(List.of("bidirectional/forward_lstm/kernel", "bidirectional/forward_lstm/recurrent_kernel",
        "bidirectional/forward_lstm/bias", "bidirectional/backward_lstm/kernel",
        "bidirectional/backward_lstm/recurrent_kernel", "bidirectional/backward_lstm/bias"),
        b.weights().stream().map(Parameter::name).toList());
    TimeDistributed td = new TimeDistributed(new Dense(2), "time_distributed");
    td.build(Shape.of(Shape.UNKNOWN, 3, 4), RngKey.of(0));
    assertEquals(List.of("time_distributed/kernel", "time_distributed/bias"),
        td.weights().stream().map(Parameter::name).toList());
  }

  @Test
  void bidirectional_directions_draw_independent_dropout_masks() {
    Bidirectional b = new Bidirectional(SimpleRNN.builder(3).dropout(0.5f), "concat");
    b.assignName("bi");
    b.build(Shape.of(Shape.UNKNOWN, 1, 4), RngKey.of(0));
    // both directions get the same weights, so with one step they differ only through their dropout masks
    List<Parameter> w = b.weights();
    for (int i = 0; i < 3; i++) {
      w.get(i + 3).assign(Tensor.of(w.get(i).shape(), w.get(i).data().clone()));
    }
    Tensor y = b.call(Tensor.full(Shape.of(8, 1, 4), 1f), TRAINING);
    float[] v = y.toArray();
    boolean differ = false;
    for (int r = 0; r < 8; r++) {
      differ |= !Arrays.equals(Arrays.copyOfRange(v, r * 6, r * 6 + 3), Arrays.copyOfRange(v, r * 6 + 3, r * 6 + 6));
    }
    assertTrue(differ, "forward and backward masks are identical");
    Tensor inference = b.call(Tensor.full(Shape.of(1, 1, 4), 1f), CallContext.inference());
    assertEquals(inference.get(0), inference.get(3), 1e-7, "same weights, no dropout: same output");
  }

  @Test
  void invalid_arguments_are_refused_naming_them() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Bidirectional(LSTM.builder(2), "max"));
    assertTrue(e.getMessage().contains("merge_mode=max"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new DepthwiseConv2D(new int[] {3}, new int[] {1},
        "valid", 0, "channels_last", new int[] {1}, null, true, "glorot_uniform", "zeros", null));
    assertTrue(e.getMessage().contains("depth_multiplier=0"), e.getMessage());
    Dense built = new Dense(2);
    built.build(Shape.of(Shape.UNKNOWN, 3), RngKey.of(0));
    assertThrows(IllegalArgumentException.class, () -> new TimeDistributed(built));
    assertNotEquals(null, new TimeDistributed(new Dense(2)).layer());
  }
}
