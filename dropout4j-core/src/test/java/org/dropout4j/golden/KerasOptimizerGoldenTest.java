package org.dropout4j.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.losses.Losses;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.History;
import org.dropout4j.models.Sequential;
import org.dropout4j.optimizers.Adam;
import org.dropout4j.optimizers.Optimizer;
import org.dropout4j.optimizers.RMSprop;
import org.dropout4j.optimizers.SGD;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Five full-batch steps of {@code Dense(3)} + mse from Keras' initial weights, for 8 optimizer configurations
 * (Adam, SGD with and without (Nesterov) momentum, RMSprop plain/momentum/centered), driven through
 * {@link Sequential#fit} one epoch per step ({@code golden/optimizers.json}).
 *
 * <p>Per step it compares the loss before the step (what {@code fit} reports for a single full batch, Keras'
 * {@code train_on_batch} value), the gradient used by the step (left on the weights by {@code fit}) and the
 * kernel and bias after the step. Tolerances: step-1 loss and gradient {@code rtol 1e-6, atol 1e-7} (one
 * forward/backward pass at identical weights); later losses and gradients and all weights {@code rtol 1e-5,
 * atol 1e-6} (float32 rounding differences in the updates compound over the steps).
 */
class KerasOptimizerGoldenTest {
  private static final double RTOL_SINGLE = 1e-6;
  private static final double ATOL_SINGLE = 1e-7;
  private static final double RTOL_STEPS = 1e-5;
  private static final double ATOL_STEPS = 1e-6;
  private static final JsonNode GOLDEN = Golden.json("optimizers.json");
  private static final Golden.MaxDiff MAX = new Golden.MaxDiff("optimizers.json");

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : GOLDEN.get("cases")) {
      out.add(Arguments.of(c.get("name").asText(), c));
    }
    return out.stream();
  }

  /** The dropout4j optimizer for a Keras config ({@code type} adam / sgd / rmsprop with all its settings). */
  static Optimizer optimizer(JsonNode config) {
    float lr = Golden.scalar(config.get("learning_rate"));
    switch (config.get("type").asText()) {
      case "adam":
        if (config.get("amsgrad").asBoolean()) {
          throw new IllegalStateException("dropout4j's Adam has no amsgrad option; add it before this case");
        }
        return new Adam(lr, Golden.scalar(config.get("beta_1")), Golden.scalar(config.get("beta_2")),
            Golden.scalar(config.get("epsilon")));
      case "sgd":
        return new SGD(lr, Golden.scalar(config.get("momentum")), config.get("nesterov").asBoolean());
      case "rmsprop":
        return new RMSprop(lr, Golden.scalar(config.get("rho")), Golden.scalar(config.get("momentum")),
            Golden.scalar(config.get("epsilon")), config.get("centered").asBoolean());
      default:
        throw new IllegalStateException("unknown optimizer type in golden file: " + config);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void five_full_batch_steps_match_keras(String name, JsonNode c) {
    Tensor x = Golden.tensor(GOLDEN.get("x"));
    Tensor y = Golden.tensor(GOLDEN.get("y"));
    int n = x.shape().dim(0);
    Sequential model = new Sequential(Input.shape(x.shape().dim(1)), new Dense(y.shape().dim(1)));
    model.setRandomSeed(0);
    model.build(x.shape());
    model.setWeights(List.of(Golden.floats(GOLDEN.get("initial_kernel")), Golden.floats(GOLDEN.get("initial_bias"))));
    model.compile(optimizer(c.get("config")), Losses.meanSquaredError());
    Parameter kernel = model.trainableWeights().get(0);
    Parameter bias = model.trainableWeights().get(1);
    FitOptions oneStep = FitOptions.builder().epochs(1).batchSize(n).shuffle(false).verbose(0).build();

    JsonNode steps = c.get("steps");
    assertEquals(GOLDEN.get("num_steps").asInt(), steps.size());
    for (JsonNode s : steps) {
      int step = s.get("step").asInt();
      History h = model.fit(x, y, oneStep);

      String at = name + " step " + step;
      boolean first = step == 1;
      String grads = first ? "gradient step 1" : "gradient steps 2-5";
      String losses = first ? "loss step 1" : "loss steps 2-5";
      double rtol = first ? RTOL_SINGLE : RTOL_STEPS;
      double atol = first ? ATOL_SINGLE : ATOL_STEPS;
      float loss = (float) h.last("loss");
      MAX.record(losses, Golden.assertClose(Golden.scalar(s.get("loss_before_step")), loss, rtol, atol,
          at + ": loss before the step"));
      MAX.record(losses, Golden.assertClose(Golden.scalar(c.get("train_on_batch_returned_losses").get(step - 1)),
          loss, rtol, atol, at + ": train_on_batch loss"));
      MAX.record(grads, Golden.assertClose(Golden.floats(s.get("grad_kernel")), kernel.gradData(), rtol, atol,
          at + ": gradient of the kernel"));
      MAX.record(grads, Golden.assertClose(Golden.floats(s.get("grad_bias")), bias.gradData(), rtol, atol,
          at + ": gradient of the bias"));
      if (first) {
        JsonNode g1 = c.get("grad_step1");
        MAX.record(grads, Golden.assertClose(Golden.floats(g1.get("kernel")), kernel.gradData(), rtol, atol,
            at + ": grad_step1 kernel"));
        MAX.record(grads, Golden.assertClose(Golden.floats(g1.get("bias")), bias.gradData(), rtol, atol,
            at + ": grad_step1 bias"));
      }
      MAX.record("weights", Golden.assertClose(Golden.floats(s.get("kernel_after")), kernel.data(),
          RTOL_STEPS, ATOL_STEPS, at + ": kernel after the step"));
      MAX.record("weights", Golden.assertClose(Golden.floats(s.get("bias_after")), bias.data(),
          RTOL_STEPS, ATOL_STEPS, at + ": bias after the step"));
    }
    assertEquals(steps.size(), model.optimizer().iterations());
  }

  @AfterAll
  static void report() {
    MAX.print();
  }
}
