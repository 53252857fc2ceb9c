package org.dropout4j.tensor.blas;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Throughput harness for the kernels (not a unit test): prints GFLOP/s and ns per call for each shape.
 *
 * <p>Run after {@code ./mvnw -pl dropout4j-core test-compile} with
 * {@code java -cp dropout4j-core/target/classes:dropout4j-core/target/test-classes:<deps> 
 * org.dropout4j.tensor.blas.GemmBench [m k n ...]}. Shapes are m x k x n (op(A) is m x k, op(B) is k x n); each is
 * timed for both kernels in alternation, best of several rounds, so both see the same machine load.
 */
public final class GemmBench {
  private GemmBench() {
  }

  public static void main(String[] args) {
    int[][] shapes = args.length > 0 ? parse(args) : new int[][] {
        {2048, 2048, 2048}, {128, 784, 512}, {128, 512, 512}, {128, 512, 10}, {30, 2, 500}, {30, 500, 1}};
    Gemm[] kernels = {Blas.java(), Blas.openBlas(), Blas.gemm()};
    System.out.printf(Locale.ROOT, "%-16s %-8s %12s %10s %12s %10s %12s %10s %8s%n", "m x k x n", "trans",
        "java ns", "GFLOP/s", "openblas ns", "GFLOP/s", "auto ns", "GFLOP/s", "j/o");
    for (int[] s : shapes) {
      for (boolean[] t : new boolean[][] {{false, false}, {true, false}, {false, true}}) {
        double[] ns = new double[kernels.length];
        long work = (long) s[0] * s[1] * s[2];
        int rounds = work >= 1L << 30 ? 3 : 7;
        java.util.Arrays.fill(ns, Double.MAX_VALUE);
        for (int r = 0; r < rounds; r++) {
          for (int g = 0; g < kernels.length; g++) {
            ns[g] = Math.min(ns[g], time(kernels[g], s[0], s[1], s[2], t[0], t[1]));
          }
        }
        System.out.printf(Locale.ROOT, "%-16s %-8s %12.0f %10.2f %12.0f %10.2f %12.0f %10.2f %8.2f%n",
            s[0] + "x" + s[1] + "x" + s[2], (t[0] ? "T" : "N") + (t[1] ? "T" : "N"),
            ns[0], 2.0 * work / ns[0], ns[1], 2.0 * work / ns[1], ns[2], 2.0 * work / ns[2], ns[0] / ns[1]);
        if (work >= 1L << 30) {
          break;
        }
      }
    }
  }

  private static int[][] parse(String[] args) {
    int[][] shapes = new int[args.length / 3][];
    for (int i = 0; i < shapes.length; i++) {
      shapes[i] = new int[] {Integer.parseInt(args[3 * i]), Integer.parseInt(args[3 * i + 1]),
          Integer.parseInt(args[3 * i + 2])};
    }
    return shapes;
  }

  /** Mean ns per call over enough calls to fill ~100 ms (at least 1 call), after a warm-up. */
  private static double time(Gemm g, int m, int k, int n, boolean ta, boolean tb) {
    SplittableRandom rnd = new SplittableRandom(1);
    float[] a = new float[m * k];
    float[] b = new float[k * n];
    float[] c = new float[m * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) rnd.nextDouble(-1, 1);
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) rnd.nextDouble(-1, 1);
    }
    int lda = ta ? m : k;
    int ldb = tb ? k : n;
    long work = (long) m * n * k;
    int calls = (int) Math.max(1, Math.min(2_000_000, 200_000_000L / Math.max(1, work)));
    for (int i = 0; i < Math.min(calls, 2000); i++) {
      g.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      g.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
    }
    return (double) (System.nanoTime() - t0) / calls;
  }
}
