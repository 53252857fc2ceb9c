package org.dropout4j.tensor.blas;

import java.util.Locale;

/**
 * Entry point to the matrix-multiply kernels of the tensor core.
 *
 * <p>{@link #gemm()} returns the kernel selected by the system property {@value #PROPERTY}, or if that is unset the
 * environment variable {@value #ENV}; both take one of
 * <ul>
 *   <li>{@code auto} (default): the Vector API kernel, when it is available (see below), for the products it
 *       computes faster than OpenBLAS (a depth of at least 32, at least 8 columns, at least 2^14 multiply-adds, and
 *       more than 4 rows and more than 4 columns); the rest as {@code auto-native}.</li>
 *   <li>{@code auto-native}: OpenBLAS if its native library loads, products with m * n * k below
 *       {@value #AUTO_JAVA_BELOW} multiply-adds going to the Java kernel, which is faster than the JNI call plus the
 *       copies at that size; otherwise the Java kernel for everything, with one {@code DEBUG} message to the
 *       {@link System.Logger} named {@code org.dropout4j.tensor.blas.Blas} (the library prints nothing itself;
 *       the JDK's default logging backend shows {@code DEBUG}, i.e. {@code FINE}, only when configured to).</li>
 *   <li>{@code native}: OpenBLAS for every product; {@link #gemm()} throws if it cannot load.</li>
 *   <li>{@code java}: the pure-Java kernel, multi-threaded for large products.</li>
 *   <li>{@code vector}: the Vector API kernel for every product; {@link #gemm()} throws if it is not available.</li>
 * </ul>
 * The Vector API kernel ({@code jdk.incubator.vector}) is available when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (the JDK then prints {@code WARNING: Using incubator modules} on
 * standard error at start-up) and its preferred vector width is 512 bits (AVX-512). Each element of its product is
 * one fused multiply-add chain over the depth in ascending order, so its bits do not depend on threads or blocking.
 * Without the module no class of it is loaded.
 * The selection is made once, on the first call of {@link #gemm()}.
 *
 * <p>Example:
 * <pre>{@code
 * float[] a = {1, 2, 3, 4, 5, 6};     // 2 x 3
 * float[] b = {1, 0, 0, 1, 1, 1};     // 3 x 2
 * float[] c = new float[4];           // 2 x 2
 * Blas.gemm().sgemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2);
 * // c = {4, 5, 10, 11}
 * }</pre>
 *
 * <p>The Java kernel gives bit-identical results for any thread count. OpenBLAS is repeatable for a fixed OpenBLAS
 * thread count but not across thread counts (1 vs 2 threads changed 4-40% of the elements of a 300x300x300 to
 * 2000x10x50 product in the last bit(s)), so dropout4j runs it single-threaded unless {@code OPENBLAS_NUM_THREADS} is
 * set: the same seed then gives the same bits on any machine. The two kernels sum in different
 * orders, so they agree to float rounding (relative error about k * 2^-24), not bit for bit.
 */
public final class Blas {
  /**
   * System property that selects the kernel: {@code auto}, {@code auto-native}, {@code native}, {@code java} or
   * {@code vector}.
   */
  public static final String PROPERTY = "dropout4j.blas";
  /** Environment variable read when {@link #PROPERTY} is unset. */
  public static final String ENV = "DROPOUT4J_BLAS";
  /** Selection used when neither the property nor the environment variable is set. */
  public static final String DEFAULT = "auto";
  /**
   * In the {@code auto} modes, products with fewer multiply-adds (m * n * k) than this go to the Java kernel.
   *
   * <p>Measured on a 2-core AMD EPYC (AVX-512), JDK 17, both kernels timed in alternation (ns per call, Java /
   * OpenBLAS; {@code GemmBenchmark} in the dropout4j-bench module measures the same kernels): 1x1x1 23 / 142,
   * 4x4x4 96 / 106, 8x8x8 426 / 160, 16x16x16 1002 / 342, 30x2x500 3558 / 2529, 30x500x1 5589 / 4572. A JNI call
   * costs about 110 ns, and OpenBLAS wins from about 4 x 4 x 4 up, so only trivially small products stay in Java.
   */
  public static final long AUTO_JAVA_BELOW = 64;

  private Blas() {
  }

  /**
   * The selected kernel (see the class documentation).
   *
   * @throws IllegalArgumentException if {@value #PROPERTY} or {@value #ENV} holds a value other than {@code auto},
   *     {@code auto-native}, {@code native}, {@code java} or {@code vector}
   * @throws IllegalStateException if {@code native} is selected and OpenBLAS cannot load, or {@code vector} and the
   *     Vector API kernel is not available
   */
  public static Gemm gemm() {
    return Selected.GEMM;
  }

  /** The pure-Java kernel, using {@link Runtime#availableProcessors()} threads for large products. */
  public static Gemm java() {
    return JavaKernel.INSTANCE;
  }

  /**
   * The OpenBLAS kernel; loads the native library on first call.
   *
   * @throws IllegalStateException if the native library cannot be loaded; the message and cause say why
   */
  public static Gemm openBlas() {
    return OpenBlasGemm.instance();
  }

  /**
   * Whether {@link #gemm()} computes {@code C = alpha * A * B + beta * C} of this shape (neither operand transposed,
   * {@code alpha != 0}) one element at a time as {@code alpha * dot(row i of A, column j of B) + beta * C[i][j]}
   * with {@link #dot}: true for one to four columns of C over more than four rows, which every kernel computes that
   * way in Java from the heap. A caller that builds the rows of A itself (e.g. a dropout mask applied to them) may
   * then compute those dot products row by row and get the product's bits. Decided from the shape, without loading
   * the native library (only a {@code native} or invalid selection is resolved, so that it fails as {@code gemm()}
   * would).
   */
  public static boolean computesDots(int m, int n, int k) {
    if (!FewColumnsGemm.applies(false, false, m, n, k) || FewRowsGemm.applies(false, m, n, k)) {
      return false;
    }
    String selected = configured(System.getProperty(PROPERTY), System.getenv(ENV)).value.trim()
        .toLowerCase(Locale.ROOT);
    if (!selected.equals("auto") && !selected.equals("auto-native") && !selected.equals("java")) {
      gemm();
    }
    return true;
  }


  /**
   * The dot product of {@code x[xo, xo + len)} and {@code y[yo, yo + len)} as the Java kernels take it: four
   * interleaved partial sums ({@code p mod 4}, the remainder into the first) added as {@code (s0 + s1) + (s2 + s3)},
   * an order that depends on {@code len} only.
   */
  public static float dot(float[] x, int xo, float[] y, int yo, int len) {
    return JavaGemm.dot(x, xo, y, yo, len);
  }

  /**
   * {@code products[p] * keep[p]} (keep 0 or 1) summed in {@link #dot}'s order. With finite
   * {@code products[p] = (x[p] * scale) * y[p]} this is, to the bit, {@code dot} of the masked values
   * {@code x[p] * (scale * keep[p])} and {@code y}: a dropped term is {@code ±0}, which leaves a partial sum as it is
   * (the sums start at {@code +0}, and an addition gives {@code -0} only from two of them). Inverted dropout followed
   * by a product computes the products once and each mask's sum here.
   */
  public static float keptSum(float[] products, int[] keep, int len) {
    return JavaGemm.keptSum(products, keep, len);
  }

  /**
   * {@code dst[dstOffset + p] = src[srcOffset + p] * (scale * keep[p])} for {@code p < len} (keep 0 or 1): inverted
   * dropout's mask applied to a row, with the Vector API where {@link #vectorAvailable()} (HotSpot leaves the
   * scalar loop's int-to-float conversion unvectorised) and the scalar loop elsewhere; the same bits either way.
   * {@code dst} and {@code src} may be the same array at the same offset, not overlapping otherwise.
   */
  public static void scaleKept(float[] dst, int dstOffset, float[] src, int srcOffset, int[] keep, float scale,
      int len) {
    if (VectorKernel.available()) {
      VectorRows.scaleKept(dst, dstOffset, src, srcOffset, keep, scale, len);
      return;
    }
    for (int p = 0; p < len; p++) {
      dst[dstOffset + p] = src[srcOffset + p] * (scale * keep[p]);
    }
  }

  /**
   * The Vector API kernel for every product (what {@code vector} selects).
   *
   * @throws IllegalStateException if it is not available in this JVM; the message says why (the module flag to add,
   *     or the vector width found)
   */
  public static Gemm vector() {
    return VectorKernel.create();
  }

  /**
   * Whether the Vector API kernel can run in this JVM: {@code jdk.incubator.vector} is in the boot layer and the
   * preferred vector width is 512 bits. Loads no incubator class when the module is absent.
   */
  public static boolean vectorAvailable() {
    return VectorKernel.available();
  }

  /** Whether the OpenBLAS native library loads on this machine; loads it on first call. */
  public static boolean nativeAvailable() {
    return OpenBlasGemm.available();
  }

  private static final class JavaKernel {
    static final Gemm INSTANCE = new JavaGemm(Runtime.getRuntime().availableProcessors());
  }

  private static final class Selected {
    static final Gemm GEMM = select(configured(System.getProperty(PROPERTY), System.getenv(ENV)));
  }

  /** The configured selection: the property if set, else the environment variable, else {@link #DEFAULT}. */
  static Setting configured(String property, String env) {
    if (property != null) {
      return new Setting(PROPERTY, property);
    }
    if (env != null) {
      return new Setting(ENV, env);
    }
    return new Setting(PROPERTY, DEFAULT);
  }

  /**
   * The kernel for a setting.
   *
   * @throws IllegalArgumentException for an unknown value, naming the source, the value and the allowed values
   * @throws IllegalStateException for {@code native} when OpenBLAS cannot load
   */
  static Gemm select(Setting setting) {
    switch (setting.value.trim().toLowerCase(Locale.ROOT)) {
      case "auto":
        return auto(true);
      case "auto-native":
        return auto(false);
      case "native":
        return openBlas();
      case "java":
        return java();
      case "vector":
        return vector();
      default:
        throw new IllegalArgumentException("invalid value for `" + setting.source
            + "`, expected one of auto, auto-native, native, java, vector, received " + setting.source + "="
            + setting.value);
    }
  }

  /** The automatic selection, with the Vector API kernel for its shapes when {@code withVector} and available. */
  private static Gemm auto(boolean withVector) {
    Gemm vector = withVector && vectorAvailable() ? vector() : null;
    if (nativeAvailable()) {
      return new AutoGemm(java(), vector, openBlas(), AUTO_JAVA_BELOW);
    }
    System.getLogger(Blas.class.getName()).log(System.Logger.Level.DEBUG,
        "dropout4j: OpenBLAS not available, using the pure-Java BLAS kernel" + (vector == null ? "" : " besides the "
            + "Vector API kernel") + " (" + PROPERTY + "=auto)");
    return vector == null ? java() : new AutoGemm(java(), vector, java(), AUTO_JAVA_BELOW);
  }

  /** A selection value and where it came from (property or environment variable name). */
  static final class Setting {
    final String source;
    final String value;

    Setting(String source, String value) {
      this.source = source;
      this.value = value;
    }
  }
}
