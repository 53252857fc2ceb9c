package org.dropout4j.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dropout4j.tensor.Conv2dGeometry;
import org.dropout4j.tensor.ConvOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parallel;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.dropout4j.tensor.blas.Blas;
import org.dropout4j.tensor.blas.Gemm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The convolution path against raw GEMM of the same work: the second Conv2D of the {@code cnn} preset
 * (Conv2D(64, 3x3, relu) on a 128 x 26 x 26 x 32 NHWC batch, valid padding, output 128 x 24 x 24 x 64).
 *
 * <p>Work per step, counting 2 FLOP per multiply-add, with P = 24 * 24 output pixels, K = 3 * 3 * 32 = 288 and
 * F = 64: forward {@code 2 * 128 * P * K * F} = 2.718 GFLOP; backward twice that (the kernel gradient
 * {@code cols^T dz} and the input gradient {@code dz kernel^T}), so forward + backward = 8.154 GFLOP.
 * GFLOP/s = those numbers / the measured time.
 *
 * <ul>
 *   <li>{@link #convForward}: {@link ConvOps#conv2d} with fused bias + relu, no graph (inference).
 *   <li>{@link #convForwardBackward}: the same with the input, kernel and bias differentiable, then backward from an
 *       all-ones output gradient (im2col, GEMM, bias + relu, relu mask, bias gradient, im2col again, two GEMMs,
 *       col2im), as one training step of that layer does.
 *   <li>{@link #convMaxPoolForwardBackward}: the convolution fused with the following MaxPooling2D(2), as the
 *       preset's model runs it ({@link ConvOps#conv2dMaxPool2d}), backward from an all-ones pooled gradient.
 *   <li>{@link #gemmForward} and {@link #gemmForwardBackward}: only the GEMM calls the convolution makes, with the
 *       same shapes (one sample per group: 576 x 288 x 64 forward, 288 x 64 x 576 kernel gradient, 576 x 64 x 288
 *       input gradient), samples in parallel over the same {@link Parallel} pool, through the same
 *       {@link Blas#gemm()} kernel, on already-unfolded operands. The gap between the conv and GEMM variants is what
 *       im2col/col2im, the element-wise passes and the allocations cost.
 * </ul>
 *
 * <p>Kernel: whatever {@link Blas#gemm()} selects ({@code auto}: OpenBLAS, one OpenBLAS thread per call; inside the
 * per-group tasks every product is one call); choose another with {@code -jvmArgsAppend -Ddropout4j.blas=java}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConvBenchmark {
  /** Batch size of the preset. */
  public static final int N = 128;
  /** Input height and width (the first conv's output). */
  public static final int IN = 26;
  /** Input channels. */
  public static final int C = 32;
  /** Filters. */
  public static final int F = 64;
  /** Kernel height and width. */
  public static final int KS = 3;
  /** Output height and width. */
  public static final int OUT = IN - KS + 1;
  /** Output pixels per sample. */
  public static final int P = OUT * OUT;
  /** Unfolded window length. */
  public static final int KC = KS * KS * C;
  /** FLOP of the forward pass. */
  public static final double FORWARD_FLOP = 2.0 * N * P * KC * F;
  /** FLOP of forward + backward. */
  public static final double FORWARD_BACKWARD_FLOP = 3 * FORWARD_FLOP;

  private Conv2dGeometry geometry;
  private Parameter x;
  private Parameter kernel;
  private Parameter bias;
  private float[] seed;
  private float[] pooledSeed;
  private Conv2dGeometry pool;
  private Gemm gemm;
  private float[] cols;
  private float[] out;
  private float[][] gkPerSample;
  private final ThreadLocal<float[]> dcols = ThreadLocal.withInitial(() -> new float[P * KC]);

  /** Fills the operands (uniform in [-1, 1), fixed seed). */
  @Setup
  public void setup() {
    geometry = Conv2dGeometry.of(IN, IN, KS, KS, 1, 1, 1, 1, false);
    SplittableRandom rnd = new SplittableRandom(1);
    x = new Parameter("x", Tensor.of(Shape.of(N, IN, IN, C), random(rnd, N * IN * IN * C)), true);
    kernel = new Parameter("kernel", Tensor.of(Shape.of(KS, KS, C, F), random(rnd, KC * F)), true);
    bias = new Parameter("bias", Tensor.of(Shape.of(F), random(rnd, F)), true);
    seed = new float[N * P * F];
    Arrays.fill(seed, 1f);
    gemm = Blas.gemm();
    pool = Conv2dGeometry.of(OUT, OUT, 2, 2, 2, 2, 1, 1, false);
    pooledSeed = new float[N * (OUT / 2) * (OUT / 2) * F];
    Arrays.fill(pooledSeed, 1f);
    cols = random(rnd, P * KC);
    out = new float[N * P * F];
    gkPerSample = new float[N][KC * F];
  }

  private static float[] random(SplittableRandom rnd, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) rnd.nextDouble(-1, 1);
    }
    return v;
  }

  /** Forward only, no graph. */
  @Benchmark
  public Tensor convForward() {
    return ConvOps.conv2d(x.constant(), kernel.constant(), bias.constant(), geometry, Ops.FusedActivation.RELU);
  }

  /** Forward and backward; returns the kernel gradient so the work cannot be eliminated. */
  @Benchmark
  public float[] convForwardBackward() {
    x.zeroGrad();
    kernel.zeroGrad();
    bias.zeroGrad();
    Tensor y = ConvOps.conv2d(x.value(), kernel.value(), bias.value(), geometry, Ops.FusedActivation.RELU);
    y.backward(seed);
    return kernel.gradData();
  }

  /** The convolution fused with MaxPooling2D(2), forward and backward; returns the kernel gradient. */
  @Benchmark
  public float[] convMaxPoolForwardBackward() {
    x.zeroGrad();
    kernel.zeroGrad();
    bias.zeroGrad();
    Tensor y = ConvOps.conv2dMaxPool2d(x.value(), kernel.value(), bias.value(), geometry, Ops.FusedActivation.RELU,
        pool);
    y.backward(pooledSeed);
    return kernel.gradData();
  }

  /** The forward GEMMs only (same shapes and kernel as {@link #convForward}). */
  @Benchmark
  public float[] gemmForward() {
    float[] k = kernel.data();
    Parallel.run(N, s -> gemm.sgemm(false, false, P, F, KC, 1f, cols, 0, KC, k, 0, F, 0f, out, s * P * F, F));
    return out;
  }

  /** The forward and backward GEMMs only (same shapes and kernel as {@link #convForwardBackward}). */
  @Benchmark
  public float[][] gemmForwardBackward() {
    float[] k = kernel.data();
    Parallel.run(N, s -> gemm.sgemm(false, false, P, F, KC, 1f, cols, 0, KC, k, 0, F, 0f, out, s * P * F, F));
    Parallel.run(N, s -> {
      gemm.sgemm(true, false, KC, F, P, 1f, cols, 0, KC, out, s * P * F, F, 1f, gkPerSample[s], 0, F);
      gemm.sgemm(false, true, P, KC, F, 1f, out, s * P * F, F, k, 0, F, 0f, dcols.get(), 0, KC);
    });
    return gkPerSample;
  }
}
