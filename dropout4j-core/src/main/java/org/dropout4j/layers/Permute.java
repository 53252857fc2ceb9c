package org.dropout4j.layers;

import java.util.Arrays;
import java.util.Map;
import org.dropout4j.tensor.AxisGather;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code Permute(dims)}: reorders the non-batch axes; {@code dims} is a permutation of {@code 1..rank-1}
 * (1-based, the batch axis stays first), and output axis {@code k} is input axis {@code dims[k-1]}.
 *
 * <pre>{@code
 * new Permute(2, 1);   // (None, 10, 64) -> (None, 64, 10)
 * }</pre>
 */
public final class Permute extends Layer {
  /** Keras' {@code Permute} config: {@code dims}. */
  public static final LayerDescriptor<Permute> DESCRIPTOR = LayerDescriptor.of("Permute", Permute.class, r -> {
    String name = r.weightlessName("Permute");
    return new Permute(r.requiredInts("dims", "a permutation of 1..n"), name);
  });

  private final int[] dims;

  /** {@code Permute(dims)}. */
  public Permute(int... dims) {
    this(dims, null);
  }

  /**
   * @param dims a permutation of {@code 1..dims.length}
   * @param name the layer's name, or {@code null} to let the model assign one
   * @throws IllegalArgumentException if {@code dims} is not such a permutation
   */
  public Permute(int[] dims, String name) {
    super(name, true, DESCRIPTOR);
    int[] sorted = dims.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i] != i + 1) {
        throw new IllegalArgumentException("Invalid permutation argument `dims` for Permute layer: the set of "
            + "indices in `dims` must be consecutive and start from 1, received dims=" + ConvArgs.tuple(dims));
      }
    }
    if (dims.length == 0) {
      throw new IllegalArgumentException("Invalid permutation argument `dims` for Permute layer: expected at least "
          + "one axis, received dims=()");
    }
    this.dims = dims.clone();
    inputSpec(InputSpec.ndim(dims.length + 1));
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    int[] out = new int[dims.length + 1];
    out[0] = inputShape.dim(0);
    for (int k = 0; k < dims.length; k++) {
      out[k + 1] = inputShape.dim(dims[k]);
    }
    return Shape.of(out);
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    int[] perm = new int[dims.length + 1];
    System.arraycopy(dims, 0, perm, 1, dims.length);
    return AxisGather.permute(input, perm);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("dims", ConvArgs.list(dims));
  }
}
