package org.dropout4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Strict UTF-8 text reading for untrusted files: invalid bytes are refused with the file and the byte offset
 * (never the JDK's bare "Input length = 1"), and a file larger than the caller's limit is refused before it is
 * read.
 *
 * <pre>{@code
 * String json = TextFiles.readUtf8(Path.of("spec.json"), 1 << 20);
 * }</pre>
 */
public final class TextFiles {
  private TextFiles() {
  }

  /**
   * Reads a whole file as UTF-8.
   *
   * @param file the file
   * @param maxBytes the largest file accepted
   * @return its text
   * @throws IOException if it cannot be read, is larger than {@code maxBytes} (naming both sizes), or is not valid
   *     UTF-8 (a {@link CharacterCodingException} naming the file and the byte offset)
   */
  public static String readUtf8(Path file, long maxBytes) throws IOException {
    long size = Files.size(file);
    if (size > maxBytes) {
      throw new IOException(file + " is " + size + " bytes, more than the " + maxBytes + " bytes accepted for it");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 16));
    }
    if (bytes.length > maxBytes) {
      throw new IOException(file + " grew past " + maxBytes + " bytes while it was read");
    }
    return utf8(bytes, file.toString());
  }

  /**
   * Decodes UTF-8 strictly.
   *
   * @param bytes the encoded text
   * @param source the file (or entry) it comes from, for the message
   * @return the text; a leading byte-order mark is kept as U+FEFF
   * @throws CharacterCodingException naming {@code source} and the byte offset of the first invalid byte
   */
  public static String utf8(byte[] bytes, String source) throws CharacterCodingException {
    return utf8(bytes, source, 0);
  }

  /**
   * Decodes UTF-8 strictly: text that starts {@code offset} bytes into its file (e.g. a binary file's header).
   *
   * @param bytes the encoded text
   * @param source the file (or entry) it comes from, for the message
   * @param offset where {@code bytes} start in {@code source}, added to the offset reported
   * @return the text
   * @throws CharacterCodingException naming {@code source} and the byte offset of the first invalid byte in it
   */
  public static String utf8(byte[] bytes, String source, long offset) throws CharacterCodingException {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult r = d.decode(in, out, true);
    if (r.isUnderflow()) {
      r = d.flush(out);
    }
    if (r.isError()) {
      throw new Utf8Exception(source, offset, in.position(), bytes);
    }
    out.flip();
    return out.toString();
  }

  /** Invalid UTF-8: its message names the source and the byte offset. */
  public static final class Utf8Exception extends CharacterCodingException {
    private static final long serialVersionUID = 1L;
    private final String message;

    Utf8Exception(String source, long base, int offset, byte[] bytes) {
      this.message = source + ": invalid UTF-8 at byte offset " + (base + offset) + " (byte 0x"
          + String.format("%02x", bytes[Math.min(offset, bytes.length - 1)] & 0xff) + "); expected UTF-8 text";
    }

    @Override
    public String getMessage() {
      return message;
    }
  }
}
