package org.dropout4j.data;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Replaces a named set of files in a folder as one unit (e.g. a report page with its charts and statistics files,
 * which share a folder with other outputs): after a crash, even {@code kill -9}, the next {@link #write} or
 * {@link #recover} leaves either every file of the previous set or every file of the new one, never a mix, and
 * never a partial file under a final name.
 *
 * <p>The protocol is a commit record, as a database journal: the new files are written into a hidden staging
 * folder ({@code .SET.RANDOM.tmp}) and forced to disk; then a commit record {@code .SET.commit} (the staging
 * folder, the new names, and the names of the previous set that the new one drops) is written atomically; that
 * write is the commit point. Each staged file is then renamed over its final name, the dropped files are deleted,
 * the set's list {@code .SET.files} is rewritten and the record deleted. A crash before the commit point leaves the
 * previous set untouched (the staging folder is deleted by the next writer); a crash after it is finished by the
 * next {@link #write} or {@link #recover} of the set (each step can be repeated). While a record exists, the
 * folder is between two versions: a reader that must see one complete version calls {@link #recover} first
 * (holding the folder's lock, as every writer does).
 *
 * <pre>{@code
 * AtomicFileSet.write(out, "report", stage -> {
 *   Files.writeString(stage.resolve("report.html"), html);
 *   Files.write(stage.resolve("chart.png"), png);
 * });
 * }</pre>
 */
public final class AtomicFileSet {
  private static final String HEADER = "dropout4j file set 1";
  private static final Pattern SET_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final long MAX_RECORD_BYTES = 1 << 20;

  private AtomicFileSet() {
  }

  /**
   * Writes the files of set {@code set} into {@code dir} as one unit, finishing an interrupted earlier write first.
   *
   * @param dir the folder the files go to (created if missing); other files in it are left alone
   * @param set the set's name, 1-64 letters, digits, {@code _} or {@code -}; it names the hidden files
   * @param body writes every file of the set into the staging folder it is given (plain files, no subfolders,
   *     names not starting with a dot)
   * @return the files now in {@code dir}, sorted by name
   * @throws IOException if writing fails (the previous set is then left as it was), the body wrote a subfolder, a
   *     link or a hidden file, or an earlier commit record is unreadable
   * @throws IllegalArgumentException if {@code set} is not a valid name
   */
  public static List<Path> write(Path dir, String set, AtomicWrite.FolderBody body) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    checkSetName(set);
    Files.createDirectories(abs);
    recover(abs, set);
    Path stage = abs.resolve("." + set + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    Files.createDirectory(stage);
    List<String> names;
    List<String> dropped = new ArrayList<>();
    boolean committed = false;
    try {
      body.writeInto(stage);
      names = stagedNames(stage);
      for (String old : currentNames(abs, set)) {
        if (!names.contains(old)) {
          dropped.add(old);
        }
      }
      StringBuilder record = new StringBuilder(HEADER).append('\n').append(stage.getFileName()).append('\n');
      names.forEach(n -> record.append("+").append(n).append('\n'));
      dropped.forEach(n -> record.append("-").append(n).append('\n'));
      byte[] bytes = record.toString().getBytes(StandardCharsets.UTF_8);
      AtomicWrite.file(commitRecord(abs, set), out -> out.write(bytes)); // the commit point
      committed = true;
    } finally {
      if (!committed) {
        AtomicWrite.deleteTree(stage);
      }
    }
    finish(abs, set, stage, names, dropped);
    return names.stream().map(abs::resolve).toList();
  }

  /**
   * Finishes or discards an interrupted {@link #write} of set {@code set} in {@code dir}: a committed one is rolled
   * forward (its remaining files renamed into place), an uncommitted one's staging folder is deleted. Call it while
   * holding the folder's lock.
   *
   * @param dir the folder
   * @param set the set's name
   * @return true if a committed write was finished
   * @throws IOException if the commit record is unreadable or malformed (naming it) or a file cannot be moved
   */
  public static boolean recover(Path dir, String set) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    checkSetName(set);
    Path record = commitRecord(abs, set);
    boolean finished = false;
    if (Files.exists(record, LinkOption.NOFOLLOW_LINKS)) {
      List<String> lines = TextFiles.readUtf8(record, MAX_RECORD_BYTES).lines().toList();
      if (lines.size() < 2 || !lines.get(0).equals(HEADER)
          || !lines.get(1).matches(Pattern.quote("." + set + ".") + "[0-9a-f]{1,16}\\.tmp")) {
        throw new IOException(record + ": malformed commit record: expected '" + HEADER + "' and a staging folder "
            + "." + set + ".HEX.tmp on its first two lines, found " + lines.subList(0, Math.min(2, lines.size())));
      }
      List<String> names = new ArrayList<>();
      List<String> dropped = new ArrayList<>();
      for (String line : lines.subList(2, lines.size())) {
        String name = line.isEmpty() ? "" : line.substring(1);
        if (!isPlainName(name) || (line.charAt(0) != '+' && line.charAt(0) != '-')) {
          throw new IOException(record + ": malformed commit record: expected '+NAME' or '-NAME' with a plain file "
              + "name, found '" + line + "'");
        }
        (line.charAt(0) == '+' ? names : dropped).add(name);
      }
      finish(abs, set, abs.resolve(lines.get(1)), names, dropped);
      finished = true;
    }
    if (Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
      String staging = Pattern.quote("." + set + ".") + "[0-9a-f]{1,16}\\.tmp";
      String recordTemp = Pattern.quote(".." + set + ".") + "(commit|files)\\.[0-9a-f]{1,16}\\.tmp";
      try (Stream<Path> s = Files.list(abs)) {
        for (Path p : s.filter(p -> p.getFileName().toString().matches(staging)
            || p.getFileName().toString().matches(recordTemp)).toList()) {
          AtomicWrite.deleteTree(p); // an uncommitted staging folder, or a record's temporary file cut short
        }
      }
    }
    return finished;
  }

  /** Renames the staged files into place and retires the record; every step may be repeated after a crash. */
  private static void finish(Path dir, String set, Path stage, List<String> names, List<String> dropped)
      throws IOException {
    for (String n : names) {
      Path staged = stage.resolve(n);
      if (Files.exists(staged, LinkOption.NOFOLLOW_LINKS)) {
        try {
          Files.move(staged, dir.resolve(n), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(staged, dir.resolve(n), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    for (String n : dropped) {
      Files.deleteIfExists(dir.resolve(n));
    }
    byte[] list = (String.join("\n", names) + "\n").getBytes(StandardCharsets.UTF_8);
    AtomicWrite.file(dir.resolve("." + set + ".files"), out -> out.write(list));
    Files.deleteIfExists(commitRecord(dir, set));
    AtomicWrite.deleteTree(stage);
  }

  /** The names of the set now in place (empty if none was written by this class). */
  private static Set<String> currentNames(Path dir, String set) throws IOException {
    Path list = dir.resolve("." + set + ".files");
    Set<String> out = new LinkedHashSet<>();
    if (Files.isRegularFile(list, LinkOption.NOFOLLOW_LINKS)) {
      for (String n : TextFiles.readUtf8(list, MAX_RECORD_BYTES).lines().toList()) {
        if (isPlainName(n)) {
          out.add(n);
        }
      }
    }
    return out;
  }

  /** The staged files, forced to disk; refuses what cannot be renamed into place as one file. */
  private static List<String> stagedNames(Path stage) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.list(stage)) {
      for (Path p : s.sorted().toList()) {
        String n = p.getFileName().toString();
        if (!isPlainName(n) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException(p + ": a file set holds plain files with names not starting with a dot; found "
              + (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "a folder" : Files.isSymbolicLink(p) ? "a link"
              : "the name '" + n + "'"));
        }
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
        names.add(n);
      }
    }
    return names;
  }

  private static boolean isPlainName(String n) {
    return !n.isEmpty() && !n.startsWith(".") && n.indexOf('/') < 0 && n.indexOf('\\') < 0 && n.indexOf('\0') < 0;
  }

  private static Path commitRecord(Path dir, String set) {
    return dir.resolve("." + set + ".commit");
  }

  private static void checkSetName(String set) {
    if (set == null || !SET_NAME.matcher(set).matches()) {
      throw new IllegalArgumentException("invalid value for argument `set`: expected 1-64 letters, digits, _ or -, "
          + "received set=" + set);
    }
  }
}
