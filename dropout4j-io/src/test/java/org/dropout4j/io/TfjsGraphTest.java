package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dropout4j.layers.Bidirectional;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.GRU;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.KerasTensor;
import org.dropout4j.layers.merging.Add;
import org.dropout4j.layers.merging.Average;
import org.dropout4j.layers.merging.Concatenate;
import org.dropout4j.layers.merging.Dot;
import org.dropout4j.layers.merging.Maximum;
import org.dropout4j.layers.merging.Minimum;
import org.dropout4j.layers.merging.Multiply;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.models.Functional;
import org.dropout4j.models.Model;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TF.js Layers functional ({@code Model}) topologies: a graph written by tfjs-layers itself (the tfjs2keras
 * {@code functional_merge} model: three inputs, Reshape, Average, Concatenate) reproduces the outputs TF.js stored;
 * dropout4j's functional models (residual, two inputs and two outputs, shared layer with merges, an Embedding branch,
 * a Bidirectional GRU with TimeDistributed, a model imported from a Keras 3.15 {@code .keras} file and five realistic
 * Keras 3.15 models: op nodes x + y and x * g, nested Sequential and functional models, ResNet, U-Net and MobileNet
 * blocks) export to
 * TF.js, read back with the same predictions, and real TensorFlow.js 4.22 in Node loads them and predicts the same
 * within 1e-5 (skipped, with the reason, without node and the script's {@code node_modules}, unless
 * {@code DROPOUT4J_REQUIRE_TFJS=1}).
 */
class TfjsGraphTest {
  private static final double TOLERANCE = 1e-5;

  @TempDir
  Path dir;

  @SuppressWarnings("unchecked")
  private static List<Tensor> readPairs(String prefix) throws IOException {
    List<Object> data = (List<Object>) Json.read(Files.readString(TfjsLayersTest.resource(prefix + "-data.json")),
        prefix);
    List<Object> shapes = (List<Object>) Json.read(Files.readString(TfjsLayersTest.resource(prefix
        + "-shapes.json")), prefix);
    List<Tensor> out = new ArrayList<>();
    for (int k = 0; k < data.size(); k++) {
      List<Number> flat = (List<Number>) data.get(k);
      float[] v = new float[flat.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = flat.get(i).floatValue();
      }
      out.add(Tensor.of(Shape.of(((List<Number>) shapes.get(k)).stream().mapToInt(Number::intValue).toArray()), v));
    }
    return out;
  }

  private static void assertClose(List<Tensor> want, List<Tensor> got, String what) {
    assertEquals(want.size(), got.size(), what + ": output count");
    for (int k = 0; k < want.size(); k++) {
      assertEquals(want.get(k).shape(), got.get(k).shape(), what + " output " + k);
      for (int i = 0; i < want.get(k).size(); i++) {
        float a = want.get(k).get(i);
        float b = got.get(k).get(i);
        assertTrue(Math.abs(a - b) <= TOLERANCE + TOLERANCE * Math.abs(a), what + " output " + k + "[" + i + "]: "
            + a + " vs " + b);
      }
    }
  }

  @Test
  void tfjs_written_functional_merge_model_reproduces_the_stored_outputs() throws IOException {
    Model m = TfjsLayers.loadModel(TfjsLayersTest.resource("functional_merge"));
    Functional f = assertInstanceOf(Functional.class, m);
    assertEquals(List.of("input1", "input2", "input3"), f.inputLayers().stream().map(l -> l.name()).toList());
    assertClose(readPairs("functional_merge.ys"), m.predict(readPairs("functional_merge.xs"), 32), "functional_merge");
  }

  @Test
  void a_functional_model_is_refused_where_a_sequential_one_is_required_naming_the_way_out() {
    IOException e = assertThrows(IOException.class, () -> TfjsLayers.load(TfjsLayersTest.resource(
        "functional_merge")));
    assertTrue(e.getMessage().contains("functional model") && e.getMessage().contains("loadModel"), e.getMessage());
  }

  /** The functional models to export: KerasExportTest's (a nested model included), plus one read from Keras. */
  private static Map<String, Functional> models() throws Exception {
    Map<String, Functional> m = new LinkedHashMap<>(KerasExportTest.functionalModels());
    m.remove("shared_merges"); // has a Subtract, which TF.js lacks (refused below); the same graph with Add instead:
    KerasTensor left = Input.of(Shape.of(Shape.UNKNOWN, 4), "left").output();
    KerasTensor right = Input.of(Shape.of(Shape.UNKNOWN, 4), "right").output();
    Dense shared = Dense.builder(3).activation("relu").name("encoder").build();
    KerasTensor el = shared.apply(left);
    KerasTensor er = shared.apply(right);
    KerasTensor merged = new Concatenate().apply(new Add().apply(el, er), new Multiply().apply(el, er),
        new Dot(1, true).apply(el, er), new Maximum().apply(el, er), new Minimum().apply(el, er),
        new Average().apply(el, er));
    Functional siamese = new Functional(List.of(left, right), List.of(new Dense(1, "sigmoid").apply(merged)),
        "siamese");
    siamese.setRandomSeed(3);
    siamese.build();
    m.put("shared_tfjs_merges", siamese);
    m.put("keras_two_in_two_out", (Functional) KerasGraphImport.load(Path.of(TfjsGraphTest.class.getResource(
        "/functional/two_in_two_out.keras").toURI())));
    KerasTensor x = Input.of(Shape.of(Shape.UNKNOWN, 3), "x").output();
    KerasTensor kept = new Dropout(0.5f).apply(new Dense(4).apply(x), false);
    Functional fixedTraining = new Functional(List.of(x), List.of(new Dense(2).apply(kept)), "training_false");
    fixedTraining.setRandomSeed(5);
    fixedTraining.build();
    m.put("training_false_call", fixedTraining);
    // models written by real Keras 3.15 as a team writes them (functional/realistic/): x + y and x * g op nodes,
    // a nested Sequential and a nested functional head called twice, ResNet, U-Net and MobileNet blocks
    for (String name : List.of("gated_residual_mlp", "nested_models", "resnet_block", "unet", "mobilenet_block")) {
      m.put("keras_" + name, (Functional) Models.loadModel(KerasRealisticGraphTest.fixture(name + ".keras")));
    }
    return m;
  }

  @Test
  void functional_models_export_to_tfjs_and_read_back_with_the_same_predictions() throws Exception {
    for (Map.Entry<String, Functional> e : models().entrySet()) {
      Functional model = e.getValue();
      List<Tensor> x = KerasExportTest.inputs(model, 5);
      Path out = dir.resolve(e.getKey());
      TfjsLayers.export(model, out);
      Model back = TfjsLayers.loadModel(out);
      assertInstanceOf(Functional.class, back, e.getKey());
      assertClose(model.predict(x, 32), back.predict(x, 32), e.getKey());
    }
  }

  @Test
  void a_subtract_layer_is_refused_by_the_tfjs_export_naming_it_and_the_reason() {
    Functional model = KerasExportTest.functionalModels().get("shared_merges");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TfjsLayers.export(model, dir.resolve("sub")));
    assertTrue(e.getMessage().contains("(Subtract)") && e.getMessage().contains("registers no Subtract"),
        e.getMessage());
  }

  @Test
  void a_bidirectional_gru_with_reset_after_is_refused_by_the_tfjs_export() {
    KerasTensor x = Input.of(Shape.of(Shape.UNKNOWN, 5, 3), "steps").output();
    KerasTensor y = new Bidirectional(GRU.builder(2), "concat").apply(x);
    Functional model = new Functional(List.of(x), List.of(y), "bi");
    model.build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TfjsLayers.export(model, dir.resolve("bi")));
    assertTrue(e.getMessage().contains("(Bidirectional)") && e.getMessage().contains("reset_after=true"),
        e.getMessage());
  }

  @Test
  @SuppressWarnings("unchecked")
  void a_nested_model_called_twice_is_inlined_as_shared_layers_named_after_it() throws Exception {
    Functional outer = KerasExportTest.functionalModels().get("nested_twice");
    TfjsLayers.export(outer, dir.resolve("nested"));
    Map<String, Object> json = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
        dir.resolve("nested/model.json").toFile(), Map.class);
    Map<String, Object> config = (Map<String, Object>) json.get("modelTopology");
    List<Map<String, Object>> layers = (List<Map<String, Object>>) ((Map<String, Object>) config.get("config"))
        .get("layers");
    Map<String, Integer> calls = new LinkedHashMap<>();
    for (Map<String, Object> l : layers) {
      calls.put((String) l.get("name"), ((List<Object>) l.get("inbound_nodes")).size());
    }
    // the block's Dense, called once per call of the block: one layer with two calls (its weights shared)
    assertEquals(2, calls.get("block_dense"), calls.toString());
    assertFalse(calls.keySet().stream().anyMatch(n -> n.equals("block")), calls.toString());
    // the second output is the block's first call: [layer, call 0, tensor 0]
    List<Object> outputs = (List<Object>) ((Map<String, Object>) config.get("config")).get("output_layers");
    assertEquals(List.of("block_dense", 0, 0), outputs.get(1));
    Model back = TfjsLayers.loadModel(dir.resolve("nested"));
    assertEquals(outer.countParams(), back.countParams());
    List<Tensor> x = KerasExportTest.inputs(outer, 6);
    assertClose(outer.predict(x, 32), back.predict(x, 32), "nested_twice");
  }

  @Test
  void real_tfjs_loads_every_functional_export_and_reproduces_the_predictions() throws Exception {
    Path script = TfjsNodeCheckTest.findScript();
    Path out = Path.of("target", "tfjs-node-check-functional").toAbsolutePath();
    List<String> command = new ArrayList<>(List.of("node", script.toString()));
    for (Map.Entry<String, Functional> e : models().entrySet()) {
      Functional model = e.getValue();
      List<Tensor> x = KerasExportTest.inputs(model, 5);
      Path folder = out.resolve(e.getKey());
      TfjsLayers.export(model, folder);
      writeArrays(folder.resolve("inputs.json"), x);
      writeArrays(folder.resolve("expected.json"), model.predict(x, 32));
      command.add(folder.toString());
    }
    int count = command.size() - 2;
    TfjsNodeCheckTest.requireOrSkip(TfjsNodeCheckTest.nodeVersion() != null, "`node` is not on the PATH");
    TfjsNodeCheckTest.requireOrSkip(Files.isRegularFile(script.getParent().resolve(
        "node_modules/@tensorflow/tfjs/package.json")), "run `npm ci` in " + script.getParent());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean finished = p.waitFor(300, TimeUnit.SECONDS);
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!finished) {
      p.destroyForcibly();
    }
    assertTrue(finished, "node check.js did not finish:\n" + output);
    assertEquals(0, p.exitValue(), "node check.js failed:\n" + output);
    assertTrue(output.contains(count + "/" + count + " models match"), output);
  }

  private static void writeArrays(Path file, List<Tensor> tensors) throws IOException {
    List<Object> list = new ArrayList<>();
    for (Tensor t : tensors) {
      list.add(TensorJson.of(t));
    }
    Files.writeString(file, Json.write(list));
  }
}
