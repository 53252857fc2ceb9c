package org.dropout4j.layers;

import java.util.List;
import java.util.Map;
import org.dropout4j.layers.activations.Activations;
import org.dropout4j.internal.Guards;
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
 * <p>{@code activity_regularizer} (Keras' option of every layer) adds {@code penalty(output) / batch_size} to the
 * loss of each batch, as Keras 3.15 does ({@code keras/src/layers/layer.py} divides the penalty of each output by
 * its batch size "to ensure consistent regularization strength across batch sizes"); like Keras it counts in
 * {@code fit}'s and {@code evaluate}'s loss, and its config key follows the base keys only when set.
 *
 * <pre>{@code
 * new Dense(500, "relu");
 * Dense.builder(500).activation("relu").kernelConstraint(new MaxNorm(3)).build();
 * }</pre>
 */
public final class Dense extends KernelLayer {
  /** Keras' {@code Dense} config; LoRA and quantization are refused. */
  public static final LayerDescriptor<Dense> DESCRIPTOR = LayerDescriptor.of("Dense", Dense.class, r -> {
    Builder b = builder(r.requiredInt("units")).readBase(r).readKernelBias(r);
    r.requireNull("lora_rank", "LoRA is not supported");
    r.requireNull("lora_alpha", "LoRA is not supported");
    r.requireNull("quantization_config", "quantization is not supported");
    return b.build();
  });

  private final int units;
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
    super(b, DESCRIPTOR);
    supportMasking(); // Keras: each step of a sequence is transformed on its own, so a mask passes unchanged
    Guards.positive(b.units, "Dense", "units");
    this.units = b.units;
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
  protected void validateInput(Shape inputShape) {
    if (inputShape.rank() < 2 || inputShape.dim(-1) <= 0) {
      throw new IllegalArgumentException("Input of layer \"" + name() + "\" (Dense) is incompatible with the layer: "
          + "expected an input of rank >= 2 with a known last axis, received input with shape " + inputShape);
    }
  }

  @Override
  protected List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    return kb.createWeights(factory, Shape.of(inputShape.dim(-1), units), Shape.of(units));
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    return run(input, context.read(weights().get(0)), bias(context), context);
  }

  /**
   * {@code activation(input · kernel + bias)} with given (e.g. masked) weights, adding the activity penalty to the
   * context: the layer's computation, shared with the wrappers in this package.
   */
  Tensor run(Tensor input, Tensor kernel, Tensor bias, CallContext context) {
    return kb.withActivityPenalty(apply(input, kernel, bias), context);
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

  /**
   * The activation as a fused kernel activation, or {@code null} if it has none (softmax, elu, ...): fused paths
   * compute {@code activation(x · kernel + bias)} in one pass only for these. For the execution planner only.
   */
  Ops.FusedActivation fusedActivation() {
    return fused;
  }

  /** Whether the layer adds a penalty to the loss: a kernel, bias or activity regularizer. For the planner only. */
  boolean hasPenalties() {
    return kb.hasPenalties();
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    kb.putActivityBase(config); // Keras 3: a base key, present only when set
    config.put("units", units);
    putActivationAndWeightKeys(config, false);
  }

  /** Options of {@link Dense}, with Keras' defaults: the {@link KernelLayerBuilder} options. */
  public static final class Builder extends KernelLayerBuilder<Builder> {
    private final int units;

    private Builder(int units) {
      this.units = units;
    }

    /** The layer. */
    public Dense build() {
      return new Dense(this);
    }
  }
}
