package org.dropout4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a model file holds by its first bytes, whatever its name: the HDF5 signature (a Keras 2 / legacy
 * {@code .h5}), a zip (a Keras 3 {@code .keras} or a {@code .d4j}), JSON (a TF.js {@code model.json}), or none of
 * these.
 */
enum FileMagic {
  HDF5, ZIP, JSON, UNKNOWN;

  /** HDF5's 8-byte superblock signature. */
  private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  /** A zip's local file header. */
  private static final byte[] ZIP_SIGNATURE = {'P', 'K', 3, 4};

  /** Reads the first bytes of {@code file}. */
  static FileMagic of(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(HDF5_SIGNATURE.length);
    }
    if (startsWith(head, HDF5_SIGNATURE)) {
      return HDF5;
    }
    if (startsWith(head, ZIP_SIGNATURE)) {
      return ZIP;
    }
    return head.length > 0 && head[0] == '{' ? JSON : UNKNOWN;
  }

  private static boolean startsWith(byte[] head, byte[] signature) {
    if (head.length < signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if (head[i] != signature[i]) {
        return false;
      }
    }
    return true;
  }
}
