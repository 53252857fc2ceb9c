package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dropout4j.losses.Losses;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.Functional;
import org.dropout4j.models.History;
import org.dropout4j.models.Model;
import org.dropout4j.optimizers.Adam;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Functional graphs in the native {@code .d4j} file: every graph of {@link KerasExportTest#functionalModels()}
 * (residual, two inputs/outputs, shared layer and merges, Embedding branch, nested model twice, recurrent wrappers)
 * reads back with the same predictions; a compiled two-output model keeps its per-output losses, loss weights and
 * metrics and its optimizer state, so training resumed from the file equals training without the save, bit for bit.
 */
class FunctionalArchiveTest {
  @TempDir
  Path dir;

  @Test
  void every_functional_graph_reads_back_with_the_same_predictions() throws Exception {
    for (Map.Entry<String, Functional> e : KerasExportTest.functionalModels().entrySet()) {
      Functional model = e.getValue();
      List<Tensor> x = KerasExportTest.inputs(model, 3);
      Path file = dir.resolve(e.getKey() + ".d4j");
      Models.save(model, file);
      Model back = Models.loadModel(file);
      assertInstanceOf(Functional.class, back, e.getKey());
      List<Tensor> want = model.predict(x, 32);
      List<Tensor> got = back.predict(x, 32);
      for (int k = 0; k < want.size(); k++) {
        assertArrayEquals(want.get(k).toArray(), got.get(k).toArray(), e.getKey() + " output " + k);
      }
    }
  }

  private static Functional compiled() {
    Functional m = KerasExportTest.functionalModels().get("two_in_two_out");
    m.compile(new Adam(0.01f), Map.of("kind", Losses.get("categorical_crossentropy"), "value", Losses.get("mse")),
        Map.of("kind", 1.0, "value", 0.25), Map.of("kind", List.of("accuracy"), "value", List.of("mae")));
    return m;
  }

  private static List<Tensor> y(int n) {
    float[] kind = new float[n * 3];
    float[] value = new float[n];
    for (int i = 0; i < n; i++) {
      kind[i * 3 + i % 3] = 1;
      value[i] = 0.1f * i;
    }
    return List.of(Tensor.of(Shape.of(n, 3), kind), Tensor.of(Shape.of(n, 1), value));
  }

  @Test
  void a_compiled_two_output_model_resumes_training_bit_for_bit() throws IOException {
    FitOptions two = FitOptions.builder().epochs(2).batchSize(4).verbose(0).build();
    List<Tensor> x = KerasExportTest.inputs(compiled(), 12);
    Functional straight = compiled();
    straight.fit(x, y(12), two);
    History last = straight.fit(x, y(12), two);

    Functional first = compiled();
    first.fit(x, y(12), two);
    Path file = dir.resolve("resume.d4j");
    ModelArchive.save(first, file);
    Model resumed = ModelArchive.loadModel(file);
    assertEquals(List.of("kind", "value"), resumed.outputNames());
    assertEquals(0.25, resumed.lossWeight(1));
    assertEquals(List.of("mae"), resumed.metrics(1));
    History again = resumed.fit(x, y(12), two);
    assertEquals(last.asMap(), again.asMap());
    for (int i = 0; i < straight.getWeights().size(); i++) {
      assertArrayEquals(straight.getWeights().get(i), resumed.getWeights().get(i), "weight " + i);
    }
  }

  @Test
  void a_functional_file_is_refused_where_a_sequential_model_is_required_naming_the_way_out() throws IOException {
    Path file = dir.resolve("f.d4j");
    ModelArchive.save(KerasExportTest.functionalModels().get("residual_mlp"), file);
    IOException e = assertThrows(IOException.class, () -> ModelArchive.load(file));
    assertTrue(e.getMessage().contains("functional model \"residual\"") && e.getMessage().contains("loadModel"),
        e.getMessage());
  }
}
