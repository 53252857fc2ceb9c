package org.dropout4j.tensor;

/** Elementwise ops behind {@link Ops}: binary ops with NumPy broadcasting, scalar arithmetic and elementwise math. */
final class ElementwiseOps {
  private ElementwiseOps() {
  }

  private enum Binary { ADD, SUB, MUL, DIV }

  /** {@code a + b}, broadcasting. */
  static Tensor add(Tensor a, Tensor b) {
    return binary(Binary.ADD, a, b);
  }

  /** {@code a - b}, broadcasting. */
  static Tensor sub(Tensor a, Tensor b) {
    return binary(Binary.SUB, a, b);
  }

  /** {@code a * b} elementwise, broadcasting. */
  static Tensor mul(Tensor a, Tensor b) {
    return binary(Binary.MUL, a, b);
  }

  /** {@code a / b} elementwise, broadcasting. */
  static Tensor div(Tensor a, Tensor b) {
    return binary(Binary.DIV, a, b);
  }

  static Tensor binary(Binary op, Tensor a, Tensor b) {
    Shape out = Broadcast.shape(a.shape, b.shape, op.name().toLowerCase());
    int n = out.size();
    float[] av = a.shape.equals(out) ? a.data : Broadcast.expand(a.data, a.shape, out);
    float[] bv = b.shape.equals(out) ? b.data : Broadcast.expand(b.data, b.shape, out);
    float[] r = new float[n];
    switch (op) {
      case ADD:
        for (int i = 0; i < n; i++) {
          r[i] = av[i] + bv[i];
        }
        break;
      case SUB:
        for (int i = 0; i < n; i++) {
          r[i] = av[i] - bv[i];
        }
        break;
      case MUL:
        for (int i = 0; i < n; i++) {
          r[i] = av[i] * bv[i];
        }
        break;
      default:
        for (int i = 0; i < n; i++) {
          r[i] = av[i] / bv[i];
        }
    }
    if (!OpSupport.anyGrad(a, b)) {
      return Tensor.wrap(out, r);
    }
    return new Tensor(r, out, true, new Tensor[] {a, b}, g -> {
      if (a.requiresGrad()) {
        float[] ga;
        switch (op) {
          case ADD:
          case SUB:
            ga = g;
            break;
          case MUL:
            ga = new float[n];
            for (int i = 0; i < n; i++) {
              ga[i] = g[i] * bv[i];
            }
            break;
          default:
            ga = new float[n];
            for (int i = 0; i < n; i++) {
              ga[i] = g[i] / bv[i];
            }
        }
        a.accumulate(Broadcast.reduce(ga, out, a.shape));
      }
      if (b.requiresGrad()) {
        float[] gb = new float[n];
        switch (op) {
          case ADD:
            System.arraycopy(g, 0, gb, 0, n);
            break;
          case SUB:
            for (int i = 0; i < n; i++) {
              gb[i] = -g[i];
            }
            break;
          case MUL:
            for (int i = 0; i < n; i++) {
              gb[i] = g[i] * av[i];
            }
            break;
          default:
            for (int i = 0; i < n; i++) {
              gb[i] = -g[i] * av[i] / (bv[i] * bv[i]);
            }
        }
        b.accumulate(Broadcast.reduce(gb, out, b.shape));
      }
    });
  }

  /** {@code x * s}. */
  static Tensor mulScalar(Tensor x, float s) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = x.data[i] * s;
    }
    return OpSupport.unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = g[i] * s;
      }
      x.accumulateOwned(gx);
    });
  }

  /** {@code x + s}. */
  static Tensor addScalar(Tensor x, float s) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = x.data[i] + s;
    }
    return OpSupport.unaryResult(r, x, x::accumulate);
  }

  /** {@code s - x} (e.g. {@code 1 - p}). */
  static Tensor rsubScalar(float s, Tensor x) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = s - x.data[i];
    }
    return OpSupport.unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = -g[i];
      }
      x.accumulateOwned(gx);
    });
  }

  /** {@code -x}. */
  static Tensor neg(Tensor x) {
    return mulScalar(x, -1f);
  }

  /** {@code e^x}. */
  static Tensor exp(Tensor x) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) Math.exp(x.data[i]);
    }
    return OpSupport.unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = g[i] * r[i];
      }
      x.accumulateOwned(gx);
    });
  }

  /** Natural logarithm. */
  static Tensor log(Tensor x) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) Math.log(x.data[i]);
    }
    return OpSupport.unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = g[i] / x.data[i];
      }
      x.accumulateOwned(gx);
    });
  }

  /** Square root. */
  static Tensor sqrt(Tensor x) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) Math.sqrt(x.data[i]);
    }
    return OpSupport.unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = g[i] * 0.5f / r[i];
      }
      x.accumulateOwned(gx);
    });
  }

  /** {@code x * x}. */
  static Tensor square(Tensor x) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = x.data[i] * x.data[i];
    }
    return OpSupport.unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = 2f * x.data[i] * g[i];
      }
      x.accumulateOwned(gx);
    });
  }

  /** {@code |x|}; the gradient at 0 is 0 (the sign function). */
  static Tensor abs(Tensor x) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = Math.abs(x.data[i]);
    }
    return OpSupport.unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = g[i] * Math.signum(x.data[i]);
      }
      x.accumulateOwned(gx);
    });
  }

  /**
   * Clips values to {@code [min, max]}. The gradient passes where {@code min <= x <= max} and is 0 outside,
   * as TensorFlow's {@code clip_by_value}.
   */
  static Tensor clip(Tensor x, float min, float max) {
    if (!(min <= max)) {
      throw new IllegalArgumentException("clip: min must be <= max, received min=" + min + ", max=" + max);
    }
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      float v = x.data[i];
      r[i] = v < min ? min : (v > max ? max : v);
    }
    return OpSupport.unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        float v = x.data[i];
        gx[i] = v >= min && v <= max ? g[i] : 0f;
      }
      x.accumulateOwned(gx);
    });
  }
}
