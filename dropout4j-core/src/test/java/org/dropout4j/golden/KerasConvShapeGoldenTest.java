package org.dropout4j.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.LayerCatalog;
import org.dropout4j.layers.LayerDescriptor;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The convolution-family and reshaping layers against Keras 3.15 ({@code golden/conv_shape.json}, written by
 * {@code tools/golden/make_conv_shape_goldens.py}): each layer is built from the config real Keras wrote
 * ({@code get_config()}, read through the layer's {@link LayerDescriptor}), given Keras' weights, and must give
 * Keras' inference output and the gradients of {@code sum(output * upstream)} with respect to the input and each
 * trainable weight; BatchNormalization also its training-mode output and updated moving statistics.
 *
 * <p>Tolerance {@code 1e-5} absolute plus {@code 1e-5} relative: float32 sums in another order.
 */
class KerasConvShapeGoldenTest {
  private static final double TOL = 1e-5;
  private static final JsonNode GOLDEN = Golden.json("conv_shape.json");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    int i = 0;
    for (JsonNode c : GOLDEN.get("cases")) {
      out.add(Arguments.of(i++ + " " + c.get("class_name").asText() + " " + c.get("config").get("name").asText(),
          c));
    }
    return out.stream();
  }

  /** The cases with a training-mode output (BatchNormalization). */
  static Stream<Arguments> trainingCases() {
    return cases().filter(a -> ((JsonNode) a.get()[1]).has("training_output"));
  }

  @SuppressWarnings("unchecked")
  private static Layer fromKerasConfig(JsonNode c) {
    String cls = c.get("class_name").asText();
    LayerDescriptor<?> d = LayerCatalog.builtIn().stream().filter(x -> x.className().equals(cls)).findFirst()
        .orElse(null);
    assertNotNull(d, "no built-in layer for Keras class " + cls);
    Layer layer = d.fromConfig(MAPPER.convertValue(c.get("config"), Map.class));
    Tensor x = Golden.tensor(c.get("input"));
    layer.build(x.shape().withBatch(-1), RngKey.of(0));
    JsonNode weights = c.get("weights");
    assertEquals(weights.size(), layer.weights().size(), "weights of " + cls);
    for (int i = 0; i < weights.size(); i++) {
      layer.weights().get(i).assign(Golden.tensor(weights.get(i)));
    }
    return layer;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void inference_output_and_gradients_match_keras(String label, JsonNode c) {
    Layer layer = fromKerasConfig(c);
    Tensor x = Golden.tensor(c.get("input"));
    Tensor xv = Tensor.variable(x.shape(), x.toArray());
    // Keras' training=False with gradients recorded: inference arithmetic, differentiable weights
    Tensor y = layer.call(xv, CallContext.training(RngKey.of(1), 0).withTraining(false));
    assertEquals(Golden.shape(c.get("output")), y.shape(), label);
    Golden.assertClose(Golden.floats(c.get("output")), y.toArray(), TOL, TOL, label + " output");
    Ops.sum(Ops.mul(y, Golden.tensor(c.get("upstream")))).backward();
    Golden.assertClose(Golden.floats(c.get("input_grad")), xv.grad().toArray(), TOL, TOL, label + " input gradient");
    List<Parameter> trainable = layer.weights().stream().filter(Parameter::trainable).toList();
    JsonNode grads = c.get("weight_grads");
    assertEquals(grads.size(), trainable.size(), label + " trainable weights");
    for (int i = 0; i < grads.size(); i++) {
      Golden.assertClose(Golden.floats(grads.get(i)), trainable.get(i).gradData(), TOL, TOL,
          label + " gradient of " + trainable.get(i).name());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trainingCases")
  void batch_normalization_training_output_and_moving_statistics_match_keras(String label, JsonNode c) {
    Layer layer = fromKerasConfig(c);
    Tensor y = layer.call(Golden.tensor(c.get("input")), CallContext.training(RngKey.of(1), 0));
    Golden.assertClose(Golden.floats(c.get("training_output")), y.toArray(), TOL, TOL, label + " training output");
    List<Parameter> frozen = layer.weights().stream().filter(p -> !p.trainable()).toList();
    JsonNode moving = c.get("moving_after_training");
    assertEquals(moving.size(), frozen.size(), label);
    for (int i = 0; i < moving.size(); i++) {
      Golden.assertClose(Golden.floats(moving.get(i)), frozen.get(i).data(), TOL, TOL, label + " "
          + frozen.get(i).name());
    }
  }
}
