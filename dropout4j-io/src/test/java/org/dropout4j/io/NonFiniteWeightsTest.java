package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dropout4j.layers.Layer;
import org.dropout4j.models.Functional;
import org.dropout4j.models.Model;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model file whose weights hold NaN or infinity (saved after its training diverged, or damaged) is refused on load
 * by every reader -- Keras {@code .keras}, dropout4j {@code .d4j}, TF.js Layers -- naming the file, the layer with its
 * class, the weight and the first bad value with its flat index, instead of loading a model that predicts NaN for
 * every input (what Keras and TF.js do). The same files with finite weights load and predict as the model saved.
 */
class NonFiniteWeightsTest {
  @TempDir
  Path dir;

  /** A model read from a real Keras file, the 6th value of its first Dense kernel replaced by {@code value}. */
  private static Model withKernelValue(float value) throws Exception {
    Model model = Models.loadModel(Path.of(NonFiniteWeightsTest.class.getResource("/unseen/embedding_flatten.keras")
        .toURI()));
    firstDense(model).weights().get(0).data()[5] = value;
    return model;
  }

  private static Layer firstDense(Model model) {
    return model.layers().stream().filter(l -> l.className().equals("Dense")).findFirst().orElseThrow();
  }

  /** Saves {@code model} as {@code kind} ({@code keras}, {@code d4j} or {@code tfjs}); returns the path to load. */
  private Path save(Model model, String kind, String name) throws IOException {
    if (kind.equals("tfjs")) {
      Path folder = Files.createDirectories(dir.resolve(name));
      Models.save(model, folder);
      return folder;
    }
    Path file = dir.resolve(name + "." + kind);
    Models.save(model, file);
    return file;
  }

  @ParameterizedTest
  @ValueSource(strings = {"keras", "d4j", "tfjs"})
  void nan_weight_is_refused_naming_file_layer_weight_and_index(String kind) throws Exception {
    Model model = withKernelValue(Float.NaN);
    String layer = firstDense(model).name();
    Path path = save(model, kind, "diverged");
    IOException e = assertThrows(IOException.class, () -> Models.loadModel(path));
    String m = e.getMessage();
    assertTrue(m.contains(path.toString()) && m.contains("'" + layer + "' (Dense)")
        && m.contains("1 NaN or infinite value(s)") && m.contains("the first NaN at flat index 5"), m);
  }

  @ParameterizedTest
  @ValueSource(strings = {"keras", "d4j", "tfjs"})
  void infinite_weight_is_refused_too(String kind) throws Exception {
    Path path = save(withKernelValue(Float.NEGATIVE_INFINITY), kind, "inf");
    IOException e = assertThrows(IOException.class, () -> Models.loadModel(path));
    assertTrue(e.getMessage().contains("the first -Infinity at flat index 5"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"keras", "d4j", "tfjs"})
  void finite_weights_load_and_predict_as_saved(String kind) throws Exception {
    Model model = withKernelValue(0.25f);
    Path path = save(model, kind, "finite");
    Model back = Models.loadModel(path);
    List<Tensor> x = KerasExportTest.inputs(model, 3);
    assertArrayEquals(model.predict(x, 32).get(0).toArray(), back.predict(x, 32).get(0).toArray(), kind);
  }

  @Test
  void a_functional_model_names_the_layer_of_the_bad_weight() throws Exception {
    Functional model = KerasExportTest.functionalModels().get("two_in_two_out");
    Layer dense = firstDense(model);
    dense.weights().get(1).data()[0] = Float.POSITIVE_INFINITY;
    for (String kind : List.of("keras", "d4j", "tfjs")) {
      Path path = save(model, kind, "graph_" + kind);
      IOException e = assertThrows(IOException.class, () -> Models.loadModel(path), kind);
      String m = e.getMessage();
      assertTrue(m.contains("'" + dense.name() + "' (Dense)") && m.contains("the first Infinity at flat index 0"),
          kind + ": " + m);
    }
  }
}
