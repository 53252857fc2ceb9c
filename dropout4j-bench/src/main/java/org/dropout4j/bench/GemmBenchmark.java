package org.dropout4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dropout4j.tensor.blas.Blas;
import org.dropout4j.tensor.blas.Gemm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Average time of one {@code sgemm} (alpha 1, beta 0) for the Java, OpenBLAS and Vector API kernels on the shapes of a
 * small MLP,
 * without transposes ({@code NN}) and with A or B transposed ({@code TN}, {@code NT}, the two forms the backward
 * passes use). Shapes are m x k x n: op(A) is m x k, op(B) is k x n. GFLOP/s = 2 m n k / time. For example
 * {@code java -jar dropout4j-bench/target/benchmarks.jar GemmBenchmark -p kernel=java,openblas,auto -p trans=NN,TN,NT
 * -p shape=2048x2048x2048}. The forked JVM resolves {@code jdk.incubator.vector}, as the launcher's do, so that
 * {@code vector} (and {@code auto}'s choice of it) is available on an AVX-512 machine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {
  /**
   * Kernel: {@code java}, {@code openblas}, {@code vector} or {@code auto} (what {@link Blas#gemm()} selects by
   * default).
   */
  @Param({"java", "openblas", "vector"})
  public String kernel;

  /** Transposes of A and B: {@code NN}, {@code TN} or {@code NT}. */
  @Param({"NN"})
  public String trans;

  /** Shape m x k x n. */
  @Param({"30x2x500", "30x500x1", "128x512x10", "128x512x512", "128x784x512"})
  public String shape;

  private Gemm gemm;
  private int m;
  private int k;
  private int n;
  private float[] a;
  private float[] b;
  private float[] c;
  private boolean transA;
  private boolean transB;
  private int lda;
  private int ldb;

  /** Parses the parameters and fills the operands. */
  @Setup
  public void setup() {
    switch (kernel) {
      case "java":
        gemm = Blas.java();
        break;
      case "openblas":
        gemm = Blas.openBlas();
        break;
      case "vector":
        gemm = Blas.vector();
        break;
      case "auto":
        gemm = Blas.gemm();
        break;
      default:
        throw new IllegalArgumentException("invalid value for argument `kernel`, expected one of java, openblas, "
            + "vector, auto, received kernel=" + kernel);
    }
    String[] dims = shape.split("x");
    m = Integer.parseInt(dims[0]);
    k = Integer.parseInt(dims[1]);
    n = Integer.parseInt(dims[2]);
    if (!trans.matches("[NT][NT]")) {
      throw new IllegalArgumentException("invalid value for argument `trans`, expected NN, TN, NT or TT, received "
          + "trans=" + trans);
    }
    transA = trans.charAt(0) == 'T';
    transB = trans.charAt(1) == 'T';
    lda = transA ? m : k;
    ldb = transB ? k : n;
    SplittableRandom rnd = new SplittableRandom(1);
    a = new float[m * k];
    b = new float[k * n];
    c = new float[m * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) rnd.nextDouble(-1, 1);
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) rnd.nextDouble(-1, 1);
    }
  }

  /** One product; returns C so the work cannot be eliminated. */
  @Benchmark
  public float[] sgemm() {
    gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
    return c;
  }
}
