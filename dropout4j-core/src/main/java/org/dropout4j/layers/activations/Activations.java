package org.dropout4j.layers.activations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.dropout4j.tensor.ActivationOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Tensor;

/**
 * The activations by Keras name: {@code linear}, {@code relu}, {@code sigmoid}, {@code tanh}, {@code softmax},
 * {@code elu} (alpha 1), {@code selu} (alpha 1.6732632, scale 1.0507010, Klambauer et al. 2017),
 * {@code leaky_relu} (negative slope 0.2, Keras 3's default for the function), {@code softplus}, {@code relu6},
 * {@code gelu} (exact, Keras' default), {@code silu} and its alias {@code swish}, {@code softsign}, {@code mish},
 * {@code log_softmax}, {@code exponential}, {@code hard_sigmoid} (Keras 3: {@code relu6(x + 3) / 6}),
 * {@code hard_silu} and its alias {@code hard_swish} ({@code x * hard_sigmoid(x)}); the math is in
 * {@link ActivationOps}.
 *
 * <p>{@value #KERAS2_HARD_SIGMOID} is Keras 2's and TF.js' {@code hard_sigmoid}, {@code clip(0.2 x + 0.5, 0, 1)}:
 * the Keras 2 and TF.js importers read {@code "hard_sigmoid"} in their files as this name, so that a model keeps
 * the formula of the Keras that wrote it (the TF.js export writes it back as {@code "hard_sigmoid"}).
 */
public final class Activations {
  /** SELU's alpha (Klambauer et al. 2017). */
  public static final float SELU_ALPHA = 1.6732632423543772f;
  /** SELU's scale lambda (Klambauer et al. 2017). */
  public static final float SELU_SCALE = 1.0507009873554805f;
  /** The default negative slope of the {@code leaky_relu} activation function in Keras 3. */
  public static final float LEAKY_RELU_SLOPE = 0.2f;

  /** The name of Keras 2's / TF.js' {@code hard_sigmoid} formula {@code clip(0.2 x + 0.5, 0, 1)}. */
  public static final String KERAS2_HARD_SIGMOID = "keras2_hard_sigmoid";

  private static final Map<String, ActivationFunction> BY_NAME = new LinkedHashMap<>();

  static {
    register("linear", x -> x);
    register("relu", Ops::relu);
    register("sigmoid", Ops::sigmoid);
    register("tanh", Ops::tanh);
    register("softmax", Ops::softmax);
    register("elu", x -> Ops.elu(x, 1f, 1f));
    register("selu", x -> Ops.elu(x, SELU_ALPHA, SELU_SCALE));
    register("leaky_relu", x -> Ops.leakyRelu(x, LEAKY_RELU_SLOPE));
    register("softplus", Ops::softplus);
    register("relu6", ActivationOps::relu6);
    register("gelu", x -> ActivationOps.gelu(x, false));
    register("silu", ActivationOps::silu);
    register("swish", ActivationOps::silu);
    register("softsign", ActivationOps::softsign);
    register("mish", ActivationOps::mish);
    register("log_softmax", Ops::logSoftmax);
    register("exponential", ActivationOps::exponential);
    register("hard_sigmoid", ActivationOps::hardSigmoid);
    register("hard_silu", ActivationOps::hardSilu);
    register("hard_swish", ActivationOps::hardSilu);
    register(KERAS2_HARD_SIGMOID, ActivationOps::hardSigmoidKeras2);
  }

  private Activations() {
  }

  private static void register(String name, UnaryOperator<Tensor> f) {
    BY_NAME.put(name, new Named(name, f));
  }

  /**
   * The activation with this Keras name; {@code null} means {@code linear}, as in Keras.
   *
   * @throws IllegalArgumentException for an unknown name; the message lists the known ones
   */
  public static ActivationFunction get(String name) {
    ActivationFunction a = BY_NAME.get(name == null ? "linear" : name);
    if (a == null) {
      throw new IllegalArgumentException("Unknown activation '" + name + "'; known activations: " + names());
    }
    return a;
  }

  /** The known names. */
  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  private static final class Named implements ActivationFunction {
    private final String name;
    private final UnaryOperator<Tensor> f;

    Named(String name, UnaryOperator<Tensor> f) {
      this.name = name;
      this.f = f;
    }

    @Override
    public Tensor apply(Tensor x) {
      return f.apply(x);
    }

    @Override
    public String name() {
      return name;
    }
  }
}
