package org.dropout4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<Path> listing() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void write_creates_the_file_and_leaves_no_temporary_file() throws IOException {
    Path target = dir.resolve("a.txt");
    AtomicFiles.writeString(target, "hello");
    assertEquals("hello", Files.readString(target));
    assertEquals(List.of(target), listing());
  }

  @Test
  void write_replaces_an_existing_file() throws IOException {
    Path target = dir.resolve("a.txt");
    Files.writeString(target, "old");
    AtomicFiles.writeString(target, "new");
    assertEquals("new", Files.readString(target));
    assertEquals(List.of(target), listing());
  }

  @Test
  void failing_body_keeps_the_old_file_and_removes_the_temporary_file() throws IOException {
    Path target = dir.resolve("a.txt");
    Files.writeString(target, "old");
    IOException boom = new IOException("boom");
    IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
      out.write("half of the new conte".getBytes(StandardCharsets.UTF_8));
      throw boom;
    }));
    assertSame(boom, thrown);
    assertEquals("old", Files.readString(target));
    assertEquals(List.of(target), listing());
  }

  @Test
  void unchecked_exception_in_body_keeps_the_old_file_and_removes_the_temporary_file() throws IOException {
    Path target = dir.resolve("a.txt");
    Files.writeString(target, "old");
    assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
      out.write(1);
      throw new IllegalStateException("boom");
    }));
    assertEquals("old", Files.readString(target));
    assertEquals(List.of(target), listing());
  }

  @Test
  void failing_body_without_an_old_file_leaves_nothing() throws IOException {
    Path target = dir.resolve("a.txt");
    assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
      throw new IOException("boom");
    }));
    assertFalse(Files.exists(target));
    assertEquals(List.of(), listing());
  }

  @Test
  void write_creates_missing_parent_directories() throws IOException {
    Path target = dir.resolve("x/y/a.txt");
    AtomicFiles.writeString(target, "hi");
    assertEquals("hi", Files.readString(target));
  }

  @Test
  void new_file_is_readable_by_others_not_owner_only() throws IOException {
    Path target = dir.resolve("a.txt");
    AtomicFiles.writeString(target, "hi");
    assertEquals(AtomicFiles.DEFAULT_PERMISSIONS, PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
  }

  @Test
  void replaced_file_keeps_its_permissions() throws IOException {
    Path target = dir.resolve("a.txt");
    Files.writeString(target, "old");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-rw----"));
    AtomicFiles.writeString(target, "new");
    assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
  }

  @Test
  void directory_target_throws_naming_the_argument() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AtomicFiles.writeString(dir, "x"));
    assertTrue(e.getMessage().contains("`target`"), e.getMessage());
  }
}
