package org.dropout4j.layers;

import static org.dropout4j.tensor.GradientCheck.leaf;
import static org.dropout4j.tensor.GradientCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dropout4j.layers.activations.Activations;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Ops.FusedActivation;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Recurrent;
import org.dropout4j.tensor.Recurrent.Cell;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The general (step by step) recurrent path: with tanh and sigmoid it computes what the fused kernels compute
 * (same weights, same dropout masks, every cell, both directions, sequences or last output) within 1e-5; with
 * other activations its gradient matches finite differences; layers pick it only for non-fused activations.
 */
class RecurrentStepsTest {
  static Stream<Arguments> cells() {
    List<Arguments> out = new ArrayList<>();
    for (Cell cell : Cell.values()) {
      for (int variant = 0; variant < 4; variant++) {
        out.add(Arguments.of(cell, variant));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} variant {1}")
  @MethodSource("cells")
  void general_path_equals_the_fused_kernel(Cell cell, int variant) {
    boolean sequences = variant % 2 == 1;
    boolean backwards = variant >= 2;
    int units = 3;
    int g = cell.gates();
    Tensor x = uniform(1, -1f, 1f, 2, 4, 5);
    Tensor kernel = uniform(2, -0.8f, 0.8f, 5, g * units);
    Tensor rec = uniform(3, -0.8f, 0.8f, units, g * units);
    Tensor bias = cell == Cell.GRU ? uniform(4, -0.5f, 0.5f, 2, g * units) : uniform(4, -0.5f, 0.5f, g * units);
    int masks = variant == 3 ? g : 1;
    Tensor inMask = variant == 0 ? null : mask(5, masks, 2, 5);
    Tensor recMask = variant == 0 ? null : mask(6, masks, 2, units);
    Tensor fused = Recurrent.run(new Recurrent.Spec(cell, FusedActivation.TANH, FusedActivation.SIGMOID, sequences,
        backwards, false), x, kernel, rec, bias, inMask, recMask);
    Tensor general = new RecurrentSteps(cell, units, Activations.get("tanh"), Activations.get("sigmoid"))
        .run(x, kernel, rec, bias, inMask, recMask, sequences, backwards, null, false, null).get(0);
    assertEquals(fused.shape(), general.shape());
    for (int i = 0; i < fused.size(); i++) {
      assertEquals(fused.get(i), general.get(i), 1e-5, cell + " element " + i);
    }
  }

  /** Inverted-dropout masks (values 0 or 2) of shape (m, b, d). */
  private static Tensor mask(long seed, int m, int b, int d) {
    float[] u = uniform(seed, 0f, 1f, m, b, d).toArray();
    for (int i = 0; i < u.length; i++) {
      u[i] = u[i] < 0.5f ? 0f : 2f;
    }
    return Tensor.of(Shape.of(m, b, d), u);
  }

  static Stream<Arguments> layers() {
    return Stream.of(
        Arguments.of("SimpleRNN softsign", SimpleRNN.builder(3).activation("softsign").returnSequences(true)
            .dropout(0.3f).recurrentDropout(0.3f).build()),
        Arguments.of("GRU gelu/softsign", GRU.builder(3).activation("gelu").recurrentActivation("softsign")
            .goBackwards(true).build()),
        Arguments.of("GRU reset_before swish/softsign", GRU.builder(3).resetAfter(false).activation("swish")
            .recurrentActivation("softsign").returnSequences(true).build()),
        Arguments.of("LSTM mish/softsign", LSTM.builder(3).activation("mish").recurrentActivation("softsign")
            .returnSequences(true).dropout(0.3f).recurrentDropout(0.3f).build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void general_path_gradient_matches_finite_differences(String label, RecurrentLayer layer) {
    Tensor input = uniform(11, -1f, 1f, 2, 3, 4);
    layer.build(input.shape(), RngKey.of(1));
    long seed = 100;
    for (Parameter p : layer.weights()) {
      p.assign(uniform(seed++, -0.8f, 0.8f, p.shape().toArray()));
    }
    Tensor x = Tensor.variable(input.shape(), input.toArray());
    List<GradientCheck.Leaf> leaves = new ArrayList<>();
    leaves.add(leaf("x", x));
    for (Parameter p : layer.weights()) {
      leaves.add(leaf(p));
    }
    CallContext training = CallContext.training(RngKey.of(7), 3);
    GradientCheck.check(label, GradientCheck.H, () -> layer.call(x, training), leaves);
  }

  @Test
  void lstm_with_keras2_hard_sigmoid_keeps_its_name_in_the_config() {
    LSTM layer = LSTM.builder(2).recurrentActivation(Activations.KERAS2_HARD_SIGMOID).build();
    assertEquals(Activations.KERAS2_HARD_SIGMOID, layer.getConfig().get("recurrent_activation"));
    layer.build(Shape.of(Shape.UNKNOWN, 3, 2), RngKey.of(0));
    Tensor y = layer.call(uniform(3, -1f, 1f, 1, 3, 2), CallContext.inference());
    assertEquals(Shape.of(1, 2), y.shape());
  }

  @Test
  void unknown_recurrent_activation_is_refused_naming_the_argument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GRU.builder(2).recurrentActivation("hard_tan").build());
    assertTrue(e.getMessage().contains("`recurrent_activation` of GRU") && e.getMessage().contains("hard_tan"),
        e.getMessage());
  }
}
