package org.dropout4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder output replaces its own files as a whole, keeps the others, and leaves nothing half-written. */
class AtomicWriteTest {
  @TempDir
  Path dir;

  private static boolean ours(String name) {
    return name.equals("model.json") || name.endsWith(".bin");
  }

  private List<String> names(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void a_folder_is_replaced_whole_keeping_files_that_are_not_its_own() throws IOException {
    Path web = dir.resolve("web");
    Files.createDirectories(web);
    Files.writeString(web.resolve("index.html"), "<html>");
    Files.writeString(web.resolve("model.json"), "old");
    Files.writeString(web.resolve("group1-shard2of2.bin"), "old");
    AtomicWrite.writeFolder(web, AtomicWriteTest::ours, tmp -> {
      Files.writeString(tmp.resolve("model.json"), "new");
      Files.writeString(tmp.resolve("group1-shard1of1.bin"), "new");
    });
    assertEquals(List.of("group1-shard1of1.bin", "index.html", "model.json"), names(web));
    assertEquals("new", Files.readString(web.resolve("model.json")));
    assertEquals("<html>", Files.readString(web.resolve("index.html")));
    assertEquals(List.of("web"), names(dir), "no temporary folder is left");
  }

  @Test
  void a_failing_body_leaves_the_previous_folder_as_it_was() throws IOException {
    Path web = dir.resolve("web");
    Files.createDirectories(web);
    Files.writeString(web.resolve("model.json"), "old");
    assertThrows(IOException.class, () -> AtomicWrite.writeFolder(web, AtomicWriteTest::ours, tmp -> {
      Files.writeString(tmp.resolve("model.json"), "half");
      throw new IOException("disk full");
    }));
    assertEquals("old", Files.readString(web.resolve("model.json")));
    assertEquals(List.of("web"), names(dir));
  }

  @Test
  void a_body_that_closes_its_stream_still_gets_a_complete_file() throws IOException {
    Path f = dir.resolve("a.bin");
    AtomicWrite.file(f, out -> {
      out.write(new byte[] {1, 2, 3});
      out.close();
    });
    assertEquals(3, Files.size(f));
    assertFalse(names(dir).stream().anyMatch(n -> n.endsWith(".tmp")));
  }
}
