package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dropout4j.io.KerasExport;
import org.dropout4j.io.NpyFile;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Embedding;
import org.dropout4j.layers.Flatten;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.KerasTensor;
import org.dropout4j.layers.merging.Concatenate;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.models.Functional;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * predict and mc-predict with a functional model of two inputs (int32 token ids into an Embedding, float features)
 * and two outputs: one --input per input and one --output per output in the model's order, integer .npy arrays
 * taken as they are, and count mismatches naming the model's inputs/outputs and their shapes.
 */
class FunctionalCliTest {
  @TempDir
  Path dir;

  static Functional model() {
    KerasTensor ids = Input.of(Shape.of(Shape.UNKNOWN, 4), "ids").dtype("int32").output();
    KerasTensor num = Input.of(Shape.of(Shape.UNKNOWN, 2), "num").output();
    KerasTensor text = new Flatten().apply(new Embedding(7, 3).apply(ids));
    KerasTensor h = new Dropout(0.5f).apply(new Dense(6, "relu").apply(new Concatenate().apply(text, num)));
    KerasTensor kind = Dense.builder(3).activation("softmax").name("kind").build().apply(h);
    KerasTensor value = Dense.builder(1).name("value").build().apply(new Dropout(0.3f).apply(num));
    Functional m = new Functional(List.of(ids, num), List.of(kind, value), "two_heads");
    m.setRandomSeed(11);
    m.build();
    return m;
  }

  static final Tensor IDS = Tensor.of(Shape.of(3, 4), 0, 1, 2, 3, 6, 5, 4, 3, 1, 1, 0, 2);
  static final Tensor NUM = Tensor.of(Shape.of(3, 2), 0.5f, -1f, 2f, 0.25f, -0.75f, 1.5f);

  /** An int32 .npy file of a tensor holding integers. */
  static Path int32Npy(Path file, Tensor t) throws IOException {
    StringBuilder shape = new StringBuilder("(");
    for (int d : t.shape().toArray()) {
      shape.append(d).append(", ");
    }
    String header = "{'descr': '<i4', 'fortran_order': False, 'shape': " + shape.toString().replaceAll(", $",
        t.shape().rank() == 1 ? "," : "") + "), }";
    int pad = 16 - (10 + header.length() + 1) % 16;
    header = header + " ".repeat(pad % 16) + "\n";
    byte[] h = header.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(10 + h.length + 4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length).put(h);
    for (float v : t.toArray()) {
      b.putInt((int) v);
    }
    Files.write(file, b.array());
    return file;
  }

  private Path saved() throws IOException {
    return saved(dir.resolve("two_heads.keras"));
  }

  /** {@link #model()} written as a Keras 3 {@code .keras} file (uncompiled). */
  static Path saved(Path file) throws IOException {
    KerasExport.save(model(), file);
    return file;
  }

  @Test
  void predict_takes_one_input_per_model_input_and_writes_one_file_per_output() throws Exception {
    Path m = saved();
    Path ids = int32Npy(dir.resolve("ids.npy"), IDS);
    Path num = dir.resolve("num.npy");
    NpyFile.write(NUM, num);
    CliRun r = CliRun.of("predict", m.toString(), "--x", ids.toString(), "--x", num.toString(),
        "--output", dir.resolve("kind.npy").toString(), "--output", dir.resolve("value.npy").toString());
    assertEquals(0, r.code(), r.err());
    List<Tensor> want = model().predict(List.of(IDS, NUM), 32);
    assertEquals(want.get(0).shape(), NpyFile.read(dir.resolve("kind.npy")).shape());
    org.junit.jupiter.api.Assertions.assertArrayEquals(want.get(0).toArray(),
        NpyFile.read(dir.resolve("kind.npy")).toArray(), 1e-6f);
    org.junit.jupiter.api.Assertions.assertArrayEquals(want.get(1).toArray(),
        NpyFile.read(dir.resolve("value.npy")).toArray(), 1e-6f);
  }

  @Test
  void a_missing_input_names_the_model_inputs_and_their_shapes() throws Exception {
    Path m = saved();
    Path num = dir.resolve("num.npy");
    NpyFile.write(NUM, num);
    CliRun r = CliRun.of("predict", m.toString(), "--x", num.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("takes 2 inputs [ids (None, 4) int32, num (None, 2)]")
        && r.err().contains("received 1 --x file"), r.err());
  }

  @Test
  void an_output_count_that_does_not_match_names_the_model_outputs() throws Exception {
    Path m = saved();
    Path ids = int32Npy(dir.resolve("ids.npy"), IDS);
    Path num = dir.resolve("num.npy");
    NpyFile.write(NUM, num);
    CliRun r = CliRun.of("predict", m.toString(), "--x", ids.toString(), "--x", num.toString(),
        "--output", dir.resolve("only.npy").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("has 2 outputs [kind (None, 3), value (None, 1)]"), r.err());
    assertTrue(!Files.exists(dir.resolve("only.npy")));
  }

  @Test
  void a_non_integer_value_for_an_integer_input_is_refused_naming_the_file() throws Exception {
    Path m = saved();
    Path ids = dir.resolve("ids_float.npy");
    NpyFile.write(Tensor.of(Shape.of(3, 4), 0, 1, 2.5f, 3, 6, 5, 4, 3, 1, 1, 0, 2), ids);
    Path num = dir.resolve("num.npy");
    NpyFile.write(NUM, num);
    CliRun r = CliRun.of("predict", m.toString(), "--x", ids.toString(), "--x", num.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("holds 2.5") && r.err().contains("int32"), r.err());
  }

  @Test
  void mc_predict_writes_one_csv_per_output_with_spread_in_both_branches() throws Exception {
    Path m = saved();
    Path ids = int32Npy(dir.resolve("ids.npy"), IDS);
    Path num = dir.resolve("num.npy");
    NpyFile.write(NUM, num);
    CliRun r = CliRun.of("mc-predict", m.toString(), "--x", ids.toString(), "--x", num.toString(),
        "--passes", "50", "--output", dir.resolve("kind.csv").toString(), "--output",
        dir.resolve("value.csv").toString());
    assertEquals(0, r.code(), r.err());
    List<String> kind = Files.readAllLines(dir.resolve("kind.csv"));
    List<String> value = Files.readAllLines(dir.resolve("value.csv"));
    assertEquals("mean_0,mean_1,mean_2,std_0,std_1,std_2,entropy,bald", kind.get(0));
    assertEquals("mean_0,std_0", value.get(0));
    assertEquals(4, kind.size());
    // each branch has its own dropout: both outputs vary between passes
    assertTrue(Float.parseFloat(kind.get(1).split(",")[3]) > 0, kind.get(1));
    assertTrue(Float.parseFloat(value.get(1).split(",")[1]) > 0, value.get(1));
  }
}
