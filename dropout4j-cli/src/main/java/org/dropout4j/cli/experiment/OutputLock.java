package org.dropout4j.cli.experiment;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.dropout4j.data.AtomicWrite;

/**
 * Exclusive use of an output folder by one process: {@link FileChannel#tryLock} on {@code OUT/.lock}, which records
 * the holder (process id, host, start time) so a second process is told who has the folder. The operating system
 * releases the lock when the holder exits, even after {@code kill -9}, so a stale lock file never blocks a resume.
 *
 * <pre>{@code
 * try (OutputLock lock = OutputLock.acquire(out)) {
 *   ... write into out ...
 * }
 * }</pre>
 */
public final class OutputLock implements AutoCloseable {
  /** The lock file's name inside the output folder. */
  public static final String LOCK_FILE = ".lock";

  private final FileChannel channel;
  private final FileLock lock;

  private OutputLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates the folder if needed and locks it.
   *
   * @param out the output folder
   * @return the held lock; close it to release
   * @throws FileAlreadyExistsException if {@code out} exists and is not a folder
   * @throws IllegalStateException if another process (or another run in this one) holds the folder, naming it
   * @throws IOException if the folder or lock file cannot be created
   */
  public static OutputLock acquire(Path out) throws IOException {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new FileAlreadyExistsException(out.toString(), null, "--out must be a folder, but this is a file");
    }
    Files.createDirectories(out);
    Path file = out.resolve(LOCK_FILE);
    if (Files.isSymbolicLink(file)) {
      throw new IllegalStateException(file + " is a symbolic link; refusing to use it as the lock of " + out);
    }
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (l == null) {
      String holder = holder(ch);
      ch.close();
      throw new IllegalStateException("output folder " + out + " is in use by another run (" + holder + "); wait "
          + "for it to finish or choose another --out");
    }
    ch.truncate(0);
    String me = "pid " + ProcessHandle.current().pid() + " on " + host() + ", started " + Instant.now();
    ch.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
    ch.force(false);
    return new OutputLock(ch, l);
  }

  private static String holder(FileChannel ch) {
    try {
      ByteBuffer b = ByteBuffer.allocate(512);
      int n = ch.read(b, 0);
      String s = n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.UTF_8).strip();
      return s.isEmpty() ? "holder unknown" : s;
    } catch (IOException e) {
      return "holder unknown";
    }
  }

  private static String host() {
    String name = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
    int at = name.indexOf('@');
    return at >= 0 ? name.substring(at + 1) : "this host";
  }

  /**
   * Deletes the hidden temporary files ({@code .NAME...tmp}, files or folders) an interrupted writer left in these
   * folders; call it while holding the lock of the output folder, so no other writer owns them.
   *
   * @param folders the output folder and its subfolders (missing ones are skipped)
   * @throws IOException if one cannot be deleted
   */
  public static void removeStaleTemporaryFiles(List<Path> folders) throws IOException {
    for (Path dir : folders) {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      List<Path> stale;
      try (Stream<Path> s = Files.list(dir)) {
        stale = s.filter(p -> {
          String n = p.getFileName().toString();
          return n.startsWith(".") && n.endsWith(".tmp");
        }).toList();
      }
      for (Path p : stale) {
        AtomicWrite.deleteTree(p);
      }
    }
  }

  /** Releases the lock (the lock file stays; it is reused by the next run). */
  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
