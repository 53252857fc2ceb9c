package org.dropout4j.tensor;

import static org.dropout4j.tensor.GradientCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Forward values of the image ops against direct definitions, and chunking that does not change results. */
class ConvOpsTest {

  /** Direct 2-D cross-correlation with TF padding, in double: the definition im2col + GEMM must reproduce. */
  private static float[] naiveConv(Tensor x, Tensor k, Tensor b, Conv2dGeometry g) {
    int n = x.shape.dim(0);
    int c = x.shape.dim(3);
    int f = k.shape.dim(3);
    float[] out = new float[n * g.outH() * g.outW() * f];
    for (int s = 0; s < n; s++) {
      for (int oy = 0; oy < g.outH(); oy++) {
        for (int ox = 0; ox < g.outW(); ox++) {
          for (int j = 0; j < f; j++) {
            double acc = b == null ? 0 : b.data[j];
            for (int ky = 0; ky < g.kH(); ky++) {
              for (int kx = 0; kx < g.kW(); kx++) {
                int iy = oy * g.strideH() - g.padTop() + ky * g.dilationH();
                int ix = ox * g.strideW() - g.padLeft() + kx * g.dilationW();
                if (iy < 0 || iy >= g.inH() || ix < 0 || ix >= g.inW()) {
                  continue;
                }
                for (int ch = 0; ch < c; ch++) {
                  acc += x.get(s, iy, ix, ch) * k.get(ky, kx, ch, j);
                }
              }
            }
            out[((s * g.outH() + oy) * g.outW() + ox) * f + j] = (float) acc;
          }
        }
      }
    }
    return out;
  }

  private static void assertClose(float[] expected, float[] actual, String label) {
    assertEquals(expected.length, actual.length, label);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5 + 1e-5 * Math.abs(expected[i]), label + " at " + i);
    }
  }

  @Test
  void conv2d_matchesTheDirectDefinition_forPaddingsStridesAndDilations() {
    int[][] cases = { // h, w, c, kh, kw, f, sh, sw, dh, dw, same
        {7, 6, 3, 3, 3, 4, 1, 1, 1, 1, 0}, {7, 6, 3, 3, 3, 4, 1, 1, 1, 1, 1}, {8, 7, 2, 3, 2, 3, 2, 3, 1, 1, 1},
        {8, 7, 2, 3, 2, 3, 2, 3, 1, 1, 0}, {9, 9, 2, 3, 3, 2, 1, 1, 2, 3, 1}, {9, 9, 2, 3, 3, 2, 1, 1, 2, 2, 0},
        {5, 5, 1, 5, 5, 2, 1, 1, 1, 1, 0}, {4, 6, 2, 2, 4, 2, 2, 2, 1, 1, 1}};
    long seed = 100;
    for (int[] t : cases) {
      Conv2dGeometry g = Conv2dGeometry.of(t[0], t[1], t[3], t[4], t[6], t[7], t[8], t[9], t[10] == 1);
      Tensor x = uniform(seed++, -1f, 1f, 2, t[0], t[1], t[2]);
      Tensor k = uniform(seed++, -1f, 1f, t[3], t[4], t[2], t[5]);
      Tensor b = uniform(seed++, -1f, 1f, t[5]);
      Tensor y = ConvOps.conv2d(x, k, b, g, Ops.FusedActivation.LINEAR);
      assertEquals(Shape.of(2, g.outH(), g.outW(), t[5]), y.shape());
      assertClose(naiveConv(x, k, b, g), y.data, java.util.Arrays.toString(t));
    }
  }

  @Test
  void samePadding_followsTensorFlow_smallerHalfBefore() {
    Conv2dGeometry g = Conv2dGeometry.of(6, 5, 3, 4, 2, 2, 1, 1, true);
    assertEquals(3, g.outH());
    assertEquals(3, g.outW());
    assertEquals(0, g.padTop());   // total (3-1)*2+3-6 = 1 -> 0 before, 1 after
    assertEquals(1, g.padLeft());  // total (3-1)*2+4-5 = 3 -> 1 before, 2 after
  }

  @Test
  void conv2d_groupedDifferently_givesTheSameOutputAndGradients() {
    // 20x20x4 inputs, 3x3 same: 400 x 36 = 14400 column floats per sample; a budget of 1 << 20 still gives groups
    // of one sample (a batch of 5 is cut into at least 8 groups), as does 14400; 30000 gives two per group
    Conv2dGeometry g = Conv2dGeometry.of(20, 20, 3, 3, 1, 1, 1, 1, true);
    Tensor x0 = uniform(1, -1f, 1f, 5, 20, 20, 4);
    Tensor k0 = uniform(2, -1f, 1f, 3, 3, 4, 3);
    Tensor b0 = uniform(3, -1f, 1f, 3);
    float[][] whole = run(x0, k0, b0, g, 1 << 20);
    float[][] oneSamplePerChunk = run(x0, k0, b0, g, 14400);
    float[][] twoPerChunk = run(x0, k0, b0, g, 30000);
    for (int i = 0; i < whole.length; i++) {
      assertClose(whole[i], oneSamplePerChunk[i], "chunk 1, array " + i);
      assertClose(whole[i], twoPerChunk[i], "chunk 2, array " + i);
    }
  }

  @Test
  void conv2d_bitsDoNotDependOnTheThreadCount() {
    // 24 samples: 8 groups of 3 over 8 gradient slots; inside a Parallel task everything runs on one thread
    Conv2dGeometry g = Conv2dGeometry.of(9, 9, 3, 3, 1, 1, 1, 1, false);
    Tensor x0 = uniform(4, -1f, 1f, 24, 9, 9, 5);
    Tensor k0 = uniform(5, -1f, 1f, 3, 3, 5, 6);
    Tensor b0 = uniform(6, -1f, 1f, 6);
    float[][] parallel = run(x0, k0, b0, g, 1 << 20);
    float[][][] serial = new float[1][][];
    Parallel.run(2, t -> {
      if (t == 0) {
        assertTrue(Parallel.inTask());
        serial[0] = run(x0, k0, b0, g, 1 << 20);
      }
    });
    for (int i = 0; i < parallel.length; i++) {
      assertArrayEquals(parallel[i], serial[0][i], "array " + i);
    }
  }

  private static float[][] run(Tensor x0, Tensor k0, Tensor b0, Conv2dGeometry g, int budget) {
    Tensor x = Tensor.variable(x0.shape, x0.toArray());
    Tensor k = Tensor.variable(k0.shape, k0.toArray());
    Tensor b = Tensor.variable(b0.shape, b0.toArray());
    Tensor y = ConvOps.conv2d(x, k, b, g, Ops.FusedActivation.TANH, budget);
    Ops.sum(Ops.mul(y, uniform(9, -1f, 1f, y.shape.toArray()))).backward();
    return new float[][] {y.toArray(), x.grad().toArray(), k.grad().toArray(), b.grad().toArray()};
  }

  @Test
  void maxPool_takesWindowMaxima_andSamePaddingNeverWins() {
    Tensor x = Tensor.of(Shape.of(1, 3, 3, 1), -9, -8, -7, -6, -5, -4, -3, -2, -1);
    Tensor valid = ConvOps.maxPool2d(x, Conv2dGeometry.of(3, 3, 2, 2, 2, 2, 1, 1, false));
    assertArrayEquals(new float[] {-5}, valid.toArray());
    Tensor same = ConvOps.maxPool2d(x, Conv2dGeometry.of(3, 3, 2, 2, 2, 2, 1, 1, true));
    assertArrayEquals(new float[] {-5, -4, -2, -1}, same.toArray());
  }

  @Test
  void maxPool_gradientGoesToTheFirstMaximumOfATie_andOverlappingWindowsAdd() {
    // 1 x 3 x 3 x 1, pool 2 stride 1: four overlapping windows; the centre 5 is the maximum of all four
    Tensor x = Tensor.variable(Shape.of(1, 3, 3, 1), 1, 5, 2, 5, 5, 0, 3, 4, 5);
    Tensor y = ConvOps.maxPool2d(x, Conv2dGeometry.of(3, 3, 2, 2, 1, 1, 1, 1, false));
    assertArrayEquals(new float[] {5, 5, 5, 5}, y.toArray());
    Ops.sum(Ops.mul(y, Tensor.of(Shape.of(1, 2, 2, 1), 1, 10, 100, 1000))).backward();
    // window (0,0) [1,5/5,5] -> index 1; (0,1) [5,2/5,0] -> 1; (1,0) [5,5/3,4] -> 3; (1,1) [5,0/4,5] -> 4
    assertArrayEquals(new float[] {0, 11, 0, 100, 1000, 0, 0, 0, 0}, x.grad().toArray());
  }

  @Test
  void maxPool_tilingWindows_withManyTies_matchAPlainReference() {
    // 2 x 5 x 7 x 3 input with values in {0, 1, 2}: most windows hold ties; 2x2 stride 2 tiles it (the last row and
    // column are left out), so the tiled kernel runs; the reference sends each gradient to the first maximum
    int n = 2;
    int h = 5;
    int w = 7;
    int c = 3;
    Tensor u = uniform(21, 0f, 3f, n, h, w, c);
    float[] v = new float[u.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.floor(u.get(i));
    }
    Tensor x = Tensor.variable(Shape.of(n, h, w, c), v);
    Tensor y = ConvOps.maxPool2d(x, Conv2dGeometry.of(h, w, 2, 2, 2, 2, 1, 1, false));
    Tensor up = uniform(22, -1f, 1f, n, 2, 3, c);
    Ops.sum(Ops.mul(y, up)).backward();
    float[] wantY = new float[n * 2 * 3 * c];
    float[] wantGx = new float[v.length];
    for (int s = 0; s < n; s++) {
      for (int oy = 0; oy < 2; oy++) {
        for (int ox = 0; ox < 3; ox++) {
          for (int ch = 0; ch < c; ch++) {
            int best = -1;
            for (int dy = 0; dy < 2; dy++) {
              for (int dx = 0; dx < 2; dx++) {
                int i = ((s * h + 2 * oy + dy) * w + 2 * ox + dx) * c + ch;
                if (best < 0 || v[i] > v[best]) {
                  best = i;
                }
              }
            }
            int o = ((s * 2 + oy) * 3 + ox) * c + ch;
            wantY[o] = v[best];
            wantGx[best] += up.get(o);
          }
        }
      }
    }
    assertArrayEquals(wantY, y.toArray());
    assertArrayEquals(wantGx, x.grad().toArray());
  }

  @Test
  void conv2dMaxPool2d_equalsConvThenPool_toTheBit() {
    // 11 samples (groups of 2 over 6 slots), a 9 x 8 output pooled 2 x 2 (the last row is left out), relu and tanh;
    // inputs on a coarse grid make ties within windows common
    Conv2dGeometry g = Conv2dGeometry.of(11, 10, 3, 3, 1, 1, 1, 1, false);
    Conv2dGeometry pool = Conv2dGeometry.of(9, 8, 2, 2, 2, 2, 1, 1, false);
    Tensor x0 = uniform(31, -1f, 1f, 11, 11, 10, 3);
    float[] coarse = x0.toArray();
    for (int i = 0; i < coarse.length; i++) {
      coarse[i] = Math.round(coarse[i] * 2) / 2f;
    }
    Tensor k0 = uniform(32, -1f, 1f, 3, 3, 3, 4);
    Tensor b0 = uniform(33, -0.5f, 0.5f, 4);
    for (Ops.FusedActivation act : new Ops.FusedActivation[] {Ops.FusedActivation.RELU, Ops.FusedActivation.TANH}) {
      float[][] fused = poolRun(coarse, k0, b0, g, pool, act, true);
      float[][] separate = poolRun(coarse, k0, b0, g, pool, act, false);
      for (int i = 0; i < fused.length; i++) {
        assertArrayEquals(separate[i], fused[i], act + ", array " + i);
      }
    }
  }

  private static float[][] poolRun(float[] xv, Tensor k0, Tensor b0, Conv2dGeometry g, Conv2dGeometry pool,
      Ops.FusedActivation act, boolean fused) {
    Tensor x = Tensor.variable(Shape.of(11, 11, 10, 3), xv);
    Tensor k = Tensor.variable(k0.shape, k0.toArray());
    Tensor b = Tensor.variable(b0.shape, b0.toArray());
    Tensor y = fused ? ConvOps.conv2dMaxPool2d(x, k, b, g, act, pool)
        : ConvOps.maxPool2d(ConvOps.conv2d(x, k, b, g, act, 2 * 8 * 9 * 27), pool);
    Ops.sum(Ops.mul(y, uniform(34, -1f, 1f, y.shape.toArray()))).backward();
    return new float[][] {y.toArray(), x.grad().toArray(), k.grad().toArray(), b.grad().toArray()};
  }

  @Test
  void conv2dMaxPool2d_refusesPoolingThatDoesNotTile() {
    Tensor x = uniform(35, -1f, 1f, 1, 6, 6, 1);
    Tensor k = uniform(36, -1f, 1f, 3, 3, 1, 2);
    Conv2dGeometry g = Conv2dGeometry.of(6, 6, 3, 3, 1, 1, 1, 1, false);
    String m = assertThrows(IllegalArgumentException.class, () -> ConvOps.conv2dMaxPool2d(x, k, null, g,
        Ops.FusedActivation.RELU, Conv2dGeometry.of(4, 4, 2, 2, 1, 1, 1, 1, false))).getMessage();
    assertTrue(m.contains("does not tile the 4 x 4 convolution output"), m);
  }

  @Test
  void maxPool_nanWinsItsWindow_likeMathMax() {
    Tensor x = Tensor.of(Shape.of(1, 2, 2, 1), 1, Float.NaN, 3, 2);
    assertTrue(Float.isNaN(ConvOps.maxPool2d(x, Conv2dGeometry.of(2, 2, 2, 2, 2, 2, 1, 1, false)).get(0)));
  }

  @Test
  void avgPool_samePadding_averagesOnlyInsidePositions() {
    Tensor x = Tensor.of(Shape.of(1, 3, 3, 1), 1, 2, 3, 4, 5, 6, 7, 8, 9);
    Tensor same = ConvOps.avgPool2d(x, Conv2dGeometry.of(3, 3, 2, 2, 2, 2, 1, 1, true));
    assertArrayEquals(new float[] {3, 4.5f, 7.5f, 9}, same.toArray());
  }

  @Test
  void globalPool_meanAndMaxPerChannel() {
    Tensor x = Tensor.of(Shape.of(1, 2, 2, 2), 1, -1, 2, -2, 3, -3, 4, -4);
    assertArrayEquals(new float[] {2.5f, -2.5f}, ConvOps.globalPool(x, false).toArray());
    assertArrayEquals(new float[] {4, -1}, ConvOps.globalPool(x, true).toArray());
  }

  @Test
  void channelsLastThenFirst_isTheIdentity() {
    Tensor x = uniform(4, -1f, 1f, 2, 3, 4, 5);
    Tensor last = ConvOps.channelsLast(x);
    assertEquals(Shape.of(2, 4, 5, 3), last.shape);
    assertEquals(x.get(1, 2, 3, 4), last.get(1, 3, 4, 2));
    assertArrayEquals(x.toArray(), ConvOps.channelsFirst(last).toArray());
  }

  @Test
  void conv2d_kernelChannelsMismatch_throwsWithBothShapes() {
    Tensor x = uniform(1, -1f, 1f, 1, 4, 4, 2);
    Tensor k = uniform(2, -1f, 1f, 3, 3, 3, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConvOps.conv2d(x, k, null, Conv2dGeometry.of(4, 4, 3, 3, 1, 1, 1, 1, false), Ops.FusedActivation.LINEAR));
    assertTrue(e.getMessage().contains("(1, 4, 4, 2)") && e.getMessage().contains("(3, 3, 3, 1)"), e.getMessage());
  }
}
