package org.dropout4j.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.internal.Names;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Bidirectional;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.Layer;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code Sequential} model: a stack of layers, each feeding the next. Training, evaluation and prediction
 * ({@code compile}, {@code fit}, {@code evaluate}, {@code predict}) and the seed, weights and training counters come
 * from {@link Model}; this class only holds the stack, builds it and runs it ({@link #call(Tensor, CallContext)}),
 * and renders {@link #summary()}.
 *
 * <p>Randomness: one seed ({@link #setRandomSeed(long)}, otherwise drawn once and readable with {@link #seed()})
 * determines the initial weights, every epoch's shuffle and every dropout mask; the same seed reproduces a run
 * bit for bit. Streams are split per purpose, epoch, step and layer, so they do not depend on thread count.
 *
 * <pre>{@code
 * Sequential model = new Sequential(Input.shape(2), new Dense(500, "relu"), new Dropout(0.4f),
 *     new Dense(1, "sigmoid"));
 * model.compile("adam", "binary_crossentropy", "accuracy");
 * History h = model.fit(x, y, FitOptions.builder().epochs(4000).validationData(xTest, yTest).verbose(0).build());
 * }</pre>
 */
public final class Sequential extends Model {
  private final List<Layer> layers = new ArrayList<>();
  private final Map<String, Integer> nameCounts = new HashMap<>();
  private Shape inputShape;
  private Input input;
  private boolean built;
  private LayerChain chain;

  /** An empty model named {@code sequential}. */
  public Sequential() {
    this("sequential");
  }

  /** An empty model with a name. */
  public Sequential(String name) {
    super(name);
  }

  /** A model of these layers; an {@link Input} first declares the input shape. */
  public Sequential(Layer... layers) {
    this();
    for (Layer l : layers) {
      add(l);
    }
  }

  /**
   * Adds a layer on top. An {@link Input} may only come first; it declares the input shape.
   *
   * @return this model
   * @throws IllegalStateException if the model is already built
   */
  public Sequential add(Layer layer) {
    if (built) {
      throw new IllegalStateException("cannot add layer " + layer.className() + " to model \"" + name()
          + "\": it is already built; add all layers before fit/predict/summary");
    }
    if (layer instanceof Input) {
      if (!layers.isEmpty() || inputShape != null) {
        throw new IllegalArgumentException("an Input can only be the first layer of a Sequential model");
      }
      input = (Input) layer;
      inputShape = input.batchShape();
      return this;
    }
    if (layer instanceof Bidirectional b && b.mergeMode() == null) {
      throw new IllegalArgumentException("cannot add layer " + (layer.name() == null ? "" : "\"" + layer.name()
          + "\" ") + "(Bidirectional) with merge_mode=None to Sequential model \"" + name() + "\": it gives two "
          + "outputs (forward, backward); call it in a functional model, or merge the directions (concat, sum, mul, "
          + "ave)");
    }
    if (layer.name() == null) {
      layer.assignName(uniqueName(Names.snakeCase(layer.className())));
    } else {
      for (Layer l : layers) {
        if (l.name().equals(layer.name())) {
          throw new IllegalArgumentException("model \"" + name() + "\" already has a layer named \"" + layer.name()
              + "\"; layer names must be unique");
        }
      }
      nameCounts.merge(layer.name(), 1, Integer::sum);
    }
    layers.add(layer);
    return this;
  }

  private String uniqueName(String base) {
    while (true) {
      int n = nameCounts.merge(base, 1, Integer::sum) - 1;
      String candidate = n == 0 ? base : base + "_" + n;
      boolean taken = false;
      for (Layer l : layers) {
        if (candidate.equals(l.name())) {
          taken = true;
        }
      }
      if (!taken) {
        return candidate;
      }
    }
  }

  /** The {@link Input} the model was started with, or {@code null} if none was added. */
  public Input input() {
    return input;
  }

  /**
   * The model's batch input shape: the declared {@link Input}'s, or after building the shape it was built for
   * (batch dimension unknown); {@code null} if neither is known yet.
   */
  public Shape inputShape() {
    return inputShape;
  }

  /** The layers (without the Input), in order. */
  @Override
  public List<Layer> layers() {
    return Collections.unmodifiableList(layers);
  }

  /**
   * Sets the seed that determines initial weights, shuffles and dropout masks.
   *
   * @return this model
   * @throws IllegalStateException if the model is already built (the weights would not follow the seed)
   */
  @Override
  public Sequential setRandomSeed(long value) {
    super.setRandomSeed(value);
    return this;
  }

  /**
   * Builds every layer for inputs of {@code batchInputShape} (the batch dimension may be unknown).
   *
   * @throws IllegalArgumentException if a layer cannot take the shape produced by the previous one
   */
  public void build(Shape batchInputShape) {
    if (built) {
      if (!inputShape.compatibleWith(batchInputShape)) {
        throw new IllegalArgumentException("model \"" + name() + "\" was built for inputs of shape " + inputShape
            + ", received shape " + batchInputShape);
      }
      return;
    }
    if (layers.isEmpty()) {
      throw new IllegalStateException("model \"" + name() + "\" has no layers; add layers before building it");
    }
    if (inputShape != null && !inputShape.compatibleWith(batchInputShape)) {
      throw new IllegalArgumentException("Input of model \"" + name() + "\" is incompatible: expected shape "
          + inputShape + ", received input with shape " + batchInputShape);
    }
    Shape shape = batchInputShape.withBatch(Shape.UNKNOWN);
    RngKey init = root().fold(STREAM_INIT);
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      layer.build(shape, init.fold(i));
      shape = layer.computeOutputShape(shape);
    }
    inputShape = batchInputShape.withBatch(Shape.UNKNOWN);
    built = true;
  }

  private void ensureBuilt(Shape dataShape) {
    if (!built) {
      if (inputShape == null && dataShape == null) {
        throw new IllegalStateException("model \"" + name() + "\" has no input shape yet: start it with "
            + "Input.shape(...) or call fit/predict/build first");
      }
      build(dataShape != null ? dataShape : inputShape);
    } else if (dataShape != null && !inputShape.compatibleWith(dataShape)) {
      throw new IllegalArgumentException("Input of layer \"" + layers.get(0).name() + "\" (" + layers.get(0).className()
          + ") is incompatible with the model: expected shape " + inputShape + ", received input with shape "
          + dataShape);
    }
  }

  /** Whether the model has been built. */
  @Override
  public boolean built() {
    return built;
  }

  /** The output shape for the model's input shape. */
  public Shape outputShape() {
    ensureBuilt(null);
    Shape s = inputShape;
    for (Layer l : layers) {
      s = l.computeOutputShape(s);
    }
    return s;
  }

  // ------------------------------------------------------------------ forward

  /**
   * Runs the model in a given context: the building block of fit/evaluate/predict, and the way to force training
   * behaviour for one call, e.g. {@code call(x, CallContext.inference().withTraining(true))}.
   */
  public Tensor call(Tensor x, CallContext context) {
    ensureBuilt(x.shape());
    if (chain == null) {
      chain = LayerChain.of(layers, plan().fusesLayerPairs());
    }
    return chain.call(x, context);
  }

  /**
   * Runs layers {@code from} to {@code to - 1} of the built model on {@code x}, the output of layer {@code from - 1}
   * (or the model's input), each layer under {@code context.forLayer(i)} as in {@link #call(Tensor, CallContext)}.
   */
  Tensor callLayers(Tensor x, CallContext context, int from, int to) {
    if (chain == null) {
      chain = LayerChain.of(layers, plan().fusesLayerPairs());
    }
    return chain.call(x, context, from, to);
  }

  @Override
  void planChanged() {
    chain = null;
  }

  /**
   * {@link #call(Tensor, CallContext)} of the model's single input.
   *
   * @throws IllegalArgumentException unless {@code inputs} holds exactly one tensor
   */
  @Override
  public List<Tensor> call(List<Tensor> inputs, CallContext context) {
    if (inputs.size() != 1) {
      throw new IllegalArgumentException("model \"" + name() + "\" (Sequential) takes 1 input, received "
          + inputs.size());
    }
    return List.of(call(inputs.get(0), context));
  }

  @Override
  protected void buildFor(List<Shape> inputShapes) {
    if (inputShapes.size() != 1) {
      throw new IllegalArgumentException("model \"" + name() + "\" (Sequential) takes 1 input, received "
          + inputShapes.size());
    }
    ensureBuilt(inputShapes.get(0));
  }

  @Override
  long widestActivation(List<Shape> inputShapes, List<Shape> outputShapes) {
    Shape rowShape = inputShapes.get(0).withBatch(Shape.UNKNOWN);
    long widest = 1;
    for (Layer l : layers) {
      rowShape = l.computeOutputShape(rowShape);
      widest = Math.max(widest, rowShape.dropFirst().size());
    }
    outputShapes.add(rowShape);
    return widest;
  }

  @Override
  protected int outputCount() {
    return 1;
  }

  @Override
  protected String outputName(int index) {
    return layers.get(layers.size() - 1).name();
  }

  /** The Keras-style summary table (layer, output shape, parameter count, totals). */
  public String summary() {
    ensureBuilt(null);
    return SummaryTable.render(this, inputShape);
  }
}
