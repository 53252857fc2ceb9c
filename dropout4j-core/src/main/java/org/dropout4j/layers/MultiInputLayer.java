package org.dropout4j.layers;

import java.util.List;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The base of layers whose contract is on a list of inputs (merging layers, attention): a subclass implements
 * {@link #validateInputs}, {@link #computeOutputShape(List)} and {@link #call(List, CallContext)}, and a call on one
 * tensor is a call on the list of that tensor (shape checks, output shape, weights and the computation alike).
 */
public abstract class MultiInputLayer extends Layer {
  /**
   * @param name the layer's name, or {@code null} to let the containing model assign one
   * @param trainable whether its weights are trained
   * @param descriptor the layer type's descriptor, which gives its Keras class name
   */
  protected MultiInputLayer(String name, boolean trainable, LayerDescriptor<?> descriptor) {
    super(name, trainable, descriptor);
  }

  @Override
  protected abstract void validateInputs(List<Shape> inputShapes);

  @Override
  public abstract Shape computeOutputShape(List<Shape> inputShapes);

  @Override
  public abstract Tensor call(List<Tensor> inputs, CallContext context);

  @Override
  protected final void validateInput(Shape inputShape) {
    validateInputs(List.of(inputShape));
  }

  @Override
  public final Shape computeOutputShape(Shape inputShape) {
    return computeOutputShape(List.of(inputShape));
  }

  @Override
  protected final List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    return createWeights(List.of(inputShape), factory);
  }

  /** The weights for a call on these inputs. Default: none. */
  @Override
  protected List<Parameter> createWeights(List<Shape> inputShapes, WeightFactory factory) {
    return List.of();
  }

  @Override
  protected final Tensor forward(Tensor input, CallContext context) {
    return call(List.of(input), context);
  }
}
