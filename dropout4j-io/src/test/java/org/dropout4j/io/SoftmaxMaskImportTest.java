package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.KerasTensor;
import org.dropout4j.layers.Node;
import org.dropout4j.layers.activations.Softmax;
import org.dropout4j.models.Functional;
import org.dropout4j.models.Model;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keras' {@code Softmax(axis)(x, mask=m)} with an explicit mask tensor (functional/softmax_mask, written by real
 * Keras 3.15 with tools/golden/make_softmax_mask_fixture.py): a boolean (batch, 4, 5) mask with a row that allows
 * nothing (zeros, as Keras gives) and a float (batch, 4, 1) mask that broadcasts over the last axis (kept where
 * {@code > 0.5}). Read from {@code .keras} and {@code .h5} (the mask is the layer's second input), the model predicts
 * Keras' outputs within 1e-5 (+1e-5 relative), also after saving as {@code .keras} and {@code .d4j}.
 */
class SoftmaxMaskImportTest {
  private static final double TOL = 1e-5;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir
  Path dir;

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(SoftmaxMaskImportTest.class.getResource("/functional/" + name).toURI());
  }

  private static void assertPredictsKeras(Model model, String what) throws Exception {
    JsonNode golden = MAPPER.readTree(fixture("softmax_mask.json").toFile());
    List<Tensor> x = new ArrayList<>();
    golden.get("inputs").forEach(t -> x.add(JsonTensors.tensor(t)));
    List<Tensor> out = model.predict(x, 32);
    for (int k = 0; k < 2; k++) {
      Tensor want = JsonTensors.tensor(golden.get("outputs").get(k));
      assertEquals(want.shape(), out.get(k).shape(), what);
      for (int i = 0; i < want.size(); i++) {
        float a = want.get(i);
        float b = out.get(k).get(i);
        assertTrue(Math.abs(a - b) <= TOL + TOL * Math.abs(a), what + " output " + k + "[" + i + "]: expected " + a
            + ", dropout4j " + b);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {".keras", ".h5"})
  void an_explicit_mask_predicts_keras_outputs(String ext) throws Exception {
    Functional model = (Functional) KerasGraphImport.load(fixture("softmax_mask" + ext));
    assertPredictsKeras(model, "softmax_mask" + ext);
    Node call = model.nodes().stream().filter(n -> n.operation().name().equals("masked_rows")).findFirst()
        .orElseThrow();
    assertEquals(2, call.inputs().size(), "x and the mask");
    assertEquals("allowed", call.inputs().get(1).operation().name());
  }

  @ParameterizedTest
  @ValueSource(strings = {"keras", "d4j"})
  void saved_and_read_back_keeps_the_mask(String ext) throws Exception {
    Path file = dir.resolve("m." + ext);
    Models.save(KerasGraphImport.load(fixture("softmax_mask.keras")), file);
    assertPredictsKeras(Models.loadModel(file), "read back from ." + ext);
  }

  @Test
  void the_java_api_takes_the_mask_as_a_second_input_and_attaches_it_to_the_output() {
    KerasTensor x = Input.of(Shape.of(Shape.UNKNOWN, 2, 3), "x").output();
    KerasTensor m = Input.of(Shape.of(Shape.UNKNOWN, 1, 3), "m").dtype("bool").output();
    Functional model = new Functional(List.of(x, m), List.of(new Softmax().apply(x, m)), "softmax_mask");
    model.build();
    Tensor scores = Tensor.of(Shape.of(1, 2, 3), 1f, 2f, 3f, 0f, 0f, 5f);
    Tensor keep = Tensor.of(Shape.of(1, 1, 3), 1f, 1f, 0f);
    float[] p = model.predict(List.of(scores, keep), 8).get(0).toArray();
    double e = Math.exp(1);
    assertEquals(1 / (1 + e), p[0], 1e-6);
    assertEquals(e / (1 + e), p[1], 1e-6);
    assertEquals(0f, p[2]);
    assertEquals(0.5, p[3], 1e-6);
    assertEquals(0f, p[5]);
    Tensor direct = new Softmax().call(List.of(scores, keep), org.dropout4j.layers.CallContext.inference());
    assertEquals(keep, direct.mask(), "Keras attaches the mask to the output");
  }

  @Test
  void a_mask_that_does_not_broadcast_is_refused_naming_the_layer_and_both_shapes() {
    KerasTensor x = Input.of(Shape.of(Shape.UNKNOWN, 4, 5), "x").output();
    KerasTensor m = Input.of(Shape.of(Shape.UNKNOWN, 4), "m").output();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Softmax(-1, "probs").apply(x, m));
    assertTrue(e.getMessage().contains("\"probs\" (Softmax)") && e.getMessage().contains("(None, 4, 5)")
        && e.getMessage().contains("(None, 4)"), e.getMessage());
  }
}
