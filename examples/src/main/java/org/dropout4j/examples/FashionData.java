package org.dropout4j.examples;

import java.io.IOException;
import org.dropout4j.data.FashionMnist;
import org.dropout4j.data.LabeledImages;
import org.dropout4j.data.MissingDataException;
import org.dropout4j.data.TrainTest;

/** Fashion-MNIST for the image examples: the first {@code trainRows} / {@code testRows} images, or a clear exit. */
final class FashionData {
  private FashionData() {
  }

  /**
   * The data set's first rows; exits with status 2 and the install command when the files are missing.
   *
   * @throws IOException if the files exist but cannot be read
   */
  static TrainTest<LabeledImages> load(int trainRows, int testRows) throws IOException {
    TrainTest<LabeledImages> all;
    try {
      all = FashionMnist.load();
    } catch (MissingDataException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      throw e;
    }
    return new TrainTest<>(all.train().first(trainRows), all.test().first(testRows));
  }
}
