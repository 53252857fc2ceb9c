package org.dropout4j.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The one atomic-write helper every file the project writes goes through: readers see the old content or the
 * complete new content, never a partial file, and a crash (even {@code kill -9} or a full disk) leaves the previous
 * file intact plus at most a hidden temporary file ({@code .NAME.RANDOM.tmp}), which the next writer of an output
 * folder may delete.
 *
 * <p>A file is written to a hidden temporary file in the target's folder, forced to disk and renamed over the
 * target ({@link StandardCopyOption#ATOMIC_MOVE}, POSIX {@code rename(2)}); it keeps the permissions of the file it
 * replaces, or gets {@value #DEFAULT_PERMISSIONS}. A folder of several files ({@link #writeFolder}) is written to a
 * hidden temporary sibling folder and renamed into place, so a reader never sees files of two versions mixed.
 *
 * <pre>{@code
 * AtomicWrite.file(Path.of("out/summary.json"), out -> out.write(bytes));
 * }</pre>
 */
public final class AtomicWrite {
  /** POSIX permissions of a newly created file: {@value}. */
  public static final String DEFAULT_PERMISSIONS = "rw-r--r--";

  /** Produces a file's content. */
  @FunctionalInterface
  public interface Body {
    /**
     * Writes the whole content; closing the stream is allowed and only flushes it.
     *
     * @param out a buffered stream to the temporary file
     * @throws IOException if writing fails; the target is then left as it was
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /** Produces the files of a folder. */
  @FunctionalInterface
  public interface FolderBody {
    /**
     * Writes every file into {@code folder} (a new, empty, hidden sibling of the target).
     *
     * @param folder where to write
     * @throws IOException if writing fails; the target is then left as it was
     */
    void writeInto(Path folder) throws IOException;
  }

  private AtomicWrite() {
  }

  /**
   * Writes {@code target} atomically, creating its parent folders if needed.
   *
   * @param target the file to create or replace
   * @param body writes the content
   * @throws IOException if the body or the file system fails; the target is left as it was and no temporary file
   *     is left behind (unless the process dies)
   * @throws IllegalArgumentException if {@code target} is an existing folder
   */
  public static void file(Path target, Body body) throws IOException {
    Objects.requireNonNull(body, "body");
    Path absolute = target.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      throw new IllegalArgumentException("invalid value for argument `target`: expected a file path, received a "
          + "directory: target=" + target);
    }
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve("." + absolute.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current()
        .nextLong()) + ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
           OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
        body.writeTo(new java.io.FilterOutputStream(out) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            out.flush(); // a body may close what it was given (a zip stream does); the file is closed here
          }
        });
        out.flush();
        channel.force(true);
      }
      keepOrDefaultPermissions(tmp, absolute);
      move(tmp, absolute);
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /**
   * Writes a folder of files atomically: into a hidden temporary sibling, then renamed into place. In an existing
   * {@code target}, the {@code replaceable} files (e.g. a previous export) are replaced and the other files kept
   * (hard-linked, or copied, into the new folder before it takes the old one's place); the old folder is renamed
   * aside and deleted after the new one is in place.
   *
   * @param target the folder to create or replace
   * @param replaceable which file names of an existing target may be replaced
   * @param body writes the files
   * @throws FileAlreadyExistsException if {@code target} is a file
   * @throws DirectoryNotEmptyException if {@code target} holds a subfolder that is not {@code replaceable} (named)
   * @throws IOException if writing fails; the previous folder is then left as it was
   */
  public static void writeFolder(Path target, Predicate<String> replaceable, FolderBody body) throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(target.toString(), null, "expected a folder (or nothing), found a file");
    }
    List<Path> kept = new ArrayList<>();
    if (Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> s = Files.list(absolute)) {
        for (Path p : s.toList()) {
          if (replaceable.test(p.getFileName().toString())) {
            continue;
          }
          if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new DirectoryNotEmptyException(target + " holds the folder " + p.getFileName() + ", which this "
                + "output would have to move; write into a folder without subfolders");
          }
          kept.add(p);
        }
      }
    }
    Path parent = absolute.getParent();
    Files.createDirectories(parent);
    String tag = Long.toHexString(ThreadLocalRandom.current().nextLong());
    Path tmp = parent.resolve("." + absolute.getFileName() + "." + tag + ".tmp");
    Path old = parent.resolve("." + absolute.getFileName() + "." + tag + ".old.tmp");
    Files.createDirectory(tmp);
    boolean placed = false;
    try {
      body.writeInto(tmp);
      for (Path p : kept) { // other files of the folder stay: linked (or copied) into the new folder
        Path copy = tmp.resolve(p.getFileName().toString());
        if (Files.exists(copy, LinkOption.NOFOLLOW_LINKS)) {
          continue; // the body wrote a file of that name
        }
        try {
          if (Files.isSymbolicLink(p)) {
            Files.copy(p, copy, LinkOption.NOFOLLOW_LINKS);
          } else {
            Files.createLink(copy, p);
          }
        } catch (IOException | UnsupportedOperationException e) {
          Files.copy(p, copy, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
      try (Stream<Path> s = Files.list(tmp)) {
        for (Path p : s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
          try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.force(true);
          }
        }
      }
      boolean existed = Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS);
      if (existed) {
        move(absolute, old);
      }
      move(tmp, absolute);
      placed = true;
      if (existed) {
        deleteTree(old);
      }
    } finally {
      if (!placed) {
        deleteTree(tmp);
        if (Files.isDirectory(old) && !Files.exists(absolute)) {
          move(old, absolute); // put the previous folder back
        }
      }
    }
  }

  /** Deletes a folder and everything in it (links are deleted, never followed). */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** New files are created owner-only by some systems; give the old target's permissions, or rw-r--r--. */
  private static void keepOrDefaultPermissions(Path tmp, Path target) throws IOException {
    if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    Set<PosixFilePermission> permissions = Files.exists(target)
        ? Files.getPosixFilePermissions(target)
        : PosixFilePermissions.fromString(DEFAULT_PERMISSIONS);
    Files.setPosixFilePermissions(tmp, permissions);
  }
}
