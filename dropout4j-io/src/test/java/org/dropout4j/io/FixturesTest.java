package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dropout4j.models.Model;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fixtures proof: every model file with known outputs in {@code src/test/resources/fixtures} (real files written
 * by Keras 2, tf.keras, Keras 3 and tfjs-layers; see PROVENANCE.md there) is listed in {@code MANIFEST.tsv} with
 * what it must do, and does it. {@code pass}: loads and predicts its expected outputs within
 * {@code 1e-5 + 1e-5 * |expected|} per element. {@code refuse:<text>}: is refused with an error containing the text
 * (Keras 1 files). {@code known:<reason>}: does not pass yet; the test is skipped with the reason while it still
 * fails and fails once the file passes, so that the row is promoted to {@code pass} (the count only goes up).
 */
class FixturesTest {
  static final double ABS = 1e-5;
  static final double REL = 1e-5;

  record Row(String status, String kind, String model, String input, String expected) {
    @Override
    public String toString() {
      return model;
    }
  }

  static Path root() {
    try {
      return Path.of(FixturesTest.class.getResource("/fixtures/MANIFEST.tsv").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(root().resolve("MANIFEST.tsv"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      assertEquals(5, f.length, "MANIFEST.tsv row needs 5 tab-separated fields: " + line);
      rows.add(new Row(f[0], f[1], f[2], f[3], f[4]));
    }
    return rows;
  }

  @Test
  void manifest_lists_every_model_file_of_the_fixtures() throws IOException {
    Path root = root();
    Set<String> listed = rows().stream().map(Row::model).collect(Collectors.toCollection(TreeSet::new));
    Set<String> models = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        String name = p.getFileName().toString();
        if (name.equals("model.json")) {
          models.add(root.relativize(p.getParent()).toString().replace('\\', '/'));
        } else if ((name.endsWith(".h5") || name.endsWith(".keras")) && !name.contains("inputs_and_outputs")) {
          models.add(rel);
        }
      }
    }
    models.removeAll(listed);
    assertTrue(models.isEmpty(), "model files missing from MANIFEST.tsv: " + models);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void fixture_does_what_the_manifest_says(Row row) throws IOException {
    if (row.status().startsWith("refuse:")) {
      String text = row.status().substring("refuse:".length());
      try {
        load(row);
        fail(row.model() + " loaded; expected a refusal containing \"" + text + "\"");
      } catch (IOException e) {
        assertTrue(e.getMessage().contains(text), e.getMessage());
      }
      return;
    }
    String problem = problem(row);
    if (row.status().equals("pass")) {
      assertTrue(problem == null, row.model() + ": " + problem);
    } else if (row.status().startsWith("known:")) {
      assertTrue(problem != null, row.model() + " now predicts its expected outputs: mark it `pass` in "
          + "MANIFEST.tsv");
      Assumptions.abort("known failure (" + row.status().substring(6) + "): " + problem);
    } else {
      fail("unknown status in MANIFEST.tsv: " + row.status());
    }
  }

  /** Why the row does not predict its expected outputs, or null when it does. */
  static String problem(Row row) {
    Model model;
    List<Tensor> x;
    List<Tensor> expected;
    try {
      model = load(row);
      List<List<Tensor>> io = data(row);
      x = io.get(0);
      expected = io.get(1);
    } catch (IOException | RuntimeException e) {
      return "cannot load: " + e.getMessage();
    }
    List<Tensor> ys;
    try {
      ys = model.predict(x, 32);
    } catch (RuntimeException e) {
      return "predict failed: " + e;
    }
    if (ys.size() != expected.size()) {
      return ys.size() + " outputs, expected " + expected.size();
    }
    for (int k = 0; k < ys.size(); k++) {
      Tensor y = ys.get(k);
      Tensor want = expected.get(k);
      if (!y.shape().equals(want.shape())) {
        return "output " + k + " shape " + y.shape() + ", expected " + want.shape();
      }
      double worst = 0;
      int at = -1;
      for (int i = 0; i < y.size(); i++) {
        double e = want.get(i);
        double excess = Math.abs(y.get(i) - e) - (ABS + REL * Math.abs(e));
        if (!(excess <= worst)) {
          worst = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
          at = i;
        }
      }
      if (at >= 0) {
        return "output " + k + " element " + at + " is " + y.get(at) + ", expected " + want.get(at)
            + " (tolerance 1e-5 + 1e-5 relative)";
      }
    }
    return null;
  }

  /** The row's model: a TF.js folder, or a Keras file (Sequential or functional). */
  static Model load(Row row) throws IOException {
    Path model = root().resolve(row.model());
    return row.kind().equals("tfjs") ? TfjsLayers.loadModel(model) : Models.loadModel(model);
  }

  /** The inputs and the expected outputs of a row. */
  static List<List<Tensor>> data(Row row) throws IOException {
    Path root = root();
    switch (row.kind()) {
      case "npy":
        return List.of(List.of(NpyFile.read(root.resolve(row.input()))),
            List.of(NpyFile.read(root.resolve(row.expected()))));
      case "dl4j":
        try (HdfFile h5 = new HdfFile(root.resolve(row.input()))) {
          return List.of(List.of(onlyDataset(h5, "inputs")), List.of(onlyDataset(h5, "predictions")));
        }
      case "tfjs":
        return List.of(tfjsArrays(root.resolve(row.input() + ".xs-data.json"),
            root.resolve(row.input() + ".xs-shapes.json")), tfjsArrays(root.resolve(row.input() + ".ys-data.json"),
            root.resolve(row.input() + ".ys-shapes.json")));
      default:
        throw new IllegalArgumentException("unknown kind " + row.kind());
    }
  }

  private static Tensor onlyDataset(HdfFile h5, String group) {
    Node g = h5.getChildren().get(group);
    if (!(g instanceof Group) || ((Group) g).getChildren().size() != 1) {
      throw new IllegalArgumentException("expected exactly one dataset under " + group);
    }
    Dataset d = (Dataset) ((Group) g).getChildren().values().iterator().next();
    Object flat = d.getDataFlat();
    float[] v;
    if (flat instanceof float[]) {
      v = (float[]) flat;
    } else if (flat instanceof double[]) {
      double[] dd = (double[]) flat;
      v = new float[dd.length];
      for (int i = 0; i < dd.length; i++) {
        v[i] = (float) dd[i];
      }
    } else {
      throw new IllegalArgumentException(group + ": unexpected dataset type " + flat.getClass());
    }
    return Tensor.of(Shape.of(d.getDimensions()), v);
  }

  /** A tfjs2keras {@code .xs/.ys} pair: a list of flat arrays and a list of shapes, one per model input/output. */
  @SuppressWarnings("unchecked")
  private static List<Tensor> tfjsArrays(Path data, Path shapes) {
    try {
      List<Object> values = (List<Object>) Json.read(Files.readString(data), data.toString());
      List<Object> dims = (List<Object>) Json.read(Files.readString(shapes), shapes.toString());
      if (values.size() != dims.size()) {
        throw new IllegalArgumentException(data.getFileName() + " holds " + values.size() + " tensors but "
            + shapes.getFileName() + " " + dims.size() + " shapes");
      }
      List<Tensor> out = new ArrayList<>();
      for (int k = 0; k < values.size(); k++) {
        int[] shape = ((List<Object>) dims.get(k)).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        List<Object> flat = (List<Object>) values.get(k);
        float[] v = new float[flat.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = ((Number) flat.get(i)).floatValue();
        }
        out.add(Tensor.of(Shape.of(shape), v));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
