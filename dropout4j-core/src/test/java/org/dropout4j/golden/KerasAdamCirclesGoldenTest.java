package org.dropout4j.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.losses.Losses;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.History;
import org.dropout4j.models.Sequential;
import org.dropout4j.optimizers.Adam;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The case-study network {@code Dense(500, relu) -> Dense(1, sigmoid)} with binary cross-entropy and Adam's
 * defaults, three full-batch steps on 30 points from Keras' initial weights, without shuffling
 * ({@code golden/adam_circles_steps.json}): the loss before each step, the loss after step 3 and all 2001 weights
 * after step 3.
 *
 * <p>Tolerance: losses {@code rtol 1e-6, atol 1e-7} before step 1 and {@code rtol 1e-5} after updates; weights
 * {@code atol 1e-5} (absolute; three Adam steps of size ~1e-3 per weight, float32 rounding in a 500-unit
 * hidden layer).
 */
class KerasAdamCirclesGoldenTest {
  private static final double RTOL_SINGLE = 1e-6;
  private static final double ATOL_SINGLE = 1e-7;
  private static final double RTOL_STEPS = 1e-5;
  private static final double ATOL_WEIGHTS = 1e-5;
  private static final JsonNode GOLDEN = Golden.json("adam_circles_steps.json");
  private static final Golden.MaxDiff MAX = new Golden.MaxDiff("adam_circles_steps.json");
  private static final String[] WEIGHTS = {"dense_kernel", "dense_bias", "dense_1_kernel", "dense_1_bias"};

  @Test
  void three_adam_steps_match_keras() {
    JsonNode opt = GOLDEN.get("optimizer");
    assertEquals("adam", opt.get("type").asText());
    assertEquals("binary_crossentropy", GOLDEN.get("loss").asText());
    Tensor x = Golden.tensor(GOLDEN.get("x"));
    Tensor y = Golden.tensor(GOLDEN.get("y"));
    int n = x.shape().dim(0);

    Sequential model = new Sequential(Input.shape(2), new Dense(500, "relu"), new Dense(1, "sigmoid"));
    model.setRandomSeed(0);
    model.build(x.shape());
    JsonNode initial = GOLDEN.get("initial_weights");
    model.setWeights(List.of(Golden.floats(initial.get(WEIGHTS[0])), Golden.floats(initial.get(WEIGHTS[1])),
        Golden.floats(initial.get(WEIGHTS[2])), Golden.floats(initial.get(WEIGHTS[3]))));
    Adam adam = new Adam(Golden.scalar(opt.get("learning_rate")), Golden.scalar(opt.get("beta_1")),
        Golden.scalar(opt.get("beta_2")), Golden.scalar(opt.get("epsilon")));
    model.compile(adam, Losses.binaryCrossentropy(false));
    assertEquals(2001, model.countParams());

    FitOptions oneStep = FitOptions.builder().epochs(1).batchSize(n).shuffle(false).verbose(0).build();
    JsonNode lossBefore = GOLDEN.get("loss_before_step");
    for (int step = 0; step < lossBefore.size(); step++) {
      History h = model.fit(x, y, oneStep);
      double rtol = step == 0 ? RTOL_SINGLE : RTOL_STEPS;
      MAX.record("loss", Golden.assertClose(Golden.scalar(lossBefore.get(step)), (float) h.last("loss"), rtol,
          ATOL_SINGLE, "loss before step " + (step + 1)));
      MAX.record("loss", Golden.assertClose(Golden.scalar(GOLDEN.get("train_on_batch_returned_losses").get(step)),
          (float) h.last("loss"), rtol, ATOL_SINGLE, "train_on_batch loss " + (step + 1)));
    }
    float after = model.evaluate(x, y, n).get("loss").floatValue();
    MAX.record("loss", Golden.assertClose(Golden.scalar(GOLDEN.get("loss_after_step3")), after, RTOL_STEPS,
        ATOL_SINGLE, "loss after step 3"));

    List<Parameter> weights = model.weights();
    JsonNode expected = GOLDEN.get("weights_after_step3");
    for (int i = 0; i < WEIGHTS.length; i++) {
      JsonNode w = expected.get(WEIGHTS[i]);
      assertEquals(Golden.shape(w), weights.get(i).shape(), WEIGHTS[i]);
      MAX.record("weights after step 3", Golden.assertClose(Golden.floats(w), weights.get(i).data(), 0.0,
          ATOL_WEIGHTS, WEIGHTS[i] + " after step 3"));
    }
  }

  @AfterAll
  static void report() {
    MAX.print();
  }
}
