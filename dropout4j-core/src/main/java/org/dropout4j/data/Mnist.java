package org.dropout4j.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * LeCun, Cortes and Burges' MNIST handwritten digits: 60000 training and 10000 test images of 28x28 pixels, classes
 * 0..9, read from the four IDX files (raw or gzipped) in a directory. Debian ships no package for it; the
 * directory is given explicitly or by the environment variable {@value #ENV_VAR}.
 */
public final class Mnist {
  /** Environment variable naming the directory of the IDX files. */
  public static final String ENV_VAR = "DROPOUT4J_MNIST";
  /** Number of classes. */
  public static final int CLASSES = 10;

  private Mnist() {
  }

  /**
   * Loads MNIST from the directory named by {@value #ENV_VAR}.
   *
   * @throws MissingDataException if the variable is unset or files are missing
   * @throws IOException if a file is not a valid IDX file of the expected shape
   */
  public static TrainTest<LabeledImages> load() throws IOException {
    String dir = System.getenv(ENV_VAR);
    if (dir == null || dir.isBlank()) {
      throw new MissingDataException("MNIST location unknown: set " + ENV_VAR + " to a directory holding "
          + String.join(", ", IdxImageSet.FILES) + " (each raw or .gz), or pass the directory to Mnist.load(Path)");
    }
    return load(Path.of(dir));
  }

  /**
   * Loads the four MNIST IDX files from {@code dir}.
   *
   * @throws MissingDataException if files are missing; the message says which
   * @throws IOException if a file is not a valid IDX file of the expected shape
   */
  public static TrainTest<LabeledImages> load(Path dir) throws IOException {
    return IdxImageSet.load(dir, "MNIST", CLASSES, "Put the four IDX files of the MNIST distribution (raw or "
        + ".gz) in that directory; Debian has no package for MNIST (for Fashion-MNIST use `"
        + FashionMnist.INSTALL_COMMAND + "`)");
  }
}
