package org.dropout4j.callbacks;

import java.util.Map;

/**
 * Hooks into {@code fit}, as Keras' callbacks: called at the start and end of training and of each epoch.
 * Epochs are 0-based here as in Keras' {@code on_epoch_end(epoch, logs)}; {@code logs} holds the epoch's
 * metrics ({@code loss}, {@code accuracy}, {@code val_loss}, {@code val_accuracy}).
 */
public interface Callback {
  /** Before the first epoch. */
  default void onTrainBegin(TrainingControl control) {
  }

  /** Before each epoch. */
  default void onEpochBegin(int epoch, TrainingControl control) {
  }

  /** After each epoch, with its metrics. Values a callback puts into {@code logs} are recorded in History. */
  default void onEpochEnd(int epoch, Map<String, Double> logs, TrainingControl control) {
  }

  /**
   * After each batch, with the running epoch logs so far ({@code loss} and the metrics, averaged over the epoch's
   * batches until now, as Keras' {@code on_train_batch_end}); {@code batch} is 0-based within the epoch.
   */
  default void onBatchEnd(int batch, Map<String, Double> logs, TrainingControl control) {
  }

  /** After the last epoch (or after an early stop). */
  default void onTrainEnd(TrainingControl control) {
  }
}
