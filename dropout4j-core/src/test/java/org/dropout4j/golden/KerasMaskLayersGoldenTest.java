package org.dropout4j.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.dropout4j.layers.activations.Softmax;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keras 3's mask handling in BatchNormalization (training-mode batch statistics over the kept positions only, on
 * the last axis and on axis 1, moving statistics updated from them) and Softmax (masked positions left out and
 * output as 0, a fully masked row all zeros), against {@code golden/mask_layers.json} written by
 * {@code tools/golden/make_mask_layer_goldens.py}: outputs, moving statistics and the gradients of
 * {@code sum(output * r)} with respect to the input and every trainable weight. Tolerance {@code 1e-5} absolute plus
 * relative for outputs and statistics, {@code 1e-4} for gradients. Both layers pass the mask on.
 */
class KerasMaskLayersGoldenTest {
  private static final double TOL = 1e-5;
  private static final double GRAD_TOL = 1e-4;
  private static final JsonNode GOLDEN = Golden.json("mask_layers.json");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : GOLDEN.get("cases")) {
      out.add(Arguments.of(c.get("label").asText(), c));
    }
    return out.stream();
  }

  @SuppressWarnings("unchecked")
  private static Layer layer(JsonNode c) {
    String cls = c.get("class_name").asText();
    for (LayerDescriptor<?> d : LayerCatalog.builtIn()) {
      if (d.className().equals(cls)) {
        Layer layer = d.fromConfig(MAPPER.convertValue(c.get("config"), Map.class));
        Tensor x = Golden.tensor(c.get("input"));
        layer.build(x.shape().withBatch(Shape.UNKNOWN), RngKey.of(0));
        JsonNode w = c.get("weights");
        assertEquals(w.size(), layer.weights().size());
        for (int i = 0; i < w.size(); i++) {
          layer.weights().get(i).assign(Golden.tensor(w.get(i)));
        }
        return layer;
      }
    }
    throw new IllegalStateException("no descriptor for " + cls);
  }

  private static CallContext context(JsonNode c) {
    return CallContext.training(RngKey.of(1), 0).withTraining(c.get("training").asBoolean());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void masked_call_matches_keras(String label, JsonNode c) {
    Layer layer = layer(c);
    Tensor mask = Golden.tensor(c.get("mask"));
    Tensor x = Tensor.variable(Golden.shape(c.get("input")), Golden.floats(c.get("input")));
    Tensor y = layer.call(x.withMask(mask), context(c));
    Golden.assertClose(Golden.floats(c.get("output")), y.toArray(), TOL, TOL, label + " output");
    assertTrue(y.mask() != null, label + ": the output carries the mask");
    if (c.has("weights_after_call")) {
      JsonNode after = c.get("weights_after_call");
      for (int i = 0; i < after.size(); i++) {
        Golden.assertClose(Golden.floats(after.get(i)), layer.weights().get(i).data(), TOL, TOL,
            label + " " + layer.weights().get(i).name() + " after the call");
      }
    }
    Ops.sum(Ops.mul(y, Golden.tensor(c.get("r")))).backward();
    Golden.assertClose(Golden.floats(c.get("input_grad")), x.grad().toArray(), GRAD_TOL, GRAD_TOL,
        label + " d/input");
    List<Parameter> trainable = layer.weights().stream().filter(Parameter::trainable).toList();
    for (int i = 0; i < trainable.size(); i++) {
      Golden.assertClose(Golden.floats(c.get("weight_grads").get(i)), trainable.get(i).gradData(), GRAD_TOL,
          GRAD_TOL, label + " d/" + trainable.get(i).name());
    }
  }

  @Test
  void softmax_refuses_a_sequence_mask_that_does_not_broadcast_as_keras_does() {
    Softmax softmax = new Softmax();
    Tensor x = Tensor.of(Shape.of(2, 4, 3), new float[24]);
    Tensor mask = Tensor.of(Shape.of(2, 4), 1, 1, 0, 0, 1, 0, 0, 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> softmax.call(x.withMask(mask), CallContext.inference()));
    assertTrue(e.getMessage().contains("mask must be broadcastable") && e.getMessage().contains("(2, 4, 3)")
        && e.getMessage().contains("(2, 4)"), e.getMessage());
  }
}
