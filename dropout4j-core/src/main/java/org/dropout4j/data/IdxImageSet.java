package org.dropout4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Loads the four IDX files of an MNIST-style data set from a directory (shared by the named loaders). */
final class IdxImageSet {
  static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
  static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

  private IdxImageSet() {
  }

  /**
   * @param name the data set's name for messages
   * @param classes number of classes (labels must lie in 0..classes-1)
   * @param howToGet a sentence telling the user how to get the files, appended to the missing-files error
   */
  static TrainTest<LabeledImages> load(Path dir, String name, int classes, String howToGet) throws IOException {
    List<String> missing = new ArrayList<>();
    Path[] files = new Path[FILES.size()];
    for (int i = 0; i < files.length; i++) {
      files[i] = find(dir, FILES.get(i));
      if (files[i] == null) {
        missing.add(FILES.get(i) + "[.gz]");
      }
    }
    if (!missing.isEmpty()) {
      throw new MissingDataException(name + " not found: " + (Files.isDirectory(dir) ? "directory " + dir
          + " lacks " + String.join(", ", missing) : "directory " + dir + " does not exist") + ". " + howToGet);
    }
    return new TrainTest<>(part(files[0], files[1], classes), part(files[2], files[3], classes));
  }

  private static Path find(Path dir, String base) {
    for (String candidate : new String[] {base + ".gz", base}) {
      Path p = dir.resolve(candidate);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  private static LabeledImages part(Path imageFile, Path labelFile, int classes) throws IOException {
    IdxArray images = Idx.read(imageFile);
    IdxArray labels = Idx.read(labelFile);
    int[] id = images.dims();
    int[] ld = labels.dims();
    if (id.length != 3) {
      throw new IOException(imageFile + ": expected images of rank 3 (count, rows, columns), found dimensions "
          + Arrays.toString(id));
    }
    if (ld.length != 1 || ld[0] != id[0]) {
      throw new IOException(labelFile + ": expected " + id[0] + " labels (one per image of " + imageFile.getFileName()
          + "), found dimensions " + Arrays.toString(ld));
    }
    int[] y = new int[ld[0]];
    for (int i = 0; i < y.length; i++) {
      y[i] = labels.get(i);
      if (y[i] >= classes) {
        throw new IOException(labelFile + ": label " + y[i] + " of sample " + i + " is not a class id in [0, "
            + classes + ")");
      }
    }
    return new LabeledImages(images.shared(), y, id[1], id[2]);
  }
}
