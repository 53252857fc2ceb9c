package org.dropout4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Zalando's Fashion-MNIST: 60000 training and 10000 test grayscale images of 28x28 pixels in 10 clothing classes
 * (Xiao, Rasul and Vollgraf, 2017, arXiv:1708.07747), read from the four IDX files (raw or gzipped).
 *
 * <p>Where: the directory given to {@link #load(Path)}; otherwise the environment variable
 * {@value #ENV_VAR}; otherwise {@value #DEBIAN_DIRECTORY}, where Debian's {@code dataset-fashion-mnist} package
 * installs them ({@value #INSTALL_COMMAND}).
 *
 * <pre>{@code
 * TrainTest<LabeledImages> data = FashionMnist.load();
 * Tensor x = data.train().images(1f / 255);   // (60000, 28, 28, 1)
 * }</pre>
 */
public final class FashionMnist {
  /** Environment variable naming the directory of the IDX files. */
  public static final String ENV_VAR = "DROPOUT4J_FASHION_MNIST";
  /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
  public static final String DEBIAN_DIRECTORY = "/usr/share/datasets/fashion-mnist";
  /** The command that installs the files on Debian and Ubuntu. */
  public static final String INSTALL_COMMAND = "sudo apt-get update && sudo apt-get install -y dataset-fashion-mnist";
  /** Number of classes. */
  public static final int CLASSES = 10;
  /** The class names, by label. */
  public static final String[] CLASS_NAMES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
      "Shirt", "Sneaker", "Bag", "Ankle boot"};

  private FashionMnist() {
  }

  /** The directory used by {@link #load()}: {@value #ENV_VAR} if set and not blank, else the Debian one. */
  public static Path defaultDirectory() {
    return defaultDirectory(System.getenv());
  }

  static Path defaultDirectory(Map<String, String> env) {
    String dir = env.get(ENV_VAR);
    return dir == null || dir.isBlank() ? Path.of(DEBIAN_DIRECTORY) : Path.of(dir);
  }

  /**
   * Loads the data set from {@link #defaultDirectory()}.
   *
   * @throws MissingDataException if files are missing; the message says which and how to install them
   * @throws IOException if a file cannot be read or is not a valid IDX file of the expected shape
   */
  public static TrainTest<LabeledImages> load() throws IOException {
    return load(defaultDirectory());
  }

  /**
   * Loads {@code train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte[.gz]},
   * {@code t10k-images-idx3-ubyte[.gz]} and {@code t10k-labels-idx1-ubyte[.gz]} from {@code dir}.
   *
   * @throws MissingDataException if files are missing; the message says which and how to install them
   * @throws IOException if a file cannot be read or is not a valid IDX file of the expected shape
   */
  public static TrainTest<LabeledImages> load(Path dir) throws IOException {
    return IdxImageSet.load(dir, "Fashion-MNIST", CLASSES, "Install it with `" + INSTALL_COMMAND + "` (files go to "
        + DEBIAN_DIRECTORY + "), or point " + ENV_VAR + " (or the command's option) at a directory holding the "
        + "four IDX files");
  }
}
