// Micro-test behind bench/FASHION.md (2026-12-01): the relu gradient as ConvOps.activationGradInPlace writes it
// (a data-dependent select, not vectorised by C2 on JDK 17) against a branch-free bit mask, on the 128 x 24 x 24 x 64
// output of the cnn preset's second Conv2D. Run: java bench/ReluGrad.java
import java.util.SplittableRandom;
public class ReluGrad {
  static void branchy(float[] g, float[] out) { for (int i = 0; i < g.length; i++) g[i] = out[i] > 0f ? g[i] : 0f; }
  // out >= 0 after relu: out == +0 has all bits 0, any positive out has a non-zero bit pattern
  static void bits(float[] g, float[] out) {
    for (int i = 0; i < g.length; i++) {
      int o = Float.floatToRawIntBits(out[i]);
      int mask = (o | -o) >> 31;  // all ones if o != 0
      g[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & mask);
    }
  }
  public static void main(String[] a) {
    int n = 128 * 576 * 64; SplittableRandom r = new SplittableRandom(1);
    float[] out = new float[n], g = new float[n], g0 = new float[n];
    for (int i = 0; i < n; i++) { out[i] = Math.max((float) r.nextDouble(-1, 1), 0f); g0[i] = 1f; }
    for (int rep = 0; rep < 3; rep++) {
      for (String v : new String[] {"branchy", "bits"}) {
        long best = Long.MAX_VALUE;
        for (int k = 0; k < 15; k++) {
          System.arraycopy(g0, 0, g, 0, n);
          long t = System.nanoTime();
          if (v.equals("branchy")) branchy(g, out); else bits(g, out);
          best = Math.min(best, System.nanoTime() - t);
        }
        double s = 0; for (float x : g) s += x;
        System.out.printf("%s: best %.2f ms (sum %.0f)%n", v, best / 1e6, s);
      }
    }
  }
}
