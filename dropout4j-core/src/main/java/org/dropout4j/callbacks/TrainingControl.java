package org.dropout4j.callbacks;

import java.util.List;

/**
 * What a callback may do to the training it observes: stop it, snapshot or restore the model's weights, read and
 * set the learning rate.
 */
public interface TrainingControl {
  /** Stops training after the current epoch (Keras' {@code model.stop_training = True}). */
  void requestStop();

  /** A copy of every weight's values, in model order. */
  List<float[]> snapshotWeights();

  /**
   * The Keras path of every weight in {@link #snapshotWeights()} order, {@code <model>/<layer>/<weight>} (e.g.
   * {@code sequential/dense/kernel}), for callbacks that name weights (TensorBoard histograms).
   *
   * @throws UnsupportedOperationException if this training loop does not name its weights (the default)
   */
  default List<String> weightPaths() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not name its weights");
  }

  /** Restores weights taken with {@link #snapshotWeights()}. */
  void restoreWeights(List<float[]> weights);

  /**
   * Overrides the rate of the dropout layer named {@code layerName} for the following training steps (used by
   * {@code DropoutRateScheduler}); Monte Carlo passes and inference keep the layer's configured rate.
   *
   * @throws IllegalArgumentException if no dropout layer has that name or the rate is outside {@code [0, 1)}
   * @throws UnsupportedOperationException if this training loop cannot override rates (the default)
   */
  default void setDropoutRate(String layerName, float rate) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot override dropout rates");
  }

  /**
   * The optimizer's current learning rate (Keras' {@code model.optimizer.learning_rate}).
   *
   * @throws UnsupportedOperationException if this training loop has no optimizer to ask (the default)
   */
  default double learningRate() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no learning rate");
  }

  /**
   * Sets the optimizer's learning rate (Keras' {@code model.optimizer.learning_rate = value}).
   *
   * @throws IllegalStateException if the optimizer was made with a learning-rate schedule
   * @throws UnsupportedOperationException if this training loop has no optimizer (the default)
   */
  default void setLearningRate(double value) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no learning rate");
  }

  /**
   * The training's state after the epoch just finished, to continue at {@code nextEpoch} (for
   * {@link BackupAndRestore}).
   *
   * @throws UnsupportedOperationException if this training loop cannot save its state (the default)
   */
  default TrainingSnapshot snapshot(int nextEpoch) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot save its state");
  }

  /**
   * Puts a {@link #snapshot(int)} back, before the first epoch: weights, counters, optimizer state and learning
   * rate, and training continues at its {@code nextEpoch} (Keras' {@code model._initial_epoch}).
   *
   * @throws IllegalArgumentException if the snapshot does not fit the model or its optimizer (the message names
   *     what differs)
   * @throws UnsupportedOperationException if this training loop cannot restore a state (the default)
   */
  default void restore(TrainingSnapshot state) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot restore a state");
  }
}
