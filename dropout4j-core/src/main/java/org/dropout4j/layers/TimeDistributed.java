package org.dropout4j.layers;

import java.util.List;
import java.util.Map;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code TimeDistributed} wrapper: applies one layer to every time step of a {@code (batch, timesteps, ...)}
 * input, with the same weights; computed as the layer on {@code (batch * timesteps, ...)} then reshaped back.
 * The weights are named {@code <wrapper>/<weight>} as in Keras 2 and TF.js files.
 *
 * <pre>{@code
 * new Sequential(Input.shape(10, 8), LSTM.builder(16).returnSequences(true).build(),
 *     new TimeDistributed(new Dense(3, "softmax")));
 * }</pre>
 */
public final class TimeDistributed extends Layer {
  /** Keras' {@code TimeDistributed} config: {@code layer} (any registered layer) and the base keys. */
  public static final LayerDescriptor<TimeDistributed> DESCRIPTOR = LayerDescriptor.of("TimeDistributed",
      TimeDistributed.class, r -> {
        String name = r.weightlessName("TimeDistributed");
        return new TimeDistributed(ConfigObjects.anyLayer(r, "layer"), name);
      });

  private final Layer layer;

  /** Wraps {@code layer} (a new, unbuilt layer), named by the model. */
  public TimeDistributed(Layer layer) {
    this(layer, null);
  }

  /**
   * @param layer the layer applied at every step; not built yet, not an Input
   * @param name the wrapper's name or {@code null}
   * @throws IllegalArgumentException if the layer is null, an Input or already built
   */
  public TimeDistributed(Layer layer, String name) {
    super(name, layer == null || layer.trainable(), DESCRIPTOR);
    supportMasking(); // Keras: the time steps keep their mask
    inputSpec(InputSpec.minNdim(3, "(batch, timesteps, ...)"));
    if (layer == null || layer instanceof Input || layer.built()) {
      throw new IllegalArgumentException("Invalid value for argument `layer` of TimeDistributed: expected a new, "
          + "unbuilt layer, received " + (layer == null ? "null" : layer.className()
          + (layer.built() ? " (already built)" : "")));
    }
    this.layer = layer;
  }

  /** The wrapped layer. */
  public Layer layer() {
    return layer;
  }

  private static Shape stepShape(Shape inputShape) {
    int[] d = inputShape.toArray();
    int[] s = new int[d.length - 1];
    s[0] = Shape.UNKNOWN;
    System.arraycopy(d, 2, s, 1, d.length - 2);
    return Shape.of(s);
  }

  @Override
  public List<Layer> sublayers() {
    return List.of(layer);
  }

  @Override
  protected List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    if (layer.name() == null) {
      layer.assignName(name() + "_layer");
    }
    layer.build(stepShape(inputShape), factory.childKey("layer"), name());
    return layer.weights();
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    int[] d = input.shape().toArray();
    int[] merged = new int[d.length - 1];
    merged[0] = d[0] * d[1];
    System.arraycopy(d, 2, merged, 1, d.length - 2);
    Tensor y = layer.call(Ops.reshape(input, merged), context);
    int[] out = new int[y.rank() + 1];
    out[0] = d[0];
    out[1] = d[1];
    System.arraycopy(y.shape().toArray(), 1, out, 2, y.rank() - 1);
    return Ops.reshape(y, out);
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    int[] inner = layer.computeOutputShape(stepShape(inputShape)).toArray();
    int[] out = new int[inner.length + 1];
    out[0] = inputShape.dim(0);
    out[1] = inputShape.dim(1);
    System.arraycopy(inner, 1, out, 2, inner.length - 1);
    return Shape.of(out);
  }

  @Override
  public List<Tensor> regularizationLosses(CallContext context) {
    return layer.regularizationLosses(context);
  }

  @Override
  public void applyConstraints() {
    layer.applyConstraints();
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("layer", Configs.envelope(layer));
  }
}
