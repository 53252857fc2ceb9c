package org.dropout4j.io;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens an untrusted HDF5 file for jHDF: with the bounded deflate filter installed ({@link Hdf5Guard}) and the file
 * memory-mapped rather than read through jHDF's channel reader. The channel reader allocates whatever length a
 * header claims before it finds that the file ends sooner, so a 2 KB file whose object headers claim gigabytes kept
 * a loader allocating for tens of seconds (a Jazzer finding, {@code LoaderFuzzTestInputs/h5/crash-949c78db...});
 * over a mapping such a read is refused at once, as a read past the end of the buffer.
 */
final class Hdf5Files {
  private Hdf5Files() {
  }

  /**
   * The file, opened for reading. Files of 2 GiB or more, which one mapping cannot hold, are read through jHDF's own
   * reader.
   *
   * @throws IOException if the file cannot be read
   */
  static HdfFile open(Path file) throws IOException {
    Hdf5Guard.install();
    long size = Files.size(file);
    if (size >= Integer.MAX_VALUE) {
      return new HdfFile(file);
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, size); // valid after the close
      return HdfFile.fromByteBuffer(bytes);
    }
  }
}
