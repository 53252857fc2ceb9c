package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.models.Functional;
import org.dropout4j.models.Model;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Functional graphs written by real Keras 3.15 ({@code tools/golden/make_functional_fixtures.py}) read from
 * {@code .keras} and {@code .h5}: every model predicts Keras' outputs within 1e-5 (absolute and relative).
 */
class KerasGraphImportTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(KerasGraphImportTest.class.getResource("/functional/" + name).toURI());
  }


  @ParameterizedTest
  @ValueSource(strings = {"residual_mlp", "two_in_two_out", "shared_layer", "merges", "nested", "training_kwarg"})
  void kerasFixture_predictsKerasOutputs_fromKerasAndH5(String name) throws Exception {
    JsonNode expected = MAPPER.readTree(fixture(name + ".json").toFile());
    List<Tensor> inputs = new ArrayList<>();
    expected.get("inputs").forEach(t -> inputs.add(JsonTensors.tensor(t)));
    for (String ext : List.of(".keras", ".h5")) {
      Model model = KerasGraphImport.load(fixture(name + ext));
      assertInstanceOf(Functional.class, model, name + ext);
      List<Tensor> out = model.predict(inputs, 32);
      assertEquals(expected.get("outputs").size(), out.size(), name + ext);
      for (int k = 0; k < out.size(); k++) {
        Tensor want = JsonTensors.tensor(expected.get("outputs").get(k));
        assertEquals(want.shape(), out.get(k).shape(), name + ext + " output " + k);
        for (int i = 0; i < want.size(); i++) {
          float a = want.get(i);
          float b = out.get(k).get(i);
          assertTrue(Math.abs(a - b) <= 1e-5 + 1e-5 * Math.abs(a), name + ext + " output " + k + "[" + i + "]: Keras "
              + a + ", dropout4j " + b);
        }
      }
    }
  }

  @Test
  void twoInTwoOut_keepsKerasInputAndOutputOrderAndNames() throws Exception {
    Functional m = (Functional) KerasGraphImport.load(fixture("two_in_two_out.keras"));
    assertEquals(List.of("features", "extra"), m.inputLayers().stream().map(l -> l.name()).toList());
    assertEquals(List.of("kind", "value"), m.outputNames());
  }

  @Test
  void sharedLayer_isOneLayerWithOneSetOfWeights() throws Exception {
    Functional m = (Functional) KerasGraphImport.load(fixture("shared_layer.keras"));
    long encoders = m.layers().stream().filter(l -> l.name().equals("encoder")).count();
    assertEquals(1, encoders);
    assertEquals(2, m.nodes().stream().filter(n -> n.operation().name().equals("encoder")).count());
  }

  @Test
  void cyclicConfig_isRefusedNamingTheLayer() {
    String json = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"loop\", \"layers\": ["
        + "{\"class_name\": \"InputLayer\", \"name\": \"x\", \"config\": {\"batch_shape\": [null, 2], \"name\": \"x\"},"
        + " \"inbound_nodes\": []},"
        + "{\"class_name\": \"Add\", \"name\": \"a\", \"config\": {\"name\": \"a\"}, \"inbound_nodes\": "
        + "[[[\"x\", 0, 0, {}], [\"b\", 0, 0, {}]]]},"
        + "{\"class_name\": \"Add\", \"name\": \"b\", \"config\": {\"name\": \"b\"}, \"inbound_nodes\": "
        + "[[[\"x\", 0, 0, {}], [\"a\", 0, 0, {}]]]}],"
        + "\"input_layers\": [[\"x\", 0, 0]], \"output_layers\": [[\"b\", 0, 0]]}}";
    Map<String, Object> config = Json.readObject(json, "test");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KerasGraphConfig.build(config, LayerRegistry.standard()));
    assertTrue(e.getMessage().contains("\"a\"") && e.getMessage().contains("cycle"), e.getMessage());
  }
}
