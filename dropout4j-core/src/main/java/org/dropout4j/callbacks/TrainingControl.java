package org.dropout4j.callbacks;

import java.util.List;

/** What a callback may do to the training it observes: stop it, and snapshot or restore the model's weights. */
public interface TrainingControl {
  /** Stops training after the current epoch (Keras' {@code model.stop_training = True}). */
  void requestStop();

  /** A copy of every weight's values, in model order. */
  List<float[]> snapshotWeights();

  /** Restores weights taken with {@link #snapshotWeights()}. */
  void restoreWeights(List<float[]> weights);
}
