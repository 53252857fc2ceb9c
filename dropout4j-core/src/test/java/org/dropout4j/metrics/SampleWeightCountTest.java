package org.dropout4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The built-in streaming metrics take one sample weight per sample: a count that does not match is refused naming
 * the metric and both counts (it used to index past the array or weight the wrong rows for precision, recall and
 * AUC), and matching weights weight whole samples.
 */
class SampleWeightCountTest {
  private static final Tensor Y_TRUE = Tensor.of(Shape.of(2, 2), new float[] {1, 0, 1, 1});
  private static final Tensor Y_PRED = Tensor.of(Shape.of(2, 2), new float[] {0.9f, 0.8f, 0.2f, 0.7f});

  @Test
  void precision_recall_auc_mse_refuse_a_weight_count_other_than_the_sample_count() {
    for (String name : new String[] {"precision", "recall", "auc", "mse"}) {
      Metric m = Metrics.resolve(name);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> m.update(Y_TRUE, Y_PRED, Tensor.of(Shape.of(3), new float[] {1, 1, 1})));
      assertEquals(name + ": 3 sample weights for 2 samples", e.getMessage());
    }
  }

  @Test
  void recall_weights_whole_samples() {
    Metric m = Metrics.resolve("recall");
    // sample 0: tp (0.9 > 0.5); sample 1: fn (0.2), tp (0.7); weights 3 and 1: recall = (3 + 1) / (3 + 1 + 1)
    m.update(Y_TRUE, Y_PRED, Tensor.of(Shape.of(2), new float[] {3, 1}));
    assertEquals(0.8, m.result(), 1e-12);
  }
}
