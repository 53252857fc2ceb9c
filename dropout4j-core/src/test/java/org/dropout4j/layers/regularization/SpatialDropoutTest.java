package org.dropout4j.layers.regularization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Input;
import org.dropout4j.models.Sequential;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The spatial dropout contract: one keep/drop decision per (sample, channel), kept channels scaled by
 * {@code 1 / (1 - rate)}, the dropped fraction of 10^6 channel decisions within 4 sigma of {@code rate}
 * (sigma = sqrt(rate (1 - rate) / 10^6) ≈ 4.6e-4 at rate 0.3), channels on the last axis or on axis 1.
 */
class SpatialDropoutTest {
  private static final float RATE = 0.3f;
  private static final int SAMPLES = 1000;
  private static final int CHANNELS = 1000;

  /** A layer, an input shape with 10^6 (sample, channel) pairs, and the channel axis. */
  static final class Case {
    final String label;
    final Supplier<BaseDropout> layer;
    final int[] dims;
    final int channelAxis;

    Case(String label, Supplier<BaseDropout> layer, int channelAxis, int... dims) {
      this.label = label;
      this.layer = layer;
      this.dims = dims;
      this.channelAxis = channelAxis;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("1D", () -> new SpatialDropout1D(RATE), 2, SAMPLES, 3, CHANNELS),
        new Case("2D channels_last", () -> new SpatialDropout2D(RATE), 3, SAMPLES, 2, 2, CHANNELS),
        new Case("2D channels_first", () -> new SpatialDropout2D(RATE, "channels_first", null, null), 1,
            SAMPLES, CHANNELS, 2, 2),
        new Case("3D channels_last", () -> new SpatialDropout3D(RATE), 4, SAMPLES, 2, 1, 2, CHANNELS),
        new Case("3D channels_first", () -> new SpatialDropout3D(RATE, "channels_first", null, null), 1,
            SAMPLES, CHANNELS, 2, 1, 2));
  }

  private static float[] trainOnOnes(Case c, long key) {
    Tensor ones = Tensor.full(Shape.of(c.dims), 1f);
    return c.layer.get().call(ones, CallContext.training(RngKey.of(key), 0)).toArray();
  }

  /** The (sample, channel) group of each flat index. */
  private static int[] groups(int[] dims, int channelAxis) {
    int n = Shape.of(dims).size();
    int[] g = new int[n];
    int inner = 1;
    for (int a = channelAxis + 1; a < dims.length; a++) {
      inner *= dims[a];
    }
    int perSample = n / dims[0];
    for (int i = 0; i < n; i++) {
      g[i] = (i / perSample) * dims[channelAxis] + (i / inner) % dims[channelAxis];
    }
    return g;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachChannel_isAllZeroOrAllKeptAndScaled(Case c) {
    float[] out = trainOnOnes(c, 1);
    int[] g = groups(c.dims, c.channelAxis);
    float[] first = new float[SAMPLES * CHANNELS];
    java.util.Arrays.fill(first, Float.NaN);
    float scale = 1f / (1f - RATE);
    for (int i = 0; i < out.length; i++) {
      if (out[i] != 0f && out[i] != scale) {
        fail("element " + i + " is " + out[i] + ", expected 0 or " + scale);
      }
      if (Float.isNaN(first[g[i]])) {
        first[g[i]] = out[i];
      } else if (first[g[i]] != out[i]) {
        fail("element " + i + " is " + out[i] + ", the rest of its channel " + first[g[i]]);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void droppedChannelFraction_isWithinFourSigmaOfRate(Case c) {
    float[] out = trainOnOnes(c, 2);
    int[] g = groups(c.dims, c.channelAxis);
    boolean[] dropped = new boolean[SAMPLES * CHANNELS];
    for (int i = 0; i < out.length; i++) {
      dropped[g[i]] = out[i] == 0f;
    }
    int count = 0;
    for (boolean d : dropped) {
      count += d ? 1 : 0;
    }
    double n = SAMPLES * CHANNELS;
    assertEquals(RATE, count / n, 4 * Math.sqrt(RATE * (1 - RATE) / n), "dropped fraction of 10^6 channels");
  }

  @Test
  void channelsFirst_sharesTheMaskAlongTheLastAxesWhereChannelsLastDoesNot() {
    Tensor ones = Tensor.full(Shape.of(50, 8, 8, 8), 1f);
    CallContext ctx = CallContext.training(RngKey.of(3), 0);
    float[] first = new SpatialDropout2D(0.5f, "channels_first", null, null).call(ones, ctx).toArray();
    float[] last = new SpatialDropout2D(0.5f).call(ones, ctx).toArray();
    int sharedFirst = 0;
    int sharedLast = 0;
    for (int i = 0; i < first.length; i += 64) { // each (sample, axis-1 index) block of 8 x 8
      boolean allSameFirst = true;
      boolean allSameLast = true;
      for (int j = 1; j < 64; j++) {
        allSameFirst &= first[i + j] == first[i];
        allSameLast &= last[i + j] == last[i];
      }
      sharedFirst += allSameFirst ? 1 : 0;
      sharedLast += allSameLast ? 1 : 0;
    }
    assertEquals(400, sharedFirst);
    // channels_last decides per last-axis index: a block is constant only if its 8 channels agree, p = 2^-7,
    // so about 3 of 400 blocks; 20 or more has probability below 1e-9
    assertTrue(sharedLast < 20, "blocks constant by chance under channels_last: " + sharedLast);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void inference_returnsTheInputUnchanged(Case c) {
    int[] small = c.dims.clone();
    small[0] = 2;
    small[c.channelAxis] = 5;
    Tensor x = GradientCheck.uniform(4, -1f, 1f, small);
    assertArrayEquals(x.toArray(), c.layer.get().call(x, CallContext.inference()).toArray());
  }

  @Test
  void layerSeed_givesAMaskIndependentOfTheContextKey() {
    Tensor x = Tensor.full(Shape.of(20, 4, 4, 8), 1f);
    SpatialDropout2D d = new SpatialDropout2D(0.5f, null, 99L, "s");
    assertArrayEquals(d.call(x, CallContext.training(RngKey.of(1), 5)).toArray(),
        d.call(x, CallContext.training(RngKey.of(2), 5)).toArray());
  }

  @Test
  void differentKeys_giveDifferentMasks() {
    Tensor x = Tensor.full(Shape.of(20, 4, 8), 1f);
    SpatialDropout1D d = new SpatialDropout1D(0.5f);
    assertFalse(java.util.Arrays.equals(d.call(x, CallContext.training(RngKey.of(1), 0)).toArray(),
        d.call(x, CallContext.training(RngKey.of(2), 0)).toArray()));
  }

  @Test
  void spatialDropout2D_onRank3Input_throwsNamingLayerExpectedRankAndShape() {
    SpatialDropout2D d = new SpatialDropout2D(0.5f, null, null, "sd");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> d.build(Shape.batchOf(5, 3), RngKey.of(0)));
    assertEquals("Input 0 of layer \"sd\" (SpatialDropout2D) is incompatible with the layer: expected ndim=4, "
        + "found ndim=3. Full shape received: (None, 5, 3)", e.getMessage());
  }

  @Test
  void spatialDropout1D_onRank4Input_throwsWithExpectedRank3() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SpatialDropout1D(0.5f).call(Tensor.zeros(Shape.of(2, 3, 4, 5)), CallContext.inference()));
    assertTrue(e.getMessage().contains("expected ndim=3, found ndim=4. Full shape received: (2, 3, 4, 5)"),
        e.getMessage());
  }

  @Test
  void spatialDropout3D_onRank4Input_throwsWithExpectedRank5() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SpatialDropout3D(0.5f).build(Shape.batchOf(2, 3, 4), RngKey.of(0)));
    assertTrue(e.getMessage().contains("expected ndim=5, found ndim=4"), e.getMessage());
  }

  @Test
  void unknownDataFormat_throwsEchoingTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SpatialDropout2D(0.5f, "channels_middle", null, null));
    assertEquals("Invalid value for argument `data_format` of SpatialDropout2D: expected \"channels_last\" or "
        + "\"channels_first\", received data_format=channels_middle", e.getMessage());
  }

  @Test
  void rateOne_throwsEchoingTheRate() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SpatialDropout3D(1f));
    assertTrue(e.getMessage().contains("`rate`") && e.getMessage().contains("rate=1.0"), e.getMessage());
  }

  @Test
  void spatialDropout1DConfig_hasBaseKeysRateAndSeed() {
    assertEquals(List.of("name", "trainable", "dtype", "rate", "seed"),
        List.copyOf(new SpatialDropout1D(0.25f, 7L, "s").getConfig().keySet()));
  }

  @Test
  void spatialDropout2DConfig_addsDataFormatDefaultingToChannelsLast() {
    var c = new SpatialDropout2D(0.25f).getConfig();
    assertEquals(List.of("name", "trainable", "dtype", "rate", "seed", "data_format"), List.copyOf(c.keySet()));
    assertEquals("channels_last", c.get("data_format"));
    assertEquals(true, c.get("trainable"));
    assertEquals(0.25, c.get("rate"));
  }

  @Test
  void spatialDropout3DConfig_keepsTheGivenDataFormatAndSeed() {
    var c = new SpatialDropout3D(0.25f, "channels_first", 11L, "s3").getConfig();
    assertEquals(List.of("name", "trainable", "dtype", "rate", "seed", "data_format"), List.copyOf(c.keySet()));
    assertEquals("channels_first", c.get("data_format"));
    assertEquals(11L, c.get("seed"));
  }

  @Test
  void defaultNamesInAModel_areKerasSnakeCase() {
    Sequential m = new Sequential(Input.shape(4, 4, 2), new SpatialDropout2D(0.1f), new SpatialDropout2D(0.1f));
    assertEquals("spatial_dropout2d", m.layers().get(0).name());
    assertEquals("spatial_dropout2d_1", m.layers().get(1).name());
  }
}
