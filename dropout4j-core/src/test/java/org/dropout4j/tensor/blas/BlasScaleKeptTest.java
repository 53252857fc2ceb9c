package org.dropout4j.tensor.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Blas#scaleKept} (the Vector API loop where the kernel is available, the scalar loop elsewhere) gives, bit
 * for bit, the scalar {@code x * (scale * keep)} of inverted dropout: for lengths around the vector width, offsets,
 * in place, and for NaN, infinities and signed zeros (a dropped infinity is NaN, a dropped negative value -0).
 */
final class BlasScaleKeptTest {
  @Test
  void masked_rows_have_the_bits_of_the_scalar_loop() {
    SplittableRandom r = new SplittableRandom(8);
    float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, -3.5f, Float.MIN_VALUE};
    for (int len : new int[] {0, 1, 15, 16, 17, 33, 512}) {
      float[] src = new float[len + 5];
      int[] keep = new int[len];
      for (int i = 0; i < src.length; i++) {
        src[i] = r.nextInt(4) == 0 ? specials[r.nextInt(specials.length)] : (float) r.nextGaussian();
      }
      for (int p = 0; p < len; p++) {
        keep[p] = r.nextInt(5) == 0 ? 0 : 1;
      }
      float scale = 1f / 0.8f;
      float[] dst = new float[len + 7];
      Blas.scaleKept(dst, 2, src, 3, keep, scale, len);
      float[] inPlace = src.clone();
      Blas.scaleKept(inPlace, 3, inPlace, 3, keep, scale, len);
      for (int p = 0; p < len; p++) {
        int expected = Float.floatToRawIntBits(src[3 + p] * (scale * keep[p]));
        assertEquals(expected, Float.floatToRawIntBits(dst[2 + p]), "len " + len + " element " + p);
        assertEquals(expected, Float.floatToRawIntBits(inPlace[3 + p]), "in place, len " + len + " element " + p);
      }
    }
  }
}
