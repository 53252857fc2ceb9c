package org.dropout4j.layers;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.activations.ActivationFunction;
import org.dropout4j.layers.activations.Activations;
import org.dropout4j.layers.constraints.Constraint;
import org.dropout4j.layers.initializers.Initializer;
import org.dropout4j.layers.initializers.Initializers;
import org.dropout4j.layers.regularizers.Regularizer;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code Dense}: {@code output = activation(input · kernel + bias)} on the last axis, with a kernel of shape
 * {@code (input_dim, units)}.
 *
 * <p>Defaults as in Keras: no activation ({@code linear}), {@code use_bias=true}, kernel
 * {@code glorot_uniform}, bias {@code zeros}, no regularizers or constraints.
 *
 * <p>{@code activity_regularizer} (Keras' option of every layer) adds {@code penalty(output)} to the loss of each
 * batch, as Keras 3 does ({@code keras/src/layers/layer.py}: {@code self.add_loss(self.activity_regularizer(output))}
 * — a sum over the whole batch, <em>not</em> divided by the batch size as tf.keras 2 did); like Keras it counts in
 * {@code fit}'s and {@code evaluate}'s loss, and its config key follows the base keys only when set.
 *
 * <pre>{@code
 * new Dense(500, "relu");
 * Dense.builder(500).activation("relu").kernelConstraint(new MaxNorm(3)).build();
 * }</pre>
 */
public final class Dense extends Layer {
  /** Keras' {@code Dense} config; LoRA and quantization are refused. */
  public static final LayerDescriptor<Dense> DESCRIPTOR = LayerDescriptor.of("Dense", Dense.class, r -> {
    Builder b = builder(r.requiredInt("units"));
    r.layerBase();
    b.name(r.string("name", null)).trainable(r.bool("trainable", true));
    b.activation(ConfigObjects.activation(r, "activation"));
    b.useBias(r.bool("use_bias", true));
    b.kernelInitializer(ConfigObjects.initializer(r, "kernel_initializer", Configs.GLOROT_UNIFORM));
    b.biasInitializer(ConfigObjects.initializer(r, "bias_initializer", Configs.ZEROS));
    b.kernelRegularizer(ConfigObjects.regularizer(r, "kernel_regularizer"));
    b.biasRegularizer(ConfigObjects.regularizer(r, "bias_regularizer"));
    b.kernelConstraint(ConfigObjects.constraint(r, "kernel_constraint"));
    b.biasConstraint(ConfigObjects.constraint(r, "bias_constraint"));
    b.activityRegularizer(ConfigObjects.regularizer(r, "activity_regularizer"));
    r.requireNull("lora_rank", "LoRA is not supported");
    r.requireNull("lora_alpha", "LoRA is not supported");
    r.requireNull("quantization_config", "quantization is not supported");
    return b.build();
  });

  private final int units;
  private final ActivationFunction activation;
  private final boolean useBias;
  private final Initializer kernelInitializer;
  private final Initializer biasInitializer;
  private final Regularizer kernelRegularizer;
  private final Regularizer biasRegularizer;
  private final Constraint kernelConstraint;
  private final Constraint biasConstraint;
  private final Regularizer activityRegularizer;
  private final Ops.FusedActivation fused;

  /** {@code Dense(units)} with no activation. */
  public Dense(int units) {
    this(builder(units));
  }

  /** {@code Dense(units, activation=...)}; see {@link Activations} for the names. */
  public Dense(int units, String activation) {
    this(builder(units).activation(activation));
  }

  private Dense(Builder b) {
    super(b.name, b.trainable);
    if (b.units <= 0) {
      throw new IllegalArgumentException("Invalid value for argument `units` of Dense: expected a positive integer, "
          + "received units=" + b.units);
    }
    this.units = b.units;
    this.activation = Activations.get(b.activation);
    this.useBias = b.useBias;
    this.kernelInitializer = Initializers.get(b.kernelInitializer);
    this.biasInitializer = Initializers.get(b.biasInitializer);
    this.kernelRegularizer = b.kernelRegularizer;
    this.biasRegularizer = b.biasRegularizer;
    this.kernelConstraint = b.kernelConstraint;
    this.biasConstraint = b.biasConstraint;
    this.activityRegularizer = b.activityRegularizer;
    this.fused = Ops.FusedActivation.forName(activation.name());
  }

  /** A builder for the full option set. */
  public static Builder builder(int units) {
    return new Builder(units);
  }

  /** Number of output units. */
  public int units() {
    return units;
  }

  @Override
  public String className() {
    return "Dense";
  }

  @Override
  protected void validateInput(Shape inputShape) {
    if (inputShape.rank() < 2 || inputShape.dim(-1) <= 0) {
      throw new IllegalArgumentException("Input of layer \"" + name() + "\" (Dense) is incompatible with the layer: "
          + "expected an input of rank >= 2 with a known last axis, received input with shape " + inputShape);
    }
  }

  @Override
  protected List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    List<Parameter> w = new ArrayList<>();
    w.add(factory.create("kernel", Shape.of(inputShape.dim(-1), units), kernelInitializer, true));
    if (useBias) {
      w.add(factory.create("bias", Shape.of(units), biasInitializer, true));
    }
    return w;
  }

  /** Keras: each step of a sequence is transformed on its own, so a mask passes unchanged. */
  @Override
  protected boolean supportsMasking() {
    return true;
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    return run(input, context.read(weights().get(0)), useBias ? context.read(weights().get(1)) : null, context);
  }

  /**
   * {@code activation(input · kernel + bias)} with given (e.g. masked) weights, adding the activity penalty to the
   * context: the layer's computation, shared with the wrappers in this package.
   */
  Tensor run(Tensor input, Tensor kernel, Tensor bias, CallContext context) {
    Tensor y = apply(input, kernel, bias);
    if (activityRegularizer != null) {
      context.addLoss(activityRegularizer.penalty(y));
    }
    return y;
  }

  private Tensor apply(Tensor input, Tensor kernel, Tensor bias) {
    Tensor x = input;
    int[] dims = input.shape().toArray();
    if (dims.length != 2) {
      x = Ops.reshape(input, -1, dims[dims.length - 1]);
    }
    Tensor y;
    if (fused != null) {
      y = Ops.dense(x, kernel, bias, fused);
    } else {
      y = Ops.matmul(x, kernel);
      if (bias != null) {
        y = Ops.add(y, bias);
      }
      y = activation.apply(y);
    }
    if (dims.length != 2) {
      dims[dims.length - 1] = units;
      y = Ops.reshape(y, dims);
    }
    return y;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    int[] d = inputShape.toArray();
    d[d.length - 1] = units;
    return Shape.of(d);
  }

  @Override
  public List<Tensor> regularizationLosses(CallContext context) {
    List<Tensor> losses = new ArrayList<>();
    if (kernelRegularizer != null) {
      losses.add(kernelRegularizer.penalty(context.read(weights().get(0))));
    }
    if (biasRegularizer != null && useBias) {
      losses.add(biasRegularizer.penalty(context.read(weights().get(1))));
    }
    return losses;
  }

  @Override
  public void applyConstraints() {
    if (kernelConstraint != null) {
      Parameter k = weights().get(0);
      kernelConstraint.apply(k.data(), k.shape());
    }
    if (biasConstraint != null && useBias) {
      Parameter b = weights().get(1);
      biasConstraint.apply(b.data(), b.shape());
    }
  }

  /** Whether the layer adds a bias. */
  public boolean useBias() {
    return useBias;
  }

  /**
   * The activation as a fused kernel activation, or {@code null} if it has none (softmax, elu, ...): fused paths
   * compute {@code activation(x · kernel + bias)} in one pass only for these. For the execution planner only.
   */
  Ops.FusedActivation fusedActivation() {
    return fused;
  }

  /** Whether the layer adds a penalty to the loss: a kernel, bias or activity regularizer. For the planner only. */
  boolean hasPenalties() {
    return kernelRegularizer != null || (biasRegularizer != null && useBias) || activityRegularizer != null;
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    if (activityRegularizer != null) { // a base key in Keras 3, present only when set
      config.put("activity_regularizer", Configs.envelope(activityRegularizer.className(),
          activityRegularizer.getConfig()));
    }
    config.put("units", units);
    config.put("activation", activation.name());
    config.put("use_bias", useBias);
    config.put("kernel_initializer", Configs.envelope(kernelInitializer.className(), kernelInitializer.getConfig()));
    config.put("bias_initializer", Configs.envelope(biasInitializer.className(), biasInitializer.getConfig()));
    config.put("kernel_regularizer", kernelRegularizer == null ? null
        : Configs.envelope(kernelRegularizer.className(), kernelRegularizer.getConfig()));
    config.put("bias_regularizer", biasRegularizer == null ? null
        : Configs.envelope(biasRegularizer.className(), biasRegularizer.getConfig()));
    config.put("kernel_constraint", kernelConstraint == null ? null
        : Configs.envelope(kernelConstraint.className(), kernelConstraint.getConfig()));
    config.put("bias_constraint", biasConstraint == null ? null
        : Configs.envelope(biasConstraint.className(), biasConstraint.getConfig()));
  }

  /** Options of {@link Dense}, with Keras' defaults. */
  public static final class Builder {
    private final int units;
    private String name;
    private boolean trainable = true;
    private String activation = Activation.LINEAR;
    private boolean useBias = true;
    private String kernelInitializer = Configs.GLOROT_UNIFORM;
    private String biasInitializer = Configs.ZEROS;
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Constraint kernelConstraint;
    private Constraint biasConstraint;
    private Regularizer activityRegularizer;

    private Builder(int units) {
      this.units = units;
    }

    /** The layer's name (default: assigned by the model, e.g. {@code dense_1}). */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /** Whether the weights are trained (default true). */
    public Builder trainable(boolean value) {
      this.trainable = value;
      return this;
    }

    /** The activation's Keras name (default {@code linear}). */
    public Builder activation(String value) {
      this.activation = value;
      return this;
    }

    /** Whether to add a bias (default true). */
    public Builder useBias(boolean value) {
      this.useBias = value;
      return this;
    }

    /** The kernel initializer's Keras name (default {@code glorot_uniform}). */
    public Builder kernelInitializer(String value) {
      this.kernelInitializer = value;
      return this;
    }

    /** The bias initializer's Keras name (default {@code zeros}). */
    public Builder biasInitializer(String value) {
      this.biasInitializer = value;
      return this;
    }

    /** A penalty on the kernel (default none). */
    public Builder kernelRegularizer(Regularizer value) {
      this.kernelRegularizer = value;
      return this;
    }

    /** A penalty on the bias (default none). */
    public Builder biasRegularizer(Regularizer value) {
      this.biasRegularizer = value;
      return this;
    }

    /**
     * A penalty on the layer's output, added to each batch's loss as {@code penalty(output)} (summed over the batch,
     * as Keras 3; default none).
     */
    public Builder activityRegularizer(Regularizer value) {
      this.activityRegularizer = value;
      return this;
    }

    /** A constraint on the kernel, e.g. {@code new MaxNorm(3)} (default none). */
    public Builder kernelConstraint(Constraint value) {
      this.kernelConstraint = value;
      return this;
    }

    /** A constraint on the bias (default none). */
    public Builder biasConstraint(Constraint value) {
      this.biasConstraint = value;
      return this;
    }

    /** The layer. */
    public Dense build() {
      return new Dense(this);
    }
  }

  /** Registers {@link #DESCRIPTOR} with {@link LayerCatalog} (a {@link java.util.ServiceLoader} provider). */
  @AutoService(LayerProvider.class)
  public static final class Provider implements LayerProvider {
    @Override
    public LayerDescriptor<?> descriptor() {
      return DESCRIPTOR;
    }
  }
}
