package org.dropout4j.layers.activations;

import org.dropout4j.tensor.Tensor;

/** An elementwise (or last-axis, for softmax) activation function with its Keras name. */
public interface ActivationFunction {
  /** Applies the activation; differentiable through the tensor core. */
  Tensor apply(Tensor x);

  /** The Keras name, e.g. {@code relu}. */
  String name();
}
