package org.dropout4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link ToyDatasets} against scikit-learn 1.2.1 / numpy 1.24.2 output stored in {@code src/test/resources/data}
 * (see PROVENANCE.md there): every feature within {@value #TOLERANCE}, every label exact.
 */
class ToyDatasetsTest {
  private static final double TOLERANCE = 1e-12;

  private static void assertMatches(String referenceFile, LabeledData actual) {
    LabeledData expected = ReferenceFiles.labeled(referenceFile);
    assertEquals(expected.size(), actual.size(), "number of rows");
    assertArrayEquals(expected.y(), actual.y(), "labels");
    for (int r = 0; r < expected.size(); r++) {
      for (int c = 0; c < 2; c++) {
        assertEquals(expected.x(r, c), actual.x(r, c), TOLERANCE, referenceFile + " row " + r + " column " + c);
      }
    }
  }

  @Test
  void makeCircles_n100Noise01Seed1_matchesSklearn() {
    assertMatches("circles-n100-noise0.1-rs1.csv", ToyDatasets.makeCircles(100, 0.1, 1));
  }

  @Test
  void makeCircles_oddN101Factor05Noise005Seed42_matchesSklearn() {
    assertMatches("circles-n101-factor0.5-noise0.05-rs42.csv",
        ToyDatasets.makeCircles(101, true, 0.05, 42, 0.5));
  }

  @Test
  void makeCircles_withoutShuffle_matchesSklearn() {
    assertMatches("circles-n100-noshuffle-noise0.1-rs1.csv", ToyDatasets.makeCircles(100, false, 0.1, 1, 0.8));
  }

  @Test
  void makeCircles_withoutNoise_matchesSklearn() {
    assertMatches("circles-n100-nonoise-rs1.csv", ToyDatasets.makeCircles(100, true, null, 1, 0.8));
  }

  @Test
  void makeMoons_n100Noise01Seed1_matchesSklearn() {
    assertMatches("moons-n100-noise0.1-rs1.csv", ToyDatasets.makeMoons(100, 0.1, 1));
  }

  @Test
  void makeMoons_oddN101WithoutShuffleOrNoise_matchesSklearn() {
    assertMatches("moons-n101-noshuffle-nonoise.csv", ToyDatasets.makeMoons(101, false, null, 0));
  }

  @Test
  void makeCircles_oddN_givesInnerCircleTheExtraPoint() {
    int[] y = ToyDatasets.makeCircles(7, false, null, 0, 0.3).y();
    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 1}, y);
  }

  @Test
  void makeCircles_withoutNoise_putsPointsOnRadiusOneAndFactor() {
    LabeledData d = ToyDatasets.makeCircles(8, true, null, 3, 0.3);
    for (int r = 0; r < d.size(); r++) {
      double radius = Math.hypot(d.x(r, 0), d.x(r, 1));
      assertEquals(d.label(r) == 0 ? 1.0 : 0.3, radius, 1e-15, "row " + r);
    }
  }

  @Test
  void makeCircles_zeroSamples_isEmptyLikeSklearn() {
    assertEquals(0, ToyDatasets.makeCircles(0, true, 0.1, 0, 0.8).size());
  }

  @Test
  void makeCircles_oneSample_isOnTheInnerCircleLikeSklearn() {
    // sklearn 1.2.1: make_circles(1, random_state=0, noise=0.1) == [[0.9764052345967664, 0.040015720836722335]], [1]
    LabeledData d = ToyDatasets.makeCircles(1, true, 0.1, 0, 0.8);
    assertArrayEquals(new double[][] {{0.9764052345967664, 0.040015720836722335}}, d.x());
    assertArrayEquals(new int[] {1}, d.y());
  }

  @Test
  void makeCircles_sharedGenerator_continuesTheStream() {
    NumpyRandomState rs = new NumpyRandomState(9);
    LabeledData first = ToyDatasets.makeCircles(10, true, 0.1, rs, 0.8);
    LabeledData second = ToyDatasets.makeCircles(10, true, 0.1, rs, 0.8);
    assertEquals(first, ToyDatasets.makeCircles(10, true, 0.1, 9, 0.8));
    assertNotEquals(first, second, "the second call must draw new values");
  }

  @Test
  void nSamples_negative_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ToyDatasets.makeCircles(-1, 0.1, 0));
    assertTrue(e.getMessage().contains("`n_samples`") && e.getMessage().contains("n_samples=-1"), e.getMessage());
  }

  @Test
  void noise_negative_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ToyDatasets.makeMoons(100, -0.1, 0));
    assertTrue(e.getMessage().contains("`noise`") && e.getMessage().contains("noise=-0.1"), e.getMessage());
  }

  @Test
  void noise_nan_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ToyDatasets.makeCircles(100, Double.NaN, 0));
    assertTrue(e.getMessage().contains("noise=NaN"), e.getMessage());
  }

  @Test
  void factor_one_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ToyDatasets.makeCircles(100, true, null, 0, 1.0));
    assertTrue(e.getMessage().contains("`factor`") && e.getMessage().contains("factor=1.0"), e.getMessage());
  }

  @Test
  void factor_negative_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ToyDatasets.makeCircles(100, true, null, 0, -0.2));
    assertTrue(e.getMessage().contains("factor=-0.2"), e.getMessage());
  }

  @Test
  void randomState_above32Bits_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ToyDatasets.makeMoons(100, 0.1, 1L << 32));
    assertTrue(e.getMessage().contains("seed=4294967296"), e.getMessage());
  }
}
