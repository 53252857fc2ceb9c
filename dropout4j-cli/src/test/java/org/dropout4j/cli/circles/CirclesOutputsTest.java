package org.dropout4j.cli.circles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dropout4j.cli.report.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contracts of the circles outputs: early files wait for {@code finish}, failures surface after every output. */
class CirclesOutputsTest {
  @TempDir
  Path dir;

  @Test
  void an_early_file_is_encoded_at_once_but_written_only_by_finish() throws Exception {
    Path file = dir.resolve("early.bin");
    CountDownLatch encoded = new CountDownLatch(1);
    try (CirclesOutputs outputs = new CirclesOutputs(2)) {
      outputs.encodeEarly(file, out -> {
        out.write(new byte[] {1, 2, 3});
        encoded.countDown();
      });
      assertTrue(encoded.await(10, TimeUnit.SECONDS), "the content is produced before finish()");
      assertFalse(Files.exists(file), "nothing is written before finish()");
      outputs.finish();
    }
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
  }

  @Test
  void closing_without_finish_writes_no_early_file() throws Exception {
    Path file = dir.resolve("abandoned.bin");
    CountDownLatch encoded = new CountDownLatch(1);
    try (CirclesOutputs outputs = new CirclesOutputs(1)) {
      outputs.encodeEarly(file, out -> {
        out.write(7);
        encoded.countDown();
      });
      assertTrue(encoded.await(10, TimeUnit.SECONDS));
    }
    assertFalse(Files.exists(file), "an interrupted study leaves no file behind");
  }

  @Test
  void the_first_failure_is_thrown_after_the_other_outputs_are_written() throws Exception {
    Path ok = dir.resolve("ok.txt");
    Path early = dir.resolve("early.txt");
    try (CirclesOutputs outputs = new CirclesOutputs(2)) {
      outputs.encodeEarly(early, out -> out.write("map".getBytes(StandardCharsets.UTF_8)));
      outputs.write(() -> {
        throw new IOException("disk full writing curves.svg");
      });
      outputs.write(() -> AtomicFiles.writeString(ok, "fine"));
      IOException e = assertThrows(IOException.class, outputs::finish);
      assertEquals("disk full writing curves.svg", e.getMessage());
    }
    assertEquals("fine", Files.readString(ok));
    assertEquals("map", Files.readString(early));
  }

  @Test
  void a_failing_early_encoding_is_thrown_by_finish_with_its_own_exception() {
    try (CirclesOutputs outputs = new CirclesOutputs(2)) {
      outputs.encodeEarly(dir.resolve("map.png"), out -> {
        throw new IOException("no PNG writer available");
      });
      IOException e = assertThrows(IOException.class, outputs::finish);
      assertEquals("no PNG writer available", e.getMessage());
    }
    assertFalse(Files.exists(dir.resolve("map.png")));
  }
}
