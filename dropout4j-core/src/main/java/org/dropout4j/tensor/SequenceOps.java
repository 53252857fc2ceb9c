package org.dropout4j.tensor;

import java.util.List;

/**
 * Differentiable moves along the time axis of {@code (batch, timesteps, features)} tensors, for recurrent layers
 * computed step by step from ops (the general path beside the fused kernels of {@link Recurrent}).
 */
public final class SequenceOps {
  private SequenceOps() {
  }

  /**
   * Time step {@code t} of {@code x (B, T, D)} as {@code (B, D)}.
   *
   * @throws IllegalArgumentException if {@code x} is not rank 3 or {@code t} is out of range
   */
  public static Tensor step(Tensor x, int t) {
    if (x.rank() != 3 || t < 0 || t >= x.shape.dim(1)) {
      throw new IllegalArgumentException("step: expected a (batch, timesteps, features) tensor and a step in "
          + "range, received shape " + x.shape + " and t=" + t);
    }
    int b = x.shape.dim(0);
    int steps = x.shape.dim(1);
    int d = x.shape.dim(2);
    float[] r = new float[b * d];
    for (int i = 0; i < b; i++) {
      System.arraycopy(x.data, (i * steps + t) * d, r, i * d, d);
    }
    if (!x.requiresGrad()) {
      return Tensor.wrap(Shape.of(b, d), r);
    }
    return new Tensor(r, Shape.of(b, d), true, new Tensor[] {x}, g -> {
      float[] gx = new float[x.data.length];
      for (int i = 0; i < b; i++) {
        System.arraycopy(g, i * d, gx, (i * steps + t) * d, d);
      }
      x.accumulateOwned(gx);
    });
  }

  /**
   * Stacks {@code (B, U)} tensors along a new time axis 1: {@code (B, T, U)}.
   *
   * @throws IllegalArgumentException if the list is empty or the shapes differ
   */
  public static Tensor stack(List<Tensor> steps) {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("stack: no tensors");
    }
    Shape s = steps.get(0).shape;
    if (s.rank() != 2) {
      throw new IllegalArgumentException("stack: expected (batch, units) tensors, received shape " + s);
    }
    int b = s.dim(0);
    int u = s.dim(1);
    int n = steps.size();
    float[] r = new float[b * n * u];
    boolean grad = false;
    for (int t = 0; t < n; t++) {
      Tensor st = steps.get(t);
      if (!st.shape.equals(s)) {
        throw new IllegalArgumentException("stack: shapes differ, " + s + " and " + st.shape);
      }
      grad |= st.requiresGrad();
      for (int i = 0; i < b; i++) {
        System.arraycopy(st.data, i * u, r, (i * n + t) * u, u);
      }
    }
    Shape out = Shape.of(b, n, u);
    if (!grad) {
      return Tensor.wrap(out, r);
    }
    Tensor[] parents = steps.toArray(new Tensor[0]);
    return new Tensor(r, out, true, parents, g -> {
      for (int t = 0; t < n; t++) {
        Tensor st = parents[t];
        if (st.requiresGrad()) {
          float[] gs = new float[b * u];
          for (int i = 0; i < b; i++) {
            System.arraycopy(g, (i * n + t) * u, gs, i * u, u);
          }
          st.accumulateOwned(gs);
        }
      }
    });
  }
}
