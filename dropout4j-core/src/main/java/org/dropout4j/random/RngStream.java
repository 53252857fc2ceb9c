package org.dropout4j.random;

/**
 * A sequential reader of one {@link RngKey}'s counter stream: uniform ints, doubles and shuffles drawn one at a
 * time. Not thread-safe; make one per task from a key derived for that task.
 */
public final class RngStream {
  private final RngKey key;
  private long index;
  private long word;
  private boolean haveLow;

  RngStream(RngKey key) {
    this.key = key;
  }

  /** The next 32 random bits. */
  public int nextInt() {
    if (haveLow) {
      haveLow = false;
      return (int) word;
    }
    word = key.word(index++);
    haveLow = true;
    return (int) (word >>> 32);
  }

  /** A uniform int in {@code [0, bound)} without modulo bias (Lemire's method with rejection). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, received bound=" + bound);
    }
    long m = (nextInt() & 0xFFFF_FFFFL) * bound;
    long low = m & 0xFFFF_FFFFL;
    if (low < bound) {
      long threshold = (0x1_0000_0000L - bound) % bound;
      while (low < threshold) {
        m = (nextInt() & 0xFFFF_FFFFL) * bound;
        low = m & 0xFFFF_FFFFL;
      }
    }
    return (int) (m >>> 32);
  }

  /** A uniform double in {@code [0, 1)} with 53 random bits. */
  public double nextDouble() {
    long hi = (nextInt() >>> 5) & 0x7FF_FFFFL; // 27 bits
    long lo = (nextInt() >>> 6) & 0x3FF_FFFFL; // 26 bits
    return ((hi << 26) | lo) * 0x1.0p-53;
  }

  /** A uniform float in {@code [0, 1)} with 24 random bits. */
  public float nextFloat() {
    return (nextInt() >>> 8) * (1f / (1 << 24));
  }

  /** A random permutation of {@code 0..n-1} (Fisher-Yates). */
  public int[] permutation(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
