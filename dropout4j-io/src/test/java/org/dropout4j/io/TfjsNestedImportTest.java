package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dropout4j.models.Functional;
import org.dropout4j.models.Model;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TF.js Layers files whose functional ({@code Model}) topology holds nested models, written by real TensorFlow.js
 * 4.22 ({@code interop/tfjs-node-check/make-nested-fixture.js}): {@code nested_twice} (a functional encoder called
 * four times on two inputs, a nested Sequential head, two outputs) and {@code nested_deep} (a Sequential inside a
 * functional model inside the outer model). dropout4j reads them and predicts what TF.js predicted within 1e-5
 * (absolute) + 1e-5 (relative).
 */
class TfjsNestedImportTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"nested_twice", "nested_deep"})
  void tfjsNestedModel_predictsWhatTfjsPredicted(String name) throws Exception {
    Path dir = Path.of(TfjsNestedImportTest.class.getResource("/tfjs/nested/" + name + "/model.json").toURI())
        .getParent();
    Model model = TfjsLayers.loadModel(dir.resolve("model.json"));
    assertInstanceOf(Functional.class, model, name);
    List<Tensor> inputs = new ArrayList<>();
    MAPPER.readTree(dir.resolve("inputs.json").toFile()).forEach(t -> inputs.add(JsonTensors.tensor(t)));
    JsonNode expected = MAPPER.readTree(dir.resolve("expected.json").toFile());
    List<Tensor> out = model.predict(inputs, 32);
    assertEquals(expected.size(), out.size(), name);
    double worst = 0;
    for (int k = 0; k < out.size(); k++) {
      Tensor want = JsonTensors.tensor(expected.get(k));
      assertEquals(want.shape(), out.get(k).shape(), name + " output " + k);
      for (int i = 0; i < want.size(); i++) {
        float a = want.get(i);
        float b = out.get(k).get(i);
        worst = Math.max(worst, Math.abs(a - b));
        assertTrue(Math.abs(a - b) <= 1e-5 + 1e-5 * Math.abs(a), name + " output " + k + "[" + i + "]: TF.js " + a
            + ", dropout4j " + b);
      }
    }
    System.out.println("[golden] TF.js " + name + " max abs diff " + worst);
  }
}
