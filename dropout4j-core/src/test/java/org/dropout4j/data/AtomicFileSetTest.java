package org.dropout4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file set is replaced as one unit: before its commit record a crash leaves the previous set, after it the next
 * {@link AtomicFileSet#recover} finishes the new one; files of the folder that are not the set's are never touched.
 * (The kill -9 version of these checks is FaultInjectionTest in dropout4j-cli.)
 */
class AtomicFileSetTest {
  @TempDir
  Path dir;

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private void writeSet(String content, String... names) throws IOException {
    AtomicFileSet.write(dir, "report", stage -> {
      for (String n : names) {
        Files.writeString(stage.resolve(n), content);
      }
    });
  }

  @Test
  void a_new_set_replaces_the_old_one_drops_its_extra_files_and_keeps_other_files() throws IOException {
    Files.writeString(dir.resolve("results.jsonl"), "not the set's");
    writeSet("v1", "report.html", "a.png", "b.png");
    writeSet("v2", "report.html", "a.png");
    assertEquals(List.of(".report.files", "a.png", "report.html", "results.jsonl"), names());
    assertEquals("v2", Files.readString(dir.resolve("a.png")));
    assertEquals("not the set's", Files.readString(dir.resolve("results.jsonl")));
  }

  @Test
  void a_failing_body_leaves_the_previous_set_and_no_temporary_folder() throws IOException {
    writeSet("v1", "report.html", "a.png");
    assertThrows(IOException.class, () -> AtomicFileSet.write(dir, "report", stage -> {
      Files.writeString(stage.resolve("report.html"), "v2");
      throw new IOException("disk full");
    }));
    assertEquals(List.of(".report.files", "a.png", "report.html"), names());
    assertEquals("v1", Files.readString(dir.resolve("report.html")));
  }

  @Test
  void a_crash_before_the_commit_point_is_undone_by_recover() throws IOException {
    writeSet("v1", "report.html", "a.png");
    Path stage = Files.createDirectory(dir.resolve(".report.00ff.tmp")); // a writer killed while staging
    Files.writeString(stage.resolve("report.html"), "v2, partial");
    Files.writeString(dir.resolve("..report.commit.00ee.tmp"), "dropout4j file"); // or writing its record
    assertFalse(AtomicFileSet.recover(dir, "report"));
    assertEquals(List.of(".report.files", "a.png", "report.html"), names());
    assertEquals("v1", Files.readString(dir.resolve("report.html")));
  }

  @Test
  void a_crash_after_the_commit_point_is_finished_by_recover() throws IOException {
    writeSet("v1", "report.html", "a.png", "old.png");
    // a writer killed after its commit record and one rename: a.png is new, report.html still old
    Path stage = Files.createDirectory(dir.resolve(".report.00ff.tmp"));
    Files.writeString(stage.resolve("report.html"), "v2");
    Files.writeString(dir.resolve("a.png"), "v2");
    Files.writeString(dir.resolve(".report.commit"), "dropout4j file set 1\n.report.00ff.tmp\n+a.png\n+report.html\n"
        + "-old.png\n");
    assertTrue(AtomicFileSet.recover(dir, "report"));
    assertEquals(List.of(".report.files", "a.png", "report.html"), names());
    assertEquals("v2", Files.readString(dir.resolve("report.html")));
    assertEquals("v2", Files.readString(dir.resolve("a.png")));
  }

  @Test
  void a_commit_record_naming_a_file_outside_the_folder_is_refused_naming_the_record() throws IOException {
    Files.createDirectory(dir.resolve(".report.00ff.tmp"));
    Files.writeString(dir.resolve(".report.commit"), "dropout4j file set 1\n.report.00ff.tmp\n+../escape\n");
    IOException e = assertThrows(IOException.class, () -> AtomicFileSet.recover(dir, "report"));
    assertTrue(e.getMessage().startsWith(dir.resolve(".report.commit").toAbsolutePath() + ": malformed commit "
        + "record") && e.getMessage().contains("'+../escape'"), e.getMessage());
  }

  @Test
  void a_set_with_a_subfolder_is_refused_and_leaves_nothing() throws IOException {
    IOException e = assertThrows(IOException.class, () -> AtomicFileSet.write(dir, "report", stage ->
        Files.createDirectory(stage.resolve("charts"))));
    assertTrue(e.getMessage().contains("found a folder"), e.getMessage());
    assertEquals(List.of(), names());
  }
}
