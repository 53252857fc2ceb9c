package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dropout4j.io.ModelArchive;
import org.dropout4j.io.NpyFile;
import org.dropout4j.io.TfjsLayers;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.regularization.SpatialDropout2D;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {
  @TempDir
  Path dir;

  static final Tensor X = Tensor.of(Shape.of(4, 3), 0.1f, -0.4f, 1.2f, 0.3f, -2f, 0.5f, 1f, 1f, 1f, -0.7f, 0f, 2.5f);

  static Sequential classifier() {
    Sequential m = new Sequential(Input.shape(3), new Dense(8, "relu"), new Dropout(0.4f), new Dense(2, "softmax"));
    m.setRandomSeed(3);
    m.build(Shape.batchOf(3));
    return m;
  }

  static Path save(Sequential m, Path file) throws IOException {
    ModelArchive.save(m, file);
    return file;
  }

  static Path csv(Path file, String header, Tensor x) throws IOException {
    StringBuilder sb = new StringBuilder(header == null ? "" : header + "\n");
    int k = x.shape().dim(1);
    float[] v = x.toArray();
    for (int i = 0; i < x.shape().dim(0); i++) {
      for (int j = 0; j < k; j++) {
        sb.append(j == 0 ? "" : ",").append(v[i * k + j]);
      }
      sb.append('\n');
    }
    Files.writeString(file, sb.toString());
    return file;
  }

  /** The numbers of a CSV file written by the CLI (header checked, then dropped). */
  static float[] readCsv(Path file, String expectedHeader) throws IOException {
    List<String> lines = Files.readAllLines(file);
    assertEquals(expectedHeader, lines.get(0));
    return lines.stream().skip(1).flatMap(l -> java.util.Arrays.stream(l.split(",")))
        .map(Float::parseFloat).collect(java.util.stream.Collectors.collectingAndThen(
            java.util.stream.Collectors.toList(), l -> {
              float[] a = new float[l.size()];
              for (int i = 0; i < a.length; i++) {
                a[i] = l.get(i);
              }
              return a;
            }));
  }

  @Test
  void d4j_model_predicts_a_csv_with_header_into_a_csv() throws IOException {
    Sequential m = classifier();
    Path model = save(m, dir.resolve("m.d4j"));
    Path in = csv(dir.resolve("x.csv"), "a,b,c", X);
    Path out = dir.resolve("y.csv");
    CliRun r = CliRun.of("predict", model.toString(), "--x", in.toString(), "--output", out.toString());
    assertEquals(0, r.code(), r.err());
    assertArrayEquals(m.predict(X).toArray(), readCsv(out, "output_0,output_1"));
    assertTrue(r.out().contains("wrote predictions of shape (4, 2)"), r.out());
  }

  @Test
  void csv_without_header_gives_the_same_predictions_printed_to_stdout() throws IOException {
    Sequential m = classifier();
    Path model = save(m, dir.resolve("m.d4j"));
    CliRun with = CliRun.of("predict", model.toString(), "--x", csv(dir.resolve("h.csv"), "a,b,c", X).toString());
    CliRun without = CliRun.of("predict", model.toString(), "--x", csv(dir.resolve("n.csv"), null, X).toString());
    assertEquals(0, without.code(), without.err());
    assertEquals(with.out(), without.out());
    assertTrue(without.out().startsWith("output_0,output_1\n"), without.out());
    assertEquals(5, without.out().split("\n").length);
  }

  @Test
  void tfjs_folder_predicts_an_npy_into_an_npy() throws IOException {
    Sequential m = classifier();
    Path web = dir.resolve("web");
    TfjsLayers.export(m, web);
    Path in = dir.resolve("x.npy");
    NpyFile.write(X, in);
    Path out = dir.resolve("y.npy");
    CliRun r = CliRun.of("predict", web.toString(), "--x", in.toString(), "--output", out.toString());
    assertEquals(0, r.code(), r.err());
    Tensor y = NpyFile.read(out);
    assertEquals(Shape.of(4, 2), y.shape());
    assertArrayEquals(m.predict(X).toArray(), y.toArray(), 1e-6f);
    CliRun json = CliRun.of("predict", web.resolve("model.json").toString(), "--x", in.toString());
    assertEquals(0, json.code(), json.err());
  }

  @Test
  void csv_rows_are_reshaped_to_an_image_model_input() throws IOException {
    Sequential m = new Sequential(Input.shape(2, 2, 3), new SpatialDropout2D(0.2f), new Dense(1));
    m.setRandomSeed(5);
    m.build(Shape.batchOf(2, 2, 3));
    float[] v = new float[24];
    for (int i = 0; i < v.length; i++) {
      v[i] = i * 0.1f;
    }
    Path in = csv(dir.resolve("img.csv"), null, Tensor.of(Shape.of(2, 12), v));
    Path out = dir.resolve("y.npy");
    CliRun r = CliRun.of("predict", save(m, dir.resolve("img.d4j")).toString(), "--x", in.toString(),
        "--output", out.toString());
    assertEquals(0, r.code(), r.err());
    assertArrayEquals(m.predict(Tensor.of(Shape.of(2, 2, 2, 3), v)).toArray(), NpyFile.read(out).toArray());
  }

  @Test
  void wrong_feature_count_names_the_expected_and_the_actual_shape() throws IOException {
    Path model = save(classifier(), dir.resolve("m.d4j"));
    Path in = csv(dir.resolve("x4.csv"), null, Tensor.of(Shape.of(2, 4), 1, 2, 3, 4, 5, 6, 7, 8));
    CliRun r = CliRun.of("predict", model.toString(), "--x", in.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("has shape (2, 4), but model \"sequential\" expects shape (None, 3)")
        && r.err().contains("4 features per row, the model expects 3"), r.err());
  }

  @Test
  void malformed_npy_header_is_an_error_naming_the_file() throws IOException {
    Path model = save(classifier(), dir.resolve("m.d4j"));
    Path in = dir.resolve("bad.npy");
    byte[] header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3 }\n".getBytes();
    byte[] b = new byte[10 + header.length];
    System.arraycopy(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length, 0}, 0, b, 0, 10);
    System.arraycopy(header, 0, b, 10, header.length);
    Files.write(in, b);
    CliRun r = CliRun.of("predict", model.toString(), "--x", in.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("bad.npy: malformed .npy header"), r.err());
  }

  @Test
  void unknown_model_file_type_is_an_error() throws IOException {
    Path model = dir.resolve("model.txt");
    Files.writeString(model, "hello");
    CliRun r = CliRun.of("predict", model.toString(), "--x", csv(dir.resolve("x.csv"), null, X).toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("unknown model file type: " + model), r.err());
  }

  @Test
  void unknown_input_file_type_and_non_numbers_are_errors() throws IOException {
    Path model = save(classifier(), dir.resolve("m.d4j"));
    Path txt = dir.resolve("x.txt");
    Files.writeString(txt, "1,2,3\n");
    CliRun r = CliRun.of("predict", model.toString(), "--x", txt.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("unknown input file type"), r.err());
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "a,b,c\n1,2,3\n4,x,6\n");
    CliRun r2 = CliRun.of("predict", model.toString(), "--x", bad.toString());
    assertEquals(1, r2.code());
    assertTrue(r2.err().contains("bad.csv line 3: 'x' is not a number"), r2.err());
  }
}
