package org.dropout4j.layers.activations;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.dropout4j.internal.Guards;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.LayerDescriptor;
import org.dropout4j.tensor.Tensor;

/**
 * The shared part of the weightless activation layers with float arguments ({@link ELU}, {@link LeakyReLU},
 * {@link ReLU}, {@link ThresholdedReLU}): a function applied to each element (so a mask passes unchanged, as in
 * Keras) and the arguments written to the config in Keras' order. A subclass checks its arguments, then passes the
 * function and the config entries.
 */
abstract class ElementwiseActivation extends Layer {
  private final UnaryOperator<Tensor> function;
  private final Map<String, Object> arguments;

  /**
   * @param descriptor the subclass's {@code DESCRIPTOR}, which gives its Keras class name
   * @param function the activation, elementwise
   * @param arguments the config keys after the base keys, in Keras' order, as {@link #addConfig} writes them
   */
  ElementwiseActivation(String name, LayerDescriptor<?> descriptor, UnaryOperator<Tensor> function,
      Map<String, Object> arguments) {
    super(name, true, descriptor);
    supportMasking(); // Keras: elementwise, so a mask passes unchanged
    this.function = function;
    this.arguments = new LinkedHashMap<>(arguments);
  }

  /**
   * {@code value}, checked to be a finite float.
   *
   * @throws IllegalArgumentException naming the layer, the argument and the value otherwise
   */
  static float finite(float value, String owner, String argument) {
    Guards.argument(Float.isFinite(value), owner, argument, "a finite float", value);
    return value;
  }

  /**
   * {@code value}, checked to be a finite float {@code >= 0}.
   *
   * @throws IllegalArgumentException naming the layer, the argument and the value otherwise
   */
  static float nonNegative(float value, String owner, String argument) {
    Guards.argument(value >= 0f && Float.isFinite(value), owner, argument, "a non-negative float", value);
    return value;
  }

  @Override
  protected final Tensor forward(Tensor input, CallContext context) {
    return function.apply(input);
  }

  @Override
  protected final void addConfig(Map<String, Object> config) {
    config.putAll(arguments);
  }
}
