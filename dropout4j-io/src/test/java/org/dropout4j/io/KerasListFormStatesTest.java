package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.KerasTensor;
import org.dropout4j.layers.LSTM;
import org.dropout4j.layers.Node;
import org.dropout4j.models.Functional;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Keras 2 / tf.keras (and TF.js) record a recurrent layer called with {@code initial_state} as a call on the list
 * {@code [inputs, *initial_state]} (inbound nodes {@code [["dec", 0, 0, {}], ["encoder", 0, 1, {}], ...]}), and its
 * {@code return_state} outputs by tensor index: such a config reads as the seq2seq graph built with the Java API
 * ({@code initial_state} by name) and predicts the same with the same weights. The tf.keras form of a masked input
 * is refused by name (tf.keras applies that mask with initial_state, Keras 3 does not).
 */
class KerasListFormStatesTest {
  private static String input(String name, String shape, String dtype) {
    return "{\"name\": \"" + name + "\", \"class_name\": \"InputLayer\", \"config\": {\"name\": \"" + name + "\", "
        + "\"batch_input_shape\": " + shape + ", \"dtype\": \"" + dtype + "\"}, \"inbound_nodes\": []}";
  }

  private static Map<String, Object> seq2seq(String decoderInput, String extraLayers) {
    return Json.readObject("{\"class_name\": \"Model\", \"config\": {\"name\": \"m\", \"layers\": ["
        + input("enc", "[null, 4, 3]", "float32") + ", " + extraLayers
        + "{\"name\": \"encoder\", \"class_name\": \"LSTM\", \"config\": {\"name\": \"encoder\", \"units\": 3, "
        + "\"return_state\": true}, \"inbound_nodes\": [[[\"enc\", 0, 0, {}]]]}, "
        + "{\"name\": \"decoder\", \"class_name\": \"LSTM\", \"config\": {\"name\": \"decoder\", \"units\": 3, "
        + "\"return_sequences\": true}, \"inbound_nodes\": [[[\"" + decoderInput + "\", 0, 0, {}], "
        + "[\"encoder\", 0, 1, {}], [\"encoder\", 0, 2, {}]]]}], "
        + "\"input_layers\": [[\"enc\", 0, 0], [\"dec\", 0, 0]], \"output_layers\": [[\"decoder\", 0, 0]]}}", "test");
  }

  private static Tensor uniform(long seed, int... dims) {
    float[] v = new float[Shape.of(dims).size()];
    RngKey.of(seed).fillUniform(v);
    return Tensor.of(Shape.of(dims), v);
  }

  @Test
  void extraInboundTensors_areTheInitialState_andPredictLikeTheJavaGraph() {
    Functional read = KerasGraphConfig.build(seq2seq("dec", input("dec", "[null, 3, 2]", "float32") + ", "),
        LayerRegistry.standard());
    Node decoder = read.nodes().get(read.nodes().size() - 1);
    assertEquals(1, decoder.positionalInputs().size());
    assertEquals(List.of("initial_state"), List.copyOf(decoder.tensorArguments().keySet()));
    assertEquals(List.of(1, 2), decoder.tensorArguments().get("initial_state").stream().map(KerasTensor::index)
        .toList(), "the encoder's h and c");
    KerasTensor enc = Input.of(Shape.batchOf(4, 3), "enc").output();
    KerasTensor dec = Input.of(Shape.batchOf(3, 2), "dec").output();
    List<KerasTensor> states = LSTM.builder(3).returnState(true).build().applyAll(enc);
    KerasTensor seq = LSTM.builder(3).returnSequences(true).build()
        .apply(List.of(dec), Map.of("initial_state", states.subList(1, 3)));
    Functional java = new Functional(List.of(enc, dec), List.of(seq));
    java.setRandomSeed(1);
    java.build();
    read.build();
    read.setWeights(java.getWeights());
    List<Tensor> x = List.of(uniform(3, 2, 4, 3), uniform(4, 2, 3, 2));
    assertArrayEquals(java.predict(x, 8).get(0).toArray(), read.predict(x, 8).get(0).toArray(), 0f);
  }

  @Test
  void initialStateOnAMaskedInput_inTheListForm_isRefusedNamingTheLayer() {
    String layers = input("dec", "[null, 3]", "int32") + ", {\"name\": \"emb\", \"class_name\": \"Embedding\", "
        + "\"config\": {\"name\": \"emb\", \"input_dim\": 10, \"output_dim\": 2, \"mask_zero\": true}, "
        + "\"inbound_nodes\": [[[\"dec\", 0, 0, {}]]]}, ";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KerasGraphConfig.build(seq2seq("emb", layers), LayerRegistry.standard()));
    assertTrue(e.getMessage().contains("\"decoder\" (LSTM)") && e.getMessage().contains("masked input"),
        e.getMessage());
  }
}
