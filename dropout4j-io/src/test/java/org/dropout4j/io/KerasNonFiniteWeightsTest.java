package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.dropout4j.layers.Layer;
import org.dropout4j.models.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Keras file whose weights hold NaN or infinity (a model saved after its training diverged) is refused on load,
 * naming the file, the layer, the weight and the first bad value, instead of loading a model that predicts NaN for
 * every input (what Keras does).
 */
class KerasNonFiniteWeightsTest {
  @TempDir
  Path dir;

  private Path withKernelValue(float value) throws Exception {
    Model model = Models.loadModel(Path.of(getClass().getResource("/unseen/embedding_flatten.keras").toURI()));
    Layer dense = model.layers().stream().filter(l -> l.className().equals("Dense")).findFirst().orElseThrow();
    dense.weights().get(0).data()[5] = value;
    Path file = dir.resolve("diverged.keras");
    KerasExport.save(model, file);
    return file;
  }

  @Test
  void nan_weight_is_refused_naming_file_layer_weight_and_index() throws Exception {
    Path file = withKernelValue(Float.NaN);
    IOException e = assertThrows(IOException.class, () -> Models.loadModel(file));
    String m = e.getMessage();
    assertTrue(m.contains(file.toString()) && m.contains("(Dense)") && m.contains("vars/0")
        && m.contains("1 NaN or infinite value(s)") && m.contains("the first NaN at flat index 5"), m);
  }

  @Test
  void infinite_weight_is_refused_too() throws Exception {
    Path file = withKernelValue(Float.NEGATIVE_INFINITY);
    IOException e = assertThrows(IOException.class, () -> Models.loadModel(file));
    assertTrue(e.getMessage().contains("the first -Infinity at flat index 5"), e.getMessage());
  }
}
