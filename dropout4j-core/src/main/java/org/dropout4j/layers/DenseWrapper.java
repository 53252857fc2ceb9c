package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The shared part of layers that wrap a {@link Dense} (Keras' {@code Wrapper}): the inner layer is built with the
 * wrapper, its weights come first in the wrapper's weights (named {@code <wrapper>/<inner>/kernel} unless the inner
 * layer has its own name), its regularizers and constraints stay in force, and the config nests it under
 * {@code layer}. Public so that code outside the package (export to other formats) can treat every Dense wrapper
 * alike through {@link #layer()}; it cannot be extended outside this package.
 */
public abstract class DenseWrapper extends Layer {
  /** The wrapped layer. */
  final Dense inner;

  DenseWrapper(String name, Dense inner, LayerDescriptor<?> descriptor) {
    super(name, Objects.requireNonNull(inner, "layer").trainable(), descriptor);
    if (inner.built()) {
      throw new IllegalArgumentException("Invalid value for argument `layer`: expected a Dense layer that is not "
          + "built yet (the wrapper builds it), received " + inner.name() + " built for " + inner.inputShape());
    }
    this.inner = inner;
  }

  /** The base keys of a wrapper's config and the Dense it wraps ({@code layer}). */
  record Wrapped(String name, Dense inner) {
  }

  /**
   * Reads the base keys and {@code layer}, the wrapped Dense. A wrapper is trainable exactly when its Dense is; a
   * config saying otherwise is refused, not reinterpreted.
   */
  static Wrapped readWrapped(ConfigReader r) {
    r.layerBase();
    String name = r.string("name", null);
    Dense inner = ConfigObjects.nestedLayer(r, "layer", Dense.DESCRIPTOR);
    boolean trainable = r.bool("trainable", inner.trainable());
    if (trainable != inner.trainable()) {
      throw r.invalid("trainable", inner.trainable() + " (as the wrapped layer's `trainable`)", trainable);
    }
    return new Wrapped(name, inner);
  }

  @Override
  public final List<Layer> sublayers() {
    return List.of(inner);
  }

  /** The wrapped Dense layer. */
  public final Dense layer() {
    return inner;
  }

  @Override
  protected final void validateInput(Shape inputShape) {
    inner.validateInput(inputShape);
  }

  @Override
  protected final List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    if (inner.name() == null) {
      inner.assignName(name() == null ? "dense" : name() + "/dense");
    }
    inner.build(inputShape, factory.childKey("layer"));
    List<Parameter> all = new ArrayList<>(inner.weights());
    all.addAll(extraWeights(inputShape, factory));
    return all;
  }

  /** The wrapper's own weights, after the inner layer's. */
  abstract List<Parameter> extraWeights(Shape inputShape, WeightFactory factory);

  /** The inner kernel, as the context reads it. */
  final Tensor kernel(CallContext context) {
    return context.read(inner.weights().get(0));
  }

  /** The inner bias as the context reads it, or {@code null}. */
  final Tensor bias(CallContext context) {
    return inner.useBias() ? context.read(inner.weights().get(1)) : null;
  }

  @Override
  public final Shape computeOutputShape(Shape inputShape) {
    return inner.computeOutputShape(inputShape);
  }

  @Override
  public List<Tensor> regularizationLosses(CallContext context) {
    return inner.regularizationLosses(context);
  }

  @Override
  public final void applyConstraints() {
    inner.applyConstraints();
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("layer", Configs.envelope(inner));
  }
}
