package org.dropout4j.layers.regularization;

import org.dropout4j.layers.InputSpec;
import org.dropout4j.layers.LayerDescriptor;
import org.dropout4j.tensor.Shape;

/**
 * Stochastic depth per sample, as KerasCV's {@code DropPath(rate=0.5, seed=None)} and timm's {@code DropPath}: put
 * on a residual branch, in training it drops the whole branch of each sample with probability {@code rate} (one
 * keep/drop decision per sample, noise shape {@code (batch, 1, ..., 1)}) and scales kept samples by
 * {@code 1 / (1 - rate)}, so the expected output equals the input; at inference it is the identity. The residual
 * sum {@code shortcut + DropPath(branch(x))} then skips the branch for the dropped samples.
 *
 * <p>Input: rank 2 or more, any layout. Config (Keras-style): {@code rate}, {@code seed} and the base keys. It is a
 * dropout-family member: off in {@code predict}, on in {@code fit} and in Monte Carlo dropout passes, and its rate
 * can be scheduled.
 *
 * <p>Huang, Sun, Liu, Sedra, Weinberger, "Deep Networks with Stochastic Depth", ECCV 2016; the per-sample form is
 * Larsson, Maire, Shakhnarovich, "FractalNet: Ultra-Deep Neural Networks without Residuals", ICLR 2017.
 *
 * <pre>{@code
 * KerasTensor x = ...;                                                  // (batch, 8, 8, 32)
 * KerasTensor branch = new DropPath(0.1).apply(Conv2D.builder(32, 3).padding("same").build().apply(x));
 * KerasTensor y = new Add().apply(x, branch);
 * }</pre>
 */
public final class DropPath extends BaseDropout {
  /** The config: {@code rate}, {@code seed} and the base keys. */
  public static final LayerDescriptor<DropPath> DESCRIPTOR = LayerDescriptor.of("DropPath", DropPath.class, r -> {
    String name = r.weightlessName("DropPath");
    return new DropPath(r.requiredNumber("rate"), r.optionalLong("seed"), name);
  });

  /**
   * @param rate probability to drop a sample's path, in {@code [0, 1)}
   * @throws IllegalArgumentException if {@code rate} is outside {@code [0, 1)}
   */
  public DropPath(double rate) {
    this((float) rate, null, null);
  }

  /**
   * @param rate probability to drop a sample's path, in {@code [0, 1)}
   * @param seed the layer's own seed or {@code null}
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException if {@code rate} is outside {@code [0, 1)}
   */
  public DropPath(float rate, Long seed, String name) {
    super(name, rate, seed, DESCRIPTOR);
    inputSpec(InputSpec.minNdim(2, "(batch, ...)"));
  }

  /** One decision per sample: {@code (batch, 1, ..., 1)}. */
  @Override
  protected Shape noiseShape(Shape inputShape) {
    int[] noise = new int[inputShape.rank()];
    java.util.Arrays.fill(noise, 1);
    noise[0] = inputShape.dim(0);
    return Shape.of(noise);
  }
}
