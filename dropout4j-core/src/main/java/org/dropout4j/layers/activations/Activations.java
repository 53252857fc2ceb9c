package org.dropout4j.layers.activations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Tensor;

/**
 * The activations by Keras name: {@code linear}, {@code relu}, {@code sigmoid}, {@code tanh}, {@code softmax},
 * {@code elu} (alpha 1), {@code selu} (alpha 1.6732632, scale 1.0507010, Klambauer et al. 2017),
 * {@code leaky_relu} (negative slope 0.2, Keras 3's default for the function) and {@code softplus}.
 */
public final class Activations {
  /** SELU's alpha (Klambauer et al. 2017). */
  public static final float SELU_ALPHA = 1.6732632423543772f;
  /** SELU's scale lambda (Klambauer et al. 2017). */
  public static final float SELU_SCALE = 1.0507009873554805f;
  /** The default negative slope of the {@code leaky_relu} activation function in Keras 3. */
  public static final float LEAKY_RELU_SLOPE = 0.2f;

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
