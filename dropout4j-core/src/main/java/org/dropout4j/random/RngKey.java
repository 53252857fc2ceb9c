package org.dropout4j.random;

/**
 * An immutable, counter-based random key: the one source of randomness in dropout4j.
 *
 * <p>A key never changes; it derives child keys with {@link #fold(long)} (e.g. one per epoch, per batch, per
 * layer) and turns a counter into random bits with the Philox4x32-10 block cipher (Salmon et al., "Parallel
 * random numbers: as easy as 1, 2, 3", SC 2011), the generator JAX and cuRAND use. Because element {@code i} of a
 * draw depends only on the key and {@code i}, results are identical whatever the number of threads or the order
 * in which work is done, and one seed reproduces a whole run bit for bit.
 *
 * <pre>{@code
 * RngKey root = RngKey.of(42);
 * RngKey epochKey = root.fold(Streams.SHUFFLE).fold(epoch);
 * float[] u = new float[10];
 * epochKey.fillUniform(u);   // same ten numbers on every machine, every run
 * }</pre>
 */
public final class RngKey {
  private static final int M0 = 0xD2511F53;
  private static final int M1 = 0xCD9E8D57;
  private static final int W0 = 0x9E3779B9;
  private static final int W1 = 0xBB67AE85;
  private static final float TWO_POW_MINUS_24 = 1f / (1 << 24);

  private final int k0;
  private final int k1;

  private RngKey(int k0, int k1) {
    this.k0 = k0;
    this.k1 = k1;
  }

  /** The key for a user seed (any long, negative included). */
  public static RngKey of(long seed) {
    return new RngKey((int) seed, (int) (seed >>> 32));
  }

  /** A child key, independent of this key and of children with other {@code data}. */
  public RngKey fold(long data) {
    int[] out = new int[4];
    philox(k0, k1, (int) data, (int) (data >>> 32), 0x5EED_F01D, 0x0D15_EA5E, out);
    return new RngKey(out[0], out[1]);
  }

  /** A 64-bit value identifying this key (for logs and saved states). */
  public long bits() {
    return (k0 & 0xFFFF_FFFFL) | ((long) k1 << 32);
  }

  /** The key whose {@link #bits()} are {@code bits}. */
  public static RngKey fromBits(long bits) {
    return of(bits);
  }

  /** Four 32-bit random words for counter {@code block}. */
  void block(long block, int[] out) {
    philox(k0, k1, (int) block, (int) (block >>> 32), 0, 0, out);
  }

  /** Uniform floats in {@code [0, 1)} with 24 random bits each; element i uses counter i. */
  public void fillUniform(float[] out) {
    int[] w = new int[4];
    int n = out.length;
    for (int i = 0; i < n; i += 4) {
      block(i >>> 2, w);
      int m = Math.min(4, n - i);
      for (int j = 0; j < m; j++) {
        out[i + j] = (w[j] >>> 8) * TWO_POW_MINUS_24;
      }
    }
  }

  /** Standard normal floats (Box-Muller on pairs of 32-bit uniforms). */
  public void fillNormal(float[] out) {
    int[] w = new int[4];
    int n = out.length;
    for (int i = 0; i < n; i += 4) {
      block(i >>> 2, w);
      for (int pair = 0; pair < 2; pair++) {
        double u1 = ((w[2 * pair] >>> 8) + 1) * (1.0 / (1 << 24)); // (0, 1]
        double u2 = (w[2 * pair + 1] >>> 8) * (1.0 / (1 << 24));
        double r = Math.sqrt(-2.0 * Math.log(u1));
        double t = 2.0 * Math.PI * u2;
        int idx = i + 2 * pair;
        if (idx < n) {
          out[idx] = (float) (r * Math.cos(t));
        }
        if (idx + 1 < n) {
          out[idx + 1] = (float) (r * Math.sin(t));
        }
      }
    }
  }

  /** A sequential generator reading this key's counter stream, for algorithms that draw one value at a time. */
  public RngStream stream() {
    return new RngStream(this);
  }

  static void philox(int k0, int k1, int c0, int c1, int c2, int c3, int[] out) {
    for (int round = 0; round < 10; round++) {
      long p0 = (M0 & 0xFFFF_FFFFL) * (c0 & 0xFFFF_FFFFL);
      long p1 = (M1 & 0xFFFF_FFFFL) * (c2 & 0xFFFF_FFFFL);
      int hi0 = (int) (p0 >>> 32);
      int lo0 = (int) p0;
      int hi1 = (int) (p1 >>> 32);
      int lo1 = (int) p1;
      int n0 = hi1 ^ c1 ^ k0;
      int n1 = lo1;
      int n2 = hi0 ^ c3 ^ k1;
      int n3 = lo0;
      c0 = n0;
      c1 = n1;
      c2 = n2;
      c3 = n3;
      k0 += W0;
      k1 += W1;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RngKey && ((RngKey) o).k0 == k0 && ((RngKey) o).k1 == k1;
  }

  @Override
  public int hashCode() {
    return 31 * k0 + k1;
  }

  @Override
  public String toString() {
    return "RngKey[" + Long.toHexString(bits()) + "]";
  }
}
