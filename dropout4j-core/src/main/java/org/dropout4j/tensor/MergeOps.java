package org.dropout4j.tensor;

import java.util.List;

/**
 * The differentiable ops behind Keras' merge layers that {@link Ops} lacks: elementwise maximum and minimum
 * (broadcasting like NumPy), concatenation along any axis and the batched dot product of two tensors.
 */
public final class MergeOps {
  private MergeOps() {
  }

  /**
   * {@code max(a, b)} elementwise, broadcasting. On ties the gradient goes to {@code a}, as TensorFlow's
   * {@code Maximum} gradient does ({@code a >= b}).
   */
  public static Tensor maximum(Tensor a, Tensor b) {
    return extremum(a, b, true);
  }

  /** {@code min(a, b)} elementwise, broadcasting; on ties the gradient goes to {@code a} ({@code a <= b}). */
  public static Tensor minimum(Tensor a, Tensor b) {
    return extremum(a, b, false);
  }

  private static Tensor extremum(Tensor a, Tensor b, boolean max) {
    Shape out = Broadcast.shape(a.shape, b.shape, max ? "maximum" : "minimum");
    int n = out.size();
    float[] av = a.shape.equals(out) ? a.data : Broadcast.expand(a.data, a.shape, out);
    float[] bv = b.shape.equals(out) ? b.data : Broadcast.expand(b.data, b.shape, out);
    float[] r = new float[n];
    boolean[] fromA = new boolean[n];
    for (int i = 0; i < n; i++) {
      fromA[i] = max ? av[i] >= bv[i] : av[i] <= bv[i];
      r[i] = fromA[i] ? av[i] : bv[i];
    }
    if (!a.requiresGrad() && !b.requiresGrad()) {
      return Tensor.wrap(out, r);
    }
    return new Tensor(r, out, true, new Tensor[] {a, b}, g -> {
      float[] ga = new float[n];
      float[] gb = new float[n];
      for (int i = 0; i < n; i++) {
        if (fromA[i]) {
          ga[i] = g[i];
        } else {
          gb[i] = g[i];
        }
      }
      if (a.requiresGrad()) {
        a.accumulate(Broadcast.reduce(ga, out, a.shape));
      }
      if (b.requiresGrad()) {
        b.accumulate(Broadcast.reduce(gb, out, b.shape));
      }
    });
  }

  /**
   * Joins tensors along {@code axis}; every other dimension must agree.
   *
   * @param axis the axis, negative counts from the end
   * @throws IllegalArgumentException if fewer than one tensor is given, ranks differ, the axis is out of range or
   *     another dimension differs
   */
  public static Tensor concat(List<Tensor> parts, int axis) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("concat needs at least one tensor, received none");
    }
    Shape first = parts.get(0).shape;
    int rank = first.rank();
    int ax = axis < 0 ? rank + axis : axis;
    if (ax < 0 || ax >= rank) {
      throw new IllegalArgumentException("concat: axis " + axis + " is out of range for shape " + first);
    }
    int[] dims = first.toArray();
    int total = 0;
    for (Tensor t : parts) {
      if (t.rank() != rank) {
        throw new IllegalArgumentException("concat: every tensor needs rank " + rank + ", received shape "
            + t.shape + " with shape " + first);
      }
      for (int i = 0; i < rank; i++) {
        if (i != ax && t.shape.dim(i) != dims[i]) {
          throw new IllegalArgumentException("concat along axis " + axis + ": shapes " + first + " and " + t.shape
              + " differ outside the axis");
        }
      }
      total += t.shape.dim(ax);
    }
    int outer = 1;
    for (int i = 0; i < ax; i++) {
      outer *= dims[i];
    }
    int inner = 1;
    for (int i = ax + 1; i < rank; i++) {
      inner *= dims[i];
    }
    dims[ax] = total;
    float[] r = new float[outer * total * inner];
    int[] offsets = new int[parts.size()];
    int off = 0;
    boolean grad = false;
    for (int p = 0; p < parts.size(); p++) {
      Tensor t = parts.get(p);
      int block = t.shape.dim(ax) * inner;
      offsets[p] = off;
      for (int o = 0; o < outer; o++) {
        System.arraycopy(t.data, o * block, r, o * total * inner + off, block);
      }
      off += block;
      grad |= t.requiresGrad();
    }
    Shape out = Shape.of(dims);
    if (!grad) {
      return Tensor.wrap(out, r);
    }
    final int fOuter = outer;
    final int row = total * inner;
    return new Tensor(r, out, true, parts.toArray(new Tensor[0]), g -> {
      for (int p = 0; p < parts.size(); p++) {
        Tensor t = parts.get(p);
        if (!t.requiresGrad()) {
          continue;
        }
        int block = t.data.length / Math.max(fOuter, 1);
        float[] gt = new float[t.data.length];
        for (int o = 0; o < fOuter; o++) {
          System.arraycopy(g, o * row + offsets[p], gt, o * block, block);
        }
        t.accumulateOwned(gt);
      }
    });
  }

  /**
   * Keras' {@code batch_dot}: for each sample {@code b}, contracts axis {@code axisA} of {@code a[b]} with axis
   * {@code axisB} of {@code b[b]}; the result's dimensions are the batch, {@code a}'s free axes, then {@code b}'s
   * free axes, and a result of rank 1 gets a trailing axis of size 1 ({@code (n, 1)} for two {@code (n, d)}).
   *
   * @param axisA the contracted axis of {@code a} (1 .. rank-1; the batch axis 0 cannot be contracted)
   * @param axisB the contracted axis of {@code b}
   * @throws IllegalArgumentException if the batch sizes or the contracted sizes differ or an axis is out of range
   */
  public static Tensor batchDot(Tensor a, Tensor b, int axisA, int axisB) {
    if (a.rank() < 2 || b.rank() < 2 || axisA < 1 || axisA >= a.rank() || axisB < 1 || axisB >= b.rank()) {
      throw new IllegalArgumentException("batchDot: axes (" + axisA + ", " + axisB + ") do not fit shapes "
          + a.shape + " and " + b.shape + " (each rank >= 2, axes in 1 .. rank-1)");
    }
    int batch = a.shape.dim(0);
    int k = a.shape.dim(axisA);
    if (b.shape.dim(0) != batch || b.shape.dim(axisB) != k) {
      throw new IllegalArgumentException("batchDot: shapes " + a.shape + " and " + b.shape + " do not fit along "
          + "axes (" + axisA + ", " + axisB + "): batch " + batch + " vs " + b.shape.dim(0) + ", contracted "
          + k + " vs " + b.shape.dim(axisB));
    }
    int fa = a.data.length / Math.max(batch * k, 1);
    int fb = b.data.length / Math.max(batch * k, 1);
    float[] am = moveAxis(a.data, a.shape, axisA, true); // per sample (fa, k)
    float[] bm = moveAxis(b.data, b.shape, axisB, false); // per sample (k, fb)
    float[] r = new float[batch * fa * fb];
    for (int s = 0; s < batch; s++) {
      int ao = s * fa * k;
      int bo = s * k * fb;
      int ro = s * fa * fb;
      for (int i = 0; i < fa; i++) {
        for (int kk = 0; kk < k; kk++) {
          float v = am[ao + i * k + kk];
          for (int j = 0; j < fb; j++) {
            r[ro + i * fb + j] += v * bm[bo + kk * fb + j];
          }
        }
      }
    }
    int[] outDims = outDims(a.shape, b.shape, axisA, axisB);
    Shape out = Shape.of(outDims);
    if (!a.requiresGrad() && !b.requiresGrad()) {
      return Tensor.wrap(out, r);
    }
    return new Tensor(r, out, true, new Tensor[] {a, b}, g -> {
      float[] gam = new float[am.length];
      float[] gbm = new float[bm.length];
      for (int s = 0; s < batch; s++) {
        int ao = s * fa * k;
        int bo = s * k * fb;
        int ro = s * fa * fb;
        for (int i = 0; i < fa; i++) {
          for (int kk = 0; kk < k; kk++) {
            float ga = 0f;
            float av = am[ao + i * k + kk];
            for (int j = 0; j < fb; j++) {
              float gv = g[ro + i * fb + j];
              ga += gv * bm[bo + kk * fb + j];
              gbm[bo + kk * fb + j] += av * gv;
            }
            gam[ao + i * k + kk] = ga;
          }
        }
      }
      if (a.requiresGrad()) {
        a.accumulateOwned(moveAxisBack(gam, a.shape, axisA, true));
      }
      if (b.requiresGrad()) {
        b.accumulateOwned(moveAxisBack(gbm, b.shape, axisB, false));
      }
    });
  }

  /** The output dimensions of {@link #batchDot}. */
  static int[] outDims(Shape a, Shape b, int axisA, int axisB) {
    int n = a.rank() - 1 + b.rank() - 2;
    int[] d = new int[Math.max(n, 2)];
    int j = 0;
    for (int i = 0; i < a.rank(); i++) {
      if (i != axisA) {
        d[j++] = a.dim(i);
      }
    }
    for (int i = 1; i < b.rank(); i++) {
      if (i != axisB) {
        d[j++] = b.dim(i);
      }
    }
    if (n == 1) {
      d[1] = 1;
    }
    return d;
  }

  /**
   * Rearranges each sample so that {@code axis} becomes the last ({@code toLast}) or the first (otherwise)
   * per-sample axis, the other axes keeping their order.
   */
  private static float[] moveAxis(float[] v, Shape shape, int axis, boolean toLast) {
    float[] out = new float[v.length];
    permute(v, out, shape, axis, toLast, false);
    return out;
  }

  private static float[] moveAxisBack(float[] v, Shape shape, int axis, boolean toLast) {
    float[] out = new float[v.length];
    permute(v, out, shape, axis, toLast, true);
    return out;
  }

  /** Copies between the original layout and the moved one; {@code back} copies moved to original. */
  private static void permute(float[] src, float[] dst, Shape shape, int axis, boolean toLast, boolean back) {
    int before = 1;
    for (int i = 1; i < axis; i++) {
      before *= shape.dim(i);
    }
    int len = shape.dim(axis);
    int after = 1;
    for (int i = axis + 1; i < shape.rank(); i++) {
      after *= shape.dim(i);
    }
    int sample = before * len * after;
    int batch = shape.dim(0);
    for (int s = 0; s < batch; s++) {
      int base = s * sample;
      for (int p = 0; p < before; p++) {
        for (int k = 0; k < len; k++) {
          for (int q = 0; q < after; q++) {
            int orig = base + (p * len + k) * after + q;
            int free = p * after + q;
            int moved = base + (toLast ? free * len + k : k * before * after + free);
            if (back) {
              dst[orig] = src[moved];
            } else {
              dst[moved] = src[orig];
            }
          }
        }
      }
    }
  }
}
