package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dropout4j.layers.constraints.MaxNorm;
import org.dropout4j.layers.constraints.NonNeg;
import org.dropout4j.layers.regularizers.Regularizer;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Conv1D}: outputs against a direct loop over steps, taps and channels for every padding, stride and
 * dilation; gradients against finite differences; shapes, weights, config and argument checks.
 */
class Conv1DTest {
  private static final CallContext TRAINING = CallContext.training(RngKey.of(5), 0);

  /** The direct 1-D convolution: {@code left} zeros before step 0, output length {@code outSteps}. */
  private static float[] reference(float[] x, int n, int steps, int c, float[] k, int size, int f, float[] b,
      int stride, int dilation, int left, int outSteps) {
    float[] y = new float[n * outSteps * f];
    for (int s = 0; s < n; s++) {
      for (int t = 0; t < outSteps; t++) {
        for (int o = 0; o < f; o++) {
          double acc = b[o];
          for (int j = 0; j < size; j++) {
            int i = t * stride + j * dilation - left;
            if (i < 0 || i >= steps) {
              continue;
            }
            for (int ch = 0; ch < c; ch++) {
              acc += x[(s * steps + i) * c + ch] * k[(j * c + ch) * f + o];
            }
          }
          y[(s * outSteps + t) * f + o] = (float) acc;
        }
      }
    }
    return y;
  }

  @ParameterizedTest(name = "padding={0} kernel={1} strides={2} dilation={3}")
  @CsvSource({"valid,3,1,1,5", "valid,3,2,1,3", "valid,2,1,3,4", "same,3,1,1,7", "same,4,2,1,4", "same,3,1,2,7",
      "causal,3,1,1,7", "causal,3,2,1,4", "causal,2,1,3,7"})
  void output_matchesDirectConvolution(String padding, int size, int stride, int dilation, int expectedSteps) {
    int n = 2;
    int steps = 7;
    int c = 3;
    int f = 4;
    Conv1D conv = Conv1D.builder(f, size).padding(padding).strides(stride).dilationRate(dilation).build();
    Tensor x = GradientCheck.uniform(1, -1f, 1f, n, steps, c);
    conv.build(x.shape().withBatch(Shape.UNKNOWN), RngKey.of(3));
    conv.weights().get(1).assign(GradientCheck.uniform(2, -1f, 1f, f));
    Tensor y = conv.call(x, CallContext.inference());
    assertEquals(Shape.of(n, expectedSteps, f), y.shape());
    assertEquals(Shape.of(Shape.UNKNOWN, expectedSteps, f), conv.computeOutputShape(Shape.of(Shape.UNKNOWN, steps,
        c)));
    int eff = (size - 1) * dilation + 1;
    int left = padding.equals("causal") ? eff - 1
        : padding.equals("same") ? Math.max((expectedSteps - 1) * stride + eff - steps, 0) / 2 : 0;
    float[] expected = reference(x.toArray(), n, steps, c, conv.weights().get(0).data(), size, f,
        conv.weights().get(1).data(), stride, dilation, left, expectedSteps);
    assertArrayEquals(expected, y.toArray(), 1e-5f);
  }

  @Test
  void causal_outputDoesNotDependOnLaterSteps() {
    Conv1D conv = Conv1D.builder(2, 3).padding("causal").dilationRate(2).build();
    Tensor x = GradientCheck.uniform(7, -1f, 1f, 1, 8, 2);
    float[] y = conv.call(x, CallContext.inference()).toArray();
    float[] changed = x.toArray();
    changed[changed.length - 1] += 5f; // last step, last channel
    float[] y2 = conv.call(Tensor.of(x.shape(), changed), CallContext.inference()).toArray();
    assertArrayEquals(java.util.Arrays.copyOf(y, 14), java.util.Arrays.copyOf(y2, 14), "steps 0..6 unchanged");
    assertTrue(y[15] != y2[15], "step 7 changes");
  }

  @Test
  void gradient_matchesFiniteDifferences_forEachPadding() {
    for (String padding : new String[] {"valid", "same", "causal"}) {
      Conv1D conv = Conv1D.builder(3, 3).padding(padding).dilationRate(2).activation("tanh").build();
      Tensor x = Tensor.variable(Shape.of(2, 6, 2), GradientCheck.uniform(8, -1f, 1f, 2, 6, 2).toArray());
      conv.call(x, TRAINING);
      List<GradientCheck.Leaf> leaves = new ArrayList<>();
      leaves.add(GradientCheck.leaf("x", x));
      for (Parameter p : conv.weights()) {
        leaves.add(GradientCheck.leaf(p));
      }
      GradientCheck.check("Conv1D " + padding, GradientCheck.H, () -> conv.call(x, TRAINING), leaves);
    }
  }

  @Test
  void weights_haveKerasShapes() {
    Conv1D conv = new Conv1D(4, 3);
    conv.build(Shape.of(Shape.UNKNOWN, 10, 2), RngKey.of(0));
    assertEquals(Shape.of(3, 2, 4), conv.weights().get(0).shape());
    assertEquals(Shape.of(4), conv.weights().get(1).shape());
    assertEquals(28, conv.countParams());
  }

  @Test
  void config_hasKerasKeysInKerasOrder() {
    assertEquals(List.of("name", "trainable", "dtype", "filters", "kernel_size", "strides", "padding", "data_format",
        "dilation_rate", "groups", "activation", "use_bias", "kernel_initializer", "bias_initializer",
        "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint"),
        new ArrayList<>(new Conv1D(2, 3).getConfig().keySet()));
    assertEquals(List.of(3), new Conv1D(2, 3).getConfig().get("kernel_size"));
  }

  @Test
  void kernel_and_bias_regularizers_add_their_penalties_as_keras_l1_and_l2() {
    Conv1D conv = Conv1D.builder(2, 3).kernelRegularizer(Regularizer.l2(0.5f)).biasRegularizer(Regularizer.l1(0.25f))
        .biasInitializer("ones").build();
    conv.build(Shape.of(Shape.UNKNOWN, 6, 2), RngKey.of(3));
    double squares = 0;
    for (float v : conv.weights().get(0).data()) {
      squares += v * v;
    }
    List<Tensor> losses = conv.regularizationLosses(TRAINING);
    assertEquals(2, losses.size());
    assertEquals(0.5 * squares, losses.get(0).item(), 1e-6 * Math.max(1, squares));
    assertEquals(0.25 * 2, losses.get(1).item(), 1e-6); // l1 * sum |bias|, bias initialised to ones
  }

  @Test
  void kernel_constraint_is_applied_to_the_kernel_and_nonneg_to_the_bias() {
    Conv1D conv = Conv1D.builder(2, 3).kernelConstraint(new MaxNorm(0.1f)).biasConstraint(new NonNeg())
        .biasInitializer("ones").build();
    conv.build(Shape.of(Shape.UNKNOWN, 6, 2), RngKey.of(3));
    conv.weights().get(1).data()[0] = -1f;
    conv.applyConstraints();
    float[] k = conv.weights().get(0).data(); // (taps 3, channels 2, filters 2): MaxNorm's norm is over axis 0
    for (int slice = 0; slice < 4; slice++) {
      double norm = 0;
      for (int j = 0; j < 3; j++) {
        norm += k[j * 4 + slice] * k[j * 4 + slice];
      }
      assertEquals(0.1, Math.sqrt(norm), 1e-6, "(channel, filter) slice " + slice); // glorot weights exceed 0.1
    }
    assertEquals(0f, conv.weights().get(1).data()[0]);
  }

  @Test
  void regularizers_and_constraints_round_trip_through_the_config() {
    Conv1D conv = Conv1D.builder(2, 3).kernelRegularizer(Regularizer.l2(0.5f)).kernelConstraint(new MaxNorm(2f))
        .build();
    Conv1D back = Conv1D.DESCRIPTOR.fromConfig(conv.getConfig());
    assertEquals(conv.getConfig(), back.getConfig());
    assertTrue(String.valueOf(conv.getConfig().get("kernel_regularizer")).contains("L2"),
        String.valueOf(conv.getConfig().get("kernel_regularizer")));
  }

  @Test
  void activity_regularizer_adds_the_output_penalty_over_the_batch_and_round_trips() {
    java.util.Map<String, Object> c = new Conv1D(2, 3).getConfig();
    c.put("activity_regularizer", java.util.Map.of("class_name", "L2", "config", java.util.Map.of("l2", 0.5)));
    Conv1D conv = Conv1D.DESCRIPTOR.fromConfig(c);
    float[] v = new float[2 * 6 * 2];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.cos(i);
    }
    CallContext context = TRAINING.collectingLosses();
    Tensor y = conv.call(Tensor.of(Shape.of(2, 6, 2), v), context);
    double squares = 0;
    for (float f : y.toArray()) {
      squares += (double) f * f;
    }
    assertEquals(1, context.losses().size());
    assertEquals(0.5 * squares / 2, context.losses().get(0).item(), 1e-6 * Math.max(1, squares));
    java.util.List<String> keys = new java.util.ArrayList<>(conv.getConfig().keySet());
    assertEquals("activity_regularizer", keys.get(3), "Keras 3: a set one stays after the base keys " + keys);
    assertEquals(conv.getConfig(), Conv1D.DESCRIPTOR.fromConfig(conv.getConfig()).getConfig());
  }

  @Test
  void unknownPadding_throwsEchoingTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Conv1D.builder(2, 3).padding("full").build());
    assertTrue(e.getMessage().contains("padding=full"), e.getMessage());
  }

  @Test
  void stridesWithDilation_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Conv1D.builder(2, 3).strides(2).dilationRate(2).build());
    assertTrue(e.getMessage().contains("dilation_rate=2"), e.getMessage());
  }

  @Test
  void rank4Input_throwsNamingTheShape() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Conv1D(2, 3).build(Shape.of(Shape.UNKNOWN, 4, 4, 1), RngKey.of(0)));
    assertTrue(e.getMessage().contains("expected ndim=3"), e.getMessage());
  }

  @Test
  void inputShorterThanKernel_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Conv1D(2, 5).build(Shape.of(Shape.UNKNOWN, 4, 1), RngKey.of(0)));
    assertTrue(e.getMessage().contains("too small"), e.getMessage());
  }

  @Test
  void channels_first_computes_the_transposed_channels_last_result_and_its_gradient() {
    Conv1D last = Conv1D.builder(3, 2).padding("same").activation("tanh").build();
    Conv1D first = Conv1D.builder(3, 2).padding("same").activation("tanh").dataFormat("channels_first").build();
    Tensor xl = GradientCheck.uniform(4, -1f, 1f, 2, 5, 4);
    Tensor xf = org.dropout4j.tensor.ConvOps.channelsFirst(xl);
    last.build(xl.shape(), RngKey.of(3));
    first.build(xf.shape(), RngKey.of(3));
    assertEquals(Shape.of(Shape.UNKNOWN, 3, 5), first.computeOutputShape(Shape.of(Shape.UNKNOWN, 4, 5)));
    assertArrayEquals(last.weights().get(0).data(), first.weights().get(0).data());
    Tensor yl = last.call(xl, CallContext.inference());
    Tensor yf = first.call(xf, CallContext.inference());
    assertArrayEquals(org.dropout4j.tensor.ConvOps.channelsFirst(yl).toArray(), yf.toArray(), 1e-6f);
    assertEquals("channels_first", first.getConfig().get("data_format"));
    GradientCheck.check("Conv1D channels_first", in -> first.call(in[0], CallContext.inference()), xf);
  }
}
