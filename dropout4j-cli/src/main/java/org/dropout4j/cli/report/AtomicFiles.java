package org.dropout4j.cli.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import org.dropout4j.data.AtomicWrite;

/**
 * Writes a file so that readers see either the old content or the complete new content, never a partial file.
 *
 * <p>This is the command line's name for {@link AtomicWrite#file}, the one atomic-write helper of the project.
 * The body is written to a hidden temporary file in the target's own directory ({@code .NAME.RANDOM.tmp}),
 * forced to disk, then moved over the target with {@link StandardCopyOption#ATOMIC_MOVE}. A temporary file in the
 * same directory keeps the rename on one file system, where POSIX {@code rename(2)} is atomic. The new file keeps
 * the permissions of the file it replaces, or gets {@value #DEFAULT_PERMISSIONS} if there was none. If the body throws,
 * the temporary file is deleted and the old target is left untouched.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("out/summary.json"), out -> out.write(bytes));
 * }</pre>
 */
public final class AtomicFiles {

  /** Produces a file's content. */
  @FunctionalInterface
  public interface Body {
    /**
     * Writes the whole content to {@code out}; the caller closes the stream.
     *
     * @param out a buffered stream to the temporary file; do not close it
     * @throws IOException if writing fails; the target is then left as it was
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /** POSIX permissions of a newly created file: {@value}. */
  public static final String DEFAULT_PERMISSIONS = AtomicWrite.DEFAULT_PERMISSIONS;

  private AtomicFiles() {
  }

  /**
   * Writes {@code target} atomically, creating its parent directories if needed.
   *
   * @param target the file to create or replace
   * @param body writes the content
   * @throws IOException if the body or the file system fails; no temporary file is left behind
   * @throws IllegalArgumentException if {@code target} is an existing directory
   */
  public static void write(Path target, Body body) throws IOException {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(body, "body");
    AtomicWrite.file(target, body::writeTo);
  }

  /**
   * Writes {@code text} as UTF-8 to {@code target} atomically.
   *
   * @param target the file to create or replace
   * @param text the whole content
   * @throws IOException if the file system fails
   */
  public static void writeString(Path target, String text) throws IOException {
    Objects.requireNonNull(text, "text");
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    write(target, out -> out.write(bytes));
  }
}
