package org.dropout4j.random;

/**
 * An immutable, counter-based random key: the one source of randomness in dropout4j.
 *
 * <p>A key never changes; it derives child keys with {@link #fold(long)} (one per purpose, epoch, step, layer)
 * and turns a counter into random bits by hashing: word {@code i} of a key's stream is
 * {@code mix64(key + (i + 1) * 0x9E3779B97F4A7C15)}, SplitMix64's output function (Steele, Lea, Flood, "Fast
 * splittable pseudorandom number generators", OOPSLA 2014 — the generator behind
 * {@code java.util.SplittableRandom}). Because element {@code i} of a draw depends only on the key and {@code i},
 * results are identical whatever the number of threads or the order of work, and one seed reproduces a whole run
 * bit for bit. Hashing a counter costs a few nanoseconds, so a dropout mask over a large activation is cheap.
 *
 * <pre>{@code
 * RngKey root = RngKey.of(42);
 * float[] u = new float[10];
 * root.fold(7).fillUniform(u);   // the same ten numbers on every machine and every run
 * }</pre>
 */
public final class RngKey {
  static final long GAMMA = 0x9E37_79B9_7F4A_7C15L;
  private static final long FOLD_SALT = 0xD1B5_4A32_D192_ED03L;
  private static final long FOLD_OUT = 0x6A09_E667_F3BC_C909L;
  private static final float TWO_POW_MINUS_24 = 1f / (1 << 24);
  private static final double TWO_POW_MINUS_32 = 1.0 / (1L << 32);
  /** Golden-ratio increment of the 32-bit Weyl sequence behind Bernoulli decisions. */
  private static final int WEYL32 = 0x9E37_79B9;
  /** lowbias32's multipliers (Chris Wellons' hash prospector). */
  private static final int LOWBIAS_M1 = 0x7FEB_352D;
  private static final int LOWBIAS_M2 = 0x846C_A68B;
  /** Decisions per pass over the Weyl steps. */
  private static final int CHUNK = 1024;
  private static final int[] WEYL_STEPS = new int[CHUNK];

  static {
    for (int j = 0; j < CHUNK; j++) {
      WEYL_STEPS[j] = j * WEYL32;
    }
  }

  private final long key;

  private RngKey(long key) {
    this.key = key;
  }

  /** The key for a user seed (any long, negative included). */
  public static RngKey of(long seed) {
    return new RngKey(mix64(seed ^ 0x5DEE_CE66_DL));
  }

  /** A child key, independent of this key's stream and of children with other {@code data}. */
  public RngKey fold(long data) {
    long base = mix64(key ^ FOLD_SALT);
    return new RngKey(mix64(base + (data + 1) * GAMMA) ^ FOLD_OUT);
  }

  /** A 64-bit value identifying this key (for logs and saved states); {@link #fromBits} restores it. */
  public long bits() {
    return key;
  }

  /** The key whose {@link #bits()} are {@code bits}. */
  public static RngKey fromBits(long bits) {
    return new RngKey(bits);
  }

  /** SplitMix64's finaliser (variant 13 of Stafford's mixers). */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }

  /** Word {@code i} of this key's stream. */
  long word(long i) {
    return mix64(key + (i + 1) * GAMMA);
  }

  /** Uniform floats in {@code [0, 1)} with 24 random bits each; elements 2i and 2i+1 come from word i. */
  public void fillUniform(float[] out) {
    int n = out.length;
    int pairs = n >>> 1;
    long k = key;
    for (int i = 0; i < pairs; i++) {
      long w = mix64(k + (i + 1) * GAMMA);
      out[2 * i] = (w >>> 40) * TWO_POW_MINUS_24;
      out[2 * i + 1] = ((w >>> 8) & 0xFF_FFFFL) * TWO_POW_MINUS_24;
    }
    if ((n & 1) == 1) {
      out[n - 1] = (word(pairs) >>> 40) * TWO_POW_MINUS_24;
    }
  }

  /**
   * A Bernoulli mask: {@code out[i] = value} with probability {@code p}, else 0. Decision i
   * compares a 24-bit uniform from a 32-bit hash of counter i with {@code ceil(p * 2^24)} (the
   * hash: two keyed rounds of Wellons' lowbias32 over a Weyl sequence), so {@code p} is honoured to within 2^-24
   * (6e-8). No branches; the hash loop runs on SIMD lanes.
   */
  public void fillBernoulli(float[] out, float p, float value) {
    fillBernoulli(out, 0, out.length, 0, p, value);
  }

  /**
   * {@code out[off + j] = value} if decision {@code counter + j} keeps, else 0, for {@code j < length}: a slice of
   * the mask {@link #fillBernoulli(float[], float, float)} draws, e.g. one row of a 2-D mask whose element (r, c)
   * uses counter {@code r * width + c}.
   */
  public void fillBernoulli(float[] out, int off, int length, int counter, float p, float value) {
    int threshold = bernoulliThreshold(p);
    int[] bits = new int[Math.min(length, CHUNK)];
    for (int c = 0; c < length; c += CHUNK) {
      int len = Math.min(CHUNK, length - c);
      bernoulliBits(bits, len, counter + c, threshold);
      int o = off + c;
      for (int j = 0; j < len; j++) {
        out[o + j] = value * bits[j];
      }
    }
  }

  /**
   * {@code out[j] = value} if decision {@code counter + j} keeps, else 0, for the whole of {@code out}: the same
   * decisions as {@link #fillBernoulli(float[], int, int, int, float, float)}, for hot loops that fill one row of
   * a mask per call and keep a scratch array instead of allocating one.
   *
   * @param scratch at least {@code min(out.length, 1024)} ints, overwritten
   */
  public void fillBernoulli(float[] out, int counter, float p, float value, int[] scratch) {
    int n = out.length;
    if (n > CHUNK || scratch.length < n) {
      fillBernoulli(out, 0, n, counter, p, value);
      return;
    }
    bernoulliBits(scratch, n, counter, bernoulliThreshold(p));
    for (int j = 0; j < n; j++) {
      out[j] = value * scratch[j];
    }
  }

  /**
   * {@code keep[j] = 1} if decision {@code counter + j} keeps, else 0, for {@code j < length}: the decisions of
   * {@link #fillBernoulli(float[], int, int, int, float, float)} as integers, for kernels that apply a mask inside
   * another loop (e.g. a dot product over the masked values, Monte Carlo dropout's last layer) without converting
   * it to floats first.
   *
   * @param keep at least {@code length} ints, overwritten
   * @param p the probability to keep, as for {@link #fillBernoulli(float[], float, float)}
   */
  public void fillKeepDecisions(int[] keep, int length, int counter, float p) {
    int threshold = bernoulliThreshold(p);
    bernoulliBits(keep, Math.min(length, CHUNK), counter, threshold); // the hash loop indexes from 0: no offsets
    int[] bits = length > CHUNK ? new int[CHUNK] : null;
    for (int c = CHUNK; c < length; c += CHUNK) {
      int len = Math.min(CHUNK, length - c);
      bernoulliBits(bits, len, counter + c, threshold);
      System.arraycopy(bits, 0, keep, c, len);
    }
  }

  /**
   * {@code out[i] = in[i] * value} where {@link #fillBernoulli} keeps element i, else 0: the same decisions applied
   * without materialising the mask (inverted dropout's forward pass, and its backward pass on the gradient,
   * recomputing the mask from the key).
   */
  public void multiplyBernoulli(float[] in, float[] out, float p, float value) {
    int threshold = bernoulliThreshold(p);
    int n = in.length;
    int[] bits = new int[Math.min(n, CHUNK)];
    for (int c = 0; c < n; c += CHUNK) {
      int len = Math.min(CHUNK, n - c);
      bernoulliBits(bits, len, c, threshold);
      for (int j = 0; j < len; j++) {
        out[c + j] = in[c + j] * (value * bits[j]);
      }
    }
  }

  /**
   * Keep decisions (1 keep, 0 drop) for counters {@code [counter, counter + len)}: counter i is hashed as
   * {@code h = lowbias32(lowbias32(i * 0x9E3779B9 + k0) ^ k1)} with the key's two 32-bit halves k0, k1 (a Weyl
   * sequence through two keyed rounds of Wellons' lowbias32 integer hash), and kept iff {@code h >>> 8 <
   * threshold}. Written over an array of precomputed Weyl steps, without the loop index in the arithmetic, so that
   * HotSpot's superword pass vectorises it (about 0.17 ns per decision on one AVX2/AVX-512 core).
   */
  private void bernoulliBits(int[] bits, int len, int counter, int threshold) {
    int k0 = (int) key;
    int k1 = (int) (key >>> 32);
    int base = counter * WEYL32 + k0;
    int[] steps = WEYL_STEPS;
    for (int j = 0; j < len; j++) {
      int h = steps[j] + base;
      h ^= h >>> 16;
      h *= LOWBIAS_M1;
      h ^= h >>> 15;
      h *= LOWBIAS_M2;
      h ^= h >>> 16;
      h ^= k1;
      h ^= h >>> 16;
      h *= LOWBIAS_M1;
      h ^= h >>> 15;
      h *= LOWBIAS_M2;
      h ^= h >>> 16;
      bits[j] = ((h >>> 8) - threshold) >>> 31;
    }
  }

  /** Keep iff the 24-bit uniform {@code u < ceil(p * 2^24)}. */
  private static int bernoulliThreshold(float p) {
    return (int) Math.ceil((double) p * (1 << 24));
  }

  /** Standard normal floats: Box-Muller on the two 32-bit halves of word i for elements 2i and 2i+1. */
  public void fillNormal(float[] out) {
    int n = out.length;
    for (int i = 0; 2 * i < n; i++) {
      long w = word(i);
      double u1 = ((w >>> 32) + 1) * TWO_POW_MINUS_32; // (0, 1]
      double u2 = (w & 0xFFFF_FFFFL) * TWO_POW_MINUS_32;
      double r = Math.sqrt(-2.0 * Math.log(u1));
      double t = 2.0 * Math.PI * u2;
      out[2 * i] = (float) (r * Math.cos(t));
      if (2 * i + 1 < n) {
        out[2 * i + 1] = (float) (r * Math.sin(t));
      }
    }
  }

  /** A sequential generator reading this key's stream, for algorithms that draw one value at a time. */
  public RngStream stream() {
    return new RngStream(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RngKey && ((RngKey) o).key == key;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(key);
  }

  @Override
  public String toString() {
    return "RngKey[" + Long.toHexString(key) + "]";
  }
}
