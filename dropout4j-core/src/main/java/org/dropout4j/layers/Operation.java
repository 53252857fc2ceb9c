package org.dropout4j.layers;

/**
 * Something a functional model can call on symbolic tensors: a {@link Layer}, or a model used as a layer (Keras'
 * {@code Operation}, the base of its layers and models). A call records a {@link Node}; the model that owns the
 * graph runs the operation for real.
 */
public interface Operation {
  /** The operation's name; {@code null} until a model assigns one to an unnamed layer. */
  String name();

  /** The Keras class name used in configs, e.g. {@code Dense} or {@code Functional}. */
  String className();
}
