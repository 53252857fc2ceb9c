package org.dropout4j.models;

import java.util.Arrays;
import java.util.List;
import org.dropout4j.internal.FastPathHooks;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Layer;
import org.dropout4j.losses.SoftmaxLoss;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.dropout4j.tensor.blas.Blas;

/**
 * The output layer of a {@link DenseHeadPlan} model when it is a single {@link Dense} with a softmax activation and
 * no penalties (the Fashion-MNIST {@code mlp} preset's Dense(10, softmax)), trained together with a loss that has a
 * {@link SoftmaxLoss} form: the layer's forward pass, the loss, d loss / d logits and the layer's backward pass over
 * buffers reused for every batch, instead of the autodiff graph of the matmul, the bias, the softmax and the loss
 * (about 0.8 MB of new arrays per batch of the mlp, and a graph walk on one thread).
 *
 * <p>Each step is the generic one's arithmetic in its order: {@code logits = x W} (the generic matmul's product
 * call), {@code + b} row by row, {@link Ops#softmaxRowsInPlace}, the loss's {@link SoftmaxLoss} (the graph's
 * operations written out), the bias gradient summed over rows in order, {@code dW = x^T dz} and {@code dx = dz W^T}
 * (the generic matmul backward's product calls). So predictions, the loss and every gradient equal the generic
 * step's to the bit (tested in {@code ExecutionPlanTest}).
 */
final class SoftmaxTail {
  private final int inputs;
  private final int units;
  private final Parameter kernel;
  private final Parameter bias;

  private SoftmaxTail(int inputs, int units, Parameter kernel, Parameter bias) {
    this.inputs = inputs;
    this.units = units;
    this.kernel = kernel;
    this.bias = bias;
  }

  /**
   * The tail of {@code layers} from index {@code from} (fed rows of {@code inputs} values), or {@code null} unless
   * it is exactly one Dense layer (the class itself) with a softmax activation and no penalties.
   */
  static SoftmaxTail plan(List<Layer> layers, int from, int inputs) {
    if (layers.size() != from + 1 || layers.get(from).getClass() != Dense.class) {
      return null;
    }
    Dense d = (Dense) layers.get(from);
    FastPathHooks.LayerHooks hooks = FastPathHooks.layers();
    if (hooks.fusedActivation(d) != null || !"softmax".equals(d.getConfig().get("activation"))
        || hooks.hasPenalties(d)) {
      return null;
    }
    List<Parameter> w = d.weights();
    if (w.get(0).shape().dim(0) != inputs) {
      return null;
    }
    return new SoftmaxTail(inputs, d.units(), w.get(0), d.useBias() ? w.get(1) : null);
  }

  /** Fresh buffers; one per user (a workspace is not thread-safe). */
  Workspace workspace() {
    return new Workspace();
  }

  /** Buffers for one user, grown to the largest batch seen. */
  final class Workspace {
    private float[] probs = new float[0];
    private float[] dLogits = new float[0];
    private final float[] kernelGrad = new float[inputs * units];
    private final float[] biasGrad = bias == null ? null : new float[units];

    /**
     * One training step of the tail on the head's output {@code x} ({@code rows x inputs}, row-major): the loss
     * of {@code yTrue}, checked by {@code check} before anything is back-propagated, the gradients of the kernel
     * and the bias, and {@code d loss / d x} written into {@code dx}.
     *
     * @return the predictions (a new tensor) and the loss value
     */
    ExecutionPlan.Step step(float[] x, int rows, Tensor yTrue, SoftmaxLoss loss, ExecutionPlan.LossCheck check,
        float[] dx) {
      int n = units;
      int size = rows * n;
      if (probs.length < size) {
        probs = new float[size];
        dLogits = new float[size];
      }
      float[] p = probs;
      Blas.gemm().sgemm(false, false, rows, n, inputs, 1f, x, 0, inputs, kernel.data(), 0, n, 0f, p, 0, n);
      if (bias != null) {
        float[] b = bias.data();
        for (int o = 0; o < size; o += n) {
          for (int j = 0; j < n; j++) {
            p[o + j] = p[o + j] + b[j];
          }
        }
      }
      Ops.softmaxRowsInPlace(p, 0, rows, n);
      float value = loss.compute(yTrue.toArray(), p, n, rows, dLogits);
      check.check(value);
      float[] g = dLogits;
      if (biasGrad != null) {
        Arrays.fill(biasGrad, 0f);
        for (int o = 0; o < size; o += n) {
          for (int j = 0; j < n; j++) {
            biasGrad[j] += g[o + j];
          }
        }
        FastPathHooks.tensors().setGradient(bias, biasGrad);
      }
      Blas.gemm().sgemm(false, true, rows, inputs, n, 1f, g, 0, n, kernel.data(), 0, n, 0f, dx, 0, inputs);
      Blas.gemm().sgemm(true, false, inputs, n, rows, 1f, x, 0, inputs, g, 0, n, 0f, kernelGrad, 0, n);
      FastPathHooks.tensors().setGradient(kernel, kernelGrad);
      return new ExecutionPlan.Step(List.of(Tensor.of(Shape.of(rows, n), Arrays.copyOf(p, size))), value);
    }
  }
}
