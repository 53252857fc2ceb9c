package org.dropout4j.data;

/**
 * A bit-exact Java port of numpy's legacy {@code np.random.RandomState(seed)}: the MT19937 Mersenne Twister
 * (Matsumoto and Nishimura, "Mersenne Twister: a 623-dimensionally equidistributed uniform pseudo-random number
 * generator", ACM TOMACS 8(1), 1998) with numpy's legacy seeding and the legacy samplers that scikit-learn's
 * data set generators use.
 *
 * <p>What is reproduced, each as numpy's {@code numpy/random/src/legacy} and {@code mt19937} C code does it:
 * <ul>
 *   <li>seeding with an int in [0, 2<sup>32</sup>-1]: {@code mt19937_seed}, i.e. Matsumoto's {@code init_genrand}
 *       ({@code key[i] = 1812433253 * (key[i-1] ^ (key[i-1] >>> 30)) + i}), no {@code init_by_array};</li>
 *   <li>{@link #randomSample()}: 53-bit doubles {@code ((a >>> 5) * 2^26 + (b >>> 6)) / 2^53} from two 32-bit
 *       outputs;</li>
 *   <li>{@link #standardNormal()}: {@code legacy_gauss}, the Marsaglia polar method that returns {@code f * x2}
 *       and caches {@code f * x1} for the next call;</li>
 *   <li>{@link #randint(long, long)}, {@link #shuffle(int[])}, {@link #permutation(int)}: legacy masked rejection
 *       sampling ({@code random_interval}, {@code random_bounded_uint64_fill} with {@code use_masked=true}), which
 *       draws 32-bit words while the range fits in 32 bits and 64-bit words (high word first) otherwise.</li>
 * </ul>
 *
 * <p>{@code normal} and {@code standardNormal} use {@link StrictMath#log} and {@link Math#sqrt}; numpy uses the C
 * library's {@code log}, so a value could differ from numpy's in the last bit (measured: identical on all 30
 * reference values of the tests).
 *
 * <p>Instances are mutable and not thread-safe, like numpy's {@code RandomState} without its lock.
 *
 * <pre>{@code
 * NumpyRandomState rs = new NumpyRandomState(42);
 * double u = rs.randomSample();   // 0.3745401188473625, as np.random.RandomState(42).random_sample()
 * int[] p = rs.permutation(10);
 * }</pre>
 */
public final class NumpyRandomState {
  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER_MASK = 0x80000000;
  private static final int LOWER_MASK = 0x7fffffff;
  /** The largest seed numpy's legacy seeding accepts, 2^32 - 1. */
  public static final long MAX_SEED = 0xffffffffL;

  private final int[] key = new int[N];
  private int pos;
  private boolean hasGauss;
  private double gauss;

  /**
   * Seeds the generator like {@code np.random.RandomState(seed)}.
   *
   * @param seed in [0, 2<sup>32</sup>-1], as numpy requires
   * @throws IllegalArgumentException if {@code seed} is out of that range
   */
  public NumpyRandomState(long seed) {
    if (seed < 0 || seed > MAX_SEED) {
      throw new IllegalArgumentException(
          "invalid value for argument `seed`, expected an integer between 0 and 2**32 - 1, received seed=" + seed);
    }
    int s = (int) seed;
    for (int i = 0; i < N; i++) {
      key[i] = s;
      s = 1812433253 * (s ^ (s >>> 30)) + i + 1;
    }
    pos = N;
  }

  private void generate() {
    int i;
    int y;
    for (i = 0; i < N - M; i++) {
      y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; i < N - 1; i++) {
      y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + (M - N)] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    y = (key[N - 1] & UPPER_MASK) | (key[0] & LOWER_MASK);
    key[N - 1] = key[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    pos = 0;
  }

  /** The next tempered 32-bit output as an unsigned value in [0, 2<sup>32</sup>-1] ({@code mt19937_next32}). */
  public long nextUint32() {
    if (pos == N) {
      generate();
    }
    int y = key[pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y & 0xffffffffL;
  }

  /** The next 64-bit word, high 32 bits drawn first ({@code mt19937_next64}). */
  long nextUint64() {
    long hi = nextUint32();
    return (hi << 32) | nextUint32();
  }

  /** A double in [0, 1) with 53 random bits, like {@code random_sample()}. */
  public double randomSample() {
    long a = nextUint32() >>> 5;
    long b = nextUint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /** A standard normal value, like legacy {@code standard_normal()} (Marsaglia polar method, second value cached). */
  public double standardNormal() {
    if (hasGauss) {
      hasGauss = false;
      double cached = gauss;
      gauss = 0.0;
      return cached;
    }
    double x1;
    double x2;
    double r2;
    do {
      x1 = 2.0 * randomSample() - 1.0;
      x2 = 2.0 * randomSample() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    double f = Math.sqrt(-2.0 * StrictMath.log(r2) / r2);
    gauss = f * x1;
    hasGauss = true;
    return f * x2;
  }

  /**
   * A normal value {@code loc + scale * standardNormal()}, like legacy {@code normal(loc, scale)}.
   *
   * @param loc the mean, any finite value
   * @param scale the standard deviation, {@code >= 0}
   * @throws IllegalArgumentException if {@code scale} is negative or NaN
   */
  public double normal(double loc, double scale) {
    if (!(scale >= 0.0)) {
      throw new IllegalArgumentException(
          "invalid value for argument `scale`, expected a number >= 0, received scale=" + scale);
    }
    return loc + scale * standardNormal();
  }

  /**
   * A uniform integer in [low, high), like legacy {@code randint(low, high)} with the default int64 dtype
   * (masked rejection sampling).
   *
   * @param low inclusive lower bound
   * @param high exclusive upper bound, {@code > low}
   * @throws IllegalArgumentException if {@code low >= high}
   */
  public long randint(long low, long high) {
    if (low >= high) {
      throw new IllegalArgumentException(
          "invalid value for argument `high`, expected high > low, received low=" + low + ", high=" + high);
    }
    return low + interval(high - low - 1);
  }

  /**
   * A uniform value in [0, max] by masked rejection, like numpy's {@code random_interval} and the masked path of
   * {@code random_bounded_uint64_fill}: 32-bit draws while {@code max} fits in 32 bits, 64-bit draws otherwise.
   * {@code max} is read as unsigned.
   */
  long interval(long max) {
    if (max == 0) {
      return 0;
    }
    long mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask |= mask >>> 32;
    long value;
    if (Long.compareUnsigned(max, 0xffffffffL) <= 0) {
      do {
        value = nextUint32() & mask;
      } while (value > max);
    } else {
      do {
        value = nextUint64() & mask;
      } while (Long.compareUnsigned(value, max) > 0);
    }
    return value;
  }

  /**
   * Shuffles {@code values} in place like legacy {@code shuffle} on a 1-d array: Fisher-Yates from the last index
   * down, swapping {@code values[i]} with {@code values[j]}, {@code j} drawn from [0, i].
   *
   * @param values the array to shuffle, not null
   * @throws NullPointerException if {@code values} is null
   */
  public void shuffle(int[] values) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = (int) interval(i);
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }

  /**
   * A random permutation of 0..n-1, like legacy {@code permutation(n)} ({@code arange(n)} then {@link #shuffle}).
   *
   * @param n the length, {@code >= 0}
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public int[] permutation(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("invalid value for argument `n`, expected n >= 0, received n=" + n);
    }
    int[] result = new int[n];
    for (int i = 0; i < n; i++) {
      result[i] = i;
    }
    shuffle(result);
    return result;
  }
}
