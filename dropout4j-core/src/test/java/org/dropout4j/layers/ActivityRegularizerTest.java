package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dropout4j.layers.regularizers.Regularizer;
import org.dropout4j.models.Sequential;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Dense's {@code activity_regularizer}, with Keras 3.15's semantics: {@code penalty(output)} over the batch divided
 * by the batch size (checked with real Keras 3.15: Dense(2, activity_regularizer=L1(0.1)) at the identity on
 * [[1, -2], [3, 4]] evaluates to a loss of 0.5).
 */
class ActivityRegularizerTest {
  private static Dense identityDense(Regularizer r) {
    Dense d = Dense.builder(2).useBias(false).activityRegularizer(r).name("d").build();
    d.build(Shape.of(Shape.UNKNOWN, 2), RngKey.of(0));
    setIdentity(d);
    return d;
  }

  private static void setIdentity(Dense d) {
    d.weights().get(0).assign(Tensor.of(Shape.of(2, 2), 1f, 0f, 0f, 1f));
  }

  private static Sequential model(Dense d) {
    Sequential m = new Sequential(d);
    m.build(Shape.of(Shape.UNKNOWN, 2)); // building the model re-initializes the layer
    setIdentity(d);
    m.compile("sgd", "mse");
    return m;
  }

  @Test
  void call_addsTheL2PenaltyOfTheWholeBatchOutput_dividedByTheBatchSize() {
    Dense d = identityDense(Regularizer.l2(0.5f));
    CallContext ctx = CallContext.inference().collectingLosses();
    d.call(Tensor.of(Shape.of(2, 2), 1f, 2f, 3f, 4f), ctx);
    assertEquals(1, ctx.losses().size());
    assertEquals(0.5 * (1 + 4 + 9 + 16) / 2, ctx.losses().get(0).item(), 1e-5);
  }

  @Test
  void contextWithoutLossCollection_ignoresThePenalty() {
    CallContext ctx = CallContext.inference();
    identityDense(Regularizer.l1(1f)).call(Tensor.of(Shape.of(1, 2), 1f, -2f), ctx);
    assertTrue(ctx.losses().isEmpty());
  }

  @Test
  void evaluate_lossIncludesThePenalty() {
    Sequential m = model(identityDense(Regularizer.l1(0.1f)));
    Tensor x = Tensor.of(Shape.of(2, 2), 1f, -2f, 3f, 4f);
    double loss = m.evaluate(x, x).get("loss"); // mse is 0: the output equals the target
    assertEquals(0.1 * (1 + 2 + 3 + 4) / 2, loss, 1e-5);
  }

  @Test
  void fit_gradientOfThePenaltyShrinksTheWeights() {
    Dense d = identityDense(Regularizer.l2(1f));
    Sequential m = model(d);
    Tensor x = Tensor.of(Shape.of(2, 2), 1f, 0f, 0f, 1f);
    m.fit(x, x, 1, 2); // mse gradient is 0 at the identity, only the penalty sum(y^2) / 2 = sum(w^2) / 2 acts
    float[] w = d.weights().get(0).data();
    assertEquals(1f - 0.01f, w[0], 1e-6f, "w <- w - lr * 2w / 2 with Keras' SGD learning rate 0.01");
  }

  @Test
  void config_putsActivityRegularizerAfterTheBaseKeysOnlyWhenSet() {
    Map<String, Object> c = Dense.builder(3).activityRegularizer(Regularizer.l1(0.01f)).build().getConfig();
    assertEquals(List.of("name", "trainable", "dtype", "activity_regularizer", "units"),
        List.copyOf(c.keySet()).subList(0, 5));
    assertEquals(Map.of("class_name", "L1", "config", Map.of("l1", (double) 0.01f)), c.get("activity_regularizer"));
    assertTrue(!new Dense(3).getConfig().containsKey("activity_regularizer"));
  }
}
