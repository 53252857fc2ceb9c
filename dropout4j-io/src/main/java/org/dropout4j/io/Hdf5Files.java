package org.dropout4j.io;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one way the loaders open an untrusted HDF5 file for jHDF: with the bounded deflate filter installed and the
 * file's structure checked ({@link Hdf5Guard#checkStructure}: no links, no group cycles, bounded depth and object
 * count) before any loader walks it, so no loader can forget the check.
 *
 * <p>A file is memory-mapped rather than read through jHDF's channel reader. The channel reader allocates whatever
 * length a header claims before it finds that the file ends sooner, so a 2 KB file whose object headers claim
 * gigabytes kept a loader allocating for tens of seconds (a Jazzer finding, {@code LoaderFuzzTestInputs/h5/crash-949c78db...});
 * over a mapping such a read is refused at once, as a read past the end of the buffer.
 */
final class Hdf5Files {
  private Hdf5Files() {
  }

  /**
   * The file, opened for reading and checked. Files of 2 GiB or more, which one mapping cannot hold, are read through
   * jHDF's own reader.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if its structure is refused (see {@link Hdf5Guard#checkStructure})
   */
  static HdfFile open(Path file) throws IOException {
    Hdf5Guard.install();
    long size = Files.size(file);
    if (size >= Integer.MAX_VALUE) {
      return checked(new HdfFile(file));
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, size); // valid after the close
      return checked(HdfFile.fromByteBuffer(bytes));
    }
  }

  /**
   * An HDF5 file held in memory (a {@code .keras} archive's {@code model.weights.h5}), checked as {@link #open}.
   *
   * @throws IllegalArgumentException if its structure is refused
   */
  static HdfFile fromBytes(byte[] bytes) {
    Hdf5Guard.install();
    return checked(HdfFile.fromBytes(bytes));
  }

  private static HdfFile checked(HdfFile h5) {
    try {
      Hdf5Guard.checkStructure(h5);
      return h5;
    } catch (RuntimeException | Error e) {
      h5.close();
      throw e;
    }
  }
}
