package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dropout4j.internal.FastPathHooks;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.models.Sequential;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Shapes, weights, summaries, configs and argument errors of the convolution, pooling and reshaping layers. */
class ConvLayersTest {

  private static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  private static final FastPathHooks.LayerHooks HOOKS = new FastPathAccess();

  @Test
  void conv2d_32filters3x3_on28x28x1_has320Params_andKerasWeightShapes() {
    Conv2D conv = new Conv2D(32, 3, "relu");
    conv.build(Shape.batchOf(28, 28, 1), RngKey.of(1));
    assertEquals(320, conv.countParams());
    assertEquals(Shape.of(3, 3, 1, 32), conv.weights().get(0).shape());
    assertEquals(Shape.of(32), conv.weights().get(1).shape());
    assertEquals(Shape.batchOf(26, 26, 32), conv.computeOutputShape(Shape.batchOf(28, 28, 1)));
  }

  @Test
  void conv2dThenTilingMaxPooling_fuse_andGiveWhatTheTwoCallsGive() {
    Conv2D conv = new Conv2D(4, 3, "relu");
    MaxPooling2D pool = new MaxPooling2D(2);
    conv.build(Shape.batchOf(9, 9, 2), RngKey.of(3));
    pool.build(conv.computeOutputShape(Shape.batchOf(9, 9, 2)), RngKey.of(4));
    Tensor x = GradientCheck.uniform(5, -1f, 1f, 3, 9, 9, 2);
    Tensor fused = HOOKS.callPair(conv, pool, x, CallContext.inference());
    assertNotNull(fused, "Conv2D(relu) + MaxPooling2D(2) over a 7 x 7 output (3 x 3 windows, one row left) fuse");
    Tensor separate = pool.call(conv.call(x, CallContext.inference()), CallContext.inference());
    assertEquals(separate.shape(), fused.shape());
    assertArrayEquals(separate.toArray(), fused.toArray());
    // no fusion: an overlapping pool, an activation the convolution does not apply itself, channels_first
    Shape convOut = conv.computeOutputShape(Shape.batchOf(9, 9, 2));
    MaxPooling2D overlapping = new MaxPooling2D(3, 2, "valid");
    overlapping.build(convOut, RngKey.of(4));
    assertNull(HOOKS.callPair(conv, overlapping, x, CallContext.inference()));
    Flatten flatten = new Flatten();
    flatten.build(convOut, RngKey.of(4));
    assertNull(HOOKS.callPair(conv, flatten, x, CallContext.inference()));
    Conv2D elu = new Conv2D(4, 3, "elu");
    elu.build(Shape.batchOf(9, 9, 2), RngKey.of(3));
    assertNull(HOOKS.callPair(elu, pool, x, CallContext.inference()));
  }

  @Test
  void sequential_runsConvAndPoolFused_andGivesWhatTheLayersGiveOneByOne() {
    Sequential model = new Sequential(Input.shape(9, 9, 2), new Conv2D(4, 3, "relu"), new MaxPooling2D(2),
        new Flatten(), new Dense(3, "linear"));
    Tensor x = GradientCheck.uniform(6, -1f, 1f, 5, 9, 9, 2);
    Tensor whole = model.call(x, CallContext.inference());
    Tensor h = x;
    for (Layer layer : model.layers()) {
      h = layer.call(h, CallContext.inference());
    }
    assertEquals(h.shape(), whole.shape());
    assertArrayEquals(h.toArray(), whole.toArray());
    assertNotNull(HOOKS.callPair(model.layers().get(0), model.layers().get(1), x, CallContext.inference()),
        "the pair the model runs fused");
  }

  @Test
  void kerasCnn_summaryShowsShapesNamesAndParamCounts() {
    Sequential model = new Sequential(Input.shape(28, 28, 1), new Conv2D(32, 3, "relu"), new Conv2D(64, 3, "relu"),
        new MaxPooling2D(2), new Dropout(0.25f), new Flatten(), new Dense(128, "relu"), new Dropout(0.5f),
        new Dense(10, "softmax"));
    String s = model.summary();
    assertTrue(s.contains("conv2d (Conv2D)") && s.contains("conv2d_1 (Conv2D)"), s);
    assertTrue(s.contains("max_pooling2d (MaxPooling2D)") && s.contains("flatten (Flatten)"), s);
    assertTrue(s.contains("(None, 26, 26, 32)") && s.contains("(None, 24, 24, 64)")
        && s.contains("(None, 12, 12, 64)") && s.contains("(None, 9216)"), s);
    assertTrue(s.contains("18,496") && s.contains("1,179,776"), s);
    assertEquals(320 + 18496 + 1179776 + 1290, model.countParams());
    assertTrue(s.contains("Total params: 1,199,882"), s);
  }

  @Test
  void outputShapes_samePaddingStridesDilationAndChannelsFirst() {
    assertEquals(Shape.batchOf(14, 14, 8),
        Conv2D.builder(8, 3).strides(2).padding("same").build().computeOutputShape(Shape.batchOf(28, 28, 1)));
    assertEquals(Shape.batchOf(24, 24, 4),
        Conv2D.builder(4, 3).dilationRate(2).build().computeOutputShape(Shape.batchOf(28, 28, 1)));
    assertEquals(Shape.batchOf(4, 13, 9),
        Conv2D.builder(4, 3, 2).strides(2, 3).dataFormat("channels_first").build()
            .computeOutputShape(Shape.batchOf(1, 28, 28)));
    assertEquals(Shape.batchOf(10, 10, 3), new MaxPooling2D(3, 3, "same").computeOutputShape(Shape.batchOf(28, 28, 3)));
    assertEquals(Shape.batchOf(9, 9, 3), new AveragePooling2D(3).computeOutputShape(Shape.batchOf(28, 28, 3)));
    assertEquals(Shape.batchOf(3), new GlobalMaxPooling2D().computeOutputShape(Shape.batchOf(5, 5, 3)));
    assertEquals(Shape.batchOf(3, 1, 1),
        new GlobalAveragePooling2D("channels_first", true, null).computeOutputShape(Shape.batchOf(3, 5, 5)));
    assertEquals(Shape.batchOf(60), new Flatten().computeOutputShape(Shape.batchOf(3, 4, 5)));
    assertEquals(Shape.batchOf(28, 28, 1), new Reshape(28, -1, 1).computeOutputShape(Shape.batchOf(784)));
  }

  @Test
  void defaultLayerNames_areKerasSnakeCase() {
    Sequential model = new Sequential(Input.shape(8, 8, 1), new Conv2D(2, 3), new MaxPooling2D(),
        new AveragePooling2D(), new GlobalAveragePooling2D());
    model.build(Shape.batchOf(8, 8, 1));
    assertEquals(List.of("conv2d", "max_pooling2d", "average_pooling2d", "global_average_pooling2d"),
        model.layers().stream().map(Layer::name).toList());
  }

  @Test
  void conv2dConfig_keysInKerasOrder_andTuplesAsLists() {
    Map<String, Object> c = Conv2D.builder(16, 3, 5).strides(2).padding("same").activation("relu").build().getConfig();
    assertEquals(List.of("name", "trainable", "dtype", "filters", "kernel_size", "strides", "padding", "data_format",
        "dilation_rate", "groups", "activation", "use_bias", "kernel_initializer", "bias_initializer",
        "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint"),
        List.copyOf(c.keySet()));
    assertEquals(List.of(3, 5), c.get("kernel_size"));
    assertEquals(List.of(2, 2), c.get("strides"));
    assertEquals("same", c.get("padding"));
    assertEquals("channels_last", c.get("data_format"));
    assertEquals(List.of(1, 1), c.get("dilation_rate"));
    assertEquals("relu", c.get("activation"));
  }

  @Test
  void poolingConfigs_defaultStridesArePoolSize() {
    Map<String, Object> c = new MaxPooling2D(3).getConfig();
    assertEquals(List.of("name", "trainable", "dtype", "pool_size", "padding", "strides", "data_format"),
        List.copyOf(c.keySet()));
    assertEquals(List.of(3, 3), c.get("pool_size"));
    assertEquals(List.of(3, 3), c.get("strides"));
    assertEquals("valid", c.get("padding"));
    assertEquals(List.of("name", "trainable", "dtype", "data_format", "keepdims"),
        List.copyOf(new GlobalMaxPooling2D().getConfig().keySet()));
    assertEquals("channels_last", new Flatten().getConfig().get("data_format"));
    assertEquals(List.of(28, 28, 1), new Reshape(28, 28, 1).getConfig().get("target_shape"));
  }

  @Test
  void conv2d_badArguments_nameTheArgumentAndValue() {
    assertTrue(message(() -> new Conv2D(0, 3)).contains("`filters` of Conv2D: expected a positive integer, "
        + "received filters=0"));
    assertTrue(message(() -> new Conv2D(4, -1)).contains("`kernel_size` of Conv2D: expected positive integers, "
        + "received kernel_size=(-1, -1)"));
    assertTrue(message(() -> Conv2D.builder(4, 3).strides(1, 0).build()).contains("received strides=(1, 0)"));
    assertTrue(message(() -> Conv2D.builder(4, 3).strides(1, 2, 3).build())
        .contains("`strides` of Conv2D: expected an integer or a tuple of 2 integers"));
    assertTrue(message(() -> Conv2D.builder(4, 3).padding("full").build())
        .contains("`padding` of Conv2D: expected one of {\"valid\", \"same\"}, received padding=full"));
    assertTrue(message(() -> Conv2D.builder(4, 3).dataFormat("nhwc").build()).contains("received data_format=nhwc"));
    assertTrue(message(() -> Conv2D.builder(4, 3).strides(2).dilationRate(2).build())
        .contains("`strides > 1` not supported in conjunction with `dilation_rate > 1`"));
    assertTrue(message(() -> new MaxPooling2D(0)).contains("`pool_size` of MaxPooling2D"));
  }

  @Test
  void conv2d_wrongRank_namesLayerExpectedAndReceivedShape() {
    Conv2D conv = Conv2D.builder(4, 3).name("c1").build();
    String m = message(() -> conv.build(Shape.batchOf(28, 28), RngKey.of(1)));
    assertEquals("Input 0 of layer \"c1\" (Conv2D) is incompatible with the layer: expected ndim=4, found ndim=3. "
        + "Full shape received: (None, 28, 28)", m);
  }

  @Test
  void kernelLargerThanInput_saysWhatSizeIsNeeded() {
    Conv2D conv = Conv2D.builder(4, 5).name("big").build();
    String m = message(() -> conv.build(Shape.batchOf(4, 9, 1), RngKey.of(1)));
    assertTrue(m.contains("\"big\" (Conv2D) is too small for kernel_size=(5, 5)") && m.contains("at least (5, 5)")
        && m.contains("(None, 4, 9, 1)"), m);
    MaxPooling2D pool = new MaxPooling2D(new int[] {3}, null, "valid", "channels_last", "p");
    assertTrue(message(() -> pool.build(Shape.batchOf(2, 2, 1), RngKey.of(1))).contains("pool_size=(3, 3)"));
  }

  @Test
  void reshape_mismatchedSize_namesBothShapes() {
    Reshape r = new Reshape(new int[] {5, 5}, "r");
    assertTrue(message(() -> r.build(Shape.batchOf(24), RngKey.of(1)))
        .contains("cannot reshape an input of shape (None, 24) (24 values per sample) to target_shape=(5, 5)"));
    assertTrue(message(() -> new Reshape(-1, -1)).contains("at most one -1"));
  }
}
