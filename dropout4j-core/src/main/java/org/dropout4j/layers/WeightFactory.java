package org.dropout4j.layers;

import org.dropout4j.layers.initializers.Initializer;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;

/**
 * Creates a layer's weights with names {@code layer/weight} and independent random keys, so adding a weight to
 * a layer never changes the initial values of the others.
 */
public final class WeightFactory {
  private final String layerName;
  private final boolean trainable;
  private final RngKey key;

  WeightFactory(String layerName, boolean trainable, RngKey key) {
    this.layerName = layerName;
    this.trainable = trainable;
    this.key = key;
  }

  /** A key for building a wrapped layer's weights, independent of this factory's weights and other children. */
  RngKey childKey(String child) {
    return key.fold(0x7772_6170L).fold(child.hashCode());
  }

  /**
   * A new weight.
   *
   * @param name the weight's name within the layer, e.g. {@code kernel}
   * @param shape its shape
   * @param initializer how to fill it
   * @param trainableWeight whether it is trainable (and the layer is)
   */
  public Parameter create(String name, Shape shape, Initializer initializer, boolean trainableWeight) {
    WeightBudget.reserve(layerName + "/" + name, shape);
    RngKey weightKey = key.fold(name.hashCode());
    Parameter p = new Parameter(layerName + "/" + name, initializer.create(shape, weightKey), trainableWeight);
    p.setFrozen(!trainable); // the layer's flag, undone by setTrainable(true)
    return p;
  }
}
