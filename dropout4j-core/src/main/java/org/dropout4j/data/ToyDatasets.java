package org.dropout4j.data;

/**
 * scikit-learn's two-dimensional toy classification sets, {@code make_circles} and {@code make_moons}, reproduced
 * value for value: for the same arguments and integer {@code random_state} the labels and the row order are exactly
 * scikit-learn's (the random draws are bit-exact, see {@link NumpyRandomState}) and the features agree to within a
 * few ulp (measured: at most 4.4e-16 in absolute value).
 *
 * <p>The features cannot be bit-exact everywhere because numpy's own {@code np.sin}/{@code np.cos} depend on the
 * CPU: on x86 with AVX-512, numpy 1.22+ uses SVML kernels that differ from the C library in about half of the
 * values by 1-4 ulp; elsewhere it uses the C library. This class uses {@link StrictMath} (fdlibm), so its output is
 * the same on every JVM and platform. Measured against scikit-learn 1.2.1 / numpy 1.24.2: with AVX-512 about half
 * of the features differ by up to 2.2e-16 (circles) or 4.4e-16 (moons); with AVX-512 disabled 1-3% differ by
 * 1-2 ulp.
 *
 * <p>Names and defaults are scikit-learn's: {@code n_samples=100}, {@code shuffle=True}, {@code noise=None},
 * {@code factor=0.8}. {@code noise} is a nullable {@link Double}: {@code null} is Python's {@code None} (no Gaussian
 * draws at all); {@code 0.0} draws the noise and adds zeros, which matters only when a {@link NumpyRandomState} is
 * shared with later calls.
 *
 * <p>The algorithm, as in scikit-learn 0.23 to 1.5 (checked against the 1.2.1 source that wrote the reference
 * files):
 * <ol>
 *   <li>{@code n_out = n_samples / 2} (floor) points of label 0 and {@code n_in = n_samples - n_out} points of label 1,
 *       so for odd {@code n_samples} the inner circle (or second moon) has one point more;</li>
 *   <li>circles: angles {@code linspace(0, 2*pi, n, endpoint=False)}, i.e. {@code i * (2*pi / n)}; the outer circle
 *       has radius 1 and the inner one radius {@code factor}. Moons: {@code t = linspace(0, pi, n)}, the outer moon
 *       {@code (cos t, sin t)}, the inner {@code (1 - cos t, 1 - sin t - 0.5)};</li>
 *   <li>all label-0 rows, then all label-1 rows; if {@code shuffle}, rows are permuted by
 *       {@code sklearn.utils.shuffle}, which is {@code indices = arange(n); random_state.shuffle(indices)};</li>
 *   <li>if {@code noise} is given, {@code X += random_state.normal(scale=noise, size=(n, 2))}, drawn in row-major
 *       order.</li>
 * </ol>
 *
 * <p>Version differences: scikit-learn before 0.23 built {@code make_circles} from one
 * {@code linspace(0, 2*pi, n_samples // 2 + 1)[:-1]} for both circles, so an odd {@code n_samples} gave
 * {@code n_samples - 1} points (even {@code n_samples} gives the same values as here). It also accepted
 * {@code factor=1}. scikit-learn 1.3 added parameter validation ({@code InvalidParameterError} instead of a
 * {@code ValueError} from numpy) but kept the values. scikit-learn accepts {@code n_samples=0} (empty arrays), and so
 * does this class.
 *
 * <pre>{@code
 * LabeledData circles = ToyDatasets.makeCircles(100, 0.1, 1);           // make_circles(noise=0.1, random_state=1)
 * LabeledData moons = ToyDatasets.makeMoons(100, true, null, 0);        // make_moons(random_state=0)
 * }</pre>
 */
public final class ToyDatasets {
  /** scikit-learn's default {@code n_samples}. */
  public static final int DEFAULT_N_SAMPLES = 100;
  /** scikit-learn's default {@code shuffle}. */
  public static final boolean DEFAULT_SHUFFLE = true;
  /** scikit-learn's default {@code factor} of {@code make_circles}. */
  public static final double DEFAULT_FACTOR = 0.8;

  private ToyDatasets() {
  }

  /**
   * {@code make_circles(n_samples, noise=noise, random_state=randomState)} with the default shuffle and factor.
   *
   * @see #makeCircles(int, boolean, Double, NumpyRandomState, double)
   */
  public static LabeledData makeCircles(int nSamples, double noise, long randomState) {
    return makeCircles(nSamples, DEFAULT_SHUFFLE, noise, randomState, DEFAULT_FACTOR);
  }

  /**
   * {@code make_circles} with an integer {@code random_state}, i.e. a fresh {@code RandomState(randomState)}.
   *
   * @param randomState seed in [0, 2<sup>32</sup>-1]
   * @throws IllegalArgumentException for an invalid argument (see the generator overload) or seed
   * @see #makeCircles(int, boolean, Double, NumpyRandomState, double)
   */
  public static LabeledData makeCircles(int nSamples, boolean shuffle, Double noise, long randomState,
      double factor) {
    validate(nSamples, noise);
    validateFactor(factor);
    return makeCircles(nSamples, shuffle, noise, new NumpyRandomState(randomState), factor);
  }

  /**
   * A large circle (radius 1, label 0) around a smaller one (radius {@code factor}, label 1), like
   * {@code sklearn.datasets.make_circles}.
   *
   * @param nSamples total number of points, {@code >= 0} (default 100); the inner circle gets the odd one
   * @param shuffle whether to shuffle the rows (default true)
   * @param noise standard deviation of the Gaussian noise, finite and {@code >= 0}, or null for none (default)
   * @param randomState the generator to draw from; it is advanced
   * @param factor inner radius relative to the outer one, in [0, 1) (default 0.8)
   * @return {@code nSamples} rows of 2 features and labels 0/1
   * @throws IllegalArgumentException if {@code nSamples < 0}, {@code noise} is negative or not finite, or
   *     {@code factor} is outside [0, 1); the message names the argument and echoes the value
   * @throws NullPointerException if {@code randomState} is null
   */
  public static LabeledData makeCircles(int nSamples, boolean shuffle, Double noise, NumpyRandomState randomState,
      double factor) {
    validate(nSamples, noise);
    validateFactor(factor);
    if (randomState == null) {
      throw new NullPointerException("randomState");
    }
    int nOut = nSamples / 2;
    int nIn = nSamples - nOut;
    double[][] x = new double[nSamples][];
    double stepOut = 2 * Math.PI / nOut;
    for (int i = 0; i < nOut; i++) {
      double angle = i * stepOut;
      x[i] = new double[] {StrictMath.cos(angle), StrictMath.sin(angle)};
    }
    double stepIn = 2 * Math.PI / nIn;
    for (int i = 0; i < nIn; i++) {
      double angle = i * stepIn;
      x[nOut + i] = new double[] {StrictMath.cos(angle) * factor, StrictMath.sin(angle) * factor};
    }
    return finish(x, nOut, shuffle, noise, randomState);
  }

  /**
   * {@code make_moons(n_samples, noise=noise, random_state=randomState)} with the default shuffle.
   *
   * @see #makeMoons(int, boolean, Double, NumpyRandomState)
   */
  public static LabeledData makeMoons(int nSamples, double noise, long randomState) {
    return makeMoons(nSamples, DEFAULT_SHUFFLE, noise, randomState);
  }

  /**
   * {@code make_moons} with an integer {@code random_state}, i.e. a fresh {@code RandomState(randomState)}.
   *
   * @param randomState seed in [0, 2<sup>32</sup>-1]
   * @throws IllegalArgumentException for an invalid argument (see the generator overload) or seed
   * @see #makeMoons(int, boolean, Double, NumpyRandomState)
   */
  public static LabeledData makeMoons(int nSamples, boolean shuffle, Double noise, long randomState) {
    validate(nSamples, noise);
    return makeMoons(nSamples, shuffle, noise, new NumpyRandomState(randomState));
  }

  /**
   * Two interleaving half circles, like {@code sklearn.datasets.make_moons}: the upper moon
   * {@code (cos t, sin t)} with label 0 and the lower moon {@code (1 - cos t, 1 - sin t - 0.5)} with label 1,
   * {@code t} evenly spaced over [0, pi] including both ends.
   *
   * @param nSamples total number of points, {@code >= 0} (default 100); the second moon gets the odd one
   * @param shuffle whether to shuffle the rows (default true)
   * @param noise standard deviation of the Gaussian noise, finite and {@code >= 0}, or null for none (default)
   * @param randomState the generator to draw from; it is advanced
   * @return {@code nSamples} rows of 2 features and labels 0/1
   * @throws IllegalArgumentException if {@code nSamples < 0} or {@code noise} is negative or not finite
   * @throws NullPointerException if {@code randomState} is null
   */
  public static LabeledData makeMoons(int nSamples, boolean shuffle, Double noise, NumpyRandomState randomState) {
    validate(nSamples, noise);
    if (randomState == null) {
      throw new NullPointerException("randomState");
    }
    int nOut = nSamples / 2;
    int nIn = nSamples - nOut;
    double[][] x = new double[nSamples][];
    double[] tOut = linspaceToPi(nOut);
    for (int i = 0; i < nOut; i++) {
      x[i] = new double[] {StrictMath.cos(tOut[i]), StrictMath.sin(tOut[i])};
    }
    double[] tIn = linspaceToPi(nIn);
    for (int i = 0; i < nIn; i++) {
      x[nOut + i] = new double[] {1 - StrictMath.cos(tIn[i]), 1 - StrictMath.sin(tIn[i]) - 0.5};
    }
    return finish(x, nOut, shuffle, noise, randomState);
  }

  /** numpy's {@code linspace(0, pi, n)}: {@code i * (pi / (n - 1))}, the last value set to pi exactly. */
  static double[] linspaceToPi(int n) {
    double[] t = new double[n];
    if (n > 1) {
      double step = Math.PI / (n - 1);
      for (int i = 0; i < n; i++) {
        t[i] = i * step;
      }
      t[n - 1] = Math.PI;
    }
    return t;
  }

  private static LabeledData finish(double[][] x, int nOut, boolean shuffle, Double noise, NumpyRandomState rs) {
    int n = x.length;
    int[] y = new int[n];
    for (int i = nOut; i < n; i++) {
      y[i] = 1;
    }
    if (shuffle) {
      int[] order = rs.permutation(n);
      double[][] shuffledX = new double[n][];
      int[] shuffledY = new int[n];
      for (int i = 0; i < n; i++) {
        shuffledX[i] = x[order[i]];
        shuffledY[i] = y[order[i]];
      }
      x = shuffledX;
      y = shuffledY;
    }
    if (noise != null) {
      for (double[] row : x) {
        for (int j = 0; j < row.length; j++) {
          row[j] += rs.normal(0.0, noise);
        }
      }
    }
    return new LabeledData(x, y);
  }

  private static void validate(int nSamples, Double noise) {
    if (nSamples < 0) {
      throw new IllegalArgumentException(
          "invalid value for argument `n_samples`, expected an integer >= 0, received n_samples=" + nSamples);
    }
    if (noise != null && !(noise >= 0.0 && noise < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "invalid value for argument `noise`, expected a finite number >= 0 or null, received noise=" + noise);
    }
  }

  private static void validateFactor(double factor) {
    if (!(factor >= 0.0 && factor < 1.0)) {
      throw new IllegalArgumentException(
          "invalid value for argument `factor`, expected a number in [0, 1), received factor=" + factor);
    }
  }
}
