package org.dropout4j.callbacks;

import java.util.Map;

/**
 * Keras' {@code TerminateOnNaN}: when a batch's loss is NaN or infinite, training stops after that batch (and its
 * epoch's callbacks) instead of failing. Without it, {@code fit} throws an {@link IllegalStateException} naming the
 * epoch and batch.
 */
public final class TerminateOnNaN implements Callback {
  private int stoppedBatch = -1;

  /** The callback. */
  public TerminateOnNaN() {
  }

  /** The batch (0-based, within its epoch) whose loss stopped training, or -1. */
  public int stoppedBatch() {
    return stoppedBatch;
  }

  @Override
  public void onTrainBegin(TrainingControl control) {
    stoppedBatch = -1;
  }

  @Override
  public void onBatchEnd(int batch, Map<String, Double> logs, TrainingControl control) {
    Double loss = logs.get("loss");
    if (loss != null && !Double.isFinite(loss)) {
      stoppedBatch = batch;
      control.requestStop();
    }
  }
}
