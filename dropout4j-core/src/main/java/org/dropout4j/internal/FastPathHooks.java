package org.dropout4j.internal;

import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Layer;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.dropout4j.tensor.blas.MirroredOperand;

/**
 * Not API (see the package description): the fast-path hooks of the layers and tensor packages, installed once by
 * the classes that own the hidden parts ({@code Layer} and {@code Parameter} install theirs when they load, so a
 * hook is always installed before it can be called with an instance).
 */
public final class FastPathHooks {
  private static volatile LayerHooks layers;
  private static volatile TensorHooks tensors;

  private FastPathHooks() {
  }

  /** What fused paths read from layers. */
  public interface LayerHooks {
    /**
     * The activation a layer with a weight product applies in its own kernel ({@code Dense}), or {@code null} if
     * the layer is not such a layer or its activation has no fused form.
     */
    Ops.FusedActivation fusedActivation(Layer layer);

    /** Whether the layer adds penalties to the loss (kernel, bias or activity regularizers). */
    boolean hasPenalties(Layer layer);

    /**
     * Whether the layer is plain inverted Bernoulli dropout ({@code Dropout}) drawing one decision per element of
     * inputs of {@code inputShape}.
     */
    boolean elementwiseBernoulli(Layer layer, Shape inputShape);

    /**
     * {@code next.call(layer.call(input, context), ...)} as one op when the two fuse (a {@code Conv2D} followed by
     * a tiling {@code MaxPooling2D}), to the bit; {@code null} when they do not, or a layer is not built for the
     * input.
     */
    Tensor callPair(Layer layer, Layer next, Tensor input, CallContext context);
  }

  /** What fused paths need from tensors. */
  public interface TensorHooks {
    /** Makes {@code values} the weight's gradient (kept by reference), as the last backward pass would. */
    void setGradient(Parameter weight, float[] values);

    /**
     * The weight's values as an operand the native kernel keeps between products, made on first call; stale
     * after every {@code Parameter.data()} call until copied again (or {@link MirroredOperand#stored}).
     */
    MirroredOperand mirror(Parameter weight);

    /** The weight's operand from {@link #mirror}, or {@code null} if no fused path asked for one. */
    MirroredOperand existingMirror(Parameter weight);
  }

  /**
   * Installs the layer hooks; called once by {@code Layer}.
   *
   * @throws IllegalStateException if they are installed already
   */
  public static synchronized void install(LayerHooks hooks) {
    if (layers != null) {
      throw new IllegalStateException("the layer hooks are installed already");
    }
    layers = hooks;
  }

  /**
   * Installs the tensor hooks; called once by {@code Parameter}.
   *
   * @throws IllegalStateException if they are installed already
   */
  public static synchronized void install(TensorHooks hooks) {
    if (tensors != null) {
      throw new IllegalStateException("the tensor hooks are installed already");
    }
    tensors = hooks;
  }

  /** The layer hooks (installed when {@code Layer} loaded, i.e. before any layer exists). */
  public static LayerHooks layers() {
    LayerHooks h = layers;
    if (h == null) {
      throw new IllegalStateException("the layer hooks are not installed: no layer has been created yet");
    }
    return h;
  }

  /** The tensor hooks (installed when {@code Parameter} loaded, i.e. before any weight exists). */
  public static TensorHooks tensors() {
    TensorHooks h = tensors;
    if (h == null) {
      throw new IllegalStateException("the tensor hooks are not installed: no weight has been created yet");
    }
    return h;
  }
}
