package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dropout4j.io.ModelArchive;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Input;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {
  @TempDir
  Path dir;

  @Test
  void d4j_to_tfjs_and_back_keeps_the_predictions() throws Exception {
    Sequential m = new Sequential(Input.shape(2), new Dense(8, "relu"), new Dropout(0.4f), new Dense(1, "sigmoid"));
    m.setRandomSeed(9);
    m.build(Shape.batchOf(2));
    Path d4j = dir.resolve("m.d4j");
    ModelArchive.save(m, d4j);
    Path web = dir.resolve("web");
    assertEquals(0, Main.run("convert", "--input-format", "dropout4j", "--output-format", "tfjs", d4j.toString(),
        web.toString()));
    assertTrue(Files.exists(web.resolve("model.json")) && Files.exists(web.resolve("group1-shard1of1.bin")));
    Path back = dir.resolve("back.d4j");
    assertEquals(0, Main.run("convert", "--input-format", "tfjs", "--output-format", "dropout4j", web.toString(),
        back.toString()));
    Tensor x = Tensor.of(Shape.of(3, 2), 0.1f, -0.4f, 1.2f, 0.3f, -2f, 0.5f);
    assertArrayEquals(m.predict(x).toArray(), ModelArchive.load(back).predict(x).toArray());
  }

  @Test
  void missing_input_fails_with_exit_code_1_and_names_the_file() {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run("convert", "--input-format", "dropout4j", "--output-format", "tfjs",
          dir.resolve("nope.d4j").toString(), dir.resolve("out").toString());
    } finally {
      System.setErr(old);
    }
    String err = buf.toString(StandardCharsets.UTF_8);
    assertEquals(1, code);
    assertTrue(err.contains("nope.d4j"), err);
  }

  @Test
  void converting_a_layer_tfjs_lacks_prints_a_warning_naming_it() throws Exception {
    Sequential m = new Sequential(Input.shape(2), new org.dropout4j.layers.DropConnectDense(4, "relu", 0.3f),
        new Dense(1));
    m.setRandomSeed(2);
    m.build(Shape.batchOf(2));
    Path d4j = dir.resolve("dc.d4j");
    ModelArchive.save(m, d4j);
    CliRun r = CliRun.of("convert", "--input-format", "dropout4j", "--output-format", "tfjs", d4j.toString(),
        dir.resolve("web").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().startsWith("warning: layer \"drop_connect_dense\" (DropConnectDense) exported as Dense"),
        r.err());
  }
}
