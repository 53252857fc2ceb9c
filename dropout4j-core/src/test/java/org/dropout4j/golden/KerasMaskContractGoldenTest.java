package org.dropout4j.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Layer;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keras 3.15's mask contract for the convolution, pooling and shape layers ({@code golden/mask_contract.json},
 * written by {@code tools/golden/make_mask_contract_goldens.py}): called on an input carrying a (batch, steps) mask,
 * Conv1D, SeparableConv1D, MaxPooling1D, AveragePooling1D, Flatten, Reshape, Cropping1D, UpSampling1D,
 * ZeroPadding1D, Permute and RepeatVector drop the mask (their output steps are not the input's); the global
 * poolings and an LSTM without return_sequences drop it too, GlobalAveragePooling1D and the LSTM after using it
 * (masked steps left out), GlobalMaxPooling1D without; Dense, Activation, Dropout, LayerNormalization,
 * an LSTM with return_sequences and Masking pass a mask on (Masking its own). Each layer is built
 * from the config Keras wrote, with Keras' weights: its output equals Keras' within 1e-5 (+1e-5 relative) and
 * carries exactly the mask Keras attached, or none where Keras drops it.
 */
class KerasMaskContractGoldenTest {
  private static final double TOL = 1e-5;
  private static final JsonNode GOLDEN = Golden.json("mask_contract.json");

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    int i = 0;
    for (JsonNode c : GOLDEN.get("cases")) {
      out.add(Arguments.of(i++ + " " + c.get("class_name").asText() + (c.get("keras_mask").isNull() ? " drops"
          : " passes"), c));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void the_output_and_its_mask_are_what_keras_gives(String label, JsonNode c) {
    Tensor x = Golden.tensor(c.get("input"));
    Layer layer = KerasAttentionGoldenTest.layer(c);
    layer.build(x.shape().withBatch(org.dropout4j.tensor.Shape.UNKNOWN), RngKey.of(0));
    List<Parameter> weights = layer.weights();
    assertEquals(c.get("weights").size(), weights.size(), label + " weight count");
    for (int i = 0; i < weights.size(); i++) {
      weights.get(i).assign(Golden.tensor(c.get("weights").get(i)));
    }
    Tensor y = layer.call(x.withMask(Golden.tensor(c.get("mask"))), CallContext.inference());
    assertEquals(Golden.shape(c.get("output")), y.shape(), label);
    Golden.assertClose(Golden.floats(c.get("output")), y.toArray(), TOL, TOL, label + " output");
    JsonNode want = c.get("keras_mask");
    if (want.isNull()) {
      assertNull(y.mask(), label + ": Keras drops the mask");
    } else {
      assertNotNull(y.mask(), label + ": Keras passes a mask on");
      assertEquals(Golden.shape(want), y.mask().shape(), label + " mask shape");
      float[] got = y.mask().toArray();
      float[] keras = Golden.floats(want);
      for (int i = 0; i < keras.length; i++) {
        assertEquals(keras[i] != 0f, got[i] != 0f, label + " mask[" + i + "]");
      }
    }
  }
}
