package org.dropout4j.tensor;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dropout4j.random.RngKey;

/**
 * A finite-difference gradient checker for the autodiff of {@link Ops}, layers and losses.
 *
 * <p>The function's output (any shape) is reduced to a scalar {@code L = sum(out * r)} with fixed weights
 * {@code r} of both signs in {@code [0.5, 1.5)}, so every output element's gradient path is exercised with a
 * different seed value. For each element {@code x} of each leaf the checker evaluates {@code L} at the float
 * values nearest to {@code x + h} and {@code x - h} and uses the central difference over the <em>actual</em>
 * float step, {@code (L+ - L-) / (fl(x+h) - fl(x-h))}, accumulating {@code L} in double.
 *
 * <p>Default step {@value #H}: large enough that float32 rounding of the forward pass (about 1e-7 relative per
 * element) contributes below 1e-4 to the difference quotient, small enough that the O(h^2) truncation error of
 * the central difference stays below 1e-3 for the smooth ops on the input ranges the tests use. An analytic
 * gradient {@code a} and numeric gradient {@code n} agree when {@code |a - n| <= ABS_TOL + REL_TOL * max(|a|, |n|)}
 * with {@value #ABS_TOL} and {@value #REL_TOL}. Inputs must stay at least {@code h} away from kinks (relu at 0,
 * abs at 0, clip edges), which the tests arrange.
 */
public final class GradientCheck {
  /** Default finite-difference step. */
  public static final double H = 1e-2;
  /** Absolute tolerance. */
  public static final double ABS_TOL = 1e-3;
  /** Relative tolerance. */
  public static final double REL_TOL = 1e-2;

  private GradientCheck() {
  }

  /** A value array perturbed in place, and how to read and clear its analytic gradient. */
  public static final class Leaf {
    final String name;
    final float[] values;
    final Supplier<float[]> grad;
    final Runnable clear;

    Leaf(String name, float[] values, Supplier<float[]> grad, Runnable clear) {
      this.name = name;
      this.values = values;
      this.grad = grad;
      this.clear = clear;
    }
  }

  /** A leaf for a variable tensor (its values are perturbed in place). */
  public static Leaf leaf(String name, Tensor variable) {
    if (!variable.requiresGrad()) {
      throw new IllegalArgumentException(name + " is not a variable");
    }
    return new Leaf(name, variable.data, variable::gradBuffer, variable::clearGrad);
  }

  /** A leaf for a layer weight. */
  public static Leaf leaf(Parameter p) {
    return new Leaf(p.name(), p.data(), p::gradData, p::zeroGrad);
  }

  /**
   * Checks {@code f} at the given input values: each input becomes a variable and is checked.
   *
   * @param label names the case in failure messages
   */
  public static void check(String label, Function<Tensor[], Tensor> f, Tensor... at) {
    check(label, H, f, at);
  }

  /** As {@link #check(String, Function, Tensor...)} with a given step {@code h}. */
  public static void check(String label, double h, Function<Tensor[], Tensor> f, Tensor... at) {
    Tensor[] vars = new Tensor[at.length];
    List<Leaf> leaves = new ArrayList<>();
    for (int i = 0; i < at.length; i++) {
      vars[i] = Tensor.variable(at[i].shape(), at[i].toArray());
      leaves.add(leaf("input " + i + " " + at[i].shape(), vars[i]));
    }
    check(label, h, () -> f.apply(vars), leaves);
  }

  /**
   * Checks the gradient of {@code forward} (which reads the leaves' current values) with respect to each leaf.
   */
  public static void check(String label, double h, Supplier<Tensor> forward, List<Leaf> leaves) {
    for (Leaf l : leaves) {
      l.clear.run();
    }
    Tensor out = forward.get();
    float[] r = weights(out.size());
    Tensor loss = Ops.sum(Ops.mul(out, Tensor.of(out.shape(), r)));
    loss.backward();
    List<float[]> analytic = new ArrayList<>();
    for (Leaf l : leaves) {
      float[] g = l.grad.get();
      analytic.add(g == null ? new float[l.values.length] : g.clone());
    }
    StringBuilder failures = new StringBuilder();
    int checked = 0;
    for (int li = 0; li < leaves.size(); li++) {
      Leaf l = leaves.get(li);
      for (int i = 0; i < l.values.length; i++) {
        float x = l.values[i];
        float plus = (float) (x + h);
        float minus = (float) (x - h);
        l.values[i] = plus;
        double lp = weightedSum(forward.get(), r);
        l.values[i] = minus;
        double lm = weightedSum(forward.get(), r);
        l.values[i] = x;
        double numeric = (lp - lm) / ((double) plus - (double) minus);
        double a = analytic.get(li)[i];
        double tol = ABS_TOL + REL_TOL * Math.max(Math.abs(a), Math.abs(numeric));
        checked++;
        if (!(Math.abs(a - numeric) <= tol)) {
          failures.append(String.format("%n  %s[%d] at x=%s: autodiff %.6g, finite difference %.6g", l.name, i,
              x, a, numeric));
        }
      }
    }
    if (checked == 0) {
      fail(label + ": nothing to check");
    }
    if (failures.length() > 0) {
      fail(label + ": gradient mismatch (h=" + h + ", tolerance " + ABS_TOL + " + " + REL_TOL + " * |g|):"
          + failures);
    }
  }

  private static double weightedSum(Tensor out, float[] r) {
    double s = 0;
    for (int i = 0; i < r.length; i++) {
      s += (double) out.get(i) * r[i];
    }
    return s;
  }

  private static float[] weights(int n) {
    float[] u = new float[n];
    RngKey.of(0x6772_6164L).fillUniform(u);
    for (int i = 0; i < n; i++) {
      u[i] = (i % 2 == 0 ? 1f : -1f) * (0.5f + u[i]);
    }
    return u;
  }

  /** Values uniform in {@code [lo, hi)}, reproducible from {@code seed}. */
  public static Tensor uniform(long seed, float lo, float hi, int... dims) {
    Shape s = Shape.of(dims);
    float[] v = new float[s.size()];
    RngKey.of(seed).fillUniform(v);
    for (int i = 0; i < v.length; i++) {
      v[i] = lo + (hi - lo) * v[i];
    }
    return Tensor.of(s, v);
  }

  /** Values with {@code margin <= |v| < max} and random signs: away from kinks at 0. */
  public static Tensor awayFromZero(long seed, float margin, float max, int... dims) {
    Tensor u = uniform(seed, -1f, 1f, dims);
    float[] v = u.toArray();
    for (int i = 0; i < v.length; i++) {
      float sign = v[i] < 0 ? -1f : 1f;
      v[i] = sign * (margin + (max - margin) * Math.abs(v[i]));
    }
    return Tensor.of(u.shape(), v);
  }
}
