package org.dropout4j.cli;

import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.dropout4j.data.TextFiles;

/**
 * The one error path of every command: an exception becomes one line {@code error: ...} that names the file, what
 * was expected and what was found, and exit code {@value #BAD_INPUT}; the stack trace is printed only with
 * {@code --debug}. Usage errors (unknown options, bad option values) are picocli's and exit with {@value #USAGE}.
 * Entry points outside {@link Main} (the Spark module's {@code spark-overhead}) report through {@link #report} too.
 */
public final class ErrorReport {
  /** The exit code for bad input: a missing, unreadable or invalid file or value, or a failed run. */
  public static final int BAD_INPUT = 1;
  /** The exit code for usage errors. */
  public static final int USAGE = 2;

  private ErrorReport() {
  }

  /**
   * Prints the error line (and, with {@code debug}, the stack trace) and returns the exit code.
   *
   * @param e the failure
   * @param err where to print
   * @param debug whether to add the stack trace
   * @return {@value #BAD_INPUT}
   */
  public static int report(Throwable e, PrintWriter err, boolean debug) {
    err.println("error: " + message(e));
    if (debug) {
      e.printStackTrace(err);
    } else if (internal(e)) {
      err.println("(an internal error: rerun with --debug for the stack trace, and please report it)");
    }
    err.flush();
    return BAD_INPUT;
  }

  /** Whether the exception is a bug rather than bad input or a failing file system. */
  private static boolean internal(Throwable e) {
    return !(e instanceof java.io.IOException || e instanceof IllegalArgumentException
        || e instanceof IllegalStateException || e instanceof UnsupportedOperationException
        || e instanceof OutOfMemoryError || e instanceof java.io.UncheckedIOException);
  }

  /** One line for the exception. */
  static String message(Throwable e) {
    if (e instanceof java.io.UncheckedIOException && e.getCause() != null) {
      return message(e.getCause());
    }
    if (e instanceof FileSystemException) {
      FileSystemException f = (FileSystemException) e;
      String file = f.getFile() == null ? "" : f.getFile();
      String other = f.getOtherFile() == null ? "" : " -> " + f.getOtherFile();
      String reason = f.getReason();
      if (reason == null) {
        reason = e instanceof NoSuchFileException ? "no such file or directory"
            : e instanceof FileAlreadyExistsException ? "already exists (as a file where a folder or a new file is "
                + "expected)"
            : e instanceof NotDirectoryException ? "not a directory (a folder is expected)"
            : e instanceof AccessDeniedException ? "permission denied"
            : e instanceof DirectoryNotEmptyException ? "directory not empty"
            : "file system error (" + e.getClass().getSimpleName() + ")";
      }
      return file + other + ": " + reason;
    }
    if (e instanceof TextFiles.Utf8Exception) {
      return e.getMessage();
    }
    if (e instanceof CharacterCodingException) {
      return "invalid text: expected UTF-8 (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
    }
    if (e instanceof OutOfMemoryError) {
      return "out of memory (" + e.getMessage() + "); the input or the requested sizes need more than the "
          + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB heap (raise it with JAVA_OPTS=-Xmx...)";
    }
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getCause() != null && e.getCause() != e ? message(e.getCause()) : e.getClass().getSimpleName();
    }
    return internal(e) ? e.getClass().getSimpleName() + ": " + m : m;
  }
}
