package org.dropout4j.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.dropout4j.layers.BatchNormalization;
import org.dropout4j.layers.CallContext;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * BatchNormalization against Keras 3 ({@code golden/batchnorm.json}, written by
 * {@code tools/golden/make_batchnorm_goldens.py}): the inference output with stored weights, one training-mode
 * output with batch statistics, and the moving statistics after that call.
 *
 * <p>Tolerance {@code 1e-5} absolute plus relative: float32 sums over 8 positions per channel and a square root.
 */
class KerasBatchNormGoldenTest {
  private static final double TOL = 1e-5;
  private static final JsonNode GOLDEN = Golden.json("batchnorm.json");

  private static BatchNormalization layer() {
    BatchNormalization bn = new BatchNormalization(Golden.scalar(GOLDEN.get("momentum")),
        Golden.scalar(GOLDEN.get("epsilon")), true, true, null, true);
    Tensor x = Golden.tensor(GOLDEN.get("input"));
    bn.build(x.shape().withBatch(Shape.UNKNOWN), RngKey.of(0));
    JsonNode weights = GOLDEN.get("weights");
    assertEquals(weights.size(), bn.weights().size());
    for (int i = 0; i < weights.size(); i++) {
      assertEquals(GOLDEN.get("weight_names").get(i).asText(),
          bn.weights().get(i).name().substring(bn.weights().get(i).name().indexOf('/') + 1));
      bn.weights().get(i).assign(Golden.tensor(weights.get(i)));
    }
    return bn;
  }

  @Test
  void inferenceOutput_matchesKeras() {
    Tensor y = layer().call(Golden.tensor(GOLDEN.get("input")), CallContext.inference());
    Golden.assertClose(Golden.floats(GOLDEN.get("inference_output")), y.toArray(), TOL, TOL, "inference output");
  }

  @Test
  void trainingOutput_matchesKeras() {
    Tensor y = layer().call(Golden.tensor(GOLDEN.get("input")), CallContext.training(RngKey.of(0), 0));
    Golden.assertClose(Golden.floats(GOLDEN.get("training_output")), y.toArray(), TOL, TOL, "training output");
  }

  @Test
  void movingStatisticsAfterTrainingCall_matchKeras() {
    BatchNormalization bn = layer();
    bn.call(Golden.tensor(GOLDEN.get("input")), CallContext.training(RngKey.of(0), 0));
    JsonNode after = GOLDEN.get("weights_after_training_call");
    for (int i = 0; i < after.size(); i++) {
      Golden.assertClose(Golden.floats(after.get(i)), bn.weights().get(i).data(), TOL, TOL,
          GOLDEN.get("weight_names").get(i).asText() + " after the training call");
    }
  }
}
