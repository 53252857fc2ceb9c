package org.dropout4j.cli.report;

import org.dropout4j.models.History;

/** Synthetic histories for the report tests. */
final class Histories {
  private Histories() {
  }

  /** A Keras-like history: loss falling, accuracy rising towards {@code level}, validation a bit worse. */
  static History curve(int epochs, double level, long seed) {
    java.util.Random random = new java.util.Random(seed);
    History h = new History();
    for (int e = 0; e < epochs; e++) {
      double progress = 1 - Math.exp(-e / (epochs / 8.0 + 1));
      h.record("loss", 0.7 * (1 - progress) + 0.01 * random.nextDouble());
      h.record("accuracy", 0.5 + (level - 0.5) * progress + 0.01 * random.nextGaussian());
      h.record("val_loss", 0.75 * (1 - progress) + 0.1 + 0.01 * random.nextDouble());
      h.record("val_accuracy", 0.5 + (level - 0.6) * progress + 0.01 * random.nextGaussian());
    }
    return h;
  }
}
